"""What writes cost: building a store from scratch, and imports into a big one.

Each measurement runs in its own process (``python -m bench --child write:<kind>``), so its
peak RSS is its own: ``build`` (demo tables scaled to N rows, then ``Store.write``: score and
write everything), ``import1`` and ``import100`` (detail pages of indicators the store holds,
replacing them), ``setting`` (one analyst setting through :func:`kpi_model.settings.save_setting`).
Imports go into a copy of the store made of hard links (versions are never changed in place),
so the store the query benchmark reads is left as it was.
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

BASE_ROWS = 9_856  # quarterly_results rows of the demo store at --scale 1


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_build(rows: int, store_dir: Path | None = None) -> dict:
    """Build a store of about ``rows`` quarterly results (in ``store_dir``, else a temporary
    folder): seconds to make the tables, seconds to write the store, peak RSS."""
    from kpi_model.demo import demo_tables, scale_tables
    from kpi_model.store import Store

    scale = max(1, math.ceil(rows / BASE_ROWS))
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        target = store_dir or Path(tmp) / "store"
        if target.exists():
            shutil.rmtree(target)
        t0 = time.perf_counter()
        tables = scale_tables(demo_tables(), scale)
        made_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        Store(target).write(tables, note=f"bench scale {scale}")
        write_s = time.perf_counter() - t0
        n = Store(target).meta().rows.get("quarterly_results", 0)
    return {"scale": scale, "rows": n, "tables_s": made_s, "write_s": write_s, "peak_rss_mb": _peak_rss_mb()}


def linked_copy(store_dir: Path, target: Path) -> None:
    """A copy of a store whose Parquet files are hard links (instant, no space)."""
    shutil.copytree(store_dir, target, copy_function=os.link, ignore=shutil.ignore_patterns(".lock", ".tmp-*"))


def run_import(store_dir: Path, pages: int) -> dict:
    """Import ``pages`` detail pages of stored indicators into a linked copy of the store."""
    from bench.pages import write_pages
    from kpi_model.demo import demo_tables
    from kpi_model.importer.batch import import_paths
    from kpi_model.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-import-", dir=store_dir.parent) as tmp:
        copy = Path(tmp) / "store"
        linked_copy(store_dir, copy)
        paths = write_pages(demo_tables(), Path(tmp) / "pages", pages)
        t0 = time.perf_counter()
        result = import_paths(Store(copy), paths)
        seconds = time.perf_counter() - t0
        if result.rejected:
            raise RuntimeError(f"bench pages rejected: {result.rejected[:3]}")
    return {"pages": len(paths), "seconds": seconds, "replaced": result.replaced, "peak_rss_mb": _peak_rss_mb()}


def run_setting(store_dir: Path) -> dict:
    """One analyst setting (an every-year direction) saved into a linked copy of the store."""
    from kpi_model.settings import save_setting
    from kpi_model.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-setting-", dir=store_dir.parent) as tmp:
        copy = Path(tmp) / "store"
        linked_copy(store_dir, copy)
        store = Store(copy)
        t0 = time.perf_counter()
        result = save_setting(
            store, {"indicator_code": "0402-0810", "fiscal_year": None, "direction": "higher"}, "bench"
        )
        seconds = time.perf_counter() - t0
        if result.rejected:
            raise RuntimeError(f"bench setting rejected: {result.rejected[:3]}")
    return {"seconds": seconds, "peak_rss_mb": _peak_rss_mb()}
