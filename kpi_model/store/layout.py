"""Where a store keeps what: its folders, the ``CURRENT`` pointer, version ids, flat stores.

Every other module of the store asks a :class:`Layout` for a path, so the folder layout
(described in :mod:`kpi_model.store`) is written down once, here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kpi_model.derive import DERIVED_TABLES
from kpi_model.errors import KpiError
from kpi_model.schema import OPTIONAL_TABLES, SOURCE_TABLES

__all__ = ["ALL_TABLES", "IMPORT_FLAGS", "Layout", "StoreVersion", "version_id"]

IMPORT_FLAGS = "import_flags"
ALL_TABLES = (*SOURCE_TABLES, *DERIVED_TABLES, IMPORT_FLAGS)

_FLAT_PREFIX = "flat-"  # the id of a flat store's one version: "flat-" and a hash of its files
_TABLE_SUFFIXES = (".parquet", ".csv")


@dataclass(frozen=True)
class StoreVersion:
    """One kept version as its ``meta.json`` describes it (``rows``: table → row count)."""

    id: str
    written_at: str | None
    note: str | None
    rows: dict[str, int] = field(default_factory=dict)


def version_id(at: dt.datetime) -> str:
    """A version's id: its UTC write time to the microsecond, so ids sort as they were written."""
    return at.strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True)
class Layout:
    """The paths of one store folder ``root``; reads only the pointer and ``meta.json`` files."""

    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    @property
    def import_log_file(self) -> Path:
        return self.root / "import_log.jsonl"

    def tmp_dir(self, version: str) -> Path:
        """Where this process builds ``version`` before it is renamed into place."""
        return self.versions_dir / f".tmp-{version}-{os.getpid()}"

    def current_tmp_file(self) -> Path:
        """Where this process writes the next ``CURRENT`` before it replaces the old one."""
        return self.root / f".CURRENT.{os.getpid()}.tmp"

    def exists(self) -> bool:
        """True when the folder holds a store (versioned, or flat Parquet/CSV tables)."""
        if self.current_file.exists():
            return True
        return all(self.flat_file(t) is not None for t in SOURCE_TABLES if t not in OPTIONAL_TABLES)

    def flat_file(self, table: str) -> Path | None:
        return _table_in(self.root, table)

    def read_version(self) -> str:
        """The id in ``CURRENT``; for a flat store, ``flat-`` and a hash of its files' names,
        sizes and times, so an edited file is a new version. KpiError when there is no store."""
        try:
            return self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            if not self.exists():
                raise KpiError(f"no store at {self.root} (run: python -m kpi_model demo)") from None
            stamp = "|".join(
                f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for t in SOURCE_TABLES if (p := self.flat_file(t))
            )
            return _FLAT_PREFIX + hashlib.sha256(stamp.encode()).hexdigest()[:12]

    def current_or_none(self) -> str | None:
        """The id in ``CURRENT``, or None before the first write (a new version's parent)."""
        try:
            return self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    def version_dir(self, version: str) -> Path:
        return self.root if version.startswith(_FLAT_PREFIX) else self.versions_dir / version

    def table_file(self, version: str, table: str) -> Path | None:
        """Where ``table`` is in ``version``: its one file (Parquet before CSV) or its folder of
        partitions (``<table>/fy<year>-<bucket>.parquet``), or None."""
        folder = self.version_dir(version) / table
        if not version.startswith(_FLAT_PREFIX) and folder.is_dir():
            return folder
        return _table_in(self.version_dir(version), table)

    def table_files(self, version: str, table: str) -> list[Path]:
        """The files holding ``table`` in ``version``: one, or its partitions in year order."""
        path = self.table_file(version, table)
        if path is None:
            return []
        return sorted(path.glob("*.parquet")) if path.is_dir() else [path]

    def layout_of(self, version: str) -> int:
        """1 for a version of one file per table, 2 for files by fiscal year, 3 by fiscal year
        and bucket (:mod:`kpi_model.store.build`)."""
        if version.startswith(_FLAT_PREFIX):
            return 1
        path = self.version_dir(version) / "meta.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return int(data.get("layout", 1))

    def buckets_of(self, version: str) -> int:
        """How many buckets each fiscal year's files of ``version`` are cut into (1 if unsaid)."""
        path = self.version_dir(version) / "meta.json"
        if version.startswith(_FLAT_PREFIX) or not path.exists():
            return 1
        return max(1, int(json.loads(path.read_text(encoding="utf-8")).get("buckets", 1)))

    def scoring_of(self, version: str) -> str | None:
        """The fingerprint of the scoring that derived ``version``'s tables (None before it was kept)."""
        path = self.version_dir(version) / "meta.json"
        if version.startswith(_FLAT_PREFIX) or not path.exists():
            return None
        value = json.loads(path.read_text(encoding="utf-8")).get("scoring")
        return None if value is None else str(value)

    def kept_version_dir(self, version: str) -> Path:
        """The folder of a kept version, for a rollback; KpiError for anything else (a path,
        a temporary folder, a pruned or never-written id)."""
        source = self.versions_dir / version
        if version.startswith(".") or "/" in version or not (source / "meta.json").is_file():
            raise KpiError(f"no kept version {version!r} in {self.root} (see: python -m kpi_model history)")
        return source

    def versions(self) -> list[StoreVersion]:
        """Kept versions, newest first."""
        if not self.versions_dir.exists():
            return []
        out = []
        kept = (p for p in self.versions_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        for d in sorted(kept, reverse=True):
            meta = d / "meta.json"
            data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
            out.append(StoreVersion(d.name, data.get("written_at"), data.get("note"), data.get("rows", {})))
        return out

    def meta(self, version: str) -> StoreVersion:
        """What ``meta.json`` says of ``version``; only its id for a flat store."""
        path = self.version_dir(version) / "meta.json"
        if version.startswith(_FLAT_PREFIX) or not path.exists():
            return StoreVersion(version, None, None, {})
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoreVersion(version, data.get("written_at"), data.get("note"), data.get("rows", {}))


def _table_in(folder: Path, table: str) -> Path | None:
    for ext in _TABLE_SUFFIXES:
        p = folder / f"{table}{ext}"
        if p.exists():
            return p
    return None
