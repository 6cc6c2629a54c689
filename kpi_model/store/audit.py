"""The import log, ``import_log.jsonl``: one JSON object a line, appended, never rewritten.

It is the store's audit trail (who imported what, when, the hashes of the bytes parsed, rows
added, replaced and rejected), so it must not lose or glue lines: each line is one
``O_APPEND`` write, fsynced, and a damaged line is reported by number rather than skipped in
silence.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ImportLog", "append", "read"]


@dataclass(frozen=True)
class ImportLog:
    """The import log as read: ``entries`` (oldest first) and ``damaged``, the 1-based numbers
    of lines that could not be read (a torn last line is not among them)."""

    entries: list[dict[str, Any]]
    damaged: list[int]


def append(path: Path, entry: dict[str, Any]) -> None:
    """Append ``entry``, stamped with the time ``at``, as one line. Lines never interleave (one
    ``O_APPEND`` write each). A torn last line (a crash mid-write) is ended first, so this line
    stays whole; the torn one is then reported as damaged by :func:`read`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (
        json.dumps(
            {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **entry}, ensure_ascii=False, default=str
        )
        + "\n"
    )
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = "\n" + line
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> ImportLog:
    """The log's entries, oldest first, and the numbers of damaged lines (not JSON, not UTF-8,
    or not an object). A torn last line (no newline: a crash while it was written) is not
    counted as damaged, and is kept if it is whole but for its newline; any other bad line is
    counted, so a damaged log is said."""
    if not path.exists():
        return ImportLog([], [])
    lines = path.read_bytes().split(b"\n")
    torn = lines.pop() if lines else b""  # after the last newline: b"" unless torn
    entries: list[dict[str, Any]] = []
    damaged: list[int] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        entry = _entry(raw)
        if entry is None:
            damaged.append(number)
        else:
            entries.append(entry)
    if torn.strip():
        entry = _entry(torn)
        if entry is not None:  # whole, only its newline missing
            entries.append(entry)
    return ImportLog(entries, damaged)


def _entry(raw: bytes) -> dict[str, Any] | None:
    """One line as an object, or None when it is not UTF-8 JSON holding an object."""
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return entry if isinstance(entry, dict) else None
