"""Verdicts a reader can check (DESIGN §6): where each status comes from, in words.

Plain data and strings, no Streamlit: the pages lay them out. BMA's recorded evaluation comes
first wherever there is one; the computed verdict stands beside it with the plan it was
measured against, the direction and where that came from, and the thresholds.

The numbers in an explanation are the model's own (``quarter_scores`` / ``annual_scores``):
the intermediate values shown (progress, the cap so far) are recomputed here only to be
written out, by the formulas of :mod:`kpi_model.achievement`, and end on the stored ratio.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_model.achievement import cap_so_far, infer_direction, numeric_thresholds
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.i18n import (
    accumulation_label,
    accumulation_source_label,
    fy_label,
    plan_source_label,
    recorded_status_label,
    status_label,
    t,
)
from kpi_model.labels import computed_text, direction_text, recorded_text
from kpi_model.quality import FLAG_CODES, flag_check
from kpi_model.words import get as _get
from kpi_model.words import missing as _missing
from kpi_model.words import number as _num
from kpi_model.words import ratio as _ratio
from kpi_model.words import read_as_unreported as _read_as_unreported
from kpi_model.words import records as _records
from kpi_model.words import score as _score
from kpi_model.words import share as _share
from kpi_model.words import text_or_none as _text

__all__ = [
    "Explanation",
    "Step",
    "explain_quarter",
    "explain_year",
]


@dataclass(frozen=True)
class Step:
    """One line of an explanation: what it is about (``key``, e.g. ``formula``), its label,
    the sentence, and the analyst's "what to check" line when a flag is behind it."""

    key: str
    label: str
    text: str
    check: str | None = None


@dataclass(frozen=True)
class Explanation:
    """How the verdict of one quarter (or of the year) was reached: a heading, the recorded
    and computed verdicts in a few words, and the steps in reading order."""

    heading: str
    recorded: str
    computed: str
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)


# -- small formatters --------------------------------------------------------------------------


def _flag_rows(flags: pd.DataFrame | None, code: str, quarter: int | None = None) -> list[dict[str, Any]]:
    if flags is None or not len(flags):
        return []
    rows = []
    for r in _records(flags):
        if _get(r, "code") != code:
            continue
        q = _get(r, "quarter")
        if quarter is not None and (_missing(q) or int(q) != quarter):
            continue
        rows.append(r)
    return rows


def _flag_detail(row: Mapping[str, Any], lang: str) -> str | None:
    """The detail of a flag's message (after its title): 'พบคำว่า “ไม่เกิน” ในชื่อตัวชี้วัด'."""
    message = _text(_get(row, "message_en" if lang == "en" else "message_th"))
    if message is None:
        return None
    _, title_th, title_en = FLAG_CODES.get(str(_get(row, "code")), ("", "", ""))
    title = title_en if lang == "en" else title_th
    if title and message.startswith(title + ": "):
        return message[len(title) + 2 :]
    return None if message == title else message


def _direction_step(
    ind: Mapping[str, Any],
    annual: Mapping[str, Any],
    flags: pd.DataFrame | None,
    setting: Mapping[str, Any] | None,
    lang: str,
) -> Step:
    direction, source = _get(annual, "direction"), _get(annual, "direction_source")
    parts = [direction_text(direction, source, lang)]
    check = None
    if source == "inferred":
        flagged = _flag_rows(flags, "direction_inferred")
        reason = _flag_detail(flagged[0], lang) if flagged else None
        if reason is None:
            guess = infer_direction(
                _text(ind.get("name_th")),
                _text(ind.get("unit_th")),
                None,
                str(ind.get("unit") or ""),
                None if _missing(ind.get("target")) else float(ind["target"]),
            )
            reason = (guess.reason_en if lang == "en" else guess.reason_th) if guess.direction == direction else None
        if reason:
            parts.append(t("dir_reason", lang, reason=reason))
        if flagged:
            check = flag_check("direction_inferred", lang)
    elif source == "recorded" and direction == "milestone":
        guess = infer_direction(None, None, None, "level", None)
        parts.append(t("dir_reason", lang, reason=guess.reason_en if lang == "en" else guess.reason_th))
    elif source == "analyst":
        parts += _setting_words(setting, lang)
    return Step("direction", t("step_direction", lang), " · ".join(parts), check)


