"""Data-quality flags: what is odd in the data, said in Thai and English, never fixed silently.

Severity ``error`` rejects an import; ``warning`` and ``info`` are kept and shown. Each flag
names the indicator-year (and quarter), the table and the column it is about.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kpi_model.achievement import (
    RATING_TOP,
    IndicatorAchievement,
    IndicatorFacts,
    is_rating_scale,
    looks_like_snapshot,
    not_measured_word,
)
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings

__all__ = [
    "FLAG_CHECKS",
    "FLAG_CODES",
    "Flag",
    "QuarterRecord",
    "flag_check",
    "flag_record",
    "indicator_flags",
    "make_flag",
    "reference_flags",
]

# code → (severity, Thai title, English title)
FLAG_CODES: dict[str, tuple[str, str, str]] = {
    "level_recorded_as_percent": ("warning", "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ", "level KPI recorded as percent"),
    "recorded_as_completion": (
        "warning",
        "ผลงานบันทึกเป็นร้อยละความสำเร็จของงาน",
        "result recorded as percent of completion",
    ),
    "result_goes_down": ("warning", "ผลงานสะสมลดลง", "cumulative result goes down"),
    "plan_not_increasing": ("warning", "แผนสะสมไม่เพิ่มขึ้น", "cumulative plan does not increase"),
    "plan_not_100": ("warning", "แผนไตรมาสสุดท้ายไม่เท่ากับ 100", "last plan is not 100"),
    "target_missing": ("warning", "ไม่มีค่าเป้าหมาย", "target missing"),
    "target_zero": ("warning", "ค่าเป้าหมายเป็นศูนย์", "target is zero"),
    "target_negative": ("warning", "ค่าเป้าหมายติดลบ", "target is negative"),
    "result_far_above_target": ("warning", "ผลงานสูงกว่าเป้าหมายมาก", "result far above target"),
    "quarter_not_reported": ("warning", "ไม่ได้รายงานผลไตรมาส", "quarter not reported"),
    "not_yet_measured": (
        "info",
        "ยังไม่ได้วัดผล (ค่าที่กรอกไว้ก่อนมีผลจริง)",
        "not yet measured (a placeholder before the first result)",
    ),
    "annual_not_reported": ("warning", "ไม่ได้รายงานผลทั้งปี", "annual result not reported"),
    "result_without_report": ("info", "มีผลงานแต่ไม่มีรายงานผล", "result without a report"),
    "annual_differs_q4": ("warning", "ผลงานทั้งปีไม่ตรงกับไตรมาส 4", "annual result differs from Q4"),
    "recorded_vs_computed": (
        "info",
        "ผลประเมินที่บันทึกกับผลที่คำนวณอยู่คนละระดับ",
        "recorded evaluation and computed status disagree",
    ),
    "score_not_yet_evaluated": (
        "info",
        "ยังไม่ได้ประเมิน (คะแนนศูนย์ที่ยังไม่ได้ตรวจ)",
        "not yet evaluated (a zero not yet audited)",
    ),
    "recorded_zero_not_evaluated": (
        "info",
        "คะแนน 0 ก่อนไตรมาสที่ตรวจ อ่านเป็นยังไม่ประเมิน",
        "a recorded 0 up to the audited quarter read as not yet evaluated",
    ),
    "fiscal_year_inferred": ("info", "ปีงบประมาณอนุมานจากวันที่ในหน้า", "fiscal year inferred from the page's dates"),
    "fiscal_year_disagrees": ("warning", "วันที่ในหน้าชี้ปีงบประมาณต่างกัน", "the page's dates point to different fiscal years"),
    "direction_inferred": ("info", "ทิศทาง “ยิ่งต่ำยิ่งดี” อนุมานจากข้อความ", "lower-is-better inferred from the wording"),
    "looks_like_snapshot": ("info", "ผลงานดูเหมือนอัตรา ไม่ใช่ค่าสะสม", "results look like a rate, not cumulative"),
    "max_level_assumed": ("warning", "ไม่พบจำนวนระดับ ถือว่ามี 5 ระดับ", "number of levels not given: 5 assumed"),
    "strategy_name_differs": ("info", "ชื่อยุทธศาสตร์ในหน้าต่างจากแผนยุทธศาสตร์", "strategy named differently from the tree"),
    "no_strategy": ("warning", "ไม่ระบุยุทธศาสตร์ที่สนับสนุน", "no strategy code"),
    "unknown_agency": ("warning", "ไม่พบรหัสหน่วยงาน", "unknown agency code"),
    "unknown_strategy": ("warning", "ไม่พบรหัสยุทธศาสตร์", "unknown strategy code"),
    "no_quarterly_results": ("info", "ไม่มีผลรายไตรมาส", "no quarterly results"),
    "duplicate_key": ("error", "คีย์ซ้ำ", "duplicate key"),
    "page_cut_short": ("warning", "หน้าข้อมูลถูกตัดสั้น", "page cut short"),
}

# code → (what to check, Thai; English): one line for a BMA analyst.
FLAG_CHECKS: dict[str, tuple[str, str]] = {
    "level_recorded_as_percent": (
        "ตรวจว่าหน่วยงานกรอกร้อยละความสำเร็จแทนระดับที่ทำได้ หากใช่ ให้แจ้งแก้เป็นระดับ 1–5",
        "Check whether the agency typed percent done instead of the level reached; if so, ask for the level 1–5.",
    ),
    "recorded_as_completion": (
        "ตรวจว่าผลงานเป็นร้อยละของงานที่ทำเสร็จ ไม่ใช่ค่าของตัวชี้วัด แล้วขอค่าจริงจากหน่วยงาน",
        "Check that the results are percent of the work done, not the KPI's own value, and ask the agency for the real value.",
    ),
    "result_goes_down": (
        "ผลงานสะสมไม่ควรลดลง ตรวจว่ากรอกผิดไตรมาส หรือตัวชี้วัดเป็นอัตรารายไตรมาส (ตั้งค่าเป็นแบบรายไตรมาส)",
        "A cumulative result should not fall: check for a typing slip, or whether this is a rate (set it to snapshot).",
    ),
    "plan_not_increasing": (
        "แผนสะสมต้องเพิ่มขึ้นทุกไตรมาส ตรวจแผนที่บันทึกหรือที่ตั้งค่าไว้",
        "A cumulative plan must rise every quarter: check the recorded or analyst plan.",
    ),
    "plan_not_100": (
        "แผนไตรมาส 4 ควรเป็นร้อยละ 100 ของเป้าหมาย ตรวจแผนที่บันทึกหรือที่ตั้งค่าไว้",
        "The Q4 plan should be 100 % of the target: check the recorded or analyst plan.",
    ),
    "target_missing": (
        "ไม่มีค่าเป้าหมาย จึงคำนวณผลไม่ได้ ขอค่าเป้าหมายจากหน่วยงาน",
        "Without a target nothing can be judged: ask the agency for it.",
    ),
    "target_zero": (
        "เป้าหมายเป็น 0 โดยไม่มีคำว่า “ไม่เกิน” จึงถือว่ายังไม่ได้กรอกและไม่ประเมิน ขอค่าเป้าหมายจากหน่วยงาน หรือยืนยันว่าหมายถึง “ไม่ให้เกิดเลย”",
        "A target of 0 with no “at most” word is read as a placeholder and not judged: ask the agency for the target, or decide that it means “none at all”.",
    ),
    "target_negative": (
        "เป้าหมายติดลบจึงคำนวณผลไม่ได้ ตรวจว่าหมายถึง “ลดลงร้อยละ …” หรือไม่ แล้วบันทึกเป็นค่าบวกพร้อมทิศทาง",
        "A negative target cannot be judged: check whether it means “reduce by …” and record it as a positive value with its direction.",
    ),
    "result_far_above_target": (
        "ผลงานเกิน 3 เท่าของเป้าหมาย ตรวจหน่วยและจุดทศนิยม",
        "The result is over three times the target: check the unit and the decimal point.",
    ),
    "quarter_not_reported": (
        "ไตรมาสนี้ไม่มีผลที่ใช้ได้ (ว่าง หรือ 0 โดยไม่มีรายงาน) ติดตามให้หน่วยงานรายงาน",
        "No usable result this quarter (blank, or 0 with no report): ask the agency to report.",
    ),
    "not_yet_measured": (
        "ค่านี้กรอกไว้ก่อนมีผลจริง (รายงานว่ายังไม่ได้วัดผล) จึงไม่นำมาประเมิน ยืนยันในคิวตรวจสอบ หรือแจ้งว่าเป็นผลจริง",
        "This value stands in before the first real result (the report says it is not yet measured), so it is not judged: confirm it in the review queue, or say it is a real result.",
    ),
    "annual_not_reported": (
        "ผลทั้งปีเป็น 0 หลังไตรมาสที่มีผลแล้ว และไม่มีรายงานผลไตรมาส 4 จึงถือว่ายังไม่รายงาน ติดตามผลทั้งปีจากหน่วยงาน",
        "The annual result is 0 after positive quarters with no final report, so it is read as not reported: ask the agency for the year's result.",
    ),
    "recorded_zero_not_evaluated": (
        "ระบบของ กทม. บันทึก 0 / 0 / 0 ทุกไตรมาสที่ยังไม่ประเมิน และคะแนน สยป. ของไตรมาสที่ตรวจเป็น 0 จึงอ่านเป็นยังไม่ประเมิน ยืนยันในคิวตรวจสอบ",
        "BMA writes 0 / 0 / 0 for every quarter not yet evaluated and the audit score is 0, so these zeros are read as not yet evaluated: confirm in the review queue.",
    ),
    "fiscal_year_inferred": (
        "หน้าไม่ระบุปีงบประมาณ ปีนี้อ่านจากวันที่ในรายงาน ยืนยันในคิวตรวจสอบ หรือนำเข้าอีกครั้งด้วย --fy",
        "The page does not print its fiscal year; it was read from the reports' dates: confirm it in the review queue, or import again with --fy.",
    ),
    "fiscal_year_disagrees": (
        "วันที่ในหน้าชี้ปีงบประมาณมากกว่าหนึ่งปี ใช้ปีที่พบมากที่สุด ตรวจว่าถูกต้อง หรือนำเข้าอีกครั้งด้วย --fy",
        "The page's dates point to more than one fiscal year and the most common was used: check it, or import again with --fy.",
    ),
    "result_without_report": (
        "มีตัวเลขผลงานแต่ไม่มีรายงานผลประกอบ ขอคำอธิบายจากหน่วยงาน",
        "A result with no narrative report: ask the agency what it rests on.",
    ),
    "annual_differs_q4": (
        "ผลงานทั้งปีควรเท่ากับผลสะสมไตรมาส 4 ตรวจว่าค่าใดถูกต้อง",
        "The annual result should equal the cumulative Q4 result: check which is right.",
    ),
    "recorded_vs_computed": (
        "ผลประเมินของ กทม. กับผลคำนวณเทียบแผนต่างกัน ตรวจแผนที่ใช้ ทิศทาง และผลงานที่บันทึก",
        "BMA's recorded evaluation and the computed status differ: check the plan used, the direction and the result.",
    ),
    "score_not_yet_evaluated": (
        "คะแนน 0 นี้ยังไม่ได้ตรวจประเมิน ไม่ใช่ผลที่ไม่ผ่าน รอผลการตรวจของ สยป.",
        "This 0 is not yet audited, not a failure: wait for the audit.",
    ),
    "direction_inferred": (
        "ระบบอนุมานว่ายิ่งต่ำยิ่งดีจากถ้อยคำ ยืนยันหรือแก้ทิศทางในหน้าตัวชี้วัด",
        "Lower-is-better was inferred from the wording: confirm or change it on the indicator page.",
    ),
    "looks_like_snapshot": (
        "ผลงานใกล้เป้าหมายตั้งแต่ไตรมาสแรกและแทบไม่เพิ่ม อาจเป็นอัตรารายไตรมาส หากใช่ ให้ตั้งค่าเป็นแบบรายไตรมาส",
        "Near the target from Q1 and barely rising: this may be a rate; if so, set it to snapshot.",
    ),
    "max_level_assumed": (
        "หน้าไม่ระบุเกณฑ์ระดับ จึงถือว่ามี 5 ระดับ ตรวจเกณฑ์ในวิธีการคำนวณ หรือกำหนดระดับสูงสุดในหน้าตัวชี้วัด",
        "The page lists no levels, so 5 is assumed: check the calculation method or set the top level.",
    ),
    "strategy_name_differs": (
        "ชื่อตามหน้าอยู่กับตัวชี้วัดนี้ แผนยุทธศาสตร์ไม่เปลี่ยน ตรวจว่าเป็นฉบับเดียวกัน จะเปลี่ยนชื่อให้นำเข้าแผนยุทธศาสตร์",
        "The page's name stays with this indicator and the tree keeps its own: check the edition; to rename, import the tree.",
    ),
    "no_strategy": (
        "ตัวชี้วัดไม่ระบุยุทธศาสตร์ จึงไม่ถูกนับในภาพรวมยุทธศาสตร์ ขอรหัสยุทธศาสตร์จากหน่วยงาน",
        "No strategy code, so the indicator counts in no branch: ask for its strategy code.",
    ),
    "unknown_agency": (
        "รหัสหน่วยงานไม่อยู่ในรายชื่อหน่วยงาน แสดงด้วยรหัสจนกว่าจะเพิ่มชื่อ เพิ่มหน่วยงานในตาราง agencies",
        "The agency code is not in the agency list and is shown by code: add it to the agencies table.",
    ),
    "unknown_strategy": (
        "รหัสยุทธศาสตร์ไม่อยู่ในแผน ตรวจรหัสหรือเพิ่มในตาราง strategies",
        "The strategy code is not in the tree: check it or add it to the strategies table.",
    ),
    "no_quarterly_results": (
        "ยังไม่มีผลรายไตรมาสเลย ติดตามให้หน่วยงานรายงาน",
        "No quarterly result at all yet: ask the agency to report.",
    ),
    "duplicate_key": (
        "มีแถวซ้ำของตัวชี้วัดและปีเดียวกัน ลบแถวที่ซ้ำก่อนนำเข้า",
        "The same indicator-year appears twice: remove the duplicate before importing.",
    ),
    "page_cut_short": (
        "สำเนาหน้าถูกตัดก่อนจบ นำเข้าเท่าที่มี ดึงหน้าเต็มจากระบบของ กทม. อีกครั้ง",
        "The page copy ends early and was imported as far as it goes: fetch the whole page again.",
    ),
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


def flag_check(code: str, lang: str = "th") -> str:
    """The one line that tells an analyst what to check for ``code`` ("" if unknown)."""
    th, en = FLAG_CHECKS.get(code, ("", ""))
    return en if lang == "en" else th


def flag_record(flag: Flag) -> dict:
    """The flag as a row (a plain copy of its fields; dataclasses.asdict is ten times slower)."""
    return dict(flag.__dict__)


def _flag(
    code: str,
    ind: str | None,
    fy: int | None,
    quarter: int | None,
    table: str,
    column: str | None,
    detail_th: str = "",
    detail_en: str = "",
) -> Flag:
    severity, title_th, title_en = FLAG_CODES[code]
    th = f"{title_th}: {detail_th}" if detail_th else title_th
    en = f"{title_en}: {detail_en}" if detail_en else title_en
    return Flag(code, severity, ind, fy, quarter, table, column, th, en)


HUGE = 1e15  # past this a number is written in exponent form: '6.88e+297', not 298 digits


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    if abs(v) >= HUGE:
        return f"{v:.3g}"
    text = f"{v:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class QuarterRecord:
    """A quarterly row as the flags need it (recorded values, not computed)."""

    quarter: int
    actual: float | None
    planned_cum: float | None
    evaluation_score: float | None
    has_report: bool
    report: str | None = None


def _plan_points(facts: IndicatorFacts, rows: Sequence[QuarterRecord]) -> list[tuple[int, float]]:
    """(quarter, cumulative %) of the plan in force: the analyst's where set, else recorded."""
    if any(p is not None for p in facts.analyst_plan):
        return [(q, p) for q, p in zip((1, 2, 3, 4), facts.analyst_plan) if p is not None]
    return [(q.quarter, q.planned_cum) for q in rows if q.planned_cum is not None]


