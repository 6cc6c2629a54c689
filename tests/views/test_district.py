"""The districts views on a small store worked by hand: two district offices and one office.

FY 2564, every target 12, cumulative and higher-is-better, no plan given (the assumed linear
plan 25 / 50 %), weight 1; score = min(100, 100 × (actual / 12) / plan):

=========  ==========  ===================  ===================
indicator  type        Q1 actual → score    Q2 actual → score
=========  ==========  ===================  ===================
5001-0001  strategic   3   → 100 met        3    → 50 behind
5001-0002  routine     2.4 → 80 on track    6    → 100 met
5047-0001  strategic   1.5 → 50 behind      none → no data
5047-0002  strategic   3   → 100 met        6    → 100 met
0402-0001  strategic   3   → 100 met        none → no data
=========  ==========  ===================  ===================
"""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model import views
from kpi_model.reference_data import district_boundaries, spelling_corrections
from kpi_model.schema import TABLES, coerce_frame
from kpi_model.store import Filters, Store
from tests.factories import indicator, result, small_tables


def tables() -> dict[str, pd.DataFrame]:
    base = small_tables()
    agencies = pd.DataFrame(
        [
            {"agency_code": "0402", "name_th": "สำนักงานการเจ้าหน้าที่", "name_en": "Personnel Office", "kind": "office"},
            {
                "agency_code": "5001",
                "name_th": "สำนักงานเขตพระนคร",
                "name_en": "Phra Nakhon District Office",
                "kind": "district",
            },
            {
                "agency_code": "5047",
                "name_th": "สำนักงานเขตบางนา",
                "name_en": "Bang Na District Office",
                "kind": "district",
            },
        ]
    ).assign(parent_code=None)
    indicators = pd.DataFrame(
        [
            indicator("5001-0001", indicator_type="strategic"),
            indicator("5001-0002", indicator_type="routine"),
            indicator("5047-0001", indicator_type="strategic"),
            indicator("5047-0002", indicator_type="strategic"),
            indicator("0402-0001", indicator_type="strategic"),
        ]
    )
    results = pd.DataFrame(
        [
            result("5001-0001", 1, 3.0),
            result("5001-0001", 2, 3.0),
            result("5001-0002", 1, 2.4),
            result("5001-0002", 2, 6.0),
            result("5047-0001", 1, 1.5),
            result("5047-0001", 2, None),
            result("5047-0002", 1, 3.0),
            result("5047-0002", 2, 6.0),
            result("0402-0001", 1, 3.0),
            result("0402-0001", 2, None),
        ]
    )
    return {
        **base,
        "agencies": coerce_frame("agencies", agencies),
        "indicators": coerce_frame("indicators", indicators),
        "quarterly_results": coerce_frame("quarterly_results", results),
        "indicator_levels": coerce_frame("indicator_levels", pd.DataFrame(columns=TABLES["indicator_levels"].names)),
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("district-view"))
    s.write(tables(), note="districts by hand")
    return s


def row(frame: pd.DataFrame, code: str | None) -> pd.Series:
    if code is None:
        return frame[frame["row_kind"] == views.CITY_AVERAGE].iloc[0]
    return frame[frame["agency_code"] == code].iloc[0]


def test_the_league_holds_each_district_office_then_the_city_average(store):
    league = views.district_league(store, 2564, 2)
    assert list(league.columns) == list(views.LEAGUE_COLUMNS)
    assert list(league["agency_code"][:2]) == ["5001", "5047"]  # never the office 0402
    assert list(league["row_kind"]) == ["district", "district", "city_average"]


