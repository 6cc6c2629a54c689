"""Which fiscal year a page is for: the year given (``--fy``), else a ``ปี 2564`` before the
name, else a city page's title range, else the year the page's own words point to.

A detail page does not print its fiscal year (DESIGN §3 importer), but its words name it:

* every Thai date in any quarter's report ("27 มีนาคม 2566" → FY 2566, "ต.ค. 62" → FY 2563),
  wherever the report's quarter is: a Q3 report that recalls a March meeting still dates the
  work of its year;
* "ประจำปีงบประมาณ พ.ศ. 2564", "ประจำปี พ.ศ. 2564", "ปีงบประมาณ (พ.ศ.) 2564" anywhere in the
  text (a range such as "ปีงบประมาณ 2564-2565" names no one year and is skipped).

The most common year wins; a tie goes to the year with more dates inside their own report's
quarter (the rule the importer used before, so every page it read keeps its year), then to the
year a phrase prints, then to Q1's dates, then to the first mention. A year read this way is a
guess an analyst confirms: the page carries ``fiscal_year_inferred`` (info) quoting the mention
it rests on, and ``fiscal_year_disagrees`` (warning) naming every year found and where, when the
mentions point to more than one year. Nothing is defaulted: a page whose words name no year is
refused unless ``--fy`` gives one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from kpi_model.errors import Problem
from kpi_model.fiscal import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    find_thai_dates_as_written,
    fiscal_quarter_of,
    thai_to_arabic_digits,
)
from kpi_model.importer.detail_page.lines import DIGITS, FY_HIGH, FY_LOW, PageText, collapse, fy_ok
from kpi_model.quality import Flag, make_flag

__all__ = [
    "FiscalYear",
    "YearInference",
    "YearMention",
    "dates_in",
    "infer_fiscal_year",
    "infer_year",
    "page_fiscal_year",
    "year_mentions",
]

_D = DIGITS
_MONTHS_WITH_YEAR = re.compile(
    "("
    + "|".join(sorted((re.escape(m) for m in THAI_MONTHS + THAI_MONTHS_ABBR), key=len, reverse=True))
    + rf")\s*(?:พ\.?\s?ศ\.?\s*)?([{_D}]{{2}}|[{_D}]{{4}})(?![{_D}])"
)
_MONTH_NUMBER = {m: i for i, m in enumerate(THAI_MONTHS, 1)} | {m: i for i, m in enumerate(THAI_MONTHS_ABBR, 1)}
_DAY_BEFORE = re.compile(rf"[{_D}]\s*(?:เดือน\s*)?$")
# 'ประจำปีงบประมาณ พ.ศ. 2564', 'ประจำปี พ.ศ.2564', 'ปีงบประมาณ ๒๕๖๔': a bare 'ประจำปี 2564'
# needs its พ.ศ. (checked after the match); a range '2564-2565' is no one year.
_YEAR_PHRASE = re.compile(
    rf"(?:ประจำปี\s*(งบประมาณ)?|ปี\s*(งบประมาณ))\s*(พ\s*\.?\s*ศ\s*\.?)?\s*([{_D}]{{4}})(?![{_D}])(?!\s*[-–—]\s*[{_D}])"
)
_SHOWN_PER_YEAR = 3  # mentions quoted per year in the disagreement flag


@dataclass(frozen=True)
class YearMention:
    """One thing on the page that names a fiscal year: a date in a quarter's report
    (``quarter``), or a ประจำปี phrase (``line``, 1-based)."""

    year: int
    written: str  # the date or phrase as the page writes it (white space collapsed)
    quarter: int | None = None
    line: int | None = None
    in_quarter: bool = False  # a date inside its own report's quarter: the strongest evidence

    @property
    def strength(self) -> int:
        """0: a date in its own quarter; 1: a phrase naming the year; 2: any other date."""
        if self.quarter is None:
            return 1
        return 0 if self.in_quarter else 2

    def where_th(self) -> str:
        return f"รายงานไตรมาส {self.quarter}" if self.quarter is not None else f"บรรทัด {self.line}"

    def where_en(self) -> str:
        return f"Q{self.quarter} report" if self.quarter is not None else f"line {self.line}"

    def quote_th(self) -> str:
        """'รายงานไตรมาส 1: 2 พฤศจิกายน 2563'."""
        return f"{self.where_th()}: {self.written}"

    def quote_en(self) -> str:
        """'Q1 report: 2 พฤศจิกายน 2563' (the Thai words kept: they are the evidence)."""
        return f"{self.where_en()}: {self.written}"


@dataclass(frozen=True)
class YearInference:
    """The year the page's mentions point to, and every mention (in page order)."""

    year: int
    mentions: tuple[YearMention, ...]

    @property
    def cited(self) -> YearMention:
        """The mention the year rests on: the winning year's strongest, first."""
        return min((m for m in self.mentions if m.year == self.year), key=lambda m: m.strength)

    @property
    def years(self) -> Counter[int]:
        return Counter(m.year for m in self.mentions)

    def flags(self, code: str) -> tuple[Flag, ...]:
        """``fiscal_year_inferred`` quoting the mention the year rests on; and
        ``fiscal_year_disagrees`` naming each year found and where, when they differ."""
        cited = self.cited
        th = f"{cited.quote_th()} → ปีงบประมาณ {self.year}"
        en = f"{cited.quote_en()} → FY {self.year}"
        more = self.years[self.year] - 1
        if more:
            th += f" (และอีก {more} แห่งในหน้าที่ชี้ปีเดียวกัน)"
            en += f" (and {more} more on the page naming the same year)"
        out = [make_flag("fiscal_year_inferred", code, self.year, None, "indicators", "fiscal_year", th, en)]
        if len(self.years) > 1:
            th, en = self._disagreement()
            out.append(make_flag("fiscal_year_disagrees", code, self.year, None, "indicators", "fiscal_year", th, en))
        return tuple(out)

    def _disagreement(self) -> tuple[str, str]:
        """'ใช้ปีงบประมาณ 2565: พบ 2 แห่ง (…); ปีงบประมาณ 2566: พบ 1 แห่ง (…)', the year used first."""
        order = sorted(self.years, key=lambda y: (y != self.year, -self.years[y], y))
        parts_th, parts_en = [], []
        for year in order:
            found = [m for m in self.mentions if m.year == year]
            shown_th = ", ".join(m.quote_th() for m in found[:_SHOWN_PER_YEAR])
            shown_en = ", ".join(m.quote_en() for m in found[:_SHOWN_PER_YEAR])
            if len(found) > _SHOWN_PER_YEAR:
                shown_th += f" และอีก {len(found) - _SHOWN_PER_YEAR} แห่ง"
                shown_en += f" and {len(found) - _SHOWN_PER_YEAR} more"
            used_th, used_en = ("ใช้", " (used)") if year == self.year else ("", "")
            n = len(found)
            parts_th.append(f"{used_th}ปีงบประมาณ {year}: พบ {n} แห่ง ({shown_th})")
            parts_en.append(f"FY {year}{used_en}: {n} mention{'s' if n > 1 else ''} ({shown_en})")
        return "; ".join(parts_th), "; ".join(parts_en)


