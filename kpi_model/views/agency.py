"""The agencies page: mean score per agency and quarter, and the choices of its filters.

(Named in the singular so the module never shadows the :func:`~kpi_model.views.agencies` view.)
"""

from __future__ import annotations

import pandas as pd

from kpi_model.store import Filters, Store
from kpi_model.views.common import _with_agency_names, agencies, rollup_frame

__all__ = ["agency_choices", "agency_quarter_scores", "indicator_types", "plan_assumed"]


def agency_quarter_scores(store: Store, filters: Filters) -> pd.DataFrame:
    """Mean score per agency × fiscal year × quarter (a heatmap), with agency names."""
    frame = rollup_frame(
        store.rollup(["agency_code", "fiscal_year", "quarter"], filters), ("agency_code", "fiscal_year", "quarter")
    )
    _with_agency_names(store, frame)
    return frame


def indicator_types(store: Store) -> list[str]:
    """Indicator types present in the store ('strategic', 'routine', …), sorted: the choices
    of the type filter, so a type the source adds later shows up without a code change."""
    return [str(v) for v in store.distinct("indicators", "indicator_type")]


def plan_assumed(store: Store, filters: Filters) -> bool:
    """True when any indicator-quarter ``filters`` selects is scored against the assumed
    default plan (``plan_source = 'assumed'``) rather than a recorded one, so the page must say
    so. Counts rows, no unit; False for an empty selection."""
    return any(r.key == ("assumed",) and r.indicator_count > 0 for r in store.rollup(["plan_source"], filters))


def agency_choices(store: Store) -> pd.DataFrame:
    """Every agency code a filter can offer: the agency list, and codes indicators name that
    the list does not hold yet (their names None, so pages show them by code)."""
    named = agencies(store)[["agency_code", "name_th", "name_en"]]
    extra = [c for c in store.distinct("annual_scores", "agency_code") if c not in set(named["agency_code"])]
    if not extra:
        return named.reset_index(drop=True)
    more = pd.DataFrame({"agency_code": extra, "name_th": [None] * len(extra), "name_en": [None] * len(extra)})
    return pd.concat([named, more], ignore_index=True).sort_values("agency_code", kind="stable").reset_index(drop=True)
