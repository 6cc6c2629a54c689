"""kpi_model.config: settings from the environment fail closed (issue 11, item 3)."""

from __future__ import annotations

import pytest

from kpi_model import config
from kpi_model.__main__ import main
from kpi_model.errors import ConfigError


def test_no_variables_give_the_defaults():
    assert config.from_environment({}) == config.Settings()


def test_a_readable_variable_overrides_its_default():
    got = config.from_environment({"KPI_MAX_UPLOAD_MB": "5", "KPI_REQUIRE_LOGIN": "yes", "KPI_MAX_ROWS": " 2000 "})
    assert (got.max_upload_mb, got.require_login, got.max_rows) == (5, True, 2000)
    assert config.from_environment({"KPI_REQUIRE_LOGIN": "off"}).require_login is False


@pytest.mark.parametrize(
    "name,value,allowed",
    [
        ("KPI_MAX_UPLOAD_MB", "abc", "from 1 to 1,024"),
        ("KPI_MAX_UPLOAD_MB", "0", "from 1 to 1,024"),
        ("KPI_MAX_UPLOAD_MB", "20.5", "from 1 to 1,024"),
        ("KPI_MAX_UPLOAD_MB", "99999", "from 1 to 1,024"),
        ("KPI_MAX_UNPACKED_MB", "-1", "from 1 to 4,096"),
        ("KPI_MAX_ROWS", "lots", "from 1 to 10,000,000"),
        ("KPI_SIGN_IN_ATTEMPTS", "0", "from 1 to 1,000"),
        ("KPI_UPLOAD_MB_PER_HOUR", "1e3", "from 1 to 100,000"),
        ("KPI_REQUIRE_LOGIN", "maybe", "1, true, yes, on or 0, false, no, off"),
    ],
)
def test_a_setting_that_cannot_be_read_is_an_error_naming_it_and_its_range(name, value, allowed):
    with pytest.raises(ConfigError) as err:
        config.from_environment({name: value})
    assert err.value.name == name
    assert name in err.value.message_en and repr(value) in err.value.message_en
    assert allowed in err.value.message_en
    assert name in err.value.message_th


def test_an_unreadable_setting_is_never_a_silent_default(monkeypatch):
    """The module's settings stand in for the error: every use raises it (fail closed)."""
    monkeypatch.setenv("KPI_REQUIRE_LOGIN", "maybe")
    broken = config._load()
    with pytest.raises(ConfigError, match="KPI_REQUIRE_LOGIN"):
        broken.require_login
    monkeypatch.setattr(config, "settings", broken)
    with pytest.raises(ConfigError, match="KPI_REQUIRE_LOGIN"):
        config.check()


def test_the_command_line_prints_the_setting_and_exits_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "abc")
    monkeypatch.setattr(config, "settings", config._load())
    assert main(["history", "--store", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "KPI_MAX_UPLOAD_MB='abc'" in err and "from 1 to 1,024" in err


def test_the_thresholds_and_the_default_plan_are_bmas_unless_the_environment_says_otherwise():
    plain = config.from_environment({})
    assert (plain.met_ratio, plain.on_track_ratio, plain.default_plan) == (1.0, 0.8, (0.25, 0.5, 0.75, 1.0))
    moved = config.from_environment(
        {"KPI_ON_TRACK_PERCENT": "70", "KPI_MET_PERCENT": "95%", "KPI_DEFAULT_PLAN": "10-40-70-100"}
    )
    assert (moved.met_ratio, moved.on_track_ratio, moved.default_plan) == (0.95, 0.7, (0.1, 0.4, 0.7, 1.0))


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"KPI_ON_TRACK_PERCENT": "eighty"}, "KPI_ON_TRACK_PERCENT"),
        ({"KPI_ON_TRACK_PERCENT": "0"}, "KPI_ON_TRACK_PERCENT"),
        ({"KPI_MET_PERCENT": "300"}, "KPI_MET_PERCENT"),
        ({"KPI_ON_TRACK_PERCENT": "100"}, "KPI_ON_TRACK_PERCENT"),  # not below met
        ({"KPI_MET_PERCENT": "90", "KPI_ON_TRACK_PERCENT": "95"}, "KPI_ON_TRACK_PERCENT"),
        ({"KPI_DEFAULT_PLAN": "25-50-75"}, "KPI_DEFAULT_PLAN"),
        ({"KPI_DEFAULT_PLAN": "25-50-75-90"}, "KPI_DEFAULT_PLAN"),  # Q4 must reach the target
        ({"KPI_DEFAULT_PLAN": "50-25-75-100"}, "KPI_DEFAULT_PLAN"),  # a plan never falls
    ],
)
def test_a_threshold_or_plan_that_cannot_be_used_stops_everything_naming_it(env, named):
    with pytest.raises(ConfigError) as caught:
        config.from_environment(env)
    assert caught.value.name == named and named in caught.value.message_en and named in caught.value.message_th


def test_the_suite_works_its_examples_at_bmas_thresholds():
    """tests/worked_at.py pins them for every test and every server a test starts."""
    from tests.worked_at import WORKED_AT

    assert config.settings.on_track_ratio == 0.8 and config.settings.met_ratio == 1.0
    assert WORKED_AT["KPI_ON_TRACK_PERCENT"] == "80"
