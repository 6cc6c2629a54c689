"""The data-quality page through AppTest, and its views (flag_total, flags_csv_bytes)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import flag_label, fy_label, severity_label
from kpi_model.importer.batch import import_paths
from kpi_model.importer.columns import canonical_header
from kpi_model.store import Filters, Store
from tests.conftest import shared_path
from ui.widgets import FLAG_TABLE_CAP

APP = "../../dashboard.py"
BOM = b"\xef\xbb\xbf"


def open_page(store: Store, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/quality.py").run()
    assert not at.exception, at.exception
    return at


def shown_table(at: AppTest) -> pd.DataFrame:
    [frame] = [d.value for d in at.dataframe]
    return frame


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of a downloaded CSV, keyed by column (the file's headers are Thai)."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [{canonical_header(k): v for k, v in r.items()} for r in rows]


@pytest.fixture
def seed_store(tmp_path) -> Store:
    store = Store(tmp_path / "seed-store")
    result = import_paths(store, [shared_path("seeds")])
    assert not result.rejected
    return store


def test_every_flag_is_listed_with_the_model_total(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    total = views.flag_total(demo_store, Filters())
    expected = views.flags(demo_store, Filters(), limit=FLAG_TABLE_CAP)
    shown = shown_table(at)
    assert len(shown) == len(expected) == min(total, FLAG_TABLE_CAP)
    assert at.title[0].value == "คุณภาพข้อมูล"
    if total > FLAG_TABLE_CAP:  # the demo holds more flags than the table shows: the page says so
        assert f"แสดง {FLAG_TABLE_CAP:,} จาก {total:,} แถว ดาวน์โหลดได้ครบทุกแถว" in [c.value for c in at.caption]
    else:
        assert f"แสดง {total:,} แถว" in [c.value for c in at.caption]
    # Thai first: severity and flag titles in Thai, messages in Thai, no None/nan anywhere
    assert set(shown["severity"]) <= {severity_label(s) for s in ("error", "warning", "info")}
    assert list(shown["message"]) == list(expected["message_th"])
    assert not shown.isin(["None", "nan", "<NA>"]).any().any()
    assert "—" in set(shown["quarter"])  # annual flags have no quarter


def test_filtering_by_code_leaves_only_that_flag(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    at.multiselect(key="flag").set_value(["level_recorded_as_percent"]).run()
    assert not at.exception
    shown = shown_table(at)
    expected = views.flags(demo_store, Filters(flag_codes=("level_recorded_as_percent",)))
    assert len(shown) == len(expected) > 0
    assert set(shown["code"]) == {flag_label("level_recorded_as_percent")}
    seed = shown[(shown["indicator_code"] == "0402-0810") & (shown["fiscal_year"] == fy_label(2564))]
    assert len(seed) == 1
    assert seed["agency_name"].iloc[0].startswith("0402 ")


def test_filtering_by_severity_warning_has_no_info_rows(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    at.multiselect(key="severity").set_value(["warning"]).run()
    assert not at.exception
    shown = shown_table(at)
    assert len(shown) == len(views.flags(demo_store, Filters(severities=("warning",)))) > 0
    assert severity_label("info") not in set(shown["severity"])
    assert set(shown["severity"]) == {severity_label("warning")}


def test_agency_and_year_filters_combine(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    at.multiselect(key="agency").set_value(["0402"])
    at.multiselect(key="years").set_value([2564]).run()
    assert not at.exception
    f = Filters(agency_codes=("0402",), fiscal_years=(2564,))
    shown = shown_table(at)
    assert len(shown) == len(views.flags(demo_store, f)) > 0
    assert set(shown["fiscal_year"]) == {fy_label(2564)}
    assert all(a.startswith("0402 ") for a in shown["agency_name"])
    first_line = next(m.value for m in at.markdown if m.value.startswith("**พบข้อสังเกต"))  # issue 25: the first line
    assert first_line.startswith(f"**พบข้อสังเกต {views.flag_total(demo_store, f):,} รายการ · ")
    for severity, n in views.flag_severity_counts(demo_store, f):
        assert f"{severity_label(severity)} {n:,}" in first_line


def test_english_shows_english_messages_and_ce_beside_be(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/quality.py").run()
    assert not at.exception
    shown = shown_table(at)
    assert at.title[0].value == "Data quality"
    assert list(shown["message"]) == list(views.flags(demo_store, Filters(), limit=FLAG_TABLE_CAP)["message_en"])
    assert "FY 2564 (2021)" in set(shown["fiscal_year"])


def test_no_flags_says_so(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    at.multiselect(key="flag").set_value(["level_recorded_as_percent"])
    at.multiselect(key="severity").set_value(["info"]).run()
    assert not at.exception
    assert len(at.dataframe) == 0
    assert "ไม่พบข้อสังเกตด้านคุณภาพข้อมูล" in [i.value for i in at.info]


def test_the_flag_chart_counts_match_the_model(demo_store, monkeypatch):
    at = open_page(demo_store, monkeypatch)
    [chart] = list(at.get("plotly_chart"))
    fig = json.loads(chart.proto.spec)
    counts = views.flag_counts(demo_store, Filters())
    got = {y: x for trace in fig["data"] for x, y in zip(trace["x"], trace["y"])}
    assert got == {flag_label(c): int(n) for c, n in zip(counts["code"], counts["count"])}


def test_csv_download_has_bom_and_every_flag(demo_store):
    f = Filters(severities=("warning",))
    data = views.flags_csv_bytes(demo_store, f)
    assert data.startswith(BOM)
    rows = csv_rows(data)
    assert len(rows) == len(views.flags(demo_store, f))
    assert {r["severity"] for r in rows} == {severity_label("warning")}  # in Thai words
    assert {(r["fiscal_year"], r["fiscal_year_ce"]) for r in rows if r["fiscal_year"] == "2564"} == {("2564", "2021")}


def test_csv_download_neutralises_a_formula_in_a_message(demo_store, monkeypatch):
    frame = views.flags(demo_store, Filters(), limit=2)
    frame.loc[0, "message_th"] = '=HYPERLINK("http://example.com","x")'
    frame.loc[1, "message_en"] = "+1+1"
    monkeypatch.setattr(
        views.quality, "flags", lambda store, filters, limit=None: frame.copy()
    )  # the module flags_csv_bytes reads from
    rows = csv_rows(views.flags_csv_bytes(demo_store, Filters()))
    assert len(rows) == 2
    assert not rows[0]["message_th"].startswith("=")
    assert rows[0]["message_th"].endswith('=HYPERLINK("http://example.com","x")')
    assert not rows[1]["message_en"].startswith("+")


def test_csv_download_of_nothing_is_a_header(demo_store):
    data = views.flags_csv_bytes(demo_store, Filters(agency_codes=("no-such-agency",)))
    assert data.startswith(BOM)
    assert csv_rows(data) == []
    assert views.flag_total(demo_store, Filters(agency_codes=("no-such-agency",))) == 0


def test_seed_only_store_shows_the_seed_flags(seed_store, monkeypatch):
    at = open_page(seed_store, monkeypatch)
    shown = shown_table(at)
    expected = views.flags(seed_store, Filters())
    assert len(shown) == len(expected) > 0
    assert {flag_label("level_recorded_as_percent"), flag_label("recorded_vs_computed")} <= set(shown["code"])
    assert set(shown["indicator_code"]) == {"0402-0810"}
    assert set(shown["fiscal_year"]) == {fy_label(2564)}
    assert views.flags_csv_bytes(seed_store, Filters()).startswith(BOM)


def test_flags_are_listed_most_severe_first_each_with_what_to_check(demo_store, monkeypatch):
    from kpi_model.quality import flag_check

    counts = views.flag_counts(demo_store, Filters())
    ranks = [("error", "warning", "info").index(s) for s in counts["severity"]]
    assert ranks == sorted(ranks)  # "for information" never above a warning
    rows = views.flags(demo_store, Filters(), limit=50)
    ranks = [("error", "warning", "info").index(s) for s in rows["severity"]]
    assert ranks == sorted(ranks)
    at = open_page(demo_store, monkeypatch)
    shown = shown_table(at)
    assert list(shown.columns[:3]) == ["severity", "code", "check"]
    assert all(shown["check"])
    first = views.flags(demo_store, Filters(), limit=1)["code"].iloc[0]
    assert shown["check"].iloc[0] == flag_check(first)
    assert severity_label("info") == "เพื่อทราบ"  # not "ข้อมูล" (data)
