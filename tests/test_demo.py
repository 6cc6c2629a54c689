import pandas as pd
import pytest

from kpi_model.demo import SEED_FILE, SYNTHETIC_SOURCE, demo_tables, scale_tables
from kpi_model.store import Filters
from tests.conftest import shared_path


def test_the_embedded_seed_is_the_shared_seed_page():
    assert SEED_FILE.read_bytes() == shared_path("seeds", "000_95ba60cfabf6246c.txt").read_bytes()


def test_seed_indicator_has_exactly_the_seed_values(demo_store):
    ind = demo_store.select("indicators", Filters(indicator_codes=("0402-0810",)))
    assert len(ind) == 1
    row = ind.iloc[0]
    assert (row.fiscal_year, row.agency_code, row.unit, row.unit_th, row.target, row.achieved) == (2564, "0402", "level", "ระดับ", 5.0, 100.0)
    assert row.source == "000_95ba60cfabf6246c.txt"
    q = demo_store.select("quarterly_results", Filters(indicator_codes=("0402-0810",)), order_by=["quarter"])
    assert q["actual"].tolist() == [10.0, 25.0, 65.0, 100.0]
    assert q["evaluation_score"].tolist() == [100.0] * 4
    scores = demo_store.select("quarter_scores", Filters(indicator_codes=("0402-0810",)), order_by=["quarter"])
    assert scores["status"].tolist() == ["behind", "behind", "on_track", "met"]
    flags = demo_store.select("quality_flags", Filters(indicator_codes=("0402-0810",)))
    assert "level_recorded_as_percent" in set(flags["code"])


def test_synthetic_rows_are_marked_and_cover_every_dimension_agency_and_year(demo_store):
    ind = demo_store.read("indicators")
    synthetic = ind[ind.source == SYNTHETIC_SOURCE]
    assert len(synthetic) == len(ind) - 1
    assert set(synthetic["fiscal_year"]) == {2564, 2565, 2566, 2567}
    assert set(synthetic["agency_code"]) == set(demo_store.read("agencies")["agency_code"])
    assert {c.split(".")[0] for c in synthetic["strategy_code"]} == {"1", "2", "3", "4", "5", "6", "7"}
    assert 500 <= synthetic["indicator_code"].nunique() <= 700
    assert set(synthetic["unit"]) == {"level", "percent", "count", "time", "money", "other"}
    assert set(synthetic["direction"]) == {"higher", "lower", "milestone"}


def test_demo_has_fifty_district_offices_with_thai_names(demo_store):
    agencies = demo_store.read("agencies")
    districts = agencies[agencies.kind == "district"]
    assert len(districts) == 50
    assert districts["agency_code"].str.match(r"^50\d\d$").all()
    assert "สำนักงานเขตบางนา" in set(districts["name_th"])


def test_demo_shows_the_faults_real_pages_show(demo_store):
    codes = set(demo_store.read("quality_flags")["code"])
    for code in ("quarter_not_reported", "result_goes_down", "level_recorded_as_percent", "target_zero",
                 "result_far_above_target", "annual_differs_q4", "score_not_yet_evaluated",
                 "plan_not_increasing", "plan_not_100"):
        assert code in codes, code
    plans = demo_store.read("quarterly_results")["planned_cum"]
    assert plans.notna().any() and plans.isna().any()


def test_demo_is_deterministic():
    a, b = demo_tables(), demo_tables()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


@pytest.mark.parametrize("factor", [3])
def test_scale_multiplies_indicators_with_distinct_codes(factor):
    base = demo_tables()
    scaled = scale_tables(base, factor)
    assert len(scaled["quarterly_results"]) == factor * len(base["quarterly_results"])
    assert not scaled["indicators"][["indicator_code", "fiscal_year"]].duplicated().any()
    assert len(scaled["agencies"]) == len(base["agencies"])
