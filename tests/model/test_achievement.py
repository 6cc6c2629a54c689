"""Numbers worked by hand; the seed indicator 0402-0810 FY 2564 is the first fixture."""

import pytest

from kpi_model.achievement import (
    AnalystSetting,
    IndicatorFacts,
    QuarterFacts,
    achieve,
    apply_setting,
    infer_direction,
    looks_like_snapshot,
    numeric_thresholds,
    plan_for,
    progress,
    quarter_ratio,
    reads_as_completion,
    recorded_band,
    remaining_to_target,
    score_5,
    score_100,
    status_of,
)
from kpi_model.config import Settings

SEED = IndicatorFacts(unit="level", direction="milestone", target=5, achieved=100, max_level=5, audited_quarter=1)
SEED_QUARTERS = [QuarterFacts(q, actual, None, 100) for q, actual in ((1, 10), (2, 25), (3, 65), (4, 100))]


def test_seed_level_recorded_as_percent_is_read_as_completion():
    result = achieve(SEED, SEED_QUARTERS)
    assert result.read_as_percent is True
    assert [q.progress for q in result.quarters] == pytest.approx([0.10, 0.25, 0.65, 1.00])


def test_seed_quarters_against_the_assumed_linear_plan():
    result = achieve(SEED, SEED_QUARTERS)
    # 0.10/0.25 = 0.4, 0.25/0.5 = 0.5, 0.65/0.75 = 0.8667, 1.0/1.0 = 1.0
    assert [q.plan for q in result.quarters] == [0.25, 0.5, 0.75, 1.0]
    assert {q.plan_source for q in result.quarters} == {"assumed"}
    assert [q.ratio for q in result.quarters] == pytest.approx([0.4, 0.5, 0.866667, 1.0], abs=1e-6)
    assert [q.score_100 for q in result.quarters] == pytest.approx([40.0, 50.0, 86.6667, 100.0], abs=1e-4)
    assert [q.status for q in result.quarters] == ["behind", "behind", "on_track", "met"]
    assert [q.recorded_score for q in result.quarters] == [100, 100, 100, 100]


def test_seed_annual_is_level_5_of_5():
    annual = achieve(SEED, SEED_QUARTERS).annual
    assert annual.level_reached == 5.0
    assert annual.ratio == 1.0
    assert annual.status == "met"
    assert annual.score_100 == 100.0
    assert annual.score_5 == 5.0


def test_recorded_plan_is_used_and_named():
    facts = IndicatorFacts("count", "higher", target=12, achieved=None)
    quarters = [
        QuarterFacts(1, 1.2, 5.0),
        QuarterFacts(2, 3.0, 35.0),
        QuarterFacts(3, 8.4, 70.0),
        QuarterFacts(4, 11.0, 100.0),
    ]
    result = achieve(facts, quarters)
    # progress 0.1, 0.25, 0.7, 0.9167; plan 0.05, 0.35, 0.70, 1.00
    assert [q.plan_source for q in result.quarters] == ["recorded"] * 4
    assert [q.ratio for q in result.quarters] == pytest.approx([2.0, 0.714286, 1.0, 0.916667], abs=1e-6)
    assert [q.score_100 for q in result.quarters] == pytest.approx([100.0, 71.4286, 100.0, 91.6667], abs=1e-4)
    assert [q.status for q in result.quarters] == ["met", "behind", "met", "on_track"]


def test_cumulative_lower_compares_the_cap_so_far_with_the_result():
    # DESIGN §3 worked example: "ไม่เกิน 60 ราย", cumulative 4 / 12 / 25 / 41
    facts = IndicatorFacts("count", "lower", target=60, achieved=41)
    quarters = [QuarterFacts(q, a, None, None, "รายงาน") for q, a in ((1, 4), (2, 12), (3, 25), (4, 41))]
    result = achieve(facts, quarters)
    # caps so far 0.25×60 = 15, 30, 45, 60 → 15/4 = 3.75, 30/12 = 2.5, 45/25 = 1.8, 60/41 = 1.4634
    assert [q.ratio for q in result.quarters] == pytest.approx([3.75, 2.5, 1.8, 1.463415], abs=1e-6)
    assert [q.status for q in result.quarters] == ["met"] * 4
    assert [q.score_100 for q in result.quarters] == [100.0] * 4
    # the year: 60 / 41
    assert result.annual.ratio == pytest.approx(1.463415, abs=1e-6)
    assert result.annual.status == "met"


