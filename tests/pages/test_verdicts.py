"""Verdicts a reader can check (DESIGN §6), page by page through AppTest: BMA's recorded
evaluation leads, the computed status stands beside it with its plan and direction, the
thresholds are said, no data has its own colour, "behind" lists hold only what is behind.
Every assertion compares what a page shows with the model for the same filters."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import explain, labels, views
from kpi_model.columns import column_label
from kpi_model.i18n import agency_label, recorded_status_label, status_label, t
from kpi_model.store import Filters, Store
from tests.factories import verdict_tables
from ui.theme import NO_DATA_COLOR

APP = "../../dashboard.py"
FY = 2564


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("verdict-pages"))
    s.write(verdict_tables(), note="verdict cases")
    return s


def open_app(monkeypatch, store: Store, page: str | None = None, lang: str = "th", **params: str) -> AppTest:
    """The app opened by a link carrying ``params`` (``fy``, ``q``, ``code`` …), on ``page``."""
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if lang != "th":
        at.query_params["lang"] = lang
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, key: str):
    found = [d for d in at.dataframe if d.key == key]
    assert found, f"no table {key}; tables: {[d.key for d in at.dataframe]}"
    return found[0].value


def behind_table(at: AppTest):
    """The overview's "agencies behind" table (a table without row selection has no key in
    AppTest: found by its columns)."""
    found = [d.value for d in at.dataframe if "behind_of" in d.value.columns]
    return found[0] if found else None


def figure(at: AppTest, key: str) -> list[dict]:
    """The traces of the chart ``key`` as sent to the browser, arrays decoded."""
    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith(key):
            return [{k: _array(v) for k, v in trace.items()} for trace in json.loads(chart.proto.spec)["data"]]
    raise AssertionError(f"no chart {key}")


def _array(value):
    if isinstance(value, dict) and "bdata" in value:  # plotly's typed-array encoding
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value


def legend(traces: list[dict]) -> list[str]:
    return [tr.get("name") for tr in traces if tr.get("showlegend", tr.get("type") != "sunburst")]


def layout(at: AppTest, key: str) -> dict:
    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith(key):
            return json.loads(chart.proto.spec)["layout"]
    raise AssertionError(f"no chart {key}")


def page_legends(at: AppTest) -> list[str]:
    """The page's status legends (issue 25: one per page, the thresholds in words in it)."""
    return [h.proto.body for h in at.get("html") if 'class="kpi-legend"' in h.proto.body]


def said_once(at: AppTest) -> bool:
    """The thresholds are said once: one legend, each status with its rule, and no second
    sentence repeating them."""
    [one] = page_legends(at)
    rules = (
        t("legend_met", met="100%"),
        t("legend_on_track", met="100%", on_track="80%"),
        t("legend_behind", on_track="80%"),
    )
    return all(r in one for r in rules) and labels.thresholds_text() not in [c.value for c in at.caption]


# ---- overview -----------------------------------------------------------------------------------


def test_overview_leads_with_bma_s_recorded_evaluation_and_names_what_it_counts(store, monkeypatch):
    at = open_app(monkeypatch, store, fy=str(FY), q="2")
    basis = views.verdict_basis(store, FY, 2)
    shown = metrics(at)
    assert shown[t("rec_met")] == f"{basis.recorded.met:,}" == "1"
    assert shown[t("rec_not_met")] == f"{basis.recorded.not_met:,}"
    assert shown[t("rec_not_evaluated")] == f"{basis.recorded.not_evaluated:,}"
    assert shown[t("rec_none")] == f"{basis.recorded.none:,}" == "7"
    metric_labels = [m.label for m in at.metric]
    # issue 25: the computed figures an executive came for first, BMA's recorded figures
    # beside them on the same first screen (before the trend), what they count one tap away
    assert metric_labels.index(t("mean_score")) < metric_labels.index(t("rec_met"))
    assert f"**{t('recorded_headline', n=basis.indicator_count)}**" in [m.value for m in at.markdown]
    basis_line = labels.basis_text(basis.indicator_count, basis.plans.as_dict(), basis.lower, basis.inferred)
    assert basis_line.startswith("ตัวชี้วัด 8 รายการ · คำนวณเทียบแผน (สมมติ 7 รายการ)")
    assert any(basis_line in m.value for m in at.expander[0].markdown)  # one tap away
    assert said_once(at)


