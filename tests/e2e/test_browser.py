"""The rendered dashboard in Debian's chromium: every page, a filter change, a CSV download,
a shared URL, and screenshots (tests/artifacts/) that a person looks at."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess

import pytest

from kpi_model import views
from kpi_model.i18n import t
from kpi_model.importer.columns import thai_header
from kpi_model.store import Filters
from tests.browser import ARTIFACTS, Server, launched_chromium, need_browser, wait_for_app

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2400}, locale="th-TH", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    yield pg
    context.close()


def open_view(page, url: str, *expects: str) -> str:
    """Go to ``url``, wait for the script to finish and for each of ``expects`` to be on the
    page (table cells live in a canvas grid, so 'on the page' is attached, not visible)."""
    page.goto(url)
    wait_for_app(page)
    for text in expects:
        page.get_by_text(text).first.wait_for(state="attached")
    wait_for_app(page)
    return page.inner_text("[data-testid='stMain']")


def shoot(page, name: str) -> None:
    wait_for_app(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def clean(text: str) -> None:
    assert not re.search(r"\bNone\b|\bnan\b|\bNaN\b", text), re.findall(r".{0,40}(?:None|nan|NaN).{0,40}", text)


def choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox whose widget key is ``key``."""
    page.locator(f".st-key-{key} [role='combobox']").first.click()
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def test_overview_renders_thai_and_follows_the_quarter_filter(server, page, demo_store):
    text = open_view(page, server.url, "จำนวนตัวชี้วัด")
    assert "ภาพรวมตัวชี้วัดกรุงเทพมหานคร" in text and "ไตรมาส 4 ปีงบประมาณ 2567" in text
    clean(text)
    shoot(page, "overview")
    choose(page, "q", "ไตรมาส 2 (ม.ค.–มี.ค.)")
    page.get_by_text("ไตรมาส 2 ปีงบประมาณ 2567").first.wait_for()
    assert "q=2" in page.url
    total = demo_store.rollup([], Filters(fiscal_years=(2567,), quarters=(2,)))[0]
    page.get_by_text(f"{total.mean_score_100:.1f}").first.wait_for()


def test_a_shared_url_reproduces_the_view_in_english(server, page, demo_store):
    total = demo_store.rollup([], Filters(fiscal_years=(2565,), quarters=(2,)))[0]
    text = open_view(
        page, f"{server.url}/?lang=en&fy=2565&q=2", "Q2 FY 2565 (2022)", "Indicators", f"{total.mean_score_100:.1f}"
    )
    assert "lang=en" in page.url and "fy=2565" in page.url
    assert "BMA indicators at a glance" in text
    assert f"{total.indicator_count:,}" in text
    clean(text)
    shoot(page, "overview-en")


def test_agencies_page_downloads_exactly_the_filtered_rows(server, page, demo_store):
    url = f"{server.url}/agencies?agency=0402&years=2564&quarters=1"
    filters = Filters(agency_codes=("0402",), fiscal_years=(2564,), quarters=(1,))
    expected = views.row_count(demo_store, filters)
    text = open_view(page, url, "สำนักงานการเจ้าหน้าที่", f"{expected:,}", "ดาวน์โหลด CSV")
    assert f"{expected:,}" in text
    clean(text)
    shoot(page, "agencies")
    with page.expect_download() as info:
        page.locator("[data-testid='stDownloadButton'] button").filter(has_text="CSV").first.click()
    raw = info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == expected
    code, agency, quarter = (thai_header(c) for c in ("indicator_code", "agency_code", "quarter"))
    assert {r[agency] for r in rows} == {"0402"} and {r[quarter] for r in rows} == {"1"}
    assert "0402-0810" in {r[code] for r in rows}


def test_indicator_page_from_a_link_shows_the_seed_and_its_flag(server, page):
    text = open_view(
        page,
        f"{server.url}/indicator?code=0402-0810&fy=2564",
        "ตัวชี้วัดระดับบันทึกผลเป็นร้อยละ",
        "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน",
    )
    assert "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน" in text
    assert "สำนักงานการเจ้าหน้าที่" in text
    clean(text)
    shoot(page, "indicator")


