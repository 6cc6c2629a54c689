"""What the follow-up pages need from the KPI store: which indicators are behind in a quarter,
which indicators exist, and their names (the follow-up database keeps only codes, DESIGN §9).

Codes are the store's, already normalised (:func:`kpi_model.importer.numbers.normalise_code`),
the form every follow-up row is keyed by."""

from __future__ import annotations

import pandas as pd

from kpi_model.filters import Filters
from kpi_model.store import Store

__all__ = ["FOLLOWUP_NAME_COLUMNS", "behind_indicators", "indicator_codes", "indicator_names"]

#: The columns of :func:`behind_indicators` and :func:`indicator_names`.
FOLLOWUP_NAME_COLUMNS = ["indicator_code", "agency_code", "name_th", "name_en", "agency_name_th", "agency_name_en"]


def behind_indicators(store: Store, fiscal_year: int, quarter: int, agency_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The indicators whose computed status in the quarter is ``behind`` (of ``agency_codes``
    when given), one row each by code, with their and their agency's names."""
    filters = Filters(
        agency_codes=agency_codes, fiscal_years=(int(fiscal_year),), quarters=(int(quarter),), statuses=("behind",)
    )
    rows = store.select_named(
        "quarter_scores", filters, columns=["indicator_code", "agency_code"], order_by=["indicator_code"]
    )
    names = indicator_names(store, tuple(rows["indicator_code"]), int(fiscal_year))
    return names.reset_index(drop=True)


def indicator_codes(store: Store) -> tuple[str, ...]:
    """Every indicator code in the store (any year), sorted: what an import of actions may name
    and what is not orphaned."""
    return tuple(sorted(str(c) for c in store.distinct("indicators", "indicator_code")))


def indicator_names(store: Store, codes: tuple[str, ...], fiscal_year: int | None = None) -> pd.DataFrame:
    """Names of ``codes`` (as of ``fiscal_year`` when the indicator has it, else its latest
    year), one row per code found, by code; a code the store does not hold has no row."""
    if not codes:
        return pd.DataFrame(columns=FOLLOWUP_NAME_COLUMNS)
    found = store.select_named(
        "indicators",
        Filters(indicator_codes=tuple(sorted(set(codes)))),
        columns=["indicator_code", "fiscal_year", "agency_code", "name_th", "name_en"],
    )
    if fiscal_year is not None:
        found = found.assign(_this=found["fiscal_year"] == int(fiscal_year))
    else:
        found = found.assign(_this=False)
    found = found.sort_values(["indicator_code", "_this", "fiscal_year"]).drop_duplicates("indicator_code", keep="last")
    return found[FOLLOWUP_NAME_COLUMNS].sort_values("indicator_code").reset_index(drop=True)
