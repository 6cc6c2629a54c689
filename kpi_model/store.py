"""The store: versioned folders of Parquet files, read through DuckDB. The only module with SQL.

Layout of a store folder ``data/``::

    CURRENT                      the id of the version readers see (replaced atomically)
    versions/<id>/<table>.parquet  one file per table, source and derived
    versions/<id>/meta.json      when, by what, row counts
    .lock                        held by the one writer

A write builds a whole new version folder, then swaps ``CURRENT``: a reader sees the old
version or the new one, never half of either, and a crash or a rejected import leaves the store
exactly as it was. A plain folder of ``<table>.parquet`` or ``<table>.csv`` files (no
``CURRENT``) is read as a store too; its derived tables are computed in memory.

Every value in a query is a bound parameter; table and column names come from allow-lists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi_model.config import Settings, default_store_dir, settings as default_settings
from kpi_model.derive import DERIVED_TABLES, derive
from kpi_model.errors import KpiError, Problem, StoreInvalid, StoreLocked
from kpi_model.rollup import GroupSums, Rollup, finalise
from kpi_model.schema import OPTIONAL_TABLES, SOURCE_TABLES, TABLES, coerce_frame, empty_frame, validate_frame

__all__ = ["Store", "Filters", "StoreVersion", "ImportLog", "ALL_TABLES", "GROUPABLE"]

IMPORT_FLAGS = "import_flags"
ALL_TABLES = (*SOURCE_TABLES, *DERIVED_TABLES, IMPORT_FLAGS)
ROW_GROUP_SIZE = 122_880

# Columns a rollup may group by (an allow-list: names are never taken from a request).
GROUPABLE = ("fiscal_year", "quarter", "agency_code", "indicator_type", "result_level", "unit",
             "direction", "strategy_1", "strategy_2", "strategy_3", "strategy_4", "status",
             "indicator_code", "plan_source", "accumulation", "direction_source",
             "recorded_status")


@dataclass(frozen=True)
class Filters:
    """What a view is narrowed to. Empty tuples mean 'all'. ``strategy`` is a branch code at
    any depth ('7', '7.3', '7.3.1.1'): the branch and everything below it."""

    agency_codes: tuple[str, ...] = ()
    fiscal_years: tuple[int, ...] = ()
    quarters: tuple[int, ...] = ()
    strategy: str | None = None
    indicator_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    flag_codes: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def where(self, table: str) -> tuple[str, list[Any]]:
        """A WHERE clause with ``?`` placeholders and its parameters, for ``table``."""
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: Sequence[Any]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)

        any_of("agency_code", self.agency_codes)
        any_of("fiscal_year", [int(y) for y in self.fiscal_years])
        any_of("indicator_code", self.indicator_codes)
        if table == "quarter_scores":
            any_of("quarter", [int(q) for q in self.quarters])
        if table in ("quarter_scores", "annual_scores", "indicators"):
            any_of("source", self.sources)
        if table in ("quarter_scores", "annual_scores"):
            any_of("indicator_type", self.indicator_types)
            any_of("status", self.statuses)
            if self.strategy:
                depth = min(4, self.strategy.count(".") + 1)
                clauses.append(f"strategy_{depth} = ?")
                params.append(self.strategy)
        if table == "quality_flags":
            any_of("code", self.flag_codes)
            any_of("severity", self.severities)
            if self.quarters:
                clauses.append(f"(quarter IS NULL OR quarter IN ({', '.join('?' for _ in self.quarters)}))")
                params.extend(int(q) for q in self.quarters)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class ImportLog:
    """The import log as read: ``entries`` (oldest first) and ``damaged``, the 1-based numbers
    of lines that could not be read (a torn last line is not among them)."""

    entries: list[dict[str, Any]]
    damaged: list[int]


@dataclass(frozen=True)
class StoreVersion:
    id: str
    written_at: str | None
    note: str | None
    rows: dict[str, int] = field(default_factory=dict)


class Store:
    """One store folder. Cheap to create; connections open lazily, one per version.

    A reader that runs several queries for one answer pins one version for all of them
    (:meth:`pinned`), so an import that swaps ``CURRENT`` in between cannot mix two versions."""

    def __init__(self, root: Path | str | None = None, cfg: Settings = default_settings):
        self.root = Path(root) if root is not None else default_store_dir()
        self.cfg = cfg
        self._lock = threading.Lock()
        self._cons: dict[str, duckdb.DuckDBPyConnection] = {}  # version → its connection
        self._users: dict[str, int] = {}  # version → open cursors and pins on it
        self._latest: str | None = None  # the version last read from CURRENT
        self._pins = threading.local()  # this thread's pinned version (see `pinned`)
        self.trace: list[tuple[str, list[Any]]] | None = None  # set to a list to record queries

    # ---- layout -------------------------------------------------------------------------
    @property
    def _current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def _versions_dir(self) -> Path:
        return self.root / "versions"

    def exists(self) -> bool:
        """True when the folder holds a store (versioned, or flat Parquet/CSV tables)."""
        if self._current_file.exists():
            return True
        return all(self._flat_file(t) is not None for t in SOURCE_TABLES if t not in OPTIONAL_TABLES)

    def _flat_file(self, table: str) -> Path | None:
        for ext in (".parquet", ".csv"):
            p = self.root / f"{table}{ext}"
            if p.exists():
                return p
        return None

    def version(self) -> str:
        """The id of the version readers see now; the dashboard keys its cache on it. Inside
        :meth:`pinned`, the pinned version."""
        pin = getattr(self._pins, "version", None)
        if pin is not None:
            return pin
        self._latest = version = self._read_version()
        return version

    @contextlib.contextmanager
    def pinned(self, version: str | None = None) -> Iterator[str]:
        """Every query of this thread inside the block reads ``version`` (default: the current
        one, read once), whatever ``CURRENT`` says meanwhile; yields the version. The version's
        connection stays open until the block ends. Blocks nest; the innermost pin wins."""
        version = self.version() if version is None else version
        previous = getattr(self._pins, "version", None)
        with self._lock:
            self._users[version] = self._users.get(version, 0) + 1
        self._pins.version = version
        try:
            yield version
        finally:
            self._pins.version = previous
            self._release(version)

    def _read_version(self) -> str:
        try:
            return self._current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            if not self.exists():
                raise KpiError(f"no store at {self.root} (run: python -m kpi_model demo)") from None
            stamp = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                             for t in SOURCE_TABLES if (p := self._flat_file(t)))
            return "flat-" + hashlib.sha256(stamp.encode()).hexdigest()[:12]

    def _version_dir(self, version: str) -> Path:
        return self.root if version.startswith("flat-") else self._versions_dir / version

    def _table_file(self, version: str, table: str) -> Path | None:
        folder = self._version_dir(version)
        for ext in (".parquet", ".csv"):
            p = folder / f"{table}{ext}"
            if p.exists():
                return p
        return None

    # ---- connection ---------------------------------------------------------------------
    def _connect(self, version: str) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        root = str(self.root.resolve()) + os.sep
        con.execute("SET allowed_directories = ?", [[root]])
        missing: list[str] = []
        for table in ALL_TABLES:
            path = self._table_file(version, table)
            if path is None and table in OPTIONAL_TABLES:
                con.register(f"_{table}_empty", empty_frame(table))
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}_empty")
                con.unregister(f"_{table}_empty")
                continue
            if path is None:
                missing.append(table)
                continue
            reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
            extra = "" if reader == "read_parquet" else ", header = true, all_varchar = true"
            # A view's file name cannot be a parameter; it is built from our own folder names.
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {reader}('{_sql_path(path)}'{extra})")
        if missing:
            self._register_computed(con, version, missing)
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con

    def _register_computed(self, con: duckdb.DuckDBPyConnection, version: str,
                           missing: list[str]) -> None:
        """A flat store without derived tables: compute them once, in memory."""
        if any(t in SOURCE_TABLES and t not in OPTIONAL_TABLES for t in missing):
            return  # not a usable store; `check` says what is missing
        raw = {t: con.cursor().execute(f"SELECT * FROM {t}").df() for t in SOURCE_TABLES}
        if self.validate(raw, row_offset=2):
            return  # broken tables: `check` names them; views read only the source tables
        tables = {t: coerce_frame(t, raw[t]) for t in SOURCE_TABLES}
        for name, frame in derive(tables, None, self.cfg).items():
            if name in missing:
                con.register(f"_{name}_frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}_frame")
                con.unregister(f"_{name}_frame")
        if IMPORT_FLAGS in missing:
            con.execute(f"CREATE TABLE {IMPORT_FLAGS} AS SELECT * FROM quality_flags LIMIT 0")

    def _read_with(self, con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
        frame = con.cursor().execute(f"SELECT * FROM {_table(table)}").df()
        return coerce_frame(table, frame) if table in TABLES else frame

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the current version, or on this thread's pinned one (:meth:`pinned`).

        Thread-safe: one connection per version; a connection is closed once no cursor and no
        pin uses it and its version is no longer the current one."""
        version = self.version()
        with self._lock:
            con = self._cons.get(version)
            if con is None:
                con = self._cons[version] = self._connect(version)
            cur = con.cursor()
            self._users[version] = self._users.get(version, 0) + 1
        try:
            yield cur
        finally:
            cur.close()
            self._release(version)

    def _release(self, version: str) -> None:
        """One cursor or pin on ``version`` is done: close every connection nobody uses whose
        version is not the current one."""
        with self._lock:
            self._users[version] = self._users.get(version, 0) - 1  # close() may have reset it
            for v in [v for v, n in self._users.items() if n <= 0 and v != self._latest]:
                del self._users[v]
                con = self._cons.pop(v, None)
                if con is not None:
                    con.close()

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one of this module's queries with bound parameters; a DataFrame."""
        if self.trace is not None:
            self.trace.append((query, list(params)))
        with self.cursor() as cur:
            return cur.execute(query, list(params)).df()

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        if self.trace is not None:
            self.trace.append((query, list(params)))
        with self.cursor() as cur:
            return cur.execute(query, list(params)).fetchall()

    def close(self) -> None:
        with self._lock:
            for con in self._cons.values():
                con.close()
            self._cons.clear()
            self._users.clear()

    # ---- reads --------------------------------------------------------------------------
    def read(self, table: str) -> pd.DataFrame:
        """A whole table (for import merges, checks and exports; views use filtered reads)."""
        with self.cursor() as cur:
            return self._read_with(cur, table)

    def read_tables(self) -> dict[str, pd.DataFrame]:
        """Every source table, all of one version."""
        with self.pinned():
            return {t: self.read(t) for t in SOURCE_TABLES}

    def select(self, table: str, filters: Filters = Filters(), columns: Sequence[str] | None = None,
               order_by: Sequence[str] = (), limit: int | None = None) -> pd.DataFrame:
        """Rows of ``table`` narrowed by ``filters``; only ``columns`` (allow-listed)."""
        table = _table(table)
        cols = ", ".join(_column(table, c) for c in columns) if columns else "*"
        where, params = filters.where(table)
        order = (" ORDER BY " + ", ".join(_column(table, c) for c in order_by)) if order_by else ""
        tail = ""
        if limit is not None:
            tail = " LIMIT ?"
            params = [*params, int(limit)]
        return self.sql(f"SELECT {cols} FROM {table}{where}{order}{tail}", params)

    def rollup(self, by: Sequence[str], filters: Filters = Filters(),
               table: str = "quarter_scores") -> list[Rollup]:
        """Weighted mean score_100 and status shares per group (:mod:`kpi_model.rollup`);
        DuckDB adds up, :func:`kpi_model.rollup.finalise` divides."""
        table = _table(table)
        keys = [_groupable(c) for c in by]
        where, params = filters.where(table)
        key_sql = ", ".join(keys)
        query = f"""
            SELECT {key_sql + ',' if keys else ''}
                   count(*) AS n,
                   coalesce(sum(coalesce(weight, 1)) FILTER (WHERE score_100 IS NOT NULL), 0) AS w,
                   coalesce(sum(coalesce(weight, 1) * score_100) FILTER (WHERE score_100 IS NOT NULL), 0) AS ws,
                   count(*) FILTER (WHERE status = 'met') AS met,
                   count(*) FILTER (WHERE status = 'on_track') AS on_track,
                   count(*) FILTER (WHERE status = 'behind') AS behind,
                   count(*) FILTER (WHERE status = 'no_data') AS no_data,
                   coalesce(sum(coalesce(weight, 1)) FILTER (WHERE progress IS NOT NULL AND tracks_plan), 0) AS pw,
                   coalesce(sum(coalesce(weight, 1) * least(progress, 1.0)) FILTER (WHERE progress IS NOT NULL AND tracks_plan), 0) AS pws,
                   coalesce(sum(coalesce(weight, 1) * plan) FILTER (WHERE progress IS NOT NULL AND tracks_plan), 0) AS plws
            FROM {table}{where}
            {('GROUP BY ' + key_sql + ' ORDER BY ' + key_sql) if keys else ''}"""
        rows = self._rows(query, params)
        out = []
        for row in rows:
            key, rest = tuple(row[: len(keys)]), row[len(keys):]
            out.append(finalise(key, GroupSums(int(rest[0]), float(rest[1]), float(rest[2]),
                                               int(rest[3]), int(rest[4]), int(rest[5]), int(rest[6]),
                                               float(rest[7]), float(rest[8]), float(rest[9]))))
        return out

    def extract(self, filters: Filters = Filters(), limit: int | None = None) -> pd.DataFrame:
        """The analyst's extract: one row per indicator-quarter shown (all four quarters),
        recorded columns beside computed ones, level descriptions as level_1…level_5.
        ``is_recorded`` says whether the source holds a row for that quarter."""
        where, params = filters.where("quarter_scores")
        tail = ""
        if limit is not None:
            tail = " LIMIT ?"
            params = [*params, int(limit)]
        return self.sql(_EXTRACT_SQL.format(where=where) + tail, params)

    def select_named(self, table: str, filters: Filters = Filters(), columns: Sequence[str] | None = None,
                     order_by: Sequence[str] = (), limit: int | None = None) -> pd.DataFrame:
        """:meth:`select` with the agency's Thai and English names joined (``agency_name_th``,
        ``agency_name_en``) and, for score tables, the indicator's names and unit as written."""
        table = _table(table)
        cols = ", ".join(f"t.{_column(table, c)}" for c in columns) if columns else "t.*"
        where, params = filters.where(table)
        inner_order = (" ORDER BY " + ", ".join(_column(table, c) for c in order_by)) if order_by else ""
        order = (" ORDER BY " + ", ".join(f"t.{_column(table, c)}" for c in order_by)) if order_by else ""
        tail = ""
        if limit is not None:
            tail = " LIMIT ?"
            params = [*params, int(limit)]
        names = ""
        join = ""
        if table == "quarter_scores":
            names = ", n.name_th, n.name_en, n.unit_th"
            join = (" LEFT JOIN annual_scores n ON n.indicator_code = t.indicator_code"
                    " AND n.fiscal_year = t.fiscal_year")
        query = (f"WITH t AS (SELECT * FROM {table}{where}{inner_order}{tail}) "
                 f"SELECT {cols}{names}, a.name_th AS agency_name_th, "
                 f"coalesce(a.name_en, a.name_th) AS agency_name_en FROM t"
                 f" LEFT JOIN agencies a ON a.agency_code = t.agency_code{join}{order}")
        return self.sql(query, params)

    def count_by(self, table: str, by: Sequence[str], filters: Filters = Filters()) -> pd.DataFrame:
        """Rows per group of allow-listed columns (``count``), largest first."""
        table = _table(table)
        cols = ", ".join(_column(table, c) for c in by)
        where, params = filters.where(table)
        return self.sql(f"SELECT {cols}, count(*) AS count FROM {table}{where} GROUP BY {cols} "
                        f"ORDER BY count DESC, {cols}", params)

    def score_changes(self, now: Filters, before: Filters, limit: int, rising: bool) -> pd.DataFrame:
        """Indicators whose score_100 changed most between two periods (``now`` and ``before``
        each select one quarter): indicator_code, fiscal_year, agency_code, names,
        score_prev, score_now. The change itself is left to the model."""
        where_now, p_now = now.where("quarter_scores")
        where_before, p_before = before.where("quarter_scores")
        direction = "DESC" if rising else "ASC"
        query = f"""
            WITH now AS (SELECT indicator_code, fiscal_year, agency_code, score_100 FROM quarter_scores{where_now}),
                 before AS (SELECT indicator_code, score_100 FROM quarter_scores{where_before}),
                 paired AS (
                     SELECT n.indicator_code, n.fiscal_year, n.agency_code,
                            b.score_100 AS score_prev, n.score_100 AS score_now
                     FROM now n JOIN before b ON b.indicator_code = n.indicator_code
                     WHERE n.score_100 IS NOT NULL AND b.score_100 IS NOT NULL
                       AND n.score_100 {'>' if rising else '<'} b.score_100
                     ORDER BY n.score_100 - b.score_100 {direction}, n.indicator_code
                     LIMIT ?)
            SELECT p.*, a.name_th, a.name_en FROM paired p
            LEFT JOIN annual_scores a ON a.indicator_code = p.indicator_code AND a.fiscal_year = p.fiscal_year
            ORDER BY p.score_now - p.score_prev {direction}, p.indicator_code"""
        return self.sql(query, [*p_now, *p_before, int(limit)])

    def search_indicators(self, text: str, limit: int = 50) -> pd.DataFrame:
        """Indicators whose code or Thai or English name contains ``text`` (case-insensitive),
        latest year first per code: indicator_code, fiscal_year, agency_code, name_th, name_en."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = """
            SELECT indicator_code, max(fiscal_year) AS fiscal_year, any_value(agency_code) AS agency_code,
                   arg_max(name_th, fiscal_year) AS name_th, arg_max(name_en, fiscal_year) AS name_en
            FROM annual_scores
            WHERE indicator_code ILIKE ? ESCAPE '\\' OR name_th ILIKE ? ESCAPE '\\' OR name_en ILIKE ? ESCAPE '\\'
            GROUP BY indicator_code ORDER BY indicator_code LIMIT ?"""
        return self.sql(query, [pattern, pattern, pattern, int(limit)])

    def distinct(self, table: str, column: str) -> list[Any]:
        """Sorted distinct non-null values of an allow-listed column (for filter choices)."""
        table = _table(table)
        col = _column(table, column)
        return [r[0] for r in self.sql(f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL ORDER BY 1").itertuples(index=False)]

    def meta(self) -> StoreVersion:
        version = self.version()
        path = self._version_dir(version) / "meta.json"
        if version.startswith("flat-") or not path.exists():
            return StoreVersion(version, None, None, {})
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoreVersion(version, data.get("written_at"), data.get("note"), data.get("rows", {}))

    # ---- writes -------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """Hold the one-writer lock; StoreLocked if another writer keeps it past ``wait_seconds``."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_seconds
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreLocked(f"another import is writing to {self.root}; try again when it has finished") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)

    def validate(self, tables: dict[str, pd.DataFrame], row_offset: int = 1) -> list[Problem]:
        """Schema faults of ``tables`` (every source table must be present)."""
        problems: list[Problem] = []
        for name in SOURCE_TABLES:
            if name not in tables and name in OPTIONAL_TABLES:
                continue
            if name not in tables:
                problems.append(Problem(name, None, None, f"ไม่มีตาราง {name}", f"table {name} is missing"))
                continue
            problems += validate_frame(name, tables[name], name, row_offset)
        return problems

    def check(self) -> list[Problem]:
        """Schema faults of the stored source tables as they are on disk (nothing coerced).
        Rows are numbered as the file shows them (a CSV's header is row 1)."""
        problems: list[Problem] = []
        with self.pinned() as version, self.cursor() as cur:
            for name in SOURCE_TABLES:
                path = self._table_file(version, name)
                if path is None and name in OPTIONAL_TABLES:
                    continue
                if path is None:
                    problems.append(Problem(name, None, None, f"ไม่มีตาราง {name}", f"table {name} is missing"))
                    continue
                raw = cur.execute(f"SELECT * FROM {_table(name)}").df()
                problems += validate_frame(name, raw, path.name, 2 if path.suffix == ".csv" else 1)
        return problems

    def write(self, tables: dict[str, pd.DataFrame], note: str = "",
              import_flags: pd.DataFrame | None = None, wait_seconds: float = 30.0,
              lock_held: bool = False) -> str:
        """Write a whole new version holding ``tables`` (all source tables) and make it current.

        ``lock_held``: the caller already holds :meth:`writer_lock` (it read the store to build
        ``tables`` and must not let another writer in between). Raises StoreInvalid (nothing
        written) when a table breaks the schema."""
        problems = self.validate(tables)
        if problems:
            raise StoreInvalid(problems)
        clean = {t: coerce_frame(t, tables[t] if t in tables else empty_frame(t)) for t in SOURCE_TABLES}
        derived = derive(clean, import_flags, self.cfg)
        frames = {**clean, **derived, IMPORT_FLAGS: _flag_frame(import_flags)}
        if lock_held:
            return self._write_version(frames, note)
        with self.writer_lock(wait_seconds):
            return self._write_version(frames, note)

    def _write_version(self, frames: dict[str, pd.DataFrame], note: str) -> str:
        self._versions_dir.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.timezone.utc)
        version = now.strftime("%Y%m%dT%H%M%S%fZ")
        tmp = self._versions_dir / f".tmp-{version}-{os.getpid()}"
        tmp.mkdir()
        try:
            rows = {}
            for name, frame in frames.items():
                sort = [c for c in _sort_keys(name) if c in frame.columns]
                if sort:
                    frame = frame.sort_values(sort, kind="stable")
                table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
                pq.write_table(table, tmp / f"{name}.parquet", row_group_size=ROW_GROUP_SIZE)
                rows[name] = len(frame)
            meta = {"version": version, "written_at": now.isoformat(timespec="seconds"),
                    "note": note, "parent": self._current_or_none(), "rows": rows}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            for p in tmp.iterdir():
                _fsync(p)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self._publish(tmp, version)

    def _current_or_none(self) -> str | None:
        try:
            return self._current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    def rollback(self, version: str, wait_seconds: float = 30.0) -> str:
        """Make a kept ``version`` current again, as a new version (hard links to its files),
        so history only grows and the swap is the same atomic rename as any write."""
        source = self._versions_dir / version
        if version.startswith(".") or "/" in version or not (source / "meta.json").is_file():
            raise KpiError(f"no kept version {version!r} in {self.root} (see: python -m kpi_model history)")
        with self.writer_lock(wait_seconds):
            return self._link_version(source, f"rollback to {version}")

    def _link_version(self, source: Path, note: str) -> str:
        now = dt.datetime.now(dt.timezone.utc)
        version = now.strftime("%Y%m%dT%H%M%S%fZ")
        tmp = self._versions_dir / f".tmp-{version}-{os.getpid()}"
        tmp.mkdir()
        try:
            for f in source.glob("*.parquet"):
                os.link(f, tmp / f.name)
            meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
            meta.update(version=version, written_at=now.isoformat(timespec="seconds"), note=note,
                        parent=self._current_or_none())
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            _fsync(tmp / "meta.json")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self._publish(tmp, version)

    def _publish(self, tmp: Path, version: str) -> str:
        """Rename a complete temporary version folder into place, then swap CURRENT to it."""
        try:
            os.replace(tmp, self._versions_dir / version)
            _fsync(self._versions_dir)
            self._swap_current(version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._prune(keep=version)
        return version

    def _swap_current(self, version: str) -> None:
        pointer = self.root / f".CURRENT.{os.getpid()}.tmp"
        pointer.write_text(version, encoding="utf-8")
        _fsync(pointer)
        os.replace(pointer, self._current_file)
        _fsync(self.root)

    def log(self, entry: dict[str, Any]) -> None:
        """Append one line to the import log (``import_log.jsonl``: who, when, which files and
        their hashes, rows added, replaced, rejected). Each line is one ``O_APPEND`` write, so
        lines never interleave; an import that writes a version logs while it still holds the
        writer lock. A torn last line (a crash mid-write) is ended first, so this line stays
        whole (the torn one is then reported as damaged, see :meth:`read_import_log`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **entry},
                          ensure_ascii=False, default=str) + "\n"
        fd = os.open(self.root / "import_log.jsonl", os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = "\n" + line
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def import_log(self) -> list[dict[str, Any]]:
        """The import log's readable lines, oldest first (see :meth:`read_import_log`)."""
        return self.read_import_log().entries

    def read_import_log(self) -> ImportLog:
        """The import log: its entries, oldest first, and the numbers of damaged lines (not
        JSON, not UTF-8, or not an object). A torn last line (no newline: a crash while it was
        written) is not counted as damaged; any other bad line is, so a damaged log is said."""
        path = self.root / "import_log.jsonl"
        if not path.exists():
            return ImportLog([], [])
        data = path.read_bytes()
        lines = data.split(b"\n")
        torn = lines.pop() if lines else b""  # after the last newline: b"" unless torn
        entries: list[dict[str, Any]] = []
        damaged: list[int] = []
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                entry = None
            if isinstance(entry, dict):
                entries.append(entry)
            else:
                damaged.append(number)
        if torn.strip():
            try:
                entry = json.loads(torn.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                entry = None
            if isinstance(entry, dict):  # whole, only its newline missing
                entries.append(entry)
        return ImportLog(entries, damaged)

    def versions(self) -> list[StoreVersion]:
        """Kept versions, newest first."""
        if not self._versions_dir.exists():
            return []
        out = []
        for d in sorted((p for p in self._versions_dir.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True):
            meta = d / "meta.json"
            data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
            out.append(StoreVersion(d.name, data.get("written_at"), data.get("note"), data.get("rows", {})))
        return out

    def _prune(self, keep: str) -> None:
        old = [v.id for v in self.versions() if v.id != keep][max(0, self.cfg.versions_kept - 1):]
        for vid in old:
            shutil.rmtree(self._versions_dir / vid, ignore_errors=True)
        for stale in self._versions_dir.glob(".tmp-*"):
            if not stale.name.endswith(f"-{os.getpid()}"):
                shutil.rmtree(stale, ignore_errors=True)


_EXTRACT_SQL = """
WITH scored AS (
    SELECT * FROM quarter_scores{where}
),
levels AS (
    SELECT indicator_code, fiscal_year,
           max(description) FILTER (WHERE level = 1) AS level_1,
           max(description) FILTER (WHERE level = 2) AS level_2,
           max(description) FILTER (WHERE level = 3) AS level_3,
           max(description) FILTER (WHERE level = 4) AS level_4,
           max(description) FILTER (WHERE level = 5) AS level_5
    FROM indicator_levels
    GROUP BY indicator_code, fiscal_year
)
SELECT s.fiscal_year, s.indicator_code, i.agency_code, g.name_th AS agency_name_th,
       g.name_en AS agency_name_en, i.name_th, i.name_en, i.indicator_type, i.result_level,
       i.unit, i.unit_th, i.direction, i.direction_source, i.accumulation, i.accumulation_source,
       i.target, i.achieved, i.max_level, i.max_level_source, i.weight,
       i.strategy_code, st.name_th AS strategy_name_th, s.quarter,
       q.quarter IS NOT NULL AS is_recorded, q.actual, q.planned_cum,
       s.direction AS direction_used, s.direction_source AS direction_used_source,
       s.accumulation AS accumulation_used, s.plan, s.plan_source,
       s.progress, s.ratio, s.score_100, s.status, s.recorded_status, q.evaluation_score, q.score_2_1,
       q.score_2_2, q.evaluator_score, q.report_th, a.ratio AS annual_ratio,
       a.score_100 AS annual_score_100, a.score_5 AS annual_score_5, a.status AS annual_status,
       i.definition, i.calculation, i.data_sources, i.supporting_projects, i.audited_quarter,
       i.source, i.other_text, l.level_1, l.level_2, l.level_3, l.level_4, l.level_5
FROM scored s
JOIN indicators i ON i.indicator_code = s.indicator_code AND i.fiscal_year = s.fiscal_year
LEFT JOIN quarterly_results q
       ON q.indicator_code = s.indicator_code AND q.fiscal_year = s.fiscal_year AND q.quarter = s.quarter
LEFT JOIN annual_scores a ON a.indicator_code = s.indicator_code AND a.fiscal_year = s.fiscal_year
LEFT JOIN agencies g ON g.agency_code = i.agency_code
LEFT JOIN strategies st ON st.strategy_code = i.strategy_code
LEFT JOIN levels l ON l.indicator_code = s.indicator_code AND l.fiscal_year = s.fiscal_year
ORDER BY s.agency_code, s.fiscal_year, s.indicator_code, s.quarter
"""


def _flag_frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    from kpi_model.derive import FLAG_COLUMNS

    cols = [c for c in FLAG_COLUMNS if c != "agency_code"]
    if frame is None or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c in ("fiscal_year", "quarter") else "string") for c in cols})
    out = frame[cols].copy()
    for c in cols:
        out[c] = out[c].astype("Int64" if c in ("fiscal_year", "quarter") else "string")
    return out


