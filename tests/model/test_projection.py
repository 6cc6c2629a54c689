"""The year-end projection from the latest reported quarter, numbers worked by hand."""

import pytest

from kpi_model.projection import Projection, projection


def test_a_climbing_kpi_behind_its_plan_is_projected_short_of_its_target():
    # 30 % of a target of 200 reached where the plan says 50 %: 0.30 / 0.50 = 0.6 of the
    # target at the year's end, 0.6 × 200 = 120; still to do (1 − 0.30) × 200 = 140
    got = projection("share", plan=0.50, progress=0.30, actual=60.0, target=200.0)
    assert got.share == pytest.approx(0.6)
    assert got.value == pytest.approx(120.0)
    assert got.remaining == pytest.approx(140.0)


def test_a_climbing_kpi_ahead_of_its_plan_is_projected_past_its_target_with_nothing_left():
    # 1.2 of a target of 10 at a plan of 0.75: 1.2 / 0.75 = 1.6, × 10 = 16; nothing capped,
    # and nothing left to do (1 − 1.2 < 0 counts as 0)
    got = projection("share", plan=0.75, progress=1.2, actual=12.0, target=10.0)
    assert (got.share, got.value, got.remaining) == pytest.approx((1.6, 16.0, 0.0))


def test_a_cap_used_at_the_pace_of_the_plan_is_projected_under_it():
    # 12 used of a cap of 30 at a plan of 0.5: 12 / 0.5 = 24 at the year's end, 24 / 30 = 0.8
    # of the cap; 30 − 12 = 18 left under it
    got = projection("cap", plan=0.5, progress=0.4, actual=12.0, target=30.0)
    assert (got.value, got.share, got.remaining) == pytest.approx((24.0, 0.8, 18.0))


def test_a_cap_already_passed_is_projected_over_it_with_nothing_left():
    # 40 used of a cap of 30 at a plan of 0.75: 40 / 0.75 = 53.33…, 53.33 / 30 = 1.78; left max(0, 30 − 40) = 0
    got = projection("cap", plan=0.75, progress=None, actual=40.0, target=30.0)
    assert got.value == pytest.approx(53.3333, abs=1e-4)
    assert got.share == pytest.approx(1.7778, abs=1e-4)
    assert got.remaining == 0.0


def test_a_snapshot_kpi_has_no_projection():
    assert projection("target", plan=1.0, progress=0.9, actual=90.0, target=100.0) == Projection()


@pytest.mark.parametrize("mode", ["share", "cap"])
@pytest.mark.parametrize("plan", [0.0, None])
def test_without_a_plan_there_is_no_projection(mode, plan):
    assert projection(mode, plan=plan, progress=0.3, actual=3.0, target=10.0) == Projection()


def test_without_a_result_there_is_no_projection():
    assert projection("share", plan=0.5, progress=None, actual=None, target=10.0) == Projection()
    assert projection("cap", plan=0.5, progress=0.2, actual=None, target=10.0) == Projection()


def test_without_a_target_only_the_share_of_a_climbing_kpi_is_known():
    # read as percent of completion, progress needs no target: 0.40 / 0.80 = 0.5
    assert projection("share", plan=0.8, progress=0.4, actual=40.0, target=None) == Projection(None, 0.5, None)
    # a target of 0 scales to nothing, and leaves (1 − 0.4) × 0 = 0 to do
    assert projection("share", plan=0.8, progress=0.4, actual=40.0, target=0.0) == Projection(None, 0.5, 0.0)


def test_a_cap_of_zero_projects_the_result_but_no_share_of_it():
    # 2 used at a plan of 0.5: 2 / 0.5 = 4; a share of a cap of 0 has no meaning; left max(0, 0 − 2) = 0
    assert projection("cap", plan=0.5, progress=None, actual=2.0, target=0.0) == Projection(4.0, None, 0.0)
    assert projection("cap", plan=0.5, progress=None, actual=2.0, target=None) == Projection(4.0, None, None)
