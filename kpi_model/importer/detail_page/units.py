"""The store's unit for a unit written on a page."""

from __future__ import annotations

import re

__all__ = ["unit_of"]

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


def unit_of(unit_th: str | None) -> str:
    """The store's unit for a unit written on a page: 'ระดับ' → level, 'แห่ง' → count ..."""
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
