"""Achievement of one indicator: per quarter against the plan, and for the year (DESIGN §3).

Units: ``progress`` is the share of the annual target reached (1.0 = the whole target; for a
``lower`` indicator, the share of the year's cap used so far); ``plan`` is the share of the
annual target expected by the end of the quarter; ``ratio`` is unitless (1.0 = exactly on
plan); ``score_100`` is on BMA's 0–100 scale; ``score_5`` on the 1–5 scale (0 when no level is
reached). A missing input or a zero divisor gives ``None`` — never a division error and never
0 — except the target-0 rule of ``lower`` indicators (met when the result is 0).

The rules were learnt from real BMA pages; each function says which one it applies.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.fiscal import thai_to_arabic_digits

__all__ = [
    "ANNUAL_RULES",
    "DEFAULT_MAX_LEVEL",
    "HIGHER_WORDS",
    "LOWER_WORDS",
    "NOT_YET_MEASURED_WORDS",
    "QUARTER_RULES",
    "AnalystSetting",
    "AnnualAchievement",
    "DirectionGuess",
    "IndicatorAchievement",
    "IndicatorFacts",
    "QuarterAchievement",
    "QuarterFacts",
    "achieve",
    "annual_achievement",
    "annual_ratio",
    "annual_rule",
    "annual_status",
    "annual_unreported",
    "apply_setting",
    "cap_so_far",
    "infer_direction",
    "is_placeholder_score",
    "is_rating_scale",
    "is_report",
    "looks_like_snapshot",
    "not_measured_word",
    "numeric_thresholds",
    "plan_for",
    "progress",
    "quarter_achievements",
    "quarter_ratio",
    "quarter_rule",
    "ratio_of",
    "reads_as_completion",
    "reads_level_as_percent",
    "recorded_band",
    "remaining_to_target",
    "score_5",
    "score_100",
    "status_of",
    "unmeasured_by_rule",
    "unmeasured_quarters",
    "zero_run",
]

DEFAULT_MAX_LEVEL = 5

# Words that say a smaller result is better, looked for only in the name, the unit and the
# target line (ไม่เกิน also appears in reports of higher-is-better KPIs).
LOWER_WORDS = ("ไม่เกิน", "ไม่มากกว่า", "ไม่สูงกว่า")
LOWER_TOPICS = ("อัตราการป่วย", "อัตราป่วย", "เสียชีวิต", "อุบัติเหตุ", "ระยะเวลา")
HIGHER_WORDS = ("ไม่น้อยกว่า", "ไม่ต่ำกว่า", "เพิ่มขึ้น")


@dataclass(frozen=True)
class DirectionGuess:
    """A direction read from a page, with where it came from (``recorded`` for a level unit,
    ``inferred`` otherwise) and the reason in Thai and English."""

    direction: str
    source: str
    reason_th: str
    reason_en: str


def infer_direction(
    name_th: str | None, unit_th: str | None, target_text: str | None, unit: str, target: float | None
) -> DirectionGuess:
    """The direction of a page's indicator (the page never says it; DESIGN §3).

    Level units are ``milestone``. Otherwise ไม่เกิน (or ไม่มากกว่า, ไม่สูงกว่า: "at most") in
    the name, unit or target line means ``lower``; ไม่น้อยกว่า / ไม่ต่ำกว่า / เพิ่มขึ้น mean
    ``higher``; the topics อัตราการป่วย, อัตราป่วย,
    เสียชีวิต, อุบัติเหตุ, ระยะเวลา, or a time unit mean ``lower``; else ``higher``. The explicit
    words are read before the topics, so "อุบัติเหตุลดลงไม่น้อยกว่าร้อยละ 10" (a reduction of at
    least 10 %) is ``higher``. A target of 0 alone says nothing: without a lower word it is a
    placeholder (flag ``target_zero``, no verdict), never a reason to read ``lower``."""
    if unit == "level":
        return DirectionGuess(
            "milestone", "recorded", "หน่วยเป็นระดับ (ตัวชี้วัดขั้นความสำเร็จ)", "the unit is a level (a milestone KPI)"
        )
    places = (
        ("ชื่อตัวชี้วัด", "the name", name_th),
        ("หน่วย", "the unit", unit_th),
        ("บรรทัดค่าเป้าหมาย", "the target line", target_text),
    )

    def found(words: Sequence[str]) -> tuple[str, str, str] | None:
        for where_th, where_en, text in places:
            for word in words:
                if text and word in text:
                    return word, where_th, where_en
        return None

    if hit := found(LOWER_WORDS):
        return DirectionGuess("lower", "inferred", f"พบคำว่า “{hit[0]}” ใน{hit[1]}", f"“{hit[0]}” (at most) in {hit[2]}")
    if hit := found(HIGHER_WORDS):
        return DirectionGuess(
            "higher", "inferred", f"พบคำว่า “{hit[0]}” ใน{hit[1]}", f"“{hit[0]}” (at least / increase) in {hit[2]}"
        )
    if hit := found(LOWER_TOPICS):
        return DirectionGuess(
            "lower", "inferred", f"พบคำว่า “{hit[0]}” ใน{hit[1]}", f"“{hit[0]}” (a harm or a duration) in {hit[2]}"
        )
    if unit == "time":
        return DirectionGuess("lower", "inferred", "หน่วยเป็นเวลา", "the unit is a time")
    return DirectionGuess(
        "higher", "inferred", "ไม่พบคำบอกทิศทาง จึงถือว่ายิ่งสูงยิ่งดี", "no word gives the direction: higher is taken as better"
    )


@dataclass(frozen=True)
class AnalystSetting:
    """An analyst's decisions for one indicator (DESIGN §2 ``indicator_settings``); ``None``
    leaves the source's value. ``plan`` holds cumulative percents of the target, Q1–Q4."""

    direction: str | None = None
    accumulation: str | None = None
    plan: tuple[float | None, float | None, float | None, float | None] = (None, None, None, None)
    max_level: int | None = None
    weight: float | None = None
    note: str | None = None
    set_by: str | None = None
    set_at: str | None = None
    unmeasured_quarters: tuple[int, ...] | None = None  # None: the rule decides; (): none
    decisions: tuple[tuple[str, str], ...] = ()  # (inference code, confirmed | otherwise)

    def decision(self, code: str) -> str | None:
        """The analyst's decision on inference ``code`` (kpi_model.inference), or None."""
        return next((choice for c, choice in self.decisions if c == code), None)


