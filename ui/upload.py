"""Uploaded files → a private temporary folder → :func:`import_paths` (a dry run to preview,
the real run on confirm).

An upload's name comes from the browser and is never trusted: only its last component is
kept, with everything but letters (Thai too), digits, ``-``, ``_`` and ``.`` replaced, so
``../../x.csv`` is saved as ``x.csv`` inside the temporary folder and nowhere else. Files above
the size limit are refused on their declared size, before anything is saved. The folder is
deleted when the call returns; the store is written only by :func:`import_paths` itself.

Example::

    uploads = [Upload.of("page.txt", raw)]
    preview = run_import(store, uploads, dry_run=True)
    if preview.can_confirm:
        run_import(store, uploads, user="somchai")
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kpi_model import config
from kpi_model.errors import Problem
from kpi_model.importer.batch import PAGE_SUFFIXES, TABLE_SUFFIXES, ImportResult, import_paths
from kpi_model.store import Store
from ui.format import number
from ui.ratelimit import Limiter

__all__ = [
    "ACCEPTED_TYPES",
    "Outcome",
    "Upload",
    "UploadBudget",
    "digest_of",
    "parse_cost",
    "run_import",
    "safe_name",
    "too_large",
    "upload_budget",
]

# What the uploader offers (and the importer reads); the importer also knows .xlsm.
ACCEPTED_TYPES = ("txt", "csv", "tsv", "xlsx")
_SUFFIXES = tuple(s for s in PAGE_SUFFIXES + TABLE_SUFFIXES)


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name as the browser sent it, and its bytes."""

    name: str
    data: bytes = field(repr=False)

    @classmethod
    def of(cls, name: str, data: bytes) -> Upload:
        return cls(str(name), bytes(data))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Outcome:
    """What one call did: the importer's result, the rejections (with the names the user
    uploaded, not the temporary ones) and whether the import may be confirmed."""

    result: ImportResult
    rejected: list[Problem]
    dry_run: bool
    saved_as: dict[str, str]  # saved name → uploaded name

    @property
    def added(self) -> int:
        return self.result.added

    @property
    def replaced(self) -> int:
        return self.result.replaced

    @property
    def can_confirm(self) -> bool:
        """Nothing rejected and something to add or replace (indicator-years or settings)."""
        changes = self.result.added + self.result.replaced + self.result.settings_added + self.result.settings_replaced
        return not self.rejected and changes > 0

    @property
    def version(self) -> str | None:
        return self.result.version


def safe_name(name: str) -> str:
    """The last path component of ``name`` (``/`` and ``\\`` both separate), with every
    character but letters, digits, ``-``, ``_`` and ``.`` replaced by ``_``; never starting
    with ``.``; ``upload`` when nothing is left.

    >>> safe_name("../../x.csv"), safe_name("..\\\\..\\\\evil.txt"), safe_name("ตัวชี้วัด ไตรมาส 1.txt")
    ('x.csv', 'evil.txt', 'ตัวชี้วัด_ไตรมาส_1.txt')
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", str(name)))[-1]
    base = "".join(ch if _kept(ch) else "_" for ch in base.replace("\x00", ""))
    base = base.lstrip(".")
    return base or "upload"


def _kept(ch: str) -> bool:
    """Letters (L*, with their combining marks M*: Thai vowels and tone marks) and digits (N*,
    Thai digits too) of any script, and ``-``, ``_``, ``.``."""
    return ch in "-_." or unicodedata.category(ch)[0] in "LMN"


def _unique(names: Iterable[str]) -> list[str]:
    """``a.csv``, ``a.csv`` → ``a.csv``, ``a_2.csv`` (case-insensitive, for any file system)."""
    taken: set[str] = set()
    out = []
    for name in names:
        stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem}_{n}{dot}{suffix}"
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def too_large(name: str, size: int, max_mb: int) -> Problem | None:
    """A rejection for a file whose declared ``size`` (bytes) is above ``max_mb`` megabytes."""
    limit = int(max_mb) * 1024 * 1024
    if size <= limit:
        return None
    mb = size / (1024 * 1024)
    return Problem(
        name,
        None,
        None,
        f"ไฟล์ใหญ่เกินกำหนด ({number(mb, 1)} MB; สูงสุด {max_mb} MB) ไม่ได้นำเข้า",
        f"file too large ({number(mb, 1)} MB; at most {max_mb} MB): refused",
    )


def parse_cost(upload: Upload) -> int:
    """The bytes the importer will parse for ``upload``: its size, or for a workbook (a zip)
    the unpacked size its parts declare, whichever is larger, so a small file that unpacks to
    a large sheet costs what it costs to read."""
    size = len(upload.data)
    if not upload.data.startswith(b"PK"):
        return size
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as z:
            return max(size, sum(max(0, i.file_size) for i in z.infolist()))
    except (zipfile.BadZipFile, ValueError, OSError):
        return size


class UploadBudget:
    """Bytes handed to the importer per session and per address within an hour: at most
    ``mb_per_hour`` megabytes each, counted by :func:`parse_cost` (every preview of new bytes
    counts; a confirm re-imports bytes already counted). Pure Python, clock injectable (see
    :mod:`ui.ratelimit`)."""

    def __init__(self, mb_per_hour: int, clock: Callable[[], float] = time.monotonic):
        self.mb_per_hour = int(mb_per_hour)
        limit = self.mb_per_hour * 1024 * 1024
        self._session = Limiter(limit, 3600, clock)
        self._address = Limiter(limit, 3600, clock)
        self._lock = threading.Lock()

    def admit(self, uploads: Iterable[Upload], session: str, address: str | None) -> float:
        """0 when ``uploads`` fit in both budgets (and are counted); else the seconds to wait
        before they would (nothing counted)."""
        size = float(sum(parse_cost(u) for u in uploads))
        keys = [(self._session, session)] + ([(self._address, address)] if address else [])
        with self._lock:
            wait = max(limiter.wait(key, size) for limiter, key in keys)
            if wait == 0:
                for limiter, key in keys:
                    limiter.add(key, size)
            return wait


@functools.lru_cache(maxsize=1)
def upload_budget() -> UploadBudget:
    """The process's budget, sized by ``settings.upload_mb_per_hour``."""
    return UploadBudget(config.settings.upload_mb_per_hour)


