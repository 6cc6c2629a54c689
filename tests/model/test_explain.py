"""Verdicts a reader can check (DESIGN §6): the words of kpi_model.explain and the views that
count, colour and list verdicts, on hand-made stores with numbers worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model import explain, labels, views
from kpi_model.i18n import agency_label, plan_source_label, recorded_status_label, status_label, t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Filters, Store
from tests.conftest import shared_path
from tests.factories import verdict_tables

FY = 2564


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("verdicts"))
    s.write(verdict_tables(), note="verdict cases")
    return s


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("seed"))
    assert not import_paths(s, [shared_path("seeds")]).rejected
    return s


def step(explanation, key: str) -> str:
    found = explanation.step(key)
    assert found is not None, [s.key for s in explanation.steps]
    return found.text


# -- the words ---------------------------------------------------------------------------------


def test_thresholds_are_said_in_words_from_the_settings():
    text = labels.thresholds_text()
    assert "100 %" in text and "80 %" in text and status_label("met") in text and status_label("no_data") in text
    assert "100 %" in labels.thresholds_text("en") and "on track" in labels.thresholds_text("en")


def test_plan_sources_name_the_assumed_profile_and_the_target_each_quarter():
    assert plan_source_label("assumed") == "แผนสมมติ (เส้นตรง 25-50-75-100)"
    assert plan_source_label("target") == "ค่าเป้าหมายทุกไตรมาส"
    assert plan_source_label("analyst") == "แผนที่นักวิเคราะห์กำหนด"
    assert plan_source_label("assumed", "en") == "assumed linear plan (25-50-75-100)"


def test_recorded_text_reads_the_band_and_never_shows_a_placeholder_zero_as_a_score():
    assert labels.recorded_text("met", 100.0) == "100 · บรรลุเป้าหมาย"
    assert labels.recorded_text("on_track", 90.0) == "90 · ใกล้เป้าหมาย"
    assert labels.recorded_text("not_evaluated", 0.0) == "ยังไม่ประเมิน"
    assert labels.recorded_text(None, None) == "ไม่มีผลบันทึก"
    assert labels.recorded_text(pd.NA, None, "en") == "Nothing recorded"


def test_the_headline_names_what_it_counts():
    text = labels.basis_text(120, {"assumed": 80, "recorded": 30, "analyst": 4, "target": 6}, lower=10, inferred=7)
    assert text.startswith("ตัวชี้วัด 120 รายการ · คำนวณเทียบแผน (สมมติ 80 รายการ)")
    assert "แผนที่บันทึก 30" in text and "แผนที่นักวิเคราะห์กำหนด 4" in text and "เทียบค่าเป้าหมายทุกไตรมาส 6" in text
    assert "ยิ่งน้อยยิ่งดี 10" in text
    assert labels.basis_text(3, {"assumed": 3}) == "ตัวชี้วัด 3 รายการ · คำนวณเทียบแผน (สมมติ 3 รายการ)"


def test_an_agency_not_named_yet_shows_by_its_code():
    assert agency_label("9999", None, None) == "9999"
    assert agency_label("9999", float("nan"), pd.NA) == "9999"
    assert agency_label("0402", "สำนักงานการเจ้าหน้าที่", "Personnel Office", "en") == "0402 Personnel Office"


# -- the panel: the seed (DESIGN §3's first worked example) -------------------------------------


def test_seed_q2_is_explained_with_its_numbers(seed_store):
    e = views.verdict_explanation(seed_store, "0402-0810", FY, 2)
    assert step(e.quarter, "recorded") == "คะแนน 100 จาก 100 → บรรลุเป้าหมาย"
    assert e.quarter.recorded == "100 · บรรลุเป้าหมาย"
    assert e.quarter.computed == "ต่ำกว่าเป้าหมาย · เทียบแผนสมมติ (เส้นตรง 25-50-75-100)"
    assert step(e.quarter, "formula") == (
        "ความก้าวหน้า = ผลงาน 25 ÷ 100 = 0.25; ผลเทียบแผน = 0.25 ÷ แผน 0.50 = 0.50; "
        "0.50 < 0.80 → ต่ำกว่าเป้าหมาย; คะแนนที่คำนวณ = min(100, 100 × 0.50) = 50"
    )
    assert "50 %" in step(e.quarter, "plan") and "แผนสมมติ" in step(e.quarter, "plan")
    assert "ร้อยละของงานที่ทำเสร็จ (10, 25, 65, 100)" in step(e.quarter, "reading")
    assert e.quarter.step("reading").check  # the level_recorded_as_percent flag's line
    assert step(e.quarter, "agreement").startswith("ต่างกัน")
    assert e.quarter.step("agreement").check
    assert "ขั้นความสำเร็จ" in step(e.quarter, "direction")


def test_seed_year_is_level_5_of_5(seed_store):
    e = views.verdict_explanation(seed_store, "0402-0810", FY, 4)
    assert step(e.year, "recorded") == "สยป. ตรวจประเมินล่าสุด ไตรมาสที่ 1: 100"
    assert step(e.year, "formula").startswith(
        "ผลงานที่ทำได้ 100 (ร้อยละของงาน) → ระดับ 5 = 100 ÷ 100 × 5; ระดับ 5 ÷ เป้าหมาย 5 = 1.00;"
    )
    assert "1.00 ≥ 1.00 → บรรลุเป้าหมาย" in step(e.year, "formula")
    assert step(e.year, "score5") == "คะแนน 1–5 = ระดับที่ทำได้ = 5.00"
    assert step(e.year, "unreported") == t("unreported_none")
    assert step(e.quarter, "agreement") == "ตรงกัน: ทั้งสองอยู่ในระดับ บรรลุเป้าหมาย"


# -- the panel: a lower cap, a snapshot rate, an unreported quarter -----------------------------


def test_a_lower_kpi_is_explained_as_the_cap_so_far(store):
    e = views.verdict_explanation(store, "0402-0003", FY, 2)
    assert step(e.quarter, "formula") == (
        "เพดานสะสม 30 = 50 % × 60; 30 ÷ ผลงาน 31 = 0.97; 0.97 ≥ 0.80 แต่ < 1.00 → "
        "ใกล้เป้าหมาย; คะแนนที่คำนวณ = min(100, 100 × 0.97) = 96.8"
    )
    direction = step(e.quarter, "direction")
    assert direction.startswith("ยิ่งน้อยยิ่งดี (ระบบอนุมาน)")
    assert "พบคำว่า “ไม่เกิน” ในชื่อตัวชี้วัด" in direction  # the reason of the direction_inferred flag
    assert e.quarter.step("direction").check == explain.flag_check("direction_inferred")
    assert "ของเพดานทั้งปี 60 ราย" in step(e.quarter, "plan")
    assert step(e.year, "formula").startswith("เป้าหมาย (เพดาน) 60 ÷ ผลงานทั้งปี 55 = 1.09;")
    q3 = views.verdict_explanation(store, "0402-0003", FY, 3)
    assert step(q3.quarter, "recorded") == t("rec_placeholder_after", audited=2)
    assert q3.quarter.recorded == recorded_status_label("not_evaluated")


def test_a_snapshot_rate_is_compared_with_the_target_each_quarter(store):
    e = views.verdict_explanation(store, "0402-0004", FY, 3)
    assert step(e.quarter, "formula").startswith("ผลงาน 70 ÷ เป้าหมาย 95 = 0.74; 0.74 < 0.80 → ต่ำกว่าเป้าหมาย")
    assert step(e.quarter, "plan") == t("plan_text_target", target="95", unit="ร้อยละ")
    accumulation = step(e.quarter, "accumulation")
    assert accumulation.startswith("ค่ารายไตรมาส (อัตรา) เทียบค่าเป้าหมายทุกไตรมาส (นักวิเคราะห์กำหนด)")
    assert "somchai" in accumulation and "อัตรารายไตรมาส" in accumulation  # who set it, and why
    assert e.quarter.computed == "ต่ำกว่าเป้าหมาย · เทียบค่าเป้าหมายทุกไตรมาส"


def test_an_unreported_zero_is_no_data_never_behind(store):
    e = views.verdict_explanation(store, "5047-0005", FY, 3)
    assert step(e.quarter, "formula") == t("f_not_reported", actual="0")
    assert e.quarter.computed == status_label("no_data")
    assert e.quarter.step("formula").check == explain.flag_check("quarter_not_reported")
    unreported = step(e.year, "unreported")
    assert "ไตรมาส 3 (บันทึก 0 โดยไม่มีรายงาน)" in unreported and "ไตรมาส 4" in unreported
    no_row = views.verdict_explanation(store, "5047-0005", FY, 4)
    assert step(no_row.quarter, "formula") == t("f_no_row")


def test_the_panel_speaks_english(store):
    e = views.verdict_explanation(store, "0402-0003", FY, 2, "en")
    assert step(e.quarter, "formula").startswith(
        "cap so far 30 = 50 % × 60; 30 ÷ result 31 = 0.97; 0.97 ≥ 0.80 but < 1.00 → On track"
    )
    assert e.quarter.heading == "Q2"


# -- the views that count, colour and list ------------------------------------------------------


def test_verdict_basis_counts_what_the_headline_names(store):
    basis = views.verdict_basis(store, FY, 2)
    rows = views.indicator_rows(store, Filters(fiscal_years=(FY,), quarters=(2,)))
    assert basis.indicator_count == len(rows) == 8
    assert basis.plans.assumed == int((rows["plan_source"] == "assumed").sum()) == 7
    assert basis.plans.target == 1  # the snapshot rate
    assert (basis.lower, basis.inferred) == (1, 1)
    assert basis.recorded.met == 1 and basis.recorded.none == 7 and basis.recorded.not_evaluated == 0
    q3 = views.verdict_basis(store, FY, 3).recorded
    assert (q3.met, q3.not_met, q3.not_evaluated, q3.none) == (0, 0, 1, 7)


def test_agencies_behind_lists_only_agencies_that_are_behind(store, demo_store):
    behind = views.agencies_behind(store, FY, 1)
    assert list(behind["agency_code"]) == ["9999", "5047"]  # 40 then 50; 0402 at 83.3 is not behind
    assert [round(v, 1) for v in behind["mean_score_100"]] == [40.0, 50.0]
    assert pd.isna(behind["name_th"].iloc[0])  # not in the agency list: the page shows the code
    assert views.agencies_behind(store, FY, 4).empty  # 0402 at 100 is never listed as behind
    for fy, q in ((2567, 4), (2565, 2)):
        demo = views.agencies_behind(demo_store, fy, q, limit=None)
        assert (demo["mean_score_100"] < 80).all() and len(demo)
        everyone = views.agencies_ranked(demo_store, fy, q, limit=None)
        assert len(demo) == int((everyone["mean_score_100"] < 80).sum())


def test_a_branch_without_a_score_is_none_and_drawn_in_the_no_data_colour(store):
    from ui.charts.overview import strategy_map
    from ui.theme import NO_DATA_COLOR, STATUS_COLORS, contrast

    tree = views.strategy_tree(store, FY, 4)
    one = tree[tree["id"] == "1"].iloc[0]
    assert pd.isna(one["mean_score_100"]) and one["indicator_count"] == 1
    fig = strategy_map(tree, "th")
    colors = dict(zip(fig.data[0].ids, fig.data[0].marker.colors))
    assert colors["1"] == NO_DATA_COLOR
    assert contrast(colors["7"], STATUS_COLORS["met"]) == pytest.approx(1.0)  # 100: the colour of met
    assert status_label("no_data") in [tr.name for tr in fig.data if getattr(tr, "showlegend", None)]


def test_recorded_bands_by_dimension_add_up(store):
    frame = views.recorded_by_dimension(store, FY, 2)
    seven = frame[frame["strategy_code"] == "7"].iloc[0]
    assert (seven["rec_met"], seven["rec_none"]) == (1, 3)
    assert seven["rec_share_met"] == pytest.approx(0.25)
    assert labels.recorded_summary(frame[frame["strategy_code"] == "7"]) == [
        "บรรลุ 1 · ไม่บรรลุ 0 · ยังไม่ประเมิน 0 · ไม่มีผลบันทึก 3"
    ]


def test_agency_choices_offer_codes_the_list_does_not_name(store):
    choices = views.agency_choices(store)
    assert list(choices["agency_code"]) == ["0402", "5047", "9999"]
    assert choices.set_index("agency_code").loc["9999", "name_th"] is None


def test_the_plan_chart_draws_a_cap_a_flat_target_or_shares(store, seed_store):
    cap = views.indicator_detail(store, "0402-0003", FY).chart
    assert cap.mode == "cap" and cap.line == 60
    assert list(cap.frame["reference"]) == [15, 30, 45, 60] and list(cap.frame["value"]) == [4, 31, 40, 55]
    flat = views.indicator_detail(store, "0402-0004", FY).chart
    assert flat.mode == "target" and set(flat.frame["reference"]) == {95} and flat.line == 95
    gap = views.indicator_detail(store, "5047-0005", FY).chart
    assert [None if pd.isna(v) else v for v in gap.frame["value"]] == [5 / 12, 8 / 12, None, None]  # never 0
    seed = views.indicator_detail(seed_store, "0402-0810", FY).chart
    assert seed.mode == "share" and list(seed.frame["value"]) == [0.1, 0.25, 0.65, 1.0] and seed.line == 1.0


def test_indicator_rows_are_labelled_recorded_first(store):
    rows = labels.label_rows(views.indicator_rows(store, Filters(fiscal_years=(FY,), quarters=(2,))))
    lower = rows[rows["indicator_code"] == "0402-0003"].iloc[0]
    assert lower["recorded"] == "100 · บรรลุเป้าหมาย" and lower["status"] == status_label("on_track")
    assert lower["direction"] == "ยิ่งน้อยยิ่งดี (ระบบอนุมาน)"
    assert lower["plan_source"] == plan_source_label("assumed")
    unknown = rows[rows["indicator_code"] == "9999-0001"].iloc[0]
    assert unknown["agency_name"] == "9999" and unknown["recorded"] == "ไม่มีผลบันทึก"


def test_bma_s_recorded_evaluation_is_one_line_only_when_it_says_one_thing():
    assert labels.recorded_line(0, 0, 616, 0) == "ผลประเมิน กทม. (บันทึก): ยังไม่ได้ประเมินตัวชี้วัดทั้ง 616 รายการของไตรมาสนี้"
    assert (
        labels.recorded_line(12, 0, 0, 0, "en") == "BMA's recorded evaluation: all 12 of this quarter's indicators met"
    )
    assert labels.recorded_line(0, 0, 0, 3) == "ผลประเมิน กทม. (บันทึก): ไม่มีผลประเมินบันทึกสำหรับตัวชี้วัดทั้ง 3 รายการของไตรมาสนี้"
    assert labels.recorded_line(300, 50, 200, 0) is None  # the bands differ: the page shows the figures
    assert labels.recorded_line(0, 0, 0, 0) is None