@dataclass(frozen=True)
class IndicatorFacts:
    """What is known of one indicator in one fiscal year: the source's row of ``indicators``
    with an analyst's setting applied (:func:`apply_setting`). ``max_level`` None on a level
    KPI means the page gave no levels: 5 is assumed and said (``max_level_source``)."""

    unit: str
    direction: str
    target: float | None
    achieved: float | None
    max_level: int | None = None
    level_descriptions: tuple[str, ...] = ()
    audited_quarter: int | None = None
    accumulation: str = "cumulative"
    direction_source: str = "recorded"
    accumulation_source: str = "default"
    max_level_source: str = "page"
    analyst_plan: tuple[float | None, float | None, float | None, float | None] = (None, None, None, None)
    unit_th: str | None = None
    closed: bool = False  # the fiscal year is over (kpi_model.fiscal.year_closed)
    unmeasured_quarters: tuple[int, ...] | None = None  # an analyst's decision; None: the rule's
    decisions: tuple[tuple[str, str], ...] = ()

    def decision(self, code: str) -> str | None:
        """The analyst's decision on inference ``code`` (kpi_model.inference), or None."""
        return next((choice for c, choice in self.decisions if c == code), None)

    @property
    def top_level(self) -> int:
        return int(self.max_level) if self.max_level else DEFAULT_MAX_LEVEL

    @property
    def top_level_source(self) -> str:
        return self.max_level_source if self.max_level else "assumed"


