"""kpi_model.importer.tables: CSV / XLSX → source tables, and the safe CSV / XLSX writers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.tables import (
    EXPORT_ONLY_COLUMNS,
    neutralise,
    read_table_file,
    unneutralise,
    write_table_csv,
    write_table_xlsx,
)
from kpi_model.schema import SOURCE_TABLES, TABLES, coerce_frame

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BOM = b"\xef\xbb\xbf"


def fixture_as(table: str, tmp_path: Path, suffix: str = ".csv") -> Path:
    """tests/fixtures/table_<table>.csv copied to <tmp>/<table>.csv (the stem names the table)."""
    target = tmp_path / f"{table}{suffix}"
    shutil.copy(FIXTURES / f"table_{table}.csv", target)
    return target


def rejection(path: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as info:
        read_table_file(path)
    problems = info.value.problems
    assert problems, "a rejection lists its problems"
    for p in problems:
        assert isinstance(p, Problem) and p.message_th and p.message_en
    return problems


def has(problems: list[Problem], row: int | None = None, column: str | None = None, text: str | None = None) -> bool:
    return any(
        (row is None or p.row == row)
        and (column is None or p.column == column)
        and (text is None or text in p.message_en or text in p.message_th)
        for p in problems
    )


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


QR_HEADER = (
    "indicator_code,fiscal_year,quarter,actual,evaluation_score,score_2_1,score_2_2,"
    "evaluator_score,planned_cum,report_th\n"
)


# --- one file per table -----------------------------------------------------------------------


@pytest.mark.parametrize("table", SOURCE_TABLES)
def test_one_file_per_table_reads_each_table(table: str, tmp_path: Path) -> None:
    tables = read_table_file(fixture_as(table, tmp_path))
    assert list(tables) == [table]
    frame = tables[table]
    assert list(frame.columns) == TABLES[table].names
    pd.testing.assert_frame_equal(frame, coerce_frame(table, frame))  # types are the schema's
    assert len(frame) > 0


def test_thai_text_codes_and_blanks(tmp_path: Path) -> None:
    agencies = read_table_file(fixture_as("agencies", tmp_path))["agencies"]
    assert agencies["agency_code"].tolist() == ["0400", "0402", "5001"]  # leading zeros kept
    assert agencies.loc[1, "name_th"] == "สำนักงานการเจ้าหน้าที่"
    assert agencies.loc[1, "parent_code"] == "0400"
    assert pd.isna(agencies.loc[0, "parent_code"])  # blank → NULL, never ""

    ind = read_table_file(fixture_as("indicators", tmp_path))["indicators"]
    assert ind["indicator_code"].tolist() == ["0402-0810", "5001-0950"]
    assert ind["fiscal_year"].tolist() == [2564, 2564]  # ๒๕๖๔ read as 2564
    assert ind.loc[1, "target"] == pytest.approx(1407.52)  # "1,407.52"
    assert pd.isna(ind.loc[1, "achieved"]) and pd.isna(ind.loc[1, "max_level"])  # never 0
    assert ind.loc[0, "definition"] == "นิยาม: โครงการต้นแบบ\nหลายบรรทัด"

    qr = read_table_file(fixture_as("quarterly_results", tmp_path))["quarterly_results"]
    assert qr["actual"].tolist() == [10.0, 25.0, 65.0, 100.0]  # ๖๕ → 65
    assert pd.isna(qr.loc[3, "evaluation_score"]) and pd.isna(qr.loc[0, "planned_cum"])
    assert qr.loc[3, "report_th"] == 'รายงาน "ไตรมาส 4" เสร็จ'

    strat = read_table_file(fixture_as("strategies", tmp_path))["strategies"]
    assert strat["strategy_code"].tolist() == ["7", "7.3", "7.3.1"]  # Thai digits → Arabic
    assert strat["depth"].tolist() == [1, 2, 3]


def test_thai_digit_decimal(tmp_path: Path) -> None:
    path = write(tmp_path / "quarterly_results.csv", QR_HEADER + "0402-0810,๒๕๖๔,๑,๑๐.๕,,,,,,\n")
    qr = read_table_file(path)["quarterly_results"]
    assert qr.loc[0, "actual"] == 10.5
    assert qr.loc[0, "quarter"] == 1 and qr.loc[0, "fiscal_year"] == 2564


def test_code_only_digits_keeps_leading_zeros(tmp_path: Path) -> None:
    path = write(
        tmp_path / "agencies.csv", "agency_code,name_th,name_en,kind,parent_code\n0402,ก,,office,0400\n00,ข,,office,\n"
    )
    agencies = read_table_file(path)["agencies"]
    assert agencies["agency_code"].tolist() == ["0402", "00"]


def test_utf8_bom_file(tmp_path: Path) -> None:
    assert (FIXTURES / "table_agencies.csv").read_bytes().startswith(BOM)
    path = write(tmp_path / "quarterly_results.csv", QR_HEADER + "0402-0810,2564,1,10,,,,,,รายงาน\n", "utf-8-sig")
    qr = read_table_file(path)["quarterly_results"]
    assert next(iter(qr.columns)) == "indicator_code"  # the BOM is not part of the header
    assert qr.loc[0, "report_th"] == "รายงาน"


def test_cp874_file(tmp_path: Path) -> None:
    text = (
        "agency_code,name_th,name_en,kind,parent_code\n"
        "0402,สำนักงานการเจ้าหน้าที่,,office,0400\n5001,สำนักงานเขตพระนคร,,district,\n"
    )
    path = write(tmp_path / "agencies.csv", text, "cp874")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    agencies = read_table_file(path)["agencies"]
    assert agencies["name_th"].tolist() == ["สำนักงานการเจ้าหน้าที่", "สำนักงานเขตพระนคร"]


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    qr = read_table_file(write(tmp_path / "quarterly_results.csv", QR_HEADER))["quarterly_results"]
    assert len(qr) == 0 and list(qr.columns) == TABLES["quarterly_results"].names


def test_missing_optional_columns_become_null(tmp_path: Path) -> None:
    path = write(tmp_path / "quarterly_results.csv", "indicator_code,fiscal_year,quarter,actual\n0402-0810,2564,1,10\n")
    qr = read_table_file(path)["quarterly_results"]
    assert list(qr.columns) == TABLES["quarterly_results"].names
    assert pd.isna(qr.loc[0, "planned_cum"]) and pd.isna(qr.loc[0, "report_th"])


def test_workbook_with_one_sheet_per_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "agencies"
    ws.append(["agency_code", "name_th", "name_en", "kind", "parent_code"])
    ws.append(["0402", "สำนักงานการเจ้าหน้าที่", None, "office", "0400"])
    ws2 = wb.create_sheet("quarterly_results")
    ws2.append(["indicator_code", "fiscal_year", "quarter", "actual", "report_th"])
    ws2.append(["0402-0810", 2564, 1, 10.5, "ผลงาน"])
    ws2.append(["0402-0810", "๒๕๖๔", "2", "1,407.52", None])
    wb.create_sheet("Sheet2")  # an empty extra sheet is ignored
    path = tmp_path / "book.xlsx"
    wb.save(path)
    tables = read_table_file(path)
    assert set(tables) == {"agencies", "quarterly_results"}
    assert tables["agencies"].loc[0, "agency_code"] == "0402"
    assert pd.isna(tables["agencies"].loc[0, "name_en"])
    qr = tables["quarterly_results"]
    assert qr["actual"].tolist() == [10.5, 1407.52]
    assert qr["quarter"].tolist() == [1, 2]
    assert pd.isna(qr.loc[1, "report_th"])


def test_workbook_named_after_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["agency_code", "name_th", "kind"])
    ws.append([None, None, None])  # blank row skipped
    ws.append(["0402", "สำนักงานการเจ้าหน้าที่", "office"])
    path = tmp_path / "agencies.xlsx"
    wb.save(path)
    agencies = read_table_file(path)["agencies"]
    assert agencies["agency_code"].tolist() == ["0402"]


def test_xlsx_number_in_text_column_and_date_in_text_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "quarterly_results"
    ws.append(["indicator_code", "fiscal_year", "quarter", "actual", "report_th"])
    ws.append(["0402-0810", 2564, 1, 10, dt.datetime(2020, 11, 2)])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    qr = read_table_file(path)["quarterly_results"]
    assert qr.loc[0, "report_th"] == "2020-11-02"


# --- the flat sheet ---------------------------------------------------------------------------


def test_flat_sheet_splits_into_tables() -> None:
    tables = read_table_file(FIXTURES / "table_flat.csv")
    assert set(tables) == {"indicators", "quarterly_results", "indicator_levels"}
    ind, qr, lv = tables["indicators"], tables["quarterly_results"], tables["indicator_levels"]
    assert ind["indicator_code"].tolist() == ["0402-0810", "5001-0950"]
    assert ind["agency_code"].tolist() == ["0402", "5001"]
    assert ind["target"].tolist() == [5.0, 1000.0]  # "1,000"; blank on the last row is fine
    assert pd.isna(ind.loc[1, "achieved"])
    assert len(qr) == 8 and qr["quarter"].tolist() == [1, 2, 3, 4] * 2
    assert qr.loc[5, "actual"] == 450.0  # ๔๕๐
    assert pd.isna(qr.loc[6, "actual"])
    assert qr.loc[4:, "planned_cum"].tolist() == [25.0, 50.0, 75.0, 100.0]
    assert lv["level"].tolist() == [1, 2, 3, 4, 5]
    assert lv["description"].tolist() == [f"ขั้นที่ {n}" for n in range(1, 6)]
    assert (lv["indicator_code"] == "0402-0810").all()
    for name, frame in tables.items():
        assert list(frame.columns) == TABLES[name].names
    assert {"progress", "status", "fiscal_year_ce", "agency_name_th"} <= EXPORT_ONLY_COLUMNS


def test_flat_sheet_from_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI 2564"
    ws.append(
        [
            "indicator_code",
            "fiscal_year",
            "agency_code",
            "name_th",
            "unit",
            "direction",
            "quarter",
            "actual",
            "level_1",
            "score_100",
            "annual_status",
        ]
    )
    for q in range(1, 5):
        ws.append(["0402-0810", 2564, "0402", "ตัวชี้วัด", "level", "milestone", q, q * 25, "ขั้นที่ 1", 80, "met"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    tables = read_table_file(path)
    assert len(tables["indicators"]) == 1
    assert tables["quarterly_results"]["actual"].tolist() == [25.0, 50.0, 75.0, 100.0]
    assert tables["indicator_levels"]["description"].tolist() == ["ขั้นที่ 1"]


def test_flat_sheet_inconsistent_indicator_column(tmp_path: Path) -> None:
    lines = (FIXTURES / "table_flat.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("ระดับความสำเร็จ HR SMART", "ชื่ออื่น", 1)  # spreadsheet row 4
    path = write(tmp_path / "flat.csv", "\n".join(lines) + "\n")
    problems = rejection(path)
    assert has(problems, row=4, column="name_th", text="differs from row 2")


def test_flat_sheet_inconsistent_level(tmp_path: Path) -> None:
    lines = (FIXTURES / "table_flat.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("ขั้นที่ 3", "ขั้นอื่น", 1)  # spreadsheet row 3
    problems = rejection(write(tmp_path / "flat.csv", "\n".join(lines) + "\n"))
    assert has(problems, row=3, column="level_3")


def test_flat_sheet_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path / "flat.csv",
        "indicator_code,fiscal_year,agency_code,name_th,unit,quarter,actual,mystery\n"
        "0402-0810,2564,0402,ก,level,1,10,x\n",
    )
    problems = rejection(path)
    assert has(problems, column="mystery", text="unknown column mystery")
    assert has(problems, column="direction", text="direction")


def test_flat_sheet_results_without_quarter(tmp_path: Path) -> None:
    path = write(
        tmp_path / "flat.csv",
        "indicator_code,fiscal_year,agency_code,name_th,unit,direction,quarter,actual\n"
        "0402-0810,2564,0402,ก,level,milestone,,10\n",
    )
    assert has(rejection(path), row=2, column="quarter")


# --- rejections -------------------------------------------------------------------------------


def test_wrong_header_names_the_column(tmp_path: Path) -> None:
    path = write(tmp_path / "quarterly_results.csv", "indicator_code,fiscal_year,quarter,actaul\n0402-0810,2564,1,10\n")
    problems = rejection(path)
    assert has(problems, column="actaul", text="actaul")
    assert all(p.file == "quarterly_results.csv" for p in problems)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(tmp_path / "quarterly_results.csv", "indicator_code,quarter,actual\nx,1,10\n")
    assert has(rejection(path), column="fiscal_year", text="fiscal_year")


def test_data_without_header_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "agencies.csv", "0402,สำนักงานการเจ้าหน้าที่,,office,0400\n")
    problems = rejection(path)
    assert has(problems, column="0402")
    assert has(problems, column="agency_code")


def test_non_numeric_actual_names_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / "quarterly_results.csv", QR_HEADER + "0402-0810,2564,1,10,,,,,,\n0402-0810,2564,2,สิบ,,,,,,\n"
    )
    problems = rejection(path)
    assert has(problems, row=3, column="actual", text="not a number")
    assert problems[0].file == "quarterly_results.csv"
    assert "row 3" in str(problems[0]) and "column actual" in str(problems[0])


def test_quarter_5_names_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / "quarterly_results.csv",
        QR_HEADER + "0402-0810,2564,1,10,,,,,,\n0402-0810,2564,2,20,,,,,,\n0402-0810,2564,5,30,,,,,,\n",
    )
    assert has(rejection(path), row=4, column="quarter")


def test_all_problems_of_a_file_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "quarterly_results.csv",
        QR_HEADER + "0402-0810,2564,5,10,,,,,,\n0402-0810,2564,2,abc,,,,,,\n,2564,3,1,,,,,,\n",
    )
    problems = rejection(path)
    assert has(problems, row=2, column="quarter")
    assert has(problems, row=3, column="actual")
    assert has(problems, row=4, column="indicator_code")


def test_duplicate_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "quarterly_results.csv", QR_HEADER + "0402-0810,2564,1,10,,,,,,\n0402-0810,2564,1,20,,,,,,\n"
    )
    problems = rejection(path)
    assert has(problems, row=3, text="duplicate key")


def test_duplicate_quarter_in_flat_sheet(tmp_path: Path) -> None:
    lines = (FIXTURES / "table_flat.csv").read_text(encoding="utf-8").splitlines()
    lines[7] = lines[7].replace(",3,,,75,", ",2,,,75,", 1)  # row 8 repeats quarter 2
    problems = rejection(write(tmp_path / "flat.csv", "\n".join(lines) + "\n"))
    assert has(problems, row=8, text="duplicate key")


def test_bad_allowed_value(tmp_path: Path) -> None:
    path = write(tmp_path / "agencies.csv", "agency_code,name_th,kind\n0402,ก,ministry\n")
    assert has(rejection(path), row=2, column="kind")


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", BOM, BOM + b"\n\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "agencies.csv"
    path.write_bytes(content)
    assert has(rejection(path), text="empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "quarterly_results.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert has(rejection(path), text="binary")


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "quarterly_results.csv"
    path.write_bytes(b"indicator_code\n\xff\xfe\xdb\xdc\n")
    assert has(rejection(path), text="cp874")


def test_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "agencies.xlsx"
    path.write_bytes(b"agency_code,name_th\n0402,x\n")
    assert has(rejection(path), text="xlsx")


def test_unsupported_extension(tmp_path: Path) -> None:
    assert has(rejection(write(tmp_path / "agencies.json", "{}")), text="unsupported")


def test_xlsx_formula_cell_is_rejected(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "quarterly_results"
    ws.append(["indicator_code", "fiscal_year", "quarter", "actual"])
    ws.append(["0402-0810", 2564, 1, 10])
    ws.append(["0402-0810", 2564, 2, "=D2*2"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    problems = rejection(path)
    assert has(problems, row=3, column="D", text="D3")
    assert problems[0].file == "book.xlsx [quarterly_results]"
    assert "formula" in problems[0].message_en and "สูตร" in problems[0].message_th


def test_xlsx_date_in_numeric_column_is_rejected(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "quarterly_results"
    ws.append(["indicator_code", "fiscal_year", "quarter", "actual"])
    ws.append(["0402-0810", 2564, 1, dt.datetime(2021, 1, 11)])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    assert has(rejection(path), row=2, column="actual", text="date")


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(path)
    assert has(rejection(path), text="empty")


def test_empty_table_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "agencies"
    ws = wb.create_sheet("quarterly_results")
    ws.append(["indicator_code", "fiscal_year", "quarter"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    assert has(rejection(path), text="empty")


def test_cells_beyond_the_header(tmp_path: Path) -> None:
    path = write(tmp_path / "agencies.csv", "agency_code,name_th,kind\n0402,ก,office,extra\n")
    assert has(rejection(path), row=2)


# --- writers ----------------------------------------------------------------------------------


def test_neutralise() -> None:
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    for s in ("+1", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(s) == "'" + s
        assert unneutralise(neutralise(s)) == s
    assert neutralise(-5.0) == -5.0 and neutralise(3) == 3 and neutralise(None) is None
    assert neutralise("สำนัก") == "สำนัก" and neutralise("") == ""
    assert neutralise("'=x") == "''=x" and unneutralise("''=x") == "'=x"
    assert neutralise("'plain") == "'plain" and unneutralise("'plain") == "'plain"


def test_write_table_csv_bom_and_neutralising(tmp_path: Path) -> None:
    frame = pd.DataFrame({"report_th": ["=cmd|' /C calc'!A0", "-5", "สำนัก", None], "actual": [-5.0, 10.5, None, 1e20]})
    path = tmp_path / "out.csv"
    write_table_csv(frame, path)
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0] == "report_th,actual"
    assert lines[1] == "'=cmd|' /C calc'!A0,-5.0"  # text neutralised, the number stays a number
    assert lines[2] == "'-5,10.5"
    assert lines[3] == "สำนัก,"
    assert lines[4] == ",100000000000000000000"  # no exponent: parse_number reads it back


def _sample_tables(tmp_path: Path) -> dict[str, pd.DataFrame]:
    tables = {t: read_table_file(fixture_as(t, tmp_path))[t] for t in SOURCE_TABLES}
    qr = tables["quarterly_results"].copy()
    qr.loc[1, "report_th"] = '=HYPERLINK("http://x")'
    qr.loc[2, "report_th"] = "-5"
    qr.loc[3, "report_th"] = "'@already"
    tables["quarterly_results"] = qr
    return tables


@pytest.mark.parametrize("table", SOURCE_TABLES)
def test_csv_round_trip(table: str, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    frame = _sample_tables(tmp_path / "in")[table]
    out = tmp_path / "out"
    out.mkdir()
    path = out / f"{table}.csv"
    write_table_csv(frame, path)
    back = read_table_file(path)[table]
    pd.testing.assert_frame_equal(back, frame)


def test_xlsx_round_trip(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    tables = _sample_tables(tmp_path / "in")
    path = tmp_path / "all.xlsx"
    write_table_xlsx(tables, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(tables)
    ws = wb["quarterly_results"]
    assert ws["J3"].value == '\'=HYPERLINK("http://x")' and ws["J3"].data_type == "s"
    assert ws["A2"].value == "0402-0810" and ws["D2"].value == 10  # text stays text, numbers numbers
    back = read_table_file(path)
    assert list(back) == list(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(back[name], frame)


def test_export_with_computed_columns_imports_back(tmp_path: Path) -> None:
    flat = read_table_file(FIXTURES / "table_flat.csv")
    export = flat["quarterly_results"].merge(flat["indicators"], on=["indicator_code", "fiscal_year"])
    export["progress"] = 0.5
    export["status"] = "behind"
    export["annual_ratio"] = 1.0
    path = tmp_path / "export.csv"
    write_table_csv(export, path)
    back = read_table_file(path)
    pd.testing.assert_frame_equal(back["indicators"], flat["indicators"])
    pd.testing.assert_frame_equal(back["quarterly_results"], flat["quarterly_results"])


# --- nothing but a dict or ImportRejected -----------------------------------------------------


def _read_or_reject(path: Path) -> None:
    try:
        result = read_table_file(path)
    except ImportRejected as exc:
        assert exc.problems
        assert not any("internal error" in p.message_en for p in exc.problems), exc.problems
        return
    assert isinstance(result, dict) and set(result) <= set(SOURCE_TABLES)


_NAMES = st.sampled_from(["quarterly_results.csv", "agencies.csv", "flat.csv", "indicators.csv", "book.xlsx"])
_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(data=st.binary(max_size=2000), name=_NAMES)
def test_random_bytes(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _read_or_reject(path)


_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "0402-0810",
            "2564",
            "๒๕๖๔",
            "1",
            "5",
            "1,407.52",
            "-",
            "=1+1",
            "'=x",
            "nan",
            "inf",
            "level",
            "milestone",
            "office",
            '"',
            ",",
            "\n",
            "\r\n",
            "ก",
        ]
    ),
)
_HEADER = st.sampled_from(
    [
        "indicator_code",
        "fiscal_year",
        "quarter",
        "actual",
        "agency_code",
        "name_th",
        "kind",
        "unit",
        "direction",
        "level_1",
        "progress",
        "x",
        "",
    ]
)


@_SETTINGS
@given(text=st.text(max_size=500), name=_NAMES.filter(lambda n: n.endswith(".csv")))
def test_random_csv_text(tmp_path: Path, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    _read_or_reject(path)


@_SETTINGS
@given(
    header=st.lists(_HEADER, min_size=1, max_size=8),
    rows=st.lists(st.lists(_CELL, max_size=9), max_size=6),
    name=_NAMES.filter(lambda n: n.endswith(".csv")),
)
def test_random_csv_grid(tmp_path: Path, header: list[str], rows: list[list[str]], name: str) -> None:
    import csv
    import io

    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(header)
    out.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buf.getvalue().encode("utf-8", errors="surrogatepass"))
    _read_or_reject(path)


@_SETTINGS
@given(
    header=st.lists(_HEADER, min_size=1, max_size=6),
    rows=st.lists(
        st.lists(
            st.one_of(_CELL, st.integers(-10, 3000), st.floats(allow_nan=True), st.none(), st.booleans()), max_size=7
        ),
        max_size=4,
    ),
    sheet=st.sampled_from(["quarterly_results", "agencies", "Sheet"]),
)
def test_random_xlsx(tmp_path: Path, header: list[str], rows: list[list[object]], sheet: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    path = tmp_path / "book.xlsx"
    try:
        ws.append(header)
        for r in rows:
            ws.append(r)
        wb.save(path)
    except IllegalCharacterError:  # openpyxl refuses control characters: not what is tested here
        return
    _read_or_reject(path)


# blank text is NULL; NUL is dropped by the writers; a literal "_x000D_" reads back from XLSX
# as a CR (see tables._ooxml_unescape)
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=30).filter(
    lambda s: s.strip() != "" and "_x" not in s
)
# XLSX stores 15–16 significant digits (Excel's precision), so numbers are drawn at that precision
_NUMBER = st.one_of(st.none(), st.floats(-1e15, 1e15).map(lambda x: float(f"{x:.15g}")))


@_SETTINGS
@given(
    rows=st.lists(st.tuples(st.one_of(st.none(), _TEXT), _NUMBER, _NUMBER), min_size=1, max_size=4),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_round_trip_any_text_and_number(tmp_path: Path, rows: list[tuple], fmt: str) -> None:
    n = len(rows)
    frame = coerce_frame(
        "quarterly_results",
        pd.DataFrame(
            {
                "indicator_code": ["0402-0810"] * n,
                "fiscal_year": [2564] * n,
                "quarter": list(range(1, n + 1)),
                "report_th": [r[0] for r in rows],
                "actual": [r[1] for r in rows],
                "evaluation_score": [r[2] for r in rows],
            }
        ),
    )
    if fmt == "csv":
        path = tmp_path / "quarterly_results.csv"
        write_table_csv(frame, path)
    else:
        path = tmp_path / "export.xlsx"
        write_table_xlsx({"quarterly_results": frame}, path)
    back = read_table_file(path)["quarterly_results"]
    pd.testing.assert_frame_equal(back, frame)


# --- is_recorded = FALSE rows (issue 11, item 1) ------------------------------------------------

_FLAT_HEADER = (
    "indicator_code,fiscal_year,agency_code,name_th,unit,direction,quarter,is_recorded,"
    "actual,planned_cum,evaluation_score,score_2_1,score_2_2,evaluator_score,report_th\n"
)
_FLAT_ROW = "0402-0810,2564,0402,ก,percent,higher,{q},{rec},{rest}\n"


def test_an_unrecorded_export_row_with_a_typed_result_is_imported_not_dropped(tmp_path: Path) -> None:
    """An export edited in Excel: Q3 was a placeholder (is_recorded FALSE) and the user typed
    the result into it. The result is imported, never silently lost."""
    path = write(
        tmp_path / "export.csv",
        _FLAT_HEADER
        + _FLAT_ROW.format(q=1, rec="TRUE", rest="10,,,,,,")
        + _FLAT_ROW.format(q=2, rec="FALSE", rest=",,,,,,")  # a placeholder: skipped
        + _FLAT_ROW.format(q=3, rec="FALSE", rest="65,,,,,,รายงานไตรมาส 3"),
    )
    qr = read_table_file(path)["quarterly_results"]
    assert qr["quarter"].tolist() == [1, 3]
    assert qr.loc[1, "actual"] == 65.0 and qr.loc[1, "report_th"] == "รายงานไตรมาส 3"


@pytest.mark.parametrize(
    "column,value",
    [
        ("actual", "65"),
        ("planned_cum", "75"),
        ("evaluation_score", "3"),
        ("score_2_1", "1"),
        ("score_2_2", "1"),
        ("evaluator_score", "4"),
        ("report_th", "ส่งแล้ว"),
    ],
)
def test_any_recorded_value_keeps_an_unrecorded_row(tmp_path: Path, column: str, value: str) -> None:
    cols = ["actual", "planned_cum", "evaluation_score", "score_2_1", "score_2_2", "evaluator_score", "report_th"]
    rest = ",".join(value if c == column else "" for c in cols)
    path = write(tmp_path / "export.csv", _FLAT_HEADER + _FLAT_ROW.format(q=3, rec="FALSE", rest=rest))
    qr = read_table_file(path)["quarterly_results"]
    assert len(qr) == 1 and not pd.isna(qr.loc[0, column])


def test_an_unrecorded_row_with_a_bad_typed_value_is_rejected_not_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", _FLAT_HEADER + _FLAT_ROW.format(q=3, rec="FALSE", rest="สิบ,,,,,,"))
    assert has(rejection(path), row=2, column="actual", text="not a number")


# --- bombs: caps, the header first, streaming (issue 11, item 4) ------------------------------

from bench.bomb import SHEET_HEAD, SHEET_TAIL, header_row, write_bomb, write_package  # noqa: E402
from kpi_model import config  # noqa: E402

FLAT_COLUMNS = ["indicator_code", "fiscal_year", "agency_code", "name_th", "unit", "direction", "quarter", "actual"]


def _limits(monkeypatch, **values) -> None:
    monkeypatch.setattr(config, "settings", config.Settings(**values))


def test_an_xlsx_that_unpacks_past_the_cap_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    _limits(monkeypatch, max_unpacked_mb=1)
    path = tmp_path / "bomb.xlsx"
    made = write_bomb(path, unpacked_mb=3, complete=True)
    assert made["bytes"] < 100_000 < 3 * 1024 * 1024 <= made["unpacked"]

    def never(*_a, **_k):
        raise AssertionError("openpyxl must not open it")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    problems = rejection(path)
    assert len(problems) == 1 and problems[0].file == "bomb.xlsx"
    assert "unpacks to 3 MB, more than the 1 MB allowed" in problems[0].message_en
    assert "เกินกำหนด 1 MB" in problems[0].message_th


def test_a_missing_xlsx_column_is_reported_before_any_data_row_is_read(tmp_path):
    """The rows after the header are broken XML: a reader that reads them before checking the
    header says "damaged"; this one never gets there."""
    path = tmp_path / "export.xlsx"
    columns = [c for c in FLAT_COLUMNS if c != "direction"]
    write_package(
        path,
        [
            SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:G9"/><sheetData>'),
            header_row(columns),
            '<row r="2"><c r="A2"><v>1</v></c><row <<<',
        ],
    )
    problems = rejection(path)
    assert len(problems) == 1
    assert has(problems, row=1, column="direction", text="the required column direction is missing")


def test_a_missing_csv_column_is_reported_before_any_data_row_is_parsed(tmp_path):
    too_long = '"' + "x" * 200_000 + '"'  # past the csv module's field limit: a parse error
    path = write(tmp_path / "quarterly_results.csv", f"indicator_code,quarter,actual\n0402-0810,1,{too_long}\n")
    problems = rejection(path)
    assert len(problems) == 1 and has(problems, column="fiscal_year", text="fiscal_year")


def test_an_unknown_column_stops_the_read_at_the_header(tmp_path):
    path = write(
        tmp_path / "quarterly_results.csv", QR_HEADER.replace("actual", "actaul") + "0402-0810,2564,9,สิบ,,,,,,\n"
    )
    problems = rejection(path)
    assert has(problems, column="actaul") and not has(problems, row=2)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_past_the_row_cap_is_refused_naming_the_file_and_row(tmp_path, monkeypatch, fmt):
    _limits(monkeypatch, max_rows=3)
    rows = [["0402-0810", 2564, q, q * 10] for q in (1, 2, 3, 4)]
    if fmt == "csv":
        path = write(
            tmp_path / "quarterly_results.csv",
            "indicator_code,fiscal_year,quarter,actual\n" + "".join(",".join(map(str, r)) + "\n" for r in rows),
        )
        label = "quarterly_results.csv"
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "quarterly_results"
        ws.append(["indicator_code", "fiscal_year", "quarter", "actual"])
        for r in rows:
            ws.append(r)
        path = tmp_path / "book.xlsx"
        wb.save(path)
        label = "book.xlsx [quarterly_results]"
    problems = rejection(path)
    assert len(problems) == 1 and problems[0].file == label and problems[0].row == 5
    assert "more than 3 data rows" in problems[0].message_en and "เกิน 3 แถว" in problems[0].message_th
    _limits(monkeypatch, max_rows=4)
    assert len(read_table_file(path)["quarterly_results"]) == 4


def test_a_wrong_dimension_element_does_not_cut_rows_or_columns_off(tmp_path):
    """Read-only mode trusts <dimension>; the reader resets it, so nothing is silently lost."""
    path = tmp_path / "quarterly_results.xlsx"

    def cells(r, values):
        return (
            f'<row r="{r}">'
            + "".join(
                f'<c r="{chr(65 + i)}{r}"'
                + (f' t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str) else f"><v>{v}</v></c>")
                for i, v in enumerate(values)
            )
            + "</row>"
        )

    write_package(
        path,
        [
            SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:B2"/><sheetData>'),
            cells(1, ["indicator_code", "fiscal_year", "quarter", "actual"]),
            cells(2, ["0402-0810", 2564, 1, 10]),
            cells(3, ["0402-0810", 2564, 2, 20]),
            SHEET_TAIL,
        ],
    )
    qr = read_table_file(path)["quarterly_results"]
    assert qr["actual"].tolist() == [10.0, 20.0]


def test_data_far_to_the_right_is_refused_not_dropped(tmp_path):
    path = tmp_path / "agencies.xlsx"
    write_package(
        path,
        [
            SHEET_HEAD,
            header_row(["agency_code", "name_th", "kind"]),
            '<row r="2"><c r="A2" t="inlineStr"><is><t>0402</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>ก</t></is></c>'
            '<c r="C2" t="inlineStr"><is><t>office</t></is></c>'
            '<c r="AMK2"><v>1</v></c></row>',
            SHEET_TAIL,
        ],
    )
    problems = rejection(path)
    assert has(problems, row=2, text="beyond column AMJ")


def test_data_past_the_header_in_an_xlsx_is_named_by_its_first_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "agencies"
    ws.append(["agency_code", "name_th", "kind"])
    ws.append(["0402", "ก", "office"])
    ws.append(["0403", "ข", "office", None, "extra"])
    ws.append(["0404", "ค", "office", None, "more"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    problems = rejection(path)
    assert has(problems, row=3, column="E", text="no name in the header")
    assert not has(problems, row=4)
