"""BMA's fiscal calendar and Thai dates.

BMA's fiscal year runs 1 October – 30 September and is named by the Buddhist-Era (BE) year
in which it ends: FY 2564 = 1 Oct 2020 – 30 Sep 2021. BE = CE + 543. Q1 = Oct–Dec,
Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "arabic_to_thai_digits",
    "be_to_ce",
    "ce_to_be",
    "find_thai_dates",
    "find_thai_dates_as_written",
    "fiscal_quarter_of",
    "fiscal_year_of",
    "fiscal_year_range",
    "format_thai_date",
    "parse_thai_date",
    "previous_quarter",
    "quarter_of",
    "quarter_range",
    "thai_to_arabic_digits",
]

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)


def be_to_ce(year_be: int) -> int:
    """Buddhist-Era year → Common-Era year (2564 → 2021)."""
    return int(year_be) - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """Common-Era year → Buddhist-Era year (2021 → 2564)."""
    return int(year_ce) + BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The BE fiscal year a date falls in: October starts the next year's fiscal year."""
    year_ce = day.year + 1 if day.month >= 10 else day.year
    return ce_to_be(year_ce)


def quarter_of(day: dt.date) -> int:
    """The fiscal quarter (1–4) of a date: Oct–Dec is 1, Jul–Sep is 4."""
    return (day.month - 10) % 12 // 3 + 1


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """(BE fiscal year, quarter) of a date."""
    return fiscal_year_of(day), quarter_of(day)


def quarter_range(fiscal_year_be: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of a fiscal quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    year_ce = be_to_ce(fiscal_year_be)
    start_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    start_year = year_ce - 1 if start_month >= 10 else year_ce
    start = dt.date(start_year, start_month, 1)
    end_month = start_month + 2
    nxt = dt.date(start_year + (end_month // 12), end_month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def previous_quarter(fiscal_year_be: int, quarter: int) -> tuple[int, int]:
    """The quarter before: (2565, 1) → (2564, 4)."""
    return (fiscal_year_be, quarter - 1) if quarter > 1 else (fiscal_year_be - 1, 4)


def fiscal_year_range(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """1 October of the previous CE year to 30 September."""
    year_ce = be_to_ce(fiscal_year_be)
    return dt.date(year_ce - 1, 10, 1), dt.date(year_ce, 9, 30)


BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")


def today_in_bangkok() -> dt.date:
    """Today's date in Bangkok (UTC+7, no daylight saving), the city's calendar."""
    return dt.datetime.now(BANGKOK).date()


def year_closed(fiscal_year_be: int, today: dt.date) -> bool:
    """A fiscal year is closed once its last day, 30 September, has passed on ``today``: its
    annual verdict is then met or not met (DESIGN §3), no longer on track or behind."""
    return today > fiscal_year_range(int(fiscal_year_be))[1]


def thai_to_arabic_digits(text: str) -> str:
    """'๗.๓.๑' → '7.3.1'; other characters unchanged."""
    return text.translate(_TO_ARABIC)


def arabic_to_thai_digits(text: str) -> str:
    """'7.3.1' → '๗.๓.๑'."""
    return str(text).translate(_TO_THAI)


_MONTH_NAMES: dict[str, int] = {}
for _i, (_full, _abbr) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_ABBR), start=1):
    _MONTH_NAMES[_full] = _i
    _MONTH_NAMES[_abbr] = _i
    _MONTH_NAMES[_abbr.replace(".", "")] = _i
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTH_NAMES), key=len, reverse=True))
_DATE_RE = re.compile(
    rf"(?<![0-9๐-๙])([0-9๐-๙]{{1,2}})\s*(?:เดือน\s*)?({_MONTH_ALT})\s*(?:พ\.?\s?ศ\.?\s*)?([0-9๐-๙]{{2,4}})(?![0-9๐-๙])"
)


def _year_be(raw: str) -> int:
    year = int(thai_to_arabic_digits(raw))
    if year < 100:  # "63" in "ต.ค. 63" is BE 2563
        year += 2500
    return year


def parse_thai_date(text: str) -> dt.date:
    """'11 มกราคม 2564', '๑๑ ม.ค. ๖๔' → date(2021, 1, 11). BE years; raises ValueError."""
    match = _DATE_RE.search(text.strip())
    if not match:
        raise ValueError(f"not a Thai date: {text!r}")
    day = int(thai_to_arabic_digits(match.group(1)))
    month = _MONTH_NAMES[match.group(2)]
    return dt.date(be_to_ce(_year_be(match.group(3))), month, day)


def find_thai_dates(text: str) -> list[dt.date]:
    """Every valid Thai date written in ``text``, in order (invalid days are skipped)."""
    return [day for day, _written, _at in find_thai_dates_as_written(text)]


def find_thai_dates_as_written(text: str) -> list[tuple[dt.date, str, int]]:
    """(date, the date as written, where it starts) for every valid Thai date in ``text``, in
    order: evidence quotes the date as the page wrote it, not as we would format it."""
    found: list[tuple[dt.date, str, int]] = []
    for match in _DATE_RE.finditer(text):
        try:
            day = int(thai_to_arabic_digits(match.group(1)))
            found.append(
                (
                    dt.date(be_to_ce(_year_be(match.group(3))), _MONTH_NAMES[match.group(2)], day),
                    match.group(0),
                    match.start(),
                )
            )
        except ValueError:
            continue
    return found


def format_thai_date(day: dt.date, abbreviated: bool = False, thai_digits: bool = False) -> str:
    """date(2021, 1, 11) → '11 มกราคม 2564' (or '11 ม.ค. 2564')."""
    months = THAI_MONTHS_ABBR if abbreviated else THAI_MONTHS
    text = f"{day.day} {months[day.month - 1]} {ce_to_be(day.year)}"
    return arabic_to_thai_digits(text) if thai_digits else text