def test_strategy_page_drills_to_a_branch_from_the_url(server, page):
    text = open_view(page, f"{server.url}/strategy?strategy=7.3", "การบริหารทรัพยากรบุคคล", "7.3.1")
    assert "7.3" in text and "การบริหารทรัพยากรบุคคล" in text
    clean(text)
    shoot(page, "strategy")


def test_quality_page_filters_by_flag_code(server, page, demo_store):
    count = len(views.flags(demo_store, Filters(flag_codes=("level_recorded_as_percent",))))
    text = open_view(page, f"{server.url}/quality?flag=level_recorded_as_percent", "0402-0810", f"{count:,}")
    assert f"{count:,}" in text
    clean(text)
    shoot(page, "quality")


# ---- verdicts a reader can check (DESIGN §6): desktop and phone ------------------------------------

VERDICT_VIEWS = [  # a period in which BMA recorded evaluations (the latest quarter's are not evaluated yet)
    ("overview", "/?fy=2566&q=2", "ผลประเมิน กทม. (บันทึก) ในไตรมาสนี้"),
    ("strategy", "/strategy?strategy=7&fy=2566&q=2", "ผลประเมิน กทม. (บันทึก) ในไตรมาสนี้"),
    ("indicator", "/indicator?code=0402-0810&fy=2564&q=2", "ผลการประเมินนี้มาจากอะไร"),
]
SCREENS = {"desktop": {"width": 1440, "height": 2400}, "phone": {"width": 390, "height": 6000}}


def shoot_whole(page, name: str) -> None:
    """A screenshot of the whole page: the app scrolls inside its main block, so the window is
    first made as tall as that block's content (capped), then the script is let finish."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(int(height) + 40, 14_000)})
    wait_for_app(page)
    page.locator("g.legend text.legendtext").last.wait_for(state="attached")
    shoot(page, name)


def legend_entries(page) -> list[str]:
    """The legend texts of every plotly chart drawn on the page."""
    return [
        t.strip() for t in page.locator("g.legend text.legendtext").evaluate_all("els => els.map(e => e.textContent)")
    ]


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("name,path,anchor", VERDICT_VIEWS, ids=[v[0] for v in VERDICT_VIEWS])
def test_verdicts_show_the_recorded_evaluation_beside_the_computed_status(server, browser, name, path, anchor, screen):
    from kpi_model.i18n import status_label
    from kpi_model.labels import thresholds_text

    context = browser.new_context(viewport=SCREENS[screen], locale="th-TH", is_mobile=screen == "phone")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    try:
        text = open_view(pg, server.url + path, anchor)
        pg.locator("g.legend text.legendtext").first.wait_for(state="attached")
        clean(text)
        assert "ผลประเมิน กทม. (บันทึก)" in text  # BMA's recorded evaluation, first
        assert "สถานะที่คำนวณ" in text  # the computed verdict beside it
        # the thresholds, in words, in the page's one legend (issue 25: no second sentence repeating them)
        assert thresholds_text() not in text
        [legend] = pg.locator(".kpi-legend").all_inner_texts()
        assert t("legend_met", met="100%") in legend and t("legend_behind", on_track="80%") in legend
        assert status_label("no_data") in legend  # no data has its own entry
        # against which plan: the headline names it one tap away (issue 25: the provenance
        # expander); the indicator's panel says it for the quarter
        if name != "indicator":
            pg.get_by_text(t("provenance")).first.click()
            pg.get_by_text("คำนวณเทียบแผน (สมมติ").first.wait_for()
            text = pg.inner_text("[data-testid='stMain']")
        assert ("เทียบแผนสมมติ (เส้นตรง 25-50-75-100)" if name == "indicator" else "คำนวณเทียบแผน (สมมติ") in text
        if name == "indicator":
            assert "ความก้าวหน้า = ผลงาน 25 ÷ 100 = 0.25" in text
        shoot_whole(pg, f"verdict-{name}-{screen}")
    finally:
        context.close()


# ---- readable at a glance (issue 14): titles, lang, words, the phone, exports, nothing fetched ------

PAGES = [  # path, Thai title, English title, text to wait for
    ("/?fy=2566&q=2", "ภาพรวม", "Overview", "จำนวนตัวชี้วัด"),
    ("/strategy?strategy=7&fy=2566&q=2", "ยุทธศาสตร์", "Strategy", "7.3"),
    ("/agencies?years=2566&quarters=2", "หน่วยงานและไตรมาส", "Agencies & quarters", "ดาวน์โหลด CSV"),
    ("/indicator?code=0402-0810&fy=2564&q=2", "ตัวชี้วัด", "Indicator", "ผลการประเมินนี้มาจากอะไร"),
    ("/quality", "คุณภาพข้อมูล", "Data quality", "สิ่งที่ควรตรวจ"),
    ("/districts?fy=2566&q=2", "เขต", "Districts", "ตารางเทียบเขต"),
]
ENGLISH_ANCHORS = {
    "จำนวนตัวชี้วัด": "Indicators",
    "ดาวน์โหลด CSV": "Download CSV",
    "ผลการประเมินนี้มาจากอะไร": "How this verdict was reached",
    "สิ่งที่ควรตรวจ": "What to check",
    "7.3": "7.3",
    "ตารางเทียบเขต": "District league",
}
HOVERS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(
    el => (el.data || []).flatMap(tr => [].concat(tr.hovertext || [], tr.text || [], tr.name || [])))
    .map(String)"""


