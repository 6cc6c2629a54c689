"""The indicator page through AppTest: the seed shown as the source page shows it, and more."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import flag_label, fy_label, status_label, t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from tests.conftest import shared_path

APP = "../dashboard.py"
PAGE = "pages/indicator.py"
SEED = "0402-0810"
EVIL = "<script>alert(1)</script> [x](http://evil) ![img](http://evil/i.png) **bold**"


def open_page(monkeypatch, root, code: str | None = SEED, fy: int | None = 2564, lang: str = "th") -> AppTest:
    """The indicator page opened by a link: ?code=…&fy=…&lang=… (AppTest drops widget values
    set on the router's sidebar once a page runs, so everything comes through the URL)."""
    monkeypatch.setenv("KPI_STORE", str(root))
    at = AppTest.from_file(APP, default_timeout=60)
    if fy is not None:
        at.query_params["fy"] = str(fy)
    if lang != "th":
        at.query_params["lang"] = lang
    if code is not None:
        at.query_params["code"] = code
    at.run()
    at.switch_page(PAGE).run()  # the link's parameters travel with the page, as a shared URL does
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with a {column!r} column"
    return frames[0]


def texts(at: AppTest) -> list[str]:
    return [x.value for x in at.text]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("seed-store"))
    result = import_paths(store, [shared_path("seeds")])
    assert not result.rejected
    return store


# -- the view the page adds --------------------------------------------------------------------

def test_the_picker_offers_the_current_agency_or_the_search_never_the_whole_store(demo_store):
    own = views.indicator_picker(demo_store, SEED)
    assert own["indicator_code"].iloc[0] == SEED
    assert set(c.split("-")[0] for c in own["indicator_code"]) == {"0402"}
    found = views.indicator_picker(demo_store, "5047-1100", "HR SMART")
    assert list(found["indicator_code"]) == ["5047-1100", SEED]
    assert views.indicator_picker(demo_store, None, "no such name at all").empty


def test_indicator_years_and_the_default_indicator(demo_store, seed_store):
    assert views.indicator_years(demo_store, "0000-1100") == [2564, 2565, 2566, 2567]
    assert views.indicator_years(demo_store, "9999-0000") == []
    assert views.first_indicator(demo_store, SEED) == SEED
    assert views.first_indicator(seed_store, "9999-0000") == SEED


# -- the seed on the demo store ----------------------------------------------------------------