def indicator_flags(
    code: str,
    fiscal_year: int,
    facts: IndicatorFacts,
    quarters: Sequence[QuarterRecord],
    result: IndicatorAchievement,
    cfg: Settings = default_settings,
    direction_reason: tuple[str, str] | None = None,
) -> list[Flag]:
    """Every flag of one indicator-year, from its facts (analyst settings applied) and its
    computed achievement. ``direction_reason`` (Thai, English) says why a direction was
    inferred."""
    flags: list[Flag] = []

    def f(
        flag_code: str, quarter: int | None, table: str, column: str | None, detail_th: str = "", detail_en: str = ""
    ) -> None:
        flags.append(_flag(flag_code, code, fiscal_year, quarter, table, column, detail_th, detail_en))

    rows = sorted(quarters, key=lambda q: q.quarter)
    computed = {a.quarter: a for a in result.quarters}
    shown = ", ".join(_num(q.actual) for q in rows)
    if result.read_as_completion and facts.unit == "level":
        f(
            "level_recorded_as_percent",
            None,
            "quarterly_results",
            "actual",
            detail_th=f"ผลงาน {shown} บนเกณฑ์ {facts.top_level} ระดับ อ่านเป็นร้อยละของความสำเร็จ (ค่าที่บันทึกคงไว้)",
            detail_en=f"results {shown} on a {facts.top_level}-level scale read as percent of completion (recorded values kept)",
        )
    elif result.read_as_completion:
        f(
            "recorded_as_completion",
            None,
            "quarterly_results",
            "actual",
            detail_th=f"ผลงาน {shown} เทียบเป้าหมายร้อยละ {_num(facts.target)} อ่านเป็นร้อยละของงานที่ทำเสร็จ (ค่าที่บันทึกคงไว้)",
            detail_en=f"results {shown} against a {_num(facts.target)} % target read as percent of completion (recorded values kept)",
        )
    if facts.unit == "level" and facts.top_level_source == "assumed":
        f("max_level_assumed", None, "indicators", "max_level")
    if facts.direction == "lower" and facts.direction_source == "inferred":
        th, en = direction_reason or ("", "")
        f("direction_inferred", None, "indicators", "direction", th, en)
    if facts.target is None:
        f("target_missing", None, "indicators", "target")
    elif facts.target == 0 and facts.direction != "lower":
        unit = (facts.unit_th or "").strip()
        line = f"ค่าเป้าหมาย {unit} : 0" if unit else "ค่าเป้าหมาย : 0"
        f("target_zero", None, "indicators", "target", line, line)
    elif facts.target < 0:
        f("target_negative", None, "indicators", "target", _num(facts.target), _num(facts.target))
    if not rows:
        f("no_quarterly_results", None, "quarterly_results", None)
    judged = [(q, computed[q.quarter]) for q in rows if q.quarter in computed]
    reported = [q for q, a in judged if a.actual is not None]
    if facts.accumulation == "cumulative":
        for prev, cur in itertools.pairwise(reported):
            if cur.actual is not None and prev.actual is not None and cur.actual < prev.actual:
                f(
                    "result_goes_down",
                    cur.quarter,
                    "quarterly_results",
                    "actual",
                    detail_th=f"ไตรมาส {prev.quarter} = {_num(prev.actual)} → ไตรมาส {cur.quarter} = {_num(cur.actual)}",
                    detail_en=f"Q{prev.quarter} = {_num(prev.actual)} → Q{cur.quarter} = {_num(cur.actual)}",
                )
    if not (facts.accumulation == "snapshot" and not result.read_as_completion):
        points = _plan_points(facts, rows)
        column = "plan_q" if any(p is not None for p in facts.analyst_plan) else "planned_cum"
        table = "indicator_settings" if column == "plan_q" else "quarterly_results"
        for (pq, pp), (cq, cp) in itertools.pairwise(points):
            if cp <= pp:
                f(
                    "plan_not_increasing",
                    cq,
                    table,
                    column,
                    detail_th=f"ไตรมาส {pq} = {_num(pp)} → ไตรมาส {cq} = {_num(cp)}",
                    detail_en=f"Q{pq} = {_num(pp)} → Q{cq} = {_num(cp)}",
                )
        last = next((p for q, p in points if q == 4), None)
        if last is not None and abs(last - 100) > 1e-9:
            f("plan_not_100", 4, table, column, detail_th=_num(last), detail_en=_num(last))
    for q, qa in judged:
        if qa.not_yet_measured:
            th, en = _unmeasured_evidence(facts, q)
            f("not_yet_measured", q.quarter, "quarterly_results", "actual", th, en)
    if result.annual.not_reported:
        last_q, last_v = max((x.quarter, x.actual) for x in result.quarters if x.actual is not None and x.actual > 0)
        f(
            "annual_not_reported",
            None,
            "indicators",
            "achieved",
            detail_th=f"ทั้งปีบันทึก 0 หลังไตรมาส {last_q} = {_num(last_v)} และไม่มีรายงานไตรมาส 4",
            detail_en=f"annual 0 recorded after Q{last_q} = {_num(last_v)}, with no Q4 report",
        )
    if rows:
        for n in (1, 2, 3, 4):
            a = computed.get(n)
            if a is not None and a.not_yet_measured:
                continue
            if a is None or a.actual is None:
                rec = next((r for r in rows if r.quarter == n), None)
                if a is not None and a.not_reported and rec is not None:
                    f(
                        "quarter_not_reported",
                        n,
                        "quarterly_results",
                        "actual",
                        detail_th=f"บันทึก {_num(rec.actual)} หลังไตรมาสที่มีผลแล้ว และไม่มีรายงาน จึงถือว่าไม่ได้รายงาน (ค่าที่บันทึกคงไว้)",
                        detail_en=f"{_num(rec.actual)} recorded after a positive result, with no report: read as not reported (recorded value kept)",
                    )
                else:
                    f("quarter_not_reported", n, "quarterly_results", "actual")
    for q in reported:
        if not q.has_report:
            f("result_without_report", q.quarter, "quarterly_results", "report_th")
    if facts.target and facts.target > 0 and facts.direction != "lower" and not result.read_as_completion:
        for q in reported:
            if q.actual is not None and q.actual > cfg.far_above_ratio * facts.target:
                f(
                    "result_far_above_target",
                    q.quarter,
                    "quarterly_results",
                    "actual",
                    detail_th=f"{_num(q.actual)} เทียบกับเป้าหมาย {_num(facts.target)}",
                    detail_en=f"{_num(q.actual)} against target {_num(facts.target)}",
                )
    q4 = next((q for q in rows if q.quarter == 4 and q.actual is not None), None)
    if (
        facts.accumulation == "cumulative"
        and q4 is not None
        and q4.actual is not None
        and facts.achieved is not None
        and abs(q4.actual - facts.achieved) > 1e-9
    ):
        f(
            "annual_differs_q4",
            None,
            "indicators",
            "achieved",
            detail_th=f"ทั้งปี {_num(facts.achieved)} ไตรมาส 4 {_num(q4.actual)}",
            detail_en=f"annual {_num(facts.achieved)}, Q4 {_num(q4.actual)}",
        )
    if looks_like_snapshot(facts, [a.actual for _, a in judged]) and not result.read_as_completion:
        first = next((a.actual for _, a in judged if a.actual), None)
        f(
            "looks_like_snapshot",
            None,
            "indicators",
            "accumulation",
            detail_th=f"ผลแรก {_num(first)} เทียบเป้าหมาย {_num(facts.target)}",
            detail_en=f"first result {_num(first)} against target {_num(facts.target)}",
        )
    for q, a in judged:
        if a.zero_not_evaluated:
            f(
                "recorded_zero_not_evaluated",
                q.quarter,
                "quarterly_results",
                "evaluation_score",
                detail_th=f"บันทึก 0 ในไตรมาส {q.quarter} จนถึงไตรมาสที่ สยป. ตรวจ ({facts.audited_quarter}) ซึ่งได้ 0",
                detail_en=f"0 recorded in Q{q.quarter}, up to the audited quarter (Q{facts.audited_quarter}), which the audit scored 0",
            )
        elif a.recorded_status == "not_evaluated":
            f("score_not_yet_evaluated", q.quarter, "quarterly_results", "evaluation_score")
        elif a.bands_disagree:
            f(
                "recorded_vs_computed",
                q.quarter,
                "quarterly_results",
                "evaluation_score",
                detail_th=(
                    f"บันทึก {_num(q.evaluation_score)} ({STATUS_TH[a.recorded_status or '']}) "
                    f"คำนวณ {STATUS_TH[a.status]} (อัตราส่วน {_num(a.ratio)} เทียบแผน{PLAN_TH[a.plan_source]})"
                ),
                detail_en=(
                    f"recorded {_num(q.evaluation_score)} ({a.recorded_status}), computed {a.status} "
                    f"(ratio {_num(a.ratio)} against the {a.plan_source} plan)"
                ),
            )
    return flags


