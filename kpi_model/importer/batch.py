"""One import call: read every file, merge into the store's tables, write one new version.

All files of a call land together or not at all: if any file is rejected, nothing is written
and the store stays byte for byte as it was. Re-importing an indicator-year replaces it (codes
are matched on their normalised form, ``5035-893`` = ``5035-0893``), never duplicates it.

Analysts' settings (``indicator_settings``, DESIGN §2) are a table of their own: an incoming
row replaces the stored row of the same (normalised code, fiscal year or every year) and
nothing else; a page re-imported never touches them. A setting must name an indicator (and,
when it gives a year, an indicator-year) the store holds, after this call's own rows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from kpi_model.errors import Problem
from kpi_model.importer.merge import (
    PER_INDICATOR,
    duplicates_across_files,
    incoming_keys,
    merge_flags,
    merge_problems,
    merge_tables,
)
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.reading import (
    PAGE_SUFFIXES,
    PARALLEL_FROM,
    TABLE_SUFFIXES,
    ImportResult,
    expand_paths,
    read_inputs,
)
from kpi_model.importer.settings_table import SETTINGS, settings_problems, stamp_settings
from kpi_model.reference_data import reference_tables
from kpi_model.schema import OPTIONAL_TABLES, SOURCE_TABLES, empty_frame
from kpi_model.store import Change, Store

__all__ = [
    "PAGE_SUFFIXES",
    "PARALLEL_FROM",
    "SETTINGS",
    "TABLE_SUFFIXES",
    "ImportResult",
    "expand_paths",
    "import_paths",
    "merge_tables",
    "read_inputs",
    "settings_problems",
]


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    fiscal_year: int | None = None,
    progress: Callable[[Path], None] | None = None,
    note: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    table: str | None = None,
) -> ImportResult:
    """Read, merge and write one new store version; nothing is written if anything is rejected.

    ``table``: read every file as that one table, whatever its name, and refuse anything else
    (``settings import`` passes ``indicator_settings``). Settings rows that leave ``set_by`` or
    ``set_at`` blank get this call's user and time (UTC).

    Every call that is not a dry run leaves a line in the store's import log (who, the files
    with their SHA-256, indicator-years added and replaced, settings added and replaced, the
    rejections). Each file is read once: the hash is of exactly the bytes parsed; a call that
    writes a version logs before it lets the writer lock go."""
    who = user or os.environ.get("USER") or "unknown"

    def log(result: ImportResult) -> None:
        entry = {
            "user": who,
            "files": [
                {"name": f.name, "sha256": result.hashes[str(f)]} for f in result.files if str(f) in result.hashes
            ],
            "added": result.added,
            "replaced": result.replaced,
        }
        if result.settings_added or result.settings_replaced:
            entry.update(settings_added=result.settings_added, settings_replaced=result.settings_replaced)
        store.log({**entry, "rejected": [str(p) for p in result.rejected], "version": result.version})

    return _import(store, paths, fiscal_year, progress, note, dry_run, table, who, log=None if dry_run else log)


def _import(
    store: Store,
    paths: Iterable[str | Path],
    fiscal_year: int | None,
    progress: Callable[[Path], None] | None,
    note: str | None,
    dry_run: bool,
    table: str | None = None,
    user: str = "unknown",
    log: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """``log``: writes the call's log line; for an import that reaches the store it is called
    while the writer lock is still held, so a version and its line land as one step (a
    rejection before that is logged without the lock: one append, nothing else to order)."""
    files, missing = expand_paths(paths)
    result = read_inputs(files, fiscal_year, progress, table)
    result.parts = stamp_settings(result.parts, user, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    result.rejected = missing + result.rejected
    if not files and not missing:
        result.rejected.append(Problem("-", None, None, "ไม่มีไฟล์ให้นำเข้า", "no files to import"))
    if not result.rejected:
        result.rejected += duplicates_across_files(result)
    if result.rejected:
        if log is not None:
            log(result)
        return result
    if dry_run:
        _merge_into(store, result, files, note, write=False)
        return result
    with store.writer_lock(wait_seconds=WAIT_FOR_WRITER_S):  # read, merge, write and log as one step
        _merge_into(store, result, files, note, write=True)
        if log is not None:
            log(result)
    return result


WAIT_FOR_WRITER_S = 30.0  # a second import waits this long for the first, then is refused


def _merge_into(store: Store, result: ImportResult, files: list[Path], note: str | None, write: bool) -> None:
    """Merge what was read into the store's current tables; write a version when ``write``
    (the caller then holds the writer lock, so no other import lands in between).

    Only the stored rows of the indicator-years the call brings are read and merged, and the
    new version is written as a change to them (:meth:`Store.write_change`), so an import costs
    what it changes. A store in the old one-file layout (or a flat folder) is merged whole, once."""
    if not store.exists() or not store.partitioned():
        _merge_whole(store, result, files, note, write)
        return
    wanted = incoming_keys(result)
    with store.pinned():
        current = {t: store.rows_of(t, wanted) for t in PER_INDICATOR}
        current.update({t: store.read(t) for t in SOURCE_TABLES if t not in PER_INDICATOR})
        merged, result.added, result.replaced = merge_tables(current, result)
        if any(t == SETTINGS and len(f) for _, t, f in result.parts):
            named = {normalise_code(str(c)) for c in result.frame(SETTINGS)["indicator_code"]}
            known = pd.concat(  # the stored indicator-years the settings may name, and the call's own
                [store.indicator_years_of(sorted(named)), merged["indicators"][["indicator_code", "fiscal_year"]]],
                ignore_index=True,
            )
        else:
            known = merged["indicators"]
        result.rejected += merge_problems(known, merged, result)
        if result.rejected or not write:
            return
        flags = merge_flags(store.read("import_flags"), pd.DataFrame(result.flags), result.frame("indicators"))
    replaced = pd.concat(
        [frame[["indicator_code", "fiscal_year"]] for t in PER_INDICATOR for frame in (current[t], merged[t])],
        ignore_index=True,
    ).drop_duplicates()
    settings = result.frame(SETTINGS)
    change = Change(
        small={**{t: merged[t] for t in SOURCE_TABLES if t not in PER_INDICATOR}, "import_flags": flags},
        rows={t: merged[t] for t in PER_INDICATOR},
        keys=replaced,
        settings=tuple(
            (str(c), None if pd.isna(y) else int(y))
            for c, y in zip(settings["indicator_code"], settings["fiscal_year"])
        ),
    )
    result.version = store.write_change(change, note=note or f"import {_names(files)}", lock_held=True)


def _names(files: list[Path]) -> str:
    return ", ".join(f.name for f in files[:5]) + (f" … (+{len(files) - 5})" if len(files) > 5 else "")


def _merge_whole(store: Store, result: ImportResult, files: list[Path], note: str | None, write: bool) -> None:
    """The merge of a store not yet partitioned (or not there yet): every table read, merged
    and written whole."""
    current = (
        store.read_tables()
        if store.exists()
        else {**reference_tables(), **{t: empty_frame(t) for t in (*PER_INDICATOR, *OPTIONAL_TABLES)}}
    )
    merged, result.added, result.replaced = merge_tables(current, result)
    result.rejected += merge_problems(merged["indicators"], merged, result)
    if result.rejected or not write:
        return
    old_flags = store.read("import_flags") if store.exists() else None
    flags = merge_flags(old_flags, pd.DataFrame(result.flags), result.frame("indicators"))
    result.version = store.write(merged, note=note or f"import {_names(files)}", import_flags=flags, lock_held=True)
