"""Issue 23: hostile input never reaches a viewer. Every page, over a store holding markup in
every text column and one of each kind of bad row the importer accepts with a warning, and
opened with markup in every URL parameter: no markdown or chart markup from data, no page
brought down by a row, and an unexpected error shown as a short message with an id."""

from __future__ import annotations

import logging
import re

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import views
from kpi_model.i18n import t
from kpi_model.safe_text import cut, for_markdown, for_plotly
from kpi_model.store import Store
from tests.hostile import HOSTILE, chart_problems, hostile_store, markup_problems

APP = "../../dashboard.py"
PAGE_FAILED = "This page cannot be shown"  # the start of t("page_failed", "en")
PAGES = {
    "overview": "pages/overview.py",
    "strategy": "pages/strategy.py",
    "agencies": "pages/agencies.py",
    "districts": "pages/districts.py",
    "indicator": "pages/indicator.py",
    "quality": "pages/quality.py",
}
# Each page with markup (or a code of a bad shape) in each parameter it reads from the URL.
VISITS = [
    ("overview", {}),
    ("overview", {"fy": HOSTILE, "q": HOSTILE, "lang": "en"}),
    ("strategy", {"strategy": "X"}),
    ("strategy", {"strategy": HOSTILE[:40]}),
    ("strategy", {"strategy": HOSTILE}),
    ("strategy", {"strategy": "7", "lang": "en"}),
    ("agencies", {"agency": HOSTILE, "years": HOSTILE, "quarters": HOSTILE, "type": HOSTILE, "status": HOSTILE}),
    ("agencies", {"agency": "X", "years": "2564"}),
    ("districts", {"peer_group": HOSTILE, "measure": HOSTILE}),
    ("districts", {"peer_group": HOSTILE, "lang": "en"}),
    ("indicator", {"code": HOSTILE}),
    ("indicator", {"code": "0402-0905", "fy": "2564"}),
    ("indicator", {"code": "0402-0001", "fy": "2564", "lang": "en"}),
    ("indicator", {"code": "X-0907", "fy": "2564"}),
    ("quality", {"lang": "en"}),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return hostile_store(tmp_path_factory.mktemp("hostile"))


def visit(monkeypatch, store: Store, page: str, params: dict[str, str]) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGES[page]).run()
    return at


def failed(at: AppTest) -> list[str]:
    """Exceptions and 'page failed' messages a run showed."""
    return [str(e.value) for e in at.exception] + [e.value for e in at.error if PAGE_FAILED in e.value]


@pytest.mark.parametrize(("page", "params"), VISITS, ids=[f"{p}-{'-'.join(q) or 'plain'}" for p, q in VISITS])
def test_no_page_renders_markup_from_data_or_the_url_and_none_fails(hostile, monkeypatch, page, params):
    at = visit(monkeypatch, hostile, page, params)
    assert failed(at) == []
    assert markup_problems(at) == []
    assert chart_problems(at) == []


def test_the_hostile_text_is_shown_as_its_characters(hostile, monkeypatch):
    """Escaping is not hiding: the code from the link is in the warning, escaped, and the
    peer-group source is in the districts page's caption, escaped."""
    at = visit(monkeypatch, hostile, "indicator", {"code": HOSTILE})
    assert any(for_markdown(HOSTILE) in w.value for w in at.warning)
    at = visit(monkeypatch, hostile, "districts", {})
    assert any(for_markdown(HOSTILE) in c.value for c in at.caption)


def test_a_strategy_code_of_any_shape_sorts_with_the_tree(hostile):
    """The overview's TypeError: a code 'X' beside '7' once made sorted() compare str and int."""
    codes = list(views.recorded_by_dimension(hostile, 2564, 1)["strategy_code"])
    assert codes[:2] == ["2", "7"] and {"X", "7.x", "99.1"} <= set(codes) | {"7.x", "99.1"}
    assert views.tree_order("7.10") > views.tree_order("7.9") > views.tree_order("7")
    assert views.tree_order("X") > views.tree_order("8")