def _unmeasured_evidence(facts: IndicatorFacts, q: QuarterRecord) -> tuple[str, str]:
    """What says a quarter was not yet measured: the report's words, a rating scale, or the
    analyst's decision (Thai, English)."""
    if facts.unmeasured_quarters is not None:
        return f"บันทึก {_num(q.actual)} ตามที่นักวิเคราะห์กำหนด", f"{_num(q.actual)} recorded, as an analyst decided"
    word = not_measured_word(q.report)
    if word is not None:
        return f"บันทึก {_num(q.actual)} รายงานว่า “{word}”", f"{_num(q.actual)} recorded, the report says “{word}”"
    if is_rating_scale(facts):
        return (
            f"บันทึก {_num(q.actual)} บนมาตราคะแนน 1–{_num(RATING_TOP)} ซึ่งไม่มี 0",
            f"{_num(q.actual)} recorded on a 1–{_num(RATING_TOP)} rating scale, where 0 is impossible",
        )
    return f"บันทึก {_num(q.actual)}", f"{_num(q.actual)} recorded"


STATUS_TH = {
    "met": "บรรลุเป้าหมาย",
    "on_track": "ใกล้เป้าหมาย",
    "behind": "ต่ำกว่าเป้าหมาย",
    "no_data": "ไม่มีข้อมูล",
    "not_met": "ไม่บรรลุเป้าหมาย",
    "not_evaluated": "ยังไม่ประเมิน",
    "": "",
}
PLAN_TH = {"analyst": "ที่นักวิเคราะห์กำหนด", "recorded": "ที่บันทึก", "assumed": "สมมติเชิงเส้น", "target": "ค่าเป้าหมายรายไตรมาส"}


def reference_flags(
    code: str,
    fiscal_year: int,
    agency_code: str | None,
    strategy_code: str | None,
    agencies: set[str],
    strategies: set[str],
) -> list[Flag]:
    """Codes an indicator names that the agency list or strategy tree does not hold, and an
    indicator that names no strategy at all."""
    flags = []
    if agency_code is not None and agency_code not in agencies:
        flags.append(
            _flag("unknown_agency", code, fiscal_year, None, "indicators", "agency_code", agency_code, agency_code)
        )
    if strategy_code is None:
        flags.append(_flag("no_strategy", code, fiscal_year, None, "indicators", "strategy_code"))
    elif strategy_code not in strategies:
        flags.append(
            _flag(
                "unknown_strategy", code, fiscal_year, None, "indicators", "strategy_code", strategy_code, strategy_code
            )
        )
    return flags


def make_flag(
    code: str,
    indicator_code: str | None,
    fiscal_year: int | None,
    quarter: int | None,
    table: str,
    column: str | None,
    detail_th: str = "",
    detail_en: str = "",
) -> Flag:
    """A flag raised outside this module (the importer's ``page_cut_short``)."""
    return _flag(code, indicator_code, fiscal_year, quarter, table, column, detail_th, detail_en)