def apply_setting(facts: IndicatorFacts, setting: AnalystSetting | None) -> IndicatorFacts:
    """The facts with an analyst's decisions in place of the source's, each marked
    ``analyst``; an empty field of the setting leaves the source's value."""
    if setting is None:
        return facts
    out = facts
    if setting.direction:
        out = replace(out, direction=setting.direction, direction_source="analyst")
    if setting.accumulation:
        out = replace(out, accumulation=setting.accumulation, accumulation_source="analyst")
    if setting.max_level:
        out = replace(out, max_level=int(setting.max_level), max_level_source="analyst")
    if any(p is not None for p in setting.plan):
        out = replace(out, analyst_plan=setting.plan)
    if setting.unmeasured_quarters is not None:
        out = replace(out, unmeasured_quarters=setting.unmeasured_quarters)
    if setting.decisions:
        out = replace(out, decisions=setting.decisions)
    return out


@dataclass(frozen=True)
class QuarterFacts:
    """One row of ``quarterly_results``; ``actual`` is cumulative, in the indicator's unit."""

    quarter: int
    actual: float | None
    planned_cum: float | None = None
    evaluation_score: float | None = None
    report: str | None = None
    evaluator_score: float | None = None
    score_2_1: float | None = None
    score_2_2: float | None = None


@dataclass(frozen=True)
class QuarterAchievement:
    quarter: int
    actual: float | None  # the result judged: None when the recorded one is not a result
    progress: float | None
    plan: float
    plan_source: str  # analyst | recorded | assumed | target (snapshot: the target itself)
    ratio: float | None
    score_100: float | None
    status: str
    recorded_score: float | None  # the source's evaluation score; None for a placeholder zero
    recorded_status: str | None  # the band of the recorded score, or not_evaluated
    not_reported: bool = False  # a 0 after a positive result with no report
    not_yet_measured: bool = False  # a placeholder before the first real result
    rule: str = "no_result"  # which rule of QUARTER_RULES judged it
    zero_not_evaluated: bool = False  # a recorded 0 read as not yet evaluated by the run rule

    @property
    def bands_disagree(self) -> bool:
        """BMA's recorded score and the computed status fall in different bands."""
        return (
            self.recorded_status in ("met", "on_track", "behind")
            and self.status != "no_data"
            and self.recorded_status != self.status
        )


@dataclass(frozen=True)
class AnnualAchievement:
    ratio: float | None
    score_100: float | None
    score_5: float | None
    status: str  # met / not_met for a closed year; met / on_track / behind for an open one
    level_reached: float | None  # level indicators only
    rule: str = "no_result"  # which rule of ANNUAL_RULES judged it
    not_reported: bool = False  # an annual 0 after positive quarters with no final report


@dataclass(frozen=True)
class IndicatorAchievement:
    read_as_completion: bool
    quarters: tuple[QuarterAchievement, ...]
    annual: AnnualAchievement
    facts: IndicatorFacts

    @property
    def read_as_percent(self) -> bool:
        return self.read_as_completion


def is_report(text: str | None) -> bool:
    """A narrative report is there: not blank and not a lone dash (BMA writes ``-`` for none)."""
    if text is None:
        return False
    stripped = text.strip().strip("-–—").strip()
    return bool(stripped)


COMPLETION_PAST_TARGET = 1.25  # a completion reading must end this far past the target


def reads_as_completion(facts: IndicatorFacts, actuals: Iterable[float | None]) -> bool:
    """Results recorded as percent of completion rather than the KPI's own value:

    * a level KPI whose results run above its top level, up to 100 (the seed: 10/25/65/100
      against level 5);
    * a cumulative percent KPI with 0 < target < 100 whose results climb by at least half the
      target to 95 or more, never past 100 (a 40 % target recorded 12/45/80/100), and end
      clearly past the target (≥ 1.25 × target): a 96 % disbursement target reached as
      20/45/70/96 is the KPI's own value, not completion.

    An analyst's decision on the reading (kpi_model.inference) overrides the rule."""
    decided = facts.decision("level_recorded_as_percent" if facts.unit == "level" else "recorded_as_completion")
    if decided is not None:
        return decided == "confirmed"
    reported = [v for v in actuals if v is not None]
    if facts.unit == "level":
        values = [*reported, *([facts.achieved] if facts.achieved is not None else [])]
        top = facts.top_level
        return any(top < v <= 100 for v in values) and all(v <= 100 for v in values)
    if facts.unit == "percent" and facts.accumulation == "cumulative" and reported:
        t = facts.target
        if t is None or not 0 < t < 100:
            return False
        peak = max(reported)
        return (
            95 <= peak <= 100
            and peak >= COMPLETION_PAST_TARGET * t
            and min(reported) >= 0
            and peak - reported[0] >= 0.5 * t
        )
    return False


