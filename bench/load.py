"""Load: N viewers as clients of Streamlit's own websocket protocol, not browsers.

Each session opens ``ws://127.0.0.1:PORT/_stcore/stream`` (the ``streamlit`` subprotocol, the
HAProxy cookie of a first ``GET /`` like a browser's), sends a ``BackMsg`` ``rerun_script``
with a page and its filters in the query string, times it until the ``ForwardMsg``
``script_finished``, thinks (exponential, mean ``--think`` s, seeded) and goes on. It reports
per-page p50/p95, runs per second, errors, and the servers' CPU and memory (from /proc).

    python -m bench.load --url http://127.0.0.1:8501 --sessions 40 --seconds 60
    python -m bench.load --store /tmp/store5m --replicas 1,2 --ramp 20,30,40,60,80 --seconds 45 --json out.json
    python -m bench.load --store data --one-session --reruns 20 --idle 20

``--one-session`` measures cost, not latency: on a fresh server, one session visits each page
once (first visit: its server CPU seconds, caches cold but the process as it is when the health
check says ready), then reruns it ``--reruns`` times (warm: server CPU ms per run); with
``--idle N`` it opens N more sessions that sit idle and measures the warm runs again, so a cost
that grows with the sessions open shows. Servers run ``serve.py`` (each page run once before the
health check says ready, :mod:`ui.warmup`); ``--cold`` runs ``dashboard.py`` as it starts.

With ``--store`` it starts the servers itself (:mod:`scripts.cluster`: 1 replica is one bare
Streamlit process; 2 or more sit behind HAProxy with shared storage), measures each layout back
to back, and with ``--propagate FILE`` imports FILE through the writer and times the new
version's arrival on every replica. Loopback only; sessions, seconds and steps are capped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MAX_SESSIONS, MAX_SECONDS, MAX_STEPS = 300, 900, 12
RUN_TIMEOUT_S = 60.0
P95_LIMIT_S = 2.0

#: The tour every viewer takes, in order and round again: (page's URL path, query string). The
#: app keeps a filter a URL leaves out (ui/url.py), so a viewer's state depends on the steps
#: before; one fixed order keeps the states, and so the cached answers, the same for every
#: viewer, so the load measures serving, not the first visitor's cache misses (reported apart).
TOUR: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("", "q=2"),
    ("strategy", "strategy=7"),
    ("strategy", "strategy=7.3&q=2"),
    ("agencies", ""),
    ("agencies", "agency=0402&years=2564&quarters=1"),
    ("indicator", "code=0402-0810&fy=2564"),
    ("quality", ""),
    ("quality", "severity=error"),
    ("", "fy=2564&q=3"),
    ("indicator", "code=0402-0810&fy=2565"),
    ("", "lang=en"),
    ("strategy", "strategy=2&fy=2564"),
    ("quality", "fy=2564&lang=th"),
    ("agencies", "years=2564&quarters=2"),
    ("followup", ""),
    ("followup", "fy=2564&q=4"),
)
PAGES = tuple(dict.fromkeys(path for path, _ in TOUR))
#: The scaling run's tour (:func:`scaling`): the same steps and the districts page, six pages in turn.
SIX_PAGE_TOUR: tuple[tuple[str, str], ...] = (*TOUR, ("districts", ""), ("districts", "fy=2564&q=3"))


#: Cookies every viewer's websocket carries besides the page's: the signed session cookie of
#: the follow-up editor :func:`sign_in_viewers` made (empty: viewers are signed out).
VIEWER_COOKIES: dict[str, str] = {}
#: The tour's follow-up editor: an agency editor of 0402, the agency whose indicator the tour opens.
LOAD_EDITOR, LOAD_AGENCY, LOAD_INDICATOR = "load_editor", "0402", "0402-0810"


def sign_in_viewers(followup_url: str, cookie_secret: str) -> None:
    """Seed the follow-up database the servers use with the tour's editor, an analysis and two
    actions (one overdue) of the tour's indicator, and sign every viewer in as that editor
    (the session cookie the servers accept, signed with their ``server.cookieSecret``): the
    follow-up pages are measured as an editor sees them, forms and lists drawn."""
    from kpi_model.followup import (
        Operator,
        account_by_username,
        add_account,
        add_action,
        note_key,
        open_followup,
        password_hash_of,
        save_analysis,
    )
    from ui.auth import _COOKIE, cookie_key, session_token

    db = open_followup(url=followup_url)
    try:
        editor = account_by_username(db, LOAD_EDITOR)
        if editor is None:
            editor = add_account(
                db,
                Operator("cli:load"),
                LOAD_EDITOR,
                "agency_editor",
                [LOAD_AGENCY],
                password=secrets.token_urlsafe(16),
            )
            key = note_key(LOAD_INDICATOR, 2564, 4)
            save_analysis(db, editor, key, "ผู้รับจ้างส่งงานล่าช้า", "เร่งรัดผู้รับจ้างและตรวจรับงานงวดที่ 2", 0)
            add_action(db, editor, key, "ประชุมผู้รับจ้าง", "ฝ่ายโยธา", "2021-09-30")
            add_action(db, editor, key, "ตรวจรับงานงวดที่ 2", "ผอ.สำนัก", "2030-09-30")
        hashed = password_hash_of(db, LOAD_EDITOR)
    finally:
        db.close()
    assert hashed is not None
    token = session_token(LOAD_EDITOR, {"password_hash": hashed}, time.time() + 6 * 3600, cookie_key(cookie_secret))
    VIEWER_COOKIES[_COOKIE] = token


def check_signed_in(base: str) -> None:
    """The tour's follow-up page as a viewer's session sees it shows the editor's to-do (an
    unknown page would quietly show the overview instead): RuntimeError otherwise."""
    from kpi_model.i18n import t

    async def go() -> bytes:
        ws, hashes = await open_session(base)
        try:
            seen: list = []
            await one_run(ws, "", "", hashes, seen=seen)  # the first run learns the pages
            seen.clear()
            run = await one_run(ws, "followup", "", hashes, seen=seen)
            if run.error:
                raise RuntimeError(f"/followup: {run.error}")
            return b"".join(m.SerializeToString() for m in seen)
        finally:
            await ws.close()

    page = asyncio.run(go())
    for shown in (t("fu_my_title", "th"), LOAD_AGENCY):
        if shown.encode() not in page:
            raise RuntimeError(f"the viewers are not signed in as {LOAD_EDITOR}: /followup does not show {shown!r}")


def page_label(path: str) -> str:
    return path or "overview"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (a run that never finished counts as slower than any)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * q / 100)) - 1]


def _loopback(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"{url}: the load generator talks to loopback only")
    return url.rstrip("/")


@dataclass
class Run:
    page: str
    query: str
    seconds: float
    error: str | None = None


@dataclass
class Tally:
    runs: list[Run] = field(default_factory=list)
    sessions_failed: int = 0
    all_runs: int = 0  # counted or not (the server's CPU is measured over the whole level)


def _cookie(base: str) -> str:
    """The cookies a browser sends with its websocket: what the page load set (HAProxy's
    SERVERID behind a proxy), then what the health check the frontend makes first set (the
    XSRF token uploads must echo)."""
    jar: dict[str, str] = {}
    for path in ("/", "/_stcore/health"):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=10) as r:
            r.read()
            for c in r.headers.get_all("Set-Cookie") or []:
                name, _, value = c.split(";", 1)[0].partition("=")
                jar[name.strip()] = value.strip()
    jar.update(VIEWER_COOKIES)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _rerun(path: str, query: str, hashes: dict[str, str]) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = path
    state.page_script_hash = hashes.get(path, "")
    return msg.SerializeToString()  # type: ignore[no-any-return]


async def one_run(
    ws: Any, path: str, query: str, hashes: dict[str, str], timeout: float = RUN_TIMEOUT_S, seen: list | None = None
) -> Run:
    """Send one rerun and read ForwardMsgs until the script has finished; the run's seconds and
    the first error it showed (an exception element, a page not found, a compile error).
    ``seen``: a list to collect the run's ForwardMsgs in (tests read the page from them)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    t0 = time.perf_counter()
    await ws.send(_rerun(path, query, hashes))
    error = None
    deadline = t0 + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return Run(path, query, math.inf, "timeout")
        raw = await asyncio.wait_for(ws.recv(), remaining)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if seen is not None:
            seen.append(msg)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            if msg.delta.new_element.WhichOneof("type") == "exception" and error is None:
                error = "exception: " + msg.delta.new_element.exception.message[:200]
        elif kind in ("new_session", "navigation"):
            pages = msg.new_session.app_pages if kind == "new_session" else msg.navigation.app_pages
            hashes.update({p.url_pathname: p.page_script_hash for p in pages})
        elif kind == "page_not_found":
            error = error or f"page not found: {path}"
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # a st.rerun or st.switch_page: the run goes on
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                error = error or "compile error"
            return Run(path, query, time.perf_counter() - t0, error)


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://", 1) + "/_stcore/stream"


