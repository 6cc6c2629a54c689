from kpi_model.achievement import IndicatorFacts, QuarterFacts, achieve
from kpi_model.quality import FLAG_CHECKS, FLAG_CODES, QuarterRecord, flag_check, indicator_flags, reference_flags


def flags_of(facts, rows, reason=None):
    result = achieve(
        facts,
        [
            QuarterFacts(r.quarter, r.actual, r.planned_cum, r.evaluation_score, "รายงาน" if r.has_report else None)
            for r in rows
        ],
    )
    return indicator_flags("0402-0810", 2564, facts, rows, result, direction_reason=reason)


def codes(flags):
    return sorted(f.code for f in flags)


SEED = IndicatorFacts("level", "milestone", 5, 100, 5, audited_quarter=1)
SEED_ROWS = [QuarterRecord(q, a, None, 100, True) for q, a in ((1, 10), (2, 25), (3, 65), (4, 100))]


def test_seed_is_flagged_as_level_recorded_as_percent_and_recorded_vs_computed():
    flags = flags_of(SEED, SEED_ROWS)
    # recorded 100 against computed 40 (Q1) and 50 (Q2) and 86.7 (Q3): Q1–Q3 differ by > 10 points
    assert codes(flags) == [
        "level_recorded_as_percent",
        "recorded_vs_computed",
        "recorded_vs_computed",
        "recorded_vs_computed",
    ]
    level = next(f for f in flags if f.code == "level_recorded_as_percent")
    assert level.severity == "warning"
    assert "ร้อยละ" in level.message_th and "percent" in level.message_en
    assert [f.quarter for f in flags if f.code == "recorded_vs_computed"] == [1, 2, 3]


def test_result_that_goes_down_is_flagged_on_the_quarter_it_falls():
    rows = [
        QuarterRecord(1, 5, None, None, True),
        QuarterRecord(2, 8, None, None, True),
        QuarterRecord(3, 6, None, None, True),
        QuarterRecord(4, 9, None, None, True),
    ]
    flags = flags_of(IndicatorFacts("count", "higher", 10, 9), rows)
    down = [f for f in flags if f.code == "result_goes_down"]
    assert [(f.quarter, f.message_en) for f in down] == [(3, "cumulative result goes down: Q2 = 8 → Q3 = 6")]


def test_plan_faults_are_flagged():
    rows = [
        QuarterRecord(1, 1, 20, None, True),
        QuarterRecord(2, 2, 40, None, True),
        QuarterRecord(3, 3, 35, None, True),
        QuarterRecord(4, 4, 90, None, True),
    ]
    assert codes(flags_of(IndicatorFacts("count", "higher", 4, 4), rows)) == ["plan_not_100", "plan_not_increasing"]


def test_missing_target_unreported_quarter_and_result_without_report():
    rows = [QuarterRecord(1, 2, None, None, False), QuarterRecord(2, None, None, None, False)]
    got = codes(flags_of(IndicatorFacts("count", "higher", None, None), rows))
    assert got == [
        "quarter_not_reported",
        "quarter_not_reported",
        "quarter_not_reported",
        "result_without_report",
        "target_missing",
    ]


def test_target_zero_far_above_target_and_annual_unlike_q4():
    assert "target_zero" in codes(
        flags_of(IndicatorFacts("count", "higher", 0, 1), [QuarterRecord(4, 1, None, None, True)])
    )
    got = codes(flags_of(IndicatorFacts("count", "higher", 10, 30), [QuarterRecord(4, 45, None, None, True)]))
    assert "result_far_above_target" in got and "annual_differs_q4" in got


def test_zero_after_the_audited_quarter_reads_as_not_yet_evaluated():
    facts = IndicatorFacts("percent", "higher", 100, None, audited_quarter=1)
    rows = [QuarterRecord(1, 25, None, 100, True), QuarterRecord(2, 50, None, 0, True)]
    got = codes(flags_of(facts, rows))
    assert got.count("score_not_yet_evaluated") == 1 and "recorded_vs_computed" not in got


