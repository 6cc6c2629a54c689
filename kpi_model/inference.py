"""Inferences an analyst confirms (DESIGN §6): what each one is, and what a decision writes.

The rules of DESIGN §3 read words and numbers; on a page nobody has read yet some readings will
be wrong. Each reading a verdict rests on is raised as a quality flag whose code is listed in
:data:`INFERENCES`; it stays in the review queue until an analyst decides it once, and the
decision is an ``indicator_settings`` row (DESIGN §2), versioned and logged like any import.

Two columns of ``indicator_settings`` carry decisions no other column can:

* ``unmeasured_quarters``: the quarters an analyst says were not yet measured (``"1,2"``), or
  ``"none"`` (every recorded value is a real result). Blank: no decision, the rule decides.
* ``decisions``: ``code=confirmed`` / ``code=otherwise`` pairs joined by ``;``
  (``"target_zero=confirmed; fiscal_year_inferred=confirmed"``): every decision made on the
  indicator, including those that also set a field (direction, accumulation), so the queue
  knows what was reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "CONFIRMED",
    "INFERENCES",
    "OTHERWISE",
    "Inference",
    "decision_fields",
    "format_decisions",
    "format_quarters",
    "parse_decisions",
    "parse_quarters",
]

CONFIRMED, OTHERWISE = "confirmed", "otherwise"
CHOICES = (CONFIRMED, OTHERWISE)
NO_QUARTER = "none"


@dataclass(frozen=True)
class Inference:
    """One kind of inference: its flag code, its name, and what confirming it or deciding
    otherwise means, in Thai and English (shown beside the two buttons of the queue)."""

    code: str
    name_th: str
    name_en: str
    confirm_th: str
    confirm_en: str
    otherwise_th: str
    otherwise_en: str
    per_quarter: bool = False


INFERENCES: dict[str, Inference] = {
    i.code: i
    for i in (
        Inference(
            "direction_inferred",
            "ทิศทาง “ยิ่งน้อยยิ่งดี” อนุมานจากถ้อยคำ",
            "lower-is-better inferred from the wording",
            "ยืนยัน: ยิ่งน้อยยิ่งดี",
            "confirm: lower is better",
            "ไม่ใช่: ยิ่งมากยิ่งดี",
            "no: higher is better",
        ),
        Inference(
            "not_yet_measured",
            "ค่าในไตรมาสแรก ๆ อ่านเป็น “ยังไม่ได้วัดผล”",
            "early quarters read as not yet measured",
            "ยืนยัน: ยังไม่ได้วัดผล (ไม่มีข้อมูล)",
            "confirm: not yet measured (no data)",
            "ไม่ใช่: เป็นผลจริง ให้ประเมินตามค่า",
            "no: a real result, judge it",
            per_quarter=True,
        ),
        Inference(
            "looks_like_snapshot",
            "ผลงานดูเหมือนอัตรารายไตรมาส",
            "results look like a rate (snapshot)",
            "ยืนยัน: เป็นอัตรา เทียบค่าเป้าหมายทุกไตรมาส",
            "confirm: a rate, compared with the target each quarter",
            "ไม่ใช่: เป็นค่าสะสม",
            "no: cumulative",
        ),
        Inference(
            "recorded_as_completion",
            "ผลงานอ่านเป็นร้อยละของงานที่ทำเสร็จ",
            "results read as percent of completion",
            "ยืนยัน: เป็นร้อยละความสำเร็จของงาน",
            "confirm: percent of the work done",
            "ไม่ใช่: เป็นค่าของตัวชี้วัดเอง",
            "no: the KPI's own value",
        ),
        Inference(
            "level_recorded_as_percent",
            "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละความสำเร็จ",
            "level KPI read as percent of completion",
            "ยืนยัน: เป็นร้อยละความสำเร็จ",
            "confirm: percent of completion",
            "ไม่ใช่: เป็นระดับที่ทำได้",
            "no: the level reached",
        ),
        Inference(
            "target_zero",
            "ค่าเป้าหมาย 0 อ่านเป็นค่าที่ยังไม่ได้กรอก",
            "a target of 0 read as a placeholder",
            "ยืนยัน: ยังไม่มีค่าเป้าหมาย (ไม่ประเมิน)",
            "confirm: no target yet (not judged)",
            "ไม่ใช่: 0 หมายถึง “ไม่ให้เกิดเลย” (ยิ่งน้อยยิ่งดี)",
            "no: 0 means none at all (lower is better)",
        ),
        Inference(
            "recorded_zero_not_evaluated",
            "คะแนน 0 ที่บันทึกอ่านเป็น “ยังไม่ประเมิน”",
            "a recorded 0 read as not yet evaluated",
            "ยืนยัน: ยังไม่ประเมิน",
            "confirm: not yet evaluated",
            "ไม่ใช่: เป็นผลประเมินของ กทม. (ต่ำกว่าเป้าหมาย)",
            "no: BMA's evaluation (behind)",
            per_quarter=True,
        ),
        Inference(
            "fiscal_year_inferred",
            "ปีงบประมาณอนุมานจากวันที่ในรายงาน",
            "fiscal year inferred from the reports' dates",
            "ยืนยันปีงบประมาณ",
            "confirm the fiscal year",
            "ไม่ใช่: นำเข้าหน้าอีกครั้งด้วย --fy ปีที่ถูกต้อง",
            "no: import the page again with --fy and the right year",
        ),
    )
}

_PAIR = re.compile(r"^\s*([a-z_]+)\s*=\s*([a-z]+)\s*$")


def parse_decisions(text: str | None) -> dict[str, str]:
    """``"a=confirmed; b=otherwise"`` → ``{"a": "confirmed", "b": "otherwise"}``. Raises
    ValueError naming the part that is not ``code=confirmed|otherwise`` of a known code
    (a decision that cannot be read is never skipped)."""
    out: dict[str, str] = {}
    if text is None or not str(text).strip():
        return out
    for part in str(text).split(";"):
        if not part.strip():
            continue
        m = _PAIR.match(part)
        if m is None or m.group(1) not in INFERENCES or m.group(2) not in CHOICES:
            raise ValueError(part.strip())
        out[m.group(1)] = m.group(2)
    return out


def format_decisions(decisions: Mapping[str, str]) -> str | None:
    """The stored form of :func:`parse_decisions`, codes in a fixed order; None when empty."""
    parts = [f"{code}={decisions[code]}" for code in INFERENCES if code in decisions]
    return "; ".join(parts) if parts else None


def parse_quarters(text: str | None) -> tuple[int, ...] | None:
    """``"1,2"`` → (1, 2); ``"none"`` → () (no quarter is a placeholder); blank → None (no
    decision). Raises ValueError for anything else (a quarter outside 1–4, a stray word)."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    if raw.lower() == NO_QUARTER:
        return ()
    quarters = []
    for part in re.split(r"[,\s;]+", raw):
        if not part:
            continue
        if part not in ("1", "2", "3", "4"):
            raise ValueError(part)
        quarters.append(int(part))
    return tuple(sorted(set(quarters)))