async def open_session(base: str) -> tuple[Any, dict[str, str]]:
    from websockets.asyncio.client import connect

    cookie = await asyncio.to_thread(_cookie, base)
    ws = await connect(
        ws_url(base),
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers={"Cookie": cookie} if cookie else {},
        max_size=256 * 1024 * 1024,
        open_timeout=15,
        ping_interval=None,
    )
    return ws, {}


async def _session(
    base: str,
    rng: random.Random,
    start_in: float,
    until: float,
    record_from: float,
    tally: Tally,
    think: float,
    tour: tuple[tuple[str, str], ...] = TOUR,
) -> None:
    await asyncio.sleep(start_in)
    try:
        ws, hashes = await open_session(base)
    except Exception:
        tally.sessions_failed += 1
        return
    try:
        step = 0
        while time.monotonic() < until:
            path, query = tour[step % len(tour)]
            step += 1
            started = time.monotonic()
            try:
                run = await one_run(ws, path, query, hashes)
            except Exception as exc:
                run = Run(path, query, math.inf, f"{type(exc).__name__}: {str(exc)[:160]}")
            tally.all_runs += 1
            if started >= record_from:
                tally.runs.append(run)
            if run.error and run.seconds == math.inf:
                return  # the connection is gone or stuck: this viewer leaves
            await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, until - time.monotonic())))
    finally:
        await ws.close()


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return math.nan