def test_unknown_agency_and_strategy():
    got = reference_flags("9999-0001", 2564, "9999", "8.1", {"0402"}, {"7"})
    assert [f.code for f in got] == ["unknown_agency", "unknown_strategy"]
    assert [f.code for f in reference_flags("0402-0001", 2564, "0402", None, {"0402"}, {"7"})] == ["no_strategy"]


def test_an_inferred_lower_direction_is_flagged_with_its_reason():
    facts = IndicatorFacts("count", "lower", 60, 41, direction_source="inferred")
    rows = [QuarterRecord(q, a, None, None, True) for q, a in ((1, 4), (2, 12), (3, 25), (4, 41))]
    flags = flags_of(facts, rows, ("พบคำว่า “ไม่เกิน” ในชื่อตัวชี้วัด", "“ไม่เกิน” (at most) in the name"))
    assert codes(flags) == ["direction_inferred"]
    assert flags[0].severity == "info" and "ไม่เกิน" in flags[0].message_th
    analyst = IndicatorFacts("count", "lower", 60, 41, direction_source="analyst")
    assert codes(flags_of(analyst, rows)) == []


def test_a_lower_target_of_zero_is_not_a_target_fault():
    facts = IndicatorFacts("count", "lower", 0, 0, direction_source="recorded")
    assert "target_zero" not in codes(flags_of(facts, [QuarterRecord(4, 0, None, None, True)]))


def test_a_rate_read_as_cumulative_is_flagged_for_review_not_switched():
    facts = IndicatorFacts("percent", "higher", 95, 99)
    rows = [QuarterRecord(q, a, None, None, True) for q, a in ((1, 96), (2, 98), (3, 97), (4, 99))]
    got = codes(flags_of(facts, rows))
    assert "looks_like_snapshot" in got and "result_goes_down" in got


def test_percent_recorded_as_completion_and_an_assumed_max_level_are_flagged():
    rows = [QuarterRecord(q, a, None, None, True) for q, a in ((1, 12), (2, 45), (3, 80), (4, 100))]
    flags = flags_of(IndicatorFacts("percent", "higher", 40, 100), rows)
    assert codes(flags) == ["recorded_as_completion"]
    assert "12, 45, 80, 100" in flags[0].message_en
    level = IndicatorFacts("level", "milestone", 5, 4, max_level=None)
    assert "max_level_assumed" in codes(flags_of(level, [QuarterRecord(4, 4, None, None, True)]))
    assert "max_level_assumed" not in codes(flags_of(SEED, SEED_ROWS))


def test_a_zero_after_a_result_with_no_report_is_flagged_not_reported_and_not_down():
    facts = IndicatorFacts("percent", "higher", 100, 56.66)
    rows = [
        QuarterRecord(1, 15, None, None, True),
        QuarterRecord(2, 57.5, None, None, True),
        QuarterRecord(3, 57.5, None, None, True),
        QuarterRecord(4, 0, None, None, False),
    ]
    flags = flags_of(facts, rows)
    assert codes(flags) == ["annual_differs_q4", "quarter_not_reported"]
    q4 = next(f for f in flags if f.code == "quarter_not_reported")
    assert q4.quarter == 4 and "not reported" in q4.message_en


def test_recorded_scores_in_the_same_band_are_not_flagged():
    facts = IndicatorFacts("count", "higher", 12, None, audited_quarter=2)
    # Q1 3/12 = 0.25 against 0.25 → met, recorded 100 → met; Q2 5/12 = 0.4167/0.5 = 0.833 → on track, recorded 90 → on track
    rows = [QuarterRecord(1, 3, None, 100, True), QuarterRecord(2, 5, None, 90, True)]
    assert "recorded_vs_computed" not in codes(flags_of(facts, rows))
    rows = [QuarterRecord(1, 3, None, 0, True)]
    assert "recorded_vs_computed" in codes(flags_of(facts, rows))


def test_every_flag_code_says_what_to_check_in_both_languages():
    assert set(FLAG_CHECKS) == set(FLAG_CODES)
    for code in FLAG_CODES:
        assert flag_check(code, "th") and flag_check(code, "en"), code


def test_every_flag_code_has_a_severity_and_both_languages():
    for code, (severity, th, en) in FLAG_CODES.items():
        assert severity in ("error", "warning", "info"), code
        assert th and en
