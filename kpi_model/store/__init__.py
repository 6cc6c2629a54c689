"""The store: versioned folders of Parquet files, read through DuckDB. The only package with SQL.

Layout of a store folder ``data/``::

    CURRENT                      the id of the version readers see (replaced atomically)
    versions/<id>/<table>/fy<year>.parquet  per-indicator and derived tables, one file a year
    versions/<id>/<table>.parquet  agencies, strategies, settings, import flags
    versions/<id>/meta.json      when, by what, row counts
    .lock                        held by the one writer
    import_log.jsonl             who imported what, one line each

A write builds a whole new version folder, then swaps ``CURRENT``: a reader sees the old
version or the new one, never half of either, and a crash or a rejected import leaves the store
exactly as it was. The folder costs what changed: the fiscal years a write does not touch are
hard links to the parent version's files. Older versions of one file per table stay readable. A plain folder of ``<table>.parquet`` or ``<table>.csv`` files (no
``CURRENT``) is read as a store too; its derived tables are computed in memory.

Every value in a query is a bound parameter; table and column names come from allow-lists.

:class:`Store` is the one door; behind it, one module per concern::

    layout.py       folders, CURRENT, version ids, flat stores
    lock.py         the writer lock
    connections.py  per-version DuckDB connections, pins, cursors, the lock-down
    derived.py      what a write changes, checked; a flat store's derived tables
    scoring.py      the derived tables scored set-wise in SQL (queries/score/*.sql)
    build.py        a version's files: only the fiscal years a change touches, the rest linked
    publish.py      writing a version atomically, swapping CURRENT, pruning, rollback links
    shared.py       publishing versions to shared storage, and replicas pulling them whole
    audit.py        the import log
    validation.py   schema faults before a write and on disk
    names.py        the allow-lists of table and column names
    filters.py      the WHERE clause of a Filters
    queries.py      the read queries, by name, from queries/*.sql
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kpi_model.config import Settings, default_store_dir
from kpi_model.config import settings as default_settings
from kpi_model.errors import Problem
from kpi_model.filters import Filters
from kpi_model.rollup import LikeSetSums, Rollup
from kpi_model.schema import SOURCE_TABLES, TABLES, coerce_frame
from kpi_model.store import audit, derived, publish, queries, shared, validation
from kpi_model.store.audit import ImportLog
from kpi_model.store.build import LAYOUT, Change, fingerprint
from kpi_model.store.connections import Connections
from kpi_model.store.layout import ALL_TABLES, IMPORT_FLAGS, Layout, StoreVersion
from kpi_model.store.lock import writer_lock
from kpi_model.store.names import GROUPABLE
from kpi_model.trend import TrendSums

__all__ = ["ALL_TABLES", "GROUPABLE", "IMPORT_FLAGS", "Change", "Filters", "ImportLog", "Store", "StoreVersion"]

_LOG = logging.getLogger("kpi_model.store")
_EVERYTHING = Filters()  # the default of every read: nothing narrowed (a frozen value, safe to share)


class Store:
    """One store folder. Cheap to create; connections open lazily, one per version.

    A reader that runs several queries for one answer pins one version for all of them
    (:meth:`pinned`), so an import that swaps ``CURRENT`` in between cannot mix two versions.

    >>> store = Store("data")
    >>> with store.pinned():
    ...     rows = store.select("quarter_scores", Filters(agency_codes=("0402",)), limit=10)
    """

    def __init__(self, root: Path | str | None = None, cfg: Settings = default_settings):
        self._layout = Layout(Path(root) if root is not None else default_store_dir())
        self.cfg = cfg
        self._connections = Connections(self._layout, self._computed_tables, fingerprint(cfg))
        self.trace: list[tuple[str, list[Any]]] | None = None  # set to a list to record queries
        self.publish_problem: str | None = None  # the last write's failed upload (a writer's), if any

    @property
    def root(self) -> Path:
        return self._layout.root

    @property
    def _cons(self) -> dict[str, duckdb.DuckDBPyConnection]:
        """The open connections, by version (tests look at which are still open)."""
        return self._connections.cons

    def _computed_tables(self, raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame] | None:
        return derived.computed_tables(raw, self.cfg)

    # ---- versions and connections ---------------------------------------------------------
    def exists(self) -> bool:
        """True when the folder holds a store (versioned, or flat Parquet/CSV tables)."""
        return self._layout.exists()

    def partitioned(self) -> bool:
        """True when the current version keeps its per-indicator tables one file a fiscal year
        (so a write can be a change to it); False for older versions and flat folders."""
        return self._layout.layout_of(self.version()) == LAYOUT

    def scoring_stale(self) -> bool:
        """True when the current version was scored under other rules or settings than those
        in force (thresholds, the default plan, a fiscal year closed since): every reader then
        scores it again in memory (:func:`~kpi_model.store.connections.connect`), so what it
        shows is right but slower, until :meth:`rescore` stores the verdicts."""
        stored = self._layout.scoring_of(self.version())
        return stored is not None and stored != self._connections.scoring

    def rescore(self, wait_seconds: float = 30.0) -> str | None:
        """Store the verdicts of the settings in force: a new version holding the same source
        rows, scored again in full (``python -m kpi_model rescore``). None, nothing written,
        when the current version is already scored so."""
        with self.writer_lock(wait_seconds):
            if not self.exists() or not self.scoring_stale():
                return None
            note = "rescore: scored again under the settings in force"
            small = {t: self.read(t) for t in SOURCE_TABLES if t not in derived.PER_INDICATOR}
            flags = self.read(IMPORT_FLAGS)
            if not self.partitioned():
                return self.write(self.read_tables(), note, import_flags=flags, lock_held=True)
            keys = pd.DataFrame(
                {"indicator_code": pd.Series([], dtype="string"), "fiscal_year": pd.Series([], dtype="Int64")}
            )
            return self.write_change(Change({**small, IMPORT_FLAGS: flags}, {}, keys), note, lock_held=True)

    def version(self) -> str:
        """The id of the version readers see now; the dashboard keys its cache on it. Inside
        :meth:`pinned`, the pinned version."""
        return self._connections.version()

    @contextlib.contextmanager
    def pinned(self, version: str | None = None) -> Iterator[str]:
        """Every query of this thread inside the block reads ``version`` (default: the current
        one, read once), whatever ``CURRENT`` says meanwhile; yields the version. The version's
        connection stays open until the block ends. Blocks nest; the innermost pin wins."""
        with self._connections.pinned(self.version() if version is None else version) as pinned:
            yield pinned

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the current version, or on this thread's pinned one (:meth:`pinned`).

        Thread-safe: one connection per version; a connection is closed once no cursor and no
        pin uses it and its version is no longer the current one."""
        with self._connections.cursor() as cur:
            yield cur

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one of the store's queries with bound parameters; a DataFrame."""
        if self.trace is not None:
            self.trace.append((query, list(params)))
        with self.cursor() as cur:
            return cur.execute(query, list(params)).df()

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.trace is not None:
            self.trace.append((query, list(params)))
        with self.cursor() as cur:
            return cur.execute(query, list(params)).fetchall()

    def close(self) -> None:
        self._connections.close()

    def meta(self) -> StoreVersion:
        return self._layout.meta(self.version())

    def versions(self) -> list[StoreVersion]:
        """Kept versions, newest first."""
        return self._layout.versions()

    # ---- reads (the queries are in queries/*.sql) ------------------------------------------
    def read(self, table: str) -> pd.DataFrame:
        """A whole table (for import merges, checks and exports; views use filtered reads)."""
        with self.cursor() as cur:
            frame = cur.cursor().execute(queries.whole_table(table)).df()
        return coerce_frame(table, frame) if table in TABLES else frame

    def read_tables(self) -> dict[str, pd.DataFrame]:
        """Every source table, all of one version."""
        with self.pinned():
            return {t: self.read(t) for t in SOURCE_TABLES}

    def select(
        self,
        table: str,
        filters: Filters = _EVERYTHING,
        columns: Sequence[str] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Rows of ``table`` narrowed by ``filters``; only ``columns`` (allow-listed)."""
        return self.sql(*queries.select(table, filters, columns, order_by, limit))

    def rollup(self, by: Sequence[str], filters: Filters = _EVERYTHING, table: str = "quarter_scores") -> list[Rollup]:
        """Weighted mean score_100 and status shares per group (:mod:`kpi_model.rollup`);
        DuckDB adds up, :func:`kpi_model.rollup.finalise` divides."""
        return queries.rollups(self._rows(*queries.rollup(table, by, filters)), len(by))

    def like_sets(
        self, now: Filters, then: Filters, by: Sequence[str] = (), scored_only: bool = False
    ) -> list[LikeSetSums]:
        """Two selections of quarter scores (``now``, ``then``: a period each) compared on the
        indicators both hold, per group of ``by`` (the group's keys matched as well as the
        code; empty: one group): counts and sums, one :class:`~kpi_model.rollup.LikeSetSums`
        per group that shares an indicator; :func:`kpi_model.rollup.finalise` divides.
        ``scored_only``: rows without a score are left out of both periods."""
        return queries.like_sets(self._rows(*queries.like_set(now, then, by, scored_only)), len(by))

    def trend_sums(self, filters: Filters = _EVERYTHING) -> dict[tuple[int, int], TrendSums]:
        """Per (fiscal_year, quarter) of the quarter scores ``filters`` select: the computed
        sums and BMA's recorded evaluation (:class:`kpi_model.trend.TrendSums`); DuckDB adds
        up, :func:`kpi_model.trend.point` divides."""
        return queries.trend_sums(self._rows(*queries.trend(filters)))

    def extract(self, filters: Filters = _EVERYTHING, limit: int | None = None) -> pd.DataFrame:
        """The analyst's extract: one row per indicator-quarter shown (all four quarters),
        recorded columns beside computed ones, level descriptions as level_1…level_5.
        ``is_recorded`` says whether the source holds a row for that quarter."""
        return self.sql(*queries.extract(filters, limit))

    def select_named(
        self,
        table: str,
        filters: Filters = _EVERYTHING,
        columns: Sequence[str] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> pd.DataFrame:
        """:meth:`select` with the agency's Thai and English names joined (``agency_name_th``,
        ``agency_name_en``) and, for score tables, the indicator's names and unit as written."""
        return self.sql(*queries.select_named(table, filters, columns, order_by, limit))

    def count_by(self, table: str, by: Sequence[str], filters: Filters = _EVERYTHING) -> pd.DataFrame:
        """Rows per group of allow-listed columns (``count``), largest first."""
        return self.sql(*queries.count_by(table, by, filters))

    def score_movers(self, now: Filters, before: Filters, limit: int) -> pd.DataFrame:
        """The indicators whose score_100 changed most between two periods (``now`` and
        ``before`` each select one quarter), the ``limit`` largest rises and the ``limit``
        largest falls, paired in one query: indicator_code, fiscal_year, agency_code,
        score_prev, score_now, rising (True: a rise), names; rises first, each largest change
        first, ties by code. The change itself is left to the model."""
        return self.sql(*queries.score_movers(now, before, limit))

    def search_indicators(self, text: str, limit: int = 50) -> pd.DataFrame:
        """Indicators whose code or Thai or English name contains ``text`` (case-insensitive),
        latest year first per code: indicator_code, fiscal_year, agency_code, name_th, name_en."""
        return self.sql(*queries.search_indicators(text, limit))

    def distinct(self, table: str, column: str) -> list[Any]:
        """Sorted distinct non-null values of an allow-listed column (for filter choices)."""
        return [r[0] for r in self.sql(*queries.distinct(table, column)).itertuples(index=False)]

    # ---- checks -----------------------------------------------------------------------------
    def validate(self, tables: dict[str, pd.DataFrame], row_offset: int = 1) -> list[Problem]:
        """Schema faults of ``tables`` (every source table must be present)."""
        return validation.validate(tables, row_offset)

    def check(self) -> list[Problem]:
        """Schema faults of the stored source tables as they are on disk (nothing coerced).
        Rows are numbered as the file shows them (a CSV's header is row 1)."""
        with self.pinned() as version, self.cursor() as cur:
            return validation.check(self._layout, version, cur)

    # ---- writes -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """Hold the one-writer lock; StoreLocked if another writer keeps it past ``wait_seconds``."""
        with writer_lock(self._layout, wait_seconds):
            yield

    def write(
        self,
        tables: dict[str, pd.DataFrame],
        note: str = "",
        import_flags: pd.DataFrame | None = None,
        wait_seconds: float = 30.0,
        lock_held: bool = False,
    ) -> str:
        """Write a whole new version holding ``tables`` (all source tables) and make it current.

        ``lock_held``: the caller already holds :meth:`writer_lock` (it read the store to build
        ``tables`` and must not let another writer in between). Raises StoreInvalid (nothing
        written) when a table breaks the schema."""
        return self.write_change(derived.whole_change(tables, import_flags), note, wait_seconds, lock_held)

    def write_change(self, change: Change, note: str = "", wait_seconds: float = 30.0, lock_held: bool = False) -> str:
        """Write a new version that is the current one with ``change`` made (see
        :class:`~kpi_model.store.build.Change`): only the fiscal years it touches are written
        and only the indicator-years it touches scored again. Raises StoreInvalid (nothing
        written) when what it brings breaks the schema."""
        change = derived.checked_change(change) if change.keys is not None else change
        if lock_held:
            return self._published(publish.write_version(self._layout, change, note, self.cfg.versions_kept, self.cfg))
        with self.writer_lock(wait_seconds):
            return self._published(publish.write_version(self._layout, change, note, self.cfg.versions_kept, self.cfg))

    def _published(self, version: str) -> str:
        """``version``, uploaded to the shared storage first when this process is its writer
        (:mod:`kpi_model.store.shared`). An upload that fails does not undo the write (it is
        logged like any other, under the writer lock): :attr:`publish_problem` says the version
        is written here but not published and how to publish it, and a warning is logged, so
        the replicas are never left behind in silence."""
        shared_cfg = self.cfg.shared
        if shared_cfg is None or shared_cfg.role != "writer":
            return version
        try:
            shared.publish_version(self._layout, version, shared.SharedTarget(shared_cfg))
        except (shared.SharedUnreachable, OSError) as exc:
            self.publish_problem = (
                f"version {version} is written in {self.root} but not published to {shared_cfg.url} ({exc}); "
                "publish it with: python -m kpi_model publish"
            )
            _LOG.warning(self.publish_problem)
        else:
            self.publish_problem = None
        return version

    def indicator_years_of(self, codes: Sequence[str]) -> pd.DataFrame:
        """(indicator_code, fiscal_year) of every stored indicator-year whose code, as codes are
        matched (:func:`~kpi_model.importer.numbers.normalise_code`), is in ``codes``."""
        wanted = pd.DataFrame({"code_key": pd.Series(list(codes), dtype="string")})
        with self.cursor() as cur:
            cur.register("wanted_codes", wanted)
            return cur.execute(queries.indicator_years_of_codes()).df()

    def rows_of(self, table: str, keys: pd.DataFrame) -> pd.DataFrame:
        """The rows of per-indicator ``table`` whose indicator-year is in ``keys`` (columns
        ``code_key``: the code as :func:`~kpi_model.importer.numbers.normalise_code` gives it,
        and ``fiscal_year``), typed as the schema says: what an import replaces."""
        wanted = pd.DataFrame(
            {"code_key": keys["code_key"].astype("string"), "fiscal_year": keys["fiscal_year"].astype("Int64")}
        )
        with self.cursor() as cur:
            cur.register("wanted_keys", wanted)
            frame = cur.execute(queries.rows_of_keys(table)).df()
        return coerce_frame(table, frame)

    def rollback(self, version: str, wait_seconds: float = 30.0) -> str:
        """Make a kept ``version`` current again, as a new version (hard links to its files),
        so history only grows and the swap is the same atomic rename as any write."""
        source = self._layout.kept_version_dir(version)
        with self.writer_lock(wait_seconds):
            return self._published(
                publish.link_version(self._layout, source, f"rollback to {version}", self.cfg.versions_kept)
            )

    # ---- the import log -----------------------------------------------------------------------
    def log(self, entry: dict[str, Any]) -> None:
        """Append one line to the import log (``import_log.jsonl``: who, when, which files and
        their hashes, rows added, replaced, rejected). An import that writes a version logs
        while it still holds the writer lock. See :func:`kpi_model.store.audit.append`."""
        audit.append(self._layout.import_log_file, entry)

    def import_log(self) -> list[dict[str, Any]]:
        """The import log's readable lines, oldest first (see :meth:`read_import_log`)."""
        return self.read_import_log().entries

    def read_import_log(self) -> ImportLog:
        """The import log: its entries, oldest first, and the numbers of damaged lines (not
        JSON, not UTF-8, or not an object). A torn last line (no newline: a crash while it was
        written) is not counted as damaged; any other bad line is, so a damaged log is said."""
        return audit.read(self._layout.import_log_file)