def _memory_mb(pid: int) -> dict[str, float]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def load_level(
    base: str,
    sessions: int,
    seconds: float,
    think: float,
    seed: int,
    pids: list[int],
    warmup: float,
    tour: tuple[tuple[str, str], ...] = TOUR,
) -> dict:
    """``sessions`` viewers for ``seconds`` (runs that start in the first ``warmup`` seconds are
    not counted); the figures of the runs counted, and of each server pid."""
    sessions, seconds = min(sessions, MAX_SESSIONS), min(seconds, MAX_SECONDS)
    tally = Tally()
    cpu0 = {p: _cpu_seconds(p) for p in pids}
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    until, record_from = t0 + seconds, t0 + warmup

    async def main() -> None:
        spread = min(think, seconds / 4)
        tasks = [
            _session(
                base,
                random.Random(seed * 10_000 + i),
                spread * i / max(1, sessions),
                until,
                record_from,
                tally,
                think,
                tour,
            )
            for i in range(sessions)
        ]
        await asyncio.wait_for(asyncio.gather(*tasks), seconds + RUN_TIMEOUT_S + 30)

    asyncio.run(main())
    wall = time.monotonic() - t0
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    counted = wall - warmup
    by_page: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for r in tally.runs:
        by_page[page_label(r.page)].append(r.seconds)
        if r.error:
            errors[r.error[:80]] += 1
    pages = {
        p: {"runs": len(v), "p50_s": percentile(v, 50), "p95_s": percentile(v, 95), "max_s": max(v)}
        for p, v in sorted(by_page.items())
    }
    all_s = [r.seconds for r in tally.runs]
    cpu_s = sum(_cpu_seconds(p) - cpu0[p] for p in pids)
    return {
        "server_cpu_s_per_run": cpu_s / tally.all_runs if tally.all_runs else math.nan,
        "sessions": sessions,
        "seconds": seconds,
        "runs": len(tally.runs),
        "runs_per_s": len(tally.runs) / counted if counted > 0 else math.nan,
        "p50_s": percentile(all_s, 50),
        "p95_s": percentile(all_s, 95),
        "worst_page_p95_s": max((v["p95_s"] for v in pages.values()), default=math.nan),
        "pages": pages,
        "errors": dict(errors),
        "error_runs": sum(errors.values()),
        "sessions_failed": tally.sessions_failed,
        "server_cpu_pct": {str(p): 100 * (_cpu_seconds(p) - cpu0[p]) / wall for p in pids},
        "server_memory_mb": {str(p): _memory_mb(p) for p in pids},
        "client_cpu_pct": 100 * (self1.ru_utime + self1.ru_stime - self0.ru_utime - self0.ru_stime) / wall,
        "loadavg": os.getloadavg(),
    }


