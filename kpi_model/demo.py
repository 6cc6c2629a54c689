"""The embedded demo store: the real seed indicator as imported, plus synthetic indicators.

Synthetic rows are marked ``source = 'synthetic-demo'`` and cover every strategy dimension and
agency over FY 2564–2567, with the faults real BMA pages show (unreported quarters, results that
go down, a level recorded as 100, target 0, results far above target, an annual result unlike
Q4, placeholder zero scores). Deterministic: the same call writes the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi_model.achievement import plan_for, progress, ratio_of, score_100
from kpi_model.fiscal import format_thai_date, quarter_range
from kpi_model.schema import SOURCE_TABLES, coerce_frame, empty_frame

__all__ = ["SYNTHETIC_SOURCE", "SEED_FILE", "FISCAL_YEARS", "reference_tables", "demo_tables", "scale_tables"]

SYNTHETIC_SOURCE = "synthetic-demo"
REFERENCE = Path(__file__).resolve().parent / "reference"
SEED_FILE = REFERENCE / "seed_0402-0810.txt"
SEED_SOURCE = "000_95ba60cfabf6246c.txt"
FISCAL_YEARS = (2564, 2565, 2566, 2567)
INDICATORS_PER_AGENCY = 8


@dataclass(frozen=True)
class UnitKind:
    unit: str
    unit_th: str
    direction: str
    target_range: tuple[float, float]
    name_th: str
    name_en: str


UNIT_KINDS = (
    UnitKind("level", "ระดับ", "milestone", (5, 5), "ระดับความสำเร็จของการดำเนินงาน{t}", "Level of success of {e}"),
    UnitKind("percent", "ร้อยละ", "higher", (80, 100), "ร้อยละความสำเร็จของ{t}", "Percent success of {e}"),
    UnitKind("count", "แห่ง", "higher", (5, 60), "จำนวนพื้นที่ที่ดำเนินการ{t}", "Sites covered by {e}"),
    UnitKind("count", "จำนวนครั้ง", "higher", (2, 24), "จำนวนครั้งของการจัดกิจกรรม{t}", "Events held for {e}"),
    UnitKind("count", "คน", "higher", (200, 5000), "จำนวนผู้ได้รับประโยชน์จาก{t}", "People reached by {e}"),
    UnitKind("time", "นาที", "lower", (30, 120), "ระยะเวลาเฉลี่ยในการดำเนินการ{t}", "Average minutes taken for {e}"),
    UnitKind("money", "ล้านบาท", "higher", (5, 200), "มูลค่าการเบิกจ่ายงบประมาณ{t}", "Budget disbursed (million baht) for {e}"),
    UnitKind("percent", "ร้อยละ", "lower", (5, 20), "ร้อยละเรื่องร้องเรียนที่ค้างดำเนินการด้าน{t}", "Percent of complaints pending on {e}"),
    UnitKind("other", "ตร.ม.", "higher", (5, 15), "พื้นที่สีเขียวต่อประชากรจาก{t}", "Green area per person (sq m) from {e}"),
)
UNIT_WEIGHTS = (22, 30, 10, 8, 6, 6, 6, 6, 6)

TOPICS = {
    "1": [("การป้องกันยาเสพติดในชุมชน", "drug prevention in communities"), ("การลดอุบัติเหตุทางถนน", "road accident reduction"), ("การเตรียมความพร้อมรับอัคคีภัย", "fire preparedness")],
    "2": [("การเพิ่มพื้นที่สีเขียว", "adding green space"), ("การจัดการขยะมูลฝอย", "solid waste management"), ("การระบายน้ำท่วมขัง", "flood drainage")],
    "3": [("การดูแลผู้สูงอายุ", "elderly care"), ("การพัฒนาคุณภาพชีวิตคนพิการ", "quality of life of people with disabilities"), ("การบริการสาธารณสุขชุมชน", "community health services")],
    "4": [("การพัฒนาพื้นที่ตามผังเมือง", "development under the city plan"), ("การปรับปรุงทางเท้า", "footpath improvement")],
    "5": [("การมีส่วนร่วมของประชาชน", "public participation"), ("การเปิดเผยข้อมูลสาธารณะ", "open public data")],
    "6": [("การส่งเสริมอาชีพชุมชน", "community livelihoods"), ("การพัฒนาห้องสมุดและแหล่งเรียนรู้", "libraries and learning centres")],
    "7": [("การพัฒนาบุคลากร", "staff development"), ("การให้บริการประชาชนแบบดิจิทัล", "digital public services"), ("การบริหารงบประมาณ", "budget management")],
}
PLAN_PROFILES = ((25.0, 50.0, 75.0, 100.0), (5.0, 35.0, 70.0, 100.0), (20.0, 40.0, 80.0, 100.0), (10.0, 30.0, 60.0, 100.0))
REPORT_TEXTS = (
    ("จัดทำแผนปฏิบัติการและเสนอขออนุมัติโครงการ", "ผู้อำนวยการอนุมัติโครงการ"),
    ("ดำเนินกิจกรรมตามแผนในพื้นที่เป้าหมาย", "จัดประชุมคณะทำงาน"),
    ("ติดตามความก้าวหน้าและแก้ไขปัญหาอุปสรรค", "รายงานผู้บริหารทราบ"),
    ("สรุปผลการดำเนินงานและประเมินผลโครงการ", "ส่งรายงานสรุปผลถึงสำนักยุทธศาสตร์และประเมินผล"),
)


def reference_tables() -> dict[str, pd.DataFrame]:
    """BMA's agencies (departments, offices, 50 district offices) and the strategy tree."""
    agencies = pd.read_csv(REFERENCE / "agencies.csv", dtype=str, keep_default_na=False)
    strategies = pd.read_csv(REFERENCE / "strategies.csv", dtype=str, keep_default_na=False)
    return {"agencies": coerce_frame("agencies", agencies),
            "strategies": coerce_frame("strategies", strategies)}