def _setting_words(setting: Mapping[str, Any] | None, lang: str) -> list[str]:
    if not setting:
        return []
    words = []
    who, when = _text(setting.get("set_by")), _text(setting.get("set_at"))
    if who or when:
        words.append(t("setting_by", lang, who=who or "—", when=when or "—"))
    if note := _text(setting.get("note")):
        words.append(t("setting_note", lang, note=note))
    return words


def _accumulation_step(
    annual: Mapping[str, Any], flags: pd.DataFrame | None, setting: Mapping[str, Any] | None, lang: str
) -> Step:
    acc, source = _get(annual, "accumulation") or "cumulative", _get(annual, "accumulation_source") or "default"
    text = t(
        "acc_text", lang, accumulation=accumulation_label(acc, lang), source=accumulation_source_label(source, lang)
    )
    flagged = _flag_rows(flags, "looks_like_snapshot")
    parts = [text]
    if source == "analyst" and _get(annual, "direction_source") != "analyst":
        parts += _setting_words(setting, lang)
    if flagged and (detail := _flag_detail(flagged[0], lang)):
        parts.append(detail)
    return Step(
        "accumulation",
        t("step_accumulation", lang),
        " · ".join(parts),
        flag_check("looks_like_snapshot", lang) if flagged else None,
    )


def _reading_step(
    annual: Mapping[str, Any], quarters: pd.DataFrame, unit: str, flags: pd.DataFrame | None, lang: str
) -> Step:
    if bool(_get(annual, "read_as_percent")):
        values = ", ".join(_num(v) for v in quarters["actual"]) if len(quarters) else "—"
        code = "level_recorded_as_percent" if _get(annual, "unit") == "level" else "recorded_as_completion"
        flagged = _flag_rows(flags, code)
        return Step(
            "reading",
            t("step_reading", lang),
            t("read_completion", lang, values=values),
            flag_check(code, lang) if flagged else None,
        )
    return Step("reading", t("step_reading", lang), t("read_as_recorded", lang, unit=unit))


def _rule(status: str, lang: str, cfg: Settings) -> str:
    key = {"met": "rule_met", "on_track": "rule_on_track", "behind": "rule_behind", "not_met": "rule_not_met"}[status]
    return t(key, lang, met=_ratio(cfg.met_ratio), on_track=_ratio(cfg.on_track_ratio))


def _verdict_words(ratio: Any, status: str, score: Any, lang: str, cfg: Settings) -> str:
    return t(
        "f_verdict",
        lang,
        ratio=_ratio(ratio),
        rule=_rule(status, lang, cfg),
        status=status_label(status, lang),
        score=_score(score),
    )


#: The rules that leave a quarter or a year without a verdict for want of a usable target, and
#: their sentence (the same for both).
_NO_TARGET_WORDS = {
    "target_missing": "f_no_target",
    "target_zero": "f_target_zero",
    "target_negative": "f_target_negative",
}


def _unmeasured_evidence(flags: pd.DataFrame | None, quarter: int, lang: str) -> str:
    flagged = _flag_rows(flags, "not_yet_measured", quarter)
    return (_flag_detail(flagged[0], lang) if flagged else None) or "—"


