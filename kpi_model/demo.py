"""The embedded demo store: the real seed indicator as imported, plus synthetic indicators.

Synthetic rows are marked ``source = 'synthetic-demo'`` and cover every strategy dimension and
agency over FY 2564–2567 with the variety real BMA pages have (DESIGN §3):

* lower-is-better KPIs whose Thai names say so ("… ไม่เกิน …", อัตราป่วย, เสียชีวิต, อุบัติเหตุ,
  ระยะเวลา, a target of 0), well under their cap, creeping over it, or above the target;
* rates compared with the target every quarter (96 / 98 / 97 / 99 against 95), recorded as
  cumulative like every page, a few of them set to ``snapshot`` by an analyst;
* percent KPIs recorded as percent of completion (a 40 % target recorded 12 / 45 / 80 / 100);
* level KPIs with and without their level descriptions;
* the faults real pages show (blank quarters, a 0 after a positive result with no report or
  "-", results that go down, a level recorded as 100, target 0, results far above target, an
  annual result unlike Q4, plans that fall or end short of 100, placeholder zero scores).

Every direction is read from the name and unit exactly as the importer reads a page
(:func:`~kpi_model.achievement.infer_direction`), so a name without a cue is ``higher`` and a
misleading cue is inferred wrongly, as it would be on import. Recorded evaluation scores are
BMA's bands (100 / 90 / 0), given as an evaluator who knows how each KPI reads would give them,
with some noise. The analysts' settings (``indicator_settings``) are synthetic too.
Deterministic: the same call writes the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pandas as pd

from kpi_model.achievement import IndicatorFacts, QuarterFacts, achieve, infer_direction
from kpi_model.fiscal import format_thai_date, quarter_range
from kpi_model.reference_data import REFERENCE_DIR, SYNTHETIC_SOURCE, reference_tables
from kpi_model.schema import SOURCE_TABLES, coerce_frame, empty_frame

__all__ = [
    "ANALYST",
    "FISCAL_YEARS",
    "SEED_FILE",
    "SYNTHETIC_SOURCE",
    "demo_tables",
    "reference_tables",
    "scale_tables",
]

ANALYST = "นักวิเคราะห์ (ตัวอย่าง)"
REFERENCE = REFERENCE_DIR  # the seed page ships beside the reference tables
SEED_FILE = REFERENCE / "seed_0402-0810.txt"
SEED_SOURCE = "000_95ba60cfabf6246c.txt"
FISCAL_YEARS = (2564, 2565, 2566, 2567)
INDICATORS_PER_AGENCY = 8


@dataclass(frozen=True)
class Name:
    """One way an indicator of a kind is named: Thai and English templates ({t}/{e}: a topic of
    the strategy; {x}: the target), the unit as written, and the range its target is drawn from."""

    th: str
    en: str
    unit_th: str
    target_range: tuple[float, float]


@dataclass(frozen=True)
class Kind:
    """A kind of indicator. ``behaviour`` says how its results are drawn; ``direction`` and
    ``accumulation`` say how it really reads (what an evaluator knows), which the page does not
    say: the store's direction is inferred from the name, its accumulation is the default."""

    key: str
    unit: str
    behaviour: str  # level | cumulative | cumulative_lower | snapshot | snapshot_lower | zero_target | completion
    direction: str
    accumulation: str
    names: tuple[Name, ...]
    weight: int


