"""Screenshots of every page for a person to look at: the first screen (what a reader sees
without scrolling) and the whole page, at a desktop (1440 × 900) and a phone (390 × 844).

    python -m scripts.shots OUT_DIR [--store DIR] [--lang th|en]

Without ``--store`` the demo store is written to a temporary folder. The dashboard runs on a
free loopback port (tests.browser.Server) and Debian's chromium draws it (never a downloaded
browser). Files: ``OUT_DIR/{page}-{desktop|phone}.png`` (first screen) and ``…-full.png``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.browser import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app

SCREENS: dict[str, Any] = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "overview": "/",
    "strategy": "/strategy",
    "agencies": "/agencies",
    "districts": "/districts",
    "indicator": "/indicator",
    "quality": "/quality",
    "review": "/review",
}


def shoot_all(store_root: Path, out: Path, lang: str, only: list[str] | None = None, query: str = "") -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = Server(store_root)
    written: list[Path] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                for screen, size in SCREENS.items():
                    ctx = browser.new_context(viewport=size, locale="th-TH", is_mobile=screen == "phone")
                    page = ctx.new_page()
                    page.set_default_timeout(90_000)
                    for name, path in PAGES.items():
                        if only and name not in only:
                            continue
                        page.set_viewport_size(size)
                        params = "&".join(p for p in (query, "" if lang == "th" else "lang=en") if p)
                        page.goto(server.url + path + (f"?{params}" if params else ""))
                        wait_for_app(page)
                        page.wait_for_timeout(1500)  # plotly draws after the script has finished
                        suffix = f"-{query.replace('&', '-').replace('=', '')}" if query else ""
                        first = out / f"{name}{suffix}-{screen}.png"
                        page.screenshot(path=str(first))
                        height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
                        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 14_000)})
                        wait_for_app(page)
                        page.wait_for_timeout(1000)
                        full = out / f"{name}{suffix}-{screen}-full.png"
                        page.screenshot(path=str(full), full_page=True)
                        written += [first, full]
                    ctx.close()
            finally:
                browser.close()
    finally:
        server.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--lang", choices=("th", "en"), default="th")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only these pages (repeatable)")
    parser.add_argument("--query", default="", help="URL parameters for every page, e.g. fy=2566&q=2")
    args = parser.parse_args(argv)
    if args.store is not None:
        written = shoot_all(args.store, args.out, args.lang, args.page, args.query)
    else:
        from kpi_model.demo import demo_tables
        from kpi_model.store import Store

        with tempfile.TemporaryDirectory() as tmp:
            Store(tmp).write(demo_tables(), note="screenshots")
            written = shoot_all(Path(tmp), args.out, args.lang, args.page, args.query)
    for path in written:
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