def test_cumulative_lower_just_over_the_cap_so_far_is_on_track():
    facts = IndicatorFacts("count", "lower", target=60, achieved=None)
    result = achieve(facts, [QuarterFacts(1, 4.0), QuarterFacts(2, 31.0)])
    # 30 / 31 = 0.9677 → on track
    assert result.quarters[1].ratio == pytest.approx(0.967742, abs=1e-6)
    assert result.quarters[1].status == "on_track"
    assert result.quarters[1].score_100 == pytest.approx(96.7742, abs=1e-4)


def test_lower_above_its_annual_target_is_never_met_even_with_a_plan_over_100():
    facts = IndicatorFacts("percent", "lower", target=17, achieved=24.4, analyst_plan=(30, 60, 90, 120))
    result = achieve(facts, [QuarterFacts(4, 24.4)])
    # the cap never exceeds the year's: min(1.2, 1) × 17 = 17; 17 / 24.4 = 0.6967 → behind
    assert result.quarters[0].ratio == pytest.approx(0.696721, abs=1e-6)
    assert result.quarters[0].status == "behind"
    assert result.annual.ratio == pytest.approx(0.696721, abs=1e-6)
    assert result.annual.status == "behind"


def test_lower_with_target_zero_is_met_only_by_zero():
    facts = IndicatorFacts("count", "lower", target=0, achieved=2)
    result = achieve(facts, [QuarterFacts(1, 0.0), QuarterFacts(2, 2.0)])
    assert [q.ratio for q in result.quarters] == [1.0, 0.0]
    assert [q.status for q in result.quarters] == ["met", "behind"]
    assert result.annual.ratio == 0.0 and result.annual.status == "behind"
    assert quarter_ratio(0.0, 0.0, 0.25, "lower", "snapshot") == 1.0


def test_time_is_lower_and_the_year_divides_target_by_result():
    facts = IndicatorFacts("time", "lower", target=90, achieved=120)
    assert progress(120, 90, "lower") == pytest.approx(1.333333, abs=1e-6)  # share of the cap used
    result = achieve(facts, [QuarterFacts(2, 100.0)])
    # cap so far 0.5 × 90 = 45; 45 / 100 = 0.45 → behind
    assert result.quarters[0].ratio == pytest.approx(0.45)
    assert result.quarters[0].status == "behind"
    assert result.annual.ratio == 0.75
    assert result.annual.status == "behind"
    assert result.annual.score_5 == 3.75


def test_snapshot_rate_is_compared_with_the_target_every_quarter():
    # a complaint-resolution rate 96 / 98 / 97 / 99 against 95; then one dips to 93
    facts = IndicatorFacts(
        "percent", "higher", target=95, achieved=99, accumulation="snapshot", accumulation_source="analyst"
    )
    result = achieve(facts, [QuarterFacts(q, a) for q, a in ((1, 93.0), (2, 98.0), (3, 97.0), (4, 99.0))])
    # 93/95 = 0.9789 → on track (never met below the target); 98/95 = 1.0316 → met
    assert [q.ratio for q in result.quarters] == pytest.approx([0.978947, 1.031579, 1.021053, 1.042105], abs=1e-6)
    assert [q.status for q in result.quarters] == ["on_track", "met", "met", "met"]
    assert {q.plan_source for q in result.quarters} == {"target"}
    assert {q.plan for q in result.quarters} == {1.0}


def test_snapshot_lower_divides_target_by_result():
    facts = IndicatorFacts("percent", "lower", target=5, achieved=None, accumulation="snapshot")
    result = achieve(facts, [QuarterFacts(1, 4.0), QuarterFacts(2, 6.25)])
    # 5/4 = 1.25 → met; 5/6.25 = 0.8 → on track
    assert [q.ratio for q in result.quarters] == pytest.approx([1.25, 0.8])
    assert [q.status for q in result.quarters] == ["met", "on_track"]


def test_target_zero_gives_no_ratio_not_an_error():
    facts = IndicatorFacts("count", "higher", target=0, achieved=3)
    result = achieve(facts, [QuarterFacts(1, 3.0)])
    assert result.quarters[0].progress is None
    assert result.quarters[0].ratio is None
    assert result.quarters[0].status == "no_data"
    assert result.annual.ratio is None and result.annual.score_5 is None
    assert progress(0, 5, "lower") == 0.0