def reads_level_as_percent(facts: IndicatorFacts, actuals: Iterable[float | None]) -> bool:
    """Level KPIs only: see :func:`reads_as_completion`."""
    return facts.unit == "level" and reads_as_completion(facts, actuals)


def looks_like_snapshot(facts: IndicatorFacts, actuals: Sequence[float | None]) -> bool:
    """A result read as cumulative that behaves like a rate: the first non-zero result is
    already ≥ 0.8 × target and the year rises by ≤ 0.5 × target (96/98/97/99 against 95).
    Only raised for review; the reading never switches by itself."""
    if facts.accumulation != "cumulative" or facts.unit == "level" or not facts.target:
        return False
    values = [v for v in actuals if v is not None]
    first = next((v for v in values if v != 0), None)
    if first is None or facts.target < 0:
        return False
    return first >= 0.8 * facts.target and max(values) - first <= 0.5 * facts.target


def progress(actual: float | None, target: float | None, direction: str, as_percent: bool = False) -> float | None:
    """Share of the annual target: actual / target (for ``lower``, the share of the year's
    cap used), actual / 100 when read as percent of completion. None when a value is missing
    or the target is 0."""
    if actual is None:
        return None
    if as_percent:
        return actual / 100.0
    if target is None or target <= 0:
        return None
    return actual / target


def plan_for(
    quarter: int, planned_cum: float | None, cfg: Settings = default_settings, analyst_cum: float | None = None
) -> tuple[float, str]:
    """(plan as a share of the annual target, its source): the analyst's plan_qN, else the
    source's planned_cum, both cumulative percents (÷ 100), else the default profile."""
    if analyst_cum is not None:
        return analyst_cum / 100.0, "analyst"
    if planned_cum is not None:
        return planned_cum / 100.0, "recorded"
    return cfg.default_plan[quarter - 1], "assumed"


def ratio_of(progress_share: float | None, plan_share: float | None) -> float | None:
    """progress / plan; None when either is missing or the plan is 0."""
    if progress_share is None or not plan_share:
        return None
    return progress_share / plan_share


def cap_so_far(plan: float, target: float) -> float:
    """A cumulative ``lower`` KPI's allowance by the end of a quarter, in the KPI's unit:
    min(plan, 1) × target. Never above the year's target, so a result above it is never met."""
    return min(plan, 1.0) * target


def _lower_ratio(allowed: float, actual: float, target: float) -> float | None:
    """At most ``allowed`` so far: allowed / actual. A result of 0 or less is within any cap
    (1.0); a target of 0 is met only by 0 or less (ratio 1), otherwise missed (ratio 0); a
    negative target has no meaning as a cap (None, flagged ``target_negative``)."""
    if target < 0:
        return None
    if target == 0:
        return 1.0 if actual <= 0 else 0.0
    if actual <= 0:
        return 1.0
    return allowed / actual


#: The rules that judge a quarter, one id each: the Python reference (:func:`quarter_rule`), the
#: scoring SQL (``queries/score/quarters.sql``) and the explanation (:mod:`kpi_model.explain`)
#: all name the rule they applied by these ids, and one table of worked cases tests all three.
QUARTER_RULES = (
    "no_result",  # nothing recorded
    "not_reported",  # a 0 after a positive result, with no report: read as missing
    "not_yet_measured",  # a placeholder before the first real result: read as missing
    "completion",  # recorded as percent of completion: (actual / 100) / plan
    "target_missing",  # no target: no verdict
    "target_zero",  # a target of 0 without a lower word is a placeholder: no verdict
    "target_negative",  # a negative target: no verdict
    "cum_higher",  # (actual / target) / plan
    "snap_higher",  # actual / target
    "cum_lower",  # (min(plan, 1) × target) / actual
    "snap_lower",  # target / actual
    "lower_target_zero",  # none at all allowed: met (1) when actual ≤ 0, else 0
    "lower_none_at_all",  # actual ≤ 0 is within any cap: 1
)
#: The rules that judge the year (:func:`annual_rule`).
ANNUAL_RULES = (
    "no_result",
    "annual_not_reported",  # an annual 0 after positive quarters, with no final report: missing
    "completion",  # achieved / 100
    "level",  # level reached / target level
    "target_missing",
    "target_zero",
    "target_negative",
    "higher",  # achieved / target
    "lower",  # target / achieved
    "lower_target_zero",
    "lower_none_at_all",
)