KINDS = (
    Kind(
        "level",
        "level",
        "level",
        "milestone",
        "cumulative",
        (Name("ระดับความสำเร็จของการดำเนินงาน{t}", "Level of success of {e}", "ระดับ", (5, 5)),),
        20,
    ),
    Kind(
        "percent",
        "percent",
        "cumulative",
        "higher",
        "cumulative",
        (Name("ร้อยละความสำเร็จของ{t}", "Percent success of {e}", "ร้อยละ", (80, 100)),),
        24,
    ),
    Kind(
        "sites",
        "count",
        "cumulative",
        "higher",
        "cumulative",
        (Name("จำนวนพื้นที่ที่ดำเนินการ{t}", "Sites covered by {e}", "แห่ง", (5, 60)),),
        8,
    ),
    Kind(
        "events",
        "count",
        "cumulative",
        "higher",
        "cumulative",
        (Name("จำนวนครั้งของการจัดกิจกรรม{t}", "Events held for {e}", "จำนวนครั้ง", (2, 24)),),
        6,
    ),
    Kind(
        "people",
        "count",
        "cumulative",
        "higher",
        "cumulative",
        (Name("จำนวนผู้ได้รับประโยชน์จาก{t}", "People reached by {e}", "คน", (200, 5000)),),
        5,
    ),
    Kind(
        "money",
        "money",
        "cumulative",
        "higher",
        "cumulative",
        (Name("มูลค่าการเบิกจ่ายงบประมาณ{t}", "Budget disbursed (million baht) for {e}", "ล้านบาท", (5, 200)),),
        5,
    ),
    Kind(
        "green",
        "other",
        "cumulative",
        "higher",
        "cumulative",
        (Name("พื้นที่สีเขียวต่อประชากรจาก{t}", "Green area per person (sq m) from {e}", "ตร.ม.", (5, 15)),),
        4,
    ),
    # A duration: lower is better (ระยะเวลา, a time unit), and an average, not cumulative.
    Kind(
        "duration",
        "time",
        "snapshot_lower",
        "lower",
        "snapshot",
        (
            Name("ระยะเวลาเฉลี่ยในการเข้าระงับเหตุอัคคีภัย", "Average minutes to reach a fire", "นาที", (8, 20)),
            Name(
                "ระยะเวลาเฉลี่ยในการให้บริการประชาชนที่สำนักงานเขต",
                "Average minutes to serve a visitor at the district office",
                "นาที",
                (15, 45),
            ),
            Name("ระยะเวลาเฉลี่ยในการออกใบอนุญาตก่อสร้างอาคาร", "Average days to issue a building permit", "วัน", (20, 45)),
        ),
        4,
    ),
    # A share still pending: "ไม่เกิน" in the name; a rate compared every quarter.
    Kind(
        "pending",
        "percent",
        "snapshot_lower",
        "lower",
        "snapshot",
        (
            Name(
                "ร้อยละเรื่องร้องเรียนด้าน{t}ที่ค้างดำเนินการ ไม่เกินร้อยละ {x}",
                "Percent of complaints on {e} still pending, at most {x} %",
                "ร้อยละ",
                (5, 20),
            ),
        ),
        3,
    ),
    # An illness rate, cumulative over the year, capped.
    Kind(
        "illness",
        "other",
        "cumulative_lower",
        "lower",
        "cumulative",
        (
            Name(
                "อัตราป่วยด้วยโรคไข้เลือดออก ไม่เกิน {x} ต่อประชากรแสนคน",
                "Dengue incidence, at most {x} per 100,000 people",
                "ต่อประชากรแสนคน",
                (50, 150),
            ),
            Name(
                "อัตราการป่วยด้วยโรคมือ เท้า ปาก ในเด็กเล็ก",
                "Hand, foot and mouth disease rate in young children",
                "ต่อประชากรแสนคน",
                (20, 80),
            ),
            Name("อัตราป่วยด้วยวัณโรครายใหม่", "New tuberculosis incidence", "ต่อประชากรแสนคน", (60, 160)),
        ),
        3,
    ),
    # Harm counted over the year, capped.
    Kind(
        "harm",
        "count",
        "cumulative_lower",
        "lower",
        "cumulative",
        (
            Name("จำนวนผู้เสียชีวิตจากอุบัติเหตุทางถนน", "Road traffic deaths", "คน", (10, 60)),
            Name("จำนวนผู้ป่วยโรคไข้เลือดออก ไม่เกิน {x} ราย", "Dengue cases, at most {x}", "ราย", (20, 80)),
            Name("จำนวนการเกิดอัคคีภัยในชุมชน ไม่เกิน {x} ครั้ง", "Fires in communities, at most {x}", "ครั้ง", (5, 30)),
            Name("จำนวนผู้บาดเจ็บจากอุบัติเหตุทางน้ำ", "People injured in water accidents", "คน", (5, 25)),
        ),
        4,
    ),
    # None at all is the target: lower only because the target is 0.
    Kind(
        "zero",
        "count",
        "zero_target",
        "lower",
        "cumulative",
        (
            Name("จำนวนเรื่องร้องเรียนที่ค้างเกินกำหนด ไม่เกิน 0 เรื่อง", "Complaints overdue: none at all", "เรื่อง", (0, 0)),
            Name(
                "จำนวนครั้งที่ระบบบริการออนไลน์หยุดให้บริการโดยไม่ได้แจ้งล่วงหน้า ไม่เกิน 0 ครั้ง",
                "Unannounced outages of online services: none at all",
                "ครั้ง",
                (0, 0),
            ),
        ),
        3,
    ),
    # Rates compared with the target every quarter; the page says nothing, so read as cumulative.
    Kind(
        "rate",
        "percent",
        "snapshot",
        "higher",
        "snapshot",
        (
            Name("ร้อยละความสำเร็จในการแก้ไขเรื่องร้องเรียน", "Percent of complaints resolved", "ร้อยละ", (95, 95)),
            Name("ร้อยละความพึงพอใจของผู้รับบริการด้าน{t}", "Percent of service users satisfied with {e}", "ร้อยละ", (80, 90)),
            Name(
                "ร้อยละของคำขออนุญาตที่ดำเนินการแล้วเสร็จภายในเวลาที่กำหนด",
                "Percent of permit requests completed on time",
                "ร้อยละ",
                (85, 95),
            ),
        ),
        6,
    ),
    # Percent KPIs recorded as percent of the work done (12 / 45 / 80 / 100 against 40 %).
    Kind(
        "completion",
        "percent",
        "completion",
        "higher",
        "cumulative",
        (Name("ร้อยละของชุมชนที่ผ่านเกณฑ์{t}", "Percent of communities meeting the standard for {e}", "ร้อยละ", (30, 60)),),
        3,
    ),
    # Higher is better, but the name holds อุบัติเหตุ: inferred lower, as the importer would.
    Kind(
        "blackspot",
        "count",
        "cumulative",
        "higher",
        "cumulative",
        (Name("จำนวนจุดเสี่ยงอุบัติเหตุที่ได้รับการแก้ไข", "Accident black spots fixed", "จุด", (5, 30)),),
        2,
    ),
)