def test_an_unexpected_error_shows_a_short_message_with_an_id_and_logs_the_traceback(hostile, monkeypatch, caplog):
    from ui import glance

    def broken(*args, **kwargs):
        raise RuntimeError(f"boom in {__file__}")

    monkeypatch.setattr(glance, "first_screen", broken)  # the overview's first screen (issue 25)
    with caplog.at_level(logging.ERROR, logger="kpi_dashboard"):
        at = visit(monkeypatch, hostile, "overview", {})
    assert not at.exception
    [shown] = [e.value for e in at.error]
    error_id = re.search(r"\b[0-9a-f]{8}\b", shown).group(0)
    assert t("page_failed", "th", error_id=error_id) in shown and t("page_failed", "en", error_id=error_id) in shown
    assert "/" not in shown.replace(":material/error:", "") and "boom" not in shown and "Traceback" not in shown
    [record] = [r for r in caplog.records if error_id in r.getMessage()]
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])


def test_text_is_escaped_for_markdown_and_plotly_and_cut_whole_on_hover():
    assert for_markdown("a\n\n# b") == "a \\# b"
    assert for_markdown("http://x.y a@b") == "http\u2060\\:\\/\\/x\\.y a\u2060\\@b"  # no autolink either
    assert for_plotly("<a href='x'>y</a>") == "&lt;a href=&#39;x&#39;&gt;y&lt;/a&gt;"
    assert for_plotly("&lt;") == "&amp;lt;"
    assert cut("ก" * 100, 10) == "ก" * 9 + "…" and cut("short", 10) == "short"


def test_a_long_name_is_cut_on_the_axis_and_whole_on_hover_so_other_bars_keep_their_room():
    """Issue 23: one long strategy name squeezed every overview chart."""
    import pandas as pd

    from ui.charts import AXIS_LABEL_LIMIT, plan_vs_actual_bars, status_stack

    long = "7 " + "การบริหารจัดการ" * 40 + " <a href='http://127.0.0.1:8799/x'>x</a>"
    frame = pd.DataFrame(
        {
            "label": [long, "2 มหานครสีเขียว", long + " อีก"],
            "mean_plan": [0.5, 0.5, 0.5],
            "mean_progress": [0.4, 0.6, 0.3],
            **{f"share_{s}": [0.25] * 3 for s in ("met", "on_track", "behind", "no_data")},
            **{s: [1] * 3 for s in ("met", "on_track", "behind", "no_data")},
        }
    )
    for fig in (plan_vs_actual_bars(frame, "label", "th"), status_stack(frame, "label", "th")):
        ticks = list(fig.data[0].y)
        assert all(len(y.rstrip("\u200b")) <= AXIS_LABEL_LIMIT for y in ticks)
        assert len(set(ticks)) == 3  # two names cut to the same text stay two bars
        assert for_plotly(long) in fig.data[0].hovertext[0]  # the whole name on hover, escaped
        assert "<a " not in "".join(fig.data[0].hovertext)


def test_streamlit_itself_never_shows_error_details():
    """Issue 23: with ``showErrorDetails = false`` (Streamlit's 'stacktrace') an uncaught error
    showed a traceback with the server's paths; 'none' shows nothing, ui.router shows the id."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize(
    "scope",
    [("city", None), ("agency", "0402"), ("agency", "X"), ("strategy", "7"), ("strategy", "2")],
    ids=lambda s: "-".join(str(p) for p in s),
)
def test_the_pack_and_the_downloads_hold_the_hostile_store_as_text(hostile, scope):
    """The briefing pack's HTML and the CSV/Excel download of the same store: built without an
    error, every tag from data escaped in the HTML, no formula in the download."""
    from kpi_model.brief import Scope, build_content, render_html
    from kpi_model.export import extract, extract_bytes
    from kpi_model.store import Filters

    kind, code = scope
    content = build_content(hostile, 2564, 1, Scope(kind, code), "th", base_url="https://kpi.example.go.th")
    html = render_html(content)
    assert "<a href='http://127.0.0.1:8799" not in html and "<span style='font-size" not in html
    assert "&lt;a href=&#x27;http://127.0.0.1:8799" in html or not content.behind
    filters = Filters(agency_codes=(code,)) if kind == "agency" else Filters(strategy=code)
    rows = extract(hostile, filters)
    for suffix in (".csv", ".xlsx"):
        assert extract_bytes(rows, suffix)
