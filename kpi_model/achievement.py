"""Achievement of one indicator: per quarter against the plan, and for the year (DESIGN §3).

Units: ``progress`` and ``plan`` are shares of the annual target (1.0 = the whole target);
``ratio`` = progress / plan is unitless (1.0 = exactly on plan); ``score_100`` is on BMA's
0–100 scale; ``score_5`` on the 1–5 scale (0 when no level is reached). A missing input or a
zero divisor gives ``None`` — never a division error and never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from kpi_model.config import Settings, settings as default_settings
from kpi_model.fiscal import thai_to_arabic_digits

__all__ = [
    "IndicatorFacts",
    "QuarterFacts",
    "QuarterAchievement",
    "AnnualAchievement",
    "IndicatorAchievement",
    "reads_level_as_percent",
    "progress",
    "plan_for",
    "ratio_of",
    "score_100",
    "status_of",
    "numeric_thresholds",
    "score_5",
    "annual_achievement",
    "quarter_achievements",
    "achieve",
    "is_placeholder_score",
    "remaining_to_target",
]

DEFAULT_MAX_LEVEL = 5


@dataclass(frozen=True)
class IndicatorFacts:
    """What the source says of one indicator in one fiscal year (store row ``indicators``)."""

    unit: str
    direction: str
    target: float | None
    achieved: float | None
    max_level: int | None = None
    level_descriptions: tuple[str, ...] = ()
    audited_quarter: int | None = None


@dataclass(frozen=True)
class QuarterFacts:
    """One row of ``quarterly_results``; ``actual`` is cumulative, in the indicator's unit."""

    quarter: int
    actual: float | None
    planned_cum: float | None = None
    evaluation_score: float | None = None


@dataclass(frozen=True)
class QuarterAchievement:
    quarter: int
    progress: float | None
    plan: float
    plan_source: str  # "recorded" | "assumed"
    ratio: float | None
    score_100: float | None
    status: str
    recorded_score: float | None  # the source's evaluation score; None for a placeholder zero


@dataclass(frozen=True)
class AnnualAchievement:
    ratio: float | None
    score_100: float | None
    score_5: float | None
    status: str
    level_reached: float | None  # level indicators only


@dataclass(frozen=True)
class IndicatorAchievement:
    read_as_percent: bool
    quarters: tuple[QuarterAchievement, ...]
    annual: AnnualAchievement


def _max_level(facts: IndicatorFacts) -> int:
    return int(facts.max_level) if facts.max_level else DEFAULT_MAX_LEVEL


def reads_level_as_percent(facts: IndicatorFacts, actuals: Iterable[float | None]) -> bool:
    """A level indicator whose recorded results exceed its top level but not 100 reports
    percent of completion (the seed records 10/25/65/100 against level 5): read the whole
    year on that scale."""
    if facts.unit != "level":
        return False
    top = _max_level(facts)
    values = [v for v in (*actuals, facts.achieved) if v is not None]
    return any(top < v <= 100 for v in values) and all(v <= 100 for v in values)


def progress(actual: float | None, target: float | None, direction: str,
             as_percent: bool = False) -> float | None:
    """Share of the annual target reached: actual / target (``higher``, ``milestone``),
    target / actual (``lower``), actual / 100 when read as percent of completion.
    None when a value is missing or the divisor is 0."""
    if actual is None:
        return None
    if as_percent:
        return actual / 100.0
    if target is None:
        return None
    if direction == "lower":
        return None if actual == 0 else target / actual
    return None if target == 0 else actual / target


def plan_for(quarter: int, planned_cum: float | None,
             cfg: Settings = default_settings) -> tuple[float, str]:
    """(plan as a share of the annual target, 'recorded' | 'assumed'). A recorded plan is a
    cumulative percent (planned_cum / 100); otherwise the default profile's share."""
    if planned_cum is not None:
        return planned_cum / 100.0, "recorded"
    return cfg.default_plan[quarter - 1], "assumed"


def ratio_of(progress_share: float | None, plan_share: float | None) -> float | None:
    """progress / plan; None when either is missing or the plan is 0."""
    if progress_share is None or not plan_share:
        return None
    return progress_share / plan_share


def score_100(ratio: float | None) -> float | None:
    """BMA's 0–100 scale: min(100, 100 × ratio), never below 0; None without a ratio."""
    if ratio is None:
        return None
    return max(0.0, min(100.0, 100.0 * ratio))


RATIO_TOLERANCE = 1e-9  # 0.6 / 0.75 is 0.7999999999999999 in floating point, and is on track


def status_of(ratio: float | None, cfg: Settings = default_settings) -> str:
    """met (ratio ≥ met_ratio), on_track (≥ on_track_ratio), behind, or no_data. A ratio
    within RATIO_TOLERANCE below a threshold counts as reaching it (floating-point division)."""
    if ratio is None:
        return "no_data"
    if ratio + RATIO_TOLERANCE >= cfg.met_ratio:
        return "met"
    if ratio + RATIO_TOLERANCE >= cfg.on_track_ratio:
        return "on_track"
    return "behind"