TOPICS = {
    "1": [
        ("การป้องกันยาเสพติดในชุมชน", "drug prevention in communities"),
        ("การส่งเสริมความปลอดภัยทางถนน", "road safety"),
        ("การเตรียมความพร้อมรับอัคคีภัย", "fire preparedness"),
    ],
    "2": [
        ("การเพิ่มพื้นที่สีเขียว", "adding green space"),
        ("การจัดการขยะมูลฝอย", "solid waste management"),
        ("การระบายน้ำท่วมขัง", "flood drainage"),
    ],
    "3": [
        ("การดูแลผู้สูงอายุ", "elderly care"),
        ("การพัฒนาคุณภาพชีวิตคนพิการ", "quality of life of people with disabilities"),
        ("การบริการสาธารณสุขชุมชน", "community health services"),
    ],
    "4": [("การพัฒนาพื้นที่ตามผังเมือง", "development under the city plan"), ("การปรับปรุงทางเท้า", "footpath improvement")],
    "5": [("การมีส่วนร่วมของประชาชน", "public participation"), ("การเปิดเผยข้อมูลสาธารณะ", "open public data")],
    "6": [
        ("การส่งเสริมอาชีพชุมชน", "community livelihoods"),
        ("การพัฒนาห้องสมุดและแหล่งเรียนรู้", "libraries and learning centres"),
    ],
    "7": [
        ("การพัฒนาบุคลากร", "staff development"),
        ("การให้บริการประชาชนแบบดิจิทัล", "digital public services"),
        ("การบริหารงบประมาณ", "budget management"),
    ],
}
PLAN_PROFILES = (
    (25.0, 50.0, 75.0, 100.0),
    (5.0, 35.0, 70.0, 100.0),
    (20.0, 40.0, 80.0, 100.0),
    (10.0, 30.0, 60.0, 100.0),
)
ANALYST_PLANS = ((10.0, 40.0, 70.0, 100.0), (5.0, 25.0, 60.0, 100.0))
REPORT_TEXTS = (
    ("จัดทำแผนปฏิบัติการและเสนอขออนุมัติโครงการ", "ผู้อำนวยการอนุมัติโครงการ"),
    ("ดำเนินกิจกรรมตามแผนในพื้นที่เป้าหมาย", "จัดประชุมคณะทำงาน"),
    ("ติดตามความก้าวหน้าและแก้ไขปัญหาอุปสรรค", "รายงานผู้บริหารทราบ"),
    ("สรุปผลการดำเนินงานและประเมินผลโครงการ", "ส่งรายงานสรุปผลถึงสำนักยุทธศาสตร์และประเมินผล"),
)
SNAPSHOT_NOTE = "เป็นอัตรารายไตรมาส เทียบกับค่าเป้าหมายทุกไตรมาส ไม่ใช่ผลสะสม (ตั้งค่าสมมุติสำหรับสาธิต)"
PLAN_NOTE = "แผนสะสมรายไตรมาสตามแผนปฏิบัติราชการของหน่วยงาน (ตั้งค่าสมมุติสำหรับสาธิต)"
DIRECTION_NOTE = "ยิ่งแก้ไขจุดเสี่ยงได้มากยิ่งดี แม้ชื่อมีคำว่าอุบัติเหตุ (ตั้งค่าสมมุติสำหรับสาธิต)"
MAX_LEVEL_NOTE = "เกณฑ์ 5 ระดับตามเอกสารแนบของหน่วยงาน หน้าข้อมูลไม่ได้ระบุไว้ (ตั้งค่าสมมุติสำหรับสาธิต)"
SNAPSHOT_SETTING_SHARE = 0.15  # of the rates and durations an analyst has looked at
PLAN_SETTINGS_AT = (3, 11)  # the 3rd and 11th cumulative percent KPI without a recorded plan