def _seed_tables() -> dict[str, pd.DataFrame]:
    from kpi_model.importer.detail_page import parse_detail_page

    page = parse_detail_page(SEED_FILE.read_text(encoding="utf-8"), SEED_SOURCE)
    return {"indicators": pd.DataFrame([page.indicator]),
            "indicator_levels": pd.DataFrame(list(page.levels)),
            "quarterly_results": pd.DataFrame(list(page.quarters))}


def _report(rng: random.Random, fy: int, quarter: int) -> str:
    start, end = quarter_range(fy, quarter)
    day = start + (end - start) * rng.random()
    what, act = REPORT_TEXTS[quarter - 1]
    return f"{what} ({act} เมื่อวันที่ {format_thai_date(day)}) [ข้อมูลสมมุติสำหรับสาธิต]"


def _recorded_score(rng: random.Random, kind: UnitKind, target: float, actual: float,
                    quarter: int, plan: list[float] | None) -> float:
    """What an evaluator might have recorded: mostly the computed score rounded to 10,
    sometimes a flat 100 whatever the result (as real pages show)."""
    if rng.random() < 0.15:
        return 100.0
    prog = progress(actual, target, kind.direction, False)
    share, _ = plan_for(quarter, plan[quarter - 1] if plan else None)
    computed = score_100(ratio_of(prog, share))
    return 0.0 if computed is None else float(min(100, round(computed / 10) * 10))


