"""The short words of a verdict that every page, table and pack shows: BMA's recorded band,
the computed status with its plan, the direction and its source, the thresholds, the counts
behind a headline, and the Thai/English labels of an extract's rows (DESIGN §6). The long
explanation of one verdict is :mod:`kpi_model.explain`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from kpi_model.columns import COLUMN_NAMES, spec
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.i18n import (
    agency_label,
    direction_label,
    direction_source_label,
    name_of,
    plan_source_label,
    recorded_status_label,
    status_label,
    t,
    unit_text,
)
from kpi_model.inference import INFERENCES
from kpi_model.rollup import behind_below
from kpi_model.words import missing as _missing
from kpi_model.words import score as _score
from kpi_model.words import share as _share

__all__ = [
    "basis_text",
    "behind_limit",
    "computed_text",
    "direction_text",
    "inference_names",
    "label_rows",
    "recorded_counts_text",
    "recorded_line",
    "recorded_summary",
    "recorded_text",
    "thresholds_text",
    "trend_scope_label",
    "unconfirmed_text",
]


def inference_names(codes: Any, lang: str = "th") -> list[str]:
    """The names of the unconfirmed inferences of a verdict (``inferences``: codes joined by
    ``,``, as :mod:`kpi_model.derive` stores them), in Thai or English; [] when none."""
    if _missing(codes) or not str(codes).strip():
        return []
    out = []
    for code in str(codes).split(","):
        kind = INFERENCES.get(code.strip())
        if kind is not None:
            out.append(kind.name_en if lang == "en" else kind.name_th)
    return out


def unconfirmed_text(codes: Any, lang: str = "th") -> str | None:
    """'ผลนี้อาศัยการอนุมานที่นักวิเคราะห์ยังไม่ได้ยืนยัน: …' for a verdict resting on
    unconfirmed inferences (DESIGN §6), None for one that rests on none."""
    names = inference_names(codes, lang)
    return t("unconfirmed_verdict", lang, names=" · ".join(names)) if names else None


def thresholds_text(lang: str = "th", cfg: Settings = default_settings) -> str:
    """The thresholds of the computed status, in words (once per page)."""
    return t("thresholds_note", lang, met=_share(cfg.met_ratio), on_track=_share(cfg.on_track_ratio))


def recorded_text(band: Any, score: Any, lang: str = "th") -> str:
    """BMA's recorded evaluation of one quarter as shown in a table: '100 · บรรลุเป้าหมาย',
    'ยังไม่ประเมิน' for a placeholder zero, 'ไม่มีผลบันทึก' when nothing is recorded."""
    key = band if isinstance(band, str) else None
    if key is None or key == "not_evaluated" or _missing(score):
        return recorded_status_label(key, lang)
    return f"{_score(score)} · {recorded_status_label(key, lang)}"


def computed_text(status: Any, plan_source: Any, lang: str = "th") -> str:
    """'ต่ำกว่าเป้าหมาย · เทียบแผนสมมติ (เส้นตรง 25-50-75-100)'; a quarter without a usable
    result is 'ไม่มีข้อมูล' alone (nothing was compared)."""
    key = status if isinstance(status, str) else "no_data"
    if key == "no_data" or not isinstance(plan_source, str):
        return status_label(key, lang)
    return t("computed_text", lang, status=status_label(key, lang), plan=plan_source_label(plan_source, lang))


def direction_text(direction: Any, source: Any, lang: str = "th") -> str:
    """'ยิ่งน้อยยิ่งดี (ระบบอนุมาน)': the direction and where it came from."""
    if not isinstance(direction, str):
        return "—"
    if not isinstance(source, str):
        return direction_label(direction, lang)
    return t("dir_text", lang, direction=direction_label(direction, lang), source=direction_source_label(source, lang))


def recorded_counts_text(met: int, not_met: int, not_evaluated: int, none: int = 0, lang: str = "th") -> str:
    """'บรรลุ 3 · ไม่บรรลุ 2 · ยังไม่ประเมิน 1' (counts of indicator-quarters), with the count
    of quarters that record nothing when there are any."""
    text = t("recorded_counts_text", lang, met=int(met), not_met=int(not_met), not_evaluated=int(not_evaluated))
    return text + (t("recorded_counts_none", lang, none=int(none)) if none else "")


def recorded_line(met: int, not_met: int, not_evaluated: int, none: int = 0, lang: str = "th") -> str | None:
    """BMA's recorded evaluation of a period as one line when it says one thing: every
    indicator-quarter not yet evaluated, nothing recorded, all met or all not met ('ผลประเมิน
    กทม. (บันทึก): ยังไม่ได้ประเมินตัวชี้วัดทั้ง 616 รายการของไตรมาสนี้'); None when the bands
    differ (a page shows the figures then) or there is nothing to count."""
    bands = {"met": met, "not_met": not_met, "not_evaluated": not_evaluated, "none": none}
    present = [k for k, v in bands.items() if v]
    if len(present) != 1:
        return None
    return t(f"recorded_line_{present[0]}", lang, n=int(bands[present[0]]))


def recorded_summary(frame: pd.DataFrame, lang: str = "th") -> list[str]:
    """:func:`recorded_counts_text` of each row of a frame with the ``rec_*`` columns of
    :data:`kpi_model.views.RECORDED_COLUMNS` (an agency, a strategy branch)."""
    return [
        recorded_counts_text(int(m), int(ot) + int(b), int(ne), int(nn), lang)
        for m, ot, b, ne, nn in zip(
            frame["rec_met"], frame["rec_on_track"], frame["rec_behind"], frame["rec_not_evaluated"], frame["rec_none"]
        )
    ]


def behind_limit(cfg: Settings = default_settings) -> str:
    """The mean score below which a group is behind, as written: '80' (:func:`rollup.behind_below`)."""
    return f"{behind_below(cfg):g}"


def basis_text(
    indicator_count: int, plans: Mapping[str, int], lower: int = 0, inferred: int = 0, lang: str = "th"
) -> str:
    """What a headline counts: 'ตัวชี้วัด 120 รายการ · คำนวณเทียบแผน (สมมติ 80 รายการ) · แผนที่บันทึก 40',
    then the analyst's plans, the snapshot KPIs compared with their target each quarter, and
    the lower-is-better KPIs (how many inferred), each only when there are any."""
    parts = [t("basis_headline", lang, n=int(indicator_count), assumed=int(plans.get("assumed", 0)))]
    for key, label in (
        ("recorded", "basis_recorded_plan"),
        ("analyst", "basis_analyst_plan"),
        ("target", "basis_target"),
    ):
        if plans.get(key):
            parts.append(t(label, lang, n=int(plans[key])))
    if lower:
        parts.append(t("basis_lower", lang, n=int(lower), inferred=int(inferred)))
    return " · ".join(parts)


#: Columns :func:`label_rows` keeps as codes although the registry has words for them: a table
#: colours its recorded column from the band, and ``inference`` is made from the codes.
_KEPT_AS_CODES = ("recorded_status", "inferences")


def label_rows(rows: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """Indicator-quarter rows (:func:`kpi_model.views.indicator_rows`) with the words a table
    shows beside the numbers: ``recorded`` (BMA's evaluation, shown first), ``direction`` (with
    where it came from), ``inference`` (whether the verdict rests on an inference no analyst
    has confirmed yet, DESIGN §6), ``agency_name`` ('0402 name', or the code alone when the
    agency is not named yet), ``name`` and ``unit`` in ``lang``; and every other coded column
    (``status``, ``plan_source``…) in the words the registry gives it (:mod:`kpi_model.columns`)."""

    def col(name: str) -> list[Any]:
        return list(rows[name]) if name in rows.columns else [None] * len(rows)

    out = rows.copy()
    out["recorded"] = [recorded_text(b, s, lang) for b, s in zip(col("recorded_status"), col("evaluation_score"))]
    out["direction"] = [direction_text(d, s, lang) for d, s in zip(col("direction"), col("direction_source"))]
    out["inference"] = [t("unconfirmed_short", lang) if inference_names(v, lang) else "" for v in col("inferences")]
    out["agency_name"] = [
        agency_label(c, th, en, lang)
        for c, th, en in zip(col("agency_code"), col("agency_name_th"), col("agency_name_en"))
    ]
    out["name"] = [name_of(th, en, lang) for th, en in zip(col("name_th"), col("name_en"))]
    out["unit"] = [unit_text(u, th, lang) for u, th in zip(col("unit"), col("unit_th"))]
    for column in rows.columns:
        words = spec(column).words if column in COLUMN_NAMES and column not in _KEPT_AS_CODES else None
        if words is not None:
            out[column] = [words(None if _missing(v) else v, lang) for v in rows[column]]
    return out


# -- the indicator page's panel ------------------------------------------------------------------


def trend_scope_label(kind: str, code: str | None, name_th: str, name_en: str, lang: str = "th") -> str:
    """How the trend's choice reads: the whole city, 'ด้าน 7 name', or '0402 name'
    (:class:`kpi_model.views.TrendScope`)."""
    if kind == "strategy":
        return t("trend_dimension", lang, code=code, name=name_of(name_th, name_en, lang))
    if kind == "agency":
        return agency_label(code, name_th or None, name_en or None, lang)
    return t("trend_city", lang)
