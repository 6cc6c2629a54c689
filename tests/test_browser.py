"""The rendered dashboard in Debian's chromium: Thai renders, figures appear, nothing is empty."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Server, need_browser, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_store):
    need_browser()
    srv = Server(demo_store.root)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_overview_renders_thai_headline_figures(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_text("จำนวนตัวชี้วัด").first.wait_for()
    body = page.inner_text("body")
    assert "ภาพรวมตัวชี้วัดกรุงเทพมหานคร" in body
    assert "None" not in body and "nan" not in body
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    page.close()
