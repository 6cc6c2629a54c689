"""One table of worked cases for the judging rules of DESIGN §3, numbers worked by hand.

The Python reference (:func:`kpi_model.derive.derive`), the set-wise SQL
(:func:`kpi_model.store.scoring.derive_frames`) and the explanation (:mod:`kpi_model.explain`)
are all tested against this one table (``tests/model/test_rule_cases.py``): the rule each quarter and
year was judged by, its status and ratio, the flags raised, and the words an executive reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CLOSED = dt.date(2026, 12, 7)  # FY 2564 is long over: annual verdicts are met / not met
OPEN = dt.date(2021, 5, 1)  # within FY 2564 (Q3): annual verdicts are on track / behind


@dataclass(frozen=True)
class Case:
    """One indicator-year (FY 2564) and what must be computed of it.

    ``quarters``: (quarter, actual, extra result columns). ``expect_quarters``: quarter →
    (rule, status, ratio or None). ``expect_year``: (rule, status, ratio, score_5).
    ``flags``: (code, quarter, words in the Thai message). ``words_quarter``: quarter → words
    in the Thai formula of the explanation; ``words_year``: words in the year's formula."""

    name: str
    indicator: dict[str, Any]
    quarters: tuple[tuple[int, float | None, dict[str, Any]], ...]
    expect_quarters: dict[int, tuple[str, str, float | None]]
    expect_year: tuple[str, str, float | None, float | None]
    flags: tuple[tuple[str, int | None, str], ...] = ()
    setting: dict[str, Any] | None = None
    words_quarter: dict[int, str] = field(default_factory=dict)
    words_year: str = ""
    as_of: dt.date = CLOSED
    inferences_year: str | None = None