def _sort_keys(table: str) -> tuple[str, ...]:
    if table in TABLES:
        return TABLES[table].sort
    return ("agency_code", "fiscal_year", "indicator_code", "quarter")


def _table(name: str) -> str:
    if name not in ALL_TABLES:
        raise KpiError(f"unknown table {name!r}")
    return name


def _column(table: str, name: str) -> str:
    from kpi_model.derive import ANNUAL_COLUMNS, FLAG_COLUMNS, QUARTER_COLUMNS

    allowed = {"quarter_scores": QUARTER_COLUMNS, "annual_scores": ANNUAL_COLUMNS,
               "quality_flags": FLAG_COLUMNS, IMPORT_FLAGS: FLAG_COLUMNS}
    names = TABLES[table].names if table in TABLES else allowed[table]
    if name not in names:
        raise KpiError(f"unknown column {name!r} of {table}")
    return f'"{name}"'  # quoted: a few columns ("column", "table") are SQL keywords


def _groupable(name: str) -> str:
    if name not in GROUPABLE:
        raise KpiError(f"cannot group by {name!r}")
    return name


def _sql_path(path: Path) -> str:
    text = str(path.resolve())
    if "'" in text:
        raise KpiError(f"store path may not contain a quote: {text}")
    return text


def _fsync(path: Path) -> None:
    """Flush a file or a folder entry to disk (a rename is durable only once its folder is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
