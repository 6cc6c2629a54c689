"""The overview (home page) through AppTest on the demo store."""

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.store import Filters

APP = "../../dashboard.py"


@pytest.fixture
def app(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_headline_matches_the_model(app, demo_store):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "ภาพรวมตัวชี้วัดกรุงเทพมหานคร"
    total = demo_store.rollup([], Filters(fiscal_years=(2567,), quarters=(4,)))[0]
    head = views.headline(demo_store, 2567, 4)
    metrics = {m.label: m for m in at.metric}
    # issue 25: what the figures count is one tap away (the provenance expander), not a figure
    assert "จำนวนตัวชี้วัด" not in metrics
    assert any(f"จำนวนตัวชี้วัด {total.indicator_count:,}" in m.value for m in at.expander[0].markdown)
    assert metrics["คะแนนเฉลี่ย (0–100)"].value == f"{total.mean_score_100:.1f}"
    assert metrics["คะแนนเฉลี่ย (0–100)"].delta == f"{head.score_vs_previous:+.1f}"
    assert metrics["บรรลุเป้าหมาย"].value == f"{total.share_met:.0%}"
    # FY 2567 is over: its Q4 says "not met" (on track + behind), no longer "behind"
    assert metrics["ไม่บรรลุเป้าหมายทั้งปี"].value == f"{total.share_on_track + total.share_behind:.0%}"
    assert "ต่ำกว่าเป้าหมาย" not in metrics
    worst = views.glance(demo_store, 2567, 4).worst_branch
    dims = views.by_dimension(demo_store, 2567, 4)
    assert worst is not None and worst.mean_score_100 == dims["mean_score_100"].min()
    assert metrics["ด้านที่คะแนนต่ำสุด"].value == f"{worst.mean_score_100:.1f}"
    assert any("ข้อมูลสาธิต" in w.value for w in at.warning)
    assert not any("synthetic-demo" in w.value for w in at.warning)  # the marker is for the data, not for readers


def test_a_link_with_the_period_reproduces_the_view(app, demo_store):
    app.query_params["fy"] = "2565"
    app.query_params["q"] = "2"
    at = app.run()
    assert not at.exception
    assert at.query_params == {"fy": "2565", "q": "2"}
    total = demo_store.rollup([], Filters(fiscal_years=(2565,), quarters=(2,)))[0]
    shown = {m.label: m.value for m in at.metric}
    assert shown["คะแนนเฉลี่ย (0–100)"] == f"{total.mean_score_100:.1f}"
    assert shown["ต่ำกว่าเป้าหมาย"] == f"{total.share_behind:.0%}"  # a second quarter: behind, not "not met"
    assert "ไตรมาส 2 ปีงบประมาณ 2565" in [c.value for c in at.caption]


def test_english_switch_shows_ce_beside_be(app):
    app.query_params["lang"] = "en"
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "BMA indicators at a glance"
    assert any("FY 2567 (2024)" in c.value for c in at.caption)


def test_overview_lists_the_agencies_furthest_behind_and_movers(app, demo_store):
    at = app.run()
    risers, fallers = views.movers(demo_store, 2567, 4, limit=5)
    assert len(at.dataframe) >= 2
    shown = [d.value for d in at.dataframe if "indicator_code" in d.value.columns]
    assert any(list(f["indicator_code"]) == list(risers["indicator_code"]) for f in shown)
    assert any(list(f["indicator_code"]) == list(fallers["indicator_code"]) for f in shown)
    behind = views.agencies_behind(demo_store, 2567, 4, limit=10)
    listed = [d.value for d in at.dataframe if "agency" in d.value.columns]
    assert len(behind) > 0 and len(listed) == 1
    assert [a.split(" ")[0] for a in listed[0]["agency"]] == list(behind["agency_code"])
    assert (listed[0]["mean_score_100"] < 80).all()  # a list titled behind holds only what is behind


def test_a_link_with_values_not_in_the_store_falls_back_to_the_latest_period(app):
    app.query_params["fy"] = "2999"
    app.query_params["q"] = "9"
    at = app.run()
    assert not at.exception
    assert "ไตรมาส 4 ปีงบประมาณ 2567" in [c.value for c in at.caption]
    assert at.query_params["fy"] == "2567" and at.query_params["q"] == "4"  # the link now names the year it shows


def test_every_link_carries_the_year_even_the_latest(app):
    at = app.run()
    assert at.query_params["fy"] == "2567" and at.query_params["q"] == "4"


def test_changes_are_measured_on_the_indicators_both_periods_hold(demo_store):
    now = views.overview._scored(demo_store, Filters(fiscal_years=(2565,), quarters=(1,)))
    then = dict(list(now.items())[:1])  # one indicator against many
    got = views.overview.compare(now, then)
    assert got is not None and got.matched == 1 and not got.same_set
    only = next(iter(then))
    assert got.score == pytest.approx(0.0)  # the same indicator against itself, not 1 against 600
    assert views.overview.compare({only: now[only]}, {"other": now[only]}) is None
    head = views.headline(demo_store, 2565, 1)
    assert head.vs_last_year is not None and head.vs_last_year.matched <= head.current.indicator_count


def test_a_zero_change_has_no_arrow():
    from ui.widgets import _delta

    assert _delta(0.0004) == {"delta": "+0.0", "delta_color": "off", "delta_arrow": "off"}
    assert _delta(-0.0001, share=True)["delta_arrow"] == "off"
    assert _delta(1.25)["delta"] == "+1.2" and "delta_arrow" not in _delta(1.25)


def test_the_trend_follows_the_chosen_agency(app, demo_store):
    """Choosing an agency redraws the trend from that agency's rows: its computed line's last
    point is the agency's mean score in the period (the model's, rounded as drawn)."""
    import json
    import math

    at = app.run()
    choice = at.selectbox(key="trend")
    assert choice.value == "city" and "0402 สำนักงานการเจ้าหน้าที่" in choice.options
    choice.set_value("agency:0402").run()
    assert not at.exception, at.exception
    trend = views.quarter_trend(demo_store, 2567, 4, Filters(agency_codes=("0402",)))
    last = float(trend["mean_score_100"].iloc[-1])
    city = float(views.quarter_trend(demo_store, 2567, 4)["mean_score_100"].iloc[-1])
    assert not math.isclose(last, city)  # so the chart shows the agency's, not the city's
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "overview_trend" in c.proto.id)
    computed = next(tr for tr in spec["data"] if tr.get("mode") == "lines+markers")
    assert not math.isnan(last) and math.isclose(computed["y"][-1], last, abs_tol=1e-6)