#: One query string per page for the one-session mode: the first of the tour's for that page.
#: Districts is not in the tour (the load's figures stay comparable with earlier ones) but is here.
PAGE_STEPS: tuple[tuple[str, str], ...] = (
    *({path: (path, q) for path, q in reversed(TOUR)}[p] for p in PAGES),
    ("districts", ""),
)


def one_session(base: str, pid: int, reruns: int, idle: int) -> dict:
    """Server CPU of each page on one session: the first visit (s), then warm reruns (ms a run),
    then (``idle`` > 0) warm reruns again with ``idle`` more sessions open."""
    out: dict[str, Any] = {"loadavg_before": os.getloadavg(), "reruns": reruns, "idle": idle, "pages": {}}

    async def warm_runs(ws: Any, hashes: dict[str, str], path: str, query: str) -> float:
        await one_run(ws, path, query, hashes)  # a first rerun after another page: not counted
        cpu0 = _cpu_seconds(pid)
        for _ in range(reruns):
            run = await one_run(ws, path, query, hashes)
            if run.error:
                raise RuntimeError(f"/{path}?{query}: {run.error}")
        return 1000 * (_cpu_seconds(pid) - cpu0) / reruns

    async def main() -> None:
        ws, hashes = await open_session(base)
        others: list[Any] = []
        try:
            for path, query in PAGE_STEPS:
                cpu0 = _cpu_seconds(pid)
                run = await one_run(ws, path, query, hashes, timeout=300)
                if run.error:
                    raise RuntimeError(f"/{path}?{query}: {run.error}")
                out["pages"][page_label(path)] = {"first_visit_cpu_s": _cpu_seconds(pid) - cpu0}
            for path, query in PAGE_STEPS:
                out["pages"][page_label(path)]["warm_cpu_ms"] = await warm_runs(ws, hashes, path, query)
            if idle:
                for _ in range(idle):
                    other, other_hashes = await open_session(base)
                    others.append(other)
                    await one_run(other, "", "", other_hashes)
                for path, query in PAGE_STEPS:
                    ms = await warm_runs(ws, hashes, path, query)
                    out["pages"][page_label(path)][f"warm_cpu_ms_{idle}_idle"] = ms
        finally:
            for w in [ws, *others]:
                await w.close()

    asyncio.run(main())
    out["loadavg_after"] = os.getloadavg()
    return out


def print_one_session(res: dict) -> None:
    idle = res["idle"]
    ready = f"; ready after {res['ready_s']:.1f} s" if "ready_s" in res else ""
    print(
        f"load before {res['loadavg_before'][0]:.2f}, after {res['loadavg_after'][0]:.2f}; {res['reruns']} reruns{ready}"
    )
    print(f"{'page':<10} {'first visit s':>14} {'warm ms':>8}" + (f" {f'warm ms, {idle} idle':>18}" if idle else ""))
    for page, v in res["pages"].items():
        line = f"{page:<10} {v['first_visit_cpu_s']:>14.2f} {v['warm_cpu_ms']:>8.0f}"
        if idle:
            line += f" {v[f'warm_cpu_ms_{idle}_idle']:>18.0f}"
        print(line, flush=True)


