"""Which fiscal year a page is for: the year given (``--fy``), else a ``ปี 2564`` before the
name, else a city page's title range, else the year its dated reports point to."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from kpi_model.errors import Problem
from kpi_model.fiscal import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    find_thai_dates,
    fiscal_quarter_of,
    fiscal_year_of,
    thai_to_arabic_digits,
)
from kpi_model.importer.detail_page.lines import DIGITS, FY_HIGH, FY_LOW, PageText, fy_ok

__all__ = ["FiscalYear", "dates_in", "infer_fiscal_year", "page_fiscal_year"]

_D = DIGITS
_MONTHS_WITH_YEAR = re.compile(
    "("
    + "|".join(sorted((re.escape(m) for m in THAI_MONTHS + THAI_MONTHS_ABBR), key=len, reverse=True))
    + rf")\s*(?:พ\.?\s?ศ\.?\s*)?([{_D}]{{2}}|[{_D}]{{4}})(?![{_D}])"
)
_MONTH_NUMBER = {m: i for i, m in enumerate(THAI_MONTHS, 1)} | {m: i for i, m in enumerate(THAI_MONTHS_ABBR, 1)}
_DAY_BEFORE = re.compile(rf"[{_D}]\s*(?:เดือน\s*)?$")


@dataclass(frozen=True)
class FiscalYear:
    """The page's fiscal year (None: unknown, with a problem saying so)."""

    value: int | None
    problems: tuple[Problem, ...] = ()


def page_fiscal_year(
    page: PageText,
    given: int | None,
    prefix_year: int | None,
    kind: str,
    range_year: int | None,
    reports: dict[int, str | None],
) -> FiscalYear:
    """The year ``given`` (it must be a BE year), else ``prefix_year``, else a city page's
    ``range_year``, else :func:`infer_fiscal_year` of the reports."""
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
    fy = infer_fiscal_year(reports)
    if fy is None:
        return FiscalYear(
            None,
            (
                page.problem(
                    None,
                    "fiscal_year",
                    "ไม่ทราบปีงบประมาณ หน้านี้ไม่มีปีและไม่มีรายงานผลที่ลงวันที่ ใช้ --fy ระบุปี",
                    "fiscal year unknown: the page has no year and no dated report; pass --fy",
                ),
            ),
        )
    return FiscalYear(fy)


def dates_in(text: str) -> list[dt.date]:
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


def infer_fiscal_year(reports: dict[int, str | None]) -> int | None:
    """The fiscal year the dated reports point to (DESIGN §3 importer)."""
    matching: list[int] = []
    for quarter in sorted(reports):
        text = reports[quarter] or ""
        for day in dates_in(text):
            fy, q = fiscal_quarter_of(day)
            if q == quarter and FY_LOW <= fy <= FY_HIGH:
                matching.append(fy)
    if not matching:
        matching = [fy for fy in (fiscal_year_of(d) for d in dates_in(reports.get(1) or "")) if FY_LOW <= fy <= FY_HIGH]
    if not matching:
        return None
    counts = Counter(matching)
    best = max(counts.values())
    return next(fy for fy in matching if counts[fy] == best)
