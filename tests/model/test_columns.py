"""The column registry: one entry per column, read the same way by tables, files, the importer
and the store's extract."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model import columns, export
from kpi_model.columns import (
    AGENCIES_TABLE,
    COLUMNS,
    EXPORT_ONLY_COLUMNS,
    EXTRACT_COLUMNS,
    STRATEGY_TABLE,
    THAI_HEADERS,
    column_label,
    spec,
)
from kpi_model.derive import QUARTER_COLUMNS
from kpi_model.importer.columns import IMPORTED_COLUMNS, canonical_header, is_export_only
from kpi_model.labels import label_rows
from kpi_model.views.common import _ROW_COLUMNS

LAYOUTS = {"agencies": AGENCIES_TABLE, "strategy": STRATEGY_TABLE}


def test_each_column_is_registered_once_and_each_thai_header_names_one_column():
    names = [c.name for c in COLUMNS]
    assert len(names) == len(set(names))
    headers = list(THAI_HEADERS.values())
    assert len(headers) == len(set(headers))
    assert all(canonical_header(h) == c for c, h in THAI_HEADERS.items())


def test_a_computed_column_is_ignored_on_import_and_an_imported_one_never_is():
    assert not EXPORT_ONLY_COLUMNS & IMPORTED_COLUMNS
    assert all(is_export_only(c) for c in EXPORT_ONLY_COLUMNS)
    assert not any(is_export_only(c) for c in IMPORTED_COLUMNS)
    assert {"progress", "status", "score_100", "annual_status", "fiscal_year_ce"} <= EXPORT_ONLY_COLUMNS


def test_a_file_writes_words_and_rounds_only_where_no_import_reads_the_value_back():
    worded = set(export._WORDS)
    rounded = set(export._DECIMALS)
    assert worded and rounded
    assert not worded & IMPORTED_COLUMNS
    assert rounded <= EXPORT_ONLY_COLUMNS
    # the importable accumulation has words in a table, but a file keeps its code
    assert spec("accumulation").words is not None and "accumulation" not in worded
    assert export._DECIMALS == {
        "plan": 4,
        "progress": 4,
        "ratio": 4,
        "score_100": 2,
        "annual_ratio": 4,
        "annual_score_100": 2,
        "annual_score_5": 2,
    }


def test_for_readers_writes_the_registry_words_in_thai_and_keeps_codes_an_import_reads():
    frame = pd.DataFrame(
        {
            "status": ["behind", None],
            "accumulation": ["snapshot", "cumulative"],
            "accumulation_used": ["snapshot", None],
            "score_100": [86.666666, 50.0],
            "target": [12.345678, 1.0],
        }
    )
    out = export.for_readers(frame)
    assert list(out.columns) == [
        "สถานะที่คำนวณ",
        "การนับผลงาน",
        "การนับผลงานที่ใช้คำนวณ",
        "คะแนนที่คำนวณ (0–100)",
        "ค่าเป้าหมาย",
    ]
    status = list(out["สถานะที่คำนวณ"])
    assert status[0] == "ต่ำกว่าเป้าหมาย" and pd.isna(status[1])
    assert list(out["การนับผลงาน"]) == ["snapshot", "cumulative"]
    assert list(out["การนับผลงานที่ใช้คำนวณ"])[:1] == ["ค่ารายไตรมาส (อัตรา) เทียบค่าเป้าหมายทุกไตรมาส"]
    assert list(out["คะแนนที่คำนวณ (0–100)"]) == [86.67, 50.0]
    assert list(out["ค่าเป้าหมาย"]) == [12.345678, 1.0]


def test_the_computed_score_has_one_thai_name_in_tables_files_and_the_comparisons():
    label = column_label("score_100")
    assert label == "คะแนนที่คำนวณ"
    assert THAI_HEADERS["score_100"] == f"{label} (0–100)"
    assert column_label("score_prev").startswith(label) and column_label("score_now").startswith(label)
    assert column_label("score_100", "en") == "Computed score"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_column_of_a_page_table_is_labelled_in_both_languages_and_knows_its_colours(layout):
    for name in LAYOUTS[layout].columns(details=True):
        c = spec(name)
        assert c.label is not None and all(c.label), name
        if c.fmt in ("status", "recorded"):
            assert c.codes_from in _ROW_COLUMNS, name


def test_the_rows_of_a_table_carry_every_stored_column_its_layout_shows():
    shown = {c for layout in LAYOUTS.values() for c in layout.columns(details=True)}
    assert {c for c in shown if c in QUARTER_COLUMNS} <= set(_ROW_COLUMNS)


def test_label_rows_writes_every_registered_code_column_in_the_readers_language():
    rows = pd.DataFrame(
        {
            "status": ["met", None],
            "plan_source": ["recorded", None],
            "accumulation": ["cumulative", "snapshot"],
            "recorded_status": ["met", None],
            "inferences": [None, None],
        }
    )
    th, en = label_rows(rows, "th"), label_rows(rows, "en")
    assert list(th["status"]) == ["บรรลุเป้าหมาย", "ไม่มีข้อมูล"]
    assert list(en["status"]) == ["Met", "No data"]
    assert list(en["accumulation"]) == [
        "cumulative over the year",
        "a per-quarter value (a rate) against the target each quarter",
    ]
    assert list(th["plan_source"])[1] == "—"
    assert list(th["recorded_status"])[:1] == ["met"]  # kept as codes: the recorded column's colours


def test_the_extract_writes_the_registry_columns_in_registry_order(demo_store):
    frame = demo_store.extract(limit=3)
    assert list(frame.columns) == [c.name for c in EXTRACT_COLUMNS]
    assert list(frame["is_recorded"].drop_duplicates()) in ([True], [False], [True, False], [False, True])


def test_an_extract_column_from_an_unknown_table_or_column_is_refused():
    from kpi_model.errors import KpiError
    from kpi_model.store import queries

    with pytest.raises(ValueError, match="no table 'elsewhere'"):
        queries._extract_column("elsewhere", "target", "target", False)
    with pytest.raises(KpiError, match="unknown column"):
        queries._extract_column("indicators", "target; drop table x", "target", False)
    assert queries._extract_column("quarterly_results", "quarter", "is_recorded", True) == (
        'quarterly_results."quarter" is not null as is_recorded'
    )


def test_unregistered_columns_show_by_their_name():
    assert column_label("a_source_files_own_column") == "a_source_files_own_column"
    assert columns.spec("target").label_in("en") == "Target"