def digest_of(uploads: Iterable[Upload]) -> str:
    """One SHA-256 over every upload's name and bytes, in order: the preview's identity."""
    total = hashlib.sha256()
    for u in uploads:
        total.update(u.name.encode("utf-8") + b"\0" + u.sha256.encode() + b"\0")
    return total.hexdigest()


def run_import(
    store: Store,
    uploads: list[Upload],
    fiscal_year: int | None = None,
    *,
    dry_run: bool = False,
    user: str | None = None,
) -> Outcome:
    """Save ``uploads`` in a fresh temporary folder under safe names and import that folder
    (``dry_run=True``: validate and merge only, nothing written, no log line). A file whose
    type the importer does not read is rejected by name. StoreLocked propagates."""
    names = [safe_name(u.name) for u in uploads]
    saved = _unique(names)
    back = {s: u.name for s, u in zip(saved, uploads)}
    refused = [
        Problem(
            u.name,
            None,
            None,
            "ชนิดไฟล์นี้นำเข้าไม่ได้ (รับ .txt .csv .tsv .xlsx)",
            "this file type cannot be imported (.txt .csv .tsv .xlsx only)",
        )
        for s, u in zip(saved, uploads)
        if not s.lower().endswith(_SUFFIXES)
    ]
    if refused or not uploads:
        result = ImportResult(rejected=refused or [Problem("-", None, None, "ไม่มีไฟล์ให้นำเข้า", "no files to import")])
        return Outcome(result, result.rejected, dry_run, back)
    with tempfile.TemporaryDirectory(prefix="kpi-upload-") as tmp:
        folder = Path(tmp)
        for name, upload in zip(saved, uploads):
            target = folder / name
            # Belt and braces: safe_name leaves no separator, but never write outside the folder.
            if target.resolve().parent != folder.resolve():
                raise ValueError(f"unsafe upload name {upload.name!r}")
            with open(target, "xb") as f:  # exclusive: never follows or replaces anything
                f.write(upload.data)
        result = import_paths(store, [folder], fiscal_year, dry_run=dry_run, user=user)
    rejected = [
        Problem(_uploaded_name(p.file, back), p.row, p.column, p.message_th, p.message_en) for p in result.rejected
    ]
    return Outcome(result, rejected, dry_run, back)


def _uploaded_name(file: str, back: dict[str, str]) -> str:
    """The name the user uploaded, for a problem the importer reports on a saved file (it may
    give a bare name or a full temporary path; the temporary path is never shown)."""
    base = os.path.basename(file or "")
    return back.get(base, base or "-")
