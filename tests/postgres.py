"""A throwaway PostgreSQL cluster on loopback for tests: Debian's ``postgresql`` (installed by
``make browser``), ``initdb`` into a fresh folder under /tmp and ``pg_ctl`` on a free port,
run as the ``postgres`` user when the tests run as root (PostgreSQL refuses root).

Under CI=true a cluster that cannot be started fails the test; elsewhere it skips, saying why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["PostgresCluster", "postgres_cluster", "skip_or_fail"]


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


class PostgresCluster:
    """A running cluster: ``url(database)`` is a SQLAlchemy URL for one of its databases;
    :meth:`new_database` makes an empty one (a test's own)."""

    def __init__(self, port: int, root: Path, bin_dir: Path, as_user: list[str]):
        self.port, self.root, self.bin_dir, self._as_user = port, root, bin_dir, as_user

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import sqlalchemy as sa

        name = "t_" + uuid.uuid4().hex[:16]
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import sqlalchemy as sa

        name = url.rsplit("/", 1)[1]
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start a cluster (skip or fail when it cannot start), stop and remove it afterwards."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        skip_or_fail("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): run make browser as root")
    assert bin_dir is not None
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            skip_or_fail("running as root and runuser is missing: cannot start PostgreSQL as another user")
        owner = "postgres"
        try:
            shutil.chown(root, user=owner)
        except (LookupError, PermissionError) as exc:
            skip_or_fail(f"cannot hand {root} to the {owner} user: {exc}")
        as_user = [str(runuser), "-u", owner, "--"]
    data, log = root / "data", root / "server.log"
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120, check=False)

    init = run(
        str(bin_dir / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        skip_or_fail(f"initdb failed: {init.stderr.strip()[-500:]}")
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off -c max_connections=200"
    start = run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    if start.returncode != 0:
        text = log.read_text(errors="replace")[-800:] if log.exists() else start.stderr
        shutil.rmtree(root, ignore_errors=True)
        skip_or_fail(f"PostgreSQL did not start: {text.strip()}")
    try:
        yield PostgresCluster(port, root, bin_dir, as_user)
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