def test_a_percent_kpi_recorded_as_completion_is_read_on_that_scale():
    # a 40 % target recorded 12 / 45 / 80 / 100: climbs 88 ≥ 0.5 × 40 to ≥ 95
    facts = IndicatorFacts("percent", "higher", target=40, achieved=100)
    quarters = [QuarterFacts(q, a) for q, a in ((1, 12.0), (2, 45.0), (3, 80.0), (4, 100.0))]
    result = achieve(facts, quarters)
    assert result.read_as_completion is True
    assert [q.progress for q in result.quarters] == pytest.approx([0.12, 0.45, 0.80, 1.0])
    # 0.12/0.25 = 0.48, 0.45/0.5 = 0.9, 0.8/0.75 = 1.0667, 1/1 = 1
    assert [q.status for q in result.quarters] == ["behind", "on_track", "met", "met"]
    assert result.annual.ratio == 1.0


def test_a_real_rate_near_its_target_is_not_read_as_completion():
    facts = IndicatorFacts("percent", "higher", target=40, achieved=44)
    assert not reads_as_completion(facts, [35.0, 38.0, 41.0, 44.0])
    assert not reads_as_completion(IndicatorFacts("percent", "higher", 100, 100), [25.0, 50.0, 75.0, 100.0])


def test_a_zero_after_a_positive_result_without_a_report_is_not_reported():
    facts = IndicatorFacts("percent", "higher", target=100, achieved=56.66)
    quarters = [
        QuarterFacts(1, 15.0, report="ดำเนินการ"),
        QuarterFacts(2, 57.5, report="ดำเนินการ"),
        QuarterFacts(3, 56.66, report="ดำเนินการ"),
        QuarterFacts(4, 0.0, report=" - "),
    ]
    q4 = achieve(facts, quarters).quarters[3]
    assert q4.not_reported is True
    assert q4.actual is None and q4.ratio is None and q4.score_100 is None
    assert q4.status == "no_data"


def test_a_zero_with_a_report_or_before_any_result_is_a_result():
    facts = IndicatorFacts("count", "higher", target=10, achieved=None)
    first = achieve(facts, [QuarterFacts(1, 0.0)]).quarters[0]
    assert first.not_reported is False and first.status == "behind"
    reported = achieve(facts, [QuarterFacts(1, 2.0, report="x"), QuarterFacts(2, 0.0, report="ยกเลิกกิจกรรม")])
    assert reported.quarters[1].not_reported is False and reported.quarters[1].ratio == 0.0


def test_an_analysts_plan_leads_and_is_named():
    facts = apply_setting(SEED, AnalystSetting(plan=(10, 30, 70, 100)))
    result = achieve(facts, SEED_QUARTERS)
    # 0.10/0.10 = 1.0, 0.25/0.30 = 0.8333, 0.65/0.70 = 0.9286, 1.0/1.0 = 1.0
    assert [q.plan_source for q in result.quarters] == ["analyst"] * 4
    assert [q.ratio for q in result.quarters] == pytest.approx([1.0, 0.833333, 0.928571, 1.0], abs=1e-6)
    assert [q.status for q in result.quarters] == ["met", "on_track", "on_track", "met"]


def test_an_analysts_direction_and_accumulation_win_and_say_so():
    facts = IndicatorFacts("percent", "higher", 95, None, direction_source="inferred")
    set_ = apply_setting(facts, AnalystSetting(direction="lower", accumulation="snapshot", max_level=4))
    assert (set_.direction, set_.direction_source) == ("lower", "analyst")
    assert (set_.accumulation, set_.accumulation_source) == ("snapshot", "analyst")
    assert (set_.max_level, set_.max_level_source) == (4, "analyst")
    assert apply_setting(facts, AnalystSetting(note="ตรวจแล้ว")) == facts


def test_recorded_scores_are_bands():
    assert recorded_band(1, 100, 1) == "met"
    assert recorded_band(1, 90, 1) == "on_track"
    assert recorded_band(1, 0, 2) == "behind"
    assert recorded_band(3, 0, 2) == "not_evaluated"  # after the audited quarter
    assert recorded_band(2, 0, 2, audit_score=0) == "not_evaluated"  # on it, with a สยป. 0
    assert recorded_band(2, 0, 2, audit_score=100) == "behind"
    assert recorded_band(2, None, 2) is None


def test_the_seed_disagrees_with_bma_in_q1_to_q3_only():
    result = achieve(SEED, SEED_QUARTERS)
    assert [q.recorded_status for q in result.quarters] == ["met"] * 4
    assert [q.bands_disagree for q in result.quarters] == [True, True, True, False]


