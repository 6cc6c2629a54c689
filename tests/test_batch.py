"""Import calls: all files or nothing, idempotent, the store unchanged after a rejection."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpi_model.__main__ import main
from kpi_model.importer.batch import import_paths
from kpi_model.store import Filters, Store
from tests.conftest import FIXTURES, shared_path
from tests.test_store import tree

SEED_NAME = "000_95ba60cfabf6246c.txt"


@pytest.fixture
def seed() -> Path:
    return shared_path("seeds", SEED_NAME)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def test_the_seed_into_an_empty_store_gives_exactly_the_seed_values(store, seed):
    result = import_paths(store, [seed])
    assert result.rejected == [] and result.added == 1
    ind = store.read("indicators").iloc[0]
    expected = {
        "indicator_code": "0402-0810", "fiscal_year": 2564, "agency_code": "0402",
        "name_th": "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน",
        "indicator_type": "strategic", "result_level": "outcome", "unit": "level", "unit_th": "ระดับ",
        "direction": "milestone", "target": 5.0, "achieved": 100.0, "max_level": 5,
        "strategy_code": "7.3.1.1", "audited_quarter": 1, "source": SEED_NAME,
    }
    assert {k: ind[k] for k in expected} == expected
    assert ind["definition"].startswith("1. ต้นแบบ HR SMART ระดับหน่วยงาน หมายถึง")
    assert ind["data_sources"].startswith("1. โครงการที่ได้รับอนุมัติ")
    assert ind["calculation"].startswith("พิจารณาจากผลการดำเนินการ")
    q = store.read("quarterly_results").sort_values("quarter")
    assert q["actual"].tolist() == [10.0, 25.0, 65.0, 100.0]
    assert q["evaluation_score"].tolist() == [100.0] * 4
    assert q["score_2_1"].tolist() == [100.0] * 4 and q["score_2_2"].tolist() == [100.0] * 4
    assert q["evaluator_score"].tolist()[0] == 100.0 and q["evaluator_score"].isna().tolist()[1:] == [True] * 3
    assert q["planned_cum"].isna().all()
    assert q["report_th"].iloc[0].startswith("ขั้นตอนที่ 1 จัดทำโครงการ/กิจกรรม")
    levels = store.read("indicator_levels").sort_values("level")
    assert levels["level"].tolist() == [1, 2, 3, 4, 5]
    assert levels["description"].iloc[0].startswith("ศึกษา ทบทวน")


def test_check_then_reports_the_level_recorded_as_percent_flag(store, seed, capsys):
    import_paths(store, [seed])
    assert main(["check", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "level_recorded_as_percent" in out and "0402-0810 FY2564" in out


def test_reimporting_replaces_never_duplicates(store, seed):
    import_paths(store, [seed])
    first = store.read("quarterly_results")
    again = import_paths(store, [seed])
    assert (again.added, again.replaced) == (0, 1)
    pd.testing.assert_frame_equal(store.read("quarterly_results"), first)
    assert len(store.read("indicators")) == 1


def test_codes_padded_unevenly_are_the_same_indicator(store, tmp_path):
    page = (FIXTURES / "page_count_thai_digits.txt").read_text(encoding="utf-8")
    import_paths(store, [FIXTURES / "page_count_thai_digits.txt"], fiscal_year=2565)
    code = store.read("indicators")["indicator_code"].iloc[0]
    agency, number = code.split("-")
    repadded = tmp_path / "repadded.txt"
    repadded.write_text(page.replace(code, f"{agency}-{int(number):04d}" if len(number) < 4 else f"{agency}-{int(number)}"), encoding="utf-8")
    result = import_paths(store, [repadded], fiscal_year=2565)
    assert result.rejected == []
    assert len(store.read("indicators")) == 1


BAD_INPUTS = {
    "page_cut_before_target.txt": "target",
    "page_bad_result.txt": "actual",
    "page_missing_target.txt": "target",
    "page_quarter_5.txt": "quarter",
}


@pytest.mark.parametrize("name, column", sorted(BAD_INPUTS.items()))
def test_a_bad_page_names_file_line_and_column_and_changes_nothing(store, seed, name, column):
    import_paths(store, [seed])
    before = tree(store.root)
    result = import_paths(store, [FIXTURES / name], fiscal_year=2564)
    assert result.rejected
    problem = result.rejected[0]
    assert problem.file == name and problem.column == column
    assert name != "page_bad_result.txt" or problem.row == 35
    assert tree(store.root) == before


def make_bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp / "empty.txt"
    files["empty"].write_bytes(b"")
    files["binary"] = tmp / "binary.txt"
    files["binary"].write_bytes(bytes(range(256)) * 4)
    files["wrong header"] = tmp / "quarterly_results.csv"
    files["wrong header"].write_text("indicator_code,fiscal_year,qtr,actual\n0402-0810,2564,1,10\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "quarterly_results"
    ws.append(["indicator_code", "fiscal_year", "quarter", "actual"])
    ws.append(["0402-0810", 2564, 1, "=1+1"])
    files["formula"] = tmp / "formula.xlsx"
    wb.save(files["formula"])
    return files


@pytest.mark.parametrize("kind", ["empty", "binary", "wrong header", "formula"])
def test_bad_files_are_rejected_by_name_and_change_nothing(store, seed, tmp_path, kind):
    import_paths(store, [seed])
    before = tree(store.root)
    path = make_bad_files(tmp_path)[kind]
    result = import_paths(store, [path])
    assert result.rejected and result.rejected[0].file.startswith(path.name)
    if kind == "wrong header":
        assert "qtr" in {p.column for p in result.rejected}
    if kind == "formula":
        assert any(p.row == 2 for p in result.rejected)
    assert tree(store.root) == before


def test_one_bad_file_keeps_every_file_of_the_call_out(store, seed):
    result = import_paths(store, [seed, FIXTURES / "page_quarter_5.txt"], fiscal_year=2564)
    assert result.rejected
    assert not store.exists()


def test_a_page_cut_short_imports_what_it_holds_with_a_warning(store):
    result = import_paths(store, [FIXTURES / "page_cut_before_table.txt"], fiscal_year=2564)
    assert result.rejected == []
    flags = store.read("quality_flags")
    assert "page_cut_short" in set(flags["code"])


def test_the_same_indicator_in_two_files_of_one_call_is_refused(store, seed, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed.read_bytes())
    result = import_paths(store, [seed, copy])
    assert any("also in" in p.message_en for p in result.rejected)
    assert not store.exists()


def test_real_pages_import_as_a_folder(store):
    folder = shared_path("real-pages")
    result = import_paths(store, [folder], fiscal_year=2564)
    assert result.rejected == [] and result.added == 8
    flags = store.read("quality_flags")
    assert (flags["code"] == "page_cut_short").sum() == 8


def test_cli_import_exits_1_on_rejection_and_prints_the_file(store, capsys):
    assert main(["import", str(FIXTURES / "page_quarter_5.txt"), "--store", str(store.root), "--fy", "2564"]) == 1
    err = capsys.readouterr().err
    assert "page_quarter_5.txt" in err and "quarter" in err
    assert not store.exists()


def test_cli_import_a_glob(store, seed, capsys):
    pattern = str(seed.parent / "*.txt")
    assert main(["import", pattern, "--store", str(store.root)]) == 0
    assert "1 indicator-year(s) added" in capsys.readouterr().out
    assert store.select("indicators", Filters(indicator_codes=("0402-0810",)))["fiscal_year"].tolist() == [2564]


def test_every_import_is_logged_with_file_hashes_even_when_rejected(store, seed):
    import hashlib

    import_paths(store, [seed], user="analyst1")
    import_paths(store, [FIXTURES / "page_quarter_5.txt"], fiscal_year=2564, user="analyst2")
    first, second = store.import_log()
    assert first["user"] == "analyst1" and first["added"] == 1 and first["rejected"] == []
    assert first["files"] == [{"name": SEED_NAME, "sha256": hashlib.sha256(seed.read_bytes()).hexdigest()}]
    assert first["version"] == store.versions()[0].id
    assert second["user"] == "analyst2" and second["version"] is None
    assert "page_quarter_5.txt" in second["rejected"][0]
