"""A threshold changed in the settings: every reader shows the verdicts of the settings in force
at once (scored again in memory), the pages say which command stores them, and ``rescore``
stores them as a new version.

Worked by hand: indicator 0402-0009 (target 100, higher, cumulative, no recorded plan: the
default 25-50-75-100) reports 18.75 in Q1. Progress 18.75 / 100 = 0.1875 against a plan of
0.25: ratio 0.75, score 75. Under the default on-track threshold (0.8) that is behind; under
0.7 it is on track."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model.__main__ import main
from kpi_model.config import Settings
from kpi_model.schema import coerce_frame
from kpi_model.store import Filters, Store
from tests.factories import indicator, result, small_tables

LOWER_BAR = Settings(on_track_ratio=0.7)


def tables() -> dict[str, pd.DataFrame]:
    out = small_tables()
    extra = pd.DataFrame([indicator("0402-0009", target=100.0)])
    out["indicators"] = coerce_frame("indicators", pd.concat([out["indicators"], extra], ignore_index=True))
    more = pd.DataFrame([result("0402-0009", 1, 18.75)])
    out["quarterly_results"] = coerce_frame(
        "quarterly_results", pd.concat([out["quarterly_results"], more], ignore_index=True)
    )
    return out


def verdict(store: Store) -> tuple[float, float, str]:
    row = store.select("quarter_scores", Filters(indicator_codes=("0402-0009",), quarters=(1,))).iloc[0]
    return round(float(row["ratio"]), 4), round(float(row["score_100"]), 2), str(row["status"])


@pytest.fixture
def written(tmp_path) -> Store:
    store = Store(tmp_path / "s")
    store.write(tables(), note="t")
    return store


def test_a_store_scored_at_the_default_threshold_is_behind_at_075(written):
    assert verdict(written) == (0.75, 75.0, "behind")
    assert not written.scoring_stale()
    assert written.rescore() is None  # nothing to store: no new version
    assert len(written.versions()) == 1


def test_opened_under_a_lower_threshold_it_shows_the_new_verdict_and_says_it_is_stale(written):
    lowered = Store(written.root, cfg=LOWER_BAR)
    assert lowered.scoring_stale()
    assert verdict(lowered) == (0.75, 75.0, "on_track")  # scored again in memory, before any command


def test_rescore_stores_the_verdicts_of_the_settings_in_force_as_a_new_version(written):
    before = written.version()
    lowered = Store(written.root, cfg=LOWER_BAR)
    sources = {t: lowered.read(t) for t in ("indicators", "quarterly_results", "agencies")}
    new = lowered.rescore()
    assert new is not None and new != before
    assert not lowered.scoring_stale() and lowered.version() == new
    assert verdict(Store(written.root, cfg=LOWER_BAR)) == (0.75, 75.0, "on_track")
    for table, frame in sources.items():  # the same source rows, only scored again
        pd.testing.assert_frame_equal(lowered.read(table), frame, check_like=True)
    assert lowered.rescore() is None  # twice changes nothing
    # and back at the default the store is stale the other way
    assert Store(written.root).scoring_stale() and verdict(Store(written.root)) == (0.75, 75.0, "behind")


def test_the_command_stores_them_and_says_so_once(tmp_path, capsys):
    """A store written while the bar was 0.7, opened now at the default 0.8: the command
    stores the default's verdicts, and a second run has nothing to do."""
    Store(tmp_path / "s", cfg=LOWER_BAR).write(tables(), note="t")
    assert Store(tmp_path / "s").scoring_stale()
    assert main(["rescore", "--store", str(tmp_path / "s")]) == 0
    assert "scored" in capsys.readouterr().out
    stored = Store(tmp_path / "s")
    assert not stored.scoring_stale() and verdict(stored)[2] == "behind"
    assert main(["rescore", "--store", str(tmp_path / "s")]) == 0
    assert "already scored under the settings in force" in capsys.readouterr().out


def test_the_command_on_a_missing_store_exits_2(tmp_path, capsys):
    assert main(["rescore", "--store", str(tmp_path / "nothing")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_a_deployment_that_moves_the_bar_to_70_sees_it_at_once_and_stores_it_with_the_command(tmp_path):
    """The same store through the command line of a deployment with KPI_ON_TRACK_PERCENT=70:
    the export already shows on track (scored again as read), then ``rescore`` stores it and
    the store is no longer stale under 70 (and is, under the suite's 80)."""
    import os
    import subprocess
    import sys

    Store(tmp_path / "s").write(tables(), note="t")
    env = {**os.environ, "KPI_ON_TRACK_PERCENT": "70"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kpi_model", *args, "--store", str(tmp_path / "s")],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    exported = cli("export", "--agency", "0402", "--fy", "2564", "--quarter", "1", "-o", str(tmp_path / "x.csv"))
    assert exported.returncode == 0, exported.stderr
    written = pd.read_csv(tmp_path / "x.csv", encoding="utf-8-sig", dtype=str)
    row = written[written["รหัสตัวชี้วัด"] == "0402-0009"].iloc[0]
    assert row["สถานะที่คำนวณ"] == "ใกล้เป้าหมาย" and row["คะแนนที่คำนวณ (0–100)"] == "75.0"
    stored = cli("rescore")
    assert stored.returncode == 0 and "scored" in stored.stdout, stored.stderr
    assert not Store(tmp_path / "s", cfg=LOWER_BAR).scoring_stale()
    assert Store(tmp_path / "s").scoring_stale()  # the suite works at 80