def quarter_rule(
    actual: float | None, target: float | None, direction: str, accumulation: str, as_completion: bool = False
) -> str:
    """Which rule of :data:`QUARTER_RULES` judges a result (``actual`` None: nothing to judge)."""
    if actual is None:
        return "no_result"
    if as_completion:
        return "completion"
    if target is None:
        return "target_missing"
    if target < 0:
        return "target_negative"
    if direction == "lower":
        if target == 0:
            return "lower_target_zero"
        if actual <= 0:
            return "lower_none_at_all"
        return "snap_lower" if accumulation == "snapshot" else "cum_lower"
    if target == 0:
        return "target_zero"
    return "snap_higher" if accumulation == "snapshot" else "cum_higher"


def quarter_ratio(
    actual: float | None,
    target: float | None,
    plan: float,
    direction: str,
    accumulation: str,
    as_completion: bool = False,
) -> float | None:
    """The quarter's ratio against plan (DESIGN §3), unitless, 1.0 = on plan, by the rule of
    :func:`quarter_rule`:

    * percent of completion: (actual / 100) / plan;
    * cumulative higher / milestone: (actual / target) / plan;
    * cumulative lower (a cap for the year): (min(plan, 1) × target) / actual — the cap so
      far is never above the year's, so a result above the target is never met;
    * snapshot higher: actual / target; snapshot lower: target / actual;
    * lower with target 0: 1 when actual ≤ 0, else 0; lower with actual ≤ 0: 1.
    None when an input is missing, the target is negative or a placeholder 0, or the plan is 0."""
    rule = quarter_rule(actual, target, direction, accumulation, as_completion)
    if actual is None:
        return None
    if rule == "completion":
        return ratio_of(actual / 100.0, plan)
    if target is None or rule in ("target_zero", "target_negative"):
        return None
    if rule == "lower_target_zero":
        return 1.0 if actual <= 0 else 0.0
    if rule == "lower_none_at_all":
        return 1.0
    if rule == "cum_lower":
        return cap_so_far(plan, target) / actual
    if rule == "snap_lower":
        return target / actual
    if rule == "snap_higher":
        return actual / target
    return ratio_of(actual / target, plan)


def target_on_level_scale(facts: IndicatorFacts) -> bool:
    """The target of a level KPI is a level (its unit line says ระดับ, or says nothing): a
    level reached is then compared with it. A ระดับความสำเร็จ KPI whose unit line names a thing
    (``ค่าเป้าหมาย 1 คลอง : 1``) has a target that is no level: read as completion, its year is
    achieved / 100 of the work, never level 5 against a target of 1."""
    unit = (facts.unit_th or "").strip()
    return not unit or unit.startswith("ระดับ")


def annual_rule(
    value: float | None, target: float | None, facts: IndicatorFacts, as_completion: bool, not_reported: bool
) -> str:
    """Which rule of :data:`ANNUAL_RULES` judges the year (``value``: the annual result, or for
    a level KPI the level reached)."""
    if not_reported:
        return "annual_not_reported"
    if value is None:
        return "no_result"
    if as_completion and (facts.unit != "level" or not target_on_level_scale(facts)):
        return "completion"
    if target is None:
        return "target_missing"
    if target < 0:
        return "target_negative"
    if facts.unit == "level":
        return "level" if target > 0 else "target_zero"
    if facts.direction == "lower":
        if target == 0:
            return "lower_target_zero"
        return "lower_none_at_all" if value <= 0 else "lower"
    return "higher" if target > 0 else "target_zero"


def annual_ratio(value: float | None, target: float | None, direction: str) -> float | None:
    """The year: value / target (``lower``: target / value, with the target-0 rule); None for
    a missing input, a negative target, or a placeholder target of 0."""
    if value is None or target is None:
        return None
    if direction == "lower":
        return _lower_ratio(target, value, target)
    return None if target <= 0 else value / target


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