_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def numeric_thresholds(descriptions: Sequence[str]) -> tuple[float, ...] | None:
    """T1…T5 when each of the five level descriptions states one number and together they
    rise (or, for ``lower`` indicators, fall) strictly; otherwise None."""
    if len(descriptions) != 5:
        return None
    values: list[float] = []
    for text in descriptions:
        numbers = _NUMBER.findall(thai_to_arabic_digits(text or ""))
        if len(numbers) != 1:
            return None
        values.append(float(numbers[0].replace(",", "")))
    rising = all(a < b for a, b in zip(values, values[1:]))
    falling = all(a > b for a, b in zip(values, values[1:]))
    return tuple(values) if rising or falling else None


def _interpolate(x: float, thresholds: Sequence[float]) -> float:
    """k + (x − T_k)/(T_k+1 − T_k) for T_k ≤ x < T_k+1, 5 at or past T5, 0 before T1;
    thresholds that fall (a ``lower`` indicator) are mirrored."""
    t = list(thresholds)
    if t[0] > t[-1]:
        x, t = -x, [-v for v in t]
    if x < t[0]:
        return 0.0
    for k in range(len(t) - 1):
        if t[k] <= x < t[k + 1]:
            return (k + 1) + (x - t[k]) / (t[k + 1] - t[k])
    return float(len(t))


def score_5(facts: IndicatorFacts, annual_ratio: float | None,
            level_reached: float | None) -> float | None:
    """1–5 score: the level reached (level indicators); linear interpolation between the
    numeric thresholds of the five levels; otherwise 5 × min(1, ratio). Capped at 5."""
    if facts.unit == "level":
        return None if level_reached is None else max(0.0, min(5.0, level_reached))
    thresholds = numeric_thresholds(facts.level_descriptions)
    if thresholds is not None and facts.achieved is not None:
        return min(5.0, _interpolate(facts.achieved, thresholds))
    if annual_ratio is None:
        return None
    return 5.0 * max(0.0, min(1.0, annual_ratio))


def annual_achievement(facts: IndicatorFacts, as_percent: bool,
                       cfg: Settings = default_settings) -> AnnualAchievement:
    """The year: ratio = achieved / target (direction-aware; a level recorded as percent is
    first turned into the level reached = achieved / 100 × top level)."""
    level_reached: float | None = None
    if facts.unit == "level" and facts.achieved is not None:
        level_reached = facts.achieved / 100.0 * _max_level(facts) if as_percent else facts.achieved
    value = level_reached if facts.unit == "level" else facts.achieved
    ratio = progress(value, facts.target, facts.direction)
    return AnnualAchievement(ratio, score_100(ratio), score_5(facts, ratio, level_reached),
                             status_of(ratio, cfg), level_reached)


def is_placeholder_score(quarter: int, score: float | None, audited_quarter: int | None) -> bool:
    """A recorded zero after the last audited quarter means 'not yet evaluated'."""
    return score == 0 and (audited_quarter is None or quarter > audited_quarter)


def quarter_achievements(facts: IndicatorFacts, quarters: Sequence[QuarterFacts],
                         as_percent: bool, cfg: Settings = default_settings
                         ) -> tuple[QuarterAchievement, ...]:
    out = []
    for q in sorted(quarters, key=lambda r: r.quarter):
        prog = progress(q.actual, facts.target, facts.direction, as_percent)
        plan, source = plan_for(q.quarter, q.planned_cum, cfg)
        ratio = ratio_of(prog, plan)
        recorded = None if is_placeholder_score(q.quarter, q.evaluation_score,
                                                facts.audited_quarter) else q.evaluation_score
        out.append(QuarterAchievement(q.quarter, prog, plan, source, ratio, score_100(ratio),
                                      status_of(ratio, cfg), recorded))
    return tuple(out)


def achieve(facts: IndicatorFacts, quarters: Sequence[QuarterFacts],
            cfg: Settings = default_settings) -> IndicatorAchievement:
    """Everything computed for one indicator-year, from the facts as recorded."""
    as_percent = reads_level_as_percent(facts, (q.actual for q in quarters))
    return IndicatorAchievement(as_percent, quarter_achievements(facts, quarters, as_percent, cfg),
                                annual_achievement(facts, as_percent, cfg))


def remaining_to_target(latest: QuarterAchievement | None) -> float | None:
    """Share of the annual target still to reach after the latest reported quarter
    (1 − progress, never below 0); None without a reported quarter."""
    if latest is None or latest.progress is None:
        return None
    return max(0.0, 1.0 - latest.progress)
