"""The indicator page through AppTest: the seed shown as the source page shows it, and more."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import flag_label, fy_label, plan_source_label, status_label, t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from tests.conftest import shared_path

APP = "../../dashboard.py"
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


def amounts(column) -> list[float | None]:
    """Numbers as the table shows them ('1,035.00', '—' for none) read back."""
    return [None if v == "—" else float(v.replace(",", "")) for v in column]


def model_amounts(column) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in column]


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
    assert {c.split("-")[0] for c in own["indicator_code"]} == {"0402"}
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
    assert list(table["score_100"]) == ["40", "50", "86.7", "100"]  # one decimal at most
    assert list(table["evaluation_score"]) == ["100"] * 4  # recorded 100 every quarter, beside computed
    assert list(table.columns[:4]) == ["quarter", "status", "score_100", "evaluation_score"]
    assert "plan_source" not in table.columns  # behind the details switch
    at.toggle(key="indicator_quarters_details").set_value(True).run()
    table = table_with(at, "actual")
    assert list(table["plan_source"]) == ["แผนสมมติ (เส้นตรง 25-50-75-100)"] * 4
    assert list(table["evaluator_score"]) == ["100", "—", "—", "—"]


def test_seed_header_shows_what_the_source_page_shows(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    header = "\n".join(texts(at)[:2])
    assert "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน : 0402-0810" in header
    assert "ค่าเป้าหมาย ระดับ : 5\n" in header  # a level reads "5", not "5.00"
    assert "ผลงานที่ทำได้ ระดับ : 100\n" in header
    assert "ตัวชี้วัดเชิงยุทธศาสตร์ (ผลลัพธ์ (outcome))" in header
    assert "สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 1: 100" in header
    assert "0402 สำนักงานการเจ้าหน้าที่" in header
    assert ".txt" not in header and "synthetic-demo" not in header  # no file name or marker for a reader
    assert t("imported_source") in header
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("score_5")] == "5"
    assert metrics[t("computed_status_year")] == status_label("met")
    assert metrics[t("recorded_year", quarter=1)] == "100"  # BMA's recorded evaluation (the audit) leads
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
    # issue 25: the source page's header first and its long texts last, each a tap away (expanders)
    assert [b.label for b in at.expander] == [
        t("source_header"),
        t("fu_history", n=0),  # issue 27: the follow-up's history, after the verdict's explanation
        *(f"รายงานผลฯ ไตรมาสที่ {q}" for q in (1, 2, 3, 4)),
        t("source_details"),
    ]
    assert any("ขั้นตอนที่ 1" in x for x in shown)
    assert t("assumed_plan_note") in [c.value for c in at.caption]
    assert any(x.startswith("7 การบริหารจัดการเมืองมหานคร") and "7.3.1.1" in x for x in shown)
    assert t("no_projection_closed") in [c.value for c in at.caption]  # FY 2564 is closed: no projection
    assert not any("คาดว่าสิ้นปีจะได้" in x for x in shown)
    assert list(flags.columns[:3]) == ["severity", "code", "check"] and all(flags["check"])
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
    assert amounts(table["actual"]) == model_amounts(detail.quarters["actual"])
    # a zero after the audited quarter reads "not yet evaluated", exactly where recorded_score is None
    expected = [
        t("not_yet_evaluated") if pd.isna(r) and not pd.isna(v) else ("—" if pd.isna(v) else f"{v:,.0f}")
        for v, r in zip(detail.quarters["evaluation_score"], detail.quarters["recorded_score"])
    ]
    assert list(table["evaluation_score"]) == expected

    at.button(key="indicator_open_2565").click().run()
    assert not at.exception
    assert at.session_state["fy"] == 2565
    assert any("ปีงบประมาณ 2565" in x for x in texts(at)[:2])
    before = views.indicator_detail(demo_store, code, 2565)
    assert amounts(table_with(at, "actual")["actual"]) == model_amounts(before.quarters["actual"])


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
    assert [b.label for b in at.expander][2] == "Progress report, Q1"  # after the header and the follow-up's history
    assert list(table_with(at, "status")["status"])[:2] == ["Behind", "Behind"]


def test_unknown_code_in_the_url_says_so(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.query_params["code"] = "9999-9999"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("9999\\-9999" in w.value for w in at.warning)  # the code from the link, escaped (issue 23)
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


# -- the analyst's setting (ui/settings_editor.py) ---------------------------------------------

from pathlib import Path  # noqa: E402

from kpi_model.settings import save_setting  # noqa: E402
from ui.auth import hash_password  # noqa: E402
from ui.settings_editor import widget_key  # noqa: E402

SEED_PAGE = Path(__file__).resolve().parents[2] / "kpi_model" / "reference" / "seed_0402-0810.txt"
ACCOUNTS = {"somchai": {"role": "editor"}, "malee": {"role": "viewer"}}


@pytest.fixture
def own_store(tmp_path) -> Store:
    """A store of its own (the tests below write settings into it): the seed page only."""
    store = Store(tmp_path / "store")
    assert not import_paths(store, [SEED_PAGE], user="setup").rejected
    return store


def signed_in_page(monkeypatch, root, user: str | None, code: str = SEED, fy: int = 2564) -> AppTest:
    """The indicator page, opened by a link, after ``user`` signed in (None: nobody did)."""
    monkeypatch.setenv("KPI_STORE", str(root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["accounts"] = {
        name: {"password_hash": hash_password("pw", 1_000), **acc} for name, acc in ACCOUNTS.items()
    }
    at.query_params["fy"] = str(fy)
    at.query_params["code"] = code
    at.run()
    if user is not None:
        at.text_input(key="signin_user").input(user)
        at.text_input(key="signin_password").input("pw")
        at.form_submit_button[0].click().run()
        assert at.session_state["auth_user"] == user
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def statuses(at: AppTest) -> list[str]:
    return list(table_with(at, "actual")["status"])


def setting_widgets(at: AppTest) -> list[str]:
    keys = [w.key for w in [*at.text_input, *at.selectbox, *at.text_area, *at.radio, *at.button] if w.key]
    return [k for k in keys if k.startswith("setting_")]


def test_a_signed_in_editor_sets_a_plan_and_the_next_view_shows_the_new_verdict(own_store, monkeypatch):
    at = signed_in_page(monkeypatch, own_store.root, "somchai")
    assert statuses(at) == [status_label(s) for s in ("behind", "behind", "on_track", "met")]
    assert t("settings_none") in [i.value for i in at.info]
    before = own_store.version()

    for quarter, value in zip((1, 2, 3, 4), ("10", "30", "70", "100")):
        at.text_input(key=widget_key(f"plan_q{quarter}", SEED, 2564, "year")).input(value)
    at.text_area(key=widget_key("note", SEED, 2564, "year")).input("แผนตามขั้นตอนของโครงการ")
    at.button(key=widget_key("save", SEED, 2564, "year")).click().run()
    assert not at.exception, at.exception

    assert own_store.version() != before
    row = own_store.read("indicator_settings").iloc[0]
    assert (row["indicator_code"], int(row["fiscal_year"]), row["set_by"]) == (SEED, 2564, "somchai")
    assert row["set_at"].endswith("+00:00")
    # the same run shows the verdicts computed with the setting: 1.0, 0.833, 0.929, 1.0
    assert statuses(at) == [status_label(s) for s in ("met", "on_track", "on_track", "met")]
    assert any(own_store.version() in s.value for s in at.success)
    at.toggle(key="indicator_quarters_details").set_value(True).run()
    table = table_with(at, "actual")
    assert list(table["plan_source"]) == [plan_source_label("analyst")] * 4
    assert list(table["score_100"]) == ["100", "83.3", "92.9", "100"]
    current = next(d.value for d in at.dataframe if t("settings_set_by") in d.value.columns)
    assert list(current[t("settings_set_by")]) == ["somchai"]
    assert list(current[t("settings_note")]) == ["แผนตามขั้นตอนของโครงการ"]
    assert list(current[t("settings_plan")]) == ["10 / 30 / 70 / 100"]

    # a fresh view of the page (a new session, nobody signed in) shows the new verdict too
    later = open_page(monkeypatch, own_store.root)
    assert statuses(later) == [status_label(s) for s in ("met", "on_track", "on_track", "met")]


def test_an_editor_s_bad_input_writes_nothing_and_says_which_field(own_store, monkeypatch):
    at = signed_in_page(monkeypatch, own_store.root, "somchai")
    before, log = own_store.version(), len(own_store.import_log())
    at.text_input(key=widget_key("plan_q1", SEED, 2564, "year")).input("สิบ")
    at.text_input(key=widget_key("plan_q4", SEED, 2564, "year")).input("120")
    at.button(key=widget_key("save", SEED, 2564, "year")).click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [t("settings_rejected")]
    problems = next(d.value for d in at.dataframe if t("settings_field") in d.value.columns)
    assert set(problems[t("settings_field")]) == {t("settings_plan_q", quarter=1), t("settings_plan_q", quarter=4)}
    assert any("ไม่ใช่ตัวเลข" in m for m in problems[t("message")])
    assert any("เกิน 100" in m for m in problems[t("message")])
    assert own_store.version() == before and len(own_store.import_log()) == log
    assert own_store.read("indicator_settings").empty
    assert statuses(at) == [status_label(s) for s in ("behind", "behind", "on_track", "met")]


def test_an_editor_sets_every_year_with_a_direction(own_store, monkeypatch):
    at = signed_in_page(monkeypatch, own_store.root, "somchai")
    at.radio(key=f"setting_scope_{SEED}_2564").set_value("every").run()
    at.selectbox(key=widget_key("accumulation", SEED, 2564, "every")).set_value("snapshot")
    at.button(key=widget_key("save", SEED, 2564, "every")).click().run()
    assert not at.exception, at.exception
    row = own_store.read("indicator_settings").iloc[0]
    assert pd.isna(row["fiscal_year"]) and row["accumulation"] == "snapshot"
    detail = views.indicator_detail(own_store, SEED, 2564)
    assert set(detail.quarters["accumulation_source"]) == {"analyst"}


@pytest.mark.parametrize("user", [None, "malee"])
def test_a_viewer_sees_the_setting_but_no_form(own_store, monkeypatch, user):
    result = save_setting(
        own_store,
        {
            "indicator_code": SEED,
            "fiscal_year": 2564,
            "plan_q1": "10",
            "plan_q2": "30",
            "plan_q3": "70",
            "plan_q4": "100",
            "note": "**ตัวหนา** [x](http://evil)",
        },
        user="somchai",
    )
    assert not result.rejected
    at = signed_in_page(monkeypatch, own_store.root, user)
    assert setting_widgets(at) == []  # no form, no scope switch, no save button
    assert not any(f.key and f.key.startswith("setting_") for f in at.get("form"))
    assert t("settings_sign_in") in [c.value for c in at.caption]
    current = next(d.value for d in at.dataframe if t("settings_set_by") in d.value.columns)
    assert list(current[t("settings_set_by")]) == ["somchai"]
    assert list(current[t("settings_note")]) == ["**ตัวหนา** [x](http://evil)"]  # as typed, in a table
    assert not any("evil" in m.value for m in at.markdown)
    assert statuses(at) == [status_label(s) for s in ("met", "on_track", "on_track", "met")]


def test_the_indicator_page_offers_its_agencys_briefing_pack(demo_store, monkeypatch):
    at = open_page(monkeypatch, demo_store.root)
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("brief_download") in labels
