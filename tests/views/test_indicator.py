"""The indicator page's view: one indicator-year's verdicts."""

from __future__ import annotations

from kpi_model import views
from kpi_model.store import Store
from tests.factories import small_tables


def test_the_status_of_a_quarter_is_the_computed_one_and_none_where_the_year_has_no_row(tmp_path):
    """0402-0002 (target 12, plan 25/50/75/100 %): Q1 1 of 12 is 0.083 against 0.25, ratio 0.33,
    behind; Q2 has no result (no data); FY 2564 has four quarter rows and no fifth."""
    store = Store(tmp_path / "s")
    store.write(small_tables(), note="t")
    detail = views.indicator_detail(store, "0402-0002", 2564)
    assert detail is not None
    assert detail.status_in(1) == "behind"
    assert detail.status_in(2) == "no_data"
    assert detail.status_in(5) is None
