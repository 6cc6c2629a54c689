"""python -m bench [--rows 5000000] [--json FILE] [--store DIR] [--repeat N] [--quick]

Measures, in one run on one machine (ratios, since machines here are noisy):
0. what writes cost: the store build (1 M and N rows), imports of 1 and 100 pages into it, a
   settings change (bench/writes.py);
1. every query each page issues (default view, and one agency + one fiscal year) through the
   project's store module (the view functions pages call);
2. the same SQL, captured from (1), on a bare DuckDB connection over the same files (the floor);
3. the peer: the same view functions over pandas, each call reading the whole table;
4. whole pages through AppTest, cold (caches cleared) and warm;
5. peak RSS of 1–4 (each in its own process) and the import rate of detail pages;
6. the city's quarterly briefing pack (PDF) of the latest period (bench/brief.py).

``--only writes`` or ``--only brief`` measures (0) or (6) alone; ``--only queries`` measures (1)
and (2) alone, and with ``--baseline DIR`` (a folder holding another commit's ``kpi_model``
package, e.g. ``git archive <commit> kpi_model | tar -x -C DIR``) the same queries through
that code too, in the same run, so a change's before and after are measured side by side.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import brief, writes

ROOT = Path(__file__).resolve().parents[1]
BASE_ROWS = 9_856  # quarterly_results rows of the demo store at --scale 1


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cases(store) -> list[tuple[str, str, tuple, dict]]:
    """(page, view, args, kwargs) for the default view and for one agency + one fiscal year."""
    from kpi_model import views
    from kpi_model.store import Filters

    period = views.latest_period(store)
    fy, q = period.fiscal_year, period.quarter
    one = Filters(agency_codes=("0402",), fiscal_years=(fy,))
    one_q = Filters(agency_codes=("0402",), fiscal_years=(fy,), quarters=(q,))
    return [
        ("overview", "headline", (fy, q), {}),
        ("overview", "by_dimension", (fy, q), {}),
        ("overview", "strategy_tree", (fy, q), {}),
        ("overview", "agencies_ranked", (fy, q), {}),
        ("overview", "movers", (fy, q), {}),
        ("overview", "headline", (fy, q), {"filters": one}),
        ("strategy", "branch_children", ("7", fy, q), {}),
        ("strategy", "branch_by_quarter", ("7", fy), {}),
        ("strategy", "branch_indicators", ("7.3.1.1", fy, q), {}),
        ("strategy", "branch_children", ("7", fy, q), {"filters": one}),
        ("agencies", "indicator_rows", (Filters(fiscal_years=(fy,), quarters=(q,)),), {"limit": 5000}),
        ("agencies", "row_count", (Filters(fiscal_years=(fy,), quarters=(q,)),), {}),
        ("agencies", "agency_quarter_scores", (Filters(fiscal_years=(fy,)),), {}),
        ("agencies", "indicator_rows", (one_q,), {"limit": 5000}),
        ("agencies", "agency_quarter_scores", (one,), {}),
        ("indicator", "indicator_detail", ("0402-0810", 2564), {}),
        ("quality", "flag_counts", (Filters(),), {}),
        ("quality", "flags", (Filters(),), {"limit": 5000}),
        ("quality", "flags", (one,), {"limit": 5000}),
        ("districts", "district_league", (fy, q), {}),
    ]


def _label(view: str, args: tuple, kwargs: dict) -> str:
    filtered = "filtered" if any("agency_codes=('0402',)" in repr(a) for a in (*args, *kwargs.values())) else "default"
    return f"{view}[{filtered}]"


def run_project(store_dir: Path, repeat: int) -> dict:
    from kpi_model import views
    from kpi_model.store import Store

    store = Store(store_dir)
    out = {}
    for page, view, args, kwargs in cases(store):
        fn = getattr(views, view)
        fn(store, *args, **kwargs)  # warm the connection and the OS cache
        store.trace = []
        fn(store, *args, **kwargs)
        statements = store.trace
        store.trace = None
        ms = _median_ms(functools.partial(fn, store, *args, **kwargs), repeat)
        out[f"{page}:{_label(view, args, kwargs)}"] = {"ms": ms, "sql": statements}
    return {"queries": out, "peak_rss_mb": _peak_rss_mb()}


def run_raw(store_dir: Path, statements: dict, repeat: int) -> dict:
    """The captured SQL on a bare DuckDB connection with plain views over the same files."""
    import duckdb

    from kpi_model.store import ALL_TABLES, Store
    from kpi_model.store.layout import Layout

    version = Store(store_dir).version()
    layout = Layout(store_dir)
    con = duckdb.connect()
    for table in ALL_TABLES:
        files = ", ".join(f"'{p}'" for p in layout.table_files(version, table))
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{files}])")
    out = {}
    for name, sql in statements.items():

        def run(sql: list = sql) -> None:
            for query, params in sql:
                cur = con.cursor()
                cur.execute(query, params).df()
                cur.close()

        run()
        out[name] = {"ms": _median_ms(run, repeat)}
    return {"queries": out, "peak_rss_mb": _peak_rss_mb()}


def run_pandas(store_dir: Path, repeat: int) -> dict:
    from bench.peer import PandasStore
    from kpi_model import views
    from kpi_model.store import Store

    store = Store(store_dir)
    peer = PandasStore(store_dir / "versions" / store.version())
    out = {}
    for page, view, args, kwargs in cases(store):
        fn = getattr(views, view)
        fn(peer, *args, **kwargs)
        out[f"{page}:{_label(view, args, kwargs)}"] = {
            "ms": _median_ms(functools.partial(fn, peer, *args, **kwargs), repeat)
        }
    return {"queries": out, "peak_rss_mb": _peak_rss_mb()}


PAGES = ("pages/overview.py", "pages/strategy.py", "pages/agencies.py", "pages/indicator.py", "pages/quality.py")


def run_apptest(store_dir: Path, repeat: int) -> dict:
    os.environ["KPI_STORE"] = str(store_dir)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "dashboard.py")
    AppTest.from_file(app, default_timeout=120).run()  # imports (plotly, pandas) out of the way
    out = {}
    for page in PAGES:
        if not (ROOT / page).exists():
            continue
        cold, warm = [], []
        for _ in range(max(1, repeat // 2)):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(app, default_timeout=120)
            at.run()
            if page != PAGES[0]:
                try:
                    at.switch_page(page)
                except ValueError:  # not registered in the router
                    break
                st.cache_data.clear()
                st.cache_resource.clear()
            t0 = time.perf_counter()
            at.run()
            cold.append((time.perf_counter() - t0) * 1000)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
            t0 = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - t0) * 1000)
        if cold:
            out[page] = {"cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm)}
    return {"pages": out, "peak_rss_mb": _peak_rss_mb()}


def run_import(count: int) -> dict:
    from bench.pages import write_pages
    from kpi_model.demo import demo_tables
    from kpi_model.importer.batch import import_paths
    from kpi_model.importer.detail_page import read_detail_page
    from kpi_model.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_pages(demo_tables(), Path(tmp) / "pages", count)
        t0 = time.perf_counter()
        for p in paths:
            read_detail_page(p)
        parse_s = time.perf_counter() - t0
        store = Store(Path(tmp) / "store")
        t0 = time.perf_counter()
        result = import_paths(store, [Path(tmp) / "pages"])
        import_s = time.perf_counter() - t0
        if result.rejected:
            raise RuntimeError(f"bench pages rejected: {result.rejected[:3]}")
    return {
        "pages": len(paths),
        "parse_pages_per_s": len(paths) / parse_s,
        "import_pages_per_s": len(paths) / import_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _child(kind: str, args: argparse.Namespace, extra: dict | None = None, code: Path | None = None) -> dict:
    """Run one measurement in its own process, so its peak RSS is its own; with ``code``, the
    ``kpi_model`` package of that folder is measured (this bench's code still runs it)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as f:
        payload = Path(f.name)
    if extra is not None:
        payload.write_text(json.dumps(extra))
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "--child",
        kind,
        "--store",
        str(args.store),
        "--repeat",
        str(args.repeat),
        "--payload",
        str(payload),
        "--pages",
        str(args.pages),
    ]
    if code is None:
        subprocess.run(cmd, check=True, cwd=ROOT)
    else:  # `-m` puts the working folder first on the path: its kpi_model, this bench
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        subprocess.run(cmd, check=True, cwd=code, env=env)
    result = json.loads(payload.read_text())
    payload.unlink()
    return result