@pytest.mark.parametrize(
    "name, unit_th, target_text, unit, target, expected",
    [
        ("จำนวนผู้ป่วยโรคไข้เลือดออก ไม่เกิน 60 ราย", "ราย", None, "count", 60, "lower"),
        ("อัตราป่วยด้วยโรคไข้เลือดออก", "ต่อแสนประชากร", None, "other", 50, "lower"),
        ("จำนวนผู้เสียชีวิตจากอุบัติเหตุทางถนน", "ราย", None, "count", 100, "lower"),
        ("ความสามารถในการระบายน้ำ", "นาที", None, "time", 90, "lower"),
        ("จำนวนเรื่องร้องเรียนที่ค้าง", "เรื่อง", None, "count", 0, "higher"),  # a target of 0 alone: a placeholder (DESIGN §3)
        ("ร้อยละผู้ป่วย", "ไม่เกินร้อยละ", None, "percent", 5, "lower"),
        ("ร้อยละค่าใช้จ่าย", "ร้อยละ", "ไม่มากกว่า 5", "percent", 5, "lower"),
        ("ร้อยละความพึงพอใจ", "ร้อยละ", "ไม่ต่ำกว่า 80", "percent", 80, "higher"),
        ("อัตราการเกิดอุบัติเหตุลดลง", "ร้อยละ", "ไม่น้อยกว่า 10", "percent", 10, "higher"),
        ("พื้นที่สีเขียวที่เพิ่มขึ้น", "แห่ง", None, "count", 12, "higher"),
        ("ร้อยละความสำเร็จของโครงการ", "ร้อยละ", None, "percent", 100, "higher"),
        ("ระดับความสำเร็จของโครงการ", "ระดับ", None, "level", 5, "milestone"),
    ],
)
def test_direction_is_inferred_from_name_unit_and_target_line(name, unit_th, target_text, unit, target, expected):
    guess = infer_direction(name, unit_th, target_text, unit, target)
    assert guess.direction == expected
    assert guess.source == ("recorded" if unit == "level" else "inferred")
    assert guess.reason_th and guess.reason_en


def test_a_snapshot_looking_cumulative_result_is_only_flagged():
    facts = IndicatorFacts("percent", "higher", target=95, achieved=99)
    assert looks_like_snapshot(facts, [96.0, 98.0, 97.0, 99.0])
    assert not looks_like_snapshot(facts, [20.0, 45.0, 70.0, 96.0])
    assert not looks_like_snapshot(IndicatorFacts("percent", "higher", 95, 99, accumulation="snapshot"), [96.0, 99.0])


def test_missing_result_is_no_data_not_zero():
    facts = IndicatorFacts("percent", "higher", target=100, achieved=None)
    result = achieve(facts, [QuarterFacts(1, None), QuarterFacts(2, 40.0)])
    assert result.quarters[0].progress is None
    assert result.quarters[0].score_100 is None
    assert result.quarters[0].status == "no_data"
    assert result.quarters[1].score_100 == pytest.approx(80.0)
    assert result.annual.status == "no_data"


def test_result_that_goes_down_is_scored_as_recorded():
    facts = IndicatorFacts("count", "higher", target=10, achieved=4)
    result = achieve(facts, [QuarterFacts(2, 6.0), QuarterFacts(3, 4.0)])
    # 0.6/0.5 = 1.2 → met; 0.4/0.75 = 0.5333 → behind
    assert [q.status for q in result.quarters] == ["met", "behind"]
    assert result.quarters[1].ratio == pytest.approx(0.533333, abs=1e-6)


def test_score_100_is_capped_and_never_negative():
    assert score_100(2.0) == 100.0
    assert score_100(-0.5) == 0.0
    assert score_100(None) is None


def test_status_thresholds_are_settings():
    strict = Settings(met_ratio=1.1, on_track_ratio=0.95)
    assert status_of(1.0) == "met"
    assert status_of(1.0, strict) == "on_track"
    assert status_of(0.9, strict) == "behind"
    assert status_of(0.8) == "on_track"
    assert status_of(0.7999) == "behind"


def test_default_plan_is_a_setting():
    assert plan_for(2, None, Settings(default_plan=(0.1, 0.3, 0.6, 1.0))) == (0.3, "assumed")
    assert plan_for(2, 40.0) == (0.4, "recorded")
    assert plan_for(2, 40.0, analyst_cum=30.0) == (0.3, "analyst")


