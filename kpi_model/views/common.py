"""What several pages share: the period, the reference lists and their names, the strategy
tree's branches, rollups as frames, and the indicator-quarter rows of tables.

Names with a leading underscore are shared inside :mod:`kpi_model.views` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi_model.columns import AGENCIES_TABLE, STRATEGY_TABLE
from kpi_model.derive import QUARTER_COLUMNS
from kpi_model.reference_data import SYNTHETIC_SOURCE
from kpi_model.rollup import Rollup
from kpi_model.store import Filters, Store

__all__ = [
    "ROLLUP_COLUMNS",
    "WORST_FIRST",
    "Period",
    "StrategyNode",
    "agencies",
    "fiscal_years",
    "has_synthetic",
    "indicator_rows",
    "latest_period",
    "plan_root",
    "rollup_frame",
    "row_count",
    "scoring_stale",
    "strategies",
    "strategy_node",
    "tree_order",
]


def tree_order(code: object) -> tuple[tuple[int, int, str], ...]:
    """Sort key of a strategy code in tree order (``7.3`` < ``7.10`` < ``8``), total over any
    code a file may hold: a part that is a number sorts as that number, before any other part
    (``X``, ``7.x``, ``""``), which sorts as text, so no code can make a sort compare a number
    with a string (a row with strategy code ``X`` once took the overview down)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(code).split("."))


ROLLUP_COLUMNS = (
    "indicator_count",
    "mean_score_100",
    "mean_progress",
    "mean_plan",
    "share_met",
    "share_on_track",
    "share_behind",
    "share_no_data",
    "met",
    "on_track",
    "behind",
    "no_data",
)


@dataclass(frozen=True)
class Period:
    fiscal_year: int
    quarter: int


def fiscal_years(store: Store) -> list[int]:
    """Fiscal years (BE) that hold indicators, oldest first."""
    return [int(y) for y in store.distinct("indicators", "fiscal_year")]


def latest_period(store: Store) -> Period | None:
    """The newest fiscal year and, in it, the last quarter with any reported result."""
    years = fiscal_years(store)
    if not years:
        return None
    fy = years[-1]
    reported = store.select("quarter_scores", Filters(fiscal_years=(fy,)), columns=["quarter", "status"])
    quarters = reported.loc[reported["status"] != "no_data", "quarter"]
    return Period(fy, int(quarters.max()) if len(quarters) else 1)


def scoring_stale(store: Store) -> bool:
    """True when the store's verdicts were stored under other settings than those in force: the
    pages still show the verdicts of the settings in force (scored again in memory, slower) and
    say which command stores them (:meth:`~kpi_model.store.Store.rescore`)."""
    return store.scoring_stale()


def has_synthetic(store: Store) -> bool:
    """True when synthetic demo rows are in the store (every page then shows a banner)."""
    return (
        len(store.select("indicators", Filters(sources=(SYNTHETIC_SOURCE,)), columns=["indicator_code"], limit=1)) > 0
    )


def agencies(store: Store) -> pd.DataFrame:
    """Every agency: code, Thai and English names, kind, parent; sorted by code."""
    return store.select("agencies", order_by=["agency_code"])


def _with_agency_names(store: Store, frame: pd.DataFrame) -> None:
    """Insert ``name_th`` and ``name_en`` after ``frame``'s first column (its agency codes): the
    agency list's names, the code where it has no Thai name, the Thai name where it has no
    English one. Looked up in dicts, not per row in a Series (a few ms on a store's agencies)."""
    ag = agencies(store)
    th = dict(zip(ag["agency_code"], ag["name_th"]))
    en = dict(zip(ag["agency_code"], ag["name_en"]))
    codes = list(frame["agency_code"])
    frame.insert(1, "name_th", [th.get(c, c) for c in codes])
    frame.insert(2, "name_en", [en.get(c) or th.get(c, c) for c in codes])


def strategies(store: Store) -> pd.DataFrame:
    return store.select("strategies", order_by=["strategy_code"])


