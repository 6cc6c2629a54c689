from pathlib import Path

import pandas as pd
import pytest

from kpi_model.__main__ import main
from tests.factories import small_tables
from tests.stores import StoreTemplates, small_with_seed


def test_check_on_the_demo_store_prints_flags_grouped_by_code(demo_store, capsys):
    assert main(["check", "--store", str(demo_store.root)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    assert "level_recorded_as_percent" in out and "0402-0810 FY2564" in out
    assert "result_goes_down" in out and "target_zero" in out


@pytest.mark.parametrize(
    "breakage, where",
    [
        (lambda t: t["agencies"].rename(columns={"kind": "agency_kind"}), "agencies.csv, column kind: ไม่มีคอลัมน์ kind"),
        (
            lambda t: t["quarterly_results"].assign(quarter=[1, 2, 1, 5, 1, 2]),
            "quarterly_results.csv, row 5, column quarter",
        ),
        (
            lambda t: pd.concat([t["indicators"], t["indicators"].iloc[[0]]]),
            "indicators.csv, row 5, column indicator_code,fiscal_year",
        ),
    ],
)
def test_check_names_table_row_and_column_of_a_broken_store(tmp_path, capsys, breakage, where):
    tables = small_tables()
    broken = breakage(tables)
    for table, frame in tables.items():
        frame.to_csv(tmp_path / f"{table}.csv", index=False)
    target = where.split(".csv")[0]
    broken.to_csv(tmp_path / f"{target}.csv", index=False)
    assert main(["check", "--store", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert where in err


def test_demo_if_missing_leaves_an_existing_store(demo_store, capsys):
    version = demo_store.version()
    assert main(["demo", "--store", str(demo_store.root), "--if-missing"]) == 0
    assert demo_store.version() == version
    assert "store exists" in capsys.readouterr().out


# ---- settings export | import, and rollback of a settings import ------------------------------
SETTINGS_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "table_indicator_settings.csv"


@pytest.fixture
def small_store(tmp_path, store_templates: StoreTemplates):
    """The small tables (5047-0712 among them) and the seed page, imported (a copy of the
    store tests.stores.small_with_seed builds once per run)."""
    return store_templates.copy(small_with_seed, tmp_path / "store")


def seed_statuses(store) -> list[str]:
    from kpi_model.store import Filters

    q = store.select(
        "quarter_scores",
        Filters(indicator_codes=("0402-0810",), fiscal_years=(2564,)),
        columns=["status", "plan_source"],
        order_by=["quarter"],
    )
    return [f"{s}/{p}" for s, p in zip(q["status"], q["plan_source"])]


def test_settings_import_is_versioned_logged_and_rolled_back(small_store, capsys):
    store = small_store
    before = store.version()
    old = seed_statuses(store)
    assert old == ["behind/assumed", "behind/assumed", "on_track/assumed", "met/assumed"]

    assert main(["settings", "import", str(SETTINGS_FIXTURE), "--store", str(store.root), "--user", "malee"]) == 0
    out = capsys.readouterr().out
    assert "2 setting(s) added, 0 replaced" in out
    after = store.version()
    assert after != before and after in out
    assert seed_statuses(store) == ["met/analyst", "on_track/analyst", "on_track/analyst", "met/analyst"]
    entry = store.import_log()[-1]
    assert (entry["user"], entry["settings_added"], entry["version"]) == ("malee", 2, after)
    assert entry["files"][0]["name"] == SETTINGS_FIXTURE.name

    assert main(["history", "--store", str(store.root)]) == 0
    assert "settings +2 ~0" in capsys.readouterr().out

    assert main(["rollback", before, "--store", str(store.root)]) == 0
    assert seed_statuses(store) == old  # the old verdicts, and no settings
    assert store.read("indicator_settings").empty
    assert store.import_log()[-1]["rollback_to"] == before


def test_settings_import_rejects_a_bad_row_by_file_row_and_column(small_store, tmp_path, capsys):
    bad = tmp_path / "plans.csv"
    bad.write_text(
        SETTINGS_FIXTURE.read_text(encoding="utf-8").replace(",10,30,70,100,", ",10,30,70,101,"), encoding="utf-8"
    )
    before = small_store.version()
    assert main(["settings", "import", str(bad), "--store", str(small_store.root)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "plans.csv, row 2, column plan_q4: แผนสะสม 101 เกิน 100" in err
    assert small_store.version() == before
    assert small_store.read("indicator_settings").empty


def test_settings_import_names_an_unknown_indicator(small_store, tmp_path, capsys):
    bad = tmp_path / "indicator_settings.csv"
    bad.write_text(SETTINGS_FIXTURE.read_text(encoding="utf-8").replace("5047-0712", "5047-9999"), encoding="utf-8")
    assert main(["settings", "import", str(bad), "--store", str(small_store.root)]) == 1
    err = capsys.readouterr().err
    assert "indicator_settings.csv, row 3, column indicator_code: ไม่มีตัวชี้วัดรหัส 5047-9999" in err
    assert "the store holds no indicator 5047-9999" in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_settings_export_writes_what_imports_back(small_store, tmp_path, capsys, suffix):
    from kpi_model.importer.tables import read_table_file

    assert main(["settings", "import", str(SETTINGS_FIXTURE), "--store", str(small_store.root)]) == 0
    out = tmp_path / f"my settings{suffix}"
    assert main(["settings", "export", str(out), "--store", str(small_store.root)]) == 0
    assert "wrote 2 setting(s)" in capsys.readouterr().out
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows Thai
    back = read_table_file(out, "indicator_settings")["indicator_settings"]
    pd.testing.assert_frame_equal(back.reset_index(drop=True), small_store.read("indicator_settings"), check_like=False)
    version = small_store.version()
    assert main(["settings", "import", str(out), "--store", str(small_store.root)]) == 0
    assert "0 setting(s) added, 2 replaced" in capsys.readouterr().out
    assert small_store.version() != version
    pd.testing.assert_frame_equal(small_store.read("indicator_settings"), back.reset_index(drop=True))


def test_settings_export_refuses_another_file_type(small_store, tmp_path, capsys):
    assert main(["settings", "export", str(tmp_path / "x.json"), "--store", str(small_store.root)]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err


# ---- brief: the quarterly briefing pack ----------------------------------------------------------
def test_brief_writes_a_district_pack_and_says_what_it_wrote(demo_store, tmp_path, capsys):
    from tests.brief.test_brief import need_renderer

    need_renderer()
    out = tmp_path / "pack.pdf"
    code = main(
        ["brief", "--store", str(demo_store.root), "--fy", "2567", "--quarter", "4", "--agency", "5001", "-o", str(out)]
    )
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert f"wrote {out}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, status, message",
    [
        (["--fy", "2567", "--quarter", "4", "--agency", "9999"], 1, "no agency with code 9999"),
        (["--fy", "2499", "--quarter", "4"], 1, "fiscal year 2499 is not in the store"),
        (["--fy", "2567", "--quarter", "4", "--strategy", "42"], 1, "no strategy branch with code 42"),
    ],
)
def test_brief_refuses_what_the_store_does_not_hold_without_a_traceback(
    demo_store, tmp_path, capsys, args, status, message
):
    assert main(["brief", "--store", str(demo_store.root), *args, "-o", str(tmp_path / "x.pdf")]) == status
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_brief_says_when_chromium_is_missing(demo_store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KPI_CHROMIUM", str(tmp_path / "no-chromium"))
    assert (
        main(
            ["brief", "--store", str(demo_store.root), "--fy", "2567", "--quarter", "4", "-o", str(tmp_path / "x.pdf")]
        )
        == 1
    )
    assert "chromium not found" in capsys.readouterr().err


def test_brief_wants_a_pdf_file_name(demo_store, tmp_path, capsys):
    assert (
        main(
            ["brief", "--store", str(demo_store.root), "--fy", "2567", "--quarter", "4", "-o", str(tmp_path / "x.csv")]
        )
        == 2
    )
    assert "-o must end in .pdf" in capsys.readouterr().err
