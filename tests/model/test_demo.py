import datetime as dt

import pandas as pd
import pytest

from kpi_model.demo import SEED_FILE, SYNTHETIC_SOURCE, demo_tables, scale_tables
from kpi_model.store import Filters
from tests.conftest import shared_path
from tests.stores import demo_copy


def test_the_embedded_seed_is_the_shared_seed_page():
    assert SEED_FILE.read_bytes() == shared_path("seeds", "000_95ba60cfabf6246c.txt").read_bytes()


def test_seed_indicator_has_exactly_the_seed_values(demo_store):
    ind = demo_store.select("indicators", Filters(indicator_codes=("0402-0810",)))
    assert len(ind) == 1
    row = ind.iloc[0]
    assert (row.fiscal_year, row.agency_code, row.unit, row.unit_th, row.target, row.achieved) == (
        2564,
        "0402",
        "level",
        "ระดับ",
        5.0,
        100.0,
    )
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
    for code in (
        "quarter_not_reported",
        "result_goes_down",
        "level_recorded_as_percent",
        "target_zero",
        "result_far_above_target",
        "annual_differs_q4",
        "score_not_yet_evaluated",
        "plan_not_increasing",
        "plan_not_100",
    ):
        assert code in codes, code
    plans = demo_store.read("quarterly_results")["planned_cum"]
    assert plans.notna().any() and plans.isna().any()


def test_demo_is_deterministic():
    a, b = demo_tables(), demo_tables()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


@pytest.mark.parametrize("factor", [3])
def test_scale_multiplies_indicators_with_distinct_codes(factor):
    base = demo_copy()
    scaled = scale_tables(base, factor)
    assert len(scaled["quarterly_results"]) == factor * len(base["quarterly_results"])
    assert not scaled["indicators"][["indicator_code", "fiscal_year"]].duplicated().any()
    assert len(scaled["agencies"]) == len(base["agencies"])
    settings = scaled["indicator_settings"]  # analysts' settings follow their indicators
    assert len(settings) == factor * len(base["indicator_settings"])
    assert set(settings["indicator_code"]) <= set(scaled["indicators"]["indicator_code"])


# --- the variety real pages have (issue 10 item 7) ----------------------------------------


def _keys(frame: pd.DataFrame) -> set[tuple[str, int]]:
    return set(zip(frame["indicator_code"].astype(str), frame["fiscal_year"].astype(int)))


def _synthetic_indicators() -> pd.DataFrame:
    ind = demo_copy()["indicators"]
    return ind[ind["source"] == SYNTHETIC_SOURCE]


def test_the_seed_indicator_is_kept_exactly_as_imported():
    from kpi_model.demo import _seed_tables
    from kpi_model.schema import coerce_frame

    tables, seed = demo_copy(), _seed_tables()
    for name in ("indicators", "indicator_levels", "quarterly_results"):
        mine = tables[name][tables[name]["indicator_code"] == "0402-0810"].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, coerce_frame(name, seed[name]))


def test_every_synthetic_direction_is_inferred_as_the_importer_would():
    from kpi_model.achievement import infer_direction

    synthetic = _synthetic_indicators()
    for row in synthetic.itertuples(index=False):
        target = None if pd.isna(row.target) else float(row.target)
        guess = infer_direction(row.name_th, row.unit_th, None, row.unit, target)
        assert (row.direction, row.direction_source) == (guess.direction, guess.source), row.name_th
    assert set(synthetic["accumulation"]) == {"cumulative"}
    assert set(synthetic["accumulation_source"]) == {"default"}
    levels = synthetic[synthetic["unit"] == "level"]
    assert set(levels["direction_source"]) == {"recorded"}
    assert set(synthetic.loc[synthetic["unit"] != "level", "direction_source"]) == {"inferred"}


def test_lower_kpis_say_so_in_their_thai_names():
    synthetic = _synthetic_indicators()
    lower = synthetic[synthetic["direction"] == "lower"]
    names = set(lower["name_th"])
    for cue in ("ไม่เกิน", "อัตราป่วย", "อัตราการป่วย", "เสียชีวิต", "อุบัติเหตุ", "ระยะเวลาเฉลี่ย"):
        assert any(cue in n for n in names), cue
    overdue = "จำนวนเรื่องร้องเรียนที่ค้างเกินกำหนด ไม่เกิน 0 เรื่อง"
    assert overdue in names  # lower by its words; a target of 0 alone would be a placeholder
    assert (lower.loc[lower["name_th"] == overdue, "target"] == 0).all()
    assert "time" in set(lower["unit"]) and "นาที" in set(lower["unit_th"])


def test_demo_holds_every_kind_of_indicator_real_pages_have(demo_store):
    annual = demo_store.read("annual_scores")
    quarters = demo_store.read("quarter_scores")
    flags = demo_store.read("quality_flags")
    inferred_lower = annual[(annual["direction"] == "lower") & (annual["direction_source"] == "inferred")]
    snapshot_by_analyst = annual[(annual["accumulation"] == "snapshot") & (annual["accumulation_source"] == "analyst")]
    completion = flags[flags["code"] == "recorded_as_completion"]
    not_reported = flags[flags["code"] == "quarter_not_reported"].merge(
        quarters[["indicator_code", "fiscal_year", "quarter", "actual", "has_report"]],
        on=["indicator_code", "fiscal_year", "quarter"],
    )
    zero_not_reported = not_reported[not_reported["actual"] == 0]
    assumed = flags[flags["code"] == "max_level_assumed"]
    assert inferred_lower["indicator_code"].nunique() >= 50
    assert snapshot_by_analyst["indicator_code"].nunique() >= 5
    assert completion["indicator_code"].nunique() >= 10
    assert len(zero_not_reported) >= 20 and not zero_not_reported["has_report"].any()
    assert assumed["indicator_code"].nunique() >= 10
    assert {"higher", "lower"} <= set(snapshot_by_analyst["direction"])
    assert "looks_like_snapshot" in set(flags["code"])  # rates no analyst has looked at yet


