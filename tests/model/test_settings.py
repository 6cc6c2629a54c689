"""Analysts' settings (DESIGN §2 ``indicator_settings``): imported like any table (versioned,
logged, all or nothing), kept across page re-imports, checked row by row, saved one at a time
by :func:`kpi_model.settings.save_setting`.

Numbers worked by hand for the seed 0402-0810 FY 2564 (target level 5, results 10 / 25 / 65 /
100 recorded as percent of completion → progress 0.10 / 0.25 / 0.65 / 1.00):
- assumed linear plan 0.25 / 0.50 / 0.75 / 1: ratios 0.4 / 0.5 / 0.867 / 1 → behind, behind,
  on_track, met (DESIGN §3 worked example);
- the analyst's plan 10 / 30 / 70 / 100: ratios 0.10/0.10 = 1.0 → met, 0.25/0.30 = 0.833 →
  on_track, 0.65/0.70 = 0.929 → on_track, 1.00/1.00 = 1.0 → met; plan_source 'analyst'.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpi_model.importer.batch import import_paths
from kpi_model.importer.settings_table import SETTINGS
from kpi_model.settings import export_settings, save_setting, setting_view, settings_of
from kpi_model.store import Filters, Store
from tests.conftest import FIXTURES
from tests.stores import SEED_PAGE, StoreTemplates, small_with_seed

SEED = "0402-0810"
FIXTURE = FIXTURES / "table_indicator_settings.csv"
HEADER = "indicator_code,fiscal_year,direction,accumulation,plan_q1,plan_q2,plan_q3,plan_q4,max_level,weight,note,set_by,set_at\n"
ASSUMED = ["behind", "behind", "on_track", "met"]
ANALYST = ["met", "on_track", "on_track", "met"]


@pytest.fixture
def store(tmp_path, store_templates: StoreTemplates) -> Store:
    """Two agencies, three small indicators (5047-0712 among them) and the seed page: a copy
    of one built for the run (tests.stores.small_with_seed)."""
    return store_templates.copy(small_with_seed, tmp_path / "store")


def scores(store: Store, code: str = SEED, fy: int = 2564) -> pd.DataFrame:
    return store.select(
        "quarter_scores",
        Filters(indicator_codes=(code,), fiscal_years=(fy,)),
        columns=[
            "quarter",
            "plan",
            "plan_source",
            "progress",
            "ratio",
            "status",
            "accumulation",
            "accumulation_source",
            "weight",
            "has_setting",
        ],
        order_by=["quarter"],
    )


def settings_csv(tmp_path: Path, *rows: str, name: str = "indicator_settings.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def import_settings(store: Store, path: Path, user: str = "analyst"):
    return import_paths(store, [path], user=user, table=SETTINGS)


# ---- the fixture changes the verdict --------------------------------------------------------
def test_before_any_setting_the_seed_is_judged_against_the_assumed_plan(store):
    q = scores(store)
    assert list(q["status"]) == ASSUMED
    assert list(q["plan_source"]) == ["assumed"] * 4
    assert list(q["ratio"].round(3)) == [0.4, 0.5, 0.867, 1.0]
    assert not q["has_setting"].any()


def test_importing_the_fixture_settings_changes_the_verdict(store):
    before = store.version()
    result = import_settings(store, FIXTURE)
    assert not result.rejected, result.rejected
    assert (result.settings_added, result.settings_replaced) == (2, 0)
    assert (result.added, result.replaced) == (0, 0)
    assert result.version and result.version != before and store.version() == result.version

    q = scores(store)
    assert list(q["plan"]) == [0.10, 0.30, 0.70, 1.00]
    assert list(q["progress"]) == [0.10, 0.25, 0.65, 1.00]
    assert (
        list(q["ratio"].round(3))
        == [round(0.10 / 0.10, 3), round(0.25 / 0.30, 3), round(0.65 / 0.70, 3), 1.0]
        == [1.0, 0.833, 0.929, 1.0]
    )
    assert list(q["status"]) == ANALYST
    assert list(q["plan_source"]) == ["analyst"] * 4
    assert list(q["weight"]) == [2.0] * 4  # the setting's weight, the page gives none
    assert q["has_setting"].all()

    # 5047-0712 (every year): snapshot, so each quarter is compared with the target 12
    snap = scores(store, "5047-0712")
    assert list(snap["accumulation"]) == ["snapshot"] * 4
    assert list(snap["accumulation_source"]) == ["analyst"] * 4
    assert snap["ratio"].iloc[0] == 0.0 and snap["status"].iloc[0] == "behind"  # 0 / 12
    assert round(float(snap["ratio"].iloc[1]), 3) == round(20 / 12, 3) and snap["status"].iloc[1] == "met"

    entry = store.import_log()[-1]
    assert entry["user"] == "analyst" and entry["version"] == result.version
    assert (entry["settings_added"], entry["settings_replaced"], entry["rejected"]) == (2, 0, [])
    assert entry["files"][0]["name"] == FIXTURE.name
    assert store.meta().note.startswith("import ")


def test_the_file_values_are_kept_as_written(store):
    import_settings(store, FIXTURE)
    stored = store.read(SETTINGS).set_index("indicator_code")
    assert stored.loc[SEED, "set_by"] == "analyst@bma"  # the file's own who and when
    assert stored.loc[SEED, "set_at"] == "2026-11-20T09:00:00+07:00"
    assert stored.loc[SEED, "note"] == "แผนตามขั้นตอนของโครงการ"
    assert pd.isna(stored.loc["5047-0712", "fiscal_year"])  # NULL = every year, never 0


def test_blank_who_and_when_are_the_importer_and_now(store, tmp_path):
    path = settings_csv(tmp_path, f"{SEED},2564,,,10,30,70,100,,,,,")
    import_settings(store, path, user="somchai")
    row = store.read(SETTINGS).iloc[0]
    assert row["set_by"] == "somchai"
    when = dt.datetime.fromisoformat(row["set_at"])
    assert when.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 120


# ---- what an import of settings touches --------------------------------------------------------
def test_the_setting_survives_another_import_of_the_same_page(store):
    import_settings(store, FIXTURE)
    kept = store.read(SETTINGS)
    again = import_paths(store, [SEED_PAGE], user="setup")
    assert not again.rejected and (again.added, again.replaced) == (0, 1)
    assert (again.settings_added, again.settings_replaced) == (0, 0)
    pd.testing.assert_frame_equal(store.read(SETTINGS), kept)
    assert list(scores(store)["status"]) == ANALYST
    assert list(scores(store)["plan_source"]) == ["analyst"] * 4


def test_a_settings_row_replaces_only_the_row_of_its_own_key(store, tmp_path):
    import_settings(store, FIXTURE)
    indicators = store.read("indicators")
    # the same indicator-year written with uneven padding: the same key
    path = settings_csv(tmp_path, "0402-810,2564,,,20,40,60,100,,,แผนใหม่,malee,2026-12-01T00:00:00+00:00")
    result = import_settings(store, path)
    assert not result.rejected, result.rejected
    assert (result.settings_added, result.settings_replaced) == (0, 1)
    stored = store.read(SETTINGS).sort_values("indicator_code", kind="stable").reset_index(drop=True)
    assert list(stored["indicator_code"]) == ["0402-810", "5047-0712"]  # kept as written
    assert stored.loc[0, "note"] == "แผนใหม่" and pd.isna(stored.loc[0, "weight"])  # the whole row replaced
    assert stored.loc[1, "accumulation"] == "snapshot"  # the other row untouched
    pd.testing.assert_frame_equal(store.read("indicators"), indicators)  # nothing else touched
    q = scores(store)
    assert list(q["plan"]) == [0.2, 0.4, 0.6, 1.0]
    assert list(q["ratio"].round(3)) == [0.5, 0.625, round(0.65 / 0.6, 3), 1.0]  # 0.10/0.20, 0.25/0.40, …
    assert list(q["status"]) == ["behind", "behind", "met", "met"]


def test_the_year_setting_is_merged_over_the_every_year_one(store, tmp_path):
    path = settings_csv(tmp_path, f"{SEED},,,,20,40,60,100,,,ทุกปี,a,", f"{SEED},2564,,,10,,,,,,,a,")
    result = import_settings(store, path)
    assert not result.rejected and result.settings_added == 2
    q = scores(store)
    assert list(q["plan"]) == [0.1, 0.4, 0.6, 1.0]  # Q1 from the year, the rest from every year
    assert list(q["status"]) == ["met", "behind", "met", "met"]  # 1.0, 0.625, 1.083, 1.0
    view = setting_view(store, SEED, 2564)
    assert view.year_row["plan_q1"] == 10.0 and view.every_row["plan_q2"] == 40.0
    assert view.in_force.plan == (10.0, 40.0, 60.0, 100.0)
    assert [s for s, _ in view.rows] == ["year", "every"]


def test_settings_and_their_indicators_may_come_in_one_call(tmp_path):
    store = Store(tmp_path / "new")
    path = settings_csv(tmp_path, f"{SEED},2564,,,10,30,70,100,,,,,")
    result = import_paths(store, [SEED_PAGE, path])
    assert not result.rejected, result.rejected
    assert result.added == 1 and result.settings_added == 1
    assert list(scores(store)["status"]) == ANALYST


def test_a_workbook_sheet_named_indicator_settings_imports_with_any_other_file(store, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SETTINGS
    ws.append(HEADER.strip().split(","))
    ws.append([SEED, 2564, None, None, 10, 30, 70, 100, None, None, "xlsx", "a", None])
    path = tmp_path / "plans.xlsx"
    wb.save(path)
    result = import_paths(store, [path])
    assert not result.rejected, result.rejected
    assert list(scores(store)["status"]) == ANALYST


# ---- rejections: file, row, column; the store unchanged ---------------------------------------
@pytest.mark.parametrize(
    "line, row, column, text",
    [
        ("9999-0001,2564,,,10,30,70,100,,,,,", 2, "indicator_code", "no indicator 9999-0001"),
        (f"{SEED},2546,,,10,30,70,100,,,,,", 2, "fiscal_year", "not for FY 2546"),
        (f"{SEED},2564,,,10,30,70,120,,,,,", 2, "plan_q4", "above 100"),
        (f"{SEED},2564,,,10,50,40,100,,,,,", 2, "plan_q3", "never goes down"),
        (f"{SEED},2564,,,10,สิบ,70,100,,,,,", 2, "plan_q2", "not a number"),
        (f"{SEED},2564,,,-5,30,70,100,,,,,", 2, "plan_q1", "outside"),
        (f"{SEED},2564,sideways,,,,,,,,,,", 2, "direction", "not one of"),
        (f"{SEED},2564,,weekly,,,,,,,,,", 2, "accumulation", "not one of"),
        (f"{SEED},2564,,,,,,,11,,,,", 2, "max_level", "outside"),
    ],
)
def test_a_bad_settings_row_is_rejected_by_file_row_and_column(store, tmp_path, line, row, column, text):
    good = "5047-0712,,,snapshot,,,,,,,,,"
    path = settings_csv(tmp_path, good, line, name="my plans.csv")
    before, settings_before = store.version(), store.read(SETTINGS)
    result = import_settings(store, path)
    assert result.version is None
    hits = [p for p in result.rejected if p.file == "my plans.csv" and p.row == row + 1 and p.column == column]
    assert hits, result.rejected
    assert any(text in p.message_en for p in hits)
    assert all(p.message_th and p.message_en for p in result.rejected)
    assert store.version() == before  # all or nothing: the good row is not applied either
    pd.testing.assert_frame_equal(store.read(SETTINGS), settings_before)
    assert list(scores(store)["status"]) == ASSUMED
    entry = store.import_log()[-1]
    assert entry["version"] is None and entry["rejected"]


def test_the_same_setting_twice_in_one_call_is_refused(store, tmp_path):
    one = settings_csv(tmp_path, f"{SEED},2564,,,10,30,70,100,,,,,", "0402-810,2564,,,20,40,60,100,,,,,")
    result = import_settings(store, one)
    assert [(p.row, p.column) for p in result.rejected] == [(3, "indicator_code,fiscal_year")]
    assert "repeats indicator_settings.csv row 2" in result.rejected[0].message_en

    a = settings_csv(tmp_path, f"{SEED},,,,10,30,70,100,,,,,", name="a.csv")
    (tmp_path / "b").mkdir()
    settings_csv(tmp_path / "b", f"{SEED},,,,20,40,60,100,,,,,", name="indicator_settings.csv")
    shutil.move(a, tmp_path / "b" / "indicator_settings (1).csv")
    before = store.version()
    result = import_paths(store, [tmp_path / "b"])
    assert result.rejected and result.rejected[0].column == "indicator_code,fiscal_year"
    assert store.version() == before


def test_settings_import_refuses_pages_and_other_tables(store, tmp_path):
    result = import_settings(store, SEED_PAGE)
    assert result.rejected and "CSV or XLSX" in result.rejected[0].message_en
    agencies = tmp_path / "agencies.csv"
    shutil.copy(FIXTURES / "table_agencies.csv", agencies)
    result = import_settings(store, agencies)
    assert result.rejected and "imports table indicator_settings only" in result.rejected[0].message_en


# ---- export ----------------------------------------------------------------------------------
def test_export_then_import_gives_back_the_same_settings(store, tmp_path):
    path = settings_csv(
        tmp_path, f'{SEED},2564,,,10,30,70,100,,2,"=HYPERLINK(""http://x"")",a,2026-01-01T00:00:00+00:00'
    )
    assert not import_settings(store, path).rejected
    kept = store.read(SETTINGS)
    for name in ("out.csv", "out.xlsx"):
        out = tmp_path / name
        assert export_settings(store, out) == 1
        if name.endswith(".csv"):
            raw = out.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")
            assert "'=HYPERLINK" in raw.decode("utf-8-sig")  # neutralised for spreadsheets
        else:
            ws = openpyxl.load_workbook(out).worksheets[0]
            assert ws.title == SETTINGS and ws["K2"].value == '\'=HYPERLINK("http://x")'
            assert ws["K2"].data_type == "s"
        result = import_settings(store, out)
        assert not result.rejected and result.settings_replaced == 1
        pd.testing.assert_frame_equal(store.read(SETTINGS), kept)


def test_an_empty_store_exports_just_the_header(store, tmp_path):
    out = tmp_path / "none.csv"
    assert export_settings(store, out) == 0
    # HEADER is a file written before the decision columns (it still imports); an export has them
    assert out.read_text(encoding="utf-8-sig").strip() == HEADER.strip() + ",unmeasured_quarters,decisions"


# ---- save_setting (the editor's path) --------------------------------------------------------
def test_save_setting_writes_one_row_as_an_import(store):
    before = store.version()
    at = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    result = save_setting(
        store,
        {
            "indicator_code": SEED,
            "fiscal_year": 2564,
            "plan_q1": "10",
            "plan_q2": "30 %",
            "plan_q3": "๗๐",
            "plan_q4": 100,
            "direction": None,
            "note": "  ตามแผนโครงการ  ",
            "weight": "",
        },
        user="somchai",
        now=at,
    )
    assert not result.rejected, result.rejected
    assert result.version != before and store.version() == result.version
    row = settings_of(store, "0402-810").iloc[0]  # found by the normalised code
    assert (row["plan_q1"], row["plan_q2"], row["plan_q3"], row["plan_q4"]) == (10.0, 30.0, 70.0, 100.0)
    assert row["note"] == "ตามแผนโครงการ" and pd.isna(row["weight"]) and pd.isna(row["direction"])
    assert row["set_by"] == "somchai" and row["set_at"] == "2026-12-01T09:30:00+00:00"  # UTC
    assert list(scores(store)["status"]) == ANALYST
    entry = store.import_log()[-1]
    assert entry["user"] == "somchai" and entry["settings_added"] == 1 and entry["version"] == result.version
    assert "setting 0402-0810 FY 2564 by somchai" in store.meta().note


def test_save_setting_for_every_year(store):
    result = save_setting(
        store,
        {
            "indicator_code": SEED,
            "fiscal_year": None,
            "plan_q1": "10",
            "plan_q2": "30",
            "plan_q3": "70",
            "plan_q4": "100",
        },
        user="somchai",
    )
    assert not result.rejected
    assert pd.isna(store.read(SETTINGS)["fiscal_year"].iloc[0])
    assert list(scores(store)["status"]) == ANALYST


@pytest.mark.parametrize(
    "row, user, column",
    [
        ({"plan_q1": "ten"}, "somchai", "plan_q1"),
        ({"plan_q4": "120"}, "somchai", "plan_q4"),
        ({"plan_q2": "40", "plan_q3": "20"}, "somchai", "plan_q3"),
        ({"weight": "-1"}, "somchai", "weight"),
        ({"direction": "up"}, "somchai", "direction"),
        ({"plan_q1": "10"}, "", "set_by"),
        ({"colour": "red"}, "somchai", "colour"),
        ({"indicator_code": "9999-9999"}, "somchai", "indicator_code"),
    ],
)
def test_invalid_input_writes_nothing_and_names_the_field(store, row, user, column):
    before, log = store.version(), len(store.import_log())
    result = save_setting(store, {"indicator_code": SEED, "fiscal_year": 2564, **row}, user=user)
    assert column in [p.column for p in result.rejected], result.rejected
    assert result.version is None and store.version() == before
    assert len(store.import_log()) == log  # a form's typo leaves no import-log line
    assert store.read(SETTINGS).empty
