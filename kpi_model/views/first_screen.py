"""The overview's first screen (issue 25): what an executive came for, in one screen —
the period, the city's mean score and its shares, the dimension furthest behind, and whether
the year is over (then "not met" replaces "behind": an executive asks "did we make it?")."""

from __future__ import annotations

from dataclasses import dataclass

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.fiscal import year_closed
from kpi_model.rollup import Rollup
from kpi_model.store import Filters, Store
from kpi_model.views.common import Period, _names, _with_period

__all__ = ["DimensionScore", "Glance", "glance", "status_summary"]


@dataclass(frozen=True)
class DimensionScore:
    """A strategy dimension's computed mean score (0–100) and share behind (a fraction)."""

    strategy_code: str
    name_th: str
    name_en: str
    mean_score_100: float
    share_behind: float


@dataclass(frozen=True)
class Glance:
    """The first screen's facts that are not the headline's own (:class:`~kpi_model.views.Headline`).

    ``year_end``: the fiscal year is closed (its 30 September has passed on the day verdicts
    are judged on) and the period is its fourth quarter, so the quarter's verdict is the year's
    — met or not met; ``share_not_met`` = (on track + behind) / all indicator-quarters then, a
    fraction (None otherwise). ``worst_branch``: the strategy branch of the level asked for
    (dimensions by default) with the lowest mean computed score (ties: the larger share
    behind, then the code); None when none has a score."""

    period: Period
    year_closed: bool
    year_end: bool
    share_not_met: float | None
    worst_branch: DimensionScore | None


def glance(
    store: Store,
    fiscal_year: int,
    quarter: int,
    filters: Filters = Filters(),
    level: int = 1,
    cfg: Settings = default_settings,
) -> Glance:
    """:class:`Glance` of the period (two grouped counts in the store); the branch furthest
    behind among those of depth ``level`` (1 dimensions … 4 measures) that ``filters`` holds."""
    f = _with_period(filters, fiscal_year, quarter)
    closed = year_closed(fiscal_year, cfg.judged_on())
    year_end = closed and quarter == 4
    total = store.rollup([], f)
    not_met = None
    if year_end and total and total[0].indicator_count:
        not_met = total[0].share_on_track + total[0].share_behind
    scored = [
        r
        for r in store.rollup([f"strategy_{min(max(level, 1), 4)}"], f)
        if r.key[0] is not None and r.mean_score_100 is not None
    ]
    worst = None
    if scored:
        low = min(scored, key=lambda r: (r.mean_score_100, -r.share_behind, str(r.key[0])))
        names = _names(store)
        code = str(low.key[0])
        th, en = names.get(code, (code, code))
        worst = DimensionScore(code, th, en or th, float(low.mean_score_100 or 0.0), low.share_behind)
    return Glance(Period(fiscal_year, quarter), closed, year_end, not_met, worst)


def status_summary(store: Store, filters: Filters) -> Rollup | None:
    """How the indicator-quarters ``filters`` selects stand, counted by computed status (the
    agencies page's line above its table); None when it selects none."""
    rows = store.rollup([], filters)
    return rows[0] if rows and rows[0].indicator_count else None