def developer_words(text: str, store) -> list[str]:
    """Words meant for developers that must not reach a reader: the synthetic marker, a store
    version id, a source file name, a raw flag code."""
    from kpi_model.quality import FLAG_CODES

    found = re.findall(r"synthetic-demo|\b\d{8}T\d{6,}Z\b|[\w.-]+\.(?:txt|csv|xlsx)\b", text)
    found += [code for code in FLAG_CODES if re.search(rf"\b{code}\b", text)]
    if store.version() in text:
        found.append(store.version())
    return found


def context_for(browser, screen: str, lang: str, requests: list[str] | None = None):
    ctx = browser.new_context(
        viewport=SCREENS[screen],
        locale="th-TH" if lang == "th" else "en-US",
        is_mobile=screen == "phone",
        accept_downloads=True,
    )
    if requests is not None:
        ctx.on("request", lambda req: requests.append(req.url))
    return ctx


def with_lang(path: str, lang: str) -> str:
    if lang == "th":
        return path
    return path + ("&" if "?" in path else "?") + "lang=en"


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_page_has_its_title_its_lang_and_no_developer_words(server, browser, demo_store, screen, lang):
    requests: list[str] = []
    ctx = context_for(browser, screen, lang, requests)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    try:
        for path, title_th, title_en, anchor in PAGES:
            anchor = anchor if lang == "th" else ENGLISH_ANCHORS[anchor]
            open_view(pg, server.url + with_lang(path, lang), anchor)
            pg.wait_for_function("t => document.title.startsWith(t)", arg=title_th if lang == "th" else title_en)
            assert pg.evaluate("() => document.documentElement.lang") == lang
            body = pg.inner_text("body")
            clean(body)
            assert developer_words(body, demo_store) == [], (path, developer_words(body, demo_store))
            hovers = " ".join(pg.evaluate(HOVERS_JS))
            assert developer_words(hovers, demo_store) == [], (path, developer_words(hovers, demo_store))
            assert pg.locator(".modebar").count() == 0  # no chart toolbar for a viewer
            if lang == "th":
                assert "Select all" not in body and not re.search(r"\bQ[1-4]\b", body + hovers), path
            assert "fy=" in pg.url or "years=" in pg.url  # the link names its year
            name = path.strip("/").split("?")[0] or "overview"
            shoot_page(pg, f"glance-{name}-{screen}-{lang}")
        outside = [u for u in requests if not u.startswith((server.url, "data:", "blob:", "about:"))]
        assert outside == []  # nothing fetched from outside: no favicon, font or script from a public server
        icon = pg.evaluate("() => document.querySelector(\"link[rel~='icon']\").href")
        assert icon.startswith(server.url), icon
    finally:
        ctx.close()


