"""Crash: SIGKILL ``python -m kpi_model import`` at many moments; after each kill the store
holds exactly the old or exactly the new version, passes ``check``, takes the next import, and
no process of the killed import outlives it.

    python -m scripts.reliability crash --kill-points 100
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.schema import SOURCE_TABLES, TABLES
from kpi_model.store import Store
from scripts.reliability.common import ENV, ROOT, Fixture, Log, page_keys, quiet, store_keys

__all__ = ["crash", "kill_schedule"]


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
    return subprocess.run(
        [sys.executable, "-m", "kpi_model", *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout
    )


def _timed_import(pages: Path, store_root: Path, base_version: str) -> dict[str, Any]:
    """Run one import to completion, watching when the new version's temporary folder appears
    and when CURRENT changes (seconds from the start)."""
    versions = store_root / "versions"
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(store_root)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
    return {
        "duration": time.monotonic() - start,
        "t_tmp": t_tmp,
        "t_swap": t_swap,
        "rc": proc.returncode,
        "stdout": out,
        "stderr": err,
    }


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
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def crash(
    work: Path,
    kill_points: int = 20,
    base: int = 300,
    replace: int = 30,
    add: int = 30,
    second: int = 3,
    cli_check: bool = False,
    workers: int = 2,
    log: Log = quiet,
    worker_kills: int = 0,
) -> dict[str, Any]:
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
    log(
        f"crash: import of {replace + add} pages takes {timeline['duration']:.2f} s "
        f"(new version folder at {timeline['t_tmp']}, CURRENT swapped at {timeline['t_swap']})"
    )
    started = time.monotonic()
    moments = kill_schedule(kill_points, timeline["duration"], timeline["t_tmp"]) + [("workers", 0.0)] * worker_kills
    schedule = list(enumerate(moments, 1))
    print_lock = threading.Lock()

    def one(item: tuple[int, tuple[str, float]]) -> dict[str, Any]:
        i, (mode, delay) = item
        target = fx.copy(f"killed-{i}")
        proc = subprocess.Popen(
            [sys.executable, "-m", "kpi_model", "import", str(pages), "--store", str(target)],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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
        point = {
            "i": i,
            "from": mode,
            "delay": round(delay, 3),
            "killed": killed,
            "workers_at_kill": seen,
            "outlived": outlived,
            **_inspect_killed(target, old, new, second_dir, second_paths, cli_check),
        }
        if outlived:
            point["problems"].append(f"{len(outlived)} process(es) of the killed import outlived it: {outlived}")
        shutil.rmtree(target, ignore_errors=True)
        with print_lock:
            log(
                f"  kill {i:>3} at {mode:<5} + {delay:6.3f} s  {'killed' if killed else 'done  '}  "
                f"state={point['state']:<7} stale={point['stale']}  check={point['check_rc']}  "
                f"next import={point['next_rc']}  workers={seen} outlived={len(outlived)}"
                + (f"  PROBLEMS {point['problems']}" if point["problems"] else "")
            )
        return point

    # Two kills at a time (one per core): each kill is timed from its own process's start or
    # its own write, so the other one running beside it shifts nothing that matters.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        points = list(pool.map(one, schedule))
    failures = [p for p in points if p["problems"]]
    states = Counter(p["state"] for p in points)
    return {
        "kill_points": len(points),
        "killed_while_running": sum(p["killed"] for p in points),
        "ended_old": states["old"],
        "ended_new": states["new"],
        "ended_other": states["neither"],
        "left_stale_files": sum(bool(p["stale"]) for p in points),
        "new_without_log_line": sum(p["state"] == "new" and not p["logged"] for p in points),
        "killed_in_write_window": sum(p["killed"] and p["from"] == "write" for p in points),
        "killed_with_workers": sum(p["workers_at_kill"] > 0 for p in points),
        "processes_outliving_the_kill": sum(len(p["outlived"]) for p in points),
        "survived": len(points) - len(failures),
        "import_seconds": round(timeline["duration"], 3),
        "write_window_starts": timeline["t_tmp"],
        "pages": replace + add,
        "base_indicators": base,
        "check": "subprocesses" if cli_check else "in-process (Store.check, import_paths)",
        "workers": workers,
        "seconds": round(time.monotonic() - started, 1),
        "failures": failures,
        "points": points,
    }


def _inspect_killed(
    target: Path, old: dict, new: dict, second_dir: Path, second_paths: list[Path], cli_check: bool
) -> dict[str, Any]:
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
    return {
        "state": state,
        "version": version,
        "stale": stale,
        "logged": logged,
        "check_rc": check_rc,
        "next_rc": next_rc,
        "problems": problems,
    }
