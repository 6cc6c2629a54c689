"""The store's unit for a unit written on a page, and for a name that says what its unit hides.

A KPI named "ระดับความสำเร็จ…" (the success level of …) is a milestone KPI whatever its unit
line says (DESIGN §3, completion in disguise): ``ค่าเป้าหมาย 1 คลอง : 1`` with results 20 / 50 /
80 / 100 is levels recorded as percent of completion, not 10,000 % of one canal. The rule sits
here, in the one function the page importer asks for a unit, so every reader of ``unit`` (the
direction, ``max_level``, the scoring model) sees a level."""

from __future__ import annotations

import re

__all__ = ["LEVEL_NAME", "is_level_name", "unit_of"]

LEVEL_NAME = "ระดับความสำเร็จ"  # a name that opens so is a milestone KPI
_NUMBERING = re.compile(r"^(?:มิติที่[0-9๐-๙.]+|\([0-9๐-๙.]+\)|[0-9๐-๙]+(?:\.[0-9๐-๙]+)*\.)*")

_LEVEL_UNITS = {"ระดับ", "ระดับความสำเร็จ"}
_PERCENT_UNITS = {"ร้อยละ", "เปอร์เซ็นต์", "เปอร์เซนต์", "%", "percent"}
_COUNT_UNITS = {
    "แห่ง",
    "ครั้ง",
    "คน",
    "ราย",
    "เรื่อง",
    "โครงการ",
    "ชุมชน",
    "หน่วยงาน",
    "กิจกรรม",
    "ฉบับ",
    "เขต",
    "จุด",
    "ต้น",
    "หลัง",
    "คัน",
    "ลำ",
    "แผน",
    "ระบบ",
    "รายการ",
    "โรงเรียน",
    "สาย",
    "ช่องทาง",
    "หลักสูตร",
    "ด้าน",
    "งาน",
    "คู่มือ",
    "ตำแหน่ง",
    "ครัวเรือน",
    "ร้าน",
    "แหล่ง",
    "บ่อ",
    "ชิ้น",
    "เครื่อง",
    "ตัว",
    "ตลาด",
    "สวน",
    "ศูนย์",
    "กลุ่ม",
    "เครือข่าย",
    "อาคาร",
    "ห้อง",
    "ชุด",
    "คลอง",
    "ถนน",
    "ซอย",
    "ป้าย",
    "ผลงาน",
    "นวัตกรรม",
    "มาตรการ",
    "ราย/คน",
    "คน/ครั้ง",
    "คน-ครั้ง",
}
_TIME_UNITS = {"นาที", "ชั่วโมง", "ชม.", "วัน", "วันทำการ", "สัปดาห์", "วินาที"}
_MONEY_UNITS = {"บาท", "ล้านบาท", "พันบาท", "แสนบาท"}


def is_level_name(name_th: str | None) -> bool:
    """Whether a KPI's name opens with 'ระดับความสำเร็จ' after its numbering ('(1) ', '5. ',
    'มิติที่ 3 (3.2) ', which the header keeps in some names). 'ร้อยละความสำเร็จ…' does not: a
    percent of success is a percent."""
    if not name_th:
        return False
    bare = re.sub(r"\s+", "", str(name_th))
    bare = _NUMBERING.sub("", bare)
    return bare.startswith(LEVEL_NAME)


def unit_of(unit_th: str | None, name_th: str | None = None) -> str:
    """The store's unit for a unit written on a page: 'ระดับ' → level, 'แห่ง' → count ...;
    any unit of a KPI named 'ระดับความสำเร็จ…' (``name_th``) → level."""
    if is_level_name(name_th):
        return "level"
    if not unit_th:
        return "other"
    u = re.sub(r"\s+", "", unit_th.strip())
    if u in _LEVEL_UNITS:
        return "level"
    if u in _PERCENT_UNITS or "ร้อยละ" in u or u.endswith("%"):
        return "percent"
    if u in _MONEY_UNITS:
        return "money"
    if u in _TIME_UNITS:
        return "time"
    bare = u[len("จำนวน") :] if u.startswith("จำนวน") and len(u) > len("จำนวน") else u
    if bare in _COUNT_UNITS or u == "จำนวน":
        return "count"
    return "other"
