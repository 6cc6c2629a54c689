from kpi_model.achievement import IndicatorFacts, QuarterFacts, achieve
from kpi_model.quality import FLAG_CODES, QuarterRecord, indicator_flags, reference_flags


def flags_of(facts, rows):
    result = achieve(facts, [QuarterFacts(r.quarter, r.actual, r.planned_cum, r.evaluation_score) for r in rows])
    return indicator_flags("0402-0810", 2564, facts, rows, result)


def codes(flags):
    return sorted(f.code for f in flags)


SEED = IndicatorFacts("level", "milestone", 5, 100, 5, audited_quarter=1)
SEED_ROWS = [QuarterRecord(q, a, None, 100, True) for q, a in ((1, 10), (2, 25), (3, 65), (4, 100))]


def test_seed_is_flagged_as_level_recorded_as_percent_and_recorded_vs_computed():
    flags = flags_of(SEED, SEED_ROWS)
    # recorded 100 against computed 40 (Q1) and 50 (Q2) and 86.7 (Q3): Q1–Q3 differ by > 10 points
    assert codes(flags) == ["level_recorded_as_percent", "recorded_vs_computed", "recorded_vs_computed",
                            "recorded_vs_computed"]
    level = next(f for f in flags if f.code == "level_recorded_as_percent")
    assert level.severity == "warning"
    assert "ร้อยละ" in level.message_th and "percent" in level.message_en
    assert [f.quarter for f in flags if f.code == "recorded_vs_computed"] == [1, 2, 3]


def test_result_that_goes_down_is_flagged_on_the_quarter_it_falls():
    rows = [QuarterRecord(1, 5, None, None, True), QuarterRecord(2, 8, None, None, True),
            QuarterRecord(3, 6, None, None, True), QuarterRecord(4, 9, None, None, True)]
    flags = flags_of(IndicatorFacts("count", "higher", 10, 9), rows)
    down = [f for f in flags if f.code == "result_goes_down"]
    assert [(f.quarter, f.message_en) for f in down] == [(3, "cumulative result goes down: Q2 = 8 → Q3 = 6")]


def test_plan_faults_are_flagged():
    rows = [QuarterRecord(1, 1, 20, None, True), QuarterRecord(2, 2, 40, None, True),
            QuarterRecord(3, 3, 35, None, True), QuarterRecord(4, 4, 90, None, True)]
    assert codes(flags_of(IndicatorFacts("count", "higher", 4, 4), rows)) == ["plan_not_100", "plan_not_increasing"]


def test_missing_target_unreported_quarter_and_result_without_report():
    rows = [QuarterRecord(1, 2, None, None, False), QuarterRecord(2, None, None, None, False)]
    got = codes(flags_of(IndicatorFacts("count", "higher", None, None), rows))
    assert got == ["quarter_not_reported", "quarter_not_reported", "quarter_not_reported",
                   "result_without_report", "target_missing"]


def test_target_zero_far_above_target_and_annual_unlike_q4():
    assert "target_zero" in codes(flags_of(IndicatorFacts("count", "higher", 0, 1), [QuarterRecord(4, 1, None, None, True)]))
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


def test_every_flag_code_has_a_severity_and_both_languages():
    for code, (severity, th, en) in FLAG_CODES.items():
        assert severity in ("error", "warning", "info"), code
        assert th and en
