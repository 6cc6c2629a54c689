"""The cache boundary: every page reads the model through :func:`load`.

One ``st.cache_data`` keyed by the store version, the view's name and its (hashable) arguments:
an import makes a new version, so nothing stale is ever served, and nothing else is cached.
The view runs pinned to the version in its key (:meth:`Store.pinned`): every query it makes
reads that one version, even when an import swaps ``CURRENT`` while it runs, so what is cached
under a version's key is that version's answer and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from kpi_model import views
from kpi_model.brief import PackRequest, brief_pdf
from kpi_model.config import default_store_dir, settings
from kpi_model.export import extract, extract_bytes
from kpi_model.followup import last_change
from kpi_model.store import Filters, Store, StoreVersion, shared
from ui.followup_db import followup_db


@st.cache_resource(show_spinner=False)
def _store(root: str) -> Store:
    return Store(root)


@st.cache_resource(show_spinner=False)
def _puller(root: str) -> shared.Puller | None:
    """A replica's puller (DESIGN §8), started once per process: a thread in the server rather
    than a sidecar, so a replica is one process to run and its pages read the puller's status
    from memory. It waits on the storage and on disk, rarely on the interpreter."""
    cfg = settings.shared
    if cfg is None or cfg.role != "replica":
        return None
    return shared.start_puller(Path(root), cfg, settings.versions_kept)


def store() -> Store:
    """One Store per store folder and process (one DuckDB connection per version, a cursor
    per query). The folder is ``KPI_STORE`` (default ``data/``). On a replica, the first call
    starts the puller that keeps the folder at the shared storage's latest version."""
    root = str(default_store_dir().resolve())
    _puller(root)
    return _store(root)


def pull_status() -> shared.PullStatus | None:
    """What this replica's puller last saw (None when this process is not a replica)."""
    puller = _puller(str(default_store_dir().resolve()))
    return None if puller is None else puller.status()


def version() -> str:
    """The cache key: the store folder and its current version."""
    s = store()
    return f"{s.root}:{s.version()}"


def _pinned_version(store_version: str) -> str:
    """The version id of a cache key made by :func:`version` (``<root>:<id>``)."""
    return store_version.rpartition(":")[2]


@st.cache_data(show_spinner=False, max_entries=512)
def _call(store_version: str, name: str, args: tuple, kwargs: tuple) -> Any:
    s = store()
    with s.pinned(_pinned_version(store_version)):
        return getattr(views, name)(s, *args, **dict(kwargs))


def load(name: str, *args: Any, **kwargs: Any) -> Any:
    """``kpi_model.views.<name>(store, *args, **kwargs)``, cached per store version."""
    return _call(version(), name, args, tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=32)
def _download(store_version: str, filters: Filters, suffix: str) -> bytes:
    s = store()
    with s.pinned(_pinned_version(store_version)):
        return extract_bytes(extract(s, filters), suffix)


def download_bytes(filters: Filters, suffix: str) -> bytes:
    """The extract for ``filters`` as .csv or .xlsx bytes (the CLI's export, one code path)."""
    return _download(version(), filters, suffix)


@st.cache_data(show_spinner=False, max_entries=16)
def _brief(store_version: str, request: PackRequest, lang: str, followup: tuple[str, int, int]) -> bytes:
    s = store()
    with s.pinned(_pinned_version(store_version)):
        return brief_pdf(s, request.fiscal_year, request.quarter, request.scope, lang, followup=followup_db())


def brief_bytes(request: PackRequest, lang: str) -> bytes:
    """The quarterly briefing pack's PDF for ``request`` (the CLI's ``brief``, one code path),
    with the follow-up of its indicators behind; cached per store version and follow-up
    change: chromium runs once per pack and version, when it is asked for. ConfigError or
    KpiError when the follow-up database cannot be opened (the page says so)."""
    db = followup_db()
    return _brief(version(), request, lang, (db.url, *last_change(db)))


def meta() -> StoreVersion:
    return store().meta()
