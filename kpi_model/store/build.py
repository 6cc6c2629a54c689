"""Building a version's files in DuckDB: the source tables, the derived ones scored set-wise
(:mod:`kpi_model.store.scoring`), each per-indicator table in one Parquet file per fiscal year
and bucket (the agencies, hashed: one bucket for a store of BMA's size, more for bigger ones).

A write names what changes (:class:`Change`). Only the partitions it touches are written; every
other partition's file is a hard link to the parent version's, and only the indicator-years it
touches are scored again, so an import costs what it changes, not what the store holds. The
whole store is scored again when the parent cannot be trusted for the rest: a parent in the
old one-file layout, scored by other rules or thresholds (``scoring`` in ``meta.json``), or a
change to the set of agency or strategy codes (every indicator's reference flags depend on it).

Everything is written into the caller's temporary folder; :mod:`kpi_model.store.publish` makes
it a version. Nothing here touches the parent's files but to read and link them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi_model.config import Settings
from kpi_model.fiscal import fiscal_year_of
from kpi_model.quality import FLAG_CODES, PLAN_TH, STATUS_TH
from kpi_model.schema import OPTIONAL_TABLES, TABLES, empty_frame
from kpi_model.store import scoring
from kpi_model.store.layout import IMPORT_FLAGS, Layout

__all__ = [
    "LAYOUT",
    "PARTITIONED",
    "PER_INDICATOR",
    "ROW_GROUP_SIZE",
    "Change",
    "buckets_for",
    "build",
    "fingerprint",
]

LAYOUT = 3  # meta.json "layout": per-indicator tables in one file per fiscal year and bucket
MAX_BUCKETS = 64
ROWS_PER_BUCKET = 100_000  # quarterly results a bucket's file holds, about
# The bucket of an indicator: its code's agency part (the digits before the first dash), hashed
# stably (md5, not DuckDB's hash, which may change between releases), so one agency's pages
# land in one file a year and an import rewrites the buckets of the agencies it brings.
_BUCKET = "(md5_number(split_part(indicator_code, '-', 1)) % ?::uhugeint)::integer"
Partition = tuple[int, int]  # (fiscal year, bucket)
ROW_GROUP_SIZE = 122_880  # DuckDB's own row-group size; it scans a Parquet file a row group per thread
PER_INDICATOR = ("indicators", "indicator_levels", "quarterly_results")
DERIVED = ("quarter_scores", "annual_scores", "quality_flags")
PARTITIONED = (*PER_INDICATOR, *DERIVED)
SMALL = ("agencies", "strategies", "indicator_settings", "peer_groups", IMPORT_FLAGS)
_KEY = ("indicator_code", "fiscal_year")
_EMPTY_PARTITION = "empty.parquet"  # a partitioned table with no rows still has a file (its schema)
_SORT = {
    **{t: TABLES[t].sort for t in TABLES},
    "quarter_scores": ("agency_code", "fiscal_year", "indicator_code", "quarter"),
    "annual_scores": ("agency_code", "fiscal_year", "indicator_code"),
    "quality_flags": ("agency_code", "fiscal_year", "indicator_code", "code"),
    IMPORT_FLAGS: ("fiscal_year", "indicator_code", "code"),
}
_SQL_TYPES = {"text": "varchar", "int": "bigint", "float": "double"}
_MEMORY_LIMIT = "4GB"  # DuckDB spills past this; the build's peak stays near it whatever the store's size


@dataclass(frozen=True)
class Change:
    """What a new version changes, against its parent.

    ``small``: the whole new agencies, strategies, indicator_settings and import_flags tables
    (they are small). ``rows``: for each per-indicator table, every row the indicator-years of
    ``keys`` now have; with ``keys`` None, ``rows`` are the whole tables (a full write).
    ``settings``: the (indicator code, fiscal year or None) of settings rows added, replaced or
    removed, whose indicators are scored again."""

    small: dict[str, pd.DataFrame]
    rows: dict[str, pd.DataFrame]
    keys: pd.DataFrame | None = None
    settings: tuple[tuple[str, int | None], ...] = ()


def fingerprint(cfg: Settings) -> str:
    """What the derived tables depend on besides the data: the scoring SQL, the thresholds and
    the flag words. A parent scored under another fingerprint is scored again in full."""
    digest = hashlib.sha256()
    folder = resources.files("kpi_model.store") / "queries" / "score"
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql")):
        digest.update((folder / name).read_bytes())
    words = [
        cfg.met_ratio,
        cfg.on_track_ratio,
        list(cfg.default_plan),
        cfg.far_above_ratio,
        FLAG_CODES,
        STATUS_TH,
        PLAN_TH,
        fiscal_year_of(cfg.judged_on()),  # the years closed by then (annual met / not met)
    ]
    digest.update(json.dumps(words, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


def build(layout: Layout, tmp: Path, parent: str | None, change: Change, cfg: Settings) -> tuple[dict[str, int], int]:
    """Write every table of the new version into ``tmp``; the row count of each, and the
    number of buckets a year's files are cut into."""
    with tempfile.TemporaryDirectory(prefix="kpi-build-") as spill:
        con = duckdb.connect(config={"threads": 2, "memory_limit": _MEMORY_LIMIT, "temp_directory": spill})
        con.execute("set enable_progress_bar = false")  # a build prints nothing of its own
        try:
            work = _Build(con, layout, tmp, parent, change, cfg)
            return work.run(), work.buckets
        finally:
            con.close()