def holds(level: dict, limit: float = P95_LIMIT_S) -> bool:
    """Every page's p95 within ``limit``, no session refused, errors under 1 % of runs."""
    return (
        level["runs"] > 0
        and level["worst_page_p95_s"] <= limit
        and level["sessions_failed"] == 0
        and level["error_runs"] <= 0.01 * level["runs"]
    )


def warm(bases: list[str], rounds: int = 3, tour: tuple[tuple[str, str], ...] = TOUR) -> dict[str, list[float]]:
    """The tour ``rounds`` times on each server, so the levels measure warm caches (what a
    long-running server serves); the first round's seconds per step are the first visitor's."""
    first: dict[str, list[float]] = {}

    async def main() -> None:
        for base in bases:
            ws, hashes = await open_session(base)
            try:
                for r in range(rounds):
                    for path, q in tour:
                        run = await one_run(ws, path, q, hashes, timeout=300)
                        if run.error:
                            print(f"  warm {base} /{path}?{q}: {run.error}", flush=True)
                        if r == 0:
                            first.setdefault(f"/{path}?{q}", []).append(run.seconds)
            finally:
                await ws.close()

    asyncio.run(main())
    return first


def print_level(label: str, lv: dict) -> None:
    pages = "  ".join(f"{p} {v['p50_s']:.2f}/{v['p95_s']:.2f}" for p, v in lv["pages"].items())
    cpu = ", ".join(f"{v:.0f}" for v in lv["server_cpu_pct"].values())
    mem = ", ".join(f"{v.get('VmRSS', 0):.0f}" for v in lv["server_memory_mb"].values())
    print(
        f"{label} N={lv['sessions']:>3}: {lv['runs']:>4} runs {lv['runs_per_s']:5.2f}/s p50 {lv['p50_s']:.2f} "
        f"p95 {lv['p95_s']:.2f} worst-page p95 {lv['worst_page_p95_s']:.2f} s errors {lv['error_runs']}"
        f"+{lv['sessions_failed']} | server CPU % {cpu} ({lv['server_cpu_s_per_run']:.2f} s a run) RSS MB {mem} | client CPU {lv['client_cpu_pct']:.0f} % "
        f"| load {lv['loadavg'][0]:.2f} | {'holds' if holds(lv) else 'misses'}\n    p50/p95 by page: {pages}",
        flush=True,
    )


def ramp(base: str, levels: list[int], args: argparse.Namespace, pids: list[int], label: str) -> dict:
    """Levels in order until two in a row miss (p95 over the limit, or errors: one miss on this
    shared machine may be another process's burst); the largest level that held."""
    out, best, misses = [], 0, 0
    for n in levels[:MAX_STEPS]:
        lv = load_level(base, n, args.seconds, args.think, args.seed, pids, args.warmup)
        print_level(label, lv)
        out.append(lv)
        if holds(lv):
            best, misses = n, 0
        else:
            misses += 1
            if misses == 2:
                break
    return {"levels": out, "largest_holding": best}


def linked_store(source: Path, target: Path) -> None:
    """A writable copy of a store: Parquet files hard-linked (versions are never changed in
    place), every other file copied (the import log is appended to)."""

    def copy(src: str, dst: str) -> None:
        if src.endswith(".parquet"):
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=copy, ignore=shutil.ignore_patterns(".lock", ".tmp-*", ".CURRENT.*"))


