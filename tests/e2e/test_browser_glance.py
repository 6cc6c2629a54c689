"""At a glance (issue 25), in Debian's chromium at a desktop (1440 × 900) and a phone (390 × 844):
the overview's first screen, before any scrolling, holds the city's mean score, the shares met
and behind (not met, at a closed year's end) and the lowest dimension; every page shows one
legend of its colours; the districts map spans at least 60 % of a desktop's content, fitted to
Bangkok. Screenshots of each first screen go to tests/artifacts/glance-first-*.png."""

from __future__ import annotations

import pytest

from kpi_model.i18n import status_label, t
from tests.browser import ARTIFACTS, Server, launched_chromium, need_browser, wait_for_app

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
SCREENS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
STATUS_WORDS = [status_label(s) for s in ("met", "on_track", "behind", "no_data")]
PAGES = [  # path, text to wait for, does the page draw the status colours?
    ("/?fy=2566&q=2", t("trend_title"), True),
    ("/strategy?fy=2566&q=2", t("provenance"), True),
    ("/agencies?years=2566&quarters=2", t("download_csv"), True),
    ("/districts?fy=2566&q=2", t("district_map_title"), True),
    ("/indicator?code=0402-0810&fy=2564&q=2", t("explain_title"), True),
    ("/quality", t("what_to_check"), False),
    ("/review", t("page_review"), False),
]
LEGEND_TEXTS_JS = """() => Array.from(document.querySelectorAll('g.legend')).map(
    g => Array.from(g.querySelectorAll('text.legendtext')).map(e => e.textContent.trim()))
    .filter(entries => entries.length > 0)"""


@pytest.fixture(scope="module")
def server(demo_store):
    need_browser()
    srv = Server(demo_store.root)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    ctx = browser.new_context(viewport=SCREENS[request.param], locale="th-TH", is_mobile=request.param == "phone")
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    yield request.param, pg
    ctx.close()


def open_view(page, url: str, anchor: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(anchor).first.wait_for(state="attached")
    wait_for_app(page)


def on_first_screen(page, locator) -> bool:
    """The element is drawn inside the window as opened, without scrolling."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def metric(page, label: str):
    return page.locator("[data-testid='stMetric']").filter(has_text=label).first


@pytest.mark.parametrize(
    ("path", "behind_label"),
    [
        ("/", t("share_not_met")),  # the demo's latest quarter: FY 2567 Q4, a closed year's end
        ("/?fy=2566&q=2", t("share_behind")),  # a second quarter, BMA's evaluation recorded as figures
    ],
    ids=["closed-year-end", "open-quarter"],
)
def test_the_overview_s_first_screen_holds_the_score_the_shares_and_the_worst_dimension(
    server, screen, path, behind_label
):
    name, page = screen
    open_view(page, server.url + path, t("worst_dimension"))
    main = page.locator("[data-testid='stMain']")
    assert main.evaluate("el => el.scrollTop") == 0
    for label in (t("mean_score"), t("share_met"), behind_label, t("worst_dimension")):
        shown = metric(page, label)
        shown.wait_for()
        assert on_first_screen(page, shown), (name, path, label, shown.bounding_box())
    worst = page.locator(".st-key-glance_worst [data-testid='stPageLink-NavLink']").first
    assert on_first_screen(page, worst), (name, path, worst.bounding_box())  # a tap from its detail
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"glance-first-overview{'-2566q2' if 'fy' in path else ''}-{name}.png"))


def test_every_page_shows_one_legend_of_its_colours(server, screen):
    name, page = screen
    for path, anchor, status_colours in PAGES:
        open_view(page, server.url + path, anchor)
        page.wait_for_timeout(300)  # plotly draws its legends after the script has finished
        page_legends = page.locator(".kpi-legend").count()
        chart_legends = page.evaluate(LEGEND_TEXTS_JS)
        status_keys = [entries for entries in chart_legends if set(entries) & set(STATUS_WORDS)]
        if status_colours:
            assert page_legends == 1, (name, path, page_legends)
            assert status_keys == [], (name, path, status_keys)  # no chart repeats the status key
            legend = page.locator(".kpi-legend").inner_text()
            assert all(word in legend for word in STATUS_WORDS), (name, path, legend)
        else:
            assert page_legends == 0 and len(chart_legends) <= 1, (name, path, chart_legends)
        body = page.inner_text("[data-testid='stMain']")
        assert "peer_groups" not in body, path  # a reader's words


def test_the_districts_map_spans_most_of_a_desktop_and_is_fitted_to_bangkok(server, screen):
    name, page = screen
    open_view(page, server.url + "/districts?fy=2566&q=2", t("district_map_title"))
    ready = """() => { const gd = document.querySelector('.st-key-districts_map .js-plotly-plot');
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        return !!(sub && sub.map && sub.map.loaded() && gd.dataset.fitted === '1'); }"""
    page.wait_for_function(ready)
    drawn = page.evaluate(
        """() => { const gd = document.querySelector('.st-key-districts_map .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map;
        const b = map.getContainer().getBoundingClientRect();
        const content = document.querySelector("[data-testid='stMainBlockContainer']").getBoundingClientRect();
        const lons = [], lats = [];
        for (const trace of gd.data) for (const f of (trace.geojson || {}).features || []) {
            const walk = c => typeof c[0] === 'number' ? (lons.push(c[0]), lats.push(c[1])) : c.forEach(walk);
            walk(f.geometry.coordinates); }
        const w = map.project([Math.min(...lons), Math.min(...lats)]);
        const e = map.project([Math.max(...lons), Math.max(...lats)]);
        return {content: content.width, map: b.width, mapHeight: b.height, west: w.x, east: e.x, north: e.y, south: w.y}; }"""
    )
    city = drawn["east"] - drawn["west"]
    inner = drawn["content"] - 2 * 16  # the block's padding on a phone; a desktop's is wider, so this is strict there
    assert drawn["west"] >= -1 and drawn["east"] <= drawn["map"] + 1, drawn  # every district inside the map
    assert drawn["north"] >= -1 and drawn["south"] <= drawn["mapHeight"] + 1, drawn
    if name == "desktop":
        assert city >= 0.6 * min(inner, drawn["map"]), drawn
    else:
        assert city >= 0.8 * drawn["map"], drawn  # a phone: the city fills the map's width
