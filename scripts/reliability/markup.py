"""Markup: a page whose report and definition hold HTML and markdown, imported into a store,
is kept as written and shown on /indicator as plain text (the ``load`` command checks it in
chromium before its sessions; tests/scripts/test_reliability.py checks the store side)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bench.pages import render_page
from kpi_model.store import Store
from scripts.reliability.common import Fixture, wait_app

__all__ = ["EVIL_DEFINITION", "EVIL_REPORT", "hostile_page_store", "markup_check"]

EVIL_REPORT = "<script>alert(1)</script> [x](http://evil) **bold**"
EVIL_DEFINITION = "[x](http://evil) <img src=x onerror=alert(2)>"


def hostile_page_store(work: Path, base: int = 60) -> tuple[Store, str, int]:
    """A store with one page imported whose Q2 report is :data:`EVIL_REPORT` and whose
    definition is :data:`EVIL_DEFINITION`. Returns (store, code, fiscal year)."""
    from kpi_model.importer.batch import import_paths

    fx = Fixture(work / "markup", base)
    inds = fx.base_tables["indicators"]
    ind = inds[inds["source"] == "synthetic-demo"].iloc[0].to_dict()
    ind["definition"] = EVIL_DEFINITION
    results = fx.demo["quarterly_results"]
    quarters = results[(results.indicator_code == ind["indicator_code"]) & (results.fiscal_year == ind["fiscal_year"])]
    quarters = quarters.sort_values("quarter").to_dict("records")
    for q in quarters:
        if q["quarter"] == 2:
            q["report_th"] = EVIL_REPORT
    names = dict(zip(fx.demo["strategies"]["strategy_code"], fx.demo["strategies"]["name_th"], strict=True))
    page = work / "markup" / "evil.txt"
    page.write_text(render_page(ind, quarters, names), encoding="utf-8")
    store = Store(fx.copy("markup-store"))
    result = import_paths(store, [page], fiscal_year=int(ind["fiscal_year"]))
    if result.rejected:
        raise AssertionError(f"the page with markup is rejected: {result.rejected}")
    return store, str(ind["indicator_code"]), int(ind["fiscal_year"])


async def markup_check(browser, url: str, code: str, fy: int, timeout_ms: int) -> dict[str, Any]:
    """The imported page's markup is shown as text: no script element or link from it, no
    alert, the literal text on the page."""
    context = await browser.new_context(viewport={"width": 1440, "height": 2400}, locale="th-TH")
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
    try:
        await page.goto(f"{url}/indicator?code={code}&fy={fy}")
        await wait_app(page, timeout_ms)
        await page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for(
            state="attached", timeout=timeout_ms
        )
        await wait_app(page, timeout_ms)
        main = page.locator("[data-testid='stMain']")
        return {
            "text_shown": "<script>alert(1)</script>" in (await main.text_content() or ""),
            "script_elements": await main.locator("script").count(),
            "evil_links": await page.locator("a[href*='evil']").count(),
            "evil_images": await page.locator("img[src='x']").count(),
            "dialogs": dialogs,
        }
    finally:
        await context.close()
