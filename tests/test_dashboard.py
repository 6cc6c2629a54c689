"""The overview (home page) through AppTest on the demo store."""

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.store import Filters

APP = "../dashboard.py"


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
    assert metrics["จำนวนตัวชี้วัด"].value == f"{total.indicator_count:,}"
    assert metrics["คะแนนเฉลี่ย (0–100)"].value == f"{total.mean_score_100:.1f}"
    assert metrics["คะแนนเฉลี่ย (0–100)"].delta == f"{head.score_vs_previous:+.1f}"
    assert metrics["บรรลุเป้าหมาย"].value == f"{total.share_met:.0%}"
    assert any("synthetic-demo" in w.value for w in at.warning)


def test_overview_follows_the_chosen_period(app, demo_store):
    at = app.run()
    at.selectbox(key="fy").set_value(2565)
    at.selectbox(key="q").set_value(2)
    at.run()
    assert not at.exception
    total = demo_store.rollup([], Filters(fiscal_years=(2565,), quarters=(2,)))[0]
    assert {m.label: m.value for m in at.metric}["คะแนนเฉลี่ย (0–100)"] == f"{total.mean_score_100:.1f}"
    assert "ไตรมาส 2 ปีงบประมาณ 2565" in [c.value for c in at.caption]


def test_english_switch_shows_ce_beside_be(app):
    at = app.run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "BMA indicators at a glance"
    assert any("FY 2567 (2024)" in c.value for c in at.caption)


def test_overview_lists_the_agencies_furthest_behind_and_movers(app, demo_store):
    at = app.run()
    risers, fallers = views.movers(demo_store, 2567, 4, limit=5)
    tables = {d.proto.id: d for d in at.dataframe}
    assert len(at.dataframe) >= 2
    shown = [d.value for d in at.dataframe]
    assert any(list(f["indicator_code"]) == list(risers["indicator_code"]) for f in shown)
    assert any(list(f["indicator_code"]) == list(fallers["indicator_code"]) for f in shown)
    assert tables is not None