def _quarter_formula(
    row: Mapping[str, Any], unit: str, flags: pd.DataFrame | None, quarter: int, lang: str, cfg: Settings
) -> str:
    """The quarter's calculation written out with its numbers, by the rule the model applied
    (``quarter_scores.rule``, :data:`kpi_model.achievement.QUARTER_RULES`): the explanation
    never decides the case again, it only writes out the one the model took."""
    raw, status, rule = _get(row, "actual"), _get(row, "status") or "no_data", _get(row, "rule") or "no_result"
    target, plan, ratio = _get(row, "target"), _get(row, "plan"), _get(row, "ratio")
    words = {
        "no_result": lambda: t("f_no_row", lang),
        "not_reported": lambda: t("f_not_reported", lang, actual=_num(raw)),
        "not_yet_measured": lambda: t(
            "f_not_yet_measured", lang, actual=_num(raw), evidence=_unmeasured_evidence(flags, quarter, lang)
        ),
    }
    if rule in words:
        return words[rule]()
    if rule in _NO_TARGET_WORDS:
        return t(_NO_TARGET_WORDS[rule], lang)
    if rule == "completion":
        first = t(
            "f_completion",
            lang,
            actual=_num(raw),
            progress=_ratio(_get(row, "progress")),
            plan=_ratio(plan),
            ratio=_ratio(ratio),
        )
    elif rule == "lower_target_zero":
        first = t("f_lower_zero_target", lang, actual=_num(raw), ratio=_ratio(ratio))
    elif rule == "lower_none_at_all":
        first = t("f_lower_zero_actual", lang, actual=_num(raw))
    elif rule == "snap_lower":
        first = t("f_snap_lower", lang, target=_num(target), actual=_num(raw), ratio=_ratio(ratio))
    elif rule == "cum_lower":
        first = t(
            "f_cum_lower",
            lang,
            cap=_num(cap_so_far(float(plan), float(target))),
            plan=_share(min(float(plan), 1.0)),
            target=_num(target),
            actual=_num(raw),
            ratio=_ratio(ratio),
        )
    elif rule == "snap_higher":
        first = t("f_snap_higher", lang, actual=_num(raw), target=_num(target), ratio=_ratio(ratio))
    else:
        first = t(
            "f_cum_higher",
            lang,
            actual=_num(raw),
            target=_num(target),
            unit=unit,
            progress=_ratio(_get(row, "progress")),
            plan=_ratio(plan),
            ratio=_ratio(ratio),
        )
    if status == "no_data" or _missing(ratio):
        return f"{first} → {status_label('no_data', lang)}"
    return f"{first}; {_verdict_words(ratio, status, _get(row, 'score_100'), lang, cfg)}"


def _plan_step(
    row: Mapping[str, Any],
    annual: Mapping[str, Any],
    unit: str,
    quarter: int,
    lang: str,
    setting: Mapping[str, Any] | None = None,
) -> Step:
    source = _get(row, "plan_source")
    if source == "target" or (_get(annual, "accumulation") == "snapshot" and not bool(_get(annual, "read_as_percent"))):
        text = t("plan_text_target", lang, target=_num(_get(row, "target")), unit=unit)
    else:
        label = plan_source_label(source if isinstance(source, str) else None, lang)
        if source == "assumed":
            label = f"{label} {t('plan_assumed_why', lang)}"
        cap = _get(annual, "direction") == "lower" and not bool(_get(annual, "read_as_percent"))
        key = "plan_text_cap" if cap else "plan_text_cum"
        text = t(
            key,
            lang,
            q=quarter,
            plan=_share(_get(row, "plan")),
            source=label,
            target=_num(_get(row, "target")),
            unit=unit,
        )
        if (
            source == "analyst"
            and _get(annual, "direction_source") != "analyst"
            and _get(annual, "accumulation_source") != "analyst"
        ):
            text = " · ".join([text, *_setting_words(setting, lang)])
    return Step("plan", t("step_plan", lang), text)


def _recorded_step(row: Mapping[str, Any], annual: Mapping[str, Any], quarter: int, lang: str) -> Step:
    band = _get(row, "recorded_status") if isinstance(_get(row, "recorded_status"), str) else None
    score, audited = _get(row, "evaluation_score"), _get(annual, "audited_quarter")
    audited = None if _missing(audited) else int(audited)
    if band is None:
        text = t("rec_nothing", lang)
    elif band == "not_evaluated":
        if audited is None:
            text = t("rec_placeholder_none", lang)
        elif quarter > audited:
            text = t("rec_placeholder_after", lang, audited=audited)
        else:
            text = t("rec_placeholder_audit0", lang, audited=audited)
    else:
        text = t("rec_score", lang, score=_score(score), band=recorded_status_label(band, lang))
    if not _missing(_get(row, "evaluator_score")):
        text += " · " + t("rec_audit", lang, score=_score(row["evaluator_score"]))
    if band == "not_evaluated":
        in_run = audited is not None and quarter <= audited
        check = flag_check("recorded_zero_not_evaluated" if in_run else "score_not_yet_evaluated", lang)
    else:
        check = None
    return Step("recorded", t("step_recorded", lang), text, check)