def _seed_tables() -> dict[str, pd.DataFrame]:
    from kpi_model.importer.detail_page import parse_detail_page

    page = parse_detail_page(SEED_FILE.read_text(encoding="utf-8"), SEED_SOURCE)
    return {
        "indicators": pd.DataFrame([page.indicator]),
        "indicator_levels": pd.DataFrame(list(page.levels)),
        "quarterly_results": pd.DataFrame(list(page.quarters)),
    }


def _report(rng: random.Random, fy: int, quarter: int) -> str:
    start, end = quarter_range(fy, quarter)
    day = start + (end - start) * rng.random()
    what, act = REPORT_TEXTS[quarter - 1]
    return f"{what} ({act} เมื่อวันที่ {format_thai_date(day)}) [ข้อมูลสมมุติสำหรับสาธิต]"


def _set_at(rng: random.Random) -> str:
    """When an analyst set something: an ISO date-time (CE, Bangkok time) in 2024."""
    when = dt.datetime(2024, 1, 8, 9, 0) + dt.timedelta(days=rng.randrange(0, 300), minutes=rng.randrange(0, 8 * 60))
    return when.isoformat(timespec="minutes") + "+07:00"


def _setting(code: str, fy: int | None, note: str, rng: random.Random, **fields: object) -> dict:
    row: dict[str, object] = {
        "indicator_code": code,
        "fiscal_year": fy,
        "direction": None,
        "accumulation": None,
        "plan_q1": None,
        "plan_q2": None,
        "plan_q3": None,
        "plan_q4": None,
        "max_level": None,
        "weight": None,
    }
    row.update(fields)
    row.update({"note": note, "set_by": ANALYST, "set_at": _set_at(rng)})
    return row


def _cumulative(
    rng: random.Random, kind: Kind, target: float, perf: float, plan: tuple[float, ...] | None
) -> list[float | None]:
    """Results climbing toward the target along the plan (levels: the level reached)."""
    values: list[float | None] = []
    for q in (1, 2, 3, 4):
        share = (plan[q - 1] / 100 if plan else q / 4) * perf * rng.uniform(0.85, 1.1)
        if kind.unit == "level":
            values.append(float(min(5, max(0, round(5 * share)))))
        else:
            values.append(round(target * share, 2) if kind.unit != "count" else float(round(target * share)))
    for q in (1, 2, 3):  # cumulative results do not fall unless a fault is injected
        if values[q] < values[q - 1]:  # type: ignore[operator]
            values[q] = values[q - 1]
    return values


def _cumulative_lower(rng: random.Random, kind: Kind, target: float) -> list[float | None]:
    """A cap for the year: well under it (most), creeping over it late, or over it early."""
    scenario = rng.choices(("under", "creeping", "early"), (55, 30, 15))[0]
    final = {"under": rng.uniform(0.35, 0.9), "creeping": rng.uniform(1.02, 1.3), "early": rng.uniform(1.15, 1.8)}[
        scenario
    ]
    pace = {"under": (1, 1, 1, 1), "creeping": (0.6, 0.8, 1.2, 1.5), "early": (1.8, 1.2, 0.7, 0.5)}[scenario]
    steps = [p * rng.uniform(0.7, 1.3) for p in pace]
    total, run = sum(steps), 0.0
    out: list[float | None] = []
    for s in steps:
        run += s
        value = target * final * run / total
        out.append(float(round(value)) if kind.unit == "count" else round(value, 2))
    return out


