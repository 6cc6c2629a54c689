"""The quarterly table (``ผลงานเทียบกับเป้าหมายรายไตรมาส``): a quarter number on a line, then
up to three lines: the result, BMA's evaluation score, and the 2.1 / 2.2 scores as ``a / b``.

The table's rows end at a blank line or at the next section (it is then complete), or at the
page's end (it is not).
A value the copy cut on the page's last line is read as missing and named in the
``page_cut_short`` flag.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kpi_model.errors import Problem
from kpi_model.importer.detail_page.lines import PageText, cell, collapse, section_of, small_int

__all__ = ["QuarterRow", "Table", "read_table"]


@dataclass(frozen=True)
class QuarterRow:
    """One quarter as the table gives it."""

    quarter: int
    actual: float | None
    evaluation_score: float | None
    score_2_1: float | None
    score_2_2: float | None


@dataclass(frozen=True)
class Table:
    """The table's rows; ``complete`` when a blank line or the next section closed them; ``truncated``: the 1-based
    lines whose value the copy cut; ``end``: the index where its rows stop (what follows, up to
    the next section, is text the parser does not know)."""

    rows: tuple[QuarterRow, ...]
    complete: bool
    truncated: tuple[int, ...]
    other: tuple[str, ...]
    problems: tuple[Problem, ...]
    end: int


def read_table(page: PageText, start: int, stop: int, seen: Collection[int] = ()) -> Table:
    """The table whose lines run from ``start`` (after its heading) to ``stop`` (the next
    section or the page's end). ``seen``: quarters an earlier table on the page gave (a quarter
    given twice is a problem)."""
    lines = page.lines
    other: list[str] = []
    problems: list[Problem] = []
    truncated: list[int] = []
    rows: list[QuarterRow] = []
    quarters = set(seen)

    def value(index: int, text: str | None, column: str, label_th: str) -> float | None:
        if text is None:
            return None
        try:
            return cell(text)
        except ValueError:
            if page.is_last(index):  # the copy cut this line mid-value
                truncated.append(index + 1)
                return None
            problems.append(
                page.problem(
                    index,
                    column,
                    f"{label_th}ไม่ใช่ตัวเลข: {text.strip()!r}",
                    f"{column} is not a number: {text.strip()!r}",
                )
            )
            return None

    def row(q: int, i: int, values: list[str | None]) -> QuarterRow:
        values = values + [None] * (3 - len(values))
        actual = value(i + 1, values[0], "actual", "ผลงาน")
        evaluation = value(i + 2, values[1], "evaluation_score", "ผลประเมินตัวชี้วัด")
        s21 = s22 = None
        sub = values[2]
        if sub is not None and sub.strip():
            parts = sub.split("/")
            if len(parts) == 2:
                s21 = value(i + 3, parts[0], "score_2_1", "คะแนน 2.1")
                s22 = value(i + 3, parts[1], "score_2_2", "คะแนน 2.2")
            elif page.is_last(i + 3):
                truncated.append(i + 4)
            else:
                problems.append(
                    page.problem(
                        i + 3,
                        "score_2_1",
                        f"คะแนน 2.1 / 2.2 ต้องเขียนเป็น a / b: {sub.strip()!r}",
                        f"scores 2.1 / 2.2 must be written a / b: {sub.strip()!r}",
                    )
                )
        return QuarterRow(q, actual, evaluation, s21, s22)

    def table(complete: bool, end: int) -> Table:
        return Table(tuple(rows), complete, tuple(truncated), tuple(other), tuple(problems), end)

    i = start
    while i < stop:  # header lines before the first quarter number
        s = collapse(lines[i])
        if (
            s == ""
            or s == "ไตรมาสที่"
            or (s.startswith("(") and s.endswith(")"))
            or (s.startswith("*") and s.endswith("*"))
        ):
            i += 1
            continue
        if small_int(s) is not None:
            break
        other.append(s)  # an unknown header line
        i += 1
    if i >= stop:  # no row before the next section
        return table(False, stop)
    while i < stop:
        s = collapse(lines[i])
        if s == "" or section_of(s):
            return table(True, i)
        q = small_int(s)
        if q is None:
            problems.append(
                page.problem(i, "quarter", f"ต้องเป็นเลขไตรมาส 1–4: {s!r}", f"a quarter number 1–4 was expected: {s!r}")
            )
            return table(False, stop)
        values: list[str | None] = list(lines[i + 1 : min(i + 4, stop)])
        if not 1 <= q <= 4:
            problems.append(page.problem(i, "quarter", f"ไตรมาสต้องเป็น 1–4 ไม่ใช่ {q}", f"quarter must be 1–4, not {q}"))
        elif q in quarters:
            problems.append(
                page.problem(i, "quarter", f"ไตรมาสที่ {q} ซ้ำในตาราง", f"quarter {q} appears twice in the table")
            )
        else:
            rows.append(row(q, i, values))
            quarters.add(q)
        i += 1 + len(values)
    return table(stop < len(lines), stop)  # the next section closes the table; the page's end does not