def _agreement_step(row: Mapping[str, Any], lang: str) -> Step:
    band = _get(row, "recorded_status") if isinstance(_get(row, "recorded_status"), str) else None
    status = _get(row, "status") or "no_data"
    if band in (None, "not_evaluated") or status == "no_data":
        shown = recorded_status_label(band, lang) if band in (None, "not_evaluated") else status_label("no_data", lang)
        return Step("agreement", t("step_agreement", lang), t("agree_none", lang, recorded=shown))
    if band == status:
        return Step("agreement", t("step_agreement", lang), t("agree_same", lang, band=status_label(status, lang)))
    return Step(
        "agreement",
        t("step_agreement", lang),
        t("agree_differ", lang, recorded=recorded_status_label(band, lang), computed=status_label(status, lang)),
        flag_check("recorded_vs_computed", lang),
    )


def explain_quarter(
    indicator: Mapping[str, Any],
    annual: Mapping[str, Any],
    quarters: pd.DataFrame,
    flags: pd.DataFrame | None,
    quarter: int,
    lang: str = "th",
    setting: Mapping[str, Any] | None = None,
    cfg: Settings = default_settings,
) -> Explanation:
    """How quarter ``quarter``'s verdict was reached: BMA's recorded evaluation, the direction
    and where it came from, how results count, the plan, the reading of the results, the
    calculation with its numbers, and whether the two verdicts agree.

    ``indicator`` is the ``indicators`` row, ``annual`` the ``annual_scores`` row (the
    direction, accumulation and plan in force, analyst settings applied), ``quarters`` the
    four ``quarter_scores`` rows, ``flags`` the indicator-year's flags."""
    unit = _text(_get(indicator, "unit_th")) or _text(_get(annual, "unit_th")) or ""
    match = quarters[quarters["quarter"] == quarter] if len(quarters) else quarters
    row: dict[str, Any] = (
        {} if not len(match) else {str(k): (None if _missing(v) else v) for k, v in match.iloc[0].to_dict().items()}
    )
    row.setdefault("target", _get(annual, "target"))
    status = _get(row, "status") or "no_data"
    steps = [
        _recorded_step(row, annual, quarter, lang),
        Step("computed", t("step_computed", lang), computed_text(status, _get(row, "plan_source"), lang)),
        _direction_step(indicator, annual, flags, setting, lang),
        _accumulation_step(annual, flags, setting, lang),
        _plan_step(row, annual, unit, quarter, lang, setting),
        _reading_step(annual, quarters, unit, flags, lang),
        Step(
            "formula",
            t("step_formula", lang),
            _quarter_formula(row, unit, flags, quarter, lang, cfg),
            _formula_check(row, lang),
        ),
        _agreement_step(row, lang),
    ]
    band = _get(row, "recorded_status") if isinstance(_get(row, "recorded_status"), str) else None
    return Explanation(
        t("quarter_short", lang, q=quarter),
        recorded_text(band, _get(row, "evaluation_score"), lang),
        computed_text(status, _get(row, "plan_source"), lang),
        tuple(steps),
    )


def _formula_check(row: Mapping[str, Any], lang: str) -> str | None:
    rule = _get(row, "rule")
    if rule == "not_reported":
        return flag_check("quarter_not_reported", lang)
    return flag_check(str(rule), lang) if rule in ("not_yet_measured", "target_zero") else None


def _year_formula(annual: Mapping[str, Any], unit: str, lang: str, cfg: Settings) -> str:
    """The year's calculation by the rule the model applied (``annual_scores.rule``,
    :data:`kpi_model.achievement.ANNUAL_RULES`), then the closed-year sentence when it is over."""
    achieved, target, ratio = _get(annual, "achieved"), _get(annual, "target"), _get(annual, "ratio")
    status, rule = _get(annual, "status") or "no_data", _get(annual, "rule") or "no_result"
    words = {
        "no_result": lambda: t("y_no_achieved", lang),
        "annual_not_reported": lambda: t("y_not_reported", lang),
    }
    if rule in words:
        return words[rule]()
    if rule in _NO_TARGET_WORDS:
        return t(_NO_TARGET_WORDS[rule], lang)
    if rule == "level":
        key = "y_level_completion" if bool(_get(annual, "read_as_percent")) else "y_level"
        first = t(
            key,
            lang,
            achieved=_num(achieved),
            level=_num(_get(annual, "level_reached")),
            top=_num(_get(annual, "max_level")),
            target=_num(target),
            ratio=_ratio(ratio),
        )
    elif rule == "completion":
        first = t("y_completion", lang, achieved=_num(achieved), ratio=_ratio(ratio))
    elif rule == "lower_target_zero":
        first = t("f_lower_zero_target", lang, actual=_num(achieved), ratio=_ratio(ratio))
    elif rule == "lower_none_at_all":
        first = t("f_lower_zero_actual", lang, actual=_num(achieved))
    elif rule == "lower":
        first = t("y_lower", lang, target=_num(target), achieved=_num(achieved), ratio=_ratio(ratio))
    else:
        first = t("y_higher", lang, achieved=_num(achieved), target=_num(target), unit=unit, ratio=_ratio(ratio))
    if status == "no_data" or _missing(ratio):
        return f"{first} → {status_label('no_data', lang)}"
    text = f"{first}; {_verdict_words(ratio, status, _get(annual, 'score_100'), lang, cfg)}"
    if bool(_get(annual, "year_closed")):
        text += f" ({t('y_closed', lang)})"
    return text


