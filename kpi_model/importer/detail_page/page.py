"""One page's text → its rows: the section readers composed, the page's own faults checked
(no name and code, no target, no fiscal year), the rows of each store table built."""

from __future__ import annotations

from dataclasses import dataclass

from kpi_model.achievement import infer_direction
from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.detail_page.fiscal_year import FiscalYear, page_fiscal_year
from kpi_model.importer.detail_page.header import Header, read_header
from kpi_model.importer.detail_page.levels import levels_in, max_level
from kpi_model.importer.detail_page.lines import SECTION_EN, SECTION_TH, PageText
from kpi_model.importer.detail_page.sections import Body, read_body
from kpi_model.importer.detail_page.strategy import read_strategy
from kpi_model.importer.detail_page.units import unit_of
from kpi_model.importer.numbers import agency_of
from kpi_model.quality import Flag, make_flag
from kpi_model.schema import TABLES

__all__ = ["CITY_AGENCY", "ParsedPage", "parse_detail_page"]

CITY_AGENCY = "0000"  # city development indicators belong to the whole city


@dataclass(frozen=True)
class ParsedPage:
    source: str
    indicator: dict[str, object]
    levels: tuple[dict, ...]
    quarters: tuple[dict, ...]
    strategies: tuple[dict, ...]
    flags: tuple[Flag, ...]


def parse_detail_page(text: str, source: str, fiscal_year: int | None = None) -> ParsedPage:
    """One detail page's text → its rows. Raises only :class:`ImportRejected`.

    >>> from pathlib import Path
    >>> text = Path("tests/fixtures/page_count_thai_digits.txt").read_text(encoding="utf-8")
    >>> page = parse_detail_page(text, "page_count_thai_digits.txt")
    >>> page.indicator["indicator_code"], page.indicator["unit"], [q["actual"] for q in page.quarters]
    ('5010-0123', 'count', [3.0, None, 1020.5, None])
    """
    source = str(source)
    if not isinstance(text, str):
        raise ImportRejected([Problem(source, None, None, "ข้อมูลไม่ใช่ข้อความ", "the page is not text")])
    try:
        return _parse(PageText.of(text, source), fiscal_year)
    except ImportRejected:
        raise
    except Exception as exc:  # a safety net: a page must be rejected, never crash the import
        raise ImportRejected(
            [
                Problem(
                    source,
                    None,
                    None,
                    f"อ่านหน้าไม่ได้ (ข้อผิดพลาดภายใน): {exc!r}",
                    f"internal error reading the page: {exc!r}",
                )
            ]
        ) from exc


def _parse(page: PageText, given_year: int | None) -> ParsedPage:
    if not any(ln.strip() for ln in page.lines):
        raise ImportRejected([page.problem(None, None, "หน้าว่าง ไม่มีข้อมูล", "the page is empty")])
    header = read_header(page)
    body = read_body(page, header.end)
    problems = [*header.problems, *body.problems, *_missing(page, header, body)]
    name = header.name
    fy = page_fiscal_year(
        page,
        given_year,
        name.prefix_year if name else None,
        header.kind.kind,
        header.kind.range_year,
        dict(body.reports),
    )
    problems.extend(fy.problems)
    if problems:
        raise ImportRejected(problems)
    return _rows(page, header, body, fy)


def _missing(page: PageText, header: Header, body: Body) -> list[Problem]:
    """A page without its name and code, or without its target line."""
    out = []
    if header.name is None or (header.name.code is None and not (header.problems or body.problems)):
        out.append(
            page.problem(
                page.last_line() - 1,
                "indicator_code",
                "ไม่พบชื่อและรหัสตัวชี้วัด (ชื่อ : รหัส)",
                "no indicator name and code (name : code) on the page",
            )
        )
    if header.target is None:
        if body.closed:
            out.append(
                page.problem(
                    header.name.line if header.name else None,
                    "target",
                    "ไม่พบบรรทัดค่าเป้าหมาย",
                    "the page has no target line (ค่าเป้าหมาย)",
                )
            )
        else:
            out.append(
                page.problem(
                    page.last_line() - 1,
                    "target",
                    "หน้าข้อมูลจบก่อนบรรทัดค่าเป้าหมาย ไม่มีข้อมูลที่ใช้ได้",
                    "the page ends before the target line (ค่าเป้าหมาย): nothing usable",
                )
            )
    return out


