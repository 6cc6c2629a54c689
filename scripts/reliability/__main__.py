"""Issue 7, "prove it": crash, concurrency, hostile input and load runs against real stores.

    python -m scripts.reliability crash --kill-points 100
    python -m scripts.reliability concurrency --seconds 30
    python -m scripts.reliability fuzz --examples 2000
    python -m scripts.reliability load --max-sessions 16
    python -m scripts.reliability all --quick --json out.json

Each subcommand prints a table and, with ``--json FILE``, writes its figures. ``--quick`` makes
every run short (the test suite, tests/scripts/test_reliability.py, calls the same functions with small
numbers). Everything runs in a temporary folder (``--work DIR`` to keep it) and talks only to
127.0.0.1. Every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `python scripts/reliability` as well as `-m scripts.reliability`
    sys.path.insert(0, str(ROOT))

from kpi_model.importer.batch import PARALLEL_FROM  # noqa: E402
from scripts.reliability.concurrency import concurrency, two_imports, writer_loop  # noqa: E402
from scripts.reliability.crash import crash  # noqa: E402
from scripts.reliability.formulas import formula_export  # noqa: E402
from scripts.reliability.fuzz import fuzz  # noqa: E402
from scripts.reliability.load import load  # noqa: E402


def _table(rows: list[tuple[str, Any]]) -> str:
    width = max((len(k) for k, _ in rows), default=0)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def _report_crash(r: dict) -> str:
    keys = (
        "kill_points",
        "survived",
        "killed_while_running",
        "killed_in_write_window",
        "killed_with_workers",
        "processes_outliving_the_kill",
        "ended_old",
        "ended_new",
        "ended_other",
        "left_stale_files",
        "new_without_log_line",
        "pages",
        "base_indicators",
        "import_seconds",
        "check",
        "seconds",
    )
    return _table([(k, r[k]) for k in keys])


def _report_concurrency(r: dict) -> str:
    rows = []
    for part in ("reads", "reads_shared_store"):
        rows += [(f"{part}: {k}", v) for k, v in r[part].items() if not isinstance(v, dict)]
    for t in r["two_imports"]:
        rows.append(
            (
                f"two imports, {'lock held until both wait' if t['hold'] else 'started together'}",
                f"exits {[x['rc'] for x in t['runs']]}, in store {[x['in_store'] for x in t['runs']]}, "
                f"log lines {t['log_lines']}, problems {t['problems'] or 'none'}",
            )
        )
    return _table(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.reliability", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("crash", "concurrency", "fuzz", "load", "all"):
        p = sub.add_parser(name)
        p.add_argument("--quick", action="store_true", help="short runs (minutes → seconds)")
        p.add_argument("--json", type=Path, default=None, help="also write the figures to FILE")
        p.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one, removed)")
        p.add_argument("--kill-points", type=int, default=None)
        p.add_argument("--pages", type=int, default=None, help="pages in the import to kill")
        p.add_argument("--base", type=int, default=None, help="indicators in the base store")
        p.add_argument("--cli-check", action="store_true", help="run check as a subprocess after each kill")
        p.add_argument(
            "--worker-kills",
            type=int,
            default=None,
            help="crash: extra kills as soon as the parsing pool's workers exist",
        )
        p.add_argument("--seconds", type=float, default=None, help="concurrency: how long the writer runs")
        p.add_argument("--examples", type=int, default=None, help="fuzz: hostile files to import")
        p.add_argument("--seed", type=int, default=None, help="fuzz: Hypothesis seed")
        p.add_argument("--max-sessions", type=int, default=16)
        p.add_argument("--limit", type=float, default=5.0, help="load: p95 page time limit, seconds")
    w = sub.add_parser("_writer")  # the other process of `concurrency`
    w.add_argument("--store", type=Path, required=True)
    w.add_argument("--pages", type=Path, required=True)
    w.add_argument("--rounds", type=int, required=True)
    w.add_argument("--seconds", type=float, required=True)
    w.add_argument("--pause", type=float, default=0.3)
    args = parser.parse_args(argv)
    if args.command == "_writer":
        print(json.dumps(writer_loop(args.store, args.pages, args.rounds, args.seconds, args.pause)))
        return 0

    def log(msg: str) -> None:
        print(msg, flush=True)

    q = args.quick
    work = args.work or Path(tempfile.mkdtemp(prefix="kpi-reliability-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0]}, "argv": sys.argv}
    ok = True
    try:
        if args.command in ("crash", "all"):
            pages = args.pages or (40 if q else 300)
            r = crash(
                work / "crash",
                kill_points=args.kill_points or (10 if q else 100),
                base=args.base or (300 if q else 2000),
                replace=pages // 2,
                add=pages - pages // 2,
                cli_check=args.cli_check,
                log=log,
                worker_kills=args.worker_kills
                if args.worker_kills is not None
                else (0 if pages < PARALLEL_FROM else 2 if q else 10),
            )
            print("\ncrash\n" + _report_crash(r))
            report["crash"] = {k: v for k, v in r.items() if k != "points"}
            ok &= not r["failures"]
        if args.command in ("concurrency", "all"):
            seconds = args.seconds or (5 if q else 30)
            reads = concurrency(work / "concurrency", seconds=seconds, base=args.base or 300, log=log)
            shared = concurrency(
                work / "concurrency", seconds=seconds, base=args.base or 300, shared_store=True, log=log
            )
            twos = [two_imports(work / "concurrency", hold, base=args.base or 300, log=log) for hold in (False, True)]
            r = {"reads": reads, "reads_shared_store": shared, "two_imports": twos}
            print("\nconcurrency\n" + _report_concurrency(r))
            report["concurrency"] = r
            ok &= not any(x["read_errors"] or x["inconsistent_reads"] or x["writer_errors"] for x in (reads, shared))
            ok &= not any(t["problems"] for t in twos)
        if args.command in ("fuzz", "all"):
            r = fuzz(work / "fuzz", examples=args.examples or (100 if q else 2000), seed=args.seed, log=log)
            f = formula_export(work / "fuzz")
            r["formula_export"] = f
            print(
                "\nfuzz\n"
                + _table(
                    [(k, v) for k, v in r.items() if k != "formula_export"]
                    + [(f"formula export: {k}", v) for k, v in f.items()]
                )
            )
            report["fuzz"] = r
            ok &= r["failure"] is None and not f["csv_cells_starting_like_a_formula"] and not f["xlsx_formula_cells"]
            ok &= all(dt != "f" and v.startswith("'") for _, dt, v in f["xlsx_hostile_cells"])
        if args.command in ("load", "all"):
            r = load(work / "load", max_sessions=args.max_sessions, limit_s=args.limit, quick=q, log=log)
            if "skipped" not in r:
                rows = [
                    (
                        f"N={lvl['sessions']}",
                        f"p50 {lvl['p50_s']} s  p95 {lvl['p95_s']} s  max {lvl['max_s']} s  "
                        f"failed {lvl['failed']}  loads {lvl['loads']}  server {lvl['server_mib']}",
                    )
                    for lvl in r["levels"]
                ]
                rows += [
                    ("largest N held", r["largest_n_held"]),
                    ("server idle", r["server_mib_idle"]),
                    ("server end", r["server_mib_end"]),
                    ("markup check", r["markup_check"]),
                ]
                print("\nload\n" + _table(rows))
                m = r["markup_check"] or {}
                ok &= bool(m.get("text_shown")) and not (
                    m.get("script_elements") or m.get("evil_links") or m.get("evil_images") or m.get("dialogs")
                )
            report["load"] = r
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print("\nresult:", "every check held" if ok else "SOME CHECKS FAILED (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