def test_seed_quarterly_table_matches_the_model(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    detail = views.indicator_detail(demo_store, SEED, 2564)
    table = table_with(at, "actual")
    assert [float(v) for v in table["actual"]] == [10.0, 25.0, 65.0, 100.0]
    assert [float(v) for v in table["actual"]] == list(detail.quarters["actual"])
    assert list(table["status"]) == [status_label(s) for s in ("behind", "behind", "on_track", "met")]
    assert list(table["score_100"]) == ["40.0", "50.0", "86.7", "100.0"]
    assert list(table["evaluation_score"]) == ["100"] * 4  # recorded 100 every quarter, beside computed
    assert list(table["plan_source"]) == ["แผนสมมุติ (เส้นตรง)"] * 4
    assert list(table["evaluator_score"]) == ["100", "—", "—", "—"]


def test_seed_header_shows_what_the_source_page_shows(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    header = "\n".join(texts(at)[:2])
    assert "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน : 0402-0810" in header
    assert "ค่าเป้าหมาย ระดับ : 5.00" in header
    assert "ผลงานที่ทำได้ ระดับ : 100.00" in header
    assert "ตัวชี้วัดเชิงยุทธศาสตร์ (ผลลัพธ์ (outcome))" in header
    assert "สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 1: 100" in header
    assert "0402 สำนักงานการเจ้าหน้าที่" in header
    assert "000_95ba60cfabf6246c.txt" in header
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("score_5")] == "5.00"
    assert metrics[t("status")] == status_label("met")
    assert metrics[t("level_reached")] == "5 / 5"


def test_seed_flags_ladder_reports_and_assumed_plan(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    detail = views.indicator_detail(demo_store, SEED, 2564)
    flags = table_with(at, "severity")
    assert flag_label("level_recorded_as_percent") == "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ"
    assert "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ" in list(flags["code"])
    assert len(flags) == len(detail.flags)
    shown = texts(at)
    ladder = [d for d in detail.levels["description"] if d in shown]
    assert len(ladder) == len(detail.levels) == 5
    assert [b.label for b in at.expander] == [f"รายงานผลฯ ไตรมาสที่ {q}" for q in (1, 2, 3, 4)]
    assert any("ขั้นตอนที่ 1" in x for x in shown)
    assert t("assumed_plan_note") in [c.value for c in at.caption]
    assert any(x.startswith("7 การบริหารจัดการเมืองมหานคร") and "7.3.1.1" in x for x in shown)
    assert any("คาดว่าสิ้นปีจะได้ 5.00 ระดับ (100.0% ของเป้าหมาย)" in x for x in shown)
    assert t("no_other_years") in [i.value for i in at.info]
    assert not any(v in ("None", "nan") for v in shown)


def test_the_sidebar_year_is_used_and_a_missing_year_falls_back_to_the_latest(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root, fy=2567)
    infos = [i.value for i in at.info]
    assert any("ไม่มีข้อมูลปีงบประมาณ 2567" in i and "ปีงบประมาณ 2564" in i for i in infos)
    assert [float(v) for v in table_with(at, "actual")["actual"]] == [10.0, 25.0, 65.0, 100.0]


# -- a synthetic indicator with other years ----------------------------------------------------

def test_synthetic_indicator_lists_and_opens_its_other_years(demo_store, monkeypatch):
    code = "0000-1100"
    at = open_page(monkeypatch, demo_store.root, code=code, fy=2567)
    detail = views.indicator_detail(demo_store, code, 2567)
    assert any(t("synthetic_source") in x for x in texts(at))
    others = table_with(at, "flag_count")
    assert list(others["fiscal_year"]) == [fy_label(int(y)) for y in detail.other_years["fiscal_year"]]
    assert list(others["annual_status"]) == [status_label(s) for s in detail.other_years["status"]]
    table = table_with(at, "actual")
    assert [float(v) for v in table["actual"]] == list(detail.quarters["actual"])
    # a zero after the audited quarter reads "not yet evaluated", exactly where recorded_score is None
    expected = [t("not_yet_evaluated") if pd.isna(r) and not pd.isna(v) else ("—" if pd.isna(v) else f"{v:,.0f}")
                for v, r in zip(detail.quarters["evaluation_score"], detail.quarters["recorded_score"])]
    assert list(table["evaluation_score"]) == expected

    at.button(key="indicator_open_2565").click().run()
    assert not at.exception
    assert at.session_state["fy"] == 2565
    assert any("ปีงบประมาณ 2565" in x for x in texts(at)[:2])
    before = views.indicator_detail(demo_store, code, 2565)
    assert [float(v) for v in table_with(at, "actual")["actual"]] == list(before.quarters["actual"])


def test_search_by_name_offers_only_matching_indicators(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root, fy=2567)
    at.text_input(key="code_query").input("HR SMART").run()
    assert not at.exception
    options = at.selectbox(key="code").options
    assert options[0].startswith("0402-0810 ระดับความสำเร็จ")
    assert all("HR SMART" in o or o.startswith("0402-0810") for o in options)


def test_without_a_search_the_chooser_lists_the_agency_of_the_indicator_not_the_whole_store(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    options = at.selectbox(key="code").options
    assert options[0].startswith("0402-0810")
    assert 1 < len(options) < 20 and all(o.startswith("0402-") for o in options)


def test_english_mode_shows_ce_beside_be(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root, lang="en")
    header = "\n".join(texts(at)[:3])
    assert "FY 2564 (2021)" in header
    assert "Evaluator's audit (สยป.): Q1: 100" in header
    assert [b.label for b in at.expander][0] == "Progress report, Q1"
    assert list(table_with(at, "status")["status"])[:2] == ["Behind", "Behind"]


def test_unknown_code_in_the_url_says_so(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.query_params["code"] = "9999-9999"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("9999-9999" in w.value for w in at.warning)
    assert [float(v) for v in table_with(at, "actual")["actual"]] == [10.0, 25.0, 65.0, 100.0]  # the default shown


# -- stores other than the demo ----------------------------------------------------------------

def test_seed_only_store(seed_store, monkeypatch):
    at = open_page(monkeypatch, seed_store.root)
    assert not any("synthetic-demo" in w.value for w in at.warning)
    assert [o.split(" ")[0] for o in at.selectbox(key="code").options] == [SEED]
    assert [float(v) for v in table_with(at, "actual")["actual"]] == [10.0, 25.0, 65.0, 100.0]
    assert "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ" in list(table_with(at, "severity")["code"])
    assert any("ขั้นตอนที่ 1" in x for x in texts(at))
    assert any(t("imported_source") in x for x in texts(at))


def test_reports_and_text_with_markup_are_shown_as_plain_text(seed_store, tmp_path, monkeypatch):
    tables = seed_store.read_tables()
    results = tables["quarterly_results"].copy()
    results.loc[results["quarter"] == 2, "report_th"] = EVIL
    tables["quarterly_results"] = results
    indicators = tables["indicators"].copy()
    indicators["supporting_projects"] = "[click](javascript:alert(1)) <b>x</b>"
    tables["indicators"] = indicators
    store = Store(tmp_path / "evil")
    store.write(tables, note="markup in user text")
    at = open_page(monkeypatch, store.root)
    shown = texts(at)
    assert EVIL in shown
    assert "[click](javascript:alert(1)) <b>x</b>" in shown
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    assert not any("evil" in v or "<script>" in v or "javascript:" in v for v in rendered)