CASES: tuple[Case, ...] = (
    Case(
        # DESIGN §3: a satisfaction rate, target 90, results 0.10 / 97 / 98 / 99, Q1 "อยู่ระหว่างสรุปผล"
        "placeholder_before_the_first_result",
        {
            "name_th": "ร้อยละความพึงพอใจของผู้รับบริการ",
            "unit": "percent",
            "unit_th": "ร้อยละ",
            "target": 90.0,
            "achieved": 99.0,
        },
        (
            (1, 0.10, {"report_th": "อยู่ระหว่างสรุปผลการสำรวจความพึงพอใจ"}),
            (2, 97.0, {}),
            (3, 98.0, {}),
            (4, 99.0, {}),
        ),
        # Q2: 97/90 = 1.0778 ÷ 0.5 = 2.1556; Q3: 98/90 ÷ 0.75 = 1.4519; Q4: 99/90 = 1.1
        {
            1: ("not_yet_measured", "no_data", None),
            2: ("cum_higher", "met", 97 / 90 / 0.5),
            3: ("cum_higher", "met", 98 / 90 / 0.75),
            4: ("cum_higher", "met", 99 / 90),
        },
        ("higher", "met", 1.1, 5.0),
        flags=(("not_yet_measured", 1, "อยู่ระหว่างสรุปผล"), ("looks_like_snapshot", None, "ผลแรก 97")),
        words_quarter={1: "ยังไม่ได้วัดผล"},
        inferences_year="looks_like_snapshot",
    ),
    Case(
        "placeholder_decided_a_real_result",
        {
            "name_th": "ร้อยละความพึงพอใจของผู้รับบริการ",
            "unit": "percent",
            "unit_th": "ร้อยละ",
            "target": 90.0,
            "achieved": 99.0,
        },
        ((1, 0.10, {"report_th": "อยู่ระหว่างสรุปผลการสำรวจ"}), (2, 97.0, {})),
        # Q1: 0.10/90 = 0.00111 ÷ 0.25 = 0.00444: behind
        {1: ("cum_higher", "behind", 0.10 / 90 / 0.25), 2: ("cum_higher", "met", 97 / 90 / 0.5)},
        ("higher", "met", 1.1, 5.0),
        setting={"unmeasured_quarters": "none", "decisions": "not_yet_measured=otherwise"},
    ),
    Case(
        # a share of waste separated with a placeholder target of 0 and results 26 / 50
        "target_zero_is_a_placeholder",
        {
            "name_th": "ร้อยละของขยะที่คัดแยกได้",
            "unit": "other",
            "unit_th": "ผลลัพธ์",
            "target": 0.0,
            "achieved": 50.0,
            "direction_source": "inferred",
        },
        ((1, 26.0, {}), (2, 50.0, {})),
        {1: ("target_zero", "no_data", None), 2: ("target_zero", "no_data", None), 3: ("no_result", "no_data", None)},
        ("target_zero", "no_data", None, None),
        flags=(("target_zero", None, "ค่าเป้าหมาย ผลลัพธ์ : 0"),),
        words_quarter={1: "ยังไม่ได้กรอกค่าเป้าหมาย"},
        inferences_year="target_zero",
    ),
    Case(
        "target_zero_decided_none_at_all",
        {"name_th": "ร้อยละของขยะที่คัดแยกได้", "unit": "other", "unit_th": "ผลลัพธ์", "target": 0.0, "achieved": 50.0},
        ((1, 26.0, {}),),
        {1: ("lower_target_zero", "behind", 0.0)},
        ("lower_target_zero", "not_met", 0.0, 0.0),
        setting={"direction": "lower", "decisions": "target_zero=otherwise"},
    ),
    Case(
        # DESIGN §3: a target of 0 with a lower word: met by 0, behind at 2
        "lower_with_target_zero",
        {
            "name_th": "จำนวนอุบัติเหตุ ไม่เกิน 0 ครั้ง",
            "unit": "count",
            "unit_th": "ครั้ง",
            "target": 0.0,
            "achieved": 2.0,
            "direction": "lower",
            "direction_source": "inferred",
        },
        ((1, 0.0, {}), (2, 2.0, {})),
        {1: ("lower_target_zero", "met", 1.0), 2: ("lower_target_zero", "behind", 0.0)},
        ("lower_target_zero", "not_met", 0.0, 0.0),
        flags=(("direction_inferred", None, "ไม่เกิน"),),
        inferences_year="direction_inferred",
    ),
    Case(
        # DESIGN §3 lower: ไม่เกิน 60, results 4 / 12 / 25 / 41: caps 15 / 30 / 45 / 60
        "lower_cumulative_cap",
        {
            "name_th": "จำนวนผู้ป่วย ไม่เกิน 60 ราย",
            "unit": "count",
            "unit_th": "ราย",
            "target": 60.0,
            "achieved": 41.0,
            "direction": "lower",
            "direction_source": "inferred",
        },
        ((1, 4.0, {}), (2, 12.0, {}), (3, 25.0, {}), (4, 41.0, {})),
        {
            1: ("cum_lower", "met", 3.75),
            2: ("cum_lower", "met", 2.5),
            3: ("cum_lower", "met", 1.8),
            4: ("cum_lower", "met", 60 / 41),
        },
        ("lower", "met", 60 / 41, 5.0),
        words_quarter={2: "เพดานสะสม 30"},
        words_year="60 ÷ ผลงานทั้งปี 41",
        inferences_year="direction_inferred",
    ),
    Case(
        # an annual result below 0 of a lower KPI: "0 or less", not "a result of 0"
        "lower_annual_below_zero",
        {
            "name_th": "จำนวนเรื่องร้องเรียน ไม่เกิน 5 เรื่อง",
            "unit": "count",
            "unit_th": "เรื่อง",
            "target": 5.0,
            "achieved": -2.0,
            "direction": "lower",
        },
        ((1, 1.0, {}),),
        {1: ("cum_lower", "met", 1.25)},
        ("lower_none_at_all", "met", 1.0, 5.0),
        words_year="ผลงาน -2 (0 หรือน้อยกว่า)",
    ),
    Case(
        # an annual 0 after Q3 = 66 with no final report: not a score of 0
        "annual_zero_not_reported",
        {"name_th": "จำนวนชุมชนที่ได้รับการพัฒนา", "unit": "count", "unit_th": "ชุมชน", "target": 100.0, "achieved": 0.0},
        ((1, 20.0, {}), (2, 45.0, {}), (3, 66.0, {})),
        {3: ("cum_higher", "on_track", 0.66 / 0.75), 4: ("no_result", "no_data", None)},
        ("annual_not_reported", "no_data", None, None),
        flags=(("annual_not_reported", None, "หลังไตรมาส 3 = 66"),),
        words_year="ถือว่ายังไม่รายงาน",
    ),
    Case(
        # a closed year's level 4 of 5: not met (on track only while the year is open)
        "closed_year_level_4_of_5",
        {
            "name_th": "ระดับความสำเร็จของการจัดทำแผน",
            "unit": "level",
            "unit_th": "ระดับ",
            "target": 5.0,
            "achieved": 4.0,
            "direction": "milestone",
            "max_level": 5,
        },
        ((1, 1.0, {}), (2, 2.0, {}), (3, 3.0, {}), (4, 4.0, {})),
        {4: ("cum_higher", "on_track", 0.8)},
        ("level", "not_met", 0.8, 4.0),
        words_year="สิ้นสุดแล้ว",
    ),
    Case(
        "open_year_level_4_of_5",
        {
            "name_th": "ระดับความสำเร็จของการจัดทำแผน",
            "unit": "level",
            "unit_th": "ระดับ",
            "target": 5.0,
            "achieved": 4.0,
            "direction": "milestone",
            "max_level": 5,
        },
        ((1, 1.0, {}), (2, 2.0, {}), (3, 3.0, {}), (4, 4.0, {})),
        {4: ("cum_higher", "on_track", 0.8)},
        ("level", "on_track", 0.8, 4.0),
        as_of=OPEN,
    ),
    Case(
        # completion in disguise: ระดับความสำเร็จ with the unit line "1 คลอง : 1", results 20/50/80/100
        "completion_in_disguise",
        {
            "name_th": "ระดับความสำเร็จของการขุดลอกคลอง",
            "unit": "level",
            "unit_th": "คลอง",
            "target": 1.0,
            "achieved": 100.0,
            "direction": "milestone",
        },
        ((1, 20.0, {}), (2, 50.0, {}), (3, 80.0, {}), (4, 100.0, {})),
        # Q1 0.20 ÷ 0.25 = 0.8 on track; Q3 0.8 ÷ 0.75 = 1.0667; the year: 100 / 100 of the work = 1
        # (the target, 1 คลอง, is no level: not level 5 ÷ 1); score_5 = the level reached, 5
        {
            1: ("completion", "on_track", 0.8),
            2: ("completion", "met", 1.0),
            3: ("completion", "met", 0.8 / 0.75),
            4: ("completion", "met", 1.0),
        },
        ("completion", "met", 1.0, 5.0),
        flags=(("level_recorded_as_percent", None, "20, 50, 80, 100"), ("max_level_assumed", None, "")),
        words_quarter={1: "ผลงาน 20 ÷ 100"},
        inferences_year="level_recorded_as_percent",
    ),
    Case(
        "completion_decided_otherwise",
        {
            "name_th": "ระดับความสำเร็จของการขุดลอกคลอง",
            "unit": "level",
            "unit_th": "คลอง",
            "target": 5.0,
            "achieved": 5.0,
            "direction": "milestone",
            "max_level": 5,
        },
        ((1, 10.0, {}),),
        # read as the level: 10 / 5 = 2 ÷ 0.25 = 8
        {1: ("cum_higher", "met", 8.0)},
        ("level", "met", 1.0, 5.0),
        setting={"decisions": "level_recorded_as_percent=otherwise"},
    ),
    Case(
        # BMA's placeholder run: 0 with 0 / 0 up to the audited quarter scored 0 is not yet evaluated
        "recorded_zero_run",
        {
            "name_th": "จำนวนโครงการที่แล้วเสร็จ",
            "unit": "count",
            "unit_th": "โครงการ",
            "target": 10.0,
            "achieved": 10.0,
            "audited_quarter": 2,
        },
        (
            (1, 3.0, {"evaluation_score": 0.0, "score_2_1": 0.0, "score_2_2": 0.0}),
            (2, 6.0, {"evaluation_score": 0.0, "score_2_1": 0.0, "score_2_2": 0.0, "evaluator_score": 0.0}),
            (3, 9.0, {"evaluation_score": 0.0}),
        ),
        {1: ("cum_higher", "met", 1.2), 2: ("cum_higher", "met", 1.2), 3: ("cum_higher", "met", 1.2)},
        ("higher", "met", 1.0, 5.0),
        flags=(
            ("recorded_zero_not_evaluated", 1, "สยป. ตรวจ (2)"),
            ("recorded_zero_not_evaluated", 2, ""),
            ("score_not_yet_evaluated", 3, ""),
        ),
    ),
    Case(
        # a 1–5 rating where 0 is impossible: Q1's 0 is not yet measured, with no word in the report
        "rating_scale_zero",
        {"name_th": "คะแนนความพึงพอใจเฉลี่ย", "unit": "other", "unit_th": "คะแนน", "target": 4.0, "achieved": 4.2},
        ((1, 0.0, {}), (2, 3.5, {}), (3, 3.8, {}), (4, 4.2, {})),
        {1: ("not_yet_measured", "no_data", None), 2: ("cum_higher", "met", 3.5 / 4 / 0.5)},
        ("higher", "met", 1.05, 5.0),
        flags=(("not_yet_measured", 1, "มาตราคะแนน 1–5"),),
        inferences_year="looks_like_snapshot",
    ),
    Case(
        # "ยังไม่สามารถดำเนินการได้" (the work could not be done): a real 0, judged
        "work_not_done_is_a_real_zero",
        {"name_th": "จำนวนกิจกรรมที่จัด", "unit": "count", "unit_th": "กิจกรรม", "target": 10.0, "achieved": 5.0},
        ((1, 0.0, {"report_th": "ยังไม่สามารถดำเนินการได้ เนื่องจากสถานการณ์ฉุกเฉิน"}), (2, 5.0, {})),
        {1: ("cum_higher", "behind", 0.0), 2: ("cum_higher", "met", 1.0)},
        ("higher", "not_met", 0.5, 2.5),
    ),
    Case(
        # 94.7 of 95 is 0.99684: written 0.997 beside "< 1.00", never "1.00 < 1.00 → not met"
        "a_year_just_short_is_written_with_a_third_decimal",
        {
            "name_th": "ร้อยละของเรื่องที่แก้ไขแล้วเสร็จ",
            "unit": "percent",
            "unit_th": "ร้อยละ",
            "target": 95.0,
            "achieved": 94.7,
        },
        ((4, 94.7, {}),),
        {4: ("cum_higher", "on_track", 94.7 / 95)},
        ("higher", "not_met", 94.7 / 95, 5 * 94.7 / 95),
        words_year="= 0.997; 0.997 < 1.00",
        inferences_year="looks_like_snapshot",  # its only result, Q4, is already 0.8 × the target
    ),
)
