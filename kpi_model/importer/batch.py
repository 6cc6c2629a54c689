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

import ctypes
import datetime as dt
import glob
import hashlib
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.detail_page import _decode as _decode_page
from kpi_model.importer.detail_page import parse_detail_page
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.peer_groups import peer_group_problems
from kpi_model.importer.settings_table import (
    SETTINGS,
    merge_settings,
    read_only_table,
    settings_problems,
    stamp_settings,
)
from kpi_model.importer.tables import read_table_file
from kpi_model.quality import flag_record, make_flag
from kpi_model.reference_data import reference_tables
from kpi_model.schema import OPTIONAL_TABLES, SOURCE_TABLES, TABLES, coerce_frame, empty_frame, validate_frame
from kpi_model.store import Change, Store

__all__ = [
    "PAGE_SUFFIXES",
    "SETTINGS",
    "TABLE_SUFFIXES",
    "ImportResult",
    "expand_paths",
    "import_paths",
    "merge_tables",
    "read_inputs",
    "settings_problems",
]

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
    settings_added: int = 0  # analysts' settings rows new to the store
    settings_replaced: int = 0  # … and replacing a stored row of the same key
    version: str | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # file → SHA-256 of the bytes read

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
            files += sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES + TABLE_SUFFIXES
            )
        elif p.exists():
            files.append(p)
        elif any(ch in str(raw) for ch in "*?["):
            files += sorted(Path(m) for m in glob.glob(str(raw), recursive=True) if Path(m).is_file())
        else:
            problems.append(Problem(str(raw), None, None, "ไม่พบไฟล์", "file not found"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, problems


PARALLEL_FROM = 64  # pages; fewer are parsed in this process (a worker pool costs ~0.2 s to start)


def _read_one(path: Path, fiscal_year: int | None, table: str | None = None) -> tuple[str, Any, str | None]:
    """One file → ("tables", {table: frame}) | ("page", ParsedPage) | ("rejected", [Problem]),
    and the SHA-256 of its bytes: the file is read once, and those bytes are hashed and parsed.

    ``table``: the file must hold that table and nothing else (``settings import``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return (
            "rejected",
            [
                Problem(
                    path.name or str(path),
                    None,
                    None,
                    f"อ่านไฟล์ไม่ได้: {exc.strerror or exc}",
                    f"cannot read the file: {exc.strerror or exc}",
                )
            ],
            None,
        )
    digest = hashlib.sha256(data).hexdigest()
    try:
        if table is not None:  # read by path: refused below if the file changed meanwhile
            tables = read_only_table(path, table, TABLE_SUFFIXES)
            if _sha256(path) != digest:
                raise ImportRejected(
                    [
                        Problem(
                            path.name, None, None, "ไฟล์ถูกแก้ไขระหว่างที่กำลังอ่าน", "the file changed while it was being read"
                        )
                    ]
                )
            return "tables", tables, digest
        if path.suffix.lower() in TABLE_SUFFIXES:
            return "tables", read_table_file(path, data=data), digest
        name = path.name or str(path)
        return "page", parse_detail_page(_decode_page(data, name), name, fiscal_year), digest
    except ImportRejected as exc:
        return (
            "rejected",
            [p if p.file else Problem(str(path), p.row, p.column, p.message_th, p.message_en) for p in exc.problems],
            digest,
        )


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _end_with_parent(parent: int) -> None:
    """A pool worker's first step: end when the importer that started it ends, a SIGKILL
    included (else the worker sleeps on, a child of init, for ever). On Linux the kernel sends
    the worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon
    thread also checks twice a second that the parent is still the one that started it."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends the worker
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def read_inputs(
    files: list[Path],
    fiscal_year: int | None = None,
    progress: Callable[[Path], None] | None = None,
    table: str | None = None,
) -> ImportResult:
    """Read each file (pages by the page parser, spreadsheets by the table reader); many
    pages are parsed by a pool of processes, one per core, in the files' order. ``table``:
    every file is read as that one table (see :func:`import_paths`). The pool's workers end
    when this process ends, however it ends (:func:`_end_with_parent`)."""
    result = ImportResult(files=list(files))
    workers = min(4, os.cpu_count() or 1)
    if len(files) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
            outcomes = pool.map(_read_one, files, [fiscal_year] * len(files), [table] * len(files), chunksize=16)
            _gather(result, files, outcomes, progress)
    else:
        _gather(result, files, (_read_one(f, fiscal_year, table) for f in files), progress)
    return result


def _gather(
    result: ImportResult,
    files: list[Path],
    outcomes: Iterable[tuple[str, Any, str | None]],
    progress: Callable[[Path], None] | None,
) -> None:
    rows = result.page_rows
    for path, (kind, payload, digest) in zip(files, outcomes):
        if digest is not None:
            result.hashes[str(path)] = digest
        if kind == "tables":
            result.parts += [(path.name, t, f) for t, f in payload.items()]
        elif kind == "page":
            rows.setdefault("indicators", []).append({**payload.indicator, "_file": path.name})
            rows.setdefault("indicator_levels", []).extend(payload.levels)
            rows.setdefault("quarterly_results", []).extend(payload.quarters)
            owner = {
                "_indicator_code": payload.indicator["indicator_code"],
                "_fiscal_year": payload.indicator["fiscal_year"],
            }
            rows.setdefault("strategies", []).extend({**s, **owner} for s in payload.strategies)
            result.flags += [flag_record(f) for f in payload.flags]
        else:
            result.rejected += payload
        if progress:
            progress(path)


def _keys(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [(normalise_code(str(c)), int(y)) for c, y in zip(frame["indicator_code"], frame["fiscal_year"])],
        index=frame.index,
        dtype=object,
    )


def merge_tables(current: dict[str, pd.DataFrame], incoming: ImportResult) -> tuple[dict[str, pd.DataFrame], int, int]:
    """(merged tables, indicator-years added, indicator-years replaced).

    Per-indicator tables: the incoming rows of an indicator-year replace that indicator-year's
    rows of the same table. Agencies, strategies and peer groups from tables (CSV, XLSX):
    incoming rows replace the same code. Strategy names printed on pages are BMA's own and win over the
    tree, each difference flagged (``strategy_name_differs``, added to ``incoming.flags``);
    see :func:`_merge_page_strategies`. Settings: an incoming row replaces the stored row of
    the same (normalised code, year or every year), nothing else; ``incoming.settings_added``
    and ``settings_replaced`` count them (:mod:`kpi_model.importer.settings_table`)."""
    merged = dict(current)
    settings = incoming.frame(SETTINGS)  # analysts' settings: same key replaced, nothing else
    if len(settings):
        merged[SETTINGS], incoming.settings_added, incoming.settings_replaced = merge_settings(
            current.get(SETTINGS), settings
        )
    before = set(_keys(current["indicators"])) if len(current["indicators"]) else set()
    for table in _PER_INDICATOR:
        new = incoming.frame(table)
        if not len(new):
            continue
        old = current[table]
        drop = _keys(old).isin(set(_keys(new))) if len(old) else pd.Series([], dtype=bool)
        merged[table] = coerce_frame(table, pd.concat([old[~drop], new], ignore_index=True))
    for table, key in (("agencies", "agency_code"), ("strategies", "strategy_code"), ("peer_groups", "agency_code")):
        new = _table_rows(incoming, table)
        if not len(new):
            continue
        old = merged[table] if table in merged else empty_frame(table)
        new = new.drop_duplicates(key, keep="last")
        merged[table] = coerce_frame(table, pd.concat([old[~old[key].isin(set(new[key]))], new], ignore_index=True))
    given = set(_table_rows(incoming, "strategies")["strategy_code"].dropna())
    merged["strategies"], flags = _merge_page_strategies(
        merged["strategies"], incoming.page_rows.get("strategies", []), given
    )
    incoming.flags = [f for f in incoming.flags if f.get("code") != "strategy_name_differs"] + flags
    after = set(_keys(incoming.frame("indicators")))
    return merged, len(after - before), len(after & before)


def _table_rows(incoming: ImportResult, table: str) -> pd.DataFrame:
    """The rows of ``table`` that came from tables (CSV, XLSX), not from pages."""
    parts = [f for _, t, f in incoming.parts if t == table and len(f)]
    return coerce_frame(table, pd.concat(parts, ignore_index=True)) if parts else empty_frame(table)


def _same_name(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _norm(name: object) -> str:
    """A name without its spaces: Thai writes words together and pages space phrases freely."""
    return re.sub(r"\s+", "", str(name)) if name is not None and name is not pd.NA else ""


def _cut_from(short: str, full: str) -> bool:
    """``short`` is ``full`` cut off by a copy: a proper prefix of it (spaces aside)."""
    s, f = _norm(short), _norm(full)
    return bool(s) and len(s) < len(f) and f.startswith(s)


def _merge_page_strategies(
    tree: pd.DataFrame, page_rows: list[dict], given: set[str]
) -> tuple[pd.DataFrame, list[dict]]:
    """The strategy tree after pages that print strategy names, and one
    ``strategy_name_differs`` flag per indicator-year and code its page names otherwise.

    A page's names are BMA's words for that page: they stay with the page's indicator (the
    flag holds the page's name, shown on its indicator page) and never rename the tree, whose
    names change only when an analyst imports the tree itself (DESIGN §3; one page once
    renamed a branch on every page). Names are compared without their spaces. For each code a
    page names:

    * the tree's name: nothing changes (a page's English fills a blank one);
    * a prefix of the tree's name: the tree's name cut short by the copy (the parser strips
      the copy's '%'), no flag;
    * any other name: flagged; the tree keeps its name;
    * a code no tree holds: added from the page, unflagged (a fuller name from a later page
      replaces one a page cut short, for such codes only, never for a code of BMA's reference
      tree or of a strategies table of this call, ``given``)."""
    if not page_rows:
        return tree, []
    ref_frame = reference_tables()["strategies"]
    reference = set(ref_frame["strategy_code"].astype(str))
    names = {
        str(c): (None if pd.isna(th) else str(th), None if pd.isna(en) else str(en))
        for c, th, en in zip(tree["strategy_code"], tree["name_th"], tree["name_en"])
    }
    added: dict[str, dict] = {}  # code no tree holds → the page row that names it
    english: dict[str, str] = {}  # code → a page's English for a tree row without one
    flags: list[dict] = []
    for row in page_rows:
        code, page_name = str(row["strategy_code"]), str(row["name_th"])
        tree_th, tree_en = names.get(code, (None, None))
        page_added = code not in reference and code not in given
        if tree_th is None or (page_added and _cut_from(tree_th, page_name)):
            if code not in added or _cut_from(added[code]["name_th"], page_name):
                added[code] = row
            continue
        if _same_name(page_name, tree_th):
            if tree_en is None and row.get("name_en"):
                english.setdefault(code, str(row["name_en"]))
            continue
        if _cut_from(page_name, tree_th):
            continue
        flags.append(
            flag_record(
                make_flag(
                    "strategy_name_differs",
                    row.get("_indicator_code"),
                    row.get("_fiscal_year"),
                    None,
                    "strategies",
                    "name_th",
                    f"หน้าเรียกยุทธศาสตร์ {code} ว่า “{page_name}” แต่แผนยุทธศาสตร์เรียกว่า “{tree_th}” "
                    "ชื่อตามหน้าอยู่กับตัวชี้วัดนี้ ชื่อในแผนไม่เปลี่ยน",
                    f"the page names strategy {code} “{page_name}”, the tree “{tree_th}”; "
                    "the page's name stays with this indicator, the tree keeps its own",
                )
            )
        )
    if not added and not english:
        return tree, flags
    out = tree.copy()
    if english:
        hit = out["strategy_code"].isin(set(english))
        out.loc[hit, "name_en"] = out.loc[hit, "strategy_code"].map(english)
    if added:
        cols = TABLES["strategies"].names
        new = coerce_frame(
            "strategies", pd.DataFrame([{c: r.get(c) for c in cols} for r in added.values()], columns=cols)
        )
        out = pd.concat([out[~out["strategy_code"].isin(set(added))], new], ignore_index=True)
    return coerce_frame("strategies", out), flags


def _duplicates_across_files(result: ImportResult) -> list[Problem]:
    """The same indicator-year in two files of one call is ambiguous: which one wins?"""
    problems = []
    seen: dict[tuple, str] = {}
    owned: list[tuple[str, tuple]] = [
        (path, key)
        for path, table, frame in result.parts
        if table == "indicators" and len(frame)
        for key in _keys(frame)
    ]
    owned += [
        (row["_file"], (normalise_code(str(row["indicator_code"])), int(row["fiscal_year"])))
        for row in result.page_rows.get("indicators", [])
    ]
    for path, key in owned:
        if key in seen and seen[key] != path:
            problems.append(
                Problem(
                    path,
                    None,
                    "indicator_code,fiscal_year",
                    f"ตัวชี้วัด {key[0]} ปี {key[1]} อยู่ในไฟล์ {seen[key]} ด้วย",
                    f"indicator {key[0]} FY {key[1]} is also in {seen[key]}",
                )
            )
        seen.setdefault(key, path)
    return problems


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
        result.rejected += _duplicates_across_files(result)
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
    wanted = _incoming_keys(result)
    with store.pinned():
        current = {t: store.rows_of(t, wanted) for t in _PER_INDICATOR}
        current.update({t: store.read(t) for t in SOURCE_TABLES if t not in _PER_INDICATOR})
        merged, result.added, result.replaced = merge_tables(current, result)
        if any(t == SETTINGS and len(f) for _, t, f in result.parts):
            named = {normalise_code(str(c)) for c in result.frame(SETTINGS)["indicator_code"]}
            known = pd.concat(  # the stored indicator-years the settings may name, and the call's own
                [store.indicator_years_of(sorted(named)), merged["indicators"][["indicator_code", "fiscal_year"]]],
                ignore_index=True,
            )
        else:
            known = merged["indicators"]
        result.rejected += _merge_problems(known, merged, result)
        if result.rejected or not write:
            return
        flags = _merge_flags(store.read("import_flags"), pd.DataFrame(result.flags), result.frame("indicators"))
    replaced = pd.concat(
        [frame[["indicator_code", "fiscal_year"]] for t in _PER_INDICATOR for frame in (current[t], merged[t])],
        ignore_index=True,
    ).drop_duplicates()
    settings = result.frame(SETTINGS)
    change = Change(
        small={**{t: merged[t] for t in SOURCE_TABLES if t not in _PER_INDICATOR}, "import_flags": flags},
        rows={t: merged[t] for t in _PER_INDICATOR},
        keys=replaced,
        settings=tuple(
            (str(c), None if pd.isna(y) else int(y))
            for c, y in zip(settings["indicator_code"], settings["fiscal_year"])
        ),
    )
    result.version = store.write_change(change, note=note or f"import {_names(files)}", lock_held=True)


def _incoming_keys(result: ImportResult) -> pd.DataFrame:
    """The indicator-years the call brings rows for, as codes are matched (code_key)."""
    keys = {k for t in _PER_INDICATOR for k in _keys(result.frame(t))}
    return pd.DataFrame(sorted(keys), columns=["code_key", "fiscal_year"])


def _names(files: list[Path]) -> str:
    return ", ".join(f.name for f in files[:5]) + (f" … (+{len(files) - 5})" if len(files) > 5 else "")


def _merge_whole(store: Store, result: ImportResult, files: list[Path], note: str | None, write: bool) -> None:
    """The merge of a store not yet partitioned (or not there yet): every table read, merged
    and written whole."""
    current = (
        store.read_tables()
        if store.exists()
        else {**reference_tables(), **{t: empty_frame(t) for t in (*_PER_INDICATOR, *OPTIONAL_TABLES)}}
    )
    merged, result.added, result.replaced = merge_tables(current, result)
    result.rejected += _merge_problems(merged["indicators"], merged, result)
    if result.rejected or not write:
        return
    old_flags = store.read("import_flags") if store.exists() else None
    flags = _merge_flags(old_flags, pd.DataFrame(result.flags), result.frame("indicators"))
    result.version = store.write(merged, note=note or f"import {_names(files)}", import_flags=flags, lock_held=True)


def _merge_problems(known: pd.DataFrame, merged: dict[str, pd.DataFrame], result: ImportResult) -> list[Problem]:
    """What stops a merge: the settings rows' faults against the ``known`` indicator-years,
    else the merged tables' schema faults."""
    return (
        settings_problems(known, result.parts)
        or peer_group_problems(merged["agencies"], result.parts)
        or [p for t in SOURCE_TABLES for p in validate_frame(t, merged[t], t)]
    )


def _merge_flags(old: pd.DataFrame | None, new: pd.DataFrame, replaced: pd.DataFrame) -> pd.DataFrame:
    """Import flags (page cut short) of replaced indicator-years go; the new ones come."""
    frames = []
    if old is not None and len(old):
        frames.append(old[~_keys(old).isin(set(_keys(replaced)))])
    if len(new):
        frames.append(new)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
