"""The SQL for a :class:`~kpi_model.filters.Filters`: a WHERE clause with ``?`` placeholders and
its parameters.

A Filters is a plain value; this is the one place that knows which filter applies to which
table and how it reads as SQL. Column names here are written out, never taken from the value;
every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpi_model.filters import Filters

__all__ = ["where"]

_SOURCED = ("quarter_scores", "annual_scores", "indicators")  # tables with a `source` column
_SCORED = ("quarter_scores", "annual_scores")  # tables with type, status and strategy columns


def where(filters: Filters, table: str) -> tuple[str, list[Any]]:
    """``("where … and …", params)`` narrowing ``table`` to ``filters``; ``("", [])`` when
    nothing narrows it. A filter that ``table`` has no column for is left out (quarters apply
    to quarter scores and to flags; a flag without a quarter is kept whatever quarter is
    chosen). ``strategy`` is matched at its own depth (``7.3`` on ``strategy_2``)."""
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: Sequence[Any]) -> None:
        if values:
            clauses.append(f"{column} in ({_placeholders(values)})")
            params.extend(values)

    any_of("agency_code", filters.agency_codes)
    any_of("fiscal_year", [int(y) for y in filters.fiscal_years])
    any_of("indicator_code", filters.indicator_codes)
    if table == "quarter_scores":
        any_of("quarter", [int(q) for q in filters.quarters])
    if table in _SOURCED:
        any_of("source", filters.sources)
    if table in _SCORED:
        any_of("indicator_type", filters.indicator_types)
        any_of("status", filters.statuses)
        if filters.strategy:
            depth = min(4, filters.strategy.count(".") + 1)
            clauses.append(f"strategy_{depth} = ?")
            params.append(filters.strategy)
    if table == "quality_flags":
        any_of("code", filters.flag_codes)
        any_of("severity", filters.severities)
        if filters.quarters:
            clauses.append(f"(quarter is null or quarter in ({_placeholders(filters.quarters)}))")
            params.extend(int(q) for q in filters.quarters)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)
