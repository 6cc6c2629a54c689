"""Reading one import call's files: pages by the page parser, spreadsheets by the table reader,
many pages in a pool of worker processes that end with the importer (:func:`read_inputs`).

Each file is read once; the SHA-256 logged is of exactly the bytes parsed."""

from __future__ import annotations

import ctypes
import glob
import hashlib
import os
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
from kpi_model.importer.settings_table import read_only_table
from kpi_model.importer.tables import read_table_file
from kpi_model.quality import flag_record
from kpi_model.schema import coerce_frame, empty_frame

__all__ = [
    "PAGE_SUFFIXES",
    "PARALLEL_FROM",
    "TABLE_SUFFIXES",
    "ImportResult",
    "expand_paths",
    "file_sha256",
    "read_inputs",
]

PAGE_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")


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
            if file_sha256(path) != digest:
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
