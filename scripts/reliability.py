"""Issue 7, "prove it": crash, concurrency, hostile input and load runs against real stores.

    python -m scripts.reliability crash --kill-points 100
    python -m scripts.reliability concurrency --seconds 30
    python -m scripts.reliability fuzz --examples 2000
    python -m scripts.reliability load --max-sessions 16
    python -m scripts.reliability all --quick --json out.json

Each subcommand prints a table and, with ``--json FILE``, writes its figures. ``--quick`` makes
every run short (the test suite, tests/test_reliability.py, calls the same functions with small
numbers). Everything runs in a temporary folder (``--work DIR`` to keep it) and talks only to
127.0.0.1. Every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python scripts/reliability.py` as well as `-m scripts.reliability`
    sys.path.insert(0, str(ROOT))

from bench.pages import render_page, write_pages  # noqa: E402
from kpi_model.demo import demo_tables  # noqa: E402
from kpi_model.importer.batch import PARALLEL_FROM  # noqa: E402
from kpi_model.importer.numbers import normalise_code  # noqa: E402
from kpi_model.schema import SOURCE_TABLES, TABLES  # noqa: E402
from kpi_model.store import Filters, Store  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
LOCKED_MESSAGE = "another import is writing"
EVIL_REPORT = "<script>alert(1)</script> [x](http://evil) **bold**"
EVIL_DEFINITION = "[x](http://evil) <img src=x onerror=alert(2)>"
FORMULA = "=cmd|' /C calc'!A0"
Log = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# shared: stores, page sets, comparing tables


def _quiet(*_: Any) -> None:
    pass


def subset(tables: dict[str, pd.DataFrame], indicators: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``tables`` narrowed to ``indicators`` (every agency and strategy kept)."""
    keys = set(zip(indicators["indicator_code"], indicators["fiscal_year"]))
    out = {**tables, "indicators": indicators.reset_index(drop=True)}
    for t in ("indicator_levels", "quarterly_results"):
        f = tables[t]
        out[t] = f[[k in keys for k in zip(f["indicator_code"], f["fiscal_year"])]].reset_index(drop=True)
    return out


class Fixture:
    """A base store of ``base`` demo indicators and page sets cut from the demo's other rows:
    pages that replace base indicators, pages that add new ones (disjoint sets, in order)."""

    def __init__(self, work: Path, base: int = 300):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.demo = demo_tables()
        inds = self.demo["indicators"]
        self.synthetic = inds[inds["source"] == "synthetic-demo"].reset_index(drop=True)
        self.base_tables = subset(self.demo, inds.head(base))
        self.next_new = len(set(zip(inds.head(base)["indicator_code"], inds.head(base)["fiscal_year"]))
                            & set(zip(self.synthetic["indicator_code"], self.synthetic["fiscal_year"])))
        self.base_root = work / "base"
        if not (self.base_root / "CURRENT").exists():
            Store(self.base_root).write(self.base_tables, note="reliability base")
        self.base_version = Store(self.base_root).version()

    def pages(self, name: str, replace: int = 0, add: int = 0) -> tuple[Path, list[Path]]:
        """A folder of ``replace`` pages of base indicators and ``add`` pages of new ones."""
        folder = self.work / name
        shutil.rmtree(folder, ignore_errors=True)
        paths = []
        if replace:
            paths += write_pages({**self.demo, "indicators": self.base_tables["indicators"]}, folder, replace)
        if add:
            paths += write_pages({**self.demo, "indicators": self.synthetic.iloc[self.next_new:]}, folder, add)
            self.next_new += add
        return folder, paths

    def copy(self, name: str) -> Path:
        target = self.work / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.base_root, target)
        return target


def page_keys(paths: list[Path]) -> set[tuple[str, int]]:
    """(normalised code, fiscal year) of pages written by :func:`bench.pages.write_pages`."""
    out = set()
    for p in paths:
        code, fy = p.stem.rsplit("_", 1)
        out.add((normalise_code(code), int(fy)))
    return out


def store_keys(root: Path) -> set[tuple[str, int]]:
    store = Store(root)
    try:
        f = store.read("indicators")
    finally:
        store.close()
    return {(normalise_code(str(c)), int(y)) for c, y in zip(f["indicator_code"], f["fiscal_year"])}


def source_frames(root: Path) -> dict[str, pd.DataFrame]:
    """Every source table of the store's current version, sorted by its key."""
    store = Store(root)
    try:
        return {t: store.read(t).sort_values(list(TABLES[t].key)).reset_index(drop=True) for t in SOURCE_TABLES}
    finally:
        store.close()