def format_quarters(quarters: Iterable[int] | None) -> str | None:
    """The stored form of :func:`parse_quarters`: ``"1,2"``, ``"none"`` or None."""
    if quarters is None:
        return None
    qs = sorted({int(q) for q in quarters})
    return ",".join(str(q) for q in qs) if qs else NO_QUARTER


def decision_fields(
    code: str, choice: str, stored_decisions: str | None = None, quarters: Iterable[int] = ()
) -> dict[str, str | None]:
    """The ``indicator_settings`` fields one decision writes (merged over the row's stored
    ``decisions``): the decision itself, and the field whose value it fixes where there is one.

    ``quarters``: for ``not_yet_measured``, the quarters the rule read as not yet measured
    (confirming keeps exactly those; deciding otherwise records ``none``)."""
    if code not in INFERENCES or choice not in CHOICES:
        raise ValueError(f"{code}={choice}")
    decisions = parse_decisions(stored_decisions)
    decisions[code] = choice
    out: dict[str, str | None] = {"decisions": format_decisions(decisions)}
    confirmed = choice == CONFIRMED
    if code == "direction_inferred":
        out["direction"] = "lower" if confirmed else "higher"
    elif code == "looks_like_snapshot":
        out["accumulation"] = "snapshot" if confirmed else "cumulative"
    elif code == "not_yet_measured":
        out["unmeasured_quarters"] = format_quarters(quarters if confirmed else ())
    elif code == "target_zero" and not confirmed:
        out["direction"] = "lower"
    return out
