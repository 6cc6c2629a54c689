"""Every worked case of ``tests/rule_cases.py`` through the three places a rule is written:
the Python reference, the set-wise SQL, and the explanation an executive reads."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from kpi_model.config import Settings
from kpi_model.derive import derive
from kpi_model.explain import explain_quarter, explain_year
from kpi_model.schema import TABLES, coerce_frame
from kpi_model.store.scoring import derive_frames
from tests.factories import indicator, result, small_tables
from tests.rule_cases import CASES, Case
from tests.store.test_scoring import assert_same

CODE = "0402-0900"


def tables_of(case: Case) -> dict[str, pd.DataFrame]:
    tables = small_tables()
    ind = indicator(CODE) | case.indicator
    tables["indicators"] = coerce_frame("indicators", pd.DataFrame([ind]))
    rows = [result(CODE, q, actual) | extra for q, actual, extra in case.quarters]
    tables["quarterly_results"] = coerce_frame("quarterly_results", pd.DataFrame(rows))
    settings = (
        []
        if case.setting is None
        else [
            dict.fromkeys(TABLES["indicator_settings"].names)
            | {"indicator_code": CODE, "fiscal_year": 2564}
            | case.setting
        ]
    )
    tables["indicator_settings"] = coerce_frame(
        "indicator_settings", pd.DataFrame(settings, columns=list(TABLES["indicator_settings"].names))
    )
    return tables


def _value(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v


def _close(got: Any, want: float | None) -> bool:
    got = _value(got)
    return got is None if want is None else got is not None and math.isclose(float(got), want, rel_tol=1e-9)


def _check(case: Case, frames: dict[str, pd.DataFrame]) -> None:
    quarters = frames["quarter_scores"].set_index("quarter")
    for q, (rule, status, ratio) in case.expect_quarters.items():
        row = quarters.loc[q]
        assert (row["rule"], row["status"]) == (rule, status), (case.name, q)
        assert _close(row["ratio"], ratio), (case.name, q, row["ratio"], ratio)
    year = frames["annual_scores"].iloc[0]
    rule, status, ratio, score5 = case.expect_year
    assert (year["rule"], year["status"]) == (rule, status), case.name
    assert _close(year["ratio"], ratio) and _close(year["score_5"], score5), (case.name, year["ratio"], year["score_5"])
    assert _value(year["inferences"]) == case.inferences_year, case.name
    flags = frames["quality_flags"]
    for code, quarter, words in case.flags:
        match = flags[
            (flags["code"] == code) & (flags["quarter"].isna() if quarter is None else flags["quarter"] == quarter)
        ]
        assert len(match) == 1, (case.name, code, quarter, sorted(flags["code"]))
        assert words in match["message_th"].iloc[0], (case.name, match["message_th"].iloc[0])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_python_reference_judges_the_case(case: Case):
    _check(case, derive(tables_of(case), cfg=Settings(as_of=case.as_of)))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_sql_judges_the_case_as_the_reference_does(case: Case):
    cfg = Settings(as_of=case.as_of)
    tables = tables_of(case)
    bulk = derive_frames(tables, cfg=cfg)
    _check(case, bulk)
    assert_same(derive(tables, cfg=cfg), bulk)


@pytest.mark.parametrize("case", [c for c in CASES if c.words_quarter or c.words_year], ids=lambda c: c.name)
def test_explanation_writes_out_the_rule_the_model_applied(case: Case):
    frames = derive(tables_of(case), cfg=Settings(as_of=case.as_of))
    ind = tables_of(case)["indicators"].iloc[0].to_dict()
    annual = frames["annual_scores"].iloc[0].to_dict()
    flags = frames["quality_flags"]
    for q, words in case.words_quarter.items():
        step = explain_quarter(ind, annual, frames["quarter_scores"], flags, q).step("formula")
        assert step is not None and words in step.text, (case.name, q, step)
    if case.words_year:
        step = explain_year(ind, annual, frames["quarter_scores"], flags).step("formula")
        assert step is not None and case.words_year in step.text, (case.name, step)


def test_the_table_covers_every_rule():
    """Each quarter and annual rule the model names has at least one worked case."""
    from kpi_model.achievement import ANNUAL_RULES, QUARTER_RULES

    quarter_rules = {r for c in CASES for r, _, _ in c.expect_quarters.values()}
    annual_rules = {c.expect_year[0] for c in CASES}
    assert set(QUARTER_RULES) - quarter_rules <= {
        "not_reported",
        "target_missing",
        "target_negative",
        "snap_higher",
        "snap_lower",
        "lower_none_at_all",
    }
    assert set(ANNUAL_RULES) - annual_rules <= {"no_result", "completion", "target_missing", "target_negative"}
