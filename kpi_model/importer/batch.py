"""One import call: read every file, merge into the store's tables, write one new version.

All files of a call land together or not at all: if any file is rejected, nothing is written
and the store stays byte for byte as it was. Re-importing an indicator-year replaces it (codes
are matched on their normalised form, ``5035-893`` = ``5035-0893``), never duplicates it.
"""

from __future__ import annotations

import glob
from concurrent.futures import ProcessPoolExecutor
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from kpi_model.demo import reference_tables
from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.detail_page import read_detail_page
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.tables import read_table_file
from kpi_model.quality import flag_record
from kpi_model.schema import SOURCE_TABLES, coerce_frame, empty_frame, validate_frame
from kpi_model.store import Store

__all__ = ["PAGE_SUFFIXES", "TABLE_SUFFIXES", "ImportResult", "expand_paths", "read_inputs",
           "merge_tables", "import_paths"]

PAGE_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
_PER_INDICATOR = ("indicators", "indicator_levels", "quarterly_results")


@dataclass
class ImportResult:
    """What one call read: the rows it brings, per table, and every rejection."""

    files: list[Path] = field(default_factory=list)
    parts: list[tuple[str, str, pd.DataFrame]] = field(default_factory=list)  # (file, table, rows)
    page_rows: dict[str, list[dict]] = field(default_factory=dict)  # rows of pages, per table
    flags: list[dict] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    added: int = 0
    replaced: int = 0
    version: str | None = None

    def frame(self, table: str) -> pd.DataFrame:
        parts = [f for _, t, f in self.parts if t == table and len(f)]
        if self.page_rows.get(table):
            parts.append(pd.DataFrame(self.page_rows[table]))
        return coerce_frame(table, pd.concat(parts, ignore_index=True)) if parts else empty_frame(table)


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Folders (every page, CSV and XLSX inside, recursively) and globs → files, sorted."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES + TABLE_SUFFIXES)
        elif p.exists():
            files.append(p)
        elif any(ch in str(raw) for ch in "*?["):
            files += sorted(Path(m) for m in glob.glob(str(raw), recursive=True) if Path(m).is_file())
        else:
            problems.append(Problem(str(raw), None, None, "ไม่พบไฟล์", "file not found"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, problems


PARALLEL_FROM = 64  # pages; fewer are parsed in this process (a worker pool costs ~0.2 s to start)


def _read_one(path: Path, fiscal_year: int | None) -> tuple[str, Any]:
    """One file → ("tables", {table: frame}) | ("page", ParsedPage) | ("rejected", [Problem])."""
    try:
        if path.suffix.lower() in TABLE_SUFFIXES:
            return "tables", read_table_file(path)
        return "page", read_detail_page(path, fiscal_year)
    except ImportRejected as exc:
        return "rejected", [p if p.file else Problem(str(path), p.row, p.column, p.message_th, p.message_en)
                            for p in exc.problems]


def read_inputs(files: list[Path], fiscal_year: int | None = None,
                progress: Callable[[Path], None] | None = None) -> ImportResult:
    """Read each file (pages by the page parser, spreadsheets by the table reader); many
    pages are parsed by a pool of processes, one per core, in the files' order."""
    result = ImportResult(files=list(files))
    workers = min(4, os.cpu_count() or 1)
    if len(files) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = pool.map(_read_one, files, [fiscal_year] * len(files), chunksize=16)
            _gather(result, files, outcomes, progress)
    else:
        _gather(result, files, (_read_one(f, fiscal_year) for f in files), progress)
    return result


def _gather(result: ImportResult, files: list[Path], outcomes: Iterable[tuple[str, Any]],
            progress: Callable[[Path], None] | None) -> None:
    rows = result.page_rows
    for path, (kind, payload) in zip(files, outcomes):
        if kind == "tables":
            result.parts += [(path.name, t, f) for t, f in payload.items()]
        elif kind == "page":
            rows.setdefault("indicators", []).append({**payload.indicator, "_file": path.name})
            rows.setdefault("indicator_levels", []).extend(payload.levels)
            rows.setdefault("quarterly_results", []).extend(payload.quarters)
            rows.setdefault("strategies", []).extend(payload.strategies)
            result.flags += [flag_record(f) for f in payload.flags]
        else:
            result.rejected += payload
        if progress:
            progress(path)


def _keys(frame: pd.DataFrame) -> pd.Series:
    return pd.Series([(normalise_code(str(c)), int(y)) for c, y in zip(frame["indicator_code"], frame["fiscal_year"])],
                     index=frame.index, dtype=object)


def merge_tables(current: dict[str, pd.DataFrame], incoming: ImportResult) -> tuple[dict[str, pd.DataFrame], int, int]:
    """(merged tables, indicator-years added, indicator-years replaced).

    Per-indicator tables: the incoming rows of an indicator-year replace that indicator-year's
    rows of the same table. Agencies and strategies: incoming rows replace the same code, except
    that a strategy named only by a page never overwrites the tree's own name."""
    merged = dict(current)
    before = set(_keys(current["indicators"])) if len(current["indicators"]) else set()
    for table in _PER_INDICATOR:
        new = incoming.frame(table)
        if not len(new):
            continue
        old = current[table]
        drop = _keys(old).isin(set(_keys(new))) if len(old) else pd.Series([], dtype=bool)
        merged[table] = coerce_frame(table, pd.concat([old[~drop], new], ignore_index=True))
    for table, key in (("agencies", "agency_code"), ("strategies", "strategy_code")):
        new = incoming.frame(table)
        if not len(new):
            continue
        old = current[table]
        if table == "strategies":
            new = new[~new[key].isin(set(old[key]))]  # pages give names cut short; the tree wins
        new = new.drop_duplicates(key, keep="last")
        merged[table] = coerce_frame(table, pd.concat([old[~old[key].isin(set(new[key]))], new], ignore_index=True))
    after = set(_keys(incoming.frame("indicators")))
    return merged, len(after - before), len(after & before)


def _duplicates_across_files(result: ImportResult) -> list[Problem]:
    """The same indicator-year in two files of one call is ambiguous: which one wins?"""
    problems = []
    seen: dict[tuple, str] = {}
    owned: list[tuple[str, tuple]] = [
        (path, key) for path, table, frame in result.parts if table == "indicators" and len(frame)
        for key in _keys(frame)]
    owned += [(row["_file"], (normalise_code(str(row["indicator_code"])), int(row["fiscal_year"])))
              for row in result.page_rows.get("indicators", [])]
    for path, key in owned:
        if key in seen and seen[key] != path:
            problems.append(Problem(path, None, "indicator_code,fiscal_year",
                                    f"ตัวชี้วัด {key[0]} ปี {key[1]} อยู่ในไฟล์ {seen[key]} ด้วย",
                                    f"indicator {key[0]} FY {key[1]} is also in {seen[key]}"))
        seen.setdefault(key, path)
    return problems


def import_paths(store: Store, paths: Iterable[str | Path], fiscal_year: int | None = None,
                 progress: Callable[[Path], None] | None = None, note: str | None = None,
                 dry_run: bool = False, user: str | None = None) -> ImportResult:
    """Read, merge and write one new store version; nothing is written if anything is rejected.

    Every call that is not a dry run leaves a line in the store's import log (who, the files
    with their SHA-256, indicator-years added and replaced, the rejections)."""
    result = _import(store, paths, fiscal_year, progress, note, dry_run)
    if not dry_run:
        store.log({"user": user or os.environ.get("USER") or "unknown",
                   "files": [{"name": f.name, "sha256": _sha256(f)} for f in result.files if f.is_file()],
                   "added": result.added, "replaced": result.replaced,
                   "rejected": [str(p) for p in result.rejected], "version": result.version})
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _import(store: Store, paths: Iterable[str | Path], fiscal_year: int | None,
            progress: Callable[[Path], None] | None, note: str | None, dry_run: bool) -> ImportResult:
    files, missing = expand_paths(paths)
    result = read_inputs(files, fiscal_year, progress)
    result.rejected = missing + result.rejected
    if not files and not missing:
        result.rejected.append(Problem("-", None, None, "ไม่มีไฟล์ให้นำเข้า", "no files to import"))
    if not result.rejected:
        result.rejected += _duplicates_across_files(result)
    if result.rejected:
        return result
    if dry_run:
        _merge_into(store, result, files, note, write=False)
        return result
    with store.writer_lock(wait_seconds=WAIT_FOR_WRITER_S):  # read, merge and write as one step
        _merge_into(store, result, files, note, write=True)
    return result


WAIT_FOR_WRITER_S = 30.0  # a second import waits this long for the first, then is refused


def _merge_into(store: Store, result: ImportResult, files: list[Path], note: str | None, write: bool) -> None:
    """Merge what was read into the store's current tables; write a version when ``write``
    (the caller then holds the writer lock, so no other import lands in between)."""
    current = store.read_tables() if store.exists() else {**reference_tables(),
                                                          **{t: empty_frame(t) for t in (*_PER_INDICATOR, "indicator_settings")}}
    merged, result.added, result.replaced = merge_tables(current, result)
    problems = [p for t in SOURCE_TABLES for p in validate_frame(t, merged[t], t)]
    if problems:
        result.rejected += problems
        return
    if not write:
        return
    old_flags = store.read("import_flags") if store.exists() else None
    flags = _merge_flags(old_flags, pd.DataFrame(result.flags), result.frame("indicators"))
    names = ", ".join(f.name for f in files[:5]) + (f" … (+{len(files) - 5})" if len(files) > 5 else "")
    result.version = store.write(merged, note=note or f"import {names}", import_flags=flags, lock_held=True)


def _merge_flags(old: pd.DataFrame | None, new: pd.DataFrame, replaced: pd.DataFrame) -> pd.DataFrame:
    """Import flags (page cut short) of replaced indicator-years go; the new ones come."""
    frames = []
    if old is not None and len(old):
        frames.append(old[~_keys(old).isin(set(_keys(replaced)))])
    if len(new):
        frames.append(new)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