@dataclass(frozen=True)
class FiscalYear:
    """The page's fiscal year (None: unknown, with a problem saying so); ``inferred``: how it
    was read from the page's words, when it was (None: given or printed)."""

    value: int | None
    problems: tuple[Problem, ...] = ()
    inferred: YearInference | None = None


def page_fiscal_year(
    page: PageText,
    given: int | None,
    prefix_year: int | None,
    kind: str,
    range_year: int | None,
    reports: dict[int, str | None],
) -> FiscalYear:
    """The year ``given`` (it must be a BE year), else ``prefix_year``, else a city page's
    ``range_year``, else :func:`infer_year` from the reports' dates and the page's text."""
    if given is not None:
        if fy_ok(given):
            return FiscalYear(given)
        return FiscalYear(
            None,
            (
                page.problem(
                    None,
                    "fiscal_year",
                    f"ปีงบประมาณที่ระบุ (--fy) ไม่ถูกต้อง: {given!r}",
                    f"the given fiscal year (--fy) is not a BE year {FY_LOW}–{FY_HIGH}: {given!r}",
                ),
            ),
        )
    if prefix_year is not None:
        return FiscalYear(prefix_year)
    if kind == "city" and range_year is not None:
        return FiscalYear(range_year)
    inference = infer_year(year_mentions(reports, "\n".join(page.lines)))
    if inference is None:
        return FiscalYear(
            None,
            (
                page.problem(
                    None,
                    "fiscal_year",
                    "ไม่ทราบปีงบประมาณ หน้านี้ไม่มีปี ไม่มีวันที่ในรายงานผล และไม่มีคำว่า “ประจำปีงบประมาณ พ.ศ. …” ใช้ --fy ระบุปี",
                    "fiscal year unknown: the page prints no year, its reports hold no date and its text "
                    "no 'ประจำปีงบประมาณ พ.ศ. …'; pass --fy",
                ),
            ),
        )
    return FiscalYear(inference.year, (), inference)


