"""The import page: the store's import log, and which of its lines cannot be read."""

from __future__ import annotations

import pandas as pd

from kpi_model.store import Store

__all__ = ["IMPORT_LOG_COLUMNS", "import_log", "import_log_damaged"]


IMPORT_LOG_COLUMNS = ["at", "user", "files", "sha256", "added", "replaced", "rejected", "version"]


def import_log(store: Store, limit: int = 20) -> pd.DataFrame:
    """The last ``limit`` lines of the store's import log, newest first, one row per import
    call (the command line's and the import page's alike): when (``at``, ISO UTC), who, the
    file names and the first 12 hex digits of each file's SHA-256 (comma-separated), the
    indicator-years added and replaced, the number of rejections, and the version written
    (None when nothing was). An empty frame with these columns when nothing was imported."""
    rows = []
    for entry in reversed(store.import_log()[-max(0, int(limit)) :] if limit else []):
        files = [f for f in entry.get("files") or [] if isinstance(f, dict)]
        rows.append(
            {
                "at": entry.get("at"),
                "user": entry.get("user"),
                "files": ", ".join(str(f.get("name", "")) for f in files),
                "sha256": ", ".join(str(f.get("sha256", ""))[:12] for f in files),
                "added": entry.get("added"),
                "replaced": entry.get("replaced"),
                "rejected": len(entry.get("rejected") or []),
                "version": entry.get("version"),
            }
        )
    return pd.DataFrame(rows, columns=IMPORT_LOG_COLUMNS)


def import_log_damaged(store: Store) -> list[int]:
    """The numbers of the import log's lines that cannot be read (a torn last line aside), so
    the Import page can say the log is damaged instead of skipping those lines in silence."""
    return list(store.read_import_log().damaged)
