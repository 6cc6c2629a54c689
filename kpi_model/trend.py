"""A trend: how a group (the city, a strategy dimension, an agency) did quarter by quarter,
computed beside BMA's recorded evaluation, so a reader sees whether it is getting better.

Per quarter, over that quarter's indicator-quarters (the set may change from quarter to quarter;
``indicator_count`` says how many):

* computed: the rollup of :mod:`kpi_model.rollup` — mean_score_100 = Σ(weight × score_100) /
  Σ weight over the indicators with a score (None when none has one), share_behind = behind /
  all indicator-quarters (a fraction);
* recorded: over the indicator-quarters BMA evaluated (``evaluated``: a recorded band met, on
  track or behind; a placeholder 0 "not yet evaluated" is not an evaluation) —
  recorded_mean_score = Σ(weight × min(recorded score, 100)) / Σ weight (0–100) and
  recorded_share_behind = recorded behind / evaluated (a fraction); both None when BMA has
  evaluated none of them, never 0.

A NULL weight counts as 1. The store adds up (``queries/trend.sql``); :func:`point` divides.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_model.fiscal import previous_quarter
from kpi_model.rollup import GroupSums, finalise

__all__ = ["TREND_COLUMNS", "TREND_QUARTERS", "TrendPoint", "TrendSums", "point", "quarters_ending"]

TREND_QUARTERS = 8  # two fiscal years of quarters: a year's change and the one before it


@dataclass(frozen=True)
class TrendSums:
    """What the store adds up for one quarter: the computed :class:`GroupSums` and BMA's
    recorded evaluation (counts of indicator-quarters; weighted sums on the 0–100 scale)."""

    computed: GroupSums
    evaluated: int = 0
    recorded_weight_sum: float = 0.0
    recorded_weighted_score_sum: float = 0.0
    recorded_behind: int = 0


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of a trend (scores 0–100, shares as fractions; None where there is nothing
    to average: no indicator-quarter, none scored, none evaluated by BMA)."""

    fiscal_year: int
    quarter: int
    indicator_count: int
    mean_score_100: float | None
    share_met: float | None
    share_behind: float | None
    evaluated: int
    recorded_mean_score: float | None
    recorded_share_behind: float | None


TREND_COLUMNS = tuple(TrendPoint.__dataclass_fields__)


def point(fiscal_year: int, quarter: int, sums: TrendSums | None) -> TrendPoint:
    """The quarter's :class:`TrendPoint` from its sums (None: the quarter holds no rows)."""
    if sums is None or sums.computed.indicator_count == 0:
        return TrendPoint(fiscal_year, quarter, 0, None, None, None, 0, None, None)
    rollup = finalise((fiscal_year, quarter), sums.computed)
    evaluated = sums.evaluated
    return TrendPoint(
        fiscal_year,
        quarter,
        rollup.indicator_count,
        rollup.mean_score_100,
        rollup.share_met,
        rollup.share_behind,
        evaluated,
        sums.recorded_weighted_score_sum / sums.recorded_weight_sum if evaluated and sums.recorded_weight_sum else None,
        sums.recorded_behind / evaluated if evaluated else None,
    )


def quarters_ending(fiscal_year: int, quarter: int, n: int = TREND_QUARTERS) -> list[tuple[int, int]]:
    """The ``n`` quarters that end with (fiscal_year, quarter), oldest first:
    (2567, 2) and 3 → [(2566, 4), (2567, 1), (2567, 2)]."""
    out = [(fiscal_year, quarter)]
    while len(out) < n:
        out.append(previous_quarter(*out[-1]))
    return out[::-1]