def _snapshot(rng: random.Random, target: float) -> list[float | None]:
    """A rate around its target each quarter (96 / 98 / 97 / 99 against 95), some dipping below."""
    level = rng.gauss(2.0, 2.5)
    return [round(min(100.0, target + level + rng.gauss(0, 1.8)), 1) for _ in range(4)]


def _snapshot_lower(rng: random.Random, target: float, unit: str) -> list[float | None]:
    """An average or a share pending, each quarter: under the cap, near it, or drifting over."""
    level = rng.choice((rng.uniform(0.55, 0.85), rng.uniform(0.85, 1.05), rng.uniform(0.9, 1.25)))
    drift = rng.uniform(-0.08, 0.08)
    digits = 0 if unit == "time" and target >= 20 else 1
    return [round(target * level * (1 + drift * (q - 2.5)) * rng.uniform(0.95, 1.05), digits) for q in (1, 2, 3, 4)]


def _zero_target(rng: random.Random) -> list[float | None]:
    """Target 0: mostly none all year; sometimes a case or two from some quarter on."""
    if rng.random() < 0.65:
        return [0.0] * 4
    first, count = rng.randrange(0, 4), float(rng.randint(1, 3))
    return [0.0 if q < first else count + (rng.random() < 0.3) * (q - first) for q in range(4)]


def _completion(rng: random.Random, target: float) -> list[float | None]:
    """Mostly percent of the work done, climbing to 100; some years the KPI's own value."""
    if rng.random() < 0.25:
        share = rng.uniform(0.8, 1.15)
        return [round(target * share * q / 4 * rng.uniform(0.9, 1.05), 1) for q in (1, 2, 3, 4)]
    q4 = 100.0 if rng.random() < 0.7 else float(rng.randint(95, 99))
    return [float(rng.randint(5, 25)), float(rng.randint(30, 55)), float(rng.randint(60, 85)), q4]


def _recorded_score(rng: random.Random, status: str) -> float:
    """BMA's recorded evaluation for a quarter an evaluator judged ``status``: bands, not a
    formula (100 met, 90 on track, 0 behind), with the slips real pages show."""
    r = rng.random()
    if status == "met":
        return 100.0 if r < 0.97 else 90.0
    if status == "on_track":
        return 90.0 if r < 0.7 else 100.0
    if status == "behind":
        return 0.0 if r < 0.85 else 100.0
    return 0.0  # nothing to judge (a zero not reported): BMA records 0