def annual_status(ratio: float | None, closed: bool, cfg: Settings = default_settings) -> str:
    """The year's status: :func:`status_of` while the year is open; once it is closed the
    question is "did we make it?": ``met`` (ratio ≥ met_ratio) or ``not_met``."""
    status = status_of(ratio, cfg)
    if closed and status in ("on_track", "behind"):
        return "not_met"
    return status


def is_placeholder_score(
    quarter: int, score: float | None, audited_quarter: int | None, audit_score: float | None = None
) -> bool:
    """A recorded 0 that means 'not yet evaluated': after the last audited quarter (or with
    no audit at all), or on the audited quarter itself when the สยป. score there is 0."""
    if score != 0:
        return False
    if audited_quarter is None or quarter > audited_quarter:
        return True
    return quarter == audited_quarter and audit_score == 0


def _zero_or_blank(value: float | None) -> bool:
    return value is None or value == 0


def zero_run(quarters: Sequence[QuarterFacts], audited_quarter: int | None) -> tuple[int, ...]:
    """The quarters BMA's placeholder zeros cover up to the audited quarter (DESIGN §3): when
    the สยป. score of the audited quarter is 0, the run of quarters recorded 0 (sub-scores
    0 / 0 or blank) that ends at it. BMA evaluates in order, so the run is "not yet
    evaluated", not BMA saying "behind". Empty when the audit score is not 0."""
    if audited_quarter is None:
        return ()
    by_q = {q.quarter: q for q in quarters}
    audited = by_q.get(audited_quarter)
    if audited is None or audited.evaluator_score != 0 or audited.evaluation_score != 0:
        return ()
    run = [audited_quarter]
    for n in range(audited_quarter - 1, 0, -1):
        q = by_q.get(n)
        if q is None or q.evaluation_score != 0 or not (_zero_or_blank(q.score_2_1) and _zero_or_blank(q.score_2_2)):
            break
        run.append(n)
    return tuple(sorted(run))


def recorded_band(
    quarter: int,
    score: float | None,
    audited_quarter: int | None,
    audit_score: float | None = None,
    cfg: Settings = default_settings,
    in_zero_run: bool | None = None,
) -> str | None:
    """The band of BMA's recorded evaluation score (0–100): met / on_track / behind by the
    same thresholds as the computed ratio (score ÷ 100), ``not_evaluated`` for a placeholder
    zero, None when nothing is recorded. Recorded scores are bands (100, 90, 0), not a
    formula, so they are compared with the computed status, never with its number.
    ``in_zero_run``: the quarter is in :func:`zero_run` (None: judge the quarter alone, as
    :func:`is_placeholder_score`); False also when an analyst decided the run is BMA's verdict."""
    if score is None:
        return None
    if score == 0 and (audited_quarter is None or quarter > audited_quarter):
        return "not_evaluated"
    placeholder = (
        is_placeholder_score(quarter, score, audited_quarter, audit_score) if in_zero_run is None else in_zero_run
    )
    if placeholder:
        return "not_evaluated"
    return status_of(score / 100.0, cfg)


#: Words of a report that say the work is not measured yet (DESIGN §3 placeholders).
NOT_YET_MEASURED_WORDS = (
    "ยังไม่มีคำรับรอง",
    "อยู่ระหว่างสรุปผล",
    "อยู่ระหว่างทอดแบบสอบถาม",
    "ยังไม่สามารถประมวลผลได้",
    "รอผล",
)
PLACEHOLDER_SHARE = 0.01  # a placeholder is below this share of the target (0 or a token 0.10)
RATING_WORD, RATING_TOP = "คะแนน", 5.0  # a rating scale (คะแนน, 1–5) where 0 is impossible


def not_measured_word(report: str | None) -> str | None:
    """The first of :data:`NOT_YET_MEASURED_WORDS` in a report, or None. "ยังไม่สามารถ
    ดำเนินการได้" (the work could not be done) is not one: it describes a real 0."""
    if not report:
        return None
    return next((w for w in NOT_YET_MEASURED_WORDS if w in report), None)