def _rows(page: PageText, header: Header, body: Body, year: FiscalYear) -> ParsedPage:
    """The rows of a page without faults: its indicator, levels, quarters, strategies, flags."""
    fy = year.value
    assert header.name is not None and header.name.code is not None and header.target is not None
    code, name, target = header.name.code, header.name.name, header.target
    unit = unit_of(target.unit_th, name)
    level_rows = levels_in(body.texts.calculation or "")
    top, top_source = max_level(unit, level_rows, not body.closed and body.last_section == "calculation")
    direction = infer_direction(name, target.unit_th, target.text, unit, target.value.value)
    strategy = read_strategy(body.strategy_lines)
    other = [*header.other, *body.other, *strategy.other]

    indicator: dict[str, object] = dict.fromkeys(TABLES["indicators"].names)
    indicator.update(
        {
            "indicator_code": code,
            "fiscal_year": fy,
            "agency_code": CITY_AGENCY if header.kind.kind == "city" else agency_of(code),
            "name_th": name,
            "name_en": None,
            "indicator_type": header.indicator_type,
            "result_level": header.result_level,
            "unit": unit,
            "unit_th": target.unit_th,
            "direction": direction.direction,
            "direction_source": direction.source,
            "accumulation": "cumulative",  # most real results are; an analyst's setting says otherwise
            "accumulation_source": "default",
            "target": target.value.value,
            "achieved": header.achieved,
            "max_level": top,
            "max_level_source": top_source,
            "weight": None,
            "strategy_code": strategy.code,
            "definition": body.texts.definition,
            "calculation": body.texts.calculation,
            "data_sources": body.texts.data_sources,
            "supporting_projects": body.texts.projects,
            "audited_quarter": header.audited_quarter,
            "source": page.source,
            "other_text": "\n".join(other) if other else None,
        }
    )
    indicator = {k: v for k, v in indicator.items() if k in TABLES["indicators"].names}

    # quarterly rows: the table's, the reports', the audit score's
    given: dict[int, dict[str, object]] = {
        r.quarter: {
            "quarter": r.quarter,
            "actual": r.actual,
            "evaluation_score": r.evaluation_score,
            "score_2_1": r.score_2_1,
            "score_2_2": r.score_2_2,
        }
        for r in body.rows
    }
    for q, report in body.reports:
        given.setdefault(q, {"quarter": q})["report_th"] = report
    if header.audited_quarter is not None and header.evaluator_score is not None:
        given.setdefault(header.audited_quarter, {"quarter": header.audited_quarter})
        given[header.audited_quarter]["evaluator_score"] = header.evaluator_score
    quarter_names = TABLES["quarterly_results"].names
    quarters = []
    for q in sorted(given):
        row: dict[str, object] = dict.fromkeys(quarter_names)
        row.update({k: v for k, v in given[q].items() if k in quarter_names})
        row.update({"indicator_code": code, "fiscal_year": fy, "quarter": q, "planned_cum": None})
        quarters.append(row)

    levels = tuple(
        {"indicator_code": code, "fiscal_year": fy, "level": lv, "description": desc or None} for lv, desc in level_rows
    )
    flags = (
        *(year.inferred.flags(code) if year.inferred else ()),
        *(() if body.closed else (_cut_flag(page, body, code, fy),)),
    )
    return ParsedPage(page.source, indicator, levels, tuple(quarters), strategy.rows, flags)


def _cut_flag(page: PageText, body: Body, code: str, fy: int | None) -> Flag:
    """``page_cut_short``: where the page ends, and the cut values read as missing."""
    last = page.last_line()
    where_th = SECTION_TH.get(body.last_section, body.last_section)
    where_en = SECTION_EN.get(body.last_section, body.last_section)
    if body.last_section == "table" and not body.table_complete:
        where_th, where_en = "ตารางผลงานรายไตรมาส (ไม่ครบ)", "quarterly table (incomplete)"
    detail_th = f"หน้าจบที่บรรทัด {last} ในส่วน{where_th} ส่วนท้ายของหน้าไม่มีในไฟล์"
    detail_en = f"the page ends at line {last} in its {where_en}; the closing sections are missing"
    if body.truncated:
        lines = ", ".join(str(n) for n in body.truncated)
        detail_th += f" ค่าที่ถูกตัดในบรรทัด {lines} ถือเป็นค่าว่าง"
        detail_en += f"; the cut value on line {lines} is read as missing"
    return make_flag("page_cut_short", code, fy, None, "indicators", None, detail_th, detail_en)
