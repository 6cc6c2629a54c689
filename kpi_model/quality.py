"""Data-quality flags: what is odd in the data, said in Thai and English, never fixed silently.

Severity ``error`` rejects an import; ``warning`` and ``info`` are kept and shown. Each flag
names the indicator-year (and quarter), the table and the column it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from kpi_model.achievement import IndicatorAchievement, IndicatorFacts, is_placeholder_score
from kpi_model.config import Settings, settings as default_settings

__all__ = [
    "Flag", "FLAG_CODES", "QuarterRecord", "indicator_flags", "reference_flags", "flag_record",
    "make_flag",
]

# code → (severity, Thai title, English title)
FLAG_CODES: dict[str, tuple[str, str, str]] = {
    "level_recorded_as_percent": ("warning", "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ", "level KPI recorded as percent"),
    "result_goes_down": ("warning", "ผลงานสะสมลดลง", "cumulative result goes down"),
    "plan_not_increasing": ("warning", "แผนสะสมไม่เพิ่มขึ้น", "cumulative plan does not increase"),
    "plan_not_100": ("warning", "แผนไตรมาสสุดท้ายไม่เท่ากับ 100", "last plan is not 100"),
    "target_missing": ("warning", "ไม่มีค่าเป้าหมาย", "target missing"),
    "target_zero": ("warning", "ค่าเป้าหมายเป็นศูนย์", "target is zero"),
    "result_far_above_target": ("warning", "ผลงานสูงกว่าเป้าหมายมาก", "result far above target"),
    "quarter_not_reported": ("warning", "ไม่ได้รายงานผลไตรมาส", "quarter not reported"),
    "result_without_report": ("info", "มีผลงานแต่ไม่มีรายงานผล", "result without a report"),
    "annual_differs_q4": ("warning", "ผลงานทั้งปีไม่ตรงกับไตรมาส 4", "annual result differs from Q4"),
    "recorded_vs_computed": ("info", "คะแนนที่บันทึกต่างจากคะแนนที่คำนวณ", "recorded score differs from computed"),
    "score_not_yet_evaluated": ("info", "ยังไม่ได้ประเมิน (ศูนย์หลังไตรมาสที่ตรวจ)", "not yet evaluated (zero after audited quarter)"),
    "unknown_agency": ("warning", "ไม่พบรหัสหน่วยงาน", "unknown agency code"),
    "unknown_strategy": ("warning", "ไม่พบรหัสยุทธศาสตร์", "unknown strategy code"),
    "no_quarterly_results": ("info", "ไม่มีผลรายไตรมาส", "no quarterly results"),
    "duplicate_key": ("error", "คีย์ซ้ำ", "duplicate key"),
    "page_cut_short": ("warning", "หน้าข้อมูลถูกตัดสั้น", "page cut short"),
}


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    indicator_code: str | None
    fiscal_year: int | None
    quarter: int | None
    table: str
    column: str | None
    message_th: str
    message_en: str


def flag_record(flag: Flag) -> dict:
    """The flag as a row (a plain copy of its fields; dataclasses.asdict is ten times slower)."""
    return dict(flag.__dict__)


def _flag(code: str, ind: str | None, fy: int | None, quarter: int | None, table: str,
          column: str | None, detail_th: str = "", detail_en: str = "") -> Flag:
    severity, title_th, title_en = FLAG_CODES[code]
    th = f"{title_th}: {detail_th}" if detail_th else title_th
    en = f"{title_en}: {detail_en}" if detail_en else title_en
    return Flag(code, severity, ind, fy, quarter, table, column, th, en)


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class QuarterRecord:
    """A quarterly row as the flags need it (recorded values, not computed)."""

    quarter: int
    actual: float | None
    planned_cum: float | None
    evaluation_score: float | None
    has_report: bool


def indicator_flags(code: str, fiscal_year: int, facts: IndicatorFacts,
                    quarters: Sequence[QuarterRecord], result: IndicatorAchievement,
                    cfg: Settings = default_settings) -> list[Flag]:
    """Every flag of one indicator-year, from its recorded facts and computed achievement."""
    flags: list[Flag] = []

    def f(flag_code: str, quarter: int | None, table: str, column: str | None,
          detail_th: str = "", detail_en: str = "") -> None:
        flags.append(_flag(flag_code, code, fiscal_year, quarter, table, column, detail_th, detail_en))

    rows = sorted(quarters, key=lambda q: q.quarter)
    if result.read_as_percent:
        f("level_recorded_as_percent", None, "quarterly_results", "actual",
          detail_th=f"ผลงาน {', '.join(_num(q.actual) for q in rows)} บนมาตรา {facts.max_level or 5} ระดับ อ่านเป็นร้อยละของความสำเร็จ",
          detail_en=f"results {', '.join(_num(q.actual) for q in rows)} on a {facts.max_level or 5}-level scale read as percent of completion")
    if facts.target is None:
        f("target_missing", None, "indicators", "target")
    elif facts.target == 0:
        f("target_zero", None, "indicators", "target")
    if not rows:
        f("no_quarterly_results", None, "quarterly_results", None)
    reported = [q for q in rows if q.actual is not None]
    for prev, cur in zip(reported, reported[1:]):
        if facts.direction != "lower" and cur.actual < prev.actual:
            f("result_goes_down", cur.quarter, "quarterly_results", "actual",
              detail_th=f"ไตรมาส {prev.quarter} = {_num(prev.actual)} → ไตรมาส {cur.quarter} = {_num(cur.actual)}",
              detail_en=f"Q{prev.quarter} = {_num(prev.actual)} → Q{cur.quarter} = {_num(cur.actual)}")
    planned = [q for q in rows if q.planned_cum is not None]
    for prev, cur in zip(planned, planned[1:]):
        if cur.planned_cum <= prev.planned_cum:
            f("plan_not_increasing", cur.quarter, "quarterly_results", "planned_cum",
              detail_th=f"ไตรมาส {prev.quarter} = {_num(prev.planned_cum)} → ไตรมาส {cur.quarter} = {_num(cur.planned_cum)}",
              detail_en=f"Q{prev.quarter} = {_num(prev.planned_cum)} → Q{cur.quarter} = {_num(cur.planned_cum)}")
    last_plan = next((q for q in rows if q.quarter == 4 and q.planned_cum is not None), None)
    if last_plan is not None and abs(last_plan.planned_cum - 100) > 1e-9:
        f("plan_not_100", 4, "quarterly_results", "planned_cum",
          detail_th=f"{_num(last_plan.planned_cum)}", detail_en=f"{_num(last_plan.planned_cum)}")
    present = {q.quarter for q in rows}
    if rows:
        for q in (1, 2, 3, 4):
            if q not in present or next(r for r in rows if r.quarter == q).actual is None:
                f("quarter_not_reported", q, "quarterly_results", "actual")
    for q in reported:
        if not q.has_report:
            f("result_without_report", q.quarter, "quarterly_results", "report_th")
    if facts.target and facts.direction != "lower" and not result.read_as_percent:
        for q in reported:
            if q.actual > cfg.far_above_ratio * facts.target:
                f("result_far_above_target", q.quarter, "quarterly_results", "actual",
                  detail_th=f"{_num(q.actual)} เทียบกับเป้าหมาย {_num(facts.target)}",
                  detail_en=f"{_num(q.actual)} against target {_num(facts.target)}")
    q4 = next((q for q in rows if q.quarter == 4 and q.actual is not None), None)
    if q4 is not None and facts.achieved is not None and abs(q4.actual - facts.achieved) > 1e-9:
        f("annual_differs_q4", None, "indicators", "achieved",
          detail_th=f"ทั้งปี {_num(facts.achieved)} ไตรมาส 4 {_num(q4.actual)}",
          detail_en=f"annual {_num(facts.achieved)}, Q4 {_num(q4.actual)}")
    computed = {a.quarter: a for a in result.quarters}
    for q in rows:
        if is_placeholder_score(q.quarter, q.evaluation_score, facts.audited_quarter):
            f("score_not_yet_evaluated", q.quarter, "quarterly_results", "evaluation_score")
            continue
        a = computed.get(q.quarter)
        if q.evaluation_score is None or a is None or a.score_100 is None:
            continue
        if abs(q.evaluation_score - a.score_100) > cfg.score_tolerance:
            f("recorded_vs_computed", q.quarter, "quarterly_results", "evaluation_score",
              detail_th=f"บันทึก {_num(q.evaluation_score)} คำนวณ {_num(a.score_100)}",
              detail_en=f"recorded {_num(q.evaluation_score)}, computed {_num(a.score_100)}")
    return flags


def reference_flags(code: str, fiscal_year: int, agency_code: str | None,
                    strategy_code: str | None, agencies: set[str],
                    strategies: set[str]) -> list[Flag]:
    """Codes an indicator names that the agency list or strategy tree does not hold."""
    flags = []
    if agency_code is not None and agency_code not in agencies:
        flags.append(_flag("unknown_agency", code, fiscal_year, None, "indicators", "agency_code",
                           agency_code, agency_code))
    if strategy_code is not None and strategy_code not in strategies:
        flags.append(_flag("unknown_strategy", code, fiscal_year, None, "indicators",
                           "strategy_code", strategy_code, strategy_code))
    return flags


def make_flag(code: str, indicator_code: str | None, fiscal_year: int | None,
              quarter: int | None, table: str, column: str | None,
              detail_th: str = "", detail_en: str = "") -> Flag:
    """A flag raised outside this module (the importer's ``page_cut_short``)."""
    return _flag(code, indicator_code, fiscal_year, quarter, table, column, detail_th, detail_en)