def _synthetic(rng: random.Random) -> dict[str, list[dict]]:
    refs = reference_tables()
    agencies = refs["agencies"]["agency_code"].tolist()
    measures = refs["strategies"].query("depth == 4")["strategy_code"].tolist()
    indicators: list[dict] = []
    levels: list[dict] = []
    results: list[dict] = []
    settings: list[dict] = []
    plan_candidates = 0
    direction_set = max_level_set = False
    for agency in agencies:
        for n in range(INDICATORS_PER_AGENCY):
            code = f"{agency}-{1100 + n:04d}"
            kind = rng.choices(KINDS, [k.weight for k in KINDS])[0]
            name = rng.choice(kind.names)
            strategy = rng.choice(measures)
            topic_th, topic_en = rng.choice(TOPICS[strategy.split(".")[0]])
            skill = rng.uniform(0.55, 1.25)
            weight = rng.choice((None, None, None, 1.0, 2.0, 3.0))
            itype = rng.choice(("strategic", "strategic", "routine"))
            thresholds = kind.key == "percent" and rng.random() < 0.4
            has_levels = kind.unit != "level" or rng.random() < 0.8
            plan = rng.choice(PLAN_PROFILES) if rng.random() < 0.45 else None
            # The analyst's settings for this indicator (DESIGN §2 indicator_settings).
            setting: dict | None = None
            if kind.accumulation == "snapshot" and rng.random() < SNAPSHOT_SETTING_SHARE:
                fy_set = None if rng.random() < 0.7 else rng.choice(FISCAL_YEARS)
                setting = _setting(code, fy_set, SNAPSHOT_NOTE, rng, accumulation="snapshot")
            elif kind.key == "percent" and plan is None:
                plan_candidates += 1
                if plan_candidates in PLAN_SETTINGS_AT:
                    profile = ANALYST_PLANS[PLAN_SETTINGS_AT.index(plan_candidates)]
                    fy_set = None if plan_candidates == PLAN_SETTINGS_AT[0] else FISCAL_YEARS[-1]
                    setting = _setting(
                        code, fy_set, PLAN_NOTE, rng, **{f"plan_q{q}": p for q, p in zip((1, 2, 3, 4), profile)}
                    )
            elif kind.key == "blackspot" and not direction_set:
                direction_set = True
                setting = _setting(code, None, DIRECTION_NOTE, rng, direction="higher")
            elif kind.unit == "level" and not has_levels and not max_level_set:
                max_level_set = True
                setting = _setting(code, None, MAX_LEVEL_NOTE, rng, max_level=5)
            if setting is not None:
                settings.append(setting)
            for fy in FISCAL_YEARS:
                lo, hi = name.target_range
                target = float(round(rng.uniform(lo, hi)))
                if kind.behaviour == "completion":
                    target = float(rng.choice((30, 40, 40, 50, 60)))
                perf = max(0.2, min(1.6, skill + rng.gauss(0, 0.12)))
                if kind.behaviour in ("level", "cumulative"):
                    actuals = _cumulative(rng, kind, target, perf, plan)
                elif kind.behaviour == "cumulative_lower":
                    actuals = _cumulative_lower(rng, kind, target)
                elif kind.behaviour == "snapshot":
                    actuals = _snapshot(rng, target)
                elif kind.behaviour == "snapshot_lower":
                    actuals = _snapshot_lower(rng, target, kind.unit)
                elif kind.behaviour == "zero_target":
                    actuals = _zero_target(rng)
                else:
                    actuals = _completion(rng, target)
                climbs = kind.behaviour in ("level", "cumulative", "cumulative_lower", "completion")
                fault = rng.random()
                audited = rng.choice((2, 3, 4, 4, 4)) if fy < FISCAL_YEARS[-1] else rng.choice((1, 2, 3))
                unreported: set[int] = set()  # quarters recorded 0 with no report after a result
                if fault < 0.03:
                    actuals[rng.randrange(1, 4)] = None  # quarter left blank
                elif fault < 0.05 and kind.behaviour in ("level", "cumulative"):
                    actuals[2] = round((actuals[1] or 0) * 0.6, 2)  # result goes down
                elif fault < 0.06 and kind.behaviour != "zero_target":
                    target = 0.0  # target 0
                elif fault < 0.075 and kind.behaviour == "cumulative":
                    actuals[3] = round(target * 4.5, 2)  # far above target
                elif fault < 0.09 and kind.unit == "level":
                    actuals = [20.0, 45.0, 70.0, 100.0]  # level recorded as percent
                elif fault < 0.125 and climbs and (actuals[0] or 0) > 0:
                    first = rng.choice((1, 2, 3, 3))  # a 0 after a result, not reported
                    last = 3 if rng.random() < 0.6 else first
                    for i in range(first, last + 1):
                        actuals[i] = 0.0
                        unreported.add(i + 1)
                quarter_plan = list(plan) if plan else None
                if quarter_plan and rng.random() < 0.04:
                    quarter_plan[rng.choice((2, 3))] = quarter_plan[1] - 5  # plan falls or ends short of 100
                achieved = None if 4 in unreported else actuals[3]
                if rng.random() < 0.03 and achieved is not None:
                    achieved = round(achieved * 0.9, 2)  # annual unlike Q4
                name_th = name.th.format(t=topic_th, x=f"{target:g}")
                unit_th = name.unit_th
                guess = infer_direction(name_th, unit_th, None, kind.unit, target)
                level_texts: tuple[str, ...] = ()
                if kind.unit == "level" and has_levels:
                    level_texts = tuple(
                        REPORT_TEXTS[lv - 1][0] if lv < 5 else "สรุปผลและรายงานผู้บริหาร" for lv in range(1, 6)
                    )
                elif thresholds:
                    level_texts = tuple(f"ผลสำเร็จร้อยละ {pct * target / 100:g}" for pct in (60, 70, 80, 90, 100))
                for lv, text in enumerate(level_texts, start=1):
                    levels.append({"indicator_code": code, "fiscal_year": fy, "level": lv, "description": text})
                max_level = None if kind.unit != "level" or not has_levels else 5
                indicators.append(
                    {
                        "indicator_code": code,
                        "fiscal_year": fy,
                        "agency_code": agency,
                        "name_th": name_th,
                        "name_en": name.en.format(e=topic_en, x=f"{target:g}"),
                        "indicator_type": itype,
                        "result_level": rng.choice(("output", "outcome")),
                        "unit": kind.unit,
                        "unit_th": unit_th,
                        "direction": guess.direction,
                        "direction_source": guess.source,
                        "accumulation": "cumulative",
                        "accumulation_source": "default",
                        "target": target,
                        "achieved": achieved,
                        "max_level": max_level,
                        "max_level_source": None if kind.unit != "level" else ("page" if has_levels else "assumed"),
                        "weight": weight,
                        "strategy_code": strategy,
                        "definition": f"{name_th} หมายถึง ผลการดำเนินงานตามแผนของหน่วยงาน (ข้อมูลสมมุติสำหรับสาธิต)",
                        "calculation": (
                            "ผลการดำเนินงานรายไตรมาส เทียบกับค่าเป้าหมาย"
                            if kind.accumulation == "snapshot"
                            else "ผลการดำเนินงานสะสม เทียบกับค่าเป้าหมายประจำปี"
                        ),
                        "data_sources": "รายงานผลการดำเนินงานรายไตรมาสของหน่วยงาน",
                        "supporting_projects": f"โครงการ{topic_th}",
                        "audited_quarter": audited,
                        "source": SYNTHETIC_SOURCE,
                        "other_text": None,
                    }
                )
                reports = [
                    None if (q in unreported or actuals[q - 1] is None or rng.random() <= 0.04) else _report(rng, fy, q)
                    for q in (1, 2, 3, 4)
                ]
                for q in unreported:
                    reports[q - 1] = rng.choice((None, "-"))
                # What BMA's evaluator saw: the KPI as it really reads, against the recorded plan.
                judged = achieve(
                    IndicatorFacts(
                        kind.unit,
                        kind.direction,
                        target,
                        achieved,
                        max_level,
                        level_texts,
                        audited,
                        accumulation=kind.accumulation,
                    ),
                    [
                        QuarterFacts(
                            q, actuals[q - 1], quarter_plan[q - 1] if quarter_plan else None, None, reports[q - 1]
                        )
                        for q in (1, 2, 3, 4)
                    ],
                )
                for a in judged.quarters:
                    q = a.quarter
                    actual = actuals[q - 1]
                    score = None
                    if q > audited:
                        score = 0.0  # placeholder zero after the audited quarter
                    elif actual is not None:
                        score = _recorded_score(rng, a.status)
                    results.append(
                        {
                            "indicator_code": code,
                            "fiscal_year": fy,
                            "quarter": q,
                            "actual": actual,
                            "evaluation_score": score,
                            "score_2_1": score,
                            "score_2_2": score,
                            "evaluator_score": score if q == audited else None,
                            "planned_cum": quarter_plan[q - 1] if quarter_plan else None,
                            "report_th": reports[q - 1],
                        }
                    )
    return {
        "indicators": indicators,
        "indicator_levels": levels,
        "quarterly_results": results,
        "indicator_settings": settings,
    }


