"""Writing versions: build a whole version folder aside, rename it into place, swap ``CURRENT``.

A reader sees the old version or the new one, never half of either: the folder is complete
and fsynced before its rename, ``CURRENT`` is replaced by a rename too, and a crash or a
rejected import leaves the store exactly as it was (at worst a ``.tmp-`` folder, removed by a
later write). A rollback is a new version of hard links to a kept one's files, so history only
grows and the swap is the same rename as any write. Callers hold the writer lock
(:mod:`kpi_model.store.lock`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

from kpi_model.config import Settings
from kpi_model.store.build import LAYOUT, Change, build, fingerprint
from kpi_model.store.layout import Layout, version_id

__all__ = ["fsync_tree", "install", "link_version", "prune", "write_version"]


def write_version(layout: Layout, change: Change, note: str, versions_kept: int, cfg: Settings) -> str:
    """Write a new version holding ``change`` over the current one (:mod:`kpi_model.store.build`:
    only the partitions it touches are written, the rest hard-linked), with ``meta.json``;
    make it current and prune. The new version's id."""
    layout.versions_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    version = version_id(now)
    tmp = layout.tmp_dir(version)
    tmp.mkdir()
    try:
        parent = layout.current_or_none()
        rows, buckets = build(layout, tmp, parent, change, cfg)
        meta = {
            "version": version,
            "written_at": now.isoformat(timespec="seconds"),
            "note": note,
            "parent": parent,
            "rows": rows,
            "layout": LAYOUT,
            "buckets": buckets,
            "scoring": fingerprint(cfg),
        }
        _write_meta(tmp, meta)
        fsync_tree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return install(layout, tmp, version, versions_kept)


def link_version(layout: Layout, source: Path, note: str, versions_kept: int) -> str:
    """A new version of hard links to the files of the kept version in ``source``, its
    ``meta.json`` copied with a new id, time, ``note`` and parent; made current and pruned."""
    now = dt.datetime.now(dt.UTC)
    version = version_id(now)
    tmp = layout.tmp_dir(version)
    tmp.mkdir()
    try:
        for f in source.glob("*.parquet"):
            os.link(f, tmp / f.name)
        for folder in (p for p in source.iterdir() if p.is_dir()):
            (tmp / folder.name).mkdir()
            for f in folder.glob("*.parquet"):
                os.link(f, tmp / folder.name / f.name)
        meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
        meta.update(
            version=version, written_at=now.isoformat(timespec="seconds"), note=note, parent=layout.current_or_none()
        )
        _write_meta(tmp, meta)
        fsync_tree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return install(layout, tmp, version, versions_kept)


def prune(layout: Layout, keep: str, versions_kept: int) -> None:
    """Keep ``keep`` and the newest others up to ``versions_kept`` in all; remove the rest, and
    temporary folders other processes left behind (a crash mid-write)."""
    old = [v.id for v in layout.versions() if v.id != keep][max(0, versions_kept - 1) :]
    for vid in old:
        shutil.rmtree(layout.versions_dir / vid, ignore_errors=True)
    for stale in layout.versions_dir.glob(".tmp-*"):
        if not stale.name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(stale, ignore_errors=True)


def install(layout: Layout, tmp: Path, version: str, versions_kept: int) -> str:
    """Rename a complete temporary version folder into place, then swap CURRENT to it."""
    try:
        os.replace(tmp, layout.versions_dir / version)
        _fsync(layout.versions_dir)
        _swap_current(layout, version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    prune(layout, keep=version, versions_kept=versions_kept)
    return version


def _swap_current(layout: Layout, version: str) -> None:
    pointer = layout.current_tmp_file()
    pointer.write_text(version, encoding="utf-8")
    _fsync(pointer)
    os.replace(pointer, layout.current_file)
    _fsync(layout.root)


def _write_meta(folder: Path, meta: dict[str, Any]) -> None:
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder``, then ``folder`` itself."""
    for p in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        _fsync(p)
    _fsync(folder)


def _fsync(path: Path) -> None:
    """Flush a file or a folder entry to disk (a rename is durable only once its folder is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