def rollup_frame(rows: list[Rollup], keys: tuple[str, ...]) -> pd.DataFrame:
    """Rollups as a frame: the key columns, then :data:`ROLLUP_COLUMNS`."""
    records = []
    for r in rows:
        rec: dict[str, Any] = dict(zip(keys, r.key))
        rec.update({c: getattr(r, c) for c in ROLLUP_COLUMNS})
        records.append(rec)
    return pd.DataFrame(records, columns=[*keys, *ROLLUP_COLUMNS])


def _with_period(filters: Filters, fy: int, quarter: int) -> Filters:
    return Filters(**{**filters.__dict__, "fiscal_years": (fy,), "quarters": (quarter,)})


def _names(store: Store) -> dict[str, tuple[str, str]]:
    s = strategies(store)
    return {c: (th, en) for c, th, en in zip(s["strategy_code"], s["name_th"], s["name_en"].fillna(""))}


@dataclass(frozen=True)
class StrategyNode:
    """A branch of the tree with its path from the dimension down (breadcrumbs)."""

    code: str | None  # None = the whole plan (all dimensions)
    name_th: str
    name_en: str
    depth: int
    path: tuple[tuple[str, str, str], ...] = field(default=())  # (code, name_th, name_en)
    children: tuple[tuple[str, str, str], ...] = field(default=())


def plan_root(store: Store) -> StrategyNode:
    """The root above the seven dimensions (its children are the dimensions the store names;
    none on an empty store)."""
    names = _names(store)
    kids = tuple((c, *names[c]) for c in sorted(names, key=tree_order) if "." not in c)
    return StrategyNode(None, "ทุกด้านยุทธศาสตร์", "All dimensions", 0, (), kids)


def strategy_node(store: Store, code: str | None) -> StrategyNode | None:
    """The branch ``code`` (None: the root above the seven dimensions); None if unknown."""
    names = _names(store)
    codes = sorted(names, key=tree_order)
    if code is None:
        return plan_root(store)
    if code not in names:
        return None
    parts = code.split(".")
    path = tuple(
        (".".join(parts[:i]), *names.get(".".join(parts[:i]), (".".join(parts[:i]),) * 2))
        for i in range(1, len(parts) + 1)
    )
    kids = tuple((c, *names[c]) for c in codes if c.rsplit(".", 1)[0] == code and c.count(".") == code.count(".") + 1)
    return StrategyNode(code, names[code][0], names[code][1] or names[code][0], len(parts), path, kids)


_BASE_ROW_COLUMNS = [
    "indicator_code",
    "fiscal_year",
    "quarter",
    "agency_code",
    "indicator_type",
    "strategy_code",
    "unit",
    "direction",
    "direction_source",
    "accumulation",
    "target",
    "actual",
    "is_reported",
    "plan",
    "plan_source",
    "progress",
    "ratio",
    "score_100",
    "status",
    "evaluation_score",
    "recorded_score",
    "recorded_status",
    "bands_disagree",
    "score_2_1",
    "score_2_2",
    "evaluator_score",
    "inferences",
]
#: The rows' columns: those the tables' words are made from, then every stored quarter-score
#: column a table layout of the registry shows (:mod:`kpi_model.columns`), so a column added to
#: a layout is read without a change here.
_ROW_COLUMNS = [
    *_BASE_ROW_COLUMNS,
    *dict.fromkeys(
        c
        for layout in (AGENCIES_TABLE, STRATEGY_TABLE)
        for c in layout.columns(details=True)
        if c in QUARTER_COLUMNS and c not in _BASE_ROW_COLUMNS
    ),
]


#: Worst first: the lowest computed score on top (behind, then on track, then met), rows
#: without a score (no data, never the worst) last; ties by agency, year, code and quarter.
WORST_FIRST = ("score_100", "agency_code", "fiscal_year", "indicator_code", "quarter")


def indicator_rows(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Indicator-quarter rows for tables, worst first (:data:`WORST_FIRST`, so a capped
    table keeps the rows that need attention): computed and recorded columns, the
    indicator's names and unit as written, the agency's names (joined in the store)."""
    return store.select_named("quarter_scores", filters, columns=_ROW_COLUMNS, order_by=list(WORST_FIRST), limit=limit)


def row_count(store: Store, filters: Filters) -> int:
    """How many indicator-quarter rows ``filters`` selects (all of them go into a download)."""
    rows = store.rollup([], filters)
    return rows[0].indicator_count if rows else 0