def demo_tables(seed: int = 2564) -> dict[str, pd.DataFrame]:
    """Every source table of the demo store (the seed indicator first), with the analysts'
    settings (``indicator_settings``)."""
    rng = random.Random(seed)
    synthetic = _synthetic(rng)
    seed_rows = _seed_tables()
    refs = reference_tables()
    out = dict(refs)
    for table in ("indicators", "indicator_levels", "quarterly_results"):
        frame = pd.concat([seed_rows[table], pd.DataFrame(synthetic[table])], ignore_index=True)
        out[table] = coerce_frame(table, frame)
    out["indicator_settings"] = coerce_frame("indicator_settings", pd.DataFrame(synthetic["indicator_settings"]))
    _showcase(out)
    return {t: out[t] if t in out else empty_frame(t) for t in SOURCE_TABLES}


#: Reports of quarters not yet measured, as real pages word them (DESIGN §3 placeholders).
NOT_YET_REPORTS = (
    "อยู่ระหว่างสรุปผลการสำรวจความพึงพอใจ [ข้อมูลสมมุติสำหรับสาธิต]",
    "ยังไม่มีคำรับรองการปฏิบัติราชการ จึงยังไม่สามารถรายงานผลได้ [ข้อมูลสมมุติสำหรับสาธิต]",
    "อยู่ระหว่างทอดแบบสอบถามผู้รับบริการ [ข้อมูลสมมุติสำหรับสาธิต]",
)
SHOWCASE_PLACEHOLDERS = 6  # percent KPIs of the latest year whose Q1 holds a placeholder
SHOWCASE_DISGUISED = 2  # level KPIs whose unit line names a thing (1 คลอง), recorded as completion


