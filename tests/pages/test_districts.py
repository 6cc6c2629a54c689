"""The districts page through AppTest: the league it shows is the model's for the same filters,
worked by hand on two districts (tests/views/test_district.py), and on the demo store."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.store import Filters, Store
from tests.views.test_district import tables

APP = "../../dashboard.py"
PAGE = "pages/districts.py"


def open_page(monkeypatch, store: Store, fy: int, quarter: int) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    at.selectbox(key="fy").set_value(fy)
    at.selectbox(key="q").set_value(quarter)
    at.run()
    assert not at.exception, at.exception
    return at


def league_shown(at: AppTest) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if "district" in d.value.columns]
    assert len(frames) == 1
    return frames[0]


def same(shown: pd.DataFrame, model: pd.DataFrame) -> None:
    """The page's table equals the model's cell by cell (a missing value is missing in both)."""

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.reset_index(drop=True).astype(object)
        return frame.where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(shown), plain(model), check_dtype=False)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("district-page"))
    s.write(tables(), note="districts by hand")
    return s


def test_the_page_shows_the_hand_worked_league(small, monkeypatch):
    at = open_page(monkeypatch, small, 2564, 2)
    assert at.title[0].value == "สำนักงานเขต 50 เขต เทียบกัน"
    shown = league_shown(at).set_index("agency_code", drop=False)
    assert shown.iloc[0]["district"] == "ค่าเฉลี่ยเมือง (ทุกเขต)"  # the city average, first
    assert shown.iloc[0]["mean_score_100"] == pytest.approx(83.3)  # 250 / 3, one decimal
    assert shown.loc["5001", "mean_score_100"] == 75.0 and shown.loc["5047", "mean_score_100"] == 100.0
    assert (shown.loc["5047", "rank"], shown.loc["5001", "rank"]) == (1, 2)
    assert shown.loc["5001", "change_text"] == "▼ −15.0" and shown.loc["5047", "change_text"] == "0.0"
    assert (shown.loc["5047", "reporting"], shown.loc["5047", "reporting_pct"]) == ("1 / 2", 50.0)
    assert (shown.loc["5001", "vs_city"], shown.loc["5047", "vs_city"]) == ("ต่ำกว่าค่าเฉลี่ย", "สูงกว่าค่าเฉลี่ย")
    assert any("ไม่มีผลรายงานเลยในไตรมาสที่ถึงกำหนด (1 หน่วยงาน)" in w.value for w in at.warning)  # 0402 in Q2
    assert not any("วางบนแผนที่ไม่ได้" in w.value for w in at.warning)


def test_the_type_filter_narrows_the_league_as_the_model_does(small, monkeypatch):
    at = open_page(monkeypatch, small, 2564, 2)
    at.multiselect(key="type").set_value(["strategic"])
    at.run()
    assert not at.exception, at.exception
    shown = league_shown(at)
    model = views.league_table(views.district_league(small, 2564, 2, Filters(indicator_types=("strategic",))))
    same(shown, model)
    assert shown.set_index("agency_code").loc["5001", "mean_score_100"] == 50.0


def test_on_the_demo_store_the_league_equals_the_model_and_every_district_is_placed(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store, 2566, 2)
    at.selectbox(key="dimension").set_value("7")
    at.run()
    assert not at.exception, at.exception
    shown = league_shown(at)
    model = views.league_table(views.district_league(demo_store, 2566, 2, Filters(strategy="7")))
    same(shown, model)
    assert len(shown) == 51  # 50 districts and the city average
    assert not any("วางบนแผนที่ไม่ได้" in w.value for w in at.warning)


def test_in_english_the_page_says_so_in_english(small, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(small.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "The 50 district offices side by side"
    assert league_shown(at).iloc[0]["district"] == "City average (all districts)"


def test_with_an_imported_peer_group_the_page_filters_by_it_and_names_its_source(tmp_path, monkeypatch):
    from kpi_model.importer.batch import import_paths

    s = Store(tmp_path / "store")
    s.write(tables(), note="districts by hand")
    path = tmp_path / "peer_groups.csv"
    path.write_text(
        "agency_code,group_th,group_en,source\n5001,กลุ่มก,Group A,รายชื่อทดสอบ\n5047,กลุ่มข,Group B,รายชื่อทดสอบ\n"
    )
    assert import_paths(s, [path]).rejected == []
    at = open_page(monkeypatch, s, 2564, 2)
    assert any("รายชื่อทดสอบ" in c.value for c in at.caption)
    at.selectbox(key="peer_group").set_value("กลุ่มข")
    at.run()
    assert not at.exception, at.exception
    shown = league_shown(at)
    same(shown, views.league_table(views.district_league(s, 2564, 2, peer_group="กลุ่มข")))
    assert list(shown["agency_code"][1:]) == ["5047"] and list(shown["peer_group"][1:]) == ["กลุ่มข"]


def test_the_quality_page_shows_the_agency_quarter_without_a_report_with_the_same_flag(small, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(small.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/quality.py").run()
    at.selectbox(key="fy").set_value(2564)
    at.selectbox(key="q").set_value(2)
    at.run()
    assert not at.exception, at.exception
    said = [w.value for w in at.warning if "ไม่มีผลรายงานเลยในไตรมาสที่ถึงกำหนด" in w.value]
    assert len(said) == 1 and "0402" in said[0] and "5047" not in said[0]  # 5047 reported one of two
    at.selectbox(key="q").set_value(3)  # nobody has reported Q3: not due, no flag
    at.run()
    assert not [w.value for w in at.warning if "ไม่มีผลรายงานเลย" in w.value]


def test_the_districts_page_offers_the_city_briefing_pack(demo_store, monkeypatch):
    from kpi_model.i18n import t

    at = open_page(monkeypatch, demo_store, 2567, 4)
    buttons = [b.proto for b in at.get("download_button") if b.proto.label == t("brief_download")]
    assert len(buttons) == 1 and buttons[0].deferred_file_id  # made on click, not on view
