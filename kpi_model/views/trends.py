"""The trend of the overview and the briefing pack: the city's (or a dimension's or an
agency's) computed mean score and share behind, quarter by quarter, with BMA's recorded
evaluation beside them (:mod:`kpi_model.trend`)."""

from __future__ import annotations

import pandas as pd

from kpi_model.store import Filters, Store
from kpi_model.trend import TREND_COLUMNS, TREND_QUARTERS, point, quarters_ending

__all__ = ["quarter_trend"]


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
