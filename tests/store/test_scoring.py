"""The set-wise scoring (kpi_model.store.scoring, SQL) equals the reference (kpi_model.derive,
Python over kpi_model.achievement and kpi_model.quality) row by row, flags and their messages
included: on every indicator-year of the demo store and on random indicator-years drawn to hit
every rule's edges (targets of 0, negative or missing; zeros after a result; dashes for reports;
level descriptions with one number or two; settings for one year or every year)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_model.demo import demo_tables
from kpi_model.derive import derive
from kpi_model.schema import ACCUMULATIONS, SOURCE_TABLES, TABLES, coerce_frame
from kpi_model.store.scoring import derive_frames

SORT = {
    "quarter_scores": ["indicator_code", "fiscal_year", "quarter"],
    "annual_scores": ["indicator_code", "fiscal_year"],
}


def _rows(frame: pd.DataFrame, table: str) -> list[tuple]:
    """The frame's rows as plain tuples (NA as None), in a canonical order: quarter and annual
    rows by key, flags by every column (the reference emits them in rule order)."""
    out = frame.astype(object).where(frame.notna(), None)
    rows = [tuple(r) for r in out.itertuples(index=False, name=None)]
    if table == "quality_flags":
        return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))
    keys = [list(frame.columns).index(c) for c in SORT[table]]
    return sorted(rows, key=lambda r: tuple(r[i] for i in keys))


def assert_same(reference: dict[str, pd.DataFrame], bulk: dict[str, pd.DataFrame]) -> None:
    for table, ref in reference.items():
        got = bulk[table]
        assert list(got.columns) == list(ref.columns), table
        assert [str(t) for t in got.dtypes] == [str(t) for t in ref.dtypes], table
        ref_rows, got_rows = _rows(ref, table), _rows(got, table)
        assert len(got_rows) == len(ref_rows), table
        for r, g in zip(ref_rows, got_rows):
            assert g == r, (table, [(c, a, b) for c, a, b in zip(ref.columns, r, g) if a != b])


def test_bulk_equals_reference_on_every_demo_indicator_year():
    tables = {t: coerce_frame(t, f) for t, f in demo_tables().items() if t in SOURCE_TABLES}
    reference = derive(tables)
    assert len(reference["quarter_scores"]) > 9000 and len(reference["quality_flags"]) > 5000
    assert_same(reference, derive_frames(tables))


def test_the_comparison_sees_a_difference():
    """assert_same is not blind: one score changed by a hair fails it."""
    tables = {t: coerce_frame(t, f) for t, f in demo_tables().items() if t in SOURCE_TABLES}
    reference = derive(tables)
    bulk = derive_frames(tables)
    q = bulk["quarter_scores"]
    i = q.index[q["score_100"].notna()][0]
    q.loc[i, "score_100"] = q.loc[i, "score_100"] + 1e-12
    with pytest.raises(AssertionError):
        assert_same(reference, bulk)


# ---- random indicator-years -------------------------------------------------------------------

NUMBERS = st.one_of(
    st.none(),
    st.sampled_from([0.0, -0.0, 1.0, 5.0, 25.0, 40.0, 50.0, 90.0, 95.0, 96.0, 100.0, 150.0, -3.0, 0.1, 1234.5]),
    st.floats(-50, 500, allow_nan=False, allow_infinity=False),
)
TARGETS = st.one_of(st.none(), st.sampled_from([0.0, -5.0, 1.0, 3.0, 5.0, 10.0, 40.0, 80.0, 95.0, 100.0, 1500.0]))
REPORTS = st.one_of(
    st.none(),
    st.sampled_from(["", "-", " – ", "—", "-- - --", "\u00a0-\u3000", "ดำเนินการแล้ว", " รายงาน ", "x-"]),
)
WORDS = st.sampled_from(
    [
        "ร้อยละของผู้ป่วย",
        "อัตราการป่วยไม่เกิน",
        "ระยะเวลาเฉลี่ย",
        "จำนวนอุบัติเหตุลดลงไม่น้อยกว่า",
        "ระดับความสำเร็จ",
        "ผู้เสียชีวิต",
        "โครงการ",
    ]
)
DESCRIPTIONS = st.sampled_from(
    ["ร้อยละ 10", "ร้อยละ ๒๐", "1,000 ราย", "ไม่มีตัวเลข", "10 ถึง 20", "", "-5", "ระดับ 3.5", "30.25"]
)


@st.composite
def indicator_years(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    n = draw(st.integers(1, 6))
    inds, results, levels, setting_rows = [], [], [], []
    for i in range(n):
        code = draw(st.sampled_from([f"0402-08{i:02d}", f"402-8{i:02d}", f"5035-{i}"]))
        fy = draw(st.sampled_from([2564, 2565]))
        if any(r["indicator_code"] == code and r["fiscal_year"] == fy for r in inds):
            continue
        unit = draw(st.sampled_from(["level", "percent", "count", "time", "money", "other"]))
        inferred = draw(st.booleans())
        direction = "milestone" if unit == "level" else draw(st.sampled_from(["higher", "lower", "milestone"]))
        target = draw(TARGETS)
        inds.append(
            {
                "indicator_code": code,
                "fiscal_year": fy,
                "agency_code": draw(st.sampled_from(["0402", "5035", "9999", None])) or "0402",
                "name_th": draw(WORDS),
                "name_en": None,
                "indicator_type": draw(st.sampled_from(["strategic", "routine", None])),
                "result_level": None,
                "unit": unit,
                "unit_th": draw(st.sampled_from(["ร้อยละ", "นาที", "ราย", "ระดับ", None])),
                "direction": direction,
                "direction_source": "inferred"
                if inferred and unit != "level"
                else draw(st.sampled_from([None, "recorded"])),
                "accumulation": draw(st.sampled_from([None, *ACCUMULATIONS])),
                "accumulation_source": None,
                "target": target,
                "achieved": draw(NUMBERS),
                "max_level": draw(st.sampled_from([None, 3, 5])),
                "max_level_source": draw(st.sampled_from([None, "page", "assumed"])),
                "weight": draw(st.sampled_from([None, 1.0, 2.5])),
                "strategy_code": draw(st.sampled_from(["7", "7.3.1.1", "7.9", "", None, "1.2"])),
                "audited_quarter": draw(st.sampled_from([None, 1, 2, 4])),
                "source": "test",
            }
        )
        for q in sorted(draw(st.sets(st.integers(1, 4)))):
            results.append(
                {
                    "indicator_code": code,
                    "fiscal_year": fy,
                    "quarter": q,
                    "actual": draw(NUMBERS),
                    "evaluation_score": draw(st.sampled_from([None, 0.0, 50.0, 79.9, 80.0, 90.0, 100.0])),
                    "score_2_1": draw(st.sampled_from([None, 1.0])),
                    "score_2_2": None,
                    "evaluator_score": draw(st.sampled_from([None, 0.0, 100.0])),
                    "planned_cum": draw(st.sampled_from([None, 0.0, 25.0, 50.0, 40.0, 100.0, 110.0])),
                    "report_th": draw(REPORTS),
                }
            )
        if draw(st.booleans()):
            for level in range(1, draw(st.integers(1, 5)) + 1):
                levels.append(
                    {"indicator_code": code, "fiscal_year": fy, "level": level, "description": draw(DESCRIPTIONS)}
                )
        if draw(st.integers(0, 3)) == 0:
            plan = draw(
                st.sampled_from(
                    [(None,) * 4, (10.0, 30.0, 60.0, 100.0), (None, 50.0, None, 90.0), (50.0, 40.0, 80.0, 100.0)]
                )
            )
            setting_rows.append(
                {
                    "indicator_code": draw(st.sampled_from([code, code.replace("-", "-0", 1)])),
                    "fiscal_year": draw(st.sampled_from([fy, None])),
                    "direction": draw(st.sampled_from([None, "higher", "lower"])),
                    "accumulation": draw(st.sampled_from([None, *ACCUMULATIONS])),
                    **{f"plan_q{k}": plan[k - 1] for k in (1, 2, 3, 4)},
                    "max_level": draw(st.sampled_from([None, 4])),
                    "weight": draw(st.sampled_from([None, 3.0])),
                    "note": None,
                    "set_by": "test",
                    "set_at": "2026-12-01T00:00:00+00:00",
                }
            )
    unique_settings = {(r["indicator_code"], r["fiscal_year"]): r for r in setting_rows}
    frames = {
        "agencies": pd.DataFrame(
            [
                {"agency_code": "0402", "name_th": "ก", "kind": "office"},
                {"agency_code": "5035", "name_th": "ข", "kind": "district"},
            ]
        ),
        "strategies": pd.DataFrame(
            [{"strategy_code": c, "depth": c.count(".") + 1, "name_th": "ย"} for c in ("7", "7.3.1.1", "1.2")]
        ),
        "indicators": pd.DataFrame(inds),
        "quarterly_results": pd.DataFrame(results),
        "indicator_levels": pd.DataFrame(levels),
        "indicator_settings": pd.DataFrame(list(unique_settings.values())),
        "peer_groups": pd.DataFrame(),  # not scored
    }
    return {t: coerce_frame(t, frames[t].reindex(columns=TABLES[t].names)) for t in SOURCE_TABLES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(indicator_years())
def test_bulk_equals_reference_on_random_indicator_years(tables):
    assert_same(derive(tables), derive_frames(tables))


def test_random_indicator_years_reach_the_edges():
    """The strategy above does draw what it is meant to (a blind strategy proves nothing)."""
    seen: set[str] = set()

    # the same draws every run: whether the strategy reaches an edge must not depend on luck
    # (a random run once missed target_negative in 100 draws)
    @settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(indicator_years())
    def collect(tables):
        flags = derive(tables)["quality_flags"]
        seen.update(flags["code"].dropna())

    collect()
    wanted = {
        "target_zero",
        "target_negative",
        "target_missing",
        "result_goes_down",
        "plan_not_increasing",
        "quarter_not_reported",
        "result_without_report",
        "recorded_vs_computed",
        "score_not_yet_evaluated",
        "direction_inferred",
        "unknown_agency",
        "unknown_strategy",
        "no_strategy",
        "annual_differs_q4",
    }
    assert wanted <= seen, wanted - seen
    assert math.isfinite(len(seen))
