"""A page as lines, and what every section reader shares: the digits, the section headings,
the fiscal-year range, and reading one number or one cell.

Line indexes are 0-based; a :class:`~kpi_model.errors.Problem` names the 1-based line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kpi_model.errors import Problem
from kpi_model.fiscal import thai_to_arabic_digits
from kpi_model.importer.numbers import parse_number

__all__ = [
    "DIGITS",
    "FY_HIGH",
    "FY_LOW",
    "LINK",
    "SECTION_EN",
    "SECTION_TH",
    "PageText",
    "cell",
    "collapse",
    "fy_ok",
    "leading_number",
    "number",
    "section_of",
    "small_int",
    "text_of",
]

FY_LOW, FY_HIGH = 2400, 2800  # the BE years a page may name
DIGITS = "0-9๐-๙"  # Arabic and Thai digits (never \d: it matches every script's digits)
_D = DIGITS
LINK = "ฐานข้อมูลประกอบตัวชี้วัดการพัฒนาเมือง"  # the city database pages' closing link

_BLANK_VALUES = {"-", "–", "—", "n/a", "N/A"}
_LEADING_NUMBER = re.compile(rf"^([+-]?[{_D}][{_D},]*(?:\.[{_D}]+)?)(?:\s+(.*)|(%))?$")
_REPORT = re.compile(rf"^รายงานผล\s*ฯ?\s*ไตรมาสที่\s*([{_D}]+)\s*:?\s*$")
_SECTION_NUMBER = re.compile(rf"^[{_D}]{{1,2}}\s*[.)]\s*")

_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("table", re.compile(r"^ผลงานเทียบกับเป้าหมายรายไตรมาส$")),
    ("summary", re.compile(r"^\**\s*สรุปผลการดำเนินงาน\s*\**$")),
    ("definition", re.compile(r"^นิยาม\s*(?:หรือ\s*ความหมาย(?:ของ\s*ตัวชี้วัด)?)?\s*:?$")),
    ("calculation", re.compile(r"^(?:วิธีการ?\s*คำนวณ(?:\s*หรือ\s*เกณฑ์การประเมิน)?|เกณฑ์การประเมิน|สูตรการคำนวณ)\s*:?$")),
    ("data_sources", re.compile(r"^(?:วิธีการ(?:การ)?เก็บข้อมูล(?:\s*/\s*แหล่งข้อมูล)?|แหล่งข้อมูล)\s*:?$")),
    ("strategy", re.compile(r"^สนับสนุนยุทธศาสตร์กรุงเทพมหานคร\s*ฯ?\s*:?$")),
    ("projects", re.compile(r"^โครงการ\s*/\s*กิจกรรมที่สนับสนุนตัวชี้วัด\s*:?$")),
    ("link", re.compile(rf"^{LINK}$")),
)
SECTION_TH = {
    "table": "ตารางผลงานรายไตรมาส",
    "report": "รายงานผลไตรมาส",
    "summary": "สรุปผลการดำเนินงาน",
    "definition": "นิยาม",
    "calculation": "วิธีการคำนวณ",
    "data_sources": "แหล่งข้อมูล",
    "strategy": "ยุทธศาสตร์ที่สนับสนุน",
    "projects": "โครงการที่สนับสนุน",
    "header": "ส่วนหัว",
}
SECTION_EN = {
    "table": "quarterly table",
    "report": "quarterly report",
    "summary": "summary",
    "definition": "definition",
    "calculation": "calculation",
    "data_sources": "data sources",
    "strategy": "strategy path",
    "projects": "supporting projects",
    "header": "page header",
}


@dataclass(frozen=True)
class PageText:
    """The page's text as lines (BOM dropped, every line end made LF) and the file it came from."""

    source: str
    lines: tuple[str, ...]

    @classmethod
    def of(cls, text: str, source: str) -> PageText:
        text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
        return cls(source, tuple(text.split("\n")))

    def problem(self, index: int | None, column: str | None, th: str, en: str) -> Problem:
        """A fault on line ``index`` (0-based; None: the page as a whole)."""
        return Problem(self.source, None if index is None else index + 1, column, th, en)

    def is_last(self, index: int) -> bool:
        """Whether line ``index`` is the last non-blank line of the page (cut by a copy)."""
        return all(not ln.strip() for ln in self.lines[index + 1 :])

    def last_line(self) -> int:
        """The 1-based number of the page's last line that holds text."""
        return max((k for k, ln in enumerate(self.lines) if ln.strip()), default=0) + 1


def collapse(s: str) -> str:
    """``s`` with each run of white space made one space, stripped."""
    return re.sub(r"\s+", " ", s).strip()


def section_of(line: str) -> tuple[str, str | None] | None:
    """(section name, argument) when ``line`` opens a known section."""
    s = collapse(line)
    if not s:
        return None
    m = _REPORT.match(s)
    if m:
        return "report", m.group(1)
    bare = _SECTION_NUMBER.sub("", s)
    for name, pattern in _SECTIONS:
        if pattern.match(s) or pattern.match(bare):
            return name, None
    return None


def number(text: str) -> float:
    """A finite number or ValueError."""
    value = parse_number(text)
    if value is None or not math.isfinite(value):
        raise ValueError(text)
    return value


def cell(text: str) -> float | None:
    """A table cell: blank or a dash → None; a number; else ValueError."""
    s = text.strip()
    if s == "" or s in _BLANK_VALUES:
        return None
    return number(s)


def leading_number(text: str) -> tuple[float, str] | None:
    """(the number a text opens with, the words after it), or None: '12.25 ตร.ม.' →
    (12.25, 'ตร.ม.'), '80%' → (80.0, ''), 'ราย' → None."""
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None
    try:
        return number(m.group(1)), (m.group(2) or "").strip()
    except ValueError:
        return None


def small_int(text: str) -> int | None:
    """A number of one to three digits (Thai digits too), or None."""
    s = thai_to_arabic_digits(text.strip())
    if re.fullmatch(r"[0-9]{1,3}", s):
        return int(s)
    return None


def fy_ok(year: object) -> bool:
    """Whether ``year`` is an int BE year in [FY_LOW, FY_HIGH] (a bool is not)."""
    return isinstance(year, int) and not isinstance(year, bool) and FY_LOW <= year <= FY_HIGH


def text_of(lines: list[str] | tuple[str, ...]) -> str | None:
    """The non-blank lines, stripped and joined by newlines; None when there are none."""
    kept = [ln.strip() for ln in lines if ln.strip()]
    return "\n".join(kept) if kept else None
