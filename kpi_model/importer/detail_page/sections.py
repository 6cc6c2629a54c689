"""The page's body, from its first section heading on: the quarterly table, one report per
quarter, the summary, the text sections (definition, calculation, data sources, supporting
projects), the strategy path's lines and the closing link.

:func:`split_sections` cuts the body at its headings; each section is read by its own reader;
:func:`read_body` reads them in page order and returns one :class:`Body`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kpi_model.achievement import is_report
from kpi_model.errors import Problem
from kpi_model.importer.detail_page.lines import PageText, section_of, small_int, text_of
from kpi_model.importer.detail_page.table import QuarterRow, read_table

__all__ = [
    "Body",
    "Report",
    "Section",
    "TextSections",
    "read_body",
    "read_report",
    "read_texts",
    "split_sections",
]

_TEXT_SECTIONS = ("definition", "calculation", "data_sources", "projects")
_CLOSING = ("projects", "link")  # a page that reaches one of these was not cut short


@dataclass(frozen=True)
class Section:
    """A heading (``name``, its argument: a report's quarter) and the lines up to the next one."""

    name: str
    arg: str | None
    start: int  # the heading's index
    stop: int  # the next heading's index, or the page's end

    def body(self, page: PageText) -> tuple[str, ...]:
        return page.lines[self.start + 1 : self.stop]


def split_sections(page: PageText, start: int) -> tuple[Section, ...]:
    """The sections from line ``start`` (a heading, or the page's end) on."""
    heads = [(i, found) for i in range(start, len(page.lines)) if (found := section_of(page.lines[i]))]
    stops = [i for i, _ in heads[1:]] + [len(page.lines)]
    return tuple(Section(name, arg, i, stop) for (i, (name, arg)), stop in zip(heads, stops))


@dataclass(frozen=True)
class Report:
    """``รายงานผลฯ ไตรมาสที่ q``: ``quarter`` is None when it is not 1–4 or given twice (a
    problem); ``text`` is None when the report holds only dashes."""

    quarter: int | None
    text: str | None
    problems: tuple[Problem, ...] = ()


def read_report(page: PageText, section: Section, seen: Collection[int]) -> Report:
    """One report; ``seen``: the quarters reported earlier on the page."""
    q = small_int(section.arg or "")
    if q is None or not 1 <= q <= 4:
        return Report(
            None,
            None,
            (
                page.problem(
                    section.start,
                    "quarter",
                    f"เลขไตรมาสของรายงานผลต้องเป็น 1–4: {section.arg!r}",
                    f"the report's quarter must be 1–4: {section.arg!r}",
                ),
            ),
        )
    if q in seen:
        return Report(
            None,
            None,
            (page.problem(section.start, "quarter", f"รายงานผลไตรมาสที่ {q} ซ้ำ", f"a second report for quarter {q}"),),
        )
    report = text_of(section.body(page))
    return Report(q, report if is_report(report) else None)  # '-' is no report


@dataclass(frozen=True)
class TextSections:
    """The text sections as written (a section given twice: both, in order)."""

    definition: str | None
    calculation: str | None
    data_sources: str | None
    projects: str | None


def read_texts(page: PageText, sections: tuple[Section, ...]) -> TextSections:
    def joined(name: str) -> str | None:
        return text_of([ln for s in sections if s.name == name for ln in s.body(page)])

    return TextSections(*(joined(name) for name in _TEXT_SECTIONS))


@dataclass(frozen=True)
class Body:
    """What the body says. ``closed``: the page reached its closing sections; ``last_section``:
    where the page ends (``header`` when it has no section)."""

    rows: tuple[QuarterRow, ...]
    table_complete: bool
    truncated: tuple[int, ...]
    reports: tuple[tuple[int, str | None], ...]
    texts: TextSections
    strategy_lines: tuple[str, ...]
    other: tuple[str, ...]
    problems: tuple[Problem, ...]
    closed: bool
    last_section: str


def read_body(page: PageText, start: int) -> Body:
    """The sections from ``start`` in page order: their problems and their unknown lines (kept
    for ``other_text``) stay in the order the page gives them."""
    sections = split_sections(page, start)
    rows: list[QuarterRow] = []
    complete = False
    truncated: list[int] = []
    reports: dict[int, str | None] = {}
    strategy_lines: list[str] = []
    other: list[str] = []
    problems: list[Problem] = []
    for section in sections:
        lines = section.body(page)
        if section.name == "table":
            table = read_table(page, section.start + 1, section.stop, [r.quarter for r in rows])
            rows.extend(table.rows)
            complete = complete or table.complete
            truncated.extend(table.truncated)
            other.extend(table.other)
            problems.extend(table.problems)
            other.extend(ln.strip() for ln in page.lines[table.end : section.stop] if ln.strip())
        elif section.name == "report":
            report = read_report(page, section, reports)
            problems.extend(report.problems)
            if report.quarter is not None:
                reports[report.quarter] = report.text
        elif section.name == "strategy":
            strategy_lines.extend(ln.strip() for ln in lines if ln.strip())
        elif section.name == "summary":
            summary = text_of(lines)
            if summary:  # no column of its own: kept, labelled, in other_text
                other.append("สรุปผลการดำเนินงาน: " + summary.replace("\n", " "))
        elif section.name == "link":
            other.extend(ln.strip() for ln in lines if ln.strip())
    return Body(
        rows=tuple(rows),
        table_complete=complete,
        truncated=tuple(truncated),
        reports=tuple(reports.items()),
        texts=read_texts(page, sections),
        strategy_lines=tuple(strategy_lines),
        other=tuple(other),
        problems=tuple(problems),
        closed=any(s.name in _CLOSING for s in sections),
        last_section=sections[-1].name if sections else "header",
    )
