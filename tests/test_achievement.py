"""Numbers worked by hand; the seed indicator 0402-0810 FY 2564 is the first fixture."""

import pytest

from kpi_model.achievement import (
    IndicatorFacts, QuarterFacts, achieve, numeric_thresholds, plan_for, progress, remaining_to_target,
    score_100, score_5, status_of,
)
from kpi_model.config import Settings

SEED = IndicatorFacts(unit="level", direction="milestone", target=5, achieved=100, max_level=5,
                      audited_quarter=1)
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
    quarters = [QuarterFacts(1, 1.2, 5.0), QuarterFacts(2, 3.0, 35.0), QuarterFacts(3, 8.4, 70.0), QuarterFacts(4, 11.0, 100.0)]
    result = achieve(facts, quarters)
    # progress 0.1, 0.25, 0.7, 0.9167; plan 0.05, 0.35, 0.70, 1.00
    assert [q.plan_source for q in result.quarters] == ["recorded"] * 4
    assert [q.ratio for q in result.quarters] == pytest.approx([2.0, 0.714286, 1.0, 0.916667], abs=1e-6)
    assert [q.score_100 for q in result.quarters] == pytest.approx([100.0, 71.4286, 100.0, 91.6667], abs=1e-4)
    assert [q.status for q in result.quarters] == ["met", "behind", "met", "on_track"]


def test_lower_is_better_divides_target_by_actual():
    facts = IndicatorFacts("time", "lower", target=90, achieved=120)
    assert progress(120, 90, "lower") == 0.75
    result = achieve(facts, [QuarterFacts(2, 100.0)])
    # progress 90/100 = 0.9 against plan 0.5 → ratio 1.8
    assert result.quarters[0].ratio == pytest.approx(1.8)
    assert result.annual.ratio == 0.75
    assert result.annual.status == "behind"
    assert result.annual.score_5 == 3.75


def test_target_zero_gives_no_ratio_not_an_error():
    facts = IndicatorFacts("count", "higher", target=0, achieved=3)
    result = achieve(facts, [QuarterFacts(1, 3.0)])
    assert result.quarters[0].progress is None
    assert result.quarters[0].status == "no_data"
    assert result.annual.ratio is None and result.annual.score_5 is None
    assert progress(0, 5, "lower") is None


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


def test_remaining_share_after_the_latest_quarter():
    result = achieve(SEED, SEED_QUARTERS[:3])
    assert remaining_to_target(result.quarters[-1]) == pytest.approx(0.35)
    assert remaining_to_target(None) is None


def test_a_ratio_that_is_exactly_the_threshold_in_decimals_reaches_it():
    # 0.6 / 0.75 = 0.8 exactly, but 0.7999999999999999 in floating point
    assert 0.6 / 0.75 < 0.8
    assert status_of(0.6 / 0.75) == "on_track"
    assert status_of(0.3 / 0.3) == "met"
