"""BMA indicator detail pages (the seed's format, DESIGN §1) → rows of the store's tables.

Two page kinds are read:

* the indicator detail page (``รายละเอียดตัวชี้วัด``, mykpi.php): name and code, annual
  target and result, type, the สยป. audit, the quarterly table, one report per quarter,
  definition, calculation (with the milestone levels), data sources, the strategy path and
  the supporting projects;
* the city development indicator database page (``โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง
  (2562-2563)``, mykpi2563.php): name, number, target, data kind, strategy path and
  definition; no quarterly results.

Every fault that makes a page unusable is collected and raised together as one
:class:`ImportRejected` naming the line; nothing else is ever raised. A page that stops
before its closing sections (a copy cut short) is imported with what it holds and a
``page_cut_short`` warning. Text the parser does not know is kept in ``other_text``.

A page never says its direction: :func:`kpi_model.achievement.infer_direction` reads it from
the name, the unit and the target line (``direction_source`` says ``recorded`` for a level
unit, ``inferred`` otherwise). Results are taken as cumulative (``accumulation_source``
``default``) until an analyst says otherwise. A level KPI's ``max_level`` is the highest level
its calculation lists (``max_level_source`` ``page``), or NULL with ``assumed`` when it lists
none. A quarterly report of only dashes is no report (NULL).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kpi_model.achievement import HIGHER_WORDS, LOWER_WORDS, infer_direction, is_report
from kpi_model.errors import ImportRejected, Problem
from kpi_model.fiscal import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    find_thai_dates,
    fiscal_quarter_of,
    fiscal_year_of,
    thai_to_arabic_digits,
)
from kpi_model.importer.numbers import agency_of, parse_number
from kpi_model.quality import Flag, make_flag
from kpi_model.schema import TABLES

__all__ = ["ParsedPage", "parse_detail_page", "read_detail_page", "unit_of"]

FY_LOW, FY_HIGH = 2400, 2800
CITY_AGENCY = "0000"  # city development indicators belong to the whole city

_D = "0-9๐-๙"  # Arabic and Thai digits (never \d: it matches every script's digits)


@dataclass(frozen=True)
class ParsedPage:
    source: str
    indicator: dict[str, object]
    levels: tuple[dict, ...]
    quarters: tuple[dict, ...]
    strategies: tuple[dict, ...]
    flags: tuple[Flag, ...]


# --------------------------------------------------------------------------- units

_LEVEL_UNITS = {"ระดับ", "ระดับความสำเร็จ"}
_PERCENT_UNITS = {"ร้อยละ", "เปอร์เซ็นต์", "เปอร์เซนต์", "%", "percent"}
_COUNT_UNITS = {
    "แห่ง", "ครั้ง", "คน", "ราย", "เรื่อง", "โครงการ", "ชุมชน", "หน่วยงาน", "กิจกรรม",
    "ฉบับ", "เขต", "จุด", "ต้น", "หลัง", "คัน", "ลำ", "แผน", "ระบบ", "รายการ", "โรงเรียน",
    "สาย", "ช่องทาง", "หลักสูตร", "ด้าน", "งาน", "คู่มือ", "ตำแหน่ง", "ครัวเรือน", "ร้าน",
    "แหล่ง", "บ่อ", "ชิ้น", "เครื่อง", "ตัว", "ตลาด", "สวน", "ศูนย์", "กลุ่ม", "เครือข่าย",
    "อาคาร", "ห้อง", "ชุด", "คลอง", "ถนน", "ซอย", "ป้าย", "ผลงาน", "นวัตกรรม", "มาตรการ",
    "ราย/คน", "คน/ครั้ง", "คน-ครั้ง",
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
    bare = u[len("จำนวน"):] if u.startswith("จำนวน") and len(u) > len("จำนวน") else u
    if bare in _COUNT_UNITS or u == "จำนวน":
        return "count"
    return "other"


# --------------------------------------------------------------------------- line patterns

def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_HEADER_A = "รายละเอียดตัวชี้วัด"
_HEADER_B = re.compile(rf"^โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง\s*(?:\(\s*([{_D}]{{4}})\s*[-–]\s*([{_D}]{{4}})\s*\))?")
_NOISE = re.compile(r"^(?:back\s*home|back|home|รายละเอียดตัวชี้วัดฯ?\s*:\s*พิมพ์ข้อมูล)$", re.IGNORECASE)
_LINK = "ฐานข้อมูลประกอบตัวชี้วัดการพัฒนาเมือง"

_TARGET = re.compile(r"^ค่าเป้าหมาย\s*([^:]*?)\s*:\s*(.*)$")
_ACHIEVED = re.compile(r"^ผลงานที่ทำได้\s*([^:]*?)\s*:\s*(.*)$")
_TYPE = re.compile(r"^(?:ประเภทตัวชี้วัด|ลักษณะข้อมูล)\s*:\s*(.*)$")
_RESULT_LEVEL = re.compile(r"^\(?\s*ตัวชี้วัดระดับ(.*)$")
_AUDIT = re.compile(rf"ตรวจประเมินตัวชี้วัด\s*:?\s*(?:ไตรมาสที่\s*([{_D}]{{0,3}})\s*:?\s*(.*))?$")
_NAME = re.compile(rf"^(.*\S)\s*:\s*([{_D}A-Za-z]+(?:[-/][{_D}A-Za-z]+)*)$")
_YEAR_PREFIX = re.compile(rf"^ปี\s*([{_D}]{{4}})(?![{_D}])\s*")
_PAREN_PREFIX = re.compile(rf"^\(\s*[{_D}]{{1,4}}\s*\)\s*")
_DOT_PREFIX = re.compile(rf"^[{_D}]{{1,4}}\.(?![{_D}])\s*")
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
    ("link", re.compile(rf"^{_LINK}$")),
)
_SECTION_TH = {
    "table": "ตารางผลงานรายไตรมาส", "report": "รายงานผลไตรมาส", "summary": "สรุปผลการดำเนินงาน",
    "definition": "นิยาม", "calculation": "วิธีการคำนวณ", "data_sources": "แหล่งข้อมูล",
    "strategy": "ยุทธศาสตร์ที่สนับสนุน", "projects": "โครงการที่สนับสนุน", "header": "ส่วนหัว",
}
_SECTION_EN = {
    "table": "quarterly table", "report": "quarterly report", "summary": "summary",
    "definition": "definition", "calculation": "calculation", "data_sources": "data sources",
    "strategy": "strategy path", "projects": "supporting projects", "header": "page header",
}


def _section_of(line: str) -> tuple[str, str | None] | None:
    """(section name, argument) when ``line`` opens a known section."""
    s = _collapse(line)
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


_STRATEGY = re.compile(
    rf"^:?\s*(?:(?:ด้านที่|มิติที่|เป้าหมายที่|ประเด็นยุทธศาสตร์ที่|ประเด็นที่|มาตรการที่|ยุทธศาสตร์ที่)\s*)?"
    rf"([{_D}]{{1,3}}(?:\.[{_D}]{{1,3}})*)\.?(?:\s*[-–—:]\s*|\s+)(\S.*)$"
)
_ENGLISH_TAIL = re.compile(r"^(.*?\S)\s+:\s+([A-Za-z][\x20-\x7e]*)$")
_LEVEL_AT = r"ระดับ(?:ที่)?\s*{}(?![0-9๐-๙]|\.[0-9๐-๙])"
_LEADING_NUMBER = re.compile(rf"^([+-]?[{_D}][{_D},]*(?:\.[{_D}]+)?)(?:\s+(.*)|(%))?$")
_BLANK_VALUES = {"-", "–", "—", "n/a", "N/A"}
# Words a target may open with before its number ('ไม่เกิน 60 ราย'): only those the direction
# rule reads (kpi_model.achievement), so a value is never read without its meaning.
_VALUE_QUALIFIERS = tuple(sorted({*LOWER_WORDS, *HIGHER_WORDS}, key=len, reverse=True))

_MONTHS_WITH_YEAR = re.compile(
    "(" + "|".join(sorted((re.escape(m) for m in THAI_MONTHS + THAI_MONTHS_ABBR), key=len, reverse=True))
    + rf")\s*(?:พ\.?\s?ศ\.?\s*)?([{_D}]{{2}}|[{_D}]{{4}})(?![{_D}])"
)
_MONTH_NUMBER = {m: i for i, m in enumerate(THAI_MONTHS, 1)} | {m: i for i, m in enumerate(THAI_MONTHS_ABBR, 1)}
_DAY_BEFORE = re.compile(rf"[{_D}]\s*(?:เดือน\s*)?$")


# --------------------------------------------------------------------------- helpers

def _num(text: str) -> float:
    """A finite number or ValueError."""
    value = parse_number(text)
    if value is None or not math.isfinite(value):
        raise ValueError(text)
    return value


def _cell(text: str) -> float | None:
    """A table cell: blank or a dash → None; a number; else ValueError."""
    s = text.strip()
    if s == "" or s in _BLANK_VALUES:
        return None
    return _num(s)


def _leading_number(text: str) -> tuple[float, str] | None:
    """(the number a text opens with, the words after it), or None: '12.25 ตร.ม.' →
    (12.25, 'ตร.ม.'), '80%' → (80.0, ''), 'ราย' → None."""
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None
    try:
        return _num(m.group(1)), (m.group(2) or "").strip()
    except ValueError:
        return None


def _small_int(text: str) -> int | None:
    s = thai_to_arabic_digits(text.strip())
    if re.fullmatch(r"[0-9]{1,3}", s):
        return int(s)
    return None


def _fy_ok(year: object) -> bool:
    return isinstance(year, int) and not isinstance(year, bool) and FY_LOW <= year <= FY_HIGH


def _dates_in(text: str) -> list[dt.date]:
    """Dates written in a report: full Thai dates, and month-year ones ('ต.ค. 62') as the 1st."""
    found = list(find_thai_dates(text))
    for m in _MONTHS_WITH_YEAR.finditer(text):
        if _DAY_BEFORE.search(text[: m.start()]):
            continue  # a full date, already found
        raw = thai_to_arabic_digits(m.group(2))
        year = int(raw) + (2500 if len(raw) == 2 else 0)
        if not FY_LOW <= year <= FY_HIGH:
            continue
        try:
            found.append(dt.date(year - 543, _MONTH_NUMBER[m.group(1)], 1))
        except ValueError:
            continue
    return found


def _infer_fy(reports: dict[int, str | None]) -> int | None:
    """The fiscal year the dated reports point to (DESIGN §3 importer)."""
    matching: list[int] = []
    for quarter in sorted(reports):
        text = reports[quarter] or ""
        for day in _dates_in(text):
            fy, q = fiscal_quarter_of(day)
            if q == quarter and FY_LOW <= fy <= FY_HIGH:
                matching.append(fy)
    if not matching:
        matching = [fy for fy in (fiscal_year_of(d) for d in _dates_in(reports.get(1) or ""))
                    if FY_LOW <= fy <= FY_HIGH]
    if not matching:
        return None
    counts = Counter(matching)
    best = max(counts.values())
    return next(fy for fy in matching if counts[fy] == best)


def _levels_in(text: str) -> list[tuple[int, str]]:
    """'ระดับ 1 … ระดับ 2 … ระดับ 5 …' → [(1, '…'), …]; Thai digits too."""
    marks: list[tuple[int, int, int]] = []  # (level, start, end of the mark)
    pos = 0
    for level in range(1, 6):
        digit = f"[{level}{'๐๑๒๓๔๕'[level]}]"
        m = re.compile(_LEVEL_AT.format(digit)).search(text, pos)
        if not m:
            break
        marks.append((level, m.start(), m.end()))
        pos = m.end()
    if len(marks) < 2:
        return []
    out = []
    for i, (level, _start, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        out.append((level, text[end:stop].strip().lstrip(".:-–= ").strip()))
    return out


def _clean_name(raw: str) -> tuple[str, int | None]:
    """Strip the '(1) ' / 'ปี 2564 ๒. ' / '5. ' numbering; a 'ปี YYYY' prefix gives the year."""
    name = raw.strip()
    year = None
    m = _YEAR_PREFIX.match(name)
    if m:
        y = int(thai_to_arabic_digits(m.group(1)))
        if FY_LOW <= y <= FY_HIGH:
            year = y
            name = name[m.end():]
    for prefix in (_PAREN_PREFIX, _DOT_PREFIX):
        m = prefix.match(name)
        if m and name[m.end():].strip():
            name = name[m.end():]
            break
    name = name.strip()
    return (name if name else raw.strip()), year


def _text(lines: list[str]) -> str | None:
    kept = [ln.strip() for ln in lines if ln.strip()]
    return "\n".join(kept) if kept else None


# --------------------------------------------------------------------------- the parser

class _Parser:
    def __init__(self, text: str, source: str, fiscal_year: int | None):
        self.source = source
        self.override = fiscal_year
        text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = text.split("\n")
        self.n = len(self.lines)
        self.problems: list[Problem] = []
        self.other: list[str] = []
        self.kind = "detail"
        self.header_range_year: int | None = None
        self.name: str | None = None
        self.name_line: int | None = None
        self.code: str | None = None
        self.prefix_year: int | None = None
        self.target: float | None = None
        self.target_line: int | None = None
        self.target_text: str | None = None  # the target line after its colon, as written
        self.unit_th: str | None = None
        self.achieved: float | None = None
        self.indicator_type: str | None = None
        self.result_level: str | None = None
        self.audited_quarter: int | None = None
        self.evaluator_score: float | None = None
        self.rows: dict[int, dict] = {}
        self.table_seen = False
        self.table_complete = False
        self.reports: dict[int, str | None] = {}
        self.sections: dict[str, list[str]] = {}
        self.strategy_lines: list[str] = []
        self.closed = False  # the page reached its closing sections
        self.last_section = "header"
        self.truncated_cells: list[int] = []

    # problems -------------------------------------------------------------
    def problem(self, index: int | None, column: str | None, th: str, en: str) -> None:
        row = None if index is None else index + 1
        self.problems.append(Problem(self.source, row, column, th, en))

    def is_last(self, index: int) -> bool:
        """Whether line ``index`` is the last non-blank line of the page (cut by a copy)."""
        return all(not ln.strip() for ln in self.lines[index + 1:])

    # the page -------------------------------------------------------------
    def run(self) -> ParsedPage:
        if not any(ln.strip() for ln in self.lines):
            raise ImportRejected([Problem(self.source, None, None, "หน้าว่าง ไม่มีข้อมูล",
                                          "the page is empty")])
        i = self.header()
        self.body(i)
        return self.finish()

    def header(self) -> int:
        first = True
        for i, line in enumerate(self.lines):
            s = _collapse(line)
            if not s:
                continue
            if first:
                first = False
                if s == _HEADER_A:
                    continue
                m = _HEADER_B.match(s)
                if m:
                    self.kind = "city"
                    if m.group(2):
                        y = int(thai_to_arabic_digits(m.group(2)))
                        self.header_range_year = y if FY_LOW <= y <= FY_HIGH else None
                    continue
            if _NOISE.match(s) or s == _LINK or (s == "0" and self.name is not None):
                continue
            if _section_of(s):
                return i
            m_target, m_achieved = _TARGET.match(s), _ACHIEVED.match(s)
            if self.name is None and not (m_target or m_achieved or _TYPE.match(s) or _AUDIT.search(s)):
                self.read_name(i, s)
                continue
            if m_target:
                self.read_target(i, s, m_target)
            elif m_achieved:
                self.read_achieved(i, s, m_achieved)
            elif _TYPE.match(s):
                value = _TYPE.match(s).group(1).strip()
                kind = {"ตัวชี้วัดเชิงยุทธศาสตร์": "strategic", "ตัวชี้วัดงานประจำ": "routine"}
                self.indicator_type = kind.get(value, value or None)
            elif _RESULT_LEVEL.match(s):
                self.result_level = self.read_result_level(s)
            elif _AUDIT.search(s):
                self.read_audit(i, s)
            else:
                self.other.append(s)
        return self.n

    def read_name(self, i: int, s: str) -> None:
        m = _NAME.match(s)
        if not m or not re.search(f"[{_D}]", m.group(2)):
            self.problem(i, "indicator_code", "ไม่พบรหัสตัวชี้วัดท้ายชื่อ (ชื่อ : รหัส)",
                         "no indicator code after the name (name : code)")
            self.name = ""
            return
        self.name, self.prefix_year = _clean_name(m.group(1))
        self.code = thai_to_arabic_digits(m.group(2))
        self.name_line = i
        if self.kind == "city" and not self.name:
            self.name = m.group(1).strip()

    def read_value(self, i: int, s: str, raw: str, column: str, label_th: str) -> float | None:
        """The number a target or result line gives after its colon: '90', '1,407.52',
        '5 จากปีที่ผ่านมา พ.ศ. 2563' (the words are kept in other_text), 'ไม่เกิน 60 ราย' (a
        direction word before the number; kept too)."""
        value = raw.strip()
        qualifier = next((w for w in _VALUE_QUALIFIERS if value.startswith(w)), None)
        number = _leading_number(value[len(qualifier):].strip() if qualifier else value)
        if number is not None:
            amount, rest = number
            if qualifier or (rest and rest != (self.unit_th or "")):
                self.other.append(s)  # words beside the number: keep them
            return amount
        self.problem(i, column, f"{label_th}ไม่ใช่ตัวเลข: {value!r}", f"{column} is not a number: {value!r}")
        return None

    @staticmethod
    def value_before_colon(before: str, after: str) -> float | None:
        """City-database pages write 'ค่าเป้าหมาย 0 : ราย': the value before the colon and the
        unit after it. When only the part before the colon is a number (the part after it
        holds no digit), it is the value; otherwise None."""
        if not before.strip() or re.search(f"[{_D}]", after):
            return None
        try:
            return _num(before)
        except ValueError:
            return None

    def read_target(self, i: int, s: str, m: re.Match[str]) -> None:
        if self.name is None:
            self.problem(i, "name_th", "ไม่พบชื่อและรหัสตัวชี้วัดก่อนค่าเป้าหมาย",
                         "no indicator name and code before the target")
            self.name = ""
        if self.target_line is not None:
            self.problem(i, "target", "มีค่าเป้าหมายซ้ำ", "a second target line")
            return
        self.target_line = i
        before, after = m.group(1).strip(), m.group(2).strip()
        self.target_text = after or None
        swapped = self.value_before_colon(before, after)
        if swapped is not None:
            self.unit_th, self.target = after or None, swapped
            return
        self.unit_th = before or None
        self.target = self.read_value(i, s, after, "target", "ค่าเป้าหมาย")

    def read_achieved(self, i: int, s: str, m: re.Match[str]) -> None:
        before, after = m.group(1).strip(), m.group(2).strip()
        swapped = self.value_before_colon(before, after)
        if swapped is not None:  # 'ผลงานที่ทำได้ 3 : ราย'
            if after and after != (self.unit_th or ""):
                self.other.append(s)
            self.achieved = swapped
            return
        if after == "":
            self.achieved = None
            return
        self.achieved = self.read_value(i, s, after, "achieved", "ผลงานที่ทำได้")

    @staticmethod
    def read_result_level(s: str) -> str | None:
        low = s.lower()
        if "outcome" in low or "ผลลัพธ์" in s:
            return "outcome"
        if "output" in low or "ผลผลิต" in s:
            return "output"
        inner = s.strip().lstrip("(").rstrip(")").strip()
        return inner or None

    def read_audit(self, i: int, s: str) -> None:
        m = _AUDIT.search(s)
        qtext, score = (m.group(1) or ""), (m.group(2) or "").strip()
        if not qtext:
            return
        q = _small_int(qtext)
        if q is None or not 1 <= q <= 4:
            self.problem(i, "audited_quarter", f"ไตรมาสที่ตรวจประเมินต้องเป็น 1–4: {qtext!r}",
                         f"the audited quarter must be 1–4: {qtext!r}")
            return
        self.audited_quarter = q
        try:
            self.evaluator_score = _cell(score)
        except ValueError:
            self.problem(i, "evaluator_score", f"คะแนนตรวจประเมินไม่ใช่ตัวเลข: {score!r}",
                         f"the audit score is not a number: {score!r}")

    # sections ---------------------------------------------------------------
    def body(self, i: int) -> None:
        current: str | None = None
        report_q: int | None = None
        buf: list[str] = []

        def close() -> None:
            nonlocal buf
            if current == "report" and report_q is not None:
                report = _text(buf)
                self.reports[report_q] = report if is_report(report) else None  # '-' is no report
            elif current == "strategy":
                self.strategy_lines.extend(ln.strip() for ln in buf if ln.strip())
            elif current == "summary":
                summary = _text(buf)
                if summary:  # no column of its own: kept, labelled, in other_text
                    self.other.append("สรุปผลการดำเนินงาน: " + summary.replace("\n", " "))
            elif current in ("definition", "calculation", "data_sources", "projects"):
                self.sections.setdefault(current, []).extend(buf)
            elif current is None:
                self.other.extend(ln.strip() for ln in buf if ln.strip())
            buf = []

        while i < self.n:
            line = self.lines[i]
            sec = _section_of(line)
            if sec is None:
                if current != "link":
                    buf.append(line)
                else:
                    if line.strip():
                        self.other.append(line.strip())
                i += 1
                continue
            close()
            name, arg = sec
            self.last_section = name
            if name in ("projects", "link"):
                self.closed = True
            if name == "table":
                current, report_q = None, None
                i = self.table(i + 1)
                continue
            if name == "report":
                current = "report"
                q = _small_int(arg or "")
                if q is None or not 1 <= q <= 4:
                    self.problem(i, "quarter", f"เลขไตรมาสของรายงานผลต้องเป็น 1–4: {arg!r}",
                                 f"the report's quarter must be 1–4: {arg!r}")
                    report_q = None
                elif q in self.reports:
                    self.problem(i, "quarter", f"รายงานผลไตรมาสที่ {q} ซ้ำ",
                                 f"a second report for quarter {q}")
                    report_q = None
                else:
                    report_q = q
                    self.reports[q] = None
            else:
                current, report_q = name, None
            i += 1
        close()

    def table(self, i: int) -> int:
        """Rows of the quarterly table from line ``i``; returns where the table ends."""
        self.table_seen = True
        self.last_section = "table"
        while i < self.n:
            s = _collapse(self.lines[i])
            if _section_of(s):
                return i
            if s == "" or s == "ไตรมาสที่" or (s.startswith("(") and s.endswith(")")) or (
                    s.startswith("*") and s.endswith("*")):
                i += 1
                continue
            if _small_int(s) is not None:
                break
            self.other.append(s)  # an unknown header line
            i += 1
        while i < self.n:
            s = _collapse(self.lines[i])
            if s == "" or _section_of(s):
                self.table_complete = True
                break
            q = _small_int(s)
            if q is None:
                self.problem(i, "quarter", f"ต้องเป็นเลขไตรมาส 1–4: {s!r}",
                             f"a quarter number 1–4 was expected: {s!r}")
                while i < self.n and not _section_of(self.lines[i]):
                    i += 1
                return i
            values: list[str | None] = []
            j = i + 1
            while len(values) < 3 and j < self.n and not _section_of(self.lines[j]):
                values.append(self.lines[j])
                j += 1
            if not 1 <= q <= 4:
                self.problem(i, "quarter", f"ไตรมาสต้องเป็น 1–4 ไม่ใช่ {q}", f"quarter must be 1–4, not {q}")
            elif q in self.rows and self.rows[q].get("_from_table"):
                self.problem(i, "quarter", f"ไตรมาสที่ {q} ซ้ำในตาราง", f"quarter {q} appears twice in the table")
            else:
                self.table_row(q, i, values)
            i = j
        return i

    def cell(self, index: int, text: str | None, column: str, label_th: str) -> float | None:
        if text is None:
            return None
        try:
            return _cell(text)
        except ValueError:
            if self.is_last(index):  # the copy cut this line mid-value
                self.truncated_cells.append(index + 1)
                return None
            self.problem(index, column, f"{label_th}ไม่ใช่ตัวเลข: {text.strip()!r}",
                         f"{column} is not a number: {text.strip()!r}")
            return None

    def table_row(self, q: int, i: int, values: list[str | None]) -> None:
        values = values + [None] * (3 - len(values))
        actual = self.cell(i + 1, values[0], "actual", "ผลงาน")
        evaluation = self.cell(i + 2, values[1], "evaluation_score", "ผลประเมินตัวชี้วัด")
        s21 = s22 = None
        sub = values[2]
        if sub is not None and sub.strip():
            parts = sub.split("/")
            if len(parts) == 2:
                s21 = self.cell(i + 3, parts[0], "score_2_1", "คะแนน 2.1")
                s22 = self.cell(i + 3, parts[1], "score_2_2", "คะแนน 2.2")
            elif self.is_last(i + 3):
                self.truncated_cells.append(i + 4)
            else:
                self.problem(i + 3, "score_2_1", f"คะแนน 2.1 / 2.2 ต้องเขียนเป็น a / b: {sub.strip()!r}",
                             f"scores 2.1 / 2.2 must be written a / b: {sub.strip()!r}")
        self.rows[q] = {"quarter": q, "actual": actual, "evaluation_score": evaluation,
                        "score_2_1": s21, "score_2_2": s22, "_from_table": True}

    # result -----------------------------------------------------------------
    def fiscal_year(self) -> int | None:
        if self.override is not None:
            if _fy_ok(self.override):
                return self.override
            self.problem(None, "fiscal_year", f"ปีงบประมาณที่ระบุ (--fy) ไม่ถูกต้อง: {self.override!r}",
                         f"the given fiscal year (--fy) is not a BE year {FY_LOW}–{FY_HIGH}: {self.override!r}")
            return None
        if self.prefix_year is not None:
            return self.prefix_year
        if self.kind == "city" and self.header_range_year is not None:
            return self.header_range_year
        fy = _infer_fy(self.reports)
        if fy is None:
            self.problem(None, "fiscal_year",
                         "ไม่ทราบปีงบประมาณ หน้านี้ไม่มีปีและไม่มีรายงานผลที่ลงวันที่ ใช้ --fy ระบุปี",
                         "fiscal year unknown: the page has no year and no dated report; pass --fy")
        return fy

    def finish(self) -> ParsedPage:
        if self.name is None or (self.code is None and not self.problems):
            self.problem(self.last_line() - 1, "indicator_code", "ไม่พบชื่อและรหัสตัวชี้วัด (ชื่อ : รหัส)",
                         "no indicator name and code (name : code) on the page")
        if self.target_line is None:
            if self.closed:
                self.problem(self.name_line if self.name_line is not None else None, "target",
                             "ไม่พบบรรทัดค่าเป้าหมาย", "the page has no target line (ค่าเป้าหมาย)")
            else:
                self.problem(self.last_line() - 1, "target",
                             "หน้าข้อมูลจบก่อนบรรทัดค่าเป้าหมาย ไม่มีข้อมูลที่ใช้ได้",
                             "the page ends before the target line (ค่าเป้าหมาย): nothing usable")
        fy = self.fiscal_year()
        if self.problems:
            raise ImportRejected(self.problems)
        assert self.code is not None and self.name is not None
        code = self.code
        unit = unit_of(self.unit_th)

        calculation = _text(self.sections.get("calculation", []))
        level_rows = _levels_in(calculation or "")
        max_level, max_level_source = self.max_level(unit, level_rows)
        direction = infer_direction(self.name, self.unit_th, self.target_text, unit, self.target)

        strategies, strategy_code = self.strategies()

        indicator: dict[str, object] = {name: None for name in TABLES["indicators"].names}
        indicator.update({
            "indicator_code": code,
            "fiscal_year": fy,
            "agency_code": CITY_AGENCY if self.kind == "city" else agency_of(code),
            "name_th": self.name,
            "name_en": None,
            "indicator_type": self.indicator_type,
            "result_level": self.result_level,
            "unit": unit,
            "unit_th": self.unit_th,
            "direction": direction.direction,
            "direction_source": direction.source,
            "accumulation": "cumulative",  # most real results are; an analyst's setting says otherwise
            "accumulation_source": "default",
            "target": self.target,
            "achieved": self.achieved,
            "max_level": max_level,
            "max_level_source": max_level_source,
            "weight": None,
            "strategy_code": strategy_code,
            "definition": _text(self.sections.get("definition", [])),
            "calculation": calculation,
            "data_sources": _text(self.sections.get("data_sources", [])),
            "supporting_projects": _text(self.sections.get("projects", [])),
            "audited_quarter": self.audited_quarter,
            "source": self.source,
            "other_text": "\n".join(self.other) if self.other else None,
        })
        indicator = {k: v for k, v in indicator.items() if k in TABLES["indicators"].names}

        # quarterly rows: the table's, the reports', the audit score's
        for q, report in self.reports.items():
            self.rows.setdefault(q, {"quarter": q})["report_th"] = report
        if self.audited_quarter is not None and self.evaluator_score is not None:
            self.rows.setdefault(self.audited_quarter, {"quarter": self.audited_quarter})
            self.rows[self.audited_quarter]["evaluator_score"] = self.evaluator_score
        quarter_names = TABLES["quarterly_results"].names
        quarters = []
        for q in sorted(self.rows):
            row = {name: None for name in quarter_names}
            row.update({k: v for k, v in self.rows[q].items() if k in quarter_names})
            row.update({"indicator_code": code, "fiscal_year": fy, "quarter": q, "planned_cum": None})
            quarters.append(row)

        levels = tuple({"indicator_code": code, "fiscal_year": fy, "level": lv,
                        "description": desc or None} for lv, desc in level_rows)

        flags: list[Flag] = []
        if not self.closed:
            flags.append(self.cut_flag(code, fy))
        return ParsedPage(self.source, indicator, levels, tuple(quarters), strategies, tuple(flags))

    def max_level(self, unit: str, level_rows: list[tuple[int, str]]) -> tuple[int | None, str | None]:
        """(max_level, max_level_source) of a level KPI: the highest level its calculation
        lists ('page'); none listed → (None, 'assumed'), never a silent 5 (derive assumes 5
        and flags it). A list the copy cut inside the calculation may lack its top levels, so
        it counts only when it reaches level 5. Other units: (None, None)."""
        if unit != "level":
            return None, None
        top = max((lv for lv, _ in level_rows), default=None)
        cut_in_list = not self.closed and self.last_section == "calculation"
        if top is None or (cut_in_list and top < 5):
            return None, "assumed"
        return top, "page"

    def last_line(self) -> int:
        """The 1-based number of the page's last line that holds text."""
        return max((k for k, ln in enumerate(self.lines) if ln.strip()), default=0) + 1

    def cut_flag(self, code: str, fy: int | None) -> Flag:
        last = self.last_line()
        where_th = _SECTION_TH.get(self.last_section, self.last_section)
        where_en = _SECTION_EN.get(self.last_section, self.last_section)
        if self.last_section == "table" and not self.table_complete:
            where_th, where_en = "ตารางผลงานรายไตรมาส (ไม่ครบ)", "quarterly table (incomplete)"
        detail_th = f"หน้าจบที่บรรทัด {last} ในส่วน{where_th} ส่วนท้ายของหน้าไม่มีในไฟล์"
        detail_en = f"the page ends at line {last} in its {where_en}; the closing sections are missing"
        if self.truncated_cells:
            lines = ", ".join(str(n) for n in self.truncated_cells)
            detail_th += f" ค่าที่ถูกตัดในบรรทัด {lines} ถือเป็นค่าว่าง"
            detail_en += f"; the cut value on line {lines} is read as missing"
        return make_flag("page_cut_short", code, fy, None, "indicators", None, detail_th, detail_en)

    def strategies(self) -> tuple[tuple[dict, ...], str | None]:
        rows: dict[str, dict] = {}
        deepest: tuple[int, str] | None = None
        for line in self.strategy_lines:
            m = _STRATEGY.match(line)
            if not m:
                self.other.append(line)
                continue
            code = thai_to_arabic_digits(m.group(1))
            parts = code.split(".")
            name = m.group(2).strip()
            name_en = None
            en = _ENGLISH_TAIL.match(name)
            if en:
                name, name_en = en.group(1).strip(), en.group(2).strip()
            name = name.rstrip("%").strip()  # the copy marks a cut name with '%'
            if name_en:
                name_en = name_en.rstrip("%").strip() or None
            name = name.lstrip("-–—: ").strip()
            if not name or len(parts) > 4:
                self.other.append(line)
                continue
            if code in rows:
                continue
            rows[code] = {"strategy_code": code, "parent_code": ".".join(parts[:-1]) or None,
                          "depth": len(parts), "name_th": name, "name_en": name_en}
            if deepest is None or len(parts) > deepest[0]:
                deepest = (len(parts), code)
        names = TABLES["strategies"].names
        out = tuple({k: r.get(k) for k in names} for r in rows.values())
        return out, (deepest[1] if deepest else None)