def build_store(args: argparse.Namespace) -> dict:
    """The bench store of ``args.rows`` rows, built (in its own process, measured) unless a
    store of that scale and of the current layout is there."""
    from kpi_model.store import Store
    from kpi_model.store.build import LAYOUT

    scale = max(1, math.ceil(args.rows / BASE_ROWS))
    store = Store(args.store)
    if store.exists() and store.meta().note == f"bench scale {scale}" and store.partitioned():
        return {"scale": scale, "rows": store.meta().rows.get("quarterly_results"), "built_s": None, "layout": LAYOUT}
    built = _child("write:build", args)
    return {**built, "built_s": built["tables_s"] + built["write_s"]}


def _print_writes(built: dict, written: dict) -> None:
    b1 = written["build_1m"]
    print("\nwrites                                   seconds   peak RSS MB")
    print(
        f"{'build ' + format(b1['rows'], ',') + ' rows (write)':<40} {b1['write_s']:>8.1f} {b1['peak_rss_mb']:>12,.0f}"
    )
    if built.get("built_s"):
        label = "build " + format(built["rows"], ",") + " rows (write)"
        print(f"{label:<40} {built['write_s']:>8.1f} {built['peak_rss_mb']:>12,.0f}")
    for name in ("import_1_page", "import_100_pages", "setting"):
        w = written[name]
        print(f"{name.replace('_', ' '):<40} {w['seconds']:>8.2f} {w['peak_rss_mb']:>12,.0f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=5_000_000, help="quarterly_results rows (default 5,000,000)")
    p.add_argument("--json", type=Path, default=None, help="write the results here")
    p.add_argument("--store", type=Path, default=ROOT / "bench" / "store")
    p.add_argument("--repeat", type=int, default=7, help="runs per measurement (median)")
    p.add_argument("--pages", type=int, default=1000, help="detail pages for the import rate")
    p.add_argument(
        "--only",
        choices=["writes", "brief", "queries"],
        default=None,
        help="only the store build and import figures, the pack, or the page queries (project and raw)",
    )
    p.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="with --only queries: a folder holding another commit's kpi_model package, measured in the same run",
    )
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--payload", type=Path, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child:
        extra = json.loads(args.payload.read_text()) if args.payload.stat().st_size else {}
        result = {
            "project": lambda: run_project(args.store, args.repeat),
            "raw": lambda: run_raw(args.store, extra.get("statements", {}), args.repeat),
            "pandas": lambda: run_pandas(args.store, max(3, args.repeat // 2)),
            "apptest": lambda: run_apptest(args.store, args.repeat),
            "import": lambda: run_import(args.pages),
            "brief": lambda: brief.run_brief(args.store),
            "write:build": lambda: writes.run_build(args.rows, args.store),
            "write:build1m": lambda: writes.run_build(1_000_000),
            "write:import1": lambda: writes.run_import(args.store, 1),
            "write:import100": lambda: writes.run_import(args.store, 100),
            "write:setting": lambda: writes.run_setting(args.store),
        }[args.child]()
        args.payload.write_text(json.dumps(result, default=str))
        return 0

    print(f"store: {args.store} ({args.rows:,} quarterly rows wanted)", flush=True)
    built = build_store(args)
    print(
        f"  scale {built['scale']}, {built['rows']:,} rows"
        + (
            f", built in {built['built_s']:.1f} s (tables {built['tables_s']:.1f} s, write {built['write_s']:.1f} s),"
            f" peak RSS {built['peak_rss_mb']:,.0f} MB"
            if built["built_s"]
            else " (reused)"
        ),
        flush=True,
    )
    if args.only == "brief":
        pack = _child("brief", args)
        brief.print_brief(pack)
        if args.json:
            args.json.write_text(json.dumps({"store": built, "brief": pack}, indent=1, default=str))
        return 0
    if args.only == "queries":
        return _queries_only(args, built)
    written = {
        "build_1m": _child("write:build1m", args),
        "import_1_page": _child("write:import1", args),
        "import_100_pages": _child("write:import100", args),
        "setting": _child("write:setting", args),
    }
    _print_writes(built, written)
    if args.only == "writes":
        if args.json:
            args.json.write_text(json.dumps({"store": built, "writes": written}, indent=1, default=str))
        return 0
    project = _child("project", args)
    statements = {k: v["sql"] for k, v in project["queries"].items()}
    raw = _child("raw", args, {"statements": statements})
    peer = _child("pandas", args)
    app = _child("apptest", args)
    imp = _child("import", args)
    pack = _child("brief", args)

    rows = {}
    for name, q in project["queries"].items():
        ms_p, ms_r, ms_pd = q["ms"], raw["queries"][name]["ms"], peer["queries"][name]["ms"]
        rows[name] = {
            "ms_project": ms_p,
            "ms_raw_duckdb": ms_r,
            "ms_pandas": ms_pd,
            "project_over_raw": ms_p / ms_r if ms_r else None,
            "pandas_over_project": ms_pd / ms_p if ms_p else None,
            "statements": len(q["sql"]),
        }
    result = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "store": built,
        "repeat": args.repeat,
        "queries": rows,
        "peak_rss_mb": {
            "project": project["peak_rss_mb"],
            "raw_duckdb": raw["peak_rss_mb"],
            "pandas": peer["peak_rss_mb"],
            "apptest": app["peak_rss_mb"],
            "import": imp["peak_rss_mb"],
        },
        "pages": app["pages"],
        "import": imp,
        "writes": written,
        "brief": pack,
    }
    print(f"\n{'query':<48} {'project ms':>11} {'raw ms':>9} {'pandas ms':>10} {'proj/raw':>9} {'pandas/proj':>12}")
    for name, r in rows.items():
        print(
            f"{name:<48} {r['ms_project']:>11.1f} {r['ms_raw_duckdb']:>9.1f} {r['ms_pandas']:>10.1f} "
            f"{r['project_over_raw']:>9.2f} {r['pandas_over_project']:>12.1f}"
        )
    print("\npeak RSS (MB): " + ", ".join(f"{k} {v:,.0f}" for k, v in result["peak_rss_mb"].items()))
    print("\npage (AppTest)                 cold ms    warm ms")
    for page, r in app["pages"].items():
        print(f"{page:<28} {r['cold_ms']:>10.0f} {r['warm_ms']:>10.0f}")
    print(
        f"\nimport: {imp['pages']} pages, parse {imp['parse_pages_per_s']:.0f} pages/s, "
        f"import (parse + merge + write) {imp['import_pages_per_s']:.0f} pages/s"
    )
    brief.print_brief(pack)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
        print(f"\nwrote {args.json}")
    return 0


def _project_and_raw(args: argparse.Namespace, code: Path | None = None) -> dict[str, dict]:
    project = _child("project", args, code=code)
    statements = {k: v["sql"] for k, v in project["queries"].items()}
    raw = _child("raw", args, {"statements": statements})
    return {
        name: {
            "ms_project": q["ms"],
            "ms_raw_duckdb": raw["queries"][name]["ms"],
            "project_over_raw": q["ms"] / raw["queries"][name]["ms"] if raw["queries"][name]["ms"] else None,
            "statements": len(q["sql"]),
        }
        for name, q in project["queries"].items()
    }


def _queries_only(args: argparse.Namespace, built: dict) -> int:
    """(1) and (2) alone: each page query through the project against its SQL on bare DuckDB;
    with ``--baseline``, through the baseline's code too (its own SQL as its floor)."""
    after = _project_and_raw(args)
    before = _project_and_raw(args, args.baseline) if args.baseline else {}
    load = os.getloadavg()
    print(f"\nload average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    head = f"{'query':<48} {'project ms':>11} {'raw ms':>9} {'proj/raw':>9}"
    if before:
        head += f" {'before ms':>10} {'raw ms':>9} {'proj/raw':>9} {'before/after':>13}"
    print(head)
    for name, r in after.items():
        line = f"{name:<48} {r['ms_project']:>11.1f} {r['ms_raw_duckdb']:>9.1f} {r['project_over_raw']:>9.2f}"
        b = before.get(name)
        if b:
            line += (
                f" {b['ms_project']:>10.1f} {b['ms_raw_duckdb']:>9.1f} {b['project_over_raw']:>9.2f}"
                f" {b['ms_project'] / r['ms_project']:>13.2f}"
            )
        print(line)
    if args.json:
        result = {"store": built, "repeat": args.repeat, "load": load, "queries": after, "baseline": before}
        args.json.write_text(json.dumps(result, indent=1, default=str))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
