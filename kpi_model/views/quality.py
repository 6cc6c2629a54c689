"""The data quality page: the quality flags, their counts, and the CSV download of them."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from kpi_model.i18n import SEVERITY_ORDER, flag_label
from kpi_model.quality import flag_check
from kpi_model.store import Filters, Store

__all__ = ["FLAG_CSV_COLUMNS", "flag_counts", "flag_severity_counts", "flag_total", "flags", "flags_csv_bytes"]

_FLAG_ORDER = ["fiscal_year", "agency_code", "indicator_code", "quarter", "code"]


def _severity_rank(severity: object) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def flags(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Quality flags for ``filters`` with agency names, most severe first (errors, warnings,
    then flags for information), then by year, agency, indicator and quarter; at most
    ``limit`` rows, the most severe kept."""
    wanted = [s for s in SEVERITY_ORDER if not filters.severities or s in filters.severities]
    others = tuple(s for s in filters.severities if s not in SEVERITY_ORDER)
    parts = []
    left = limit
    for severity in [*[(s,) for s in wanted], *([others] if others else [])]:
        if left is not None and left <= 0:
            break
        part = store.select_named(
            "quality_flags", replace(filters, severities=severity), order_by=_FLAG_ORDER, limit=left
        )
        parts.append(part)
        left = None if left is None else left - len(part)
    if not parts:
        return store.select_named("quality_flags", filters, order_by=_FLAG_ORDER, limit=0)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def flag_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Flags per code and severity, counted in the store: most severe first, then most flags."""
    counts = store.count_by("quality_flags", ["code", "severity"], filters)
    if not len(counts):
        return counts
    rank = counts["severity"].map(_severity_rank)
    order = counts.assign(_rank=rank).sort_values(
        ["_rank", "count", "code"], ascending=[True, False, True], kind="stable"
    )
    return order.drop(columns="_rank").reset_index(drop=True)


def flag_severity_counts(store: Store, filters: Filters) -> tuple[tuple[str, int], ...]:
    """(severity, flags) for every severity, most severe first (0 where there are none):
    the quality page's first line says how many must be fixed and how many only checked."""
    frame = store.count_by("quality_flags", ["severity"], filters)
    got = dict(zip(frame["severity"].astype(str), frame["count"].astype(int))) if len(frame) else {}
    return tuple((severity, int(got.get(severity, 0))) for severity in SEVERITY_ORDER)


FLAG_CSV_COLUMNS = (
    "agency_code",
    "agency_name_th",
    "agency_name_en",
    "indicator_code",
    "fiscal_year",
    "fiscal_year_ce",
    "quarter",
    "code",
    "flag_th",
    "severity",
    "table",
    "column",
    "message_th",
    "message_en",
    "check_th",
    "check_en",
)


def flag_total(store: Store, filters: Filters) -> int:
    """How many flags ``filters`` selects (a count of rows): the quality table shows at most a
    capped number of them and says how many there are in all; 0 when there are none."""
    counts = flag_counts(store, filters)
    return int(counts["count"].sum()) if len(counts) else 0


def flags_csv_bytes(store: Store, filters: Filters) -> bytes:
    """Every flag ``filters`` selects (no cap), as the bytes of a CSV file for a download:
    UTF-8 with a BOM so Excel shows Thai, text cells that could run as a formula neutralised,
    fiscal year in BE with CE beside, an empty cell where a flag has no quarter or column,
    what to check in Thai and English; Thai headers and words as in the extract.
    One writer with the analysts' extract (:func:`~kpi_model.export.extract_bytes`)."""
    from kpi_model.export import extract_bytes, with_ce_year

    frame = with_ce_year(flags(store, filters))
    frame["flag_th"] = [flag_label(str(c), "th") for c in frame["code"]]
    frame["check_th"] = [flag_check(str(c), "th") for c in frame["code"]]
    frame["check_en"] = [flag_check(str(c), "en") for c in frame["code"]]
    return extract_bytes(frame[list(FLAG_CSV_COLUMNS)], ".csv")