def test_overview_says_in_one_line_what_bma_recorded_when_it_says_one_thing(demo_store, monkeypatch):
    at = open_app(monkeypatch, demo_store)  # the demo's latest quarter: BMA has evaluated none of it yet
    period = views.latest_period(demo_store)
    rec = views.verdict_basis(demo_store, period.fiscal_year, period.quarter).recorded
    assert rec.not_evaluated == rec.total > 0
    line = labels.recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none)
    assert line == f"ผลประเมิน กทม. (บันทึก): ยังไม่ได้ประเมินตัวชี้วัดทั้ง {rec.total:,} รายการของไตรมาสนี้"
    assert f"**{line}**" in [m.value for m in at.markdown]
    assert t("rec_met") not in [m.label for m in at.metric]  # one line, not four zeros and a count
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("overview_recorded")]  # a sentence, no chart
    assert t("recorded_chart_skipped") in [c.value for c in at.caption]


def test_overview_lists_only_agencies_that_are_behind_by_code_when_unnamed(store, monkeypatch):
    at = open_app(monkeypatch, store, fy=str(FY), q="1")
    shown = behind_table(at)
    model = views.agencies_behind(store, FY, 1)
    assert list(shown["agency"]) == ["9999", "5047 สำนักงานเขตบางนา"]
    assert list(shown["mean_score_100"]) == pytest.approx(list(model["mean_score_100"]))
    assert all(v < 80 for v in shown["mean_score_100"])
    assert list(shown["recorded"]) == labels.recorded_summary(model)
    later = open_app(monkeypatch, store, fy=str(FY), q="4")  # 0402 at 100 is not behind; nobody else scored
    assert behind_table(later) is None
    assert t("no_agencies_behind", limit="80") in [i.value for i in later.info]


def test_overview_draws_no_data_in_its_own_colour_never_as_zero(store, monkeypatch):
    at = open_app(monkeypatch, store, fy=str(FY), q="4")
    tree = figure(at, "overview_tree")
    sunburst = tree[0]
    colors = dict(zip(sunburst["ids"], sunburst["marker"]["colors"]))
    assert colors["1"] == NO_DATA_COLOR and colors["2"] == NO_DATA_COLOR  # no score in Q4
    assert colors["7"] != NO_DATA_COLOR
    # issue 25: one legend per page — the page's says what no data and "not yet evaluated"
    # look like; the charts refer to it and draw no key of their own
    [one] = page_legends(at)
    assert status_label("no_data") in one and NO_DATA_COLOR in one
    for key in ("overview_tree", "overview_status", "overview_recorded"):
        assert layout(at, key)["showlegend"] is False, key
    assert recorded_status_label("not_evaluated") in one or t("rec_not_evaluated") in one


def test_overview_on_the_demo_lists_only_behind_agencies(demo_store, monkeypatch):
    at = open_app(monkeypatch, demo_store)
    period = views.latest_period(demo_store)
    model = views.agencies_behind(demo_store, period.fiscal_year, period.quarter, limit=10)
    shown = behind_table(at)
    assert len(shown) == len(model) > 0
    assert (shown["mean_score_100"] < 80).all()
    assert list(shown["agency"]) == [
        agency_label(c, th, en) for c, th, en in zip(model["agency_code"], model["name_th"], model["name_en"])
    ]


# ---- strategy -----------------------------------------------------------------------------------