LEVELS = ("ผลสำเร็จร้อยละ 60", "ผลสำเร็จร้อยละ 70", "ผลสำเร็จร้อยละ 80", "ผลสำเร็จร้อยละ 90", "ผลสำเร็จร้อยละ 100")


def test_numeric_thresholds_interpolate_between_levels():
    facts = IndicatorFacts("percent", "higher", target=100, achieved=85, level_descriptions=LEVELS)
    assert numeric_thresholds(LEVELS) == (60, 70, 80, 90, 100)
    # 80 ≤ 85 < 90 → 3 + (85 − 80)/(90 − 80) = 3.5
    assert score_5(facts, 0.85, None) == 3.5
    assert score_5(IndicatorFacts("percent", "higher", 100, 120, level_descriptions=LEVELS), 1.2, None) == 5.0
    assert score_5(IndicatorFacts("percent", "higher", 100, 50, level_descriptions=LEVELS), 0.5, None) == 0.0


def test_falling_thresholds_are_mirrored_for_lower_indicators():
    levels = ("ไม่เกิน 120 นาที", "ไม่เกิน 110 นาที", "ไม่เกิน 100 นาที", "ไม่เกิน 90 นาที", "ไม่เกิน 80 นาที")
    facts = IndicatorFacts("time", "lower", target=80, achieved=95, level_descriptions=levels)
    # 100 ≥ 95 > 90 → 3 + (100 − 95)/(100 − 90) = 3.5
    assert score_5(facts, 80 / 95, None) == 3.5


def test_descriptions_without_one_number_each_are_not_thresholds():
    assert numeric_thresholds(("ศึกษา", "ประชาสัมพันธ์", "อบรม", "ประเมิน", "มอบเกียรติบัตร 1 และ 2")) is None
    assert numeric_thresholds(("1", "2", "2", "4", "5")) is None


def test_without_thresholds_score_5_is_five_times_the_capped_ratio():
    facts = IndicatorFacts("count", "higher", target=12, achieved=9)
    assert score_5(facts, 0.75, None) == 3.75
    assert score_5(facts, 2.4, None) == 5.0


def test_placeholder_zero_after_the_audited_quarter_is_not_a_score():
    facts = IndicatorFacts("percent", "higher", 100, None, audited_quarter=2)
    quarters = [QuarterFacts(1, 20.0, None, 80.0), QuarterFacts(2, 50.0, None, 0.0), QuarterFacts(3, 60.0, None, 0.0)]
    result = achieve(facts, quarters)
    assert [q.recorded_score for q in result.quarters] == [80.0, 0.0, None]
    assert [q.recorded_status for q in result.quarters] == ["on_track", "behind", "not_evaluated"]


def test_remaining_share_after_the_latest_quarter():
    result = achieve(SEED, SEED_QUARTERS[:3])
    assert remaining_to_target(result.quarters[-1].progress) == pytest.approx(0.35)
    assert remaining_to_target(None) is None


def test_a_ratio_that_is_exactly_the_threshold_in_decimals_reaches_it():
    # 0.6 / 0.75 = 0.8 exactly, but 0.7999999999999999 in floating point
    assert 0.6 / 0.75 < 0.8
    assert status_of(0.6 / 0.75) == "on_track"
    assert status_of(0.3 / 0.3) == "met"


def test_a_negative_target_is_never_judged():
    for direction, accumulation in (
        ("lower", "cumulative"),
        ("lower", "snapshot"),
        ("higher", "snapshot"),
        ("higher", "cumulative"),
    ):
        assert quarter_ratio(0.0, -1.0, 0.25, direction, accumulation) is None
        assert quarter_ratio(-5.0, -10.0, 1.0, direction, accumulation) is None
    facts = IndicatorFacts("count", "lower", target=-5, achieved=-3)
    assert achieve(facts, [QuarterFacts(1, -3.0)]).annual.status == "no_data"


def test_a_high_percent_target_reached_from_a_low_start_is_its_own_value():
    # a 96 % disbursement target reached 20 / 45 / 70 / 96: not percent of completion
    facts = IndicatorFacts("percent", "higher", target=96, achieved=96)
    assert not reads_as_completion(facts, [20.0, 45.0, 70.0, 96.0])
    result = achieve(facts, [QuarterFacts(4, 96.0)])
    assert result.quarters[0].status == "met"


def test_a_result_at_or_below_zero_is_within_any_cap():
    assert quarter_ratio(-2.0, 5.0, 0.5, "lower", "snapshot") == 1.0
    assert quarter_ratio(-1.0, 0.0, 0.5, "lower", "cumulative") == 1.0