def is_rating_scale(facts: IndicatorFacts) -> bool:
    """A score on a 1–5 scale (คะแนน in the unit, 0 < target ≤ 5): a 0 there is impossible."""
    return (
        bool(facts.unit_th and RATING_WORD in facts.unit_th)
        and facts.target is not None
        and 0 < facts.target <= RATING_TOP
    )


def unmeasured_by_rule(facts: IndicatorFacts, quarters: Sequence[QuarterFacts]) -> tuple[int, ...]:
    """The quarters before the first real result that hold a placeholder: a value below 1 % of
    the target whose report says it is not yet measured, or on a rating scale (DESIGN §3).
    Blank quarters before the first result are skipped; the first other value ends the run."""
    out: list[int] = []
    target = facts.target
    for q in sorted(quarters, key=lambda r: r.quarter):
        if q.actual is None:
            continue
        small = target is not None and target > 0 and q.actual < PLACEHOLDER_SHARE * target
        if small and (not_measured_word(q.report) is not None or is_rating_scale(facts)):
            out.append(q.quarter)
            continue
        break
    return tuple(out)


def unmeasured_quarters(facts: IndicatorFacts, quarters: Sequence[QuarterFacts]) -> tuple[tuple[int, ...], bool]:
    """(the quarters read as not yet measured, whether that rests on the rule alone): the
    analyst's ``unmeasured_quarters`` where decided, else :func:`unmeasured_by_rule`."""
    if facts.unmeasured_quarters is not None:
        return tuple(sorted(facts.unmeasured_quarters)), False
    if facts.decision("not_yet_measured") == "otherwise":
        return (), False
    found = unmeasured_by_rule(facts, quarters)
    return found, bool(found) and facts.decision("not_yet_measured") is None


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
    rising = all(a < b for a, b in itertools.pairwise(values))
    falling = all(a > b for a, b in itertools.pairwise(values))
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


def score_5(
    facts: IndicatorFacts, annual: float | None, level_reached: float | None, achieved: float | None = None
) -> float | None:
    """1–5 score: the level reached (level indicators); linear interpolation between the
    numeric thresholds of the five levels; otherwise 5 × min(1, ratio). Capped at 5.
    ``achieved``: the annual result judged (None when it is not a result); the recorded one
    when not given. No ratio and no result: None, never 0."""
    if facts.unit == "level":
        return None if level_reached is None else max(0.0, min(5.0, level_reached))
    value = facts.achieved if achieved is None and annual is not None else achieved
    thresholds = numeric_thresholds(facts.level_descriptions)
    if thresholds is not None and value is not None:
        return min(5.0, _interpolate(value, thresholds))
    if annual is None:
        return None
    return 5.0 * max(0.0, min(1.0, annual))


def annual_unreported(facts: IndicatorFacts, judged: Sequence[QuarterAchievement], final_report: str | None) -> bool:
    """An annual 0 after positive quarters, with no final (Q4) report, is not a result
    (DESIGN §3): the year is ``no_data`` (flag ``annual_not_reported``), never a score of 0."""
    return (
        facts.achieved == 0
        and any(a.actual is not None and a.actual > 0 for a in judged)
        and not is_report(final_report)
    )


def annual_achievement(
    facts: IndicatorFacts, as_completion: bool, cfg: Settings = default_settings, not_reported: bool = False
) -> AnnualAchievement:
    """The year: ratio = achieved / target by the direction and target-0 rules. A level
    recorded as percent is first turned into the level reached (achieved / 100 × top
    level); a percent recorded as completion is judged as achieved / 100 of the work.
    ``not_reported`` (:func:`annual_unreported`): the recorded annual value is not a result.
    A closed year's status is met or not met (:func:`annual_status`)."""
    achieved = None if not_reported else facts.achieved
    level_reached: float | None = None
    if facts.unit == "level" and achieved is not None:
        level_reached = achieved / 100.0 * facts.top_level if as_completion else achieved
    value = level_reached if facts.unit == "level" else achieved
    rule = annual_rule(value, facts.target, facts, as_completion, not_reported)
    if rule == "completion":
        ratio = None if achieved is None else achieved / 100.0
    elif facts.unit == "level":
        ratio = annual_ratio(level_reached, facts.target, "milestone")
    elif as_completion:
        ratio = None if achieved is None else achieved / 100.0
    else:
        ratio = annual_ratio(achieved, facts.target, facts.direction)
    return AnnualAchievement(
        ratio,
        score_100(ratio),
        score_5(facts, ratio, level_reached, achieved),
        annual_status(ratio, facts.closed, cfg),
        level_reached,
        rule,
        not_reported,
    )


