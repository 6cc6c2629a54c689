"""Import calls: all files or nothing, idempotent, the store unchanged after a rejection."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpi_model import views
from kpi_model.__main__ import main
from kpi_model.importer.batch import import_paths
from kpi_model.store import Filters, Store
from tests.conftest import FIXTURES, shared_path
from tests.store.test_store import tree
from tests.stores import StoreTemplates

SEED_NAME = "000_95ba60cfabf6246c.txt"


@pytest.fixture
def seed() -> Path:
    return shared_path("seeds", SEED_NAME)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def _seed_imported(store: Store) -> None:
    result = import_paths(store, [shared_path("seeds", SEED_NAME)])
    assert result.rejected == [] and result.added == 1


def _strategy_names_imported(store: Store) -> None:
    assert import_paths(store, [FIXTURES / "page_strategy_names.txt"]).rejected == []


@pytest.fixture
def seeded(seed, tmp_path, store_templates: StoreTemplates) -> Store:
    """The seed page imported into an empty store (a copy of one built once per run)."""
    return store_templates.copy(_seed_imported, tmp_path / "store")


@pytest.fixture
def strategy_names(tmp_path, store_templates: StoreTemplates) -> Store:
    """page_strategy_names.txt imported into an empty store (a copy of one built once per run)."""
    return store_templates.copy(_strategy_names_imported, tmp_path / "store")


def test_the_seed_into_an_empty_store_gives_exactly_the_seed_values(store, seed):
    result = import_paths(store, [seed])
    assert result.rejected == [] and result.added == 1
    ind = store.read("indicators").iloc[0]
    expected = {
        "indicator_code": "0402-0810",
        "fiscal_year": 2564,
        "agency_code": "0402",
        "name_th": "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน",
        "indicator_type": "strategic",
        "result_level": "outcome",
        "unit": "level",
        "unit_th": "ระดับ",
        "direction": "milestone",
        "target": 5.0,
        "achieved": 100.0,
        "max_level": 5,
        "strategy_code": "7.3.1.1",
        "audited_quarter": 1,
        "source": SEED_NAME,
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


def test_check_then_reports_the_level_recorded_as_percent_flag(seeded, capsys):
    store = seeded
    assert main(["check", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "level_recorded_as_percent" in out and "0402-0810 FY2564" in out


def test_reimporting_replaces_never_duplicates(seeded, seed):
    store = seeded
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
    repadded.write_text(
        page.replace(code, f"{agency}-{int(number):04d}" if len(number) < 4 else f"{agency}-{int(number)}"),
        encoding="utf-8",
    )
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
def test_a_bad_page_names_file_line_and_column_and_changes_nothing(seeded, name, column):
    store = seeded
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
def test_bad_files_are_rejected_by_name_and_change_nothing(seeded, tmp_path, kind):
    store = seeded
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


# --------------------------------------------------------------------------- what the importer sets, judged by derive


def _flags_of(store: Store, code: str, flag: str) -> pd.DataFrame:
    flags = store.read("quality_flags")
    return flags[(flags["indicator_code"] == code) & (flags["code"] == flag)]


def test_a_count_capped_at_60_is_judged_lower_against_its_cap_so_far(store):
    # DESIGN §3 worked example: at most 60 cases, cumulative 4 / 12 / 25 / 41 against the
    # assumed linear plan → caps so far 15 / 30 / 45 / 60 → ratios 3.75 / 2.5 / 1.8 / 60/41
    result = import_paths(store, [FIXTURES / "page_count_cap_lower.txt"])
    assert result.rejected == []
    ind = store.read("indicators").iloc[0]
    assert (ind["direction"], ind["direction_source"]) == ("lower", "inferred")
    assert (ind["accumulation"], ind["accumulation_source"]) == ("cumulative", "default")
    q = store.read("quarter_scores").sort_values("quarter")
    assert q["direction"].tolist() == ["lower"] * 4
    assert q["ratio"].tolist() == pytest.approx([3.75, 2.5, 1.8, 60 / 41])
    assert q["status"].tolist() == ["met"] * 4
    annual = store.read("annual_scores").iloc[0]
    assert annual["ratio"] == pytest.approx(60 / 41) and annual["status"] == "met"
    flag = _flags_of(store, "5010-0456", "direction_inferred")
    assert len(flag) == 1 and flag["severity"].iloc[0] == "info"


def test_a_count_capped_at_60_with_31_cases_by_q2_is_on_track(store, tmp_path):
    page = tmp_path / "page_q2_31.txt"
    text = (FIXTURES / "page_count_cap_lower.txt").read_text(encoding="utf-8")
    page.write_text(text.replace("\n12.00\n", "\n31.00\n"), encoding="utf-8")
    import_paths(store, [page])
    q2 = store.read("quarter_scores").set_index("quarter").loc[2]
    assert q2["ratio"] == pytest.approx(30 / 31)  # 0.97
    assert q2["status"] == "on_track"


def test_real_page_5047_0895_in_minutes_is_stored_lower_and_flagged_inferred(store):
    import_paths(store, [shared_path("real-pages", "policy.bangkok.go.th_5047-0895.txt")], fiscal_year=2564)
    ind = store.read("indicators").iloc[0]
    assert (ind["direction"], ind["direction_source"]) == ("lower", "inferred")
    assert len(_flags_of(store, "5047-0895", "direction_inferred")) == 1


def test_a_level_kpi_with_four_listed_levels_is_judged_on_four(store):
    # levels 1 / 2 / 3 / 3 against a target of level 4 and the linear plan: (1/4)/0.25 = 1,
    # (2/4)/0.5 = 1, (3/4)/0.75 = 1, (3/4)/1 = 0.75; the year: level 3 of 4 → 0.75, score_5 3
    import_paths(store, [FIXTURES / "page_level_listed.txt"])
    ind = store.read("indicators").iloc[0]
    assert (ind["max_level"], ind["max_level_source"]) == (4, "page")
    q = store.read("quarter_scores").sort_values("quarter")
    assert q["max_level"].tolist() == [4] * 4 and q["max_level_source"].tolist() == ["page"] * 4
    assert q["ratio"].tolist() == pytest.approx([1.0, 1.0, 1.0, 0.75])
    assert q["status"].tolist() == ["met", "met", "met", "behind"]
    annual = store.read("annual_scores").iloc[0]
    assert (annual["level_reached"], annual["ratio"], annual["score_5"], annual["status"]) == (
        3.0,
        0.75,
        3.0,
        "not_met",
    )  # FY 2564 is closed
    assert _flags_of(store, "0500-0201", "max_level_assumed").empty


def test_a_level_kpi_without_listed_levels_stores_no_max_level_and_derive_flags_the_assumed_5(store):
    result = import_paths(store, [FIXTURES / "page_level_cut_before_calculation.txt"])
    assert result.rejected == []
    ind = store.read("indicators").iloc[0]
    assert pd.isna(ind["max_level"]) and ind["max_level_source"] == "assumed"
    q = store.read("quarter_scores")
    assert q["max_level"].tolist() == [5] * 4 and q["max_level_source"].tolist() == ["assumed"] * 4
    assert len(_flags_of(store, "0402-0811", "max_level_assumed")) == 1
    assert len(_flags_of(store, "0402-0811", "page_cut_short")) == 1


def test_a_page_whose_agency_is_not_in_the_agency_list_imports_and_is_flagged_unknown_agency(store):
    result = import_paths(store, [FIXTURES / "page_unknown_agency.txt"])
    assert result.rejected == [] and result.added == 1
    ind = store.read("indicators").iloc[0]
    assert (ind["indicator_code"], ind["agency_code"]) == ("9901-0007", "9901")
    assert "9901" not in set(store.read("agencies")["agency_code"])
    flag = _flags_of(store, "9901-0007", "unknown_agency")
    assert len(flag) == 1 and flag["severity"].iloc[0] == "warning" and "9901" in flag["message_en"].iloc[0]


# --------------------------------------------------------------------------- strategy names from pages

TREE_7_4 = "การพัฒนาระบบเทคโนโลยีสารสนเทศและการสื่อสาร"
PAGE_7_4 = "การพัฒนาเมืองอัจฉริยะและบริการดิจิทัล"


def _strategy(store: Store, code: str) -> pd.Series:
    s = store.read("strategies")
    return s[s["strategy_code"] == code].iloc[0]


def test_a_strategy_name_a_page_prints_stays_with_its_indicator_and_never_renames_the_tree(strategy_names):
    """Issue 23: a page's name for 7.4 once replaced the tree's on every page (flagged as info
    only). The tree keeps its name; the page's is in the flag of that page's indicator."""
    store = strategy_names
    row = _strategy(store, "7.4")
    assert (row["name_th"], row["parent_code"], row["depth"]) == (TREE_7_4, "7", 2)
    assert not pd.isna(row["name_en"])  # the tree's English stays with the tree's name
    flags = store.read("quality_flags")
    named = flags[flags["code"] == "strategy_name_differs"]
    assert len(named) == 1
    flag = named.iloc[0]
    assert (flag["indicator_code"], flag["fiscal_year"], flag["severity"]) == ("0400-0120", 2565, "info")
    assert (flag["table"], flag["column"], flag["agency_code"]) == ("strategies", "name_th", "0400")
    for text in (flag["message_th"], flag["message_en"]):
        assert "7.4" in text and PAGE_7_4 in text and TREE_7_4 in text
    assert "ยุทธศาสตร์" in flag["message_th"] and "stays with this indicator" in flag["message_en"]
    shown = views.indicator_detail(store, "0400-0120", 2565).flags
    assert any(PAGE_7_4 in m for m in shown["message_th"])  # shown on its indicator's page


def test_a_strategy_name_cut_short_by_the_copy_keeps_the_trees_full_name_unflagged(strategy_names):
    store = strategy_names
    # ':๗.๔.๑ กรุงเทพมหานครใช้เทคโนโลยีดิจิทัลในการให้บริ%' is the tree's name cut short
    assert _strategy(store, "7.4.1")["name_th"] == "กรุงเทพมหานครใช้เทคโนโลยีดิจิทัลในการให้บริการและบริหารจัดการ"
    # 'การพัฒนาบริการอิเล็กทรอนิกส์  และระบบข้อมูลเปิด' differs from the tree only in spacing
    assert _strategy(store, "7.4.1.1")["name_th"] == "การพัฒนาบริการอิเล็กทรอนิกส์และระบบข้อมูลเปิด"
    # the same Thai name: the tree's row, English and all, stays
    assert tuple(_strategy(store, "7")[["name_th", "name_en"]]) == (
        "การบริหารจัดการเมืองมหานคร",
        "Metropolitan Management",
    )
    codes = store.read("quality_flags").query("code == 'strategy_name_differs'")
    assert "7.4.1" not in " ".join(codes["message_en"]) and len(codes) == 1


def test_the_seed_names_its_strategies_as_the_tree_does_so_nothing_is_flagged(seeded):
    store = seeded
    assert "strategy_name_differs" not in set(store.read("quality_flags")["code"])
    assert _strategy(store, "7.3.1")["name_th"] == (
        "บุคลากรกรุงเทพมหานครเป็นผู้ปฏิบัติงานแบบมืออาชีพ มีคุณธรรม จริยธรรม และเป็นที่เชื่อถือ"
    )


def test_reimporting_a_page_that_renamed_a_strategy_keeps_its_flag(strategy_names):
    store = strategy_names
    first = store.read("quality_flags").query("code == 'strategy_name_differs'")
    again = import_paths(store, [FIXTURES / "page_strategy_names.txt"])
    assert (again.added, again.replaced) == (0, 1)
    second = store.read("quality_flags").query("code == 'strategy_name_differs'")
    assert len(second) == 1
    assert second["message_en"].tolist() == first["message_en"].tolist()
    assert _strategy(store, "7.4")["name_th"] == TREE_7_4


def test_another_page_naming_the_strategy_as_the_first_did_is_flagged_against_the_tree(strategy_names, tmp_path):
    store = strategy_names
    other = tmp_path / "other.txt"
    text = (FIXTURES / "page_strategy_names.txt").read_text(encoding="utf-8")
    other.write_text(text.replace("0400-0120", "0400-0121"), encoding="utf-8")
    import_paths(store, [other])
    named = store.read("quality_flags").query("code == 'strategy_name_differs'")
    assert sorted(named["indicator_code"]) == ["0400-0120", "0400-0121"]
    assert all(TREE_7_4 in m for m in named["message_en"])


def test_a_strategies_table_renames_a_code_and_a_page_is_compared_with_that_table(store, tmp_path):
    table = tmp_path / "strategies.csv"
    table.write_text(
        "strategy_code,parent_code,depth,name_th,name_en\n7.4,7,2,การพัฒนาเมืองดิจิทัล,Digital city\n", encoding="utf-8"
    )
    result = import_paths(store, [table, FIXTURES / "page_strategy_names.txt"])
    assert result.rejected == []
    assert _strategy(store, "7.4")["name_th"] == "การพัฒนาเมืองดิจิทัล"  # the analyst's tree wins, the page is flagged
    named = store.read("quality_flags").query("code == 'strategy_name_differs'")
    assert len(named) == 1 and "การพัฒนาเมืองดิจิทัล" in named["message_th"].iloc[0]
    only_table = Store(tmp_path / "other-store")
    import_paths(only_table, [table])
    assert tuple(_strategy(only_table, "7.4")[["name_th", "name_en"]]) == ("การพัฒนาเมืองดิจิทัล", "Digital city")


# --------------------------------------------------------------------------- the import log (issue 11, item 5)


def _lock_is_held(root: Path) -> bool:
    import fcntl
    import os

    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock this probe may have taken
    return False


def test_a_written_import_logs_its_line_while_it_holds_the_writer_lock(store, seed, monkeypatch):
    held: list[bool] = []
    real = Store.log

    def log(self, entry):
        held.append(_lock_is_held(self.root))
        real(self, entry)

    monkeypatch.setattr(Store, "log", log)
    result = import_paths(store, [seed], user="analyst1")
    assert result.version is not None and held == [True]


def test_the_logged_hash_is_of_the_bytes_the_importer_read(store, seed, tmp_path, monkeypatch):
    """The file changes after it was read (another program saving over it): the log keeps the
    hash of what was imported, not of what is on disk afterwards."""
    import hashlib

    from kpi_model.importer import batch

    page = tmp_path / "page.txt"
    page.write_bytes(seed.read_bytes())
    read = hashlib.sha256(page.read_bytes()).hexdigest()
    real = batch.read_inputs

    def read_then_overwrite(*args, **kwargs):
        out = real(*args, **kwargs)
        page.write_bytes(b"saved over after the import read it\n")
        return out

    monkeypatch.setattr(batch, "read_inputs", read_then_overwrite)
    import_paths(store, [page], user="analyst1")
    assert store.import_log()[-1]["files"] == [{"name": "page.txt", "sha256": read}]
    assert store.select("indicators", Filters(indicator_codes=("0402-0810",)))["fiscal_year"].tolist() == [2564]


def test_history_says_when_a_line_in_the_middle_of_the_log_is_damaged(store, seed, capsys):
    import_paths(store, [seed], user="analyst1")
    log = store.root / "import_log.jsonl"
    log.write_bytes(log.read_bytes() + b'{"user": "cut off\n')
    import_paths(store, [seed], user="analyst2")
    assert main(["history", "--store", str(store.root)]) == 0
    out = capsys.readouterr()
    assert "damaged" in out.err and "line 2" in out.err
    assert "analyst1" in out.out and "analyst2" in out.out


def test_a_year_read_from_the_page_travels_with_its_evidence_into_the_stores_flags(store):
    # issue 22: the page's fiscal-year flags are import flags, kept beside the computed ones
    result = import_paths(store, [FIXTURES / "page_fy_dates_disagree.txt", FIXTURES / "page_fy_q3_date_only.txt"])
    assert result.rejected == [] and result.added == 2
    inferred = _flags_of(store, "5023-0718", "fiscal_year_inferred").iloc[0]
    assert (inferred["severity"], inferred["fiscal_year"], inferred["table"], inferred["column"]) == (
        "info",
        2565,
        "indicators",
        "fiscal_year",
    )
    assert "รายงานไตรมาส 1: 15 พฤศจิกายน 2564 → ปีงบประมาณ 2565" in inferred["message_th"]
    assert "Q1 report: 15 พฤศจิกายน 2564 → FY 2565" in inferred["message_en"]
    disagrees = _flags_of(store, "5023-0718", "fiscal_year_disagrees").iloc[0]
    assert disagrees["severity"] == "warning" and "รายงานไตรมาส 3: 5 พฤษภาคม 2566" in disagrees["message_th"]
    assert len(_flags_of(store, "5012-0345", "fiscal_year_inferred")) == 1
    assert _flags_of(store, "5012-0345", "fiscal_year_disagrees").empty
    # the same pages imported with --fy: the year is given, so no flag is left behind
    again = import_paths(store, [FIXTURES / "page_fy_dates_disagree.txt"], fiscal_year=2565)
    assert again.rejected == []
    assert _flags_of(store, "5023-0718", "fiscal_year_inferred").empty
    assert _flags_of(store, "5023-0718", "fiscal_year_disagrees").empty


def test_a_success_level_kpi_with_a_canal_unit_is_stored_as_a_milestone(store):
    assert import_paths(store, [FIXTURES / "page_level_by_name.txt"]).rejected == []
    ind = store.read("indicators").iloc[0]
    assert (ind["unit"], ind["unit_th"], ind["direction"], ind["direction_source"]) == (
        "level",
        "คลอง",
        "milestone",
        "recorded",
    )
    assert (ind["max_level"], ind["target"]) == (5, 1.0)
    q = store.read("quarter_scores").sort_values("quarter")
    assert q["progress"].tolist() == [0.2, 0.5, 0.8, 1.0]  # percent of completion, not 20 canals of 1