def propagate(c: Any, page: Path, fy: int | None) -> dict:
    """Import ``page`` through the writer (which publishes), then wait for every replica's
    CURRENT to name the new version: seconds from the import's end to each replica's switch."""
    from kpi_model.store.layout import Layout

    cmd = [sys.executable, "-m", "kpi_model", "import", str(page), "--store", str(c.store)]
    cmd += ["--fy", str(fy)] if fy else []
    t0 = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, env=c.writer_env(), capture_output=True, text=True, timeout=600)
    imported = time.monotonic()
    if done.returncode != 0:
        raise RuntimeError(f"import failed: {done.stdout[-500:]} {done.stderr[-1500:]}")
    version = Layout(c.store).current_or_none()
    arrived: dict[int, float] = {}
    deadline = imported + 120
    while len(arrived) < c.replicas and time.monotonic() < deadline:
        for i in range(c.replicas):
            if i not in arrived and Layout(c.replica_store(i)).current_or_none() == version:
                arrived[i] = time.monotonic() - imported
        time.sleep(0.05)
    return {
        "version": version,
        "import_and_publish_s": imported - t0,
        "seconds_to_each_replica": [arrived.get(i) for i in range(c.replicas)],
        "all_within_s": max(arrived.values()) if len(arrived) == c.replicas else None,
    }


#: What ``--scaling`` measures on each store: (replicas, viewer levels).
SCALING_PLAN: tuple[tuple[int, tuple[int, ...]], ...] = ((1, (20, 40, 80)), (2, (80,)))


def scaling(stores: list[Path], args: argparse.Namespace, app: str) -> list[dict]:
    """docs/SCALING.md's figures in one run: on each store, one process at 20, 40 and 80
    viewers and two replicas behind HAProxy at 80 (:data:`SCALING_PLAN`, each level measured
    whatever the one before did), viewers taking :data:`SIX_PAGE_TOUR`; one row per level."""
    from kpi_model.followup import followup_url
    from scripts.cluster import Cluster, missing_tools

    os.environ.setdefault("KPI_COOKIE_SECRET", secrets.token_urlsafe(32))  # the replicas and the viewers' cookie
    rows: list[dict] = []
    plan = [(n, tuple(args.levels or levels)) for n, levels in SCALING_PLAN if n == 1 or not args.levels]
    if args.levels:
        plan.append((2, (max(args.levels),)))
    for store in stores:
        for n, levels in plan:
            missing = missing_tools("s3") if n > 1 else []
            if missing:
                raise SystemExit(f"cannot run {n} replicas: missing {'; '.join(missing)}")
            with tempfile.TemporaryDirectory(prefix="kpi-load-") as tmp:
                writer = Path(tmp) / "writer"
                linked_store(store, writer)
                cluster = Cluster(
                    writer,
                    replicas=n,
                    shared="none" if n == 1 else "s3",
                    work=Path(tmp),
                    proxy=n > 1,
                    streamlit_args=tuple(args.streamlit_arg),
                    app=app,
                )
                with cluster as c:
                    sign_in_viewers(  # the tour's "my follow-up" page is an agency editor's
                        c.followup_url or followup_url(c.replica_store(0), environ={}), os.environ["KPI_COOKIE_SECRET"]
                    )
                    check_signed_in(c.url)
                    pids = [c.replica_pid(i) for i in range(n)]
                    label = f"{store.name} {n}r"
                    print(f"{label}: {c.url} (pids {pids}); load {os.getloadavg()[0]:.2f}", flush=True)
                    warm([c.replica_url(i) for i in range(n)], rounds=1, tour=SIX_PAGE_TOUR)
                    for sessions in levels:
                        lv = load_level(
                            c.url, sessions, args.seconds, args.think, args.seed, pids, args.warmup, SIX_PAGE_TOUR
                        )
                        print_level(label, lv)
                        rows.append({"store": str(store), "replicas": n, **lv, "holds": holds(lv)})
    return rows


