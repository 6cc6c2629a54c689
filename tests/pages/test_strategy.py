"""The strategy page through AppTest: drill down the tree and check what is shown against the
model for the same branch and period; plus the view it added (plan_source_counts)."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Filters, Store
from tests.conftest import shared_path

APP = "../../dashboard.py"
PAGE = "pages/strategy.py"


@pytest.fixture
def app(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("seed-store"))
    import_paths(store, [shared_path("seeds")])
    return store


def open_page(at: AppTest, fy: int | None = None, quarter: int | None = None) -> AppTest:
    """Run the app, choose the period in the sidebar (AppTest drops the sidebar after a page
    switch, so the period is set first), then open the strategy page."""
    at.run()
    if fy is not None:
        at.selectbox(key="fy").set_value(fy)
    if quarter is not None:
        at.selectbox(key="q").set_value(quarter)
    return at.switch_page(PAGE).run()


def go(at: AppTest, code: str) -> AppTest:
    return at.selectbox(key="strategy").set_value(code).run()


def crumbs(at: AppTest) -> list[str]:
    """The breadcrumbs as a reader sees them (the labels are markdown with data escaped)."""
    return [re.sub(r"\\(.)", r"\1", b.label) for b in at.button if b.key and b.key.startswith("strategy_crumb_")]


def table(at: AppTest, key: str):
    found = [d for d in at.dataframe if d.key == key]
    assert found, f"no table {key}; tables: {[d.key for d in at.dataframe]}"
    return found[0].value


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def provenance(at) -> str:
    """What the headline counts, in the expander one tap from the first screen (issue 25)."""
    return " ".join(m.value for e in at.expander for m in e.markdown)


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


def visible_text(at: AppTest) -> list[str]:
    return [e.value for e in (*at.title, *at.subheader, *at.caption, *at.info, *at.metric)] + crumbs(at)


# ---- drilling down --------------------------------------------------------------------------


def test_the_page_opens_on_the_whole_plan_with_one_row_per_dimension(app, demo_store):
    at = open_page(app)
    assert not at.exception
    assert at.title[0].value == "ผลการดำเนินงานตามยุทธศาสตร์"
    root = views.strategy_node(demo_store, None)
    assert crumbs(at) == ["ทุกด้านยุทธศาสตร์"]
    shown = table(at, "strategy_children_all")
    assert sorted(shown["strategy_code"]) == sorted(c for c, _, _ in root.children)
    assert list(shown["strategy_code"]) == list(
        views.branch_children(demo_store, None, 2567, 4, worst_first=True)["strategy_code"]
    )
    scores = [s for s in shown["mean_score_100"] if s == s]
    assert scores == sorted(scores)  # worst first
    assert list(shown.columns[:4]) == ["mean_score_100", "share_behind", "recorded", "name"]
    assert len(root.children) == 7


def test_drilling_to_7_then_7_3_shows_both_names_in_the_breadcrumbs(app, demo_store):
    at = open_page(app)
    go(at, "7")
    go(at, "7.3")
    assert not at.exception
    seven, issue = views.strategy_node(demo_store, "7"), views.strategy_node(demo_store, "7.3")
    assert crumbs(at) == ["ทุกด้านยุทธศาสตร์", f"7 {seven.name_th}", f"7.3 {issue.name_th}"]
    assert re.sub(r"\\(.)", r"\1", at.subheader[0].value) == f"7.3 {issue.name_th}"
    assert any(c.value.startswith("ประเด็นยุทธศาสตร์ · ไตรมาส 4 ปีงบประมาณ 2567") for c in at.caption)


def test_a_breadcrumb_goes_back_up(app, demo_store):
    at = open_page(app)
    go(at, "7")
    go(at, "7.3")
    at.button(key="strategy_crumb_1").click().run()
    assert not at.exception
    assert at.selectbox(key="strategy").value == "7"
    assert len(table(at, "strategy_children_7")) == len(views.strategy_node(demo_store, "7").children)
    at.button(key="strategy_crumb_0").click().run()
    assert at.selectbox(key="strategy").value == "all"
    assert crumbs(at) == ["ทุกด้านยุทธศาสตร์"]


def test_children_table_has_one_row_per_child_with_the_models_rollup(app, demo_store):
    at = open_page(app, 2566, 3)
    go(at, "7")
    node = views.strategy_node(demo_store, "7")
    shown = table(at, "strategy_children_7")
    assert len(shown) == len(node.children)
    model = views.branch_children(demo_store, "7", 2566, 3, worst_first=True)
    assert list(shown["strategy_code"]) == list(model["strategy_code"])
    assert list(shown["indicator_count"]) == list(model["indicator_count"])
    assert shown["mean_score_100"].round(6).tolist() == model["mean_score_100"].astype(float).round(6).tolist()
    status = figure(at, "strategy_children_status")  # the charts keep the tree's order
    in_tree_order = views.branch_children(demo_store, "7", 2566, 3)
    met = next(tr for tr in status if tr["name"] == "บรรลุเป้าหมาย")
    assert [round(float(x), 6) for x in met["x"]] == [round(float(x), 6) for x in in_tree_order["share_met"].fillna(0)]


def test_headline_is_the_models_rollup_for_the_branch_and_period(app, demo_store):
    at = open_page(app, 2565, 2)
    go(at, "2")
    assert not at.exception
    cur = demo_store.rollup([], Filters(strategy="2", fiscal_years=(2565,), quarters=(2,)))[0]
    shown = metrics(at)
    assert f"จำนวนตัวชี้วัด {cur.indicator_count:,}" in provenance(at)  # issue 25: a tap away
    assert shown["คะแนนเฉลี่ย (0–100)"] == f"{cur.mean_score_100:.1f}"
    assert shown["บรรลุเป้าหมาย"] == f"{cur.share_met:.0%}"
    assert shown["ต่ำกว่าเป้าหมาย"] == f"{cur.share_behind:.0%}"
    assert cur.indicator_count < demo_store.rollup([], Filters(fiscal_years=(2565,), quarters=(2,)))[0].indicator_count


def test_quarter_chart_plots_the_models_plan_and_progress_and_says_the_plan_is_assumed(app, demo_store):
    at = open_page(app, 2567, 4)
    go(at, "7.3.1")
    by_quarter = views.branch_by_quarter(demo_store, "7.3.1", 2567)
    fig = figure(at, "strategy_quarters")
    plan, actual, score = fig
    assert [round(float(v), 6) for v in plan["y"]] == [round(v, 6) for v in by_quarter["mean_plan"]]
    assert [round(float(v), 6) for v in actual["y"]] == [round(v, 6) for v in by_quarter["mean_progress"]]
    assert [round(float(v), 6) for v in score["y"]] == [round(v, 6) for v in by_quarter["mean_score_100"]]
    counts = views.plan_source_counts(demo_store, Filters(strategy="7.3.1", fiscal_years=(2567,)))
    assert counts.assumed > 0 and counts.recorded > 0
    note = t("strategy_plan_mixed", "th", assumed=counts.assumed, total=counts.total)
    assert any(c.value.startswith(note) and t("assumed_plan_note") in c.value for c in at.caption)


# ---- the measure level and its indicators -----------------------------------------------------


def test_measure_7_3_1_1_in_fy_2564_lists_the_seed_indicator(app, demo_store):
    at = open_page(app, 2564, 4)
    go(at, "7.3.1.1")
    assert not at.exception
    node = views.strategy_node(demo_store, "7.3.1.1")
    assert node.depth == 4 and not node.children
    assert not [d for d in at.dataframe if d.key and d.key.startswith("strategy_children_")]
    shown = table(at, "strategy_indicators")
    model = views.branch_indicators(demo_store, "7.3.1.1", 2564, 4)
    assert len(shown) == len(model)
    assert "0402-0810" in set(shown["indicator_code"])
    seed = shown[shown["indicator_code"] == "0402-0810"].iloc[0]
    assert seed["status"] == "บรรลุเป้าหมาย"
    assert list(shown.columns[:4]) == ["status", "score_100", "recorded", "name"]
    at.toggle(key="strategy_indicators_details").set_value(True).run()
    seed = table(at, "strategy_indicators").set_index("indicator_code").loc["0402-0810"]
    assert seed["unit"] == "ระดับ" and seed["target"] == 5
    count = views.row_count(demo_store, Filters(strategy="7.3.1.1", fiscal_years=(2564,), quarters=(4,)))
    assert f"จำนวนตัวชี้วัด {count:,}" in provenance(at)


def pick_seed_row(at: AppTest) -> AppTest:
    go(at, "7.3.1.1")
    shown = table(at, "strategy_indicators")
    row = list(shown["indicator_code"]).index("0402-0810")
    at.session_state["strategy_indicators"] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def test_choosing_an_indicator_row_opens_the_indicator_page(app):
    at = pick_seed_row(open_page(app, 2564, 4))
    assert not at.exception
    assert at.title[0].value != "ผลการดำเนินงานตามยุทธศาสตร์"  # now on the indicator page
    assert at.selectbox(key="code").value == "0402-0810"


def test_the_indicator_page_opens_in_the_period_year(app):
    at = pick_seed_row(open_page(app, 2564, 4))
    assert at.session_state["fy"] == 2564


def test_english_mode_names_the_branch_in_english(app, demo_store):
    at = open_page(app)
    at.session_state["lang"] = "en"
    at.run()
    go(at, "7")
    assert not at.exception
    assert at.title[0].value == "Performance by strategy"
    seven = views.strategy_node(demo_store, "7")
    assert crumbs(at) == ["All dimensions", f"7 {seven.name_en}"]
    assert any("FY 2567 (2024)" in c.value for c in at.caption)


def test_nothing_shows_none_or_nan(app):
    at = open_page(app, 2564, 1)
    for code in ("1", "1.1", "1.1.1", "1.1.1.1"):
        go(at, code)
        assert not at.exception
        for text in visible_text(at):
            assert "None" not in text and "nan" not in text, text


# ---- a store holding only the imported seed -----------------------------------------------------


def test_seed_only_store_drills_to_the_one_indicator(seed_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(seed_store.root))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception
    assert any("ไตรมาส 4 ปีงบประมาณ 2564" in c.value for c in at.caption)
    go(at, "7.3.1.1")
    assert not at.exception
    assert "จำนวนตัวชี้วัด 1 ·" in provenance(at)
    assert metrics(at)["คะแนนเฉลี่ย (0–100)"] == "100.0"
    shown = table(at, "strategy_indicators")
    assert list(shown["indicator_code"]) == ["0402-0810"]
    # the detail page records no plan: every chart and table says the plan is assumed
    assert sum(c.value == t("assumed_plan_note") for c in at.caption) >= 2
    fig = figure(at, "strategy_quarters")
    assert [round(float(v), 3) for v in fig[1]["y"]] == [0.1, 0.25, 0.65, 1.0]
    assert not at.warning  # no synthetic banner: the seed is real


def test_seed_only_store_shows_empty_children_in_words(seed_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(seed_store.root))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    go(at, "1")
    assert not at.exception
    assert any(i.value == t("strategy_no_indicators") for i in at.info)
    shown = table(at, "strategy_children_1")
    assert len(shown) == len(views.strategy_node(seed_store, "1").children)
    assert set(shown["indicator_count"]) == {0}


# ---- the view the page added ------------------------------------------------------------------------


def test_plan_source_counts_splits_the_rollup_by_plan_source(demo_store):
    f = Filters(strategy="7", fiscal_years=(2567,), quarters=(4,))
    counts = views.plan_source_counts(demo_store, f)
    assert counts.total == demo_store.rollup([], f)[0].indicator_count
    rows = views.indicator_rows(demo_store, f)
    assert counts.assumed == int((rows["plan_source"] == "assumed").sum())


def test_plan_source_counts_of_the_seed_are_all_assumed_and_empty_is_zero(seed_store):
    assert views.plan_source_counts(seed_store, Filters(fiscal_years=(2564,))) == views.PlanSourceCounts(0, 4)
    assert views.plan_source_counts(seed_store, Filters(fiscal_years=(2599,))) == views.PlanSourceCounts(0, 0)


def test_the_strategy_page_offers_the_branchs_briefing_pack(app):
    at = go(open_page(app, 2567, 4), "7")
    assert not at.exception, at.exception
    assert t("brief_download") in [b.proto.label for b in at.get("download_button")]