def test_lower_results_are_a_realistic_mix(demo_store):
    q = demo_store.read("quarter_scores")
    lower = q[(q["direction"] == "lower") & q["is_reported"].astype(bool) & (q["target"] > 0)]
    q4 = lower[(lower["quarter"] == 4) & (lower["accumulation"] == "cumulative") & (lower["plan"] == 1)]
    well_under = q4[q4["actual"] <= 0.9 * q4["target"]]
    over = lower[lower["actual"] > lower["target"]]
    assert len(well_under) >= 50 and (well_under["status"] == "met").all()
    assert len(over) >= 50 and set(over["status"]) <= {"behind", "on_track"}
    assert {"behind", "on_track"} <= set(over["status"])


def test_snapshot_rates_sit_near_their_target_and_some_dip_below():
    tables = demo_copy()
    ind = tables["indicators"]
    rates = ind[ind["name_th"] == "ร้อยละความสำเร็จในการแก้ไขเรื่องร้องเรียน"]
    assert len(rates) >= 8 and (rates["target"] == 95).all()
    res = (
        tables["quarterly_results"]
        .merge(rates[["indicator_code", "fiscal_year", "target"]], on=["indicator_code", "fiscal_year"])
        .dropna(subset=["actual"])
    )
    assert res["actual"].between(85, 100).all()
    assert (res["actual"] < res["target"]).any() and (res["actual"] > res["target"]).any()


def test_analysts_settings_are_synthetic_and_complete():
    from kpi_model.demo import ANALYST

    tables = demo_copy()
    s = tables["indicator_settings"]
    assert len(s) >= 8
    assert set(s["indicator_code"]) <= set(tables["indicators"]["indicator_code"])
    assert (s["set_by"] == ANALYST).all() and s["note"].notna().all()
    assert s["note"].str.contains("สมมุติ").all()  # says it is synthetic, in Thai
    for when in s["set_at"]:
        dt.datetime.fromisoformat(when)
    snapshot = s[s["accumulation"] == "snapshot"]
    assert 5 <= len(snapshot) <= 30
    assert snapshot["fiscal_year"].isna().any() and snapshot["fiscal_year"].notna().any()
    planned = s[s[["plan_q1", "plan_q2", "plan_q3", "plan_q4"]].notna().all(axis=1)]
    assert 1 <= len(planned) <= 2
    assert [10, 40, 70, 100] in planned[["plan_q1", "plan_q2", "plan_q3", "plan_q4"]].astype(float).values.tolist()
    assert (s["direction"].dropna() == "higher").sum() == 1


def test_analysts_settings_reach_the_verdicts(demo_store):
    q = demo_store.read("quarter_scores")
    assert (q["plan_source"] == "analyst").any()
    annual = demo_store.read("annual_scores")
    assert (annual["direction_source"] == "analyst").any()
    assert annual["has_setting"].astype(bool).sum() >= 8


def test_percent_of_completion_pages_climb_to_100_against_a_smaller_target():
    tables = demo_copy()
    ind = tables["indicators"]
    pages = ind[ind["name_th"].str.startswith("ร้อยละของชุมชนที่ผ่านเกณฑ์") & (ind["target"] == 40)]
    res = tables["quarterly_results"].merge(pages[["indicator_code", "fiscal_year"]])
    q4 = res[res["quarter"] == 4]
    assert (q4["actual"] == 100).sum() >= 5


def test_level_kpis_with_and_without_level_descriptions():
    tables = demo_copy()
    ind = tables["indicators"]
    levels = ind[(ind["unit"] == "level") & (ind["source"] == SYNTHETIC_SOURCE)]
    described = _keys(tables["indicator_levels"])
    without = levels[levels["max_level"].isna()]
    with_levels = levels[levels["max_level"].notna()]
    assert len(without) >= 10 and (without["max_level_source"] == "assumed").all()
    assert not _keys(without) & described
    assert (with_levels["max_level"] == 5).all() and (with_levels["max_level_source"] == "page").all()
    assert _keys(with_levels) <= described


def test_recorded_scores_are_bmas_bands(demo_store):
    tables = demo_copy()
    res = tables["quarterly_results"].merge(
        tables["indicators"].loc[
            tables["indicators"]["source"] == SYNTHETIC_SOURCE, ["indicator_code", "fiscal_year", "audited_quarter"]
        ]
    )
    scores = res["evaluation_score"].dropna()
    assert set(scores) == {0.0, 90.0, 100.0}
    after = res[res["quarter"] > res["audited_quarter"]]
    assert (after["evaluation_score"] == 0).all()  # placeholder zeros after the audited quarter
    q = demo_store.read("quarter_scores")
    q = q[
        (q["source"] == SYNTHETIC_SOURCE)
        & q["recorded_status"].isin(["met", "on_track", "behind"])
        & (q["status"] != "no_data")
    ]
    agree = (q["recorded_status"] == q["status"]).mean()
    assert 0.6 < agree < 0.95  # mostly agreeing with the computed band, not always
