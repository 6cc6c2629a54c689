"""The agencies & quarters page through AppTest: filters, table, counts, heatmap, downloads.

Every assertion compares what the page shows with the model for the same Filters."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.export import extract
from kpi_model.i18n import status_label, t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Filters, Store
from tests.conftest import shared_path

APP = "../../dashboard.py"
PAGE = "pages/agencies.py"


def open_page(monkeypatch, store: Store) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def choose(at: AppTest, **values) -> AppTest:
    """Set the page's filters by URL key (AppTest does not apply URL-bound values)."""
    for key, value in values.items():
        widget = at.selectbox(key=key) if key == "strategy" else at.multiselect(key=key)
        widget.set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


def rows_said(at: AppTest) -> int:
    """The row count the page states ('แสดง 9 แถว' / 'แสดง 9 จาก 9,860 แถว')."""
    said = [c.value for c in at.caption if c.value.startswith("แสดง ")]
    assert said, [c.value for c in at.caption]
    numbers = [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", said[0])]
    return numbers[-1]


def table(at: AppTest):
    frames = [d.value for d in at.dataframe if "indicator_code" in d.value.columns]
    assert len(frames) == 1
    return frames[0]


@pytest.fixture
def page(demo_store, monkeypatch) -> AppTest:
    return open_page(monkeypatch, demo_store)


def test_page_opens_on_the_sidebar_period(page, demo_store):
    assert page.title[0].value == t("agencies_title")
    period = views.latest_period(demo_store)
    assert page.multiselect(key="years").value == [period.fiscal_year]
    assert page.multiselect(key="quarters").value == [period.quarter]
    f = Filters(fiscal_years=(period.fiscal_year,), quarters=(period.quarter,))
    assert rows_said(page) == views.row_count(demo_store, f) == len(table(page))


def test_agency_year_quarter_filter_matches_the_model_and_the_download(page, demo_store):
    at = choose(page, agency=["0402"], years=[2564], quarters=[1])
    f = Filters(agency_codes=("0402",), fiscal_years=(2564,), quarters=(1,))
    shown = table(at)
    n = views.row_count(demo_store, f)
    assert n > 0
    assert rows_said(at) == n == len(shown)
    assert len(extract(demo_store, f)) == n  # the download holds exactly the rows the page counts
    assert set(shown["indicator_code"]) == set(views.indicator_rows(demo_store, f)["indicator_code"])
    assert set(shown["fiscal_year"]) == {2564} and set(shown["quarter"]) == {1}
    assert "0402-0810" in set(shown["indicator_code"])  # the real seed indicator
    assert any(f"({n:,} แถว)" in c.value for c in at.caption)  # the download caption says the same count


def test_status_filter_keeps_only_that_status(page, demo_store):
    at = choose(page, years=[2566], quarters=[2], status=["behind"])
    shown = table(at)
    f = Filters(fiscal_years=(2566,), quarters=(2,), statuses=("behind",))
    assert len(shown) == views.row_count(demo_store, f) > 0
    assert set(shown["status"]) == {status_label("behind")}
    everything = views.row_count(demo_store, Filters(fiscal_years=(2566,), quarters=(2,)))
    assert len(shown) < everything


def test_strategy_and_type_filters_narrow_the_same_way_as_the_model(page, demo_store):
    at = choose(page, years=[2565], quarters=[3], strategy="7", type=["strategic"])
    f = Filters(fiscal_years=(2565,), quarters=(3,), strategy="7", indicator_types=("strategic",))
    shown = table(at)
    assert len(shown) == views.row_count(demo_store, f) > 0
    assert rows_said(at) == len(shown)


def test_heatmap_shows_each_chosen_agency_and_period(page, demo_store):
    at = choose(page, agency=["0402", "5047"], years=[2564, 2565], quarters=[1, 2])
    charts = at.get("plotly_chart")
    assert charts
    fig = json.loads(charts[0].proto.spec)
    heat = fig["data"][0]
    assert heat["type"] == "heatmap"
    assert len(heat["y"]) == 2 and heat["y"][0].startswith("0402 ")
    assert heat["x"] == ["ไตรมาส 1/2564", "ไตรมาส 2/2564", "ไตรมาส 1/2565", "ไตรมาส 2/2565"]
    f = Filters(agency_codes=("0402", "5047"), fiscal_years=(2564, 2565), quarters=(1, 2))
    model = views.agency_quarter_scores(demo_store, f)
    first = model[(model["agency_code"] == "0402") & (model["fiscal_year"] == 2564) & (model["quarter"] == 1)]
    assert heat["z"][0][0] == pytest.approx(float(first["mean_score_100"].iloc[0]))


def test_downloads_are_offered_and_the_assumed_plan_is_said(page):
    at = choose(page, agency=["0402"], years=[2564], quarters=[1])
    assert t("assumed_plan_note") in [c.value for c in at.caption]  # the seed's plan is assumed
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("download_csv") in labels and t("download_xlsx") in labels


def test_empty_selection_says_so_in_words(page, demo_store):
    base = Filters(agency_codes=("0402",), fiscal_years=(2564,), quarters=(1,))
    empty_dims = [
        d
        for d in ("1", "2", "3", "4", "5", "6", "7")
        if views.row_count(demo_store, Filters(**{**base.__dict__, "strategy": d})) == 0
    ]
    assert empty_dims, "the demo gives 0402 indicators in every dimension; pick another empty filter"
    at = choose(page, agency=["0402"], years=[2564], quarters=[1], strategy=empty_dims[0])
    assert t("no_data") in [i.value for i in at.info]
    assert not [d for d in at.dataframe if "indicator_code" in d.value.columns]
    assert not at.get("plotly_chart")


def test_english_mode_shows_english_labels(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == t("agencies_title", "en")
    assert any(c.value.endswith("rows shown") for c in at.caption)
    assert at.multiselect(key="years").options[-1] == "FY 2567 (2024)"
    at = choose(at, agency=["0402"], years=[2564], quarters=[1])
    shown = table(at)
    seed = shown[shown["indicator_code"] == "0402-0810"]
    assert seed["name"].iloc[0].startswith("ระดับความสำเร็จ")  # no English name: the Thai one, never 'nan'
    assert seed["agency_name"].iloc[0] == "0402 Personnel Office"
    at.toggle(key="agencies_details").set_value(True).run()
    shown = table(at)
    seed = shown[shown["indicator_code"] == "0402-0810"]
    assert seed["unit"].iloc[0] == "level"  # the unit in English, not ระดับ
    assert not shown[["name", "agency_name", "unit", "status", "plan_source"]].isin(["nan", "None", ""]).any().any()


def test_seed_only_store_shows_the_one_indicator(tmp_path, monkeypatch):
    store = Store(tmp_path / "seed-store")
    import_paths(store, [shared_path("seeds")])
    at = open_page(monkeypatch, store)
    assert at.multiselect(key="years").value == [2564]
    at = choose(at, quarters=[1, 2, 3, 4])
    shown = table(at)
    assert list(shown["indicator_code"]) == ["0402-0810"] * 4
    assert list(shown["status"]) == [status_label(s) for s in ("behind", "behind", "on_track", "met")]
    f = Filters(fiscal_years=(2564,), quarters=(1, 2, 3, 4))
    assert rows_said(at) == views.row_count(store, f) == len(extract(store, f)) == 4
    assert at.get("plotly_chart")
    assert not any("synthetic-demo" in w.value for w in at.warning)


def test_plan_assumed_view_follows_the_plan_source(demo_store):
    f = Filters(agency_codes=("0402",), fiscal_years=(2564,), quarters=(1,))
    rows = views.indicator_rows(demo_store, f)
    assert views.plan_assumed(demo_store, f) == bool((rows["plan_source"] == "assumed").any())
    recorded = tuple(rows.loc[rows["plan_source"] == "recorded", "indicator_code"])
    if recorded:
        assert views.plan_assumed(demo_store, Filters(**{**f.__dict__, "indicator_codes": recorded})) is False
    assert views.plan_assumed(demo_store, Filters(agency_codes=("no-such",))) is False
    assert views.indicator_types(demo_store) == ["routine", "strategic"]


def test_selecting_a_row_opens_that_indicator(page):
    at = choose(page, agency=["0402"], years=[2564], quarters=[1])
    picked = table(at).iloc[1]
    at.session_state["agencies_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("indicator_title")
    assert at.query_params["code"] == picked["indicator_code"]
    assert at.query_params["fy"] == str(picked["fiscal_year"])


def test_a_large_selection_is_capped_in_the_table_but_not_in_the_download(page, demo_store):
    at = choose(page, years=[], quarters=[])
    n = views.row_count(demo_store, Filters())
    assert n > 5_000
    assert len(table(at)) == 1_000
    assert t("rows_capped", shown=1_000, n=n) in [c.value for c in at.caption]
    assert len(extract(demo_store, Filters())) == n


def test_the_table_leads_with_status_score_recorded_and_name_worst_first(page, demo_store):
    shown = table(page)
    assert list(shown.columns[:4]) == ["status", "score_100", "recorded", "name"]
    assert "plan_source" not in shown.columns and "target" not in shown.columns  # behind the details switch
    scores = list(shown["score_100"])
    scored = [s for s in scores if s == s]
    assert scored == sorted(scored) and scores[: len(scored)] == scored  # lowest first, no score last
    page.toggle(key="agencies_details").set_value(True).run()
    assert {"plan_source", "target", "actual", "unit", "ratio"} <= set(table(page).columns)


def test_one_period_control_the_page_filters_and_the_next_page_follows_them(page, demo_store):
    assert "fy" not in [s.key for s in page.sidebar.selectbox]  # no second period control in the sidebar
    at = choose(page, years=[2565], quarters=[2])
    assert rows_said(at) == views.row_count(demo_store, Filters(fiscal_years=(2565,), quarters=(2,)))
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="fy").value == 2565 and at.selectbox(key="q").value == 2


def pdf_buttons(at: AppTest) -> list:
    return [b.proto for b in at.get("download_button") if b.proto.label == t("brief_download")]


@pytest.fixture
def no_chromium(monkeypatch) -> list:
    """Every chromium print a page would start, recorded instead of run."""
    import kpi_model.brief.pdf as pdf

    calls: list = []
    monkeypatch.setattr(pdf, "print_pdf", lambda html, *a, **k: calls.append(html) or b"%PDF-")
    return calls


def test_the_briefing_pack_is_offered_for_one_period_and_made_only_when_asked(page, no_chromium):
    buttons = pdf_buttons(page)  # the default: one year, one quarter, every agency: the city pack
    assert len(buttons) == 1 and buttons[0].deferred_file_id  # generated on click, not on view
    at = choose(page, agency=["5001"])
    assert len(pdf_buttons(at)) == 1
    at = choose(at, agency=["5001", "0402"])  # two agencies: no one pack covers them
    assert pdf_buttons(at) == []
    assert t("brief_choose") in [c.value for c in at.caption]
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    assert len(pdf_buttons(at)) == 1
    assert no_chromium == []  # no page view started chromium


def test_without_chromium_the_page_says_the_pack_cannot_be_made(demo_store, monkeypatch, tmp_path):
    monkeypatch.setenv("KPI_CHROMIUM", str(tmp_path / "no-chromium"))
    at = open_page(monkeypatch, demo_store)
    assert pdf_buttons(at) == []
    assert any("chromium" in c.value and c.value.startswith("รายงานสรุป (PDF) จัดทำไม่ได้") for c in at.caption)


def test_a_store_scored_under_other_settings_shows_todays_verdicts_and_names_the_command(monkeypatch, tmp_path):
    """Written while the on-track bar was 0.7 and opened at the default 0.8: the table shows
    the default's verdict (0402-0009 Q1: ratio 0.75, behind; tests/store/test_rescore.py) and
    the sidebar says the verdicts are scored again as shown, and which command stores them."""
    from kpi_model.config import Settings
    from tests.store.test_rescore import tables

    store = Store(tmp_path / "s", cfg=Settings(on_track_ratio=0.7))
    store.write(tables(), note="t")
    at = open_page(monkeypatch, Store(tmp_path / "s"))
    warnings = [w.value for w in at.sidebar.warning]
    assert any("python -m kpi_model rescore" in w for w in warnings), warnings
    choose(at, years=[2564], quarters=[1])
    shown = table(at)
    row = shown[shown["indicator_code"] == "0402-0009"].iloc[0]
    assert row["status"] == status_label("behind") and row["score_100"] == 75.0
    Store(tmp_path / "s").rescore()
    at.run()
    assert not any("rescore" in w.value for w in at.sidebar.warning)