def test_a_district_s_mean_shares_rank_and_completeness_are_worked_by_hand(store):
    league = views.district_league(store, 2564, 2)
    phra_nakhon, bang_na, city = row(league, "5001"), row(league, "5047"), row(league, None)
    assert phra_nakhon["mean_score_100"] == pytest.approx(75.0)  # (50 + 100) / 2
    assert (phra_nakhon["share_met"], phra_nakhon["share_behind"]) == (0.5, 0.5)
    assert (phra_nakhon["reported"], phra_nakhon["reporting_total"], phra_nakhon["reporting_share"]) == (2, 2, 1.0)
    assert bang_na["mean_score_100"] == pytest.approx(100.0)  # only 5047-0002 has a score
    assert (bang_na["share_met"], bang_na["share_behind"], bang_na["share_no_data"]) == (0.5, 0.0, 0.5)
    assert (bang_na["reported"], bang_na["reporting_total"], bang_na["reporting_share"]) == (1, 2, 0.5)
    assert (bang_na["rank"], phra_nakhon["rank"]) == (1, 2)
    assert city["mean_score_100"] == pytest.approx(250 / 3)  # 50, 100, 100 over the districts' 4 indicators
    assert (city["indicator_count"], city["share_met"], city["share_behind"]) == (4, 0.5, 0.25)
    assert (city["reported"], city["reporting_total"]) == (3, 4)
    assert (bang_na["vs_city"], phra_nakhon["vs_city"]) == ("above", "below")
    assert pd.isna(city["rank"]) and city["vs_city"] is None


def test_the_change_is_on_the_indicators_both_quarters_score(store):
    league = views.district_league(store, 2564, 2)
    phra_nakhon, bang_na, city = row(league, "5001"), row(league, "5047"), row(league, None)
    assert (phra_nakhon["previous_fiscal_year"], phra_nakhon["previous_quarter"]) == (2564, 1)
    assert phra_nakhon["change_score"] == pytest.approx(75.0 - 90.0)  # Q1 (100 + 80) / 2
    assert phra_nakhon["change_direction"] == "down"
    # 5047-0001 went unreported: compared on 5047-0002 alone, 100 then and now, no arrow
    assert (bang_na["change_score"], bang_na["change_direction"], bang_na["change_matched"]) == (0.0, "same", 1)
    assert not bang_na["change_same_set"]
    assert city["change_score"] == pytest.approx(250 / 3 - 280 / 3)  # on the 3 scored both quarters


def test_q1_compares_with_q4_of_the_year_before_and_without_it_shows_no_change(store):
    league = views.district_league(store, 2564, 1)
    first = row(league, "5001")
    assert (first["previous_fiscal_year"], first["previous_quarter"]) == (2563, 4)
    assert first["change_score"] is None and first["change_direction"] is None


def test_the_filters_narrow_the_indicators_of_every_row(store):
    league = views.district_league(store, 2564, 2, Filters(indicator_types=("strategic",)))
    assert row(league, "5001")["mean_score_100"] == pytest.approx(50.0)
    assert row(league, "5001")["indicator_count"] == 1
    assert row(league, None)["mean_score_100"] == pytest.approx(75.0)  # 50 and 100


def test_ties_on_the_shown_score_share_a_rank_and_no_score_has_none(store):
    league = views.district_league(store, 2564, 1)  # 5001: (100 + 80) / 2 = 90; 5047: (50 + 100) / 2 = 75
    assert list(league["rank"][:2]) == [1, 2]
    from kpi_model.views.district import _ranks

    assert _ranks([90.04, 90.0, None, 70.0]) == [1, 1, None, 3]


def test_every_agency_s_reporting_completeness_and_its_no_report_flag(store):
    q2 = views.reporting_completeness(store, 2564, 2).set_index("agency_code")
    assert list(q2.columns) == list(views.REPORTING_COLUMNS)[1:]
    assert (q2.loc["0402", "reported"], q2.loc["0402", "indicator_count"]) == (0, 1)
    assert q2.loc["0402", "no_reports"] and q2.loc["0402", "due"]  # others reported Q2: it was due
    assert not q2.loc["5047", "no_reports"]  # reported one of two
    assert q2.loc["5047", "reporting_share"] == 0.5
    q3 = views.reporting_completeness(store, 2564, 3)  # nobody has reported Q3: not due, nobody flagged
    assert not q3["due"].any() and not q3["no_reports"].any()
    assert views.due_quarter(store, 2564) == 2 and views.due_quarter(store, 2570) is None


def test_every_demo_district_office_is_placed_on_the_map(demo_store):
    placed = views.district_map(demo_store)
    assert len(placed.placed) == 50 and placed.unplaced == () and placed.unused_shapes == ()
    ids = {f["id"] for f in placed.geojson["features"]}
    assert ids == {f"50{n:02d}" for n in range(1, 51)}


