"""The strategy page: a branch of the tree, its children, its four quarters and its indicators."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpi_model.store import Filters, Store
from kpi_model.views.common import ROLLUP_COLUMNS, _with_period, indicator_rows, rollup_frame, strategy_node
from kpi_model.views.verdicts import RECORDED_COLUMNS, RecordedCounts, _recorded_by

__all__ = ["branch_by_quarter", "branch_children", "branch_indicators"]

_COUNT_COLUMNS = ("indicator_count", "met", "on_track", "behind", "no_data")  # 0 for a child without indicators


def branch_children(
    store: Store,
    code: str | None,
    fiscal_year: int,
    quarter: int,
    filters: Filters = Filters(),
    worst_first: bool = False,
) -> pd.DataFrame:
    """Rollup of each child of the branch (the next level down) for the period, with names
    and BMA's recorded evaluation bands (:data:`RECORDED_COLUMNS`); children without
    indicators are kept with a count of 0. In tree order, or ``worst_first`` (a table): the
    lowest mean score first, children without a score last, ties in tree order."""
    node = strategy_node(store, code)
    if node is None or not node.children:
        return pd.DataFrame(columns=["strategy_code", "name_th", "name_en", *ROLLUP_COLUMNS, *RECORDED_COLUMNS])
    depth = node.depth + 1
    f = _with_period(Filters(**{**filters.__dict__, "strategy": code}), fiscal_year, quarter)
    got = rollup_frame(store.rollup([f"strategy_{depth}"], f), ("strategy_code",)).set_index("strategy_code")
    recorded = _recorded_by(store, f"strategy_{depth}", f)
    rows = []
    for c, th, en in node.children:
        rec: dict[str, Any] = {"strategy_code": c, "name_th": th, "name_en": en or th}
        rec.update(
            {k: (got.at[c, k] if c in got.index else (0 if k in _COUNT_COLUMNS else None)) for k in ROLLUP_COLUMNS}
        )
        rec.update(recorded.get(c, RecordedCounts()).columns())
        rows.append(rec)
    frame = pd.DataFrame(rows, columns=["strategy_code", "name_th", "name_en", *ROLLUP_COLUMNS, *RECORDED_COLUMNS])
    if worst_first:
        frame = frame.sort_values("mean_score_100", na_position="last", kind="stable").reset_index(drop=True)
    return frame


def branch_by_quarter(store: Store, code: str | None, fiscal_year: int, filters: Filters = Filters()) -> pd.DataFrame:
    """The branch's four quarters of the year: mean plan against mean progress, score, shares."""
    f = Filters(**{**filters.__dict__, "strategy": code, "fiscal_years": (fiscal_year,), "quarters": ()})
    return rollup_frame(store.rollup(["quarter"], f), ("quarter",))


def branch_indicators(
    store: Store,
    code: str | None,
    fiscal_year: int,
    quarter: int,
    filters: Filters = Filters(),
    limit: int | None = None,
) -> pd.DataFrame:
    """Indicators of the branch for the period (the measure level's list), at most ``limit``."""
    f = _with_period(Filters(**{**filters.__dict__, "strategy": code}), fiscal_year, quarter)
    return indicator_rows(store, f, limit=limit)
