"""DuckDB connections: one per version, locked down, shared by threads through cursors.

A DuckDB connection is not thread-safe, a cursor is; so each version gets one connection and
each query its own cursor. A connection is closed once no cursor and no pin uses it and its
version is no longer the current one, so a long-running app does not keep every version it
ever read open.

Each connection sees only the store's own folder (``allowed_directories``), then loses access
to any other file and the right to change that (``enable_external_access = false``,
``lock_configuration = true``), so even a query built wrongly cannot read outside the store.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

from kpi_model.derive import DERIVED_TABLES
from kpi_model.errors import KpiError
from kpi_model.schema import ADDED_COLUMNS, OPTIONAL_TABLES, SOURCE_TABLES, TABLES, empty_frame
from kpi_model.store.layout import ALL_TABLES, IMPORT_FLAGS, Layout
from kpi_model.store.queries import whole_table
from kpi_model.store.scoring import text_rules

__all__ = ["ComputeMissing", "Connections", "connect"]

# Derived tables for a flat store's raw source tables, or None when they cannot be derived.
ComputeMissing = Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame] | None]

# A file name cannot be a bound parameter: these are filled with our own table names and the
# resolved paths of our own files (a path holding a quote is refused, see `_sql_path`).
_ALLOW_ONLY_ROOT = "set allowed_directories = ?"
_PARQUET = "read_parquet([{paths}])"
_CSV = "read_csv('{path}', header = true, all_varchar = true)"
_VIEW = "create or replace view {table} as select *{added} from {source}"
_ADDED = ', null::{kind} as "{name}"'  # a column the table's files predate (schema.ADDED_COLUMNS)
_KINDS = {"text": "varchar", "int": "bigint", "float": "double"}
_LOG = logging.getLogger("kpi_model.store")
_TABLE_FROM_FRAME = "create table {table} as select * from {frame}"
_EMPTY_IMPORT_FLAGS = f"create table {IMPORT_FLAGS} as select * from quality_flags limit 0"
_LOCK_DOWN = ("set enable_external_access = false", "set lock_configuration = true")


def connect(
    layout: Layout, version: str, compute_missing: ComputeMissing, scoring: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A new connection on ``version``: a view per stored table, an empty table per optional
    table not stored, and, for a flat store without derived tables, those computed in memory
    by ``compute_missing``. A version whose derived tables were scored under another scoring
    than ``scoring`` (other rules, thresholds, or a fiscal year closed since) has them computed
    again in memory too: a reader never shows verdicts of rules that no longer hold; the next
    write stores them. Locked down before it is returned."""
    con = duckdb.connect()
    con.execute(_ALLOW_ONLY_ROOT, [[str(layout.root.resolve()) + os.sep]])
    missing: list[str] = []
    stored_scoring = layout.scoring_of(version)
    stale = scoring is not None and stored_scoring is not None and stored_scoring != scoring
    if stale:
        _LOG.warning(
            "version %s was scored under %s, not %s: its scores are computed again", version, stored_scoring, scoring
        )
    for table in ALL_TABLES:
        if stale and table in DERIVED_TABLES:
            missing.append(table)
            continue
        paths = layout.table_files(version, table)
        if not paths and table in OPTIONAL_TABLES:
            _table_from_frame(con, table, empty_frame(table))
            continue
        if not paths:
            missing.append(table)
            continue
        if paths[0].suffix == ".parquet":
            source = _PARQUET.format(paths=", ".join(f"'{_sql_path(p)}'" for p in paths))
        else:
            source = _CSV.format(path=_sql_path(paths[0]))
        con.execute(_VIEW.format(table=table, added="", source=source))
        _add_missing_columns(con, table, source)
    if missing:
        _add_computed(con, missing, compute_missing)
    text_rules(con)
    for setting in _LOCK_DOWN:
        con.execute(setting)
    return con


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """A table whose files predate some of its columns (a version written before them, or a
    rollback to one): the view gives those columns as NULL, so every query and every reader
    sees the table's whole schema whatever version it reads."""
    added = ADDED_COLUMNS.get(table, ())
    if not added:
        return
    have = {d[0] for d in con.execute(f"select * from {table} limit 0").description}
    missing = [c for c in TABLES[table].columns if c.name in added and c.name not in have]
    if missing:
        extra = "".join(_ADDED.format(kind=_KINDS[c.kind], name=c.name) for c in missing)
        con.execute(_VIEW.format(table=table, added=extra, source=source))