# --------------------------------------------------------------------------- public API

def parse_detail_page(text: str, source: str, fiscal_year: int | None = None) -> ParsedPage:
    """One detail page's text → its rows. Raises only :class:`ImportRejected`."""
    source = str(source)
    if not isinstance(text, str):
        raise ImportRejected([Problem(source, None, None, "ข้อมูลไม่ใช่ข้อความ", "the page is not text")])
    try:
        return _Parser(text, source, fiscal_year).run()
    except ImportRejected:
        raise
    except Exception as exc:  # a safety net: a page must be rejected, never crash the import
        raise ImportRejected([Problem(source, None, None, f"อ่านหน้าไม่ได้ (ข้อผิดพลาดภายใน): {exc!r}",
                                      f"internal error reading the page: {exc!r}")]) from exc


def _decode(data: bytes, name: str) -> str:
    def reject(th: str, en: str) -> ImportRejected:
        return ImportRejected([Problem(name, None, None, th, en)])

    if not data.strip() or data.strip() in (b"\xef\xbb\xbf",):
        raise reject("ไฟล์ว่าง", "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise reject("ไฟล์ไม่ใช่ข้อความ (ถอดรหัส UTF-16 ไม่ได้)", "not a text file (bad UTF-16)") from None
    else:
        if b"\x00" in data:
            raise reject("ไฟล์ไม่ใช่ข้อความ (เป็นไฟล์ไบนารี)", "not a text file (binary data)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp874")
            except UnicodeDecodeError:
                raise reject("ไฟล์ไม่ใช่ข้อความ (ไม่ใช่ UTF-8 หรือ TIS-620/cp874)",
                             "not a text file (neither UTF-8 nor TIS-620/cp874)") from None
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\x7f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise reject("ไฟล์ไม่ใช่ข้อความ (เป็นไฟล์ไบนารี)", "not a text file (binary data)")
    if not text.strip():
        raise reject("ไฟล์ว่าง", "the file is empty")
    return text


def read_detail_page(path: Path, fiscal_year: int | None = None) -> ParsedPage:
    """Read a page file (UTF-8 with or without BOM, else cp874/TIS-620) and parse it."""
    path = Path(path)
    name = path.name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected([Problem(name, None, None, f"อ่านไฟล์ไม่ได้: {exc.strerror or exc}",
                                      f"cannot read the file: {exc.strerror or exc}")]) from None
    return parse_detail_page(_decode(data, name), name, fiscal_year)