def _score5_words(annual: Mapping[str, Any], levels: Iterable[str], lang: str) -> str:
    score5 = _get(annual, "score_5")
    if _missing(score5):
        return t("s5_none", lang)
    if _get(annual, "unit") == "level":
        return t("s5_level", lang, score5=_ratio(score5))
    if numeric_thresholds(list(levels)) is not None:
        return t("s5_thresholds", lang, score5=_ratio(score5))
    return t("s5_ratio", lang, ratio=_ratio(_get(annual, "ratio")), score5=_ratio(score5))


def _unreported_words(quarters: pd.DataFrame, lang: str) -> str:
    missing = []
    for r in _records(quarters):
        q = int(r["quarter"])
        if _missing(_get(r, "actual")):
            missing.append(t("quarter_short", lang, q=q))
        elif _read_as_unreported(r):
            missing.append(t("quarter_not_reported_short", lang, q=q, actual=_num(r["actual"])))
    present = {int(q) for q in quarters["quarter"]} if len(quarters) else set()
    missing += [t("quarter_short", lang, q=q) for q in (1, 2, 3, 4) if q not in present]
    return t("unreported_list", lang, quarters=", ".join(missing)) if missing else t("unreported_none", lang)


def explain_year(
    indicator: Mapping[str, Any],
    annual: Mapping[str, Any],
    quarters: pd.DataFrame,
    flags: pd.DataFrame | None,
    levels: Iterable[str] = (),
    lang: str = "th",
    setting: Mapping[str, Any] | None = None,
    cfg: Settings = default_settings,
) -> Explanation:
    """How the year's verdict was reached: the evaluator's last audit, direction, reading,
    the annual ratio with its numbers, the 1–5 score and the quarters without a result."""
    unit = _text(_get(indicator, "unit_th")) or _text(_get(annual, "unit_th")) or ""
    audited = _get(annual, "audited_quarter")
    if _missing(audited):
        recorded = t("y_not_audited", lang)
    else:
        match = quarters[quarters["quarter"] == int(audited)] if len(quarters) else quarters
        score: Any = match["evaluator_score"].iloc[0] if len(match) else None
        recorded = t("y_audit", lang, audited=int(audited), score=_score(score))
        if not _missing(score) and float(score) == 0:  # a 0 on the audited quarter is not yet evaluated (§3)
            recorded += " (" + recorded_status_label("not_evaluated", lang) + ")"
    status = _get(annual, "status") or "no_data"
    steps = [
        Step("recorded", t("step_recorded", lang), recorded),
        Step("computed", t("step_computed", lang), status_label(status, lang)),
        _direction_step(indicator, annual, flags, setting, lang),
        _reading_step(annual, quarters, unit, flags, lang),
        Step("formula", t("step_formula", lang), _year_formula(annual, unit, lang, cfg)),
        Step("score5", t("step_score5", lang), _score5_words(annual, levels, lang)),
        Step(
            "unreported",
            t("step_unreported", lang),
            _unreported_words(quarters, lang),
            flag_check("quarter_not_reported", lang) if _flag_rows(flags, "quarter_not_reported") else None,
        ),
    ]
    fy = _get(annual, "fiscal_year") or _get(indicator, "fiscal_year")
    heading = t("explain_year", lang, fy=fy_label(int(fy), lang)) if not _missing(fy) else ""
    return Explanation(heading, recorded, status_label(status, lang), tuple(steps))