def shoot_page(page, name: str) -> None:
    """A screenshot of the whole page (the app scrolls inside its main block)."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 14_000)})
    shoot(page, name)
    page.set_viewport_size({"width": width, "height": SCREENS["phone" if width < 500 else "desktop"]["height"]})


def column_headers(page, key: str) -> list[str]:
    """The header texts of the st.dataframe with widget key ``key``, left to right (the grid's
    accessible table; only the columns on screen are in it)."""
    page.locator(f".st-key-{key} [role='columnheader']").first.wait_for(state="attached")
    return page.locator(f".st-key-{key} [role='columnheader']").evaluate_all(
        "els => els.map(e => e.textContent.trim()).filter(t => t)"
    )


def test_on_a_phone_the_table_shows_status_and_score_first_and_nothing_spills(server, browser):
    from kpi_model.columns import column_label
    from kpi_model.i18n import t

    ctx = context_for(browser, "phone", "th")
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    try:
        open_view(pg, f"{server.url}/agencies?years=2566&quarters=2", "ดาวน์โหลด CSV")
        headers = column_headers(pg, "agencies_table")
        assert headers[:3] == [column_label("status"), column_label("score_100"), t("recorded_score")], headers
        grid = pg.locator(".st-key-agencies_table").bounding_box()
        assert grid["width"] <= 390
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= 391  # no sideways scroll of the page
        open_view(pg, f"{server.url}/?fy=2566&q=2", "จำนวนตัวชี้วัด")
        tree = pg.locator(".st-key-overview_tree, [data-testid='stPlotlyChart']").last.bounding_box()
        assert tree["width"] >= 340 and tree["height"] >= 400  # the strategy map is a map, not a thumbnail
    finally:
        ctx.close()


def test_a_downloaded_export_with_thai_headers_imports_back_to_identical_tables(server, page, demo_store, tmp_path):
    import pandas as pd

    from kpi_model.importer.batch import import_paths
    from kpi_model.store import Store

    open_view(
        page,
        f"{server.url}/agencies?agency=0402&agency=5047&years=2564&years=2565&quarters=1&quarters=2&quarters=3&quarters=4",
        "ดาวน์โหลด Excel",
    )
    for label, suffix in (("CSV", ".csv"), ("Excel", ".xlsx")):
        with page.expect_download() as info:
            page.locator("[data-testid='stDownloadButton'] button").filter(has_text=label).first.click()
        path = tmp_path / f"download{suffix}"
        info.value.save_as(path)
        if suffix == ".csv":
            header = path.read_text(encoding="utf-8-sig").splitlines()[0]
            assert "รหัสตัวชี้วัด" in header and "indicator_code" not in header
        again = Store(tmp_path / f"again{suffix}")
        assert import_paths(again, [path]).rejected == []
        codes = set(again.read("indicators")["indicator_code"])
        assert codes and {c.split("-")[0] for c in codes} == {"0402", "5047"}
        for table in ("indicators", "indicator_levels", "quarterly_results"):
            a = demo_store.read(table)
            a = a[a["indicator_code"].isin(codes) & a["fiscal_year"].isin([2564, 2565])]
            b = again.read(table)
            keys = [c for c in ("indicator_code", "fiscal_year", "quarter", "level") if c in a.columns]
            a = a.sort_values(keys).reset_index(drop=True)
            b = b.sort_values(keys).reset_index(drop=True)[list(a.columns)]
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{table} from {suffix}")


# ---- districts (issue 15): the map's hover names a district, a click opens its agency view ------

# Nong Chok (หนองจอก), a large district: its centroid (../shared/geo/bangkok-districts-centroids.csv)
NONG_CHOK = {
    "code": "5003",
    "th": "สำนักงานเขตหนองจอก",
    "en": "Nong Chok District Office",
    "lonlat": [100.85754, 13.85423],
}
MAP_READY_JS = """() => {
    const gd = document.querySelector('.st-key-districts_map .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return !!(sub && sub.map && sub.map.loaded() && gd.dataset.fitted === '1');  // fitted to the city (issue 25)
}"""
MAP_POINT_JS = """(lonlat) => {
    const gd = document.querySelector('.st-key-districts_map .js-plotly-plot');
    const map = gd._fullLayout.map._subplot.map;
    const p = map.project(lonlat);
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y];
}"""


def hover_text_at(pg, x: float, y: float, expected: str, tries: int = 5) -> str:
    """The map's hover label at (x, y). A redraw of the map (its fit to the city, a rerun after a
    resize) can clear a label just drawn, so the pointer is moved off and back until the label
    holds the expected name or the tries run out; the last label read is returned either way."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    text = ""
    for attempt in range(tries):
        pg.mouse.move(x + attempt, y)
        with contextlib.suppress(PlaywrightTimeout):
            pg.wait_for_function(
                "(name) => (document.querySelector('.st-key-districts_map .hoverlayer') || {}).textContent?.includes(name)",
                arg=expected,
                timeout=4_000,
            )
        text = pg.locator(".st-key-districts_map .hoverlayer").text_content() or ""
        if expected in text:
            return text
        pg.mouse.move(0, 0)
        pg.wait_for_function(MAP_READY_JS)
    return text


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_districts_map_hover_names_the_district_and_a_click_opens_its_agency_view(server, browser, screen, lang):
    requests: list[str] = []
    ctx = context_for(browser, screen, lang, requests)
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    name = NONG_CHOK[lang]
    try:
        # The league lists by rank in a canvas grid that attaches only the rows in view, so the
        # page is known by its map's title, not by a district's row.
        text = open_view(pg, server.url + with_lang("/districts?fy=2566&q=2", lang), t("district_map_title", lang))
        clean(text)
        pg.wait_for_function(MAP_READY_JS)
        shoot_page(pg, f"districts-{screen}-{lang}")
        if screen == "desktop":  # and at 1280, a common laptop width
            pg.set_viewport_size({"width": 1280, "height": SCREENS["desktop"]["height"]})
            wait_for_app(pg)
            shoot_page(pg, f"districts-1280-{lang}")
        pg.locator(".st-key-districts_map").scroll_into_view_if_needed()
        pg.wait_for_function(MAP_READY_JS)
        x, y = pg.evaluate(MAP_POINT_JS, NONG_CHOK["lonlat"])
        if screen == "desktop":  # a phone has no hover: a tap opens the district
            assert name in hover_text_at(pg, x, y, name)
        pg.mouse.click(x, y)
        pg.wait_for_url(re.compile(rf"/agencies\?.*agency={NONG_CHOK['code']}"))
        wait_for_app(pg)
        assert "years=2566" in pg.url and "quarters=2" in pg.url
        pg.get_by_text(name).first.wait_for(state="attached")
        outside = [u for u in requests if not u.startswith((server.url, "data:", "blob:", "about:"))]
        assert outside == []  # the map fetched no tiles, fonts or boundaries from anywhere
    finally:
        ctx.close()


def test_the_briefing_pack_downloads_from_the_page_as_the_pack_of_its_filters(server, page, tmp_path):
    """The button makes the PDF when clicked (Streamlit calls the loader then) and the file is
    the pack of the page's filters: agency 0402, Q1 of FY 2564."""
    from tests.brief.test_brief import need_renderer

    need_renderer()
    open_view(page, f"{server.url}/agencies?agency=0402&years=2564&quarters=1", "สำนักงานการเจ้าหน้าที่")
    with page.expect_download(timeout=120_000) as info:
        page.locator("[data-testid='stDownloadButton'] button").filter(has_text="PDF").first.click()
    assert info.value.suggested_filename == "bma-kpi-brief-2564-q1-agency-0402-th.pdf"
    path = tmp_path / "pack.pdf"
    info.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "0402 สำนักงานการเจ้าหน้าที่" in text and "ไตรมาส 1 ปีงบประมาณ 2564" in text