def dates_in(text: str) -> list[tuple[dt.date, str, int]]:
    """(date, as written, where) for the dates a report writes, in order: full Thai dates, and
    month-year ones ('ต.ค. 62') as the 1st of the month."""
    found = find_thai_dates_as_written(text)
    for m in _MONTHS_WITH_YEAR.finditer(text):
        if _DAY_BEFORE.search(text[: m.start()]):
            continue  # a full date, already found
        raw = thai_to_arabic_digits(m.group(2))
        year = int(raw) + (2500 if len(raw) == 2 else 0)
        if not FY_LOW <= year <= FY_HIGH:
            continue
        try:
            found.append((dt.date(year - 543, _MONTH_NUMBER[m.group(1)], 1), m.group(0), m.start()))
        except ValueError:
            continue
    return sorted(found, key=lambda f: f[2])


def year_mentions(reports: dict[int, str | None], text: str) -> tuple[YearMention, ...]:
    """Every mention of a fiscal year: each date in each quarter's report (in quarter order),
    then each ประจำปี phrase in ``text`` (the whole page), with its line."""
    out: list[YearMention] = []
    for quarter in sorted(reports):
        for day, written, _at in dates_in(reports[quarter] or ""):
            fy, q = fiscal_quarter_of(day)
            if FY_LOW <= fy <= FY_HIGH:
                out.append(YearMention(fy, collapse(written), quarter=quarter, in_quarter=q == quarter))
    for m in _YEAR_PHRASE.finditer(text):
        if not (m.group(1) or m.group(2) or m.group(3)):
            continue  # 'ประจำปี 2564' without พ.ศ. or งบประมาณ: a calendar year as likely
        year = int(thai_to_arabic_digits(m.group(4)))
        if FY_LOW <= year <= FY_HIGH:
            out.append(YearMention(year, collapse(m.group(0)), line=text.count("\n", 0, m.start()) + 1))
    return tuple(out)


def infer_year(mentions: tuple[YearMention, ...]) -> YearInference | None:
    """The most common year of ``mentions``; ties go to more dates in their own quarter, then
    more phrases, then more Q1 dates, then the first mentioned. None: no mention."""
    if not mentions:
        return None
    first: dict[int, int] = {}
    for i, m in enumerate(mentions):
        first.setdefault(m.year, i)

    def rank(year: int) -> tuple[int, int, int, int, int]:
        mine = [m for m in mentions if m.year == year]
        return (
            len(mine),
            sum(m.in_quarter for m in mine),
            sum(m.quarter is None for m in mine),
            sum(m.quarter == 1 for m in mine),
            -first[year],
        )

    return YearInference(max(first, key=rank), mentions)


def infer_fiscal_year(reports: dict[int, str | None], text: str = "") -> int | None:
    """The fiscal year the reports' dates (and the phrases of ``text``) point to, or None."""
    inference = infer_year(year_mentions(reports, text))
    return inference.year if inference else None
