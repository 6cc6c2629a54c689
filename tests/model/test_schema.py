import pandas as pd

from kpi_model.schema import coerce_frame, validate_frame
from tests.factories import small_tables


def test_valid_tables_have_no_problems():
    for name, frame in small_tables().items():
        assert validate_frame(name, frame) == []


def test_wrong_column_is_named():
    frame = small_tables()["agencies"].rename(columns={"kind": "type"})
    got = [(p.column, p.message_en) for p in validate_frame("agencies", frame, "agencies.csv")]
    assert ("kind", "table agencies has no column kind") in got
    assert ("type", "unknown column type in table agencies") in got


def test_bad_values_name_row_and_column():
    frame = small_tables()["quarterly_results"].astype(object)
    frame.loc[1, "quarter"] = 5
    frame.loc[2, "actual"] = "สิบ"
    problems = validate_frame("quarterly_results", frame, "q.csv", row_offset=2)
    assert [(p.row, p.column) for p in problems] == [(3, "quarter"), (4, "actual")]
    assert "outside 1–4" in problems[0].message_en


def test_duplicate_key_is_named():
    frame = small_tables()["indicators"]
    frame = pd.concat([frame, frame.iloc[[1]]], ignore_index=True)
    problems = validate_frame("indicators", frame, "indicators")
    assert [(p.row, p.column) for p in problems] == [(4, "indicator_code,fiscal_year")]
    assert "duplicate key (indicator_code=0402-0002, fiscal_year=2564)" in problems[0].message_en


def test_blanks_become_null_never_zero_or_empty_text():
    frame = pd.DataFrame(
        {"indicator_code": ["x"], "fiscal_year": ["2564"], "quarter": ["1"], "actual": [""], "report_th": ["  "]}
    )
    out = coerce_frame("quarterly_results", frame)
    assert pd.isna(out.loc[0, "actual"]) and pd.isna(out.loc[0, "report_th"])
    assert out.loc[0, "fiscal_year"] == 2564
