"""The quarterly trend (kpi_model.trend, views.quarter_trend), worked by hand on
tests.factories.trend_tables: computed mean score and share behind beside BMA's recorded
evaluation, quarter by quarter."""

from __future__ import annotations

import math

import pytest

from kpi_model import views
from kpi_model.rollup import GroupSums
from kpi_model.store import Filters, Store
from kpi_model.trend import TrendSums, point, quarters_ending
from tests.factories import trend_tables


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("trend"))
    s.write(trend_tables(), note="trend")
    return s


def rows(frame):
    return {(int(r.fiscal_year), int(r.quarter)): r for r in frame.itertuples(index=False)}


def test_the_last_quarters_run_oldest_first_across_a_fiscal_year():
    assert quarters_ending(2567, 2, 3) == [(2566, 4), (2567, 1), (2567, 2)]
    assert len(quarters_ending(2567, 4)) == 8 and quarters_ending(2567, 4)[0] == (2566, 1)


def test_city_trend_worked_by_hand(store):
    trend = views.quarter_trend(store, 2565, 2, quarters=3)
    assert [(int(a), int(b)) for a, b in zip(trend["fiscal_year"], trend["quarter"])] == [
        (2564, 4),
        (2565, 1),
        (2565, 2),
    ]
    got = rows(trend)
    # FY 2564 Q4: 0402-0001 alone, 12 of 12 against a plan of 100 %: 100, met; BMA 100.
    q4 = got[(2564, 4)]
    assert (q4.indicator_count, q4.mean_score_100, q4.share_behind, q4.share_met) == (1, 100.0, 0.0, 1.0)
    assert (q4.evaluated, q4.recorded_mean_score, q4.recorded_share_behind) == (1, 100.0, 0.0)
    # FY 2565 Q1: 100 (weight 2), 90 (weight 1), no data (not averaged) → (200 + 90) / 3;
    # behind 0 of 3; BMA evaluated two: (2 × 100 + 80) / 3 = 93.33, none behind (80 is on track).
    q1 = got[(2565, 1)]
    assert q1.indicator_count == 3
    assert q1.mean_score_100 == pytest.approx(290 / 3)
    assert (q1.share_behind, q1.share_met) == (0.0, pytest.approx(1 / 3))
    assert q1.evaluated == 2
    assert q1.recorded_mean_score == pytest.approx(280 / 3)
    assert q1.recorded_share_behind == 0.0
    # FY 2565 Q2: 66.67 (weight 2), 100, 50 → (133.33 + 100 + 50) / 4 = 70.83; behind 2 of 3;
    # BMA evaluated one (70, behind): the placeholder 0 is not yet evaluated, not a 0.
    q2 = got[(2565, 2)]
    assert q2.mean_score_100 == pytest.approx((2 * 200 / 3 + 100 + 50) / 4)
    assert q2.share_behind == pytest.approx(2 / 3)
    assert (q2.evaluated, q2.recorded_mean_score, q2.recorded_share_behind) == (1, 70.0, 1.0)


def test_an_agency_trend_has_no_figures_where_it_holds_nothing_or_bma_evaluated_nothing(store):
    got = rows(views.quarter_trend(store, 2565, 2, Filters(agency_codes=("5047",)), quarters=3))
    empty = got[(2564, 4)]
    assert empty.indicator_count == 0 and empty.evaluated == 0
    assert all(
        v is None or math.isnan(v) for v in (empty.mean_score_100, empty.share_behind, empty.recorded_mean_score)
    )
    q1, q2 = got[(2565, 1)], got[(2565, 2)]
    assert q1.indicator_count == 1 and math.isnan(q1.mean_score_100) and q1.share_behind == 0.0  # no data, not 0
    assert (q2.mean_score_100, q2.share_behind) == (50.0, 1.0)
    assert q2.evaluated == 0 and math.isnan(q2.recorded_mean_score) and math.isnan(q2.recorded_share_behind)


def test_a_dimension_trend_narrows_to_its_branch(store):
    got = rows(views.quarter_trend(store, 2565, 2, Filters(strategy="7"), quarters=2))
    q2 = got[(2565, 2)]
    assert q2.indicator_count == 2
    assert q2.mean_score_100 == pytest.approx((2 * 200 / 3 + 100) / 3)
    assert q2.share_behind == 0.5


def test_a_recorded_score_above_100_counts_as_100_and_a_quarter_without_rows_has_no_figures():
    sums = TrendSums(
        GroupSums(2, 2.0, 150.0, 1, 0, 1, 0),
        evaluated=2,
        recorded_weight_sum=2.0,
        recorded_weighted_score_sum=150.0,
        recorded_behind=1,
    )
    p = point(2567, 1, sums)
    assert (p.mean_score_100, p.share_behind, p.recorded_mean_score, p.recorded_share_behind) == (75.0, 0.5, 75.0, 0.5)
    nothing = point(2567, 2, None)
    assert (nothing.indicator_count, nothing.mean_score_100, nothing.recorded_mean_score) == (0, None, None)


def test_the_trend_follows_the_city_each_dimension_with_indicators_then_each_agency(store):
    scopes = views.trend_scopes(store, 2565, 2)
    assert [s.key for s in scopes] == ["city", "strategy:2", "strategy:7", "agency:0402", "agency:5047"]
    by_key = {s.key: s for s in scopes}
    assert by_key["city"].filters == Filters()
    assert by_key["strategy:7"].filters == Filters(strategy="7")
    assert by_key["agency:5047"].filters == Filters(agency_codes=("5047",))
    assert by_key["agency:0402"].name_th == "สำนักงานการเจ้าหน้าที่"
    # the dimension's scope is the same trend as narrowing by hand (worked above)
    got = rows(views.quarter_trend(store, 2565, 2, by_key["strategy:7"].filters, quarters=2))
    assert got[(2565, 2)].indicator_count == 2 and got[(2565, 2)].share_behind == 0.5


def test_each_trend_choice_reads_in_the_readers_language(store):
    from kpi_model.labels import trend_scope_label

    words = {
        s.key: (
            trend_scope_label(s.kind, s.code, s.name_th, s.name_en),
            trend_scope_label(s.kind, s.code, s.name_th, s.name_en, "en"),
        )
        for s in views.trend_scopes(store, 2565, 2)
    }
    assert words["city"] == ("ทั้งเมือง (ทุกตัวชี้วัด)", "The whole city (every indicator)")
    assert words["strategy:7"] == ("ด้าน 7 การบริหารจัดการเมืองมหานคร", "Dimension 7 Management")
    assert words["agency:5047"] == ("5047 สำนักงานเขตบางนา", "5047 Bang Na District Office")
