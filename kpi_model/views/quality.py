"""The data quality page: the quality flags, their counts, and the CSV download of them."""

from __future__ import annotations

import pandas as pd

from kpi_model.store import Filters, Store

__all__ = ["FLAG_CSV_COLUMNS", "flag_counts", "flag_total", "flags", "flags_csv_bytes"]


def flags(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Quality flags for ``filters`` with agency names, by year, agency, indicator, quarter."""
    return store.select_named(
        "quality_flags",
        filters,
        order_by=["fiscal_year", "agency_code", "indicator_code", "quarter", "code"],
        limit=limit,
    )


def flag_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Flags per code and severity (most first), counted in the store."""
    return store.count_by("quality_flags", ["code", "severity"], filters)


FLAG_CSV_COLUMNS = (
    "agency_code",
    "agency_name_th",
    "agency_name_en",
    "indicator_code",
    "fiscal_year",
    "fiscal_year_ce",
    "quarter",
    "code",
    "severity",
    "table",
    "column",
    "message_th",
    "message_en",
)


def flag_total(store: Store, filters: Filters) -> int:
    """How many flags ``filters`` selects (a count of rows): the quality table shows at most a
    capped number of them and says how many there are in all; 0 when there are none."""
    counts = flag_counts(store, filters)
    return int(counts["count"].sum()) if len(counts) else 0


def flags_csv_bytes(store: Store, filters: Filters) -> bytes:
    """Every flag ``filters`` selects (no cap), as the bytes of a CSV file for a download:
    UTF-8 with a BOM so Excel shows Thai, text cells that could run as a formula neutralised,
    fiscal year in BE with CE beside, an empty cell where a flag has no quarter or column.
    One writer with the analysts' extract (:func:`~kpi_model.export.extract_bytes`)."""
    from kpi_model.export import extract_bytes, with_ce_year

    return extract_bytes(with_ce_year(flags(store, filters))[list(FLAG_CSV_COLUMNS)], ".csv")