class _Build:
    """One build: the inputs as DuckDB relations, then each fiscal year scored and written in
    turn, so memory holds one year's scoring at a time."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        layout: Layout,
        tmp: Path,
        parent: str | None,
        change: Change,
        cfg: Settings,
    ):
        self.con, self.layout, self.tmp, self.change, self.cfg = con, layout, tmp, change, cfg
        self.parent = parent
        usable = parent is not None and change.keys is not None and layout.layout_of(parent) == LAYOUT
        self.incremental = usable and layout.scoring_of(parent) == fingerprint(cfg)  # type: ignore[arg-type]
        self.link_sources = usable
        self.buckets = layout.buckets_of(parent) if usable and parent is not None else 0  # 0: chosen in run()

    def run(self) -> dict[str, int]:
        scoring.setup(self.con, self.cfg)
        for table in SMALL:
            self._register(f"new_{table}", self.change.small.get(table), table, materialise=True)
        for table in PER_INDICATOR:
            self._register(f"new_{table}", self.change.rows.get(table), table, materialise=False)
            self._final_source(table)
        if self.incremental and self._codes_changed():
            self.incremental = False
        self._touched()
        for name, table in (
            ("src_settings", "indicator_settings"),
            ("src_agencies", "agencies"),
            ("src_strategies", "strategies"),
            ("src_import_flags", IMPORT_FLAGS),
        ):
            self.con.execute(f"create or replace temp view {name} as select * from new_{table}")
        if not self.buckets:
            ((n, years),) = self.con.execute(
                "select count(*), count(distinct fiscal_year) from final_quarterly_results"
            ).fetchall()
            self.buckets = buckets_for(n / max(1, years))
        rows = {table: self._write_small(table) for table in SMALL}
        for table in PER_INDICATOR:
            rows[table] = self._write_sources(table)
        rows.update(self._score_and_write())
        return rows

    # ---- inputs ---------------------------------------------------------------------------
    def _register(self, name: str, frame: pd.DataFrame | None, table: str, materialise: bool) -> None:
        """``name``: the frame as a relation of the table's columns, each cast to its stored
        type; copied into DuckDB when ``materialise`` (small tables, read many times), else a
        view over the frame's Arrow columns (no copy of the big ones)."""
        if frame is None:
            frame = scoring.empty_input(table) if table == IMPORT_FLAGS else empty_frame(table)
        self.con.register(f"{name}_frame", pa.Table.from_pandas(frame, preserve_index=False))
        kind = "table" if materialise else "view"
        self.con.execute(f"create or replace temp {kind} {name} as select {_typed_columns(table)} from {name}_frame")
        if materialise:
            self.con.unregister(f"{name}_frame")

    def _parent_files(self, table: str) -> list[Path]:
        if self.parent is None:
            return []
        return [p for p in self.layout.table_files(self.parent, table) if p.name != _EMPTY_PARTITION]

    def _parquet(self, files: list[Path], empty: str) -> str:
        """A FROM item over ``files``, or the relation ``empty`` with no rows when there are none."""
        if not files:
            return f"(select * from {empty} limit 0)"
        return "read_parquet([" + ", ".join(f"'{_sql_path(p)}'" for p in files) + "])"

    def _final_source(self, table: str) -> None:
        """``final_<table>``: the parent's rows of the indicator-years not changed, and the new ones."""
        if self.change.keys is None or self.parent is None:
            self.con.execute(f"create or replace temp view final_{table} as select * from new_{table}")
            return
        if table == PER_INDICATOR[0]:
            self.con.register("change_keys_frame", self.change.keys[list(_KEY)])
            self.con.execute(
                "create or replace temp table change_keys as"
                " select distinct indicator_code::varchar as indicator_code, fiscal_year::bigint as fiscal_year"
                " from change_keys_frame"
            )
        old = self._parquet(self._parent_files(table), f"new_{table}")
        self.con.execute(
            f"create or replace temp view final_{table} as"
            f" select {_typed_columns(table)} from {old} anti join change_keys using (indicator_code, fiscal_year)"
            f" union all by name select * from new_{table}"
        )

    def _codes_changed(self) -> bool:
        """The set of agency or strategy codes differs from the parent's (reference flags move)."""
        assert self.parent is not None
        for table, column in (("agencies", "agency_code"), ("strategies", "strategy_code")):
            files = self.layout.table_files(self.parent, table)
            if not files:
                return True
            old = self._parquet(files, f"new_{table}")
            ((different,),) = self.con.execute(
                f"select count(*) from ((select {column} from {old} except select {column} from new_{table})"
                f" union all (select {column} from new_{table} except select {column} from {old}))"
            ).fetchall()
            if different:
                return True
        return False

    def _touched(self) -> None:
        """``touched``: the indicator-years scored again, when the build is incremental: those
        the change replaces and those a changed setting names (its year, or every year)."""
        if not self.incremental:
            return
        settings = pd.DataFrame(list(self.change.settings), columns=["code", "fiscal_year"]).astype(
            {"code": "string", "fiscal_year": "Int64"}
        )
        self.con.register("changed_settings", settings)
        self.con.execute(
            "create or replace temp table touched as"
            " select indicator_code, fiscal_year from change_keys"
            " union"
            " select i.indicator_code, i.fiscal_year"
            " from (select distinct indicator_code, fiscal_year from final_indicators) as i"
            " join changed_settings as s on score_code_sign(i.indicator_code) = score_code_sign(s.code)"
            " and (s.fiscal_year is null or s.fiscal_year = i.fiscal_year)"
            " where score_code(i.indicator_code) = score_code(s.code)"
        )

    # ---- writing --------------------------------------------------------------------------
    def _write_small(self, table: str) -> int:
        order = ", ".join(_SORT[table])
        return _copy(self.con, f"select * from new_{table} order by {order}", [], self.tmp / f"{table}.parquet")

    def _partitions(self, query: str) -> list[Partition]:
        """The (fiscal year, bucket) of the indicator-years ``query`` returns (its columns:
        indicator_code, fiscal_year)."""
        rows = self.con.execute(
            f"select distinct fiscal_year, {_BUCKET} from ({query}) where fiscal_year is not null", [self.buckets]
        ).fetchall()
        return sorted((int(y), int(b)) for y, b in rows)

    def _link_others(self, table: str, written: set[Partition]) -> int:
        """Hard-link the parent's files of ``table`` for every partition not in ``written``; their rows."""
        folder = self.tmp / table
        folder.mkdir()
        total = 0
        for f in self._parent_files(table):
            if _partition_of(f) not in written:
                os.link(f, folder / f.name)
                total += pq.ParquetFile(f).metadata.num_rows
        return total

    def _write_sources(self, table: str) -> int:
        """A source table, one file a partition: those the change touches written, the rest
        linked (all written when nothing can be linked)."""
        relation = f"final_{table}"
        if self.link_sources:
            parts = self._partitions("select indicator_code, fiscal_year from change_keys")
            total = self._link_others(table, set(parts))
        else:
            parts = self._partitions(f"select indicator_code, fiscal_year from {relation}")
            total = 0
            (self.tmp / table).mkdir()
        for year in sorted({y for y, _ in parts}):
            buckets = [b for y, b in parts if y == year]
            if self.link_sources:  # only the parent's files of these partitions, not the year's
                files = [f for f in self._parent_files(table) if _partition_of(f) in {(year, b) for b in buckets}]
                rows = (
                    f"(select {_typed_columns(table)} from {self._parquet(files, f'new_{table}')}"
                    " anti join change_keys using (indicator_code, fiscal_year)"
                    f" union all by name select * from new_{table} where fiscal_year = ?)"
                )
            else:
                rows = f"(select * from {relation} where fiscal_year = ?)"
            total += self._write_year(table, rows, [year], year, buckets)
        self._no_empty_folder(table, relation)
        return total

    def _write_year(self, table: str, relation: str, params: list, year: int, buckets: list[int]) -> int:
        """The files of ``buckets`` of ``year`` from ``relation`` (that year's rows): sorted
        once, by bucket first, then each bucket's rows copied out in order."""
        order = ", ".join(_SORT[table])
        self.con.execute(
            f"create or replace temp table year_part as select *, {_BUCKET} as bucket_ from {relation}"
            f" order by bucket_, {order}",
            [self.buckets, *params],
        )
        total = 0
        for bucket in buckets:
            query = "select * exclude (bucket_) from year_part where bucket_ = ?"
            total += self._copy_part(table, query, [bucket], (year, bucket))
        self.con.execute("drop table year_part")
        return total

    def _score_and_write(self) -> dict[str, int]:
        """Each fiscal year to score: its indicator-years scored (all of them, or the touched
        ones over the parent's other rows) and the three derived tables' files of that year's
        partitions written; every other partition linked."""
        if self.incremental:
            parts = self._partitions("select indicator_code, fiscal_year from touched")
            totals = {t: self._link_others(t, set(parts)) for t in DERIVED}
        else:
            parts = self._partitions("select indicator_code, fiscal_year from final_indicators")
            totals = dict.fromkeys(DERIVED, 0)
            for t in DERIVED:
                (self.tmp / t).mkdir()
        years = sorted({y for y, _ in parts})
        for year in years:
            self._scope(year, [b for y, b in parts if y == year])
            scoring.score(self.con, self.cfg, setup_first=False)
            buckets = [b for y, b in parts if y == year]
            for table in DERIVED:
                scored = f"({scoring.output_query(table)})"
                relation = scored
                if self.incremental:
                    files = [f for f in self._parent_files(table) if _partition_of(f) in {(year, b) for b in buckets}]
                    relation = (
                        f"(select * from {self._parquet(files, scored)}"
                        " anti join touched using (indicator_code, fiscal_year)"
                        f" union all by name select * from {scored})"
                    )
                totals[table] += self._write_year(table, relation, [], year, buckets)
        if not years:  # nothing scored: the empty tables still need the scoring's columns
            self._scope(None, [])
            scoring.score(self.con, self.cfg, setup_first=False)
        for table in DERIVED:
            self._no_empty_folder(table, f"({scoring.output_query(table)})")
        return totals

    def _scope(self, year: int | None, buckets: list[int]) -> None:
        """``src_indicators``, ``src_results``, ``src_levels``: the rows of ``year``'s
        ``buckets`` to score (none for None)."""
        touched = " semi join touched using (indicator_code, fiscal_year)" if self.incremental else ""
        for table, name in (
            ("indicators", "src_indicators"),
            ("quarterly_results", "src_results"),
            ("indicator_levels", "src_levels"),
        ):
            # the partitions' files of the new version, written or linked just before
            paths = [p for b in buckets if (p := self.tmp / table / _file_name((year or 0, b))).exists()]
            rows = self._parquet(paths, f"new_{table}")
            self.con.execute(f"create or replace temp table {name} as select * from {rows}{touched}")

    def _copy_part(self, table: str, query: str, params: list, part: Partition) -> int:
        path = self.tmp / table / _file_name(part)
        n = _copy(self.con, query, params, path)
        if n == 0:
            path.unlink()
        return n

    def _no_empty_folder(self, table: str, relation: str) -> None:
        """A table with no rows still has one (empty) file, which carries its columns."""
        folder = self.tmp / table
        if not any(folder.iterdir()):
            _copy(self.con, f"select * from {relation} limit 0", [], folder / _EMPTY_PARTITION)


