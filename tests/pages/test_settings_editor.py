"""ui/settings_editor.py on its own (the indicator page's tests run it inside the page): the
form only for a signed-in editor, a save that goes through kpi_model.settings.save_setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from ui.auth import hash_password
from ui.settings_editor import widget_key

SEED = "0402-0810"
SEED_PAGE = Path(__file__).resolve().parents[2] / "kpi_model" / "reference" / "seed_0402-0810.txt"


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    assert not import_paths(s, [SEED_PAGE], user="setup").rejected
    return s


def editor_alone(root: str, code: str, fiscal_year: int, lang: str) -> None:
    from kpi_model.store import Store
    from ui.settings_editor import render_settings_editor

    render_settings_editor(Store(root), code, fiscal_year, lang)


def run(store: Store, user: str | None, lang: str = "th", role: str = "editor") -> AppTest:
    at = AppTest.from_function(editor_alone, args=(str(store.root), SEED, 2564, lang), default_timeout=60)
    at.secrets["accounts"] = {"somchai": {"password_hash": hash_password("pw", 1_000), "role": role}}
    if user:
        at.session_state["auth_user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def plan_status(store: Store) -> list[str]:
    q = views.indicator_detail(store, SEED, 2564).quarters
    return [f"{s}/{p}" for s, p in zip(q["status"], q["plan_source"])]


@pytest.mark.parametrize("user, role", [(None, "editor"), ("somchai", "viewer"), ("nobody", "editor")])
def test_no_form_for_anyone_not_a_signed_in_editor(store, user, role):
    at = run(store, user, role=role)
    assert not at.text_input and not at.button and not at.radio and not at.selectbox
    assert [c.value for c in at.caption][-1] == t("settings_sign_in")
    assert t("settings_none") in [i.value for i in at.info]


def test_an_editor_saves_and_the_next_view_is_computed_with_it(store):
    assert plan_status(store) == ["behind/assumed", "behind/assumed", "on_track/assumed", "met/assumed"]
    at = run(store, "somchai")
    for q, v in zip((1, 2, 3, 4), ("10", "30", "70", "100")):
        at.text_input(key=widget_key(f"plan_q{q}", SEED, 2564, "year")).input(v)
    at.text_input(key=widget_key("weight", SEED, 2564, "year")).input("2")
    at.button(key=widget_key("save", SEED, 2564, "year")).click().run()
    assert not at.exception, at.exception
    assert plan_status(store) == ["met/analyst", "on_track/analyst", "on_track/analyst", "met/analyst"]
    assert any(store.version() in s.value for s in at.success)
    row = store.read("indicator_settings").iloc[0]
    assert (row["set_by"], row["weight"]) == ("somchai", 2.0)
    # the form now shows what is stored
    assert at.text_input(key=widget_key("plan_q2", SEED, 2564, "year")).value == "30"
    assert store.import_log()[-1]["user"] == "somchai"


def test_the_form_opens_with_the_stored_row_of_the_chosen_scope(store):
    from kpi_model.settings import save_setting

    save_setting(
        store, {"indicator_code": SEED, "fiscal_year": None, "plan_q1": "5", "direction": "higher"}, user="malee"
    )
    at = run(store, "somchai", lang="en")
    assert at.text_input(key=widget_key("plan_q1", SEED, 2564, "year")).value == ""
    at.radio(key=f"setting_scope_{SEED}_2564").set_value("every").run()
    assert at.text_input(key=widget_key("plan_q1", SEED, 2564, "every")).value == "5"
    assert at.selectbox(key=widget_key("direction", SEED, 2564, "every")).value == "higher"
    shown = next(d.value for d in at.dataframe if t("settings_set_by", "en") in d.value.columns)
    assert list(shown[t("settings_scope", "en")]) == [t("settings_scope_every", "en")]
    assert list(shown[t("settings_set_by", "en")]) == ["malee"]


def test_a_bad_plan_is_refused_with_the_field_named(store):
    at = run(store, "somchai", lang="en")
    before = store.version()
    at.text_input(key=widget_key("plan_q2", SEED, 2564, "year")).input("50")
    at.text_input(key=widget_key("plan_q3", SEED, 2564, "year")).input("40")
    at.button(key=widget_key("save", SEED, 2564, "year")).click().run()
    assert [e.value for e in at.error] == [t("settings_rejected", "en")]
    problems = at.dataframe[-1].value
    assert list(problems[t("settings_field", "en")]) == [t("settings_plan_q", "en", quarter=3)]
    assert "never goes down" in problems[t("message", "en")].iloc[0]
    assert store.version() == before and store.read("indicator_settings").empty


def test_a_settings_file_uploaded_on_the_import_page_can_be_confirmed(store):
    from ui.upload import Upload, run_import

    raw = (Path(__file__).resolve().parents[1] / "fixtures" / "table_indicator_settings.csv").read_bytes()
    one_row = b"\n".join(raw.splitlines()[:2]) + b"\n"  # the seed's row (5047-0712 is not in this store)
    preview = run_import(store, [Upload.of("indicator_settings.csv", one_row)], dry_run=True)
    assert not preview.rejected and preview.can_confirm  # no indicator-year, but a setting to add
    assert preview.result.settings_added == 1
    done = run_import(store, [Upload.of("indicator_settings.csv", one_row)], user="somchai")
    assert done.version == store.version()
    assert plan_status(store)[0] == "met/analyst"


def test_saving_the_form_keeps_the_decisions_on_inferences_and_shows_them(store):
    from kpi_model.settings import save_setting

    save_setting(
        store,
        {
            "indicator_code": SEED,
            "fiscal_year": 2564,
            "decisions": "level_recorded_as_percent=confirmed",
            "unmeasured_quarters": "none",
        },
        user="malee",
    )
    at = run(store, "somchai")
    shown = next(d.value for d in at.dataframe if t("settings_decisions") in d.value.columns)
    assert list(shown[t("settings_decisions")]) == ["ยืนยัน: ตัวชี้วัดระดับบันทึกผลเป็นร้อยละความสำเร็จ; ไตรมาสที่ยังไม่ได้วัดผล: ไม่มี"]
    at.text_input(key=widget_key("weight", SEED, 2564, "year")).input("2")
    at.button(key=widget_key("save", SEED, 2564, "year")).click().run()
    assert not at.exception, at.exception
    [row] = store.read("indicator_settings").to_dict("records")
    assert (row["weight"], row["decisions"], row["unmeasured_quarters"], row["set_by"]) == (
        2.0,
        "level_recorded_as_percent=confirmed",
        "none",
        "somchai",
    )
