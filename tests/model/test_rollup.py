import pytest

from kpi_model.config import Settings
from kpi_model.rollup import GroupSums, behind_below, finalise, is_behind, rollup, sums_of


def test_weighted_mean_counts_only_scored_indicators():
    rows = [
        ("7", 2.0, 100.0, "met"),
        ("7", None, 40.0, "behind"),
        ("7", 3.0, None, "no_data"),
        ("2", 1.0, 80.0, "on_track"),
    ]
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
    r = finalise(
        ("x",),
        sums_of([(None, 100.0, "met", 0.5, 0.5), (3.0, 100.0, "met", 4.0, 0.5), (1.0, None, "no_data", None, 0.5)]),
    )
    assert r.mean_progress == pytest.approx((1 * 0.5 + 3 * 1.0) / 4)
    assert r.mean_plan == pytest.approx(0.5)


def test_a_group_is_behind_only_below_the_on_track_threshold():
    # default on_track_ratio 0.8: behind below 100 × 0.8 = 80 score points
    assert behind_below() == 80.0
    assert is_behind(79.9) is True
    assert is_behind(80.0) is False
    assert is_behind(80.0 - 1e-12) is False  # a floating-point hair under 80 is 80
    assert is_behind(100.0) is False


def test_a_group_without_a_score_is_never_behind():
    assert is_behind(None) is False
    assert is_behind(float("nan")) is False


def test_the_behind_threshold_follows_the_settings():
    cfg = Settings(on_track_ratio=0.9)
    # 100 × 0.9 = 90: 85 is behind here, not at the default 80
    assert behind_below(cfg) == pytest.approx(90.0)
    assert is_behind(85.0, cfg) is True
    assert is_behind(85.0) is False