def scaling_table(rows: list[dict], command: str) -> str:
    """The rows of :func:`scaling` as docs/SCALING.md's Markdown table, with the command."""
    out = [
        f"Command: `{command}`",
        "",
        "| store | layout | N | runs | runs/s | p50 s | p95 s | worst page p95 s | server CPU % of a core "
        "| CPU s a run | RSS MB | load avg | holds |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- | ---: | --- |",
    ]
    for r in rows:
        worst = max(r["pages"].items(), key=lambda kv: kv[1]["p95_s"], default=("-", {"p95_s": math.nan}))
        cpu = " + ".join(f"{v:.0f}" for v in r["server_cpu_pct"].values())
        rss = " + ".join(f"{v.get('VmRSS', 0):.0f}" for v in r["server_memory_mb"].values())
        layout = "1 process" if r["replicas"] == 1 else f"{r['replicas']} replicas + HAProxy"
        out.append(
            f"| {Path(r['store']).name} | {layout} | {r['sessions']} | {r['runs']} | {r['runs_per_s']:.2f} "
            f"| {r['p50_s']:.2f} | {r['p95_s']:.2f} | {worst[1]['p95_s']:.2f} ({page_label(worst[0]) if worst[0] != '-' else '-'}) "
            f"| {cpu} | {r['server_cpu_s_per_run']:.3f} | {rss} | {r['loadavg'][0]:.2f} "
            f"| {'yes' if r['holds'] else 'no'} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    p.add_argument("--url", default=None, help="a running dashboard (loopback), e.g. http://127.0.0.1:8501")
    p.add_argument("--pid", type=int, action="append", default=[], help="server pid(s) to measure (with --url)")
    p.add_argument("--store", type=Path, default=None, help="start servers over this store (a linked copy)")
    p.add_argument("--replicas", default="1", help="layouts to measure back to back, e.g. 1,2")
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--ramp", default=None, help="session levels, e.g. 20,30,40,60: the largest whose p95 ≤ 2 s")
    p.add_argument("--seconds", type=float, default=60.0, help="per level (capped at 900)")
    p.add_argument("--warmup", type=float, default=10.0, help="seconds of each level not counted")
    p.add_argument("--think", type=float, default=5.0, help="mean think time, seconds (exponential)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--streamlit-arg", action="append", default=[], help="passed to every replica, e.g. --runner.postScriptGC=false"
    )
    p.add_argument(
        "--propagate", type=Path, default=None, help="a detail page to import through the writer (2+ replicas)"
    )
    p.add_argument("--fy", type=int, default=None, help="fiscal year of --propagate's page if it does not say it")
    p.add_argument("--one-session", action="store_true", help="CPU per page: first visit, warm runs (one replica)")
    p.add_argument("--reruns", type=int, default=20, help="warm runs per page in --one-session")
    p.add_argument("--idle", type=int, default=0, help="--one-session: measure warm runs again with N idle sessions")
    p.add_argument(
        "--scaling",
        nargs="+",
        type=Path,
        default=None,
        metavar="STORE",
        help="docs/SCALING.md in one run: on each STORE, 1 process at 20/40/80 viewers, 2 replicas at 80",
    )
    p.add_argument("--levels", default=None, help="--scaling: other viewer levels for 1 process, e.g. 2,4 (a trial)")
    p.add_argument("--markdown", type=Path, default=None, help="--scaling: write the table here too")
    p.add_argument(
        "--cold",
        action="store_true",
        help="serve dashboard.py as it starts (no warm-up before ready); default serve.py (ui/warmup.py)",
    )
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    app = "dashboard.py" if args.cold else "serve.py"
    if args.scaling:
        args.levels = [int(x) for x in args.levels.split(",")] if args.levels else None
        if args.levels and any(n < 1 or n > MAX_SESSIONS for n in args.levels):
            p.error(f"levels must be 1–{MAX_SESSIONS}")
        rows = scaling(args.scaling, args, app)
        command = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
        table = scaling_table(rows, command)
        print("\n" + table, flush=True)
        if args.markdown:
            args.markdown.write_text(table, encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps({"app": app, "levels": rows}, indent=1, default=str))
        return 0
    levels = [int(x) for x in args.ramp.split(",")] if args.ramp else [args.sessions]
    if any(n < 1 or n > MAX_SESSIONS for n in levels):
        p.error(f"sessions must be 1–{MAX_SESSIONS}")
    result: dict[str, Any] = {
        "think_s": args.think,
        "seconds": args.seconds,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "app": app,
    }

    if args.one_session:
        if not 1 <= args.reruns <= 200 or not 0 <= args.idle <= MAX_SESSIONS:
            p.error("--reruns 1–200, --idle 0–300")
        if args.url:
            if len(args.pid) != 1:
                p.error("--one-session with --url needs the server's --pid")
            result["one_session"] = one_session(_loopback(args.url), args.pid[0], args.reruns, args.idle)
        else:
            if args.store is None:
                p.error("give --url or --store")
            from scripts.cluster import Cluster

            with tempfile.TemporaryDirectory(prefix="kpi-load-") as tmp:
                writer = Path(tmp) / "writer"
                linked_store(args.store, writer)
                cluster = Cluster(
                    writer,
                    replicas=1,
                    shared="none",
                    work=Path(tmp),
                    proxy=False,
                    streamlit_args=tuple(args.streamlit_arg),
                    app=app,
                )
                t0 = time.monotonic()
                with cluster as c:
                    ready_s = time.monotonic() - t0
                    result["one_session"] = one_session(c.url, c.replica_pid(0), args.reruns, args.idle)
                    result["one_session"]["ready_s"] = ready_s
        print_one_session(result["one_session"])
    elif args.url:
        base = _loopback(args.url)
        fu_url, secret = os.environ.get("KPI_FOLLOWUP_URL"), os.environ.get("KPI_COOKIE_SECRET")
        if fu_url and secret:
            sign_in_viewers(fu_url, secret)
        else:
            print("viewers signed out (set KPI_FOLLOWUP_URL and KPI_COOKIE_SECRET to sign them in)", file=sys.stderr)
        if VIEWER_COOKIES:
            check_signed_in(base)
        result["signed_in_as"] = LOAD_EDITOR if VIEWER_COOKIES else None
        result["first_visit_s"] = warm([base])
        result["url"] = ramp(base, levels, args, args.pid, "url")
    else:
        if args.store is None:
            p.error("give --url or --store")
        from kpi_model.followup import followup_url
        from scripts.cluster import Cluster, missing_tools

        os.environ.setdefault("KPI_COOKIE_SECRET", secrets.token_urlsafe(32))
        for n in (int(x) for x in args.replicas.split(",")):
            shared = "none" if n == 1 else "s3"
            missing = missing_tools(shared) if n > 1 else []
            if missing:
                print(f"skipping {n} replicas: missing {'; '.join(missing)}", file=sys.stderr)
                continue
            with tempfile.TemporaryDirectory(prefix="kpi-load-") as tmp:
                writer = Path(tmp) / "writer"
                linked_store(args.store, writer)
                cluster = Cluster(
                    writer,
                    replicas=n,
                    shared=shared,
                    work=Path(tmp),
                    proxy=n > 1,
                    streamlit_args=tuple(args.streamlit_arg),
                    app=app,
                )
                with cluster as c:
                    sign_in_viewers(
                        c.followup_url or followup_url(c.replica_store(0), environ={}), os.environ["KPI_COOKIE_SECRET"]
                    )
                    check_signed_in(c.url)
                    result["signed_in_as"] = LOAD_EDITOR
                    pids = [c.replica_pid(i) for i in range(n)]
                    print(f"{n} replica(s) at {c.url} (pids {pids}); load {os.getloadavg()[0]:.2f}", flush=True)
                    key = f"replicas_{n}"
                    first = warm([c.replica_url(i) for i in range(n)])
                    print("first visit (cold caches), s: " + ", ".join(f"{k} {max(v):.1f}" for k, v in first.items()))
                    result[key] = {**ramp(c.url, levels, args, pids, f"{n}r"), "first_visit_s": first}
                    result[key]["loadavg_after"] = os.getloadavg()
                    if args.propagate and n > 1:
                        result[key]["propagation"] = propagate(c, args.propagate, args.fy)
                        print(f"propagation: {result[key]['propagation']}", flush=True)
        if "replicas_1" in result and "replicas_2" in result:
            one, two = result["replicas_1"]["largest_holding"], result["replicas_2"]["largest_holding"]
            result["ratio_2_over_1"] = two / one if one else None
            print(f"largest N holding p95 ≤ {P95_LIMIT_S} s: 1 replica {one}, 2 replicas {two}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
