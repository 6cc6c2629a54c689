import pytest

from kpi_model.rollup import GroupSums, finalise, rollup, sums_of


def test_weighted_mean_counts_only_scored_indicators():
    rows = [("7", 2.0, 100.0, "met"), ("7", None, 40.0, "behind"), ("7", 3.0, None, "no_data"),
            ("2", 1.0, 80.0, "on_track")]
    by_key = {r.key: r for r in rollup(rows)}
    seven = by_key[("7",)]
    # (2×100 + 1×40) / (2 + 1) = 80; the unscored weight-3 row does not count
    assert seven.mean_score_100 == pytest.approx(80.0)
    assert seven.indicator_count == 3
    assert (seven.share_met, seven.share_behind, seven.share_no_data) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert seven.share_on_track == 0
    assert by_key[("2",)].mean_score_100 == 80.0


def test_weight_changes_the_mean():
    heavy = rollup([("a", 9.0, 100.0, "met"), ("a", 1.0, 0.0, "behind")])[0]
    # (9×100 + 1×0) / 10 = 90
    assert heavy.mean_score_100 == pytest.approx(90.0)


def test_group_without_scores_has_no_mean_and_shares_add_to_one():
    r = finalise(("x",), sums_of([(1.0, None, "no_data"), (None, None, "no_data")]))
    assert r.mean_score_100 is None
    assert r.share_no_data == 1.0
    assert r.share_met + r.share_on_track + r.share_behind + r.share_no_data == 1.0


def test_empty_group_has_zero_shares():
    r = finalise((), GroupSums(0, 0.0, 0.0, 0, 0, 0, 0))
    assert r.indicator_count == 0 and r.mean_score_100 is None and r.share_met == 0.0


def test_target_against_actual_caps_progress_at_the_whole_target():
    # weights 1 and 3; progress 0.5 and 4.0 (capped to 1); plans 0.5 and 0.5
    r = finalise(("x",), sums_of([(None, 100.0, "met", 0.5, 0.5), (3.0, 100.0, "met", 4.0, 0.5),
                                  (1.0, None, "no_data", None, 0.5)]))
    assert r.mean_progress == pytest.approx((1 * 0.5 + 3 * 1.0) / 4)
    assert r.mean_plan == pytest.approx(0.5)