def _copy(con: duckdb.DuckDBPyConnection, query: str, params: list, path: Path) -> int:
    """Write ``query``'s rows, in its order, to one Parquet file (DuckDB's own writer, a row
    group per ROW_GROUP_SIZE rows); the number of rows."""
    statement = (
        f"copy ({query}) to '{_sql_path(path)}' (format parquet, compression zstd, row_group_size {ROW_GROUP_SIZE})"
    )
    ((n,),) = con.execute(statement, params).fetchall()
    return int(n)


def _file_name(part: Partition) -> str:
    return f"fy{part[0]}-{part[1]:02d}.parquet"


def _partition_of(path: Path) -> Partition | None:
    """(fiscal year, bucket) from a partition's file name, ``fy2567-03.parquet``."""
    year, _, bucket = path.stem.removeprefix("fy").partition("-")
    return (int(year), int(bucket)) if year.isdigit() and bucket.isdigit() else None


def buckets_for(rows_per_year: float) -> int:
    """Buckets a year's files are cut into: a power of two that keeps each near
    ROWS_PER_BUCKET quarterly results (1 for a store of BMA's size), at most MAX_BUCKETS."""
    buckets = 1
    while buckets < MAX_BUCKETS and rows_per_year / buckets > ROWS_PER_BUCKET:
        buckets *= 2
    return buckets


def _typed_columns(table: str) -> str:
    """The table's columns in the store's order, each cast to its stored type."""
    if table == IMPORT_FLAGS:
        cols = [c for c in scoring.FLAG_COLUMNS if c != "agency_code"]
        return ", ".join(f'"{c}"::{"bigint" if c in ("fiscal_year", "quarter") else "varchar"} as "{c}"' for c in cols)
    return ", ".join(f'"{c.name}"::{_SQL_TYPES[c.kind]} as "{c.name}"' for c in TABLES[table].columns)


def _sql_path(path: Path) -> str:
    text = str(path.resolve())
    if "'" in text:
        raise ValueError(f"store path may not contain a quote: {text}")
    return text


assert set(SMALL) - {IMPORT_FLAGS} | set(PER_INDICATOR) == set(TABLES) and set(OPTIONAL_TABLES) <= set(SMALL)