def test_the_spelling_table_places_rat_burana_and_an_unknown_name_is_reported():
    offices = pd.DataFrame(
        {
            "agency_code": ["5024", "5099"],
            "name_th": ["สำนักงานเขตราษฎร์บูรณะ", "สำนักงานเขตไม่มีจริง"],
            "name_en": ["Rat Burana District Office", None],
        }
    )
    got = views.place_districts(offices, district_boundaries(), spelling_corrections())
    assert got.placed == ("5024",)
    assert got.unplaced == (("5099", "สำนักงานเขตไม่มีจริง", None),)
    without = views.place_districts(offices, district_boundaries(), {})
    assert "5024" not in without.placed  # ฏ in the source, ฎ in BMA's list: only the table joins them


# ---- peer groups: an analyst's table, imported like any other ------------------------------


def test_a_peer_group_row_naming_an_unknown_agency_is_rejected_by_file_row_and_column(tmp_path):
    from kpi_model.importer.batch import import_paths

    s = Store(tmp_path / "store")
    s.write(tables(), note="districts by hand")
    before = s.version()
    path = tmp_path / "peer_groups.csv"
    path.write_text("agency_code,group_th,group_en,source\n5001,กลุ่มก,Group A,test\n5099,กลุ่มก,Group A,test\n")
    got = import_paths(s, [path])
    assert [(p.file, p.row, p.column) for p in got.rejected] == [("peer_groups.csv", 3, "agency_code")]
    assert s.version() == before  # nothing written


def test_an_imported_peer_group_narrows_the_league_and_ranks_within_it(tmp_path):
    from kpi_model.importer.batch import import_paths

    s = Store(tmp_path / "store")
    s.write(tables(), note="districts by hand")
    path = tmp_path / "peer_groups.csv"
    path.write_text("agency_code,group_th,group_en,source\n5001,กลุ่มก,Group A,test list\n5047,กลุ่มข,Group B,test list\n")
    assert import_paths(s, [path]).rejected == []
    assert list(views.peer_groups(s)["source"]) == ["test list", "test list"]
    league = views.district_league(s, 2564, 2, peer_group="กลุ่มก")
    assert list(league["agency_code"]) == ["5001", None]
    assert row(league, "5001")["rank"] == 1 and row(league, "5001")["peer_group_en"] == "Group A"
    assert row(league, None)["mean_score_100"] == pytest.approx(250 / 3)  # the city average stays the city's
    assert row(league, "5001")["vs_city"] == "below"
    assert "peer_group" in views.league_table(league, "en").columns


def test_a_store_written_before_peer_groups_existed_still_reads(tmp_path):
    folder = tmp_path / "flat"
    folder.mkdir()
    for name, frame in tables().items():  # a plain folder of CSV tables, no peer_groups.csv
        frame.to_csv(folder / f"{name}.csv", index=False)
    s = Store(folder)
    assert views.peer_groups(s).empty
    league = views.district_league(s, 2564, 2)
    assert league["peer_group_th"].isna().all()
    assert "peer_group" not in views.league_table(league).columns


def test_the_download_is_the_shown_table_with_its_headers_and_no_formula_runs(store):
    import io

    from kpi_model.export import shown_table_bytes

    table = views.league_table(views.district_league(store, 2564, 2), "th")
    table.loc[1, "district"] = "=HYPERLINK(1)"  # a name that a spreadsheet would run
    got = shown_table_bytes(table, views.league_headers("th"), ".csv", "เขต")
    back = pd.read_csv(io.BytesIO(got), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == [views.league_headers("th")[c] for c in table.columns]
    assert back.iloc[0, 1] == "ค่าเฉลี่ยเมือง (ทุกเขต)" and back.iloc[1, 1] == "'=HYPERLINK(1)"
    assert list(back["คะแนนเฉลี่ย"][1:]) == ["100.0", "75.0"] and back["เทียบไตรมาสก่อน"][2] == "▼ −15.0"
    assert list(back["อันดับ"][1:]) == ["1", "2"]  # a league reads top down, by rank
