"""Concurrency: dashboard views read while another process imports and rolls back in a loop
(every read sees one whole version), and two imports run against one store at once (neither
loses its rows; the one that waits for the writer lock says so).

    python -m scripts.reliability concurrency --seconds 30
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from kpi_model.store import Filters, Store
from scripts.reliability.common import ENV, ROOT, Fixture, Log, page_keys, quiet, store_keys

__all__ = ["LOCKED_MESSAGE", "concurrency", "counts_by_year", "two_imports", "writer_loop"]

LOCKED_MESSAGE = "another import is writing"


def cli_inprocess(*args: str) -> tuple[int, str]:
    """``kpi_model.__main__.main(ARGS)`` here (the same code without an interpreter start)."""
    from kpi_model.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = main(list(args))
    return rc, out.getvalue()


def counts_by_year(store: Store) -> tuple[tuple[int, int], ...]:
    """quarter_scores rows per fiscal year, from one query (so from one version)."""
    return tuple((int(r.key[0]), r.indicator_count) for r in store.rollup(["fiscal_year"]))


def writer_loop(store_root: Path, pages: Path, rounds: int, seconds: float, pause: float = 0.3) -> dict[str, Any]:
    """In its own process: import ``pages``, roll back to the version before, again, … so the
    store flips between two contents. Bounded by ``rounds`` and ``seconds``."""
    from kpi_model.importer.batch import import_paths

    store = Store(store_root)
    done = Counter()
    errors = []
    deadline = time.monotonic() + seconds
    for _ in range(rounds):
        if time.monotonic() > deadline:
            break
        try:
            before = store.version()
            result = import_paths(store, [pages], note="reliability writer")
            if result.rejected:
                errors.append(str(result.rejected[0]))
                break
            done["imports"] += 1
            time.sleep(pause)
            store.rollback(before)
            done["rollbacks"] += 1
            time.sleep(pause)
        except Exception as exc:  # reported, not hidden: the caller fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
            break
    return {**done, "errors": errors}


def concurrency(
    work: Path,
    seconds: float = 8.0,
    readers: int = 3,
    rounds: int = 200,
    base: int = 300,
    add: int = 40,
    shared_store: bool = False,
    log: Log = quiet,
) -> dict[str, Any]:
    """Reader threads run dashboard views while another process imports and rolls back in a
    loop. Every per-query count must be the old or the new one; no view may raise. With
    ``shared_store`` the threads share one Store, as ui/data.py shares it between sessions;
    otherwise each thread has its own."""
    from kpi_model import views
    from kpi_model.importer.batch import import_paths

    fx = Fixture(work, base)
    pages, _ = fx.pages("conc-pages", add=add)
    old = counts_by_year(Store(fx.base_root))
    probe = Store(fx.copy("conc-probe"))
    if import_paths(probe, [pages]).rejected:
        raise RuntimeError("the concurrency import set is rejected")
    new = counts_by_year(probe)
    probe.close()
    if old == new:
        raise RuntimeError("the import does not change the counts")
    target = fx.copy("conc-store")
    fy = max(dict(new), key=lambda y: dict(new)[y] - dict(old).get(y, 0))
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.reliability",
            "_writer",
            "--store",
            str(target),
            "--pages",
            str(pages),
            "--rounds",
            str(rounds),
            "--seconds",
            str(seconds),
        ],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    shared = Store(target)
    stop = threading.Event()
    lock = threading.Lock()
    stats: dict[str, Any] = {
        "reads": 0,
        "views": 0,
        "seen_old": 0,
        "seen_new": 0,
        "inconsistent": [],
        "errors": [],
        "versions": set(),
    }

    def reader(own: bool) -> None:
        store = Store(target) if own else shared
        while not stop.is_set():
            try:
                version = store.version()
                counts = counts_by_year(store)
                views.headline(store, fy, 2)
                views.indicator_rows(store, Filters(fiscal_years=(fy,)), limit=200)
                views.flags(store, Filters(fiscal_years=(fy,)), limit=200)
                views.latest_period(store)
            except Exception as exc:
                with lock:
                    stats["errors"].append(f"{type(exc).__name__}: {str(exc)[:300]}")
                    if len(stats["errors"]) > 50:
                        stop.set()
                continue
            with lock:
                stats["reads"] += 1
                stats["views"] += 5
                stats["versions"].add(version)
                if counts == old:
                    stats["seen_old"] += 1
                elif counts == new:
                    stats["seen_new"] += 1
                else:
                    stats["inconsistent"].append(counts)

    threads = [threading.Thread(target=reader, args=(not shared_store,), daemon=True) for i in range(readers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        out, err = writer.communicate(timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        writer.kill()
        out, err = writer.communicate()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    elapsed = time.monotonic() - started
    try:
        written = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        written = {"errors": [f"writer printed no result (exit {writer.returncode}): {err[-500:]}"]}
    final = counts_by_year(Store(target))
    result = {
        "seconds": round(elapsed, 1),
        "reader_threads": readers,
        "reads": stats["reads"],
        "view_calls": stats["views"],
        "reads_old": stats["seen_old"],
        "reads_new": stats["seen_new"],
        "inconsistent_reads": len(stats["inconsistent"]),
        "inconsistent_examples": [list(c) for c in stats["inconsistent"][:3]],
        "read_errors": len(stats["errors"]),
        "error_examples": sorted(set(stats["errors"]))[:5],
        "versions_seen": len(stats["versions"]),
        "imports": written.get("imports", 0),
        "rollbacks": written.get("rollbacks", 0),
        "writer_errors": written.get("errors", []),
        "final_is_old": final == old,
        "fiscal_year": int(fy),
        "shared_store": shared_store,
    }
    log(
        f"concurrency ({'one shared Store' if shared_store else 'a Store per thread'}): "
        f"{result['reads']} consistent-read checks, {result['imports']} imports + "
        f"{result['rollbacks']} rollbacks, {result['read_errors']} errors, {result['inconsistent_reads']} inconsistent"
    )
    return result


def _holds_lock_file(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` has the store's lock file open (it is waiting for the lock)."""
    try:
        return any(os.readlink(fd) == str(lock) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def two_imports(work: Path, hold: bool = False, base: int = 300, each: int = 20, log: Log = quiet) -> dict[str, Any]:
    """Two ``python -m kpi_model import`` processes of disjoint page sets against one store at
    the same time. With ``hold`` the writer lock is held here (as a slow write would hold it)
    until both processes wait for it, so both have read the store before either may write.

    Allowed: each exits 0, or 1 with the "another import is writing" message; required: every
    import that exited 0 is in the final store, and the log has a line for each."""
    fx = Fixture(work, base)
    tag = f"two-{'held' if hold else 'free'}"
    a_dir, a_paths = fx.pages(f"{tag}-a", add=each)
    b_dir, b_paths = fx.pages(f"{tag}-b", add=each)
    target = fx.copy(f"{tag}-store")
    store = Store(target)
    log_before = len(store.import_log())

    def start(pages: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(target)],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    waited = None
    if hold:
        lock = (target / ".lock").resolve()
        with store.writer_lock():
            procs = [start(a_dir), start(b_dir)]
            t0 = time.monotonic()
            while time.monotonic() - t0 < 120 and not all(
                _holds_lock_file(p.pid, lock) or p.poll() is not None for p in procs
            ):
                time.sleep(0.02)
            waited = round(time.monotonic() - t0, 2)
    else:
        procs = [start(a_dir), start(b_dir)]
    outs = [p.communicate(timeout=180) for p in procs]
    final = store_keys(target)
    log_lines = store.import_log()[log_before:]
    problems = []
    runs = []
    for name, proc, (_out, err), keys in (
        ("a", procs[0], outs[0], page_keys(a_paths)),
        ("b", procs[1], outs[1], page_keys(b_paths)),
    ):
        present = keys <= final
        runs.append(
            {
                "import": name,
                "rc": proc.returncode,
                "in_store": present,
                "said_locked": LOCKED_MESSAGE in err,
                "stderr": err[-300:],
            }
        )
        if proc.returncode == 0 and not present:
            problems.append(f"import {name} exited 0 but its {len(keys)} indicators are not in the final store")
        elif proc.returncode not in (0, 1) or (proc.returncode == 1 and LOCKED_MESSAGE not in err):
            problems.append(f"import {name} exited {proc.returncode}: {err[-300:]}")
    if len(log_lines) != 2:
        problems.append(f"the import log has {len(log_lines)} new lines, not 2")
    rc, out = cli_inprocess("check", "--store", str(target))
    if rc != 0:
        problems.append(f"check exits {rc}: {out[-300:]}")
    log(
        f"two imports ({'lock held until both wait' if hold else 'started together'}): "
        f"exits {[r['rc'] for r in runs]}, "
        f"in store {[r['in_store'] for r in runs]}, log lines {len(log_lines)}"
        + (f"  PROBLEMS {problems}" if problems else "")
    )
    return {"hold": hold, "held_seconds": waited, "runs": runs, "log_lines": len(log_lines), "problems": problems}
