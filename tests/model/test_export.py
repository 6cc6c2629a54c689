"""Extracts: computed beside recorded, BE and CE, BOM, no formulas; import → export → import."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from kpi_model.__main__ import main
from kpi_model.export import extract, extract_bytes, write_extract
from kpi_model.i18n import status_label
from kpi_model.importer.batch import import_paths
from kpi_model.importer.columns import THAI_HEADERS, canonical_header, thai_header
from kpi_model.importer.tables import read_table_file
from kpi_model.schema import SOURCE_TABLES
from kpi_model.store import Filters, Store
from tests.conftest import FIXTURES, shared_path


def source_tables(store: Store) -> dict[str, pd.DataFrame]:
    out = {}
    for t in SOURCE_TABLES:
        frame = store.read(t)
        out[t] = frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)
    return out


@pytest.fixture
def imported(tmp_path) -> Store:
    store = Store(tmp_path / "a")
    result = import_paths(
        store,
        [shared_path("seeds"), shared_path("real-pages"), FIXTURES / "page_count_thai_digits.txt"],
        fiscal_year=2564,
    )
    assert result.rejected == []
    return store


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_export_import_round_trips_to_the_same_store(imported, tmp_path, suffix):
    out = tmp_path / f"extract{suffix}"
    write_extract(extract(imported), out)
    again = Store(tmp_path / "b")
    result = import_paths(again, [out])
    assert result.rejected == []
    a, b = source_tables(imported), source_tables(again)
    for t in ("indicators", "indicator_levels", "quarterly_results"):
        pd.testing.assert_frame_equal(a[t], b[t], check_dtype=False, obj=t)


def test_extract_has_computed_columns_beside_recorded_ones(demo_store):
    frame = extract(demo_store, Filters(indicator_codes=("0402-0810",)))
    assert frame["quarter"].tolist() == [1, 2, 3, 4]
    assert frame["fiscal_year"].tolist() == [2564] * 4 and frame["fiscal_year_ce"].tolist() == [2021] * 4
    assert frame["actual"].tolist() == [10.0, 25.0, 65.0, 100.0]
    assert frame["progress"].tolist() == pytest.approx([0.1, 0.25, 0.65, 1.0])
    assert frame["plan_source"].tolist() == ["assumed"] * 4
    assert frame["status"].tolist() == ["behind", "behind", "on_track", "met"]
    assert frame["score_100"].tolist() == pytest.approx([40, 50, 86.6667, 100], abs=1e-3)
    assert frame["evaluation_score"].tolist() == [100.0] * 4
    assert frame["annual_score_5"].tolist() == [5.0] * 4
    assert frame["agency_name_th"].iloc[0] == "สำนักงานการเจ้าหน้าที่"


def test_csv_extract_is_utf8_with_bom_and_thai(demo_store):
    data = extract_bytes(extract(demo_store, Filters(indicator_codes=("0402-0810",))), ".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "ระดับความสำเร็จ".encode() in data


def test_a_formula_in_a_text_cell_never_reaches_an_export_as_a_formula(imported, tmp_path):
    tables = {t: imported.read(t) for t in SOURCE_TABLES}
    tables["indicators"].loc[0, "name_th"] = "=cmd|' /C calc'!A0"
    tables["quarterly_results"].loc[0, "report_th"] = "@SUM(A1)"
    imported.write(tables)
    out = tmp_path / "x.csv"
    write_extract(extract(imported), out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=cmd|" in text and "\n=cmd" not in text and ",=cmd" not in text
    assert "'@SUM(A1)" in text
    back = read_table_file(out)
    assert "=cmd|' /C calc'!A0" in set(back["indicators"]["name_th"])


def test_cli_export_filters_by_agency_year_and_quarter(demo_store, tmp_path, capsys):
    out = tmp_path / "e.csv"
    assert (
        main(
            [
                "export",
                "--store",
                str(demo_store.root),
                "--agency",
                "0402",
                "--fy",
                "2564",
                "--quarter",
                "1",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    frame = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    expected = len(
        demo_store.select("quarter_scores", Filters(agency_codes=("0402",), fiscal_years=(2564,), quarters=(1,)))
    )
    assert len(frame) == expected > 0
    assert set(frame[thai_header("agency_code")]) == {"0402"} and set(frame[thai_header("quarter")]) == {"1"}
    assert f"wrote {expected:,} rows" in capsys.readouterr().out


def test_cli_export_refuses_other_suffixes(demo_store, tmp_path):
    assert main(["export", "--store", str(demo_store.root), "-o", str(tmp_path / "x.json")]) == 2


def test_a_download_reads_in_thai_and_rounds_what_it_computes(demo_store):
    frame = extract(demo_store, Filters(indicator_codes=("0402-0810",)))
    data = extract_bytes(frame, ".csv")
    back = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == [thai_header(c) for c in frame.columns]
    assert not [c for c in back.columns if re.fullmatch(r"[a-z0-9_]+", c)]  # no snake_case header left
    assert list(back["สถานะที่คำนวณ"]) == [status_label(s) for s in ("behind", "behind", "on_track", "met")]
    assert not {"met", "behind", "on_track", "no_data"} & set(back.to_numpy().ravel())
    assert list(back["คะแนนที่คำนวณ (0–100)"]) == ["40.0", "50.0", "86.67", "100.0"]
    assert list(back["ผลงานสะสม"]) == ["10.0", "25.0", "65.0", "100.0"]  # recorded values as stored


def test_every_thai_header_names_one_column_and_reads_back():
    assert len(set(THAI_HEADERS.values())) == len(THAI_HEADERS)
    for column, header in THAI_HEADERS.items():
        assert canonical_header(header) == column and canonical_header(f" {header} ") == column
        assert canonical_header(column) == column  # English headers are read as before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_thai_header_export_of_the_demo_imports_back_to_identical_tables(demo_store, tmp_path, suffix):
    out = tmp_path / f"demo{suffix}"
    filters = Filters(agency_codes=("0402", "5047"))
    write_extract(extract(demo_store, filters), out)
    again = Store(tmp_path / "again")
    assert import_paths(again, [out]).rejected == []
    codes = tuple(sorted(set(again.read("indicators")["indicator_code"])))
    assert codes
    for table in ("indicators", "indicator_levels", "quarterly_results"):
        a = demo_store.read(table)
        a = a[a["indicator_code"].isin(codes)]
        b = again.read(table)
        keys = [c for c in ("indicator_code", "fiscal_year", "quarter", "level") if c in a.columns]
        a = a.sort_values(keys).reset_index(drop=True)
        b = b.sort_values(keys).reset_index(drop=True)[list(a.columns)]
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=table)


def test_the_flags_download_is_in_thai_with_what_to_check(demo_store):
    from kpi_model import views
    from kpi_model.quality import flag_check

    data = views.flags_csv_bytes(demo_store, Filters(flag_codes=("level_recorded_as_percent",)))
    back = pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert {"รหัสข้อสังเกต", "ข้อสังเกต", "ระดับความรุนแรง", "สิ่งที่ควรตรวจ"} <= set(back.columns)
    assert set(back["ระดับความรุนแรง"]) == {"คำเตือน"}
    assert set(back["สิ่งที่ควรตรวจ"]) == {flag_check("level_recorded_as_percent")}
