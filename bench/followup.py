"""python -m bench.followup [--actions 5000] [--codes 600] [--repeat 7] [--json FILE]

What the follow-up database costs the pages, on SQLite (the embedded default) and PostgreSQL
(a throwaway server on loopback, as for replicas), in one run so the two compare as a ratio:
one save (an action written with its history row and the save-limit check), one indicator's
follow-up (the indicator page), the overview's two counts over ``--codes`` indicators behind,
the briefing pack's notes for them, and an editor's "my follow-up". Median wall milliseconds
and process CPU milliseconds per call over ``--repeat`` calls, with ``--actions`` actions
spread over the indicators. Check ``uptime`` first: the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kpi_model import followup as fu
from kpi_model.followup import schema as t
from kpi_model.followup.records import to_db_time


def _codes(n: int) -> list[str]:
    return [f"{400 + i % 40:04d}-{1000 + i:04d}" for i in range(n)]


class _Clock:
    """Each call a second later, so the per-account save limit (100 a minute) never binds."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.at += dt.timedelta(seconds=1)
        return self.at


def _fill(db: fu.FollowupDB, codes: list[str], actions: int) -> tuple[fu.Account, fu.Account]:
    operator = fu.Operator("cli:bench")
    analyst = fu.add_account(db, operator, "analyst", "analyst")
    editor = fu.add_account(db, operator, "editor", "agency_editor", ["0401", "0402"])
    stamp = to_db_time(db.now())
    rows = [
        {
            "indicator_code": codes[i % len(codes)],
            "fiscal_year": 2569,
            "quarter": 1 + i % 4,
            "agency_code": codes[i % len(codes)][:4],
            "what": f"การดำเนินการที่ {i}",
            "owner": "ฝ่ายโยธา",
            "due_date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 200),
            "status": ("open", "done", "dropped")[i % 3],
            "closing_note": "",
            "revision": 1,
            "created_by": "analyst",
            "created_at": stamp,
            "updated_by": "analyst",
            "updated_at": stamp,
        }
        for i in range(actions)
    ]
    with db.writing() as conn:
        conn.execute(t.actions.insert(), rows)
    for code in codes[::3]:
        fu.save_analysis(db, analyst, fu.note_key(code, 2569, 2), "ฝนตกหนัก", "เร่งรัด", 0)
    return analyst, editor


def _measure(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return {"wall_ms": round(statistics.median(walls), 2), "cpu_ms": round(statistics.median(cpus), 2)}


def run_engine(url: str, codes: list[str], actions: int, repeat: int) -> dict[str, dict[str, float]]:
    db = fu.open_followup(url=url, clock=_Clock())
    try:
        analyst, editor = _fill(db, codes, actions)
        key = fu.note_key(codes[0], 2569, 2)
        as_of = dt.date(2026, 3, 1)
        counter = iter(range(10**9))
        return {
            "save an action": _measure(
                lambda: fu.add_action(db, analyst, key, f"งาน {next(counter)}", "ฝ่าย", "2026-03-31"), repeat
            ),
            "one indicator's follow-up": _measure(lambda: fu.followup_of(db, key), repeat),
            "overview counts": _measure(lambda: fu.overview_counts(db, codes, 2569, 2, as_of), repeat),
            "briefing notes": _measure(lambda: fu.briefing_notes(db, codes, 2569, 2), repeat),
            "my follow-up": _measure(lambda: fu.my_followup(db, editor, codes, 2569, 2, as_of), repeat),
        }
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.followup", description=__doc__.splitlines()[0])
    p.add_argument("--actions", type=int, default=5000)
    p.add_argument("--codes", type=int, default=600)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    codes = _codes(args.codes)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run_engine(f"sqlite:///{Path(tmp) / 'followup.sqlite'}", codes, args.actions, args.repeat)
    try:
        from scripts.postgres import Postgres, PostgresUnavailable

        with Postgres.start() as pg:
            results["postgresql"] = run_engine(pg.new_database("bench"), codes, args.actions, args.repeat)
    except PostgresUnavailable as exc:
        print(f"postgresql: not measured ({exc})", file=sys.stderr)
    engines = list(results)
    print(f"{'':28}" + "".join(f"{e + ' wall/cpu ms':>28}" for e in engines))
    for what in results["sqlite"]:
        cells = "".join(f"{results[e][what]['wall_ms']:>18.2f} / {results[e][what]['cpu_ms']:<7.2f}" for e in engines)
        print(f"{what:28}{cells}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
