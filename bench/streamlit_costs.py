"""Streamlit's own costs on a rerun: the full garbage collection it runs after every script run
(``runner.postScriptGC``) and the JSON engine plotly serialises charts with (``json`` or
``orjson``), measured on warm reruns of every page.

    python -m bench.streamlit_costs [--store DIR] [--reruns 30]

Each of the four combinations runs in its own process over the same store: a first run of each
page warms the caches, then ``--reruns`` reruns are timed (server-side script time, which is
what one replica spends per viewer interaction) and the RSS is read before and after, so a
setting that saves time by letting memory grow shows it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("pages/overview.py", "pages/strategy.py", "pages/agencies.py", "pages/indicator.py", "pages/quality.py")
COMBINATIONS = ((True, "json"), (False, "json"), (True, "orjson"), (False, "orjson"))


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_one(store: Path, gc_after_run: bool, engine: str, reruns: int) -> dict:
    """Warm reruns of every page with one combination; ms per rerun and RSS in MB."""
    os.environ["KPI_STORE"] = str(store)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import plotly.io as pio
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("runner.postScriptGC", gc_after_run)
    pio.json.config.default_engine = engine
    app = str(ROOT / "dashboard.py")
    tests = []
    for page in PAGES:
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        if page != PAGES[0]:
            at.switch_page(page)
        at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        tests.append(at)
    rss_before = _rss_mb()
    times = []
    for _ in range(reruns):
        for at in tests:
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
    return {
        "post_script_gc": gc_after_run,
        "engine": engine,
        "median_ms": statistics.median(times),
        "total_s": sum(times) / 1000,
        "rss_before_mb": rss_before,
        "rss_after_mb": _rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.streamlit_costs", description=__doc__.splitlines()[0])
    p.add_argument("--store", type=Path, default=None, help="a store (default: a fresh demo store)")
    p.add_argument("--reruns", type=int, default=30)
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        gc_flag, engine = args.child.split(":")
        print(json.dumps(run_one(args.store, gc_flag == "1", engine, args.reruns)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-st-") as tmp:
        store = args.store
        if store is None:
            from kpi_model.demo import demo_tables
            from kpi_model.store import Store

            store = Path(tmp) / "store"
            Store(store).write(demo_tables(), note="bench streamlit costs")
        results = []
        for gc_flag, engine in COMBINATIONS:
            out = subprocess.run(
                [
                    sys.executable,
                    *("-m", "bench.streamlit_costs", "--child", f"{int(gc_flag)}:{engine}"),
                    *("--store", str(store), "--reruns", str(args.reruns)),
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = results[0]["total_s"]
    print(
        f"{'postScriptGC':<13} {'engine':<7} {'median ms':>10} {'total s':>8} {'vs default':>11} {'RSS MB before → after':>24}"
    )
    for r in results:
        print(
            f"{r['post_script_gc']!s:<13} {r['engine']:<7} {r['median_ms']:>10.1f} {r['total_s']:>8.2f}"
            f" {r['total_s'] / base:>11.2f} {r['rss_before_mb']:>12,.0f} → {r['rss_after_mb']:,.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
