"""Load: N browser sessions (chromium through Playwright) against one dashboard server, each
opening every page and changing the quarter filter; the largest N whose p95 page time stays
within the limit holds.

    python -m scripts.reliability load --max-sessions 16
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

from kpi_model.demo import demo_tables
from kpi_model.store import Store
from scripts.reliability.common import Log, quiet, wait_app
from scripts.reliability.markup import hostile_page_store, markup_check

__all__ = ["LOAD_PAGES", "load", "percentile", "proc_memory"]

LOAD_PAGES = (
    "/",
    "/agencies?agency=0402&years=2564&quarters=1",
    "/indicator?code=0402-0810&fy=2564",
    "/quality",
    "/strategy?strategy=7",
)
FILTER_KEY, FILTER_OPTION = "q", "ไตรมาส 2 (ม.ค.–มี.ค.)"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (inf counts: a page that never finished is slower than any)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def proc_memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in MiB."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return out


async def _session(browser, base_url: str, timeout_ms: int, times: list, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 1600}, locale="th-TH")
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        for path in LOAD_PAGES:
            t0 = time.perf_counter()
            try:
                await page.goto(base_url + path)
                await wait_app(page, timeout_ms)
                times.append((path, time.perf_counter() - t0))
            except Exception as exc:
                times.append((path, float("inf")))
                errors.append(f"{path}: {type(exc).__name__}: {str(exc)[:200]}")
            if path == "/":
                t0 = time.perf_counter()
                try:
                    await page.locator(f".st-key-{FILTER_KEY} [role='combobox']").first.click()
                    await page.get_by_role("option", name=FILTER_OPTION).first.click()
                    await page.wait_for_function("() => location.search.includes('q=2')", timeout=timeout_ms)
                    await wait_app(page, timeout_ms)
                    times.append(("/ filter q=2", time.perf_counter() - t0))
                except Exception as exc:
                    times.append(("/ filter q=2", float("inf")))
                    errors.append(f"filter: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


async def _load_levels(
    url: str, pid: int, levels: list[int], limit_s: float, timeout_ms: int, markup: tuple[str, int] | None, log: Log
) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    out: dict[str, Any] = {"levels": [], "markup_check": None}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            if markup:
                out["markup_check"] = await markup_check(browser, url, *markup, timeout_ms)
                log(f"load: markup check {out['markup_check']}")
            await _session(browser, url, timeout_ms, [], [])  # warm-up, not counted
            for n in levels:
                times: list = []
                errors: list = []
                t0 = time.perf_counter()
                try:
                    await asyncio.wait_for(
                        asyncio.gather(*(_session(browser, url, timeout_ms, times, errors) for _ in range(n))),
                        timeout=timeout_ms / 1000 * 8,
                    )
                except TimeoutError:
                    errors.append("the level ran past its time limit")
                values = [t for _, t in times]
                per_page = {}
                for path, t in times:
                    per_page.setdefault(path, []).append(t)
                level = {
                    "sessions": n,
                    "loads": len(values),
                    "p50_s": round(percentile(values, 50), 2),
                    "p95_s": round(percentile(values, 95), 2),
                    "max_s": round(max(values), 2) if values else None,
                    "failed": sum(t == float("inf") for t in values),
                    "wall_s": round(time.perf_counter() - t0, 1),
                    "p95_by_page": {k: round(percentile(v, 95), 2) for k, v in per_page.items()},
                    "server_mib": proc_memory(pid),
                    "errors": errors[:5],
                }
                out["levels"].append(level)
                log(
                    f"load: N={n:>2}  p50 {level['p50_s']:.2f} s  p95 {level['p95_s']:.2f} s  max {level['max_s']} s  "
                    f"failed {level['failed']}  server RSS {level['server_mib']}"
                )
                if level["p95_s"] > limit_s or level["failed"]:
                    break
        finally:
            await browser.close()
    return out


def load(
    work: Path, max_sessions: int = 16, limit_s: float = 5.0, quick: bool = False, log: Log = quiet
) -> dict[str, Any]:
    """Sessions N = 1, 2, 4, 8, 12, 16 (up to ``max_sessions``), each opening every page of
    :data:`LOAD_PAGES` and changing the quarter filter; stops once p95 > ``limit_s``."""
    from tests.browser import CHROMIUM, Server

    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} not found"}
    _store, code, fy = hostile_page_store(work)
    root = work / "load-store"
    shutil.rmtree(root, ignore_errors=True)
    Store(root).write(demo_tables(), note="reliability load")
    from kpi_model.importer.batch import import_paths

    result = import_paths(Store(root), [work / "markup" / "evil.txt"], fiscal_year=fy)
    if result.rejected:
        raise AssertionError(result.rejected)
    levels = [n for n in (1, 2, 4, 8, 12, 16, 24, 32) if n <= max_sessions]
    if quick:
        levels = [n for n in levels if n <= 4]
    server = Server(root)
    try:
        base_mem = proc_memory(server.proc.pid)
        out = asyncio.run(_load_levels(server.url, server.proc.pid, levels, limit_s, 60_000, (code, fy), log))
        out["server_mib_idle"] = base_mem
        out["server_mib_end"] = proc_memory(server.proc.pid)
    finally:
        server.stop()
    held = [lvl["sessions"] for lvl in out["levels"] if lvl["p95_s"] <= limit_s and not lvl["failed"]]
    out["largest_n_held"] = max(held) if held else 0
    out["limit_s"] = limit_s
    out["pages"] = [*LOAD_PAGES, "/ filter q=2"]
    return out