def _add_computed(con: duckdb.DuckDBPyConnection, missing: list[str], compute_missing: ComputeMissing) -> None:
    """A flat store without derived tables: compute them once, in memory."""
    if any(t in SOURCE_TABLES and t not in OPTIONAL_TABLES for t in missing):
        return  # not a usable store; `check` says what is missing
    raw = {t: con.cursor().execute(whole_table(t)).df() for t in SOURCE_TABLES}
    if IMPORT_FLAGS not in missing:
        raw[IMPORT_FLAGS] = con.cursor().execute(whole_table(IMPORT_FLAGS)).df()
    frames = compute_missing(raw)
    if frames is None:
        return  # broken tables: `check` names them; views read only the source tables
    for name, frame in frames.items():
        if name in missing:
            _table_from_frame(con, name, frame)
    if IMPORT_FLAGS in missing:
        con.execute(_EMPTY_IMPORT_FLAGS)


def _table_from_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    registered = f"_{table}_frame"
    con.register(registered, frame)
    con.execute(_TABLE_FROM_FRAME.format(table=table, frame=registered))
    con.unregister(registered)


def _sql_path(path: Path) -> str:
    text = str(path.resolve())
    if "'" in text:
        raise KpiError(f"store path may not contain a quote: {text}")
    return text


class Connections:
    """The open connections of one store, the versions they read, and who is using them.

    ``version()`` reads ``CURRENT`` unless this thread has pinned a version (:meth:`pinned`);
    the version last read is the one kept open when nobody uses it."""

    def __init__(self, layout: Layout, compute_missing: ComputeMissing, scoring: str | None = None):
        self.layout = layout
        self.compute_missing = compute_missing
        self.scoring = scoring  # the scoring in force (kpi_model.store.build.fingerprint)
        self.lock = threading.Lock()
        self.cons: dict[str, duckdb.DuckDBPyConnection] = {}  # version → its connection
        self.users: dict[str, int] = {}  # version → open cursors and pins on it
        self.latest: str | None = None  # the version last read from CURRENT
        self._pins = threading.local()  # this thread's pinned version (see `pinned`)

    def version(self) -> str:
        """This thread's pinned version, else the one ``CURRENT`` names now."""
        pin: str | None = getattr(self._pins, "version", None)
        if pin is not None:
            return pin
        self.latest = version = self.layout.read_version()
        return version

    @contextlib.contextmanager
    def pinned(self, version: str) -> Iterator[str]:
        """Every cursor of this thread inside the block reads ``version``; its connection stays
        open until the block ends. Blocks nest; the innermost pin wins."""
        previous = getattr(self._pins, "version", None)
        with self.lock:
            self.users[version] = self.users.get(version, 0) + 1
        self._pins.version = version
        try:
            yield version
        finally:
            self._pins.version = previous
            self.release(version)

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on :meth:`version`, its connection opened on first use."""
        version = self.version()
        with self.lock:
            con = self.cons.get(version)
            if con is None:
                con = self.cons[version] = connect(self.layout, version, self.compute_missing, self.scoring)
            cur = con.cursor()
            self.users[version] = self.users.get(version, 0) + 1
        try:
            yield cur
        finally:
            cur.close()
            self.release(version)

    def release(self, version: str) -> None:
        """One cursor or pin on ``version`` is done: close every connection nobody uses whose
        version is not the current one."""
        with self.lock:
            self.users[version] = self.users.get(version, 0) - 1  # close() may have reset it
            for v in [v for v, n in self.users.items() if n <= 0 and v != self.latest]:
                del self.users[v]
                con = self.cons.pop(v, None)
                if con is not None:
                    con.close()

    def close(self) -> None:
        """Close every connection; the next cursor opens a new one."""
        with self.lock:
            for con in self.cons.values():
                con.close()
            self.cons.clear()
            self.users.clear()