def _synthetic(rng: random.Random) -> dict[str, list[dict]]:
    refs = reference_tables()
    agencies = refs["agencies"]["agency_code"].tolist()
    measures = refs["strategies"].query("depth == 4")["strategy_code"].tolist()
    indicators: list[dict] = []
    levels: list[dict] = []
    results: list[dict] = []
    for agency in agencies:
        for n in range(INDICATORS_PER_AGENCY):
            code = f"{agency}-{1100 + n:04d}"
            kind = rng.choices(UNIT_KINDS, UNIT_WEIGHTS)[0]
            strategy = rng.choice(measures)
            topic_th, topic_en = rng.choice(TOPICS[strategy.split(".")[0]])
            skill = rng.uniform(0.55, 1.25)
            weight = rng.choice((None, None, None, 1.0, 2.0, 3.0))
            itype = rng.choice(("strategic", "strategic", "routine"))
            thresholds = kind.unit == "percent" and kind.direction == "higher" and rng.random() < 0.4
            plan = rng.choice(PLAN_PROFILES) if rng.random() < 0.45 else None
            for fy in FISCAL_YEARS:
                lo, hi = kind.target_range
                target = float(round(rng.uniform(lo, hi))) if kind.unit != "level" else 5.0
                perf = max(0.2, min(1.6, skill + rng.gauss(0, 0.12)))
                actuals: list[float | None] = []
                for q in (1, 2, 3, 4):
                    share = (plan[q - 1] / 100 if plan else q / 4) * perf * rng.uniform(0.85, 1.1)
                    if kind.unit == "level":
                        value = float(min(5, max(0, round(5 * share))))
                    elif kind.direction == "lower":
                        value = round(target / max(0.3, min(1.5, perf)) * rng.uniform(0.9, 1.1), 2)
                    else:
                        value = round(target * share, 2)
                    actuals.append(value)
                for q in (2, 3, 4):  # cumulative results do not fall unless a fault is injected
                    if kind.direction != "lower" and actuals[q - 1] < actuals[q - 2]:
                        actuals[q - 1] = actuals[q - 2]
                fault = rng.random()
                audited = rng.choice((2, 3, 4, 4, 4)) if fy < FISCAL_YEARS[-1] else rng.choice((1, 2, 3))
                if fault < 0.03:
                    actuals[rng.randrange(1, 4)] = None  # quarter not reported
                elif fault < 0.05 and kind.direction != "lower":
                    actuals[2] = round((actuals[1] or 0) * 0.6, 2)  # result goes down
                elif fault < 0.06:
                    target = 0.0  # target 0
                elif fault < 0.075 and kind.direction != "lower":
                    actuals[3] = round(target * 4.5, 2)  # far above target
                elif fault < 0.09 and kind.unit == "level":
                    actuals = [20.0, 45.0, 70.0, 100.0]  # level recorded as percent
                quarter_plan = list(plan) if plan else None
                if quarter_plan and rng.random() < 0.04:
                    quarter_plan[rng.choice((2, 3))] = quarter_plan[1] - 5  # plan falls or ends short of 100
                achieved = actuals[3]
                if rng.random() < 0.03 and achieved is not None:
                    achieved = round(achieved * 0.9, 2)  # annual unlike Q4
                indicators.append({
                    "indicator_code": code, "fiscal_year": fy, "agency_code": agency,
                    "name_th": kind.name_th.format(t=topic_th), "name_en": kind.name_en.format(e=topic_en),
                    "indicator_type": itype, "result_level": rng.choice(("output", "outcome")),
                    "unit": kind.unit, "unit_th": kind.unit_th, "direction": kind.direction,
                    "target": target, "achieved": achieved,
                    "max_level": 5 if kind.unit == "level" else None, "weight": weight,
                    "strategy_code": strategy,
                    "definition": f"{kind.name_th.format(t=topic_th)} หมายถึง ผลการดำเนินงานตามแผนของหน่วยงาน (ข้อมูลสมมุติสำหรับสาธิต)",
                    "calculation": "ผลการดำเนินงานสะสม เทียบกับค่าเป้าหมายประจำปี",
                    "data_sources": "รายงานผลการดำเนินงานรายไตรมาสของหน่วยงาน",
                    "supporting_projects": f"โครงการ{topic_th}", "audited_quarter": audited,
                    "source": SYNTHETIC_SOURCE, "other_text": None,
                })
                if kind.unit == "level":
                    for lv in range(1, 6):
                        levels.append({"indicator_code": code, "fiscal_year": fy, "level": lv,
                                       "description": REPORT_TEXTS[min(lv, 4) - 1][0] if lv < 5 else "สรุปผลและรายงานผู้บริหาร"})
                elif thresholds:
                    for lv, pct in enumerate((60, 70, 80, 90, 100), start=1):
                        levels.append({"indicator_code": code, "fiscal_year": fy, "level": lv,
                                       "description": f"ผลสำเร็จร้อยละ {pct * target / 100:g}"})
                for q in (1, 2, 3, 4):
                    actual = actuals[q - 1]
                    score = None
                    if actual is not None and q <= audited:
                        score = _recorded_score(rng, kind, target, actual, q, quarter_plan)
                    elif q > audited:
                        score = 0.0  # placeholder zero after the audited quarter
                    results.append({
                        "indicator_code": code, "fiscal_year": fy, "quarter": q, "actual": actual,
                        "evaluation_score": score,
                        "score_2_1": score, "score_2_2": score if score is None else min(100.0, score + 0.0),
                        "evaluator_score": score if q == audited else None,
                        "planned_cum": quarter_plan[q - 1] if quarter_plan else None,
                        "report_th": _report(rng, fy, q) if actual is not None and rng.random() > 0.04 else None,
                    })
    return {"indicators": indicators, "indicator_levels": levels, "quarterly_results": results}


def demo_tables(seed: int = 2564) -> dict[str, pd.DataFrame]:
    """Every source table of the demo store (the seed indicator first)."""
    rng = random.Random(seed)
    synthetic = _synthetic(rng)
    seed_rows = _seed_tables()
    refs = reference_tables()
    out = dict(refs)
    for table in ("indicators", "indicator_levels", "quarterly_results"):
        frame = pd.concat([seed_rows[table], pd.DataFrame(synthetic[table])], ignore_index=True)
        out[table] = coerce_frame(table, frame)
    return {t: out[t] if t in out else empty_frame(t) for t in SOURCE_TABLES}


def scale_tables(tables: dict[str, pd.DataFrame], factor: int) -> dict[str, pd.DataFrame]:
    """The same shape ``factor`` times: copy k of an indicator gets the code
    '<agency>-<k><n>' so every copy is a distinct indicator of the same agency."""
    if factor <= 1:
        return tables
    out = dict(tables)
    for table in ("indicators", "indicator_levels", "quarterly_results"):
        frame = tables[table]
        copies = [frame]
        for k in range(1, factor):
            c = frame.copy()
            c["indicator_code"] = c["indicator_code"].str.replace("-", f"-{k}x", n=1, regex=False)
            copies.append(c)
        out[table] = pd.concat(copies, ignore_index=True)
    return out
