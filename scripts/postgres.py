"""A throwaway PostgreSQL server on loopback: Debian's ``postgresql`` (installed by ``make
browser``), ``initdb`` into a fresh folder under /tmp and ``pg_ctl`` on a free port, as the
``postgres`` user when run as root (PostgreSQL refuses root). For the follow-up database of
``make cluster``'s replicas and of the tests (tests/postgres.py).

    with Postgres.start() as pg:
        url = pg.new_database("followup")     # postgresql+psycopg://postgres@127.0.0.1:PORT/followup
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Postgres", "PostgresUnavailable", "postgres_bin_dir"]

HOST = "127.0.0.1"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is not installed here, or would not start (the message says why)."""


def postgres_bin_dir() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/<version>/bin``, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Postgres:
    """A running server: trust authentication on loopback only, fsync off (throwaway data)."""

    port: int
    root: Path
    bin_dir: Path
    as_user: tuple[str, ...]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@{HOST}:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import sqlalchemy as sa

        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def new_database(self, name: str) -> str:
        """Create the empty database ``name`` (letters, digits, _) and return its URL."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"database name {name!r}: letters, digits and _ only")
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False)

    @classmethod
    def start(cls) -> Postgres:
        """initdb and start a server; :class:`PostgresUnavailable` saying why it cannot."""
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable(
                "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): run make browser as root"
            )
        root = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
        as_user: tuple[str, ...] = ()
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            try:
                if runuser is None:
                    raise PostgresUnavailable(
                        "running as root without runuser: PostgreSQL cannot start as another user"
                    )
                shutil.chown(root, user="postgres")
            except (LookupError, PermissionError) as exc:
                shutil.rmtree(root, ignore_errors=True)
                raise PostgresUnavailable(f"cannot hand {root} to the postgres user: {exc}") from exc
            except PostgresUnavailable:
                shutil.rmtree(root, ignore_errors=True)
                raise
            as_user = (str(runuser), "-u", "postgres", "--")
        server = cls(_free_port(), root, bin_dir, as_user)
        data, log = root / "data", root / "server.log"
        init = server._run(
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
            raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-500:]}")
        options = (
            f"-c listen_addresses={HOST} -c port={server.port} -c unix_socket_directories={root} "
            "-c fsync=off -c max_connections=200"
        )
        started = server._run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"
        )
        if started.returncode != 0:
            text = log.read_text(errors="replace")[-800:] if log.exists() else started.stderr
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable(f"PostgreSQL did not start: {text.strip()}")
        return server

    def stop(self) -> None:
        """Stop the server at once and remove its folder (the data is throwaway)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Postgres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