def test_strategy_tables_show_the_recorded_evaluation_beside_the_computed_status(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/strategy.py", fy=str(FY), q="2")
    kids = table(at, "strategy_children_all")
    model = views.branch_children(store, None, FY, 2, worst_first=True)
    assert list(kids["recorded"]) == labels.recorded_summary(model)
    assert list(kids.columns).index("mean_score_100") < list(kids.columns).index("recorded") < 3
    at.selectbox(key="strategy").set_value("7.3.1.1").run()
    at.toggle(key="strategy_indicators_details").set_value(True).run()
    rows = table(at, "strategy_indicators")
    columns = list(rows.columns)
    # issue 14: the computed status, its score and BMA's recorded evaluation lead, side by side
    assert columns[:3] == ["status", "score_100", "recorded"] and columns.index("plan_source") > 3
    lower = rows[rows["indicator_code"] == "0402-0003"].iloc[0]
    assert (lower["recorded"], lower["status"]) == ("100 · บรรลุเป้าหมาย", status_label("on_track"))
    assert lower["direction"] == "ยิ่งน้อยยิ่งดี (ระบบอนุมาน)"
    assert lower["plan_source"] == "แผนสมมติ (เส้นตรง 25-50-75-100)"
    assert said_once(at)
    assert (
        metrics(at)[t("rec_met")] == f"{views.verdict_basis(store, FY, 2, Filters(strategy='7.3.1.1')).recorded.met:,}"
    )


# ---- agencies & quarters ---------------------------------------------------------------------------


def test_agencies_table_leads_with_the_recorded_evaluation_and_shows_unknown_agencies_by_code(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/agencies.py", fy=str(FY), q="2")
    assert "9999" in at.multiselect(key="agency").options
    at.multiselect(key="quarters").set_value([1, 2]).run()
    at.toggle(key="agencies_details").set_value(True).run()
    shown = next(d.value for d in at.dataframe if "indicator_code" in d.value.columns)
    model = labels.label_rows(views.indicator_rows(store, Filters(fiscal_years=(FY,), quarters=(1, 2))))
    assert list(shown["recorded"]) == list(model["recorded"])
    assert list(shown["direction"]) == list(model["direction"])
    columns = list(shown.columns)
    assert columns[:3] == ["status", "score_100", "recorded"]
    assert set(shown.loc[shown["indicator_code"] == "9999-0001", "agency_name"]) == {"9999"}
    assert said_once(at)


# ---- indicator ---------------------------------------------------------------------------------------


def panel_text(at: AppTest) -> list[str]:
    return [x.value for x in at.text]


def test_indicator_panel_explains_a_lower_kpi_with_its_numbers(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/indicator.py", fy=str(FY), q="2", code="0402-0003")
    assert t("explain_title") in [s.value for s in at.subheader]
    assert at.radio(key="verdict_quarter").value == 2  # the sidebar's quarter
    model = views.verdict_explanation(store, "0402-0003", FY, 2)
    shown = panel_text(at)
    for part in (model.quarter, model.year):
        assert all(s.text in shown for s in part.steps)
    assert "เพดานสะสม 30 = 50 % × 60; 30 ÷ ผลงาน 31 = 0.97" in model.quarter.step("formula").text
    assert explain.flag_check("direction_inferred") in " ".join(c.value for c in at.caption)
    curve = figure(at, "indicator_curve")
    assert curve[0]["y"] == [15, 30, 45, 60]  # the cap so far, in the unit
    assert curve[1]["y"] == [4, 31, 40, 55]
    quarters = next(d.value for d in at.dataframe if "evaluation_score" in d.value.columns)
    columns = list(quarters.columns)
    assert (
        columns.index("status")
        < columns.index("score_100")
        < columns.index("evaluation_score")
        < columns.index("actual")
    )
    assert list(quarters["agreement"]) == [t("bands_agree"), t("bands_differ"), "—", "—"]

    at.radio(key="verdict_quarter").set_value(3).run()
    assert not at.exception
    q3 = views.verdict_explanation(store, "0402-0003", FY, 3).quarter
    assert q3.step("recorded").text in panel_text(at)


def test_indicator_chart_draws_a_snapshot_rate_against_the_flat_target(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/indicator.py", fy=str(FY), q="3", code="0402-0004")
    curve = figure(at, "indicator_curve")
    assert curve[0]["y"] == [95, 95, 95, 95]
    assert curve[1]["y"] == [96, 98, 70, 99]
    assert t("chart_target_title") in " ".join(m.value for m in at.markdown)
    assert "ผลงาน 70 ÷ เป้าหมาย 95 = 0.74" in " ".join(panel_text(at))
    # issue 25: the page's one legend says what no data looks like; the charts keep only their series
    assert status_label("no_data") in page_legends(at)[0]
    assert status_label("no_data") not in legend(curve) + legend(figure(at, "indicator_scores"))
    assert legend(curve) == ["ค่าเป้าหมาย 95.00 ร้อยละ", "ผลงาน (ร้อยละ)"]


def test_indicator_chart_says_no_data_instead_of_drawing_zero(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/indicator.py", fy=str(FY), q="3", code="5047-0005")
    curve = figure(at, "indicator_curve")
    assert all(v is None or v != v for v in curve[1]["y"][2:])  # the unreported 0 and Q4: no point, never 0
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("indicator_curve"))
    assert sum(a.get("text") == status_label("no_data") for a in spec["layout"]["annotations"]) == 2
    assert t("f_not_reported", actual="0") in panel_text(at)


def test_indicator_panel_in_english(store, monkeypatch):
    at = open_app(monkeypatch, store, "pages/indicator.py", lang="en", fy=str(FY), q="2", code="0402-0003")
    assert t("explain_title", "en") in [s.value for s in at.subheader]
    model = views.verdict_explanation(store, "0402-0003", FY, 2, "en")
    assert model.quarter.step("formula").text in panel_text(at)
    assert column_label("evaluation_score", "en") == "BMA evaluation (recorded)"
