"""The page's header, the lines before its first section: the page kind, the name and code,
the target and achieved lines, the indicator type, the result level and the สยป. audit.

Each line reader takes one line and returns a frozen record (its problems inside);
:func:`read_header` reads the lines in order and returns one :class:`Header`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi_model.achievement import HIGHER_WORDS, LOWER_WORDS
from kpi_model.errors import Problem
from kpi_model.fiscal import thai_to_arabic_digits
from kpi_model.importer.detail_page.lines import (
    DIGITS,
    FY_HIGH,
    FY_LOW,
    LINK,
    PageText,
    cell,
    collapse,
    leading_number,
    number,
    section_of,
    small_int,
)

__all__ = [
    "Audit",
    "Header",
    "NameLine",
    "PageKind",
    "TargetLine",
    "Value",
    "read_achieved",
    "read_audit",
    "read_header",
    "read_name",
    "read_page_kind",
    "read_result_level",
    "read_target",
    "read_type",
]

_D = DIGITS
_HEADER_A = "รายละเอียดตัวชี้วัด"
_HEADER_B = re.compile(rf"^โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง\s*(?:\(\s*([{_D}]{{4}})\s*[-–]\s*([{_D}]{{4}})\s*\))?")
_NOISE = re.compile(r"^(?:back\s*home|back|home|รายละเอียดตัวชี้วัดฯ?\s*:\s*พิมพ์ข้อมูล)$", re.IGNORECASE)

_TARGET = re.compile(r"^ค่าเป้าหมาย\s*([^:]*?)\s*:\s*(.*)$")
_ACHIEVED = re.compile(r"^ผลงานที่ทำได้\s*([^:]*?)\s*:\s*(.*)$")
_TYPE = re.compile(r"^(?:ประเภทตัวชี้วัด|ลักษณะข้อมูล)\s*:\s*(.*)$")
_RESULT_LEVEL = re.compile(r"^\(?\s*ตัวชี้วัดระดับ(.*)$")
_AUDIT = re.compile(rf"ตรวจประเมินตัวชี้วัด\s*:?\s*(?:ไตรมาสที่\s*([{_D}]{{0,3}})\s*:?\s*(.*))?$")
_NAME = re.compile(rf"^(.*\S)\s*:\s*([{_D}A-Za-z]+(?:[-/][{_D}A-Za-z]+)*)$")
_YEAR_PREFIX = re.compile(rf"^ปี\s*([{_D}]{{4}})(?![{_D}])\s*")
_PAREN_PREFIX = re.compile(rf"^\(\s*[{_D}]{{1,4}}\s*\)\s*")
_DOT_PREFIX = re.compile(rf"^[{_D}]{{1,4}}\.(?![{_D}])\s*")
# Words a target may open with before its number ('ไม่เกิน 60 ราย'): only those the direction
# rule reads (kpi_model.achievement), so a value is never read without its meaning.
_VALUE_QUALIFIERS = tuple(sorted({*LOWER_WORDS, *HIGHER_WORDS}, key=len, reverse=True))
_INDICATOR_TYPES = {"ตัวชี้วัดเชิงยุทธศาสตร์": "strategic", "ตัวชี้วัดงานประจำ": "routine"}


# --------------------------------------------------------------------------- the page kind


@dataclass(frozen=True)
class PageKind:
    """``detail`` (mykpi.php) or ``city`` (the city development database, mykpi2563.php); the
    year a city page's title range ends in; where the header's own lines start."""

    kind: str
    range_year: int | None
    start: int


def read_page_kind(page: PageText) -> PageKind:
    """The kind from the first non-blank line (a title is skipped; any other line is the header's)."""
    for i, line in enumerate(page.lines):
        s = collapse(line)
        if not s:
            continue
        if s == _HEADER_A:
            return PageKind("detail", None, i + 1)
        m = _HEADER_B.match(s)
        if m:
            year = None
            if m.group(2):
                y = int(thai_to_arabic_digits(m.group(2)))
                year = y if FY_LOW <= y <= FY_HIGH else None
            return PageKind("city", year, i + 1)
        return PageKind("detail", None, i)
    return PageKind("detail", None, len(page.lines))


# --------------------------------------------------------------------------- name and code


@dataclass(frozen=True)
class NameLine:
    """``name : code``. A line without a code gives the name "" and a problem."""

    name: str
    code: str | None
    prefix_year: int | None  # a 'ปี 2564' before the name
    line: int | None
    problems: tuple[Problem, ...] = ()


def read_name(page: PageText, i: int, s: str, kind: str) -> NameLine:
    m = _NAME.match(s)
    if not m or not re.search(f"[{_D}]", m.group(2)):
        return NameLine(
            "",
            None,
            None,
            None,
            (
                page.problem(
                    i,
                    "indicator_code",
                    "ไม่พบรหัสตัวชี้วัดท้ายชื่อ (ชื่อ : รหัส)",
                    "no indicator code after the name (name : code)",
                ),
            ),
        )
    name, prefix_year = _clean_name(m.group(1))
    if kind == "city" and not name:
        name = m.group(1).strip()
    return NameLine(name, thai_to_arabic_digits(m.group(2)), prefix_year, i)


def _clean_name(raw: str) -> tuple[str, int | None]:
    """Strip the '(1) ' / 'ปี 2564 ๒. ' / '5. ' numbering; a 'ปี YYYY' prefix gives the year."""
    name = raw.strip()
    year = None
    m = _YEAR_PREFIX.match(name)
    if m:
        y = int(thai_to_arabic_digits(m.group(1)))
        if FY_LOW <= y <= FY_HIGH:
            year = y
            name = name[m.end() :]
    for prefix in (_PAREN_PREFIX, _DOT_PREFIX):
        m = prefix.match(name)
        if m and name[m.end() :].strip():
            name = name[m.end() :]
            break
    name = name.strip()
    return (name if name else raw.strip()), year


# --------------------------------------------------------------------------- target and achieved


@dataclass(frozen=True)
class Value:
    """The number a target or result line gives; ``other``: the line, when words beside the
    number are kept for ``other_text``."""

    value: float | None
    other: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class TargetLine:
    """``ค่าเป้าหมาย <unit> : <value>`` (or, on city pages, ``ค่าเป้าหมาย <value> : <unit>``)."""

    line: int
    unit_th: str | None
    text: str | None  # the line after its colon, as written
    value: Value


def _value(page: PageText, i: int, s: str, raw: str, column: str, label_th: str, unit_th: str | None) -> Value:
    """The number a target or result line gives after its colon: '90', '1,407.52',
    '5 จากปีที่ผ่านมา พ.ศ. 2563' (the words are kept in other_text), 'ไม่เกิน 60 ราย' (a
    direction word before the number; kept too)."""
    value = raw.strip()
    qualifier = next((w for w in _VALUE_QUALIFIERS if value.startswith(w)), None)
    found = leading_number(value[len(qualifier) :].strip() if qualifier else value)
    if found is not None:
        amount, rest = found
        words = bool(qualifier or (rest and rest != (unit_th or "")))
        return Value(amount, (s,) if words else ())  # words beside the number: keep them
    return Value(
        None, (), (page.problem(i, column, f"{label_th}ไม่ใช่ตัวเลข: {value!r}", f"{column} is not a number: {value!r}"),)
    )


def _value_before_colon(before: str, after: str) -> float | None:
    """City-database pages write 'ค่าเป้าหมาย 0 : ราย': the value before the colon and the
    unit after it. When only the part before the colon is a number (the part after it
    holds no digit), it is the value; otherwise None."""
    if not before.strip() or re.search(f"[{_D}]", after):
        return None
    try:
        return number(before)
    except ValueError:
        return None


def read_target(page: PageText, i: int, s: str, m: re.Match[str]) -> TargetLine:
    before, after = m.group(1).strip(), m.group(2).strip()
    swapped = _value_before_colon(before, after)
    if swapped is not None:
        return TargetLine(i, after or None, after or None, Value(swapped))
    unit_th = before or None
    return TargetLine(i, unit_th, after or None, _value(page, i, s, after, "target", "ค่าเป้าหมาย", unit_th))


def read_achieved(page: PageText, i: int, s: str, m: re.Match[str], unit_th: str | None) -> Value:
    """``ผลงานที่ทำได้ … : …``; ``unit_th``: the target's unit so far (words equal to it are
    not kept)."""
    before, after = m.group(1).strip(), m.group(2).strip()
    swapped = _value_before_colon(before, after)
    if swapped is not None:  # 'ผลงานที่ทำได้ 3 : ราย'
        return Value(swapped, (s,) if after and after != (unit_th or "") else ())
    if after == "":
        return Value(None)
    return _value(page, i, s, after, "achieved", "ผลงานที่ทำได้", unit_th)


# --------------------------------------------------------------------------- type, level, audit


def read_type(m: re.Match[str]) -> str | None:
    """``ประเภทตัวชี้วัด : …`` → strategic, routine, or the words as written."""
    value = m.group(1).strip()
    return _INDICATOR_TYPES.get(value, value or None)


def read_result_level(s: str) -> str | None:
    """``(ตัวชี้วัดระดับผลลัพธ์)`` → outcome, output, or the words as written."""
    low = s.lower()
    if "outcome" in low or "ผลลัพธ์" in s:
        return "outcome"
    if "output" in low or "ผลผลิต" in s:
        return "output"
    inner = s.strip().lstrip("(").rstrip(")").strip()
    return inner or None


@dataclass(frozen=True)
class Audit:
    """``ตรวจประเมินตัวชี้วัด : ไตรมาสที่ q : score``. ``quarter`` is None when it is not 1–4;
    a score that is not a number leaves ``score`` None with a problem."""

    quarter: int | None
    score: float | None
    problems: tuple[Problem, ...] = ()


def read_audit(page: PageText, i: int, s: str) -> Audit | None:
    """The audit line; None when it names no quarter."""
    m = _AUDIT.search(s)
    assert m is not None
    qtext, score = (m.group(1) or ""), (m.group(2) or "").strip()
    if not qtext:
        return None
    q = small_int(qtext)
    if q is None or not 1 <= q <= 4:
        return Audit(
            None,
            None,
            (
                page.problem(
                    i,
                    "audited_quarter",
                    f"ไตรมาสที่ตรวจประเมินต้องเป็น 1–4: {qtext!r}",
                    f"the audited quarter must be 1–4: {qtext!r}",
                ),
            ),
        )
    try:
        return Audit(q, cell(score))
    except ValueError:
        return Audit(
            q,
            None,
            (
                page.problem(
                    i,
                    "evaluator_score",
                    f"คะแนนตรวจประเมินไม่ใช่ตัวเลข: {score!r}",
                    f"the audit score is not a number: {score!r}",
                ),
            ),
        )


# --------------------------------------------------------------------------- the header


@dataclass(frozen=True)
class Header:
    """What the header says. ``name`` is None when no line gave one, "" when a line meant to
    (or a target before any name) did not; ``end`` is the index of the first section line."""

    kind: PageKind
    name: NameLine | None
    target: TargetLine | None
    achieved: float | None
    indicator_type: str | None
    result_level: str | None
    audited_quarter: int | None
    evaluator_score: float | None
    other: tuple[str, ...]
    problems: tuple[Problem, ...]
    end: int


def read_header(page: PageText) -> Header:
    """The header's lines in order, up to the first section line. The first line not known
    as another header line is the name; a later target, type or result line replaces an
    earlier one (a second target is a problem)."""
    kind = read_page_kind(page)
    name: NameLine | None = None
    target: TargetLine | None = None
    achieved: float | None = None
    indicator_type: str | None = None
    result_level: str | None = None
    audited_quarter: int | None = None
    evaluator_score: float | None = None
    other: list[str] = []
    problems: list[Problem] = []
    end = len(page.lines)
    for i in range(kind.start, len(page.lines)):
        s = collapse(page.lines[i])
        if not s or _NOISE.match(s) or s == LINK or (s == "0" and name is not None):
            continue
        if section_of(s):
            end = i
            break
        m_target, m_achieved, m_type = _TARGET.match(s), _ACHIEVED.match(s), _TYPE.match(s)
        if name is None and not (m_target or m_achieved or m_type or _AUDIT.search(s)):
            name = read_name(page, i, s, kind.kind)
            problems.extend(name.problems)
        elif m_target:
            if name is None:
                problems.append(
                    page.problem(
                        i, "name_th", "ไม่พบชื่อและรหัสตัวชี้วัดก่อนค่าเป้าหมาย", "no indicator name and code before the target"
                    )
                )
                name = NameLine("", None, None, None)
            if target is not None:
                problems.append(page.problem(i, "target", "มีค่าเป้าหมายซ้ำ", "a second target line"))
                continue
            target = read_target(page, i, s, m_target)
            other.extend(target.value.other)
            problems.extend(target.value.problems)
        elif m_achieved:
            result = read_achieved(page, i, s, m_achieved, target.unit_th if target else None)
            achieved = result.value
            other.extend(result.other)
            problems.extend(result.problems)
        elif m_type:
            indicator_type = read_type(m_type)
        elif _RESULT_LEVEL.match(s):
            result_level = read_result_level(s)
        elif _AUDIT.search(s):
            audit = read_audit(page, i, s)
            if audit is not None:
                problems.extend(audit.problems)
                if audit.quarter is not None:
                    audited_quarter = audit.quarter
                    if not audit.problems:
                        evaluator_score = audit.score
        else:
            other.append(s)
    return Header(
        kind,
        name,
        target,
        achieved,
        indicator_type,
        result_level,
        audited_quarter,
        evaluator_score,
        tuple(other),
        tuple(problems),
        end,
    )