def quarter_achievements(
    facts: IndicatorFacts, quarters: Sequence[QuarterFacts], as_completion: bool, cfg: Settings = default_settings
) -> tuple[QuarterAchievement, ...]:
    """Each quarter judged against its plan. A 0 after a positive result, with no report (or
    a report of "-"), is not a result: it is read as missing (``not_reported``); so is a
    placeholder before the first real result (``not_yet_measured``, :func:`unmeasured_quarters`).
    BMA's recorded 0s in the run that ends at an audited quarter scored 0 are "not yet
    evaluated" (:func:`zero_run`) unless an analyst decided they are BMA's verdict."""
    rows = sorted(quarters, key=lambda r: r.quarter)
    audit_score = next((r.evaluator_score for r in rows if r.quarter == facts.audited_quarter), None)
    unmeasured, _ = unmeasured_quarters(facts, rows)
    run = () if facts.decision("recorded_zero_not_evaluated") == "otherwise" else zero_run(rows, facts.audited_quarter)
    out = []
    best_so_far = 0.0
    for q in rows:
        actual = q.actual
        not_yet = actual is not None and q.quarter in unmeasured
        not_reported = actual == 0 and best_so_far > 0 and not is_report(q.report) and not not_yet
        if not_reported or not_yet:
            actual = None
        if actual is not None:
            best_so_far = max(best_so_far, actual)
        if facts.accumulation == "snapshot" and not as_completion:
            plan, source = 1.0, "target"
        else:
            plan, source = plan_for(q.quarter, q.planned_cum, cfg, facts.analyst_plan[q.quarter - 1])
        direction = "higher" if as_completion else facts.direction
        prog = progress(actual, facts.target, direction, as_completion)
        ratio = quarter_ratio(actual, facts.target, plan, direction, facts.accumulation, as_completion)
        if not_yet:
            rule = "not_yet_measured"
        elif not_reported:
            rule = "not_reported"
        else:
            rule = quarter_rule(actual, facts.target, direction, facts.accumulation, as_completion)
        in_run = q.quarter in run
        band = recorded_band(q.quarter, q.evaluation_score, facts.audited_quarter, audit_score, cfg, in_run)
        recorded = None if band == "not_evaluated" else q.evaluation_score
        out.append(
            QuarterAchievement(
                q.quarter,
                actual,
                prog,
                plan,
                source,
                ratio,
                score_100(ratio),
                status_of(ratio, cfg),
                recorded,
                band,
                not_reported,
                not_yet,
                rule,
                in_run,
            )
        )
    return tuple(out)


def achieve(
    facts: IndicatorFacts, quarters: Sequence[QuarterFacts], cfg: Settings = default_settings
) -> IndicatorAchievement:
    """Everything computed for one indicator-year, from the facts as recorded (with any
    analyst setting already applied). Placeholders before the first result are left out
    before the reading as completion is decided (they are not results)."""
    rows = sorted(quarters, key=lambda r: r.quarter)
    unmeasured, _ = unmeasured_quarters(facts, rows)
    as_completion = reads_as_completion(facts, [None if q.quarter in unmeasured else q.actual for q in rows])
    judged = quarter_achievements(facts, rows, as_completion, cfg)
    final = next((q.report for q in rows if q.quarter == 4), None)
    return IndicatorAchievement(
        as_completion,
        judged,
        annual_achievement(facts, as_completion, cfg, annual_unreported(facts, judged, final)),
        facts,
    )


def remaining_to_target(latest_progress: float | None) -> float | None:
    """Share of the annual target still to reach after the latest reported quarter
    (1 − progress, never below 0); None without a reported result."""
    if latest_progress is None:
        return None
    return max(0.0, 1.0 - latest_progress)