def same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    for t in SOURCE_TABLES:
        try:
            pd.testing.assert_frame_equal(a[t], b[t], obj=t)
        except AssertionError:
            return False
    return True


def cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """``python -m kpi_model ARGS`` in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "kpi_model", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=timeout)


def cli_inprocess(*args: str) -> tuple[int, str]:
    """``kpi_model.__main__.main(ARGS)`` here (the same code without an interpreter start)."""
    from kpi_model.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = main(list(args))
    return rc, out.getvalue()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (inf counts: a page that never finished is slower than any)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


# ---------------------------------------------------------------------------------------------
# crash: SIGKILL the importer at many points


def _timed_import(pages: Path, store_root: Path, base_version: str) -> dict[str, Any]:
    """Run one import to completion, watching when the new version's temporary folder appears
    and when CURRENT changes (seconds from the start)."""
    versions = store_root / "versions"
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(store_root)],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t_tmp = t_swap = None
    while proc.poll() is None and time.monotonic() - start < 300:
        now = time.monotonic() - start
        if t_tmp is None and any(n.startswith(".tmp-") for n in os.listdir(versions)):
            t_tmp = now
        if t_swap is None:
            try:
                if (store_root / "CURRENT").read_text().strip() != base_version:
                    t_swap = now
            except FileNotFoundError:
                pass
        time.sleep(0.002)
    out, err = proc.communicate(timeout=60)
    return {"duration": time.monotonic() - start, "t_tmp": t_tmp, "t_swap": t_swap, "rc": proc.returncode,
            "stdout": out, "stderr": err}


def kill_schedule(k: int, duration: float, t_tmp: float | None) -> list[tuple[str, float]]:
    """``k`` kill moments. Half are times from the start spread evenly over the import
    (duration × i/(n+1)); the other half are offsets from the moment the new version's
    temporary folder appears (spread over the rest of the import, and a little past it), where a
    kill has the most to break. The machine's speed varies from run to run, so the write window
    is found by watching for the folder, not by the clock."""
    if t_tmp is None:
        return [("start", duration * i / (k + 1)) for i in range(1, k + 1)]
    n_even = k - k // 2
    n_window = k - n_even
    tail = (duration - t_tmp) * 1.3
    even = [("start", duration * i / (n_even + 1)) for i in range(1, n_even + 1)]
    window = [("write", tail * i / n_window) for i in range(n_window)]
    return even + window


def _wait_for_write(proc: subprocess.Popen, versions: Path, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if any(n.startswith(".tmp-") for n in os.listdir(versions)):
            return
        time.sleep(0.0005)


def _processes_of(target: Path) -> list[int]:
    """Live processes (not zombies) whose command line names ``target``: an import of that
    store and the pool workers it forked (a forked worker keeps its parent's command line),
    found even after the kill made them children of init."""
    wanted = str(target).encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if wanted in args and state != "Z":
            found.append(int(entry))
    return found


def _wait_for_workers(proc: subprocess.Popen, target: Path, limit: float = 120) -> None:
    """Until the import has forked its parsing pool (more than one process names the store)."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if len(_processes_of(target)) > 1:
            return
        time.sleep(0.005)


def _outlived(target: Path, grace: float = 5.0) -> list[int]:
    """Processes of a killed import still alive ``grace`` seconds after it died (each then
    killed, so a failed check leaves nothing behind either)."""
    deadline = time.monotonic() + grace
    left = _processes_of(target)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = _processes_of(target)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def crash(work: Path, kill_points: int = 20, base: int = 300, replace: int = 30, add: int = 30,
          second: int = 3, cli_check: bool = False, workers: int = 2, log: Log = _quiet,
          worker_kills: int = 0) -> dict[str, Any]:
    """SIGKILL ``python -m kpi_model import`` at ``kill_points`` moments; after each the store
    must hold exactly the old or exactly the new source tables, pass ``check`` and take a
    following import, and no process of the killed import (its parsing pool's workers) may
    outlive it. ``worker_kills`` more kills land as soon as the pool's workers exist (an import
    of at least ``batch.PARALLEL_FROM`` pages has them). Returns the figures and a list of
    failures (empty when all held)."""
    fx = Fixture(work, base)
    pages, _ = fx.pages("pages", replace=replace, add=add)
    second_dir, second_paths = fx.pages("second", add=second)
    old = source_frames(fx.base_root)
    full = fx.copy("full")
    timeline = _timed_import(pages, full, fx.base_version)
    if timeline["rc"] != 0:
        raise RuntimeError(f"the import to kill does not succeed on its own: {timeline['stderr']}")
    new = source_frames(full)
    if same_tables(old, new):
        raise RuntimeError("the import changes nothing: a kill could not be told apart")
    log(f"crash: import of {replace + add} pages takes {timeline['duration']:.2f} s "
        f"(new version folder at {timeline['t_tmp']}, CURRENT swapped at {timeline['t_swap']})")
    started = time.monotonic()
    moments = kill_schedule(kill_points, timeline["duration"], timeline["t_tmp"]) + [("workers", 0.0)] * worker_kills
    schedule = list(enumerate(moments, 1))
    print_lock = threading.Lock()

    def one(item: tuple[int, tuple[str, float]]) -> dict[str, Any]:
        i, (mode, delay) = item
        target = fx.copy(f"killed-{i}")
        proc = subprocess.Popen([sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(target)],
                                cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if mode == "write":
            _wait_for_write(proc, target / "versions")
        elif mode == "workers":
            _wait_for_workers(proc, target)
        time.sleep(delay)
        killed = proc.poll() is None
        seen = len(_processes_of(target)) - 1 if killed else 0  # its pool's workers, at the kill
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        outlived = _outlived(target)
        point = {"i": i, "from": mode, "delay": round(delay, 3), "killed": killed, "workers_at_kill": seen,
                 "outlived": outlived, **_inspect_killed(target, old, new, second_dir, second_paths, cli_check)}
        if outlived:
            point["problems"].append(f"{len(outlived)} process(es) of the killed import outlived it: {outlived}")
        shutil.rmtree(target, ignore_errors=True)
        with print_lock:
            log(f"  kill {i:>3} at {mode:<5} + {delay:6.3f} s  {'killed' if killed else 'done  '}  "
                f"state={point['state']:<7} stale={point['stale']}  check={point['check_rc']}  "
                f"next import={point['next_rc']}  workers={seen} outlived={len(outlived)}" + (f"  PROBLEMS {point['problems']}" if point["problems"] else ""))
        return point

    # Two kills at a time (one per core): each kill is timed from its own process's start or
    # its own write, so the other one running beside it shifts nothing that matters.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        points = list(pool.map(one, schedule))
    failures = [p for p in points if p["problems"]]
    states = Counter(p["state"] for p in points)
    return {
        "kill_points": len(points), "killed_while_running": sum(p["killed"] for p in points),
        "ended_old": states["old"], "ended_new": states["new"], "ended_other": states["neither"],
        "left_stale_files": sum(bool(p["stale"]) for p in points),
        "new_without_log_line": sum(p["state"] == "new" and not p["logged"] for p in points),
        "killed_in_write_window": sum(p["killed"] and p["from"] == "write" for p in points),
        "killed_with_workers": sum(p["workers_at_kill"] > 0 for p in points),
        "processes_outliving_the_kill": sum(len(p["outlived"]) for p in points),
        "survived": len(points) - len(failures), "import_seconds": round(timeline["duration"], 3),
        "write_window_starts": timeline["t_tmp"], "pages": replace + add, "base_indicators": base,
        "check": "subprocesses" if cli_check else "in-process (Store.check, import_paths)", "workers": workers, "seconds": round(time.monotonic() - started, 1),
        "failures": failures, "points": points,
    }


def _inspect_killed(target: Path, old: dict, new: dict, second_dir: Path, second_paths: list[Path],
                    cli_check: bool) -> dict[str, Any]:
    problems = []
    stale = sorted([p.name for p in (target / "versions").glob(".tmp-*")] + [p.name for p in target.glob(".CURRENT.*")])
    store = Store(target)
    version = store.version()
    if not (target / "versions" / version / "meta.json").is_file():
        problems.append(f"CURRENT names {version}, which is not a complete version")
    store.close()
    frames = source_frames(target)
    state = "old" if same_tables(frames, old) else "new" if same_tables(frames, new) else "neither"
    if state == "neither":
        problems.append("source tables are neither the old nor the new version")
    logged = any(e.get("version") == version for e in Store(target).import_log())
    if cli_check:
        r = cli("check", "--store", str(target))
        check_rc, check_out = r.returncode, r.stdout + r.stderr
    else:  # what `check` runs, without its printing (threads share sys.stdout)
        problems_found = Store(target).check()
        check_rc, check_out = (1 if problems_found else 0), "\n".join(map(str, problems_found))
    if check_rc != 0:
        problems.append(f"check exits {check_rc}: {check_out[-300:]}")
    if cli_check:
        r = cli("import", str(second_dir), "--store", str(target))
        next_rc, next_out = r.returncode, r.stdout + r.stderr
    else:  # what `import` runs, without its printing
        from kpi_model.importer.batch import import_paths

        try:
            result = import_paths(Store(target), [second_dir])
            next_rc, next_out = (1 if result.rejected else 0), "\n".join(map(str, result.rejected))
        except Exception as exc:
            next_rc, next_out = 1, f"{type(exc).__name__}: {exc}"
    if next_rc != 0:
        problems.append(f"the next import exits {next_rc}: {next_out[-300:]}")
    elif not page_keys(second_paths) <= store_keys(target):
        problems.append("the next import's indicators are not in the store")
    left = sorted(p.name for p in (target / "versions").glob(".tmp-*"))
    if left:
        problems.append(f"temporary folders survive the next import: {left}")
    return {"state": state, "version": version, "stale": stale, "logged": logged, "check_rc": check_rc,
            "next_rc": next_rc, "problems": problems}


# ---------------------------------------------------------------------------------------------
# concurrency: dashboard reads while another process imports; two imports at once


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


def concurrency(work: Path, seconds: float = 8.0, readers: int = 3, rounds: int = 200, base: int = 300,
                add: int = 40, shared_store: bool = False, log: Log = _quiet) -> dict[str, Any]:
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
    writer = subprocess.Popen([sys.executable, "-m", "scripts.reliability", "_writer", "--store", str(target),
                               "--pages", str(pages), "--rounds", str(rounds), "--seconds", str(seconds)],
                              cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shared = Store(target)
    stop = threading.Event()
    lock = threading.Lock()
    stats: dict[str, Any] = {"reads": 0, "views": 0, "seen_old": 0, "seen_new": 0, "inconsistent": [],
                             "errors": [], "versions": set()}

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
        "seconds": round(elapsed, 1), "reader_threads": readers, "reads": stats["reads"], "view_calls": stats["views"],
        "reads_old": stats["seen_old"], "reads_new": stats["seen_new"],
        "inconsistent_reads": len(stats["inconsistent"]), "inconsistent_examples": [list(c) for c in stats["inconsistent"][:3]],
        "read_errors": len(stats["errors"]), "error_examples": sorted(set(stats["errors"]))[:5],
        "versions_seen": len(stats["versions"]), "imports": written.get("imports", 0),
        "rollbacks": written.get("rollbacks", 0), "writer_errors": written.get("errors", []),
        "final_is_old": final == old, "fiscal_year": int(fy), "shared_store": shared_store,
    }
    log(f"concurrency ({'one shared Store' if shared_store else 'a Store per thread'}): {result['reads']} consistent-read checks, {result['imports']} imports + "
        f"{result['rollbacks']} rollbacks, {result['read_errors']} errors, {result['inconsistent_reads']} inconsistent")
    return result


def _holds_lock_file(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` has the store's lock file open (it is waiting for the lock)."""
    try:
        return any(os.readlink(fd) == str(lock) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def two_imports(work: Path, hold: bool = False, base: int = 300, each: int = 20,
                log: Log = _quiet) -> dict[str, Any]:
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
        return subprocess.Popen([sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(target)],
                                cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    waited = None
    if hold:
        lock = (target / ".lock").resolve()
        with store.writer_lock():
            procs = [start(a_dir), start(b_dir)]
            t0 = time.monotonic()
            while time.monotonic() - t0 < 120 and not all(_holds_lock_file(p.pid, lock) or p.poll() is not None
                                                          for p in procs):
                time.sleep(0.02)
            waited = round(time.monotonic() - t0, 2)
    else:
        procs = [start(a_dir), start(b_dir)]
    outs = [p.communicate(timeout=180) for p in procs]
    final = store_keys(target)
    log_lines = store.import_log()[log_before:]
    problems = []
    runs = []
    for name, proc, (out, err), keys in (("a", procs[0], outs[0], page_keys(a_paths)),
                                         ("b", procs[1], outs[1], page_keys(b_paths))):
        present = keys <= final
        runs.append({"import": name, "rc": proc.returncode, "in_store": present,
                     "said_locked": LOCKED_MESSAGE in err, "stderr": err[-300:]})
        if proc.returncode == 0 and not present:
            problems.append(f"import {name} exited 0 but its {len(keys)} indicators are not in the final store")
        elif proc.returncode not in (0, 1) or (proc.returncode == 1 and LOCKED_MESSAGE not in err):
            problems.append(f"import {name} exited {proc.returncode}: {err[-300:]}")
    if len(log_lines) != 2:
        problems.append(f"the import log has {len(log_lines)} new lines, not 2")
    rc, out = cli_inprocess("check", "--store", str(target))
    if rc != 0:
        problems.append(f"check exits {rc}: {out[-300:]}")
    log(f"two imports ({'lock held until both wait' if hold else 'started together'}): exits {[r['rc'] for r in runs]}, "
        f"in store {[r['in_store'] for r in runs]}, log lines {len(log_lines)}"
        + (f"  PROBLEMS {problems}" if problems else ""))
    return {"hold": hold, "held_seconds": waited, "runs": runs, "log_lines": len(log_lines), "problems": problems}


# ---------------------------------------------------------------------------------------------
# hostile input: arbitrary files through import_paths into a store


def tree(root: Path) -> dict[str, bytes]:
    from tests.test_store import tree as store_tree  # the suite's definition: data, not log or lock

    return store_tree(root)


@contextlib.contextmanager
def hang_guard(seconds: float):
    """Raise TimeoutError if the block runs longer than ``seconds`` (a hang, not just slow).
    Only in the main thread (signals); elsewhere it guards nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(*_: Any) -> None:
        raise TimeoutError(f"an import of one hostile file ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class HostileImport:
    """One pristine store and a working copy; :meth:`run` imports one file into the copy and
    checks the property, re-making the copy only after an accepted import changed it."""

    NAMES = ("page.txt", "x.txt", "data.csv", "flat.csv", "indicators.csv", "quarterly_results.csv",
             "agencies.csv", "indicator_levels.csv", "x.tsv")

    def __init__(self, work: Path, base: int = 60):
        self.fx = Fixture(work / "fuzz", base)
        self.scratch = work / "fuzz" / "in"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.root = self.fx.copy("fuzz-store")
        self.outcomes: Counter = Counter()
        inds = self.fx.base_tables["indicators"]
        syn = inds[inds["source"] == "synthetic-demo"].head(3).to_dict("records")
        names = dict(zip(self.fx.demo["strategies"]["strategy_code"], self.fx.demo["strategies"]["name_th"]))
        results = self.fx.demo["quarterly_results"]
        self.pages = [render_page(ind, results[(results.indicator_code == ind["indicator_code"])
                                              & (results.fiscal_year == ind["fiscal_year"])]
                                  .sort_values("quarter").to_dict("records"), names).encode("utf-8")
                      for ind in syn]
        self.flat = (ROOT / "tests" / "fixtures" / "table_flat.csv").read_bytes()

    def run(self, data: bytes, name: str, hang_seconds: float = 20.0) -> str:
        from kpi_model.importer.batch import import_paths

        path = self.scratch / name
        path.write_bytes(data)
        before = tree(self.root)
        store = Store(self.root)
        try:
            with hang_guard(hang_seconds):
                result = import_paths(store, [path])
        finally:
            store.close()
        if result.rejected:
            internal = [str(p) for p in result.rejected if "internal error" in p.message_en]
            assert not internal, f"a crash was turned into a rejection: {internal}"
            assert all(p.file for p in result.rejected)
            after = tree(self.root)
            assert after == before, f"a rejected file changed the store: {sorted(set(after) ^ set(before))}"
            self.outcomes["rejected"] += 1
            return "rejected"
        assert result.version and Store(self.root).version() == result.version
        problems = Store(self.root).check()
        assert not problems, f"an accepted file left an invalid store: {problems[:3]}"
        self.outcomes["accepted"] += 1
        shutil.rmtree(self.root)
        self.root = self.fx.copy("fuzz-store")
        return "accepted"


def hostile_files(h: HostileImport):
    """Files to import: arbitrary bytes under any accepted name, a demo page with bytes cut,
    spliced and repeated, and the flat-sheet fixture with cells swapped for hostile ones."""
    from hypothesis import strategies as st

    cells = st.one_of(st.sampled_from(["", FORMULA, "@SUM(A1)", "+1", "-1", "๑,๒๓๔.๕", "1e309", "nan", "NULL",
                                       "0402-0810", "2564", "๒๕๖๔", "5", "99999999999999999999", '"', "\r",
                                       "\t", "ระดับ", "7.3.1.1", "\x00", "𝔘", "<script>"]),
                      st.text(max_size=12))

    @st.composite
    def mutated(draw, original: bytes) -> bytes:
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 6))):
            op = draw(st.sampled_from(["cut", "delete", "insert", "repeat", "flip"]))
            pos = draw(st.integers(0, len(data)))
            if op == "cut":
                del data[pos:]
            elif op == "delete":
                del data[pos: pos + draw(st.integers(1, 200))]
            elif op == "insert":
                data[pos:pos] = draw(st.binary(min_size=1, max_size=40))
            elif op == "repeat":
                data[pos:pos] = data[pos: pos + draw(st.integers(1, 300))] * draw(st.integers(1, 3))
            elif data:
                i = min(pos, len(data) - 1)
                data[i] = draw(st.integers(0, 255))
        return bytes(data)

    @st.composite
    def flat_csv(draw) -> bytes:
        lines = h.flat.decode("utf-8").split("\n")
        grid = [line.split(",") for line in lines if line]
        for _ in range(draw(st.integers(1, 5))):
            r = draw(st.integers(0, len(grid) - 1))
            c = draw(st.integers(0, len(grid[r]) - 1))
            value = draw(cells)
            quoted = '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ',"\r\n') else value
            grid[r][c] = quoted
        return ("\n".join(",".join(row) for row in grid) + "\n").encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))

    names = st.sampled_from(HostileImport.NAMES)
    return st.one_of(
        st.tuples(st.binary(max_size=3000), names),
        st.tuples(st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")), names),
        st.tuples(st.sampled_from(h.pages).flatmap(lambda p: mutated(p)), st.just("page.txt")),
        st.tuples(st.sampled_from(h.pages), st.just("page.txt")),
        st.tuples(flat_csv(), st.sampled_from(["flat.csv", "data.csv"])),
        st.tuples(st.just(h.flat).flatmap(lambda p: mutated(p)), st.just("flat.csv")),
    )


def fuzz(work: Path, examples: int = 1000, deadline_ms: int = 2000, seed: int | None = None,
         log: Log = _quiet) -> dict[str, Any]:
    """The store-level property over ``examples`` hostile files (Hypothesis)."""
    from hypothesis import HealthCheck, given, seed as hseed, settings

    h = HostileImport(work)
    calls = Counter()
    started = time.monotonic()

    @settings(max_examples=examples, deadline=deadline_ms, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(hostile_files(h))
    def prop(example: tuple[bytes, str]) -> None:
        data, name = example
        calls[h.run(data, name)] += 1

    if seed is not None:
        prop = hseed(seed)(prop)
    failure = None
    try:
        prop()
    except Exception as exc:  # the property failed: report it with its (shrunk) example
        failure = f"{type(exc).__name__}: {str(exc)[:2000]}"
    result = {"examples_run": sum(calls.values()), "accepted": calls["accepted"], "rejected": calls["rejected"],
              "deadline_ms": deadline_ms, "max_examples": examples, "seconds": round(time.monotonic() - started, 1),
              "failure": failure}
    log(f"fuzz: {result['examples_run']} hostile files imported ({result['accepted']} accepted, "
        f"{result['rejected']} rejected) in {result['seconds']} s" + (f"  FAILURE {failure}" if failure else ""))
    return result


def formula_export(work: Path) -> dict[str, Any]:
    """A CSV whose cells start with ``=cmd|' /C calc'!A0`` and ``@SUM(A1)``, imported, then
    exported as .csv and .xlsx: no cell of either is a formula."""
    import csv

    from openpyxl import load_workbook

    from kpi_model.export import extract, write_extract
    from kpi_model.importer.batch import import_paths

    fx = Fixture(work / "formula", 60)
    target = fx.copy("formula-store")
    rows = list(csv.DictReader(io.StringIO((ROOT / "tests" / "fixtures" / "table_flat.csv").read_text(encoding="utf-8"))))
    for row in rows:
        row["name_th"] = FORMULA
        row["report_th"] = "@SUM(A1)" if row["quarter"] == "1" else row["report_th"]
    src = work / "formula" / "hostile.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    store = Store(target)
    result = import_paths(store, [src])
    if result.rejected:
        raise AssertionError(f"the hostile CSV is rejected: {result.rejected}")
    frame = extract(store, Filters(indicator_codes=("0402-0810",), fiscal_years=(2564,)))
    assert (frame["name_th"] == FORMULA).all(), "the store keeps the text as written"
    out_csv, out_xlsx = work / "formula" / "x.csv", work / "formula" / "x.xlsx"
    write_extract(frame, out_csv)
    write_extract(frame, out_xlsx)
    text = out_csv.read_text(encoding="utf-8-sig")
    fields = [c for line in csv.reader(io.StringIO(text)) for c in line]
    csv_bad = [c for c in fields if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]
    wb = load_workbook(out_xlsx)
    xlsx_formulas, hostile_cells = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    xlsx_formulas.append(cell.coordinate)
                if isinstance(cell.value, str) and ("cmd|" in cell.value or "SUM(A1)" in cell.value):
                    hostile_cells.append((cell.coordinate, cell.data_type, cell.value))
    return {"csv_cells_starting_like_a_formula": csv_bad, "csv_has_neutralised": f"'{FORMULA}" in fields,
            "xlsx_formula_cells": xlsx_formulas, "xlsx_hostile_cells": hostile_cells}


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


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
    names = dict(zip(fx.demo["strategies"]["strategy_code"], fx.demo["strategies"]["name_th"]))
    page = work / "markup" / "evil.txt"
    page.write_text(render_page(ind, quarters, names), encoding="utf-8")
    store = Store(fx.copy("markup-store"))
    result = import_paths(store, [page], fiscal_year=int(ind["fiscal_year"]))
    if result.rejected:
        raise AssertionError(f"the page with markup is rejected: {result.rejected}")
    return store, str(ind["indicator_code"]), int(ind["fiscal_year"])


# ---------------------------------------------------------------------------------------------
# load: N browser sessions against one dashboard server

LOAD_PAGES = ("/", "/agencies?agency=0402&years=2564&quarters=1", "/indicator?code=0402-0810&fy=2564",
              "/quality", "/strategy?strategy=7")
FILTER_KEY, FILTER_OPTION = "q", "ไตรมาส 2 (ม.ค.–มี.ค.)"



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


async def _wait_app(page, timeout_ms: int) -> None:
    from tests.browser import APP_DONE_JS  # the same condition as the browser tests

    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    await page.wait_for_function(APP_DONE_JS, timeout=timeout_ms)


async def _session(browser, base_url: str, timeout_ms: int, times: list, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 1600}, locale="th-TH")
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        for path in LOAD_PAGES:
            t0 = time.perf_counter()
            try:
                await page.goto(base_url + path)
                await _wait_app(page, timeout_ms)
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
                    await _wait_app(page, timeout_ms)
                    times.append(("/ filter q=2", time.perf_counter() - t0))
                except Exception as exc:
                    times.append(("/ filter q=2", float("inf")))
                    errors.append(f"filter: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


async def _load_levels(url: str, pid: int, levels: list[int], limit_s: float, timeout_ms: int,
                       markup: tuple[str, int] | None, log: Log) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    out: dict[str, Any] = {"levels": [], "markup_check": None}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            if markup:
                out["markup_check"] = await _markup_check(browser, url, *markup, timeout_ms)
                log(f"load: markup check {out['markup_check']}")
            await _session(browser, url, timeout_ms, [], [])  # warm-up, not counted
            for n in levels:
                times: list = []
                errors: list = []
                t0 = time.perf_counter()
                try:
                    await asyncio.wait_for(asyncio.gather(*(_session(browser, url, timeout_ms, times, errors)
                                                            for _ in range(n))), timeout=timeout_ms / 1000 * 8)
                except asyncio.TimeoutError:
                    errors.append("the level ran past its time limit")
                values = [t for _, t in times]
                per_page = {}
                for path, t in times:
                    per_page.setdefault(path, []).append(t)
                level = {"sessions": n, "loads": len(values), "p50_s": round(percentile(values, 50), 2),
                         "p95_s": round(percentile(values, 95), 2), "max_s": round(max(values), 2) if values else None,
                         "failed": sum(t == float("inf") for t in values), "wall_s": round(time.perf_counter() - t0, 1),
                         "p95_by_page": {k: round(percentile(v, 95), 2) for k, v in per_page.items()},
                         "server_mib": proc_memory(pid), "errors": errors[:5]}
                out["levels"].append(level)
                log(f"load: N={n:>2}  p50 {level['p50_s']:.2f} s  p95 {level['p95_s']:.2f} s  max {level['max_s']} s  "
                    f"failed {level['failed']}  server RSS {level['server_mib']}")
                if level["p95_s"] > limit_s or level["failed"]:
                    break
        finally:
            await browser.close()
    return out


async def _markup_check(browser, url: str, code: str, fy: int, timeout_ms: int) -> dict[str, Any]:
    """The imported page's markup is shown as text: no script element or link from it, no
    alert, the literal text on the page."""
    context = await browser.new_context(viewport={"width": 1440, "height": 2400}, locale="th-TH")
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
    try:
        await page.goto(f"{url}/indicator?code={code}&fy={fy}")
        await _wait_app(page, timeout_ms)
        await page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for(state="attached",
                                                                                        timeout=timeout_ms)
        await _wait_app(page, timeout_ms)
        main = page.locator("[data-testid='stMain']")
        return {"text_shown": "<script>alert(1)</script>" in (await main.text_content() or ""),
                "script_elements": await main.locator("script").count(),
                "evil_links": await page.locator("a[href*='evil']").count(),
                "evil_images": await page.locator("img[src='x']").count(),
                "dialogs": dialogs}
    finally:
        await context.close()


def load(work: Path, max_sessions: int = 16, limit_s: float = 5.0, quick: bool = False,
         log: Log = _quiet) -> dict[str, Any]:
    """Sessions N = 1, 2, 4, 8, 12, 16 (up to ``max_sessions``), each opening every page of
    :data:`LOAD_PAGES` and changing the quarter filter; stops once p95 > ``limit_s``."""
    from tests.browser import CHROMIUM, Server

    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} not found"}
    store, code, fy = hostile_page_store(work)
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


# ---------------------------------------------------------------------------------------------
# command line


def _table(rows: list[tuple[str, Any]]) -> str:
    width = max((len(k) for k, _ in rows), default=0)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def _report_crash(r: dict) -> str:
    keys = ("kill_points", "survived", "killed_while_running", "killed_in_write_window", "killed_with_workers",
            "processes_outliving_the_kill", "ended_old", "ended_new", "ended_other",
            "left_stale_files", "new_without_log_line", "pages", "base_indicators", "import_seconds", "check", "seconds")
    return _table([(k, r[k]) for k in keys])


def _report_concurrency(r: dict) -> str:
    rows = []
    for part in ("reads", "reads_shared_store"):
        rows += [(f"{part}: {k}", v) for k, v in r[part].items() if not isinstance(v, dict)]
    for t in r["two_imports"]:
        rows.append((f"two imports, {'lock held until both wait' if t['hold'] else 'started together'}",
                     f"exits {[x['rc'] for x in t['runs']]}, in store {[x['in_store'] for x in t['runs']]}, "
                     f"log lines {t['log_lines']}, problems {t['problems'] or 'none'}"))
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
        p.add_argument("--worker-kills", type=int, default=None,
                       help="crash: extra kills as soon as the parsing pool's workers exist")
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
    report: dict[str, Any] = {"machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0]},
                              "argv": sys.argv}
    ok = True
    try:
        if args.command in ("crash", "all"):
            pages = args.pages or (40 if q else 300)
            r = crash(work / "crash", kill_points=args.kill_points or (10 if q else 100),
                      base=args.base or (300 if q else 2000), replace=pages // 2, add=pages - pages // 2,
                      cli_check=args.cli_check, log=log,
                      worker_kills=args.worker_kills if args.worker_kills is not None
                      else (0 if pages < PARALLEL_FROM else 2 if q else 10))
            print("\ncrash\n" + _report_crash(r))
            report["crash"] = {k: v for k, v in r.items() if k != "points"}
            ok &= not r["failures"]
        if args.command in ("concurrency", "all"):
            seconds = args.seconds or (5 if q else 30)
            reads = concurrency(work / "concurrency", seconds=seconds, base=args.base or 300, log=log)
            shared = concurrency(work / "concurrency", seconds=seconds, base=args.base or 300, shared_store=True, log=log)
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
            print("\nfuzz\n" + _table([(k, v) for k, v in r.items() if k != "formula_export"]
                                      + [(f"formula export: {k}", v) for k, v in f.items()]))
            report["fuzz"] = r
            ok &= r["failure"] is None and not f["csv_cells_starting_like_a_formula"] and not f["xlsx_formula_cells"]
            ok &= all(dt != "f" and v.startswith("'") for _, dt, v in f["xlsx_hostile_cells"])
        if args.command in ("load", "all"):
            r = load(work / "load", max_sessions=args.max_sessions, limit_s=args.limit, quick=q, log=log)
            if "skipped" not in r:
                rows = [(f"N={lvl['sessions']}", f"p50 {lvl['p50_s']} s  p95 {lvl['p95_s']} s  max {lvl['max_s']} s  "
                                                 f"failed {lvl['failed']}  loads {lvl['loads']}  server {lvl['server_mib']}")
                        for lvl in r["levels"]]
                rows += [("largest N held", r["largest_n_held"]), ("server idle", r["server_mib_idle"]),
                         ("server end", r["server_mib_end"]), ("markup check", r["markup_check"])]
                print("\nload\n" + _table(rows))
                m = r["markup_check"] or {}
                ok &= bool(m.get("text_shown")) and not (m.get("script_elements") or m.get("evil_links")
                                                          or m.get("evil_images") or m.get("dialogs"))
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
