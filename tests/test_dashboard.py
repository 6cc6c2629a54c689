from streamlit.testing.v1 import AppTest

from kpi_model.store import Filters


def test_overview_headline_matches_the_model(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "ภาพรวมตัวชี้วัดกรุงเทพมหานคร"
    total = demo_store.rollup([], Filters(fiscal_years=(2567,), quarters=(4,)))[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["จำนวนตัวชี้วัด"] == f"{total.indicator_count:,}"
    assert metrics["คะแนนเฉลี่ย (0–100)"] == f"{total.mean_score_100:.1f}"
