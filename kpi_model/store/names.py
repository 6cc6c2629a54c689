"""The allow-lists: the only table and column names a query may hold.

A name cannot be a bound parameter, so every name that reaches SQL passes through one of these
functions first; a name that is not ours (from a request, a URL, a file) is refused with a
KpiError before any SQL is built.
"""

from __future__ import annotations

from kpi_model.derive import ANNUAL_COLUMNS, FLAG_COLUMNS, QUARTER_COLUMNS
from kpi_model.errors import KpiError
from kpi_model.schema import TABLES
from kpi_model.store.layout import ALL_TABLES, IMPORT_FLAGS

__all__ = ["GROUPABLE", "column", "groupable", "table"]

# Columns a rollup may group by (an allow-list: names are never taken from a request).
GROUPABLE = (
    "fiscal_year",
    "quarter",
    "agency_code",
    "indicator_type",
    "result_level",
    "unit",
    "direction",
    "strategy_1",
    "strategy_2",
    "strategy_3",
    "strategy_4",
    "status",
    "indicator_code",
    "plan_source",
    "accumulation",
    "direction_source",
    "recorded_status",
    "is_reported",
)

_DERIVED_COLUMNS = {
    "quarter_scores": QUARTER_COLUMNS,
    "annual_scores": ANNUAL_COLUMNS,
    "quality_flags": FLAG_COLUMNS,
    IMPORT_FLAGS: FLAG_COLUMNS,
}


def table(name: str) -> str:
    """``name`` if it is one of the store's tables."""
    if name not in ALL_TABLES:
        raise KpiError(f"unknown table {name!r}")
    return name


def column(table: str, name: str) -> str:
    """``name``, quoted, if it is a column of ``table``: a few columns ("column", "table") are
    SQL keywords."""
    names = TABLES[table].names if table in TABLES else _DERIVED_COLUMNS[table]
    if name not in names:
        raise KpiError(f"unknown column {name!r} of {table}")
    return f'"{name}"'


def groupable(name: str) -> str:
    """``name`` if a rollup may group by it."""
    if name not in GROUPABLE:
        raise KpiError(f"cannot group by {name!r}")
    return name
