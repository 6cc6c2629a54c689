"""Where the follow-up database is, opening it, and bringing its schema up to date.

``KPI_FOLLOWUP_URL`` names a PostgreSQL database (``postgresql://user@host:port/db``: the
layout for replicas, which then all see the same rows at once); without it the database is
SQLite ``followup.sqlite`` in the store's folder, beside ``versions/``, so ``--store`` finds
it. Opening runs the migrations shipped in this package (Alembic) up to the newest revision,
under a lock, so the first of several replicas to start upgrades and the others wait.

Example::

    db = open_followup(Path("data"))
    ...
    db.close()
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kpi_model.errors import ConfigError, KpiError
from kpi_model.store.layout import Layout

__all__ = [
    "FOLLOWUP_FILE",
    "HEAD_REVISION",
    "URL_VARIABLE",
    "FollowupDB",
    "current_revision",
    "followup_url",
    "open_followup",
    "upgrade",
    "utc_now",
]

URL_VARIABLE = "KPI_FOLLOWUP_URL"
FOLLOWUP_FILE = "followup.sqlite"
HEAD_REVISION = "0100"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 27_0001  # the PostgreSQL advisory lock held while migrations run


def utc_now() -> dt.datetime:
    """Now, in UTC (timezone-aware): the default clock of a :class:`FollowupDB`."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class FollowupDB:
    """An open follow-up database: its engine, the URL it was opened with (password hidden)
    and the clock its writes are stamped with (injected by tests)."""

    engine: Engine
    url: str
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def now(self) -> dt.datetime:
        """The clock's time, timezone-aware UTC."""
        at = self.clock()
        return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction that writes: on SQLite it takes the write lock at once
        (``BEGIN IMMEDIATE``), so a check made inside it still holds when the write lands;
        everything in it is stored together or not at all."""
        with self.engine.connect() as conn:
            conn.execution_options(kpi_immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One transaction that only reads (a consistent view of every query in it)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()


def followup_url(store_root: Path | str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``KPI_FOLLOWUP_URL`` (checked: PostgreSQL or SQLite), else SQLite ``followup.sqlite`` in
    ``store_root`` (default: the store folder of :func:`kpi_model.config.default_store_dir`).
    :class:`ConfigError` for a URL of another kind."""
    env = os.environ if environ is None else environ
    raw = (env.get(URL_VARIABLE) or "").strip()
    if raw:
        return _checked_url(raw)
    if store_root is None:
        from kpi_model.config import default_store_dir

        store_root = default_store_dir()
    return f"sqlite:///{Layout(Path(store_root)).root.resolve() / FOLLOWUP_FILE}"


def _checked_url(raw: str) -> str:
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if scheme == "sqlite" and raw.startswith("sqlite:///") and len(raw) > len("sqlite:///"):
        return raw
    raise ConfigError(
        URL_VARIABLE,
        f"{URL_VARIABLE} ใช้ไม่ได้: ต้องขึ้นต้นด้วย postgresql:// (หรือ sqlite:///เส้นทางไฟล์)",
        f"{URL_VARIABLE} cannot be used: it must start with postgresql:// (or sqlite:///a/file/path)",
    )


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("kpi_immediate", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def open_followup(
    store_root: Path | str | None = None,
    url: str | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
    migrate: bool = True,
) -> FollowupDB:
    """The follow-up database of the store at ``store_root`` (or at ``url``), upgraded to the
    newest schema. KpiError when the SQLite database's folder does not exist (a store folder
    is never created here); ConfigError for an unusable ``KPI_FOLLOWUP_URL``."""
    url = url or followup_url(store_root)
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        if not folder.is_dir():
            raise KpiError(
                f"no folder {folder} for the follow-up database {FOLLOWUP_FILE}: "
                "create the store first (python -m kpi_model demo) or set KPI_FOLLOWUP_URL"
            )
    engine = _engine(url)
    db = FollowupDB(engine, engine.url.render_as_string(hide_password=True), clock)
    if migrate:
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    return db


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction, holding a lock (PostgreSQL:
    an advisory lock; SQLite: the write lock) so two processes never migrate at once."""
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(kpi_immediate=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            command.upgrade(_alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None: empty, never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
