"""The trend of the overview and the briefing pack: the city's (or a dimension's or an
agency's) computed mean score and share behind, quarter by quarter, with BMA's recorded
evaluation beside them (:mod:`kpi_model.trend`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi_model.store import Filters, Store
from kpi_model.trend import TREND_COLUMNS, TREND_QUARTERS, point, quarters_ending
from kpi_model.views.common import agencies
from kpi_model.views.overview import by_dimension

__all__ = ["TrendScope", "quarter_trend", "trend_scopes"]


@dataclass(frozen=True)
class TrendScope:
    """A group the trend can follow: the city, a strategy dimension or an agency. ``key`` is
    what the page's URL keeps (``city``, ``strategy:7``, ``agency:0402``); the names are the
    dimension's or agency's ('' for the city: :func:`kpi_model.labels.trend_scope_label` words
    each); ``filters`` narrow to the group's indicators (the years and quarters are the trend's)."""

    key: str
    kind: str  # city | strategy | agency
    code: str | None
    name_th: str
    name_en: str
    filters: Filters


def trend_scopes(store: Store, fiscal_year: int, quarter: int) -> list[TrendScope]:
    """The city, then each dimension that holds indicators in (fiscal_year, quarter), then
    every agency of the list, in that order: the choices of the overview's trend."""
    dims = by_dimension(store, fiscal_year, quarter)
    listed = agencies(store)
    return [
        TrendScope("city", "city", None, "", "", Filters()),
        *(
            TrendScope(f"strategy:{c}", "strategy", str(c), str(th), str(en), Filters(strategy=str(c)))
            for c, th, en in zip(dims["strategy_code"], dims["name_th"], dims["name_en"])
        ),
        *(
            TrendScope(
                f"agency:{c}",
                "agency",
                str(c),
                "" if pd.isna(th) else str(th),
                "" if pd.isna(en) else str(en),
                Filters(agency_codes=(str(c),)),
            )
            for c, th, en in zip(listed["agency_code"], listed["name_th"], listed["name_en"])
        ),
    ]


def quarter_trend(
    store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(), quarters: int = TREND_QUARTERS
) -> pd.DataFrame:
    """One row per quarter of the ``quarters`` that end with (fiscal_year, quarter), oldest
    first, with the :class:`kpi_model.trend.TrendPoint` columns; ``filters`` narrows the group
    (a strategy branch, agencies; its own years and quarters are replaced). A quarter that holds
    no indicator is a row with a count of 0 and no figures, never a score of 0. Counted in one
    query over the years the quarters span."""
    periods = quarters_ending(fiscal_year, quarter, quarters)
    years = tuple(sorted({fy for fy, _ in periods}))
    narrowed = Filters(**{**filters.__dict__, "fiscal_years": years, "quarters": ()})
    sums = store.trend_sums(narrowed)
    rows = [point(fy, q, sums.get((fy, q))) for fy, q in periods]
    frame = pd.DataFrame([r.__dict__ for r in rows], columns=list(TREND_COLUMNS))
    return frame.astype(dict.fromkeys(_FIGURES, "float64"))  # a missing figure is NaN in every row alike


_FIGURES = ("mean_score_100", "share_met", "share_behind", "recorded_mean_score", "recorded_share_behind")