def _showcase(tables: dict[str, pd.DataFrame]) -> None:
    """The cases an analyst's review queue is for, in the synthetic rows (issue 22): Q1
    placeholders (0 or 0.10) with reports saying the work is not measured yet, in the latest
    year; level KPIs whose unit line is "คลอง" with a target of 1, recorded 20 / 45 / 70 / 100
    (completion in disguise). Placeholder targets of 0 and closed years not met come from the
    generator itself. Chosen by position, so the main generator's draws are unchanged."""
    ind, res = tables["indicators"], tables["quarterly_results"]
    synthetic = ind["source"] == SYNTHETIC_SOURCE
    latest = ind["fiscal_year"] == FISCAL_YEARS[-1]
    first = res[res["quarter"] == 1].set_index(["indicator_code", "fiscal_year"])["actual"]
    q1_actual = pd.Series(
        [first.get((c, y)) for c, y in zip(ind["indicator_code"], ind["fiscal_year"])], index=ind.index, dtype="Float64"
    )
    climbing = (q1_actual < 0.5 * ind["target"]).fillna(False)  # cumulative, not a rate near its target
    percent = ind.index[synthetic & latest & (ind["unit"] == "percent") & (ind["target"] > 0) & climbing]
    for n, i in enumerate(percent[:: max(1, len(percent) // SHOWCASE_PLACEHOLDERS)][:SHOWCASE_PLACEHOLDERS]):
        key = (res["indicator_code"] == ind.at[i, "indicator_code"]) & (res["fiscal_year"] == ind.at[i, "fiscal_year"])
        q1 = res.index[key & (res["quarter"] == 1)]
        res.loc[q1, "actual"] = 0.1 if n % 2 else 0.0
        res.loc[q1, "report_th"] = NOT_YET_REPORTS[n % len(NOT_YET_REPORTS)]
        res.loc[q1, ["evaluation_score", "score_2_1", "score_2_2"]] = 0.0
    levels = ind.index[synthetic & (ind["fiscal_year"] == FISCAL_YEARS[-2]) & (ind["unit"] == "level")]
    for i in levels[:: max(1, len(levels) // SHOWCASE_DISGUISED)][:SHOWCASE_DISGUISED]:
        ind.loc[i, "unit_th"] = "คลอง"
        ind.loc[i, "target"] = 1.0
        ind.loc[i, "achieved"] = 100.0
        key = (res["indicator_code"] == ind.at[i, "indicator_code"]) & (res["fiscal_year"] == ind.at[i, "fiscal_year"])
        for q, value in zip((1, 2, 3, 4), (20.0, 45.0, 70.0, 100.0)):
            res.loc[key & (res["quarter"] == q), "actual"] = value


def scale_tables(tables: dict[str, pd.DataFrame], factor: int) -> dict[str, pd.DataFrame]:
    """The same shape ``factor`` times: copy k of an indicator gets the code
    '<agency>-<k><n>' so every copy is a distinct indicator of the same agency (analysts'
    settings are copied with their indicators)."""
    if factor <= 1:
        return tables
    out = dict(tables)
    for table in ("indicators", "indicator_levels", "quarterly_results", "indicator_settings"):
        if table not in tables:
            continue
        frame = tables[table]
        copies = [frame]
        for k in range(1, factor):
            c = frame.copy()
            c["indicator_code"] = c["indicator_code"].str.replace("-", f"-{k}x", n=1, regex=False)
            copies.append(c)
        out[table] = pd.concat(copies, ignore_index=True)
    return out
