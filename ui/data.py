"""The cache boundary: every page reads the model through :func:`load`, given the view itself
(``data.load(views.headline, fy, q)``), so types and go-to-definition follow it.

One ``st.cache_data`` keyed by the store version, the view's name and its (hashable) arguments:
an import makes a new version, so nothing stale is ever served, and nothing else is cached.
The view runs pinned to the version in its key (:meth:`Store.pinned`): every query it makes
reads that one version, even when an import swaps ``CURRENT`` while it runs, so what is cached
under a version's key is that version's answer and nothing else.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from kpi_model import views
from kpi_model.brief import PackRequest, brief_pdf
from kpi_model.config import default_store_dir, settings
from kpi_model.export import extract, extract_bytes
from kpi_model.followup import last_change
from kpi_model.store import Filters, Store, StoreVersion, shared
from ui.followup_db import followup_db

__all__ = [
    "brief_bytes",
    "download_bytes",
    "load",
    "meta",
    "once_per_run",
    "pull_status",
    "store",
    "version",
]

P = ParamSpec("P")
R = TypeVar("R")


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


_this_run = threading.local()  # what one script run read once (see once_per_run)


@contextlib.contextmanager
def once_per_run() -> Iterator[None]:
    """Within the block (one script run: :func:`ui.router.run`), the store and its version are
    found once, on the first :func:`store` or :func:`version`, and every later read of the run
    takes them again (a page made ~20 reads, each resolving the folder and reading
    ``CURRENT``: ~1 ms each). Every query of one run then reads one version too; a write
    reruns the page (``st.rerun``), so the next run reads the new one."""
    outer = getattr(_this_run, "found", None)
    _this_run.found = {}
    try:
        yield
    finally:
        _this_run.found = outer


def _once(name: str, read: Callable[[], R]) -> R:
    found: dict[str, Any] | None = getattr(_this_run, "found", None)
    if found is None:
        return read()
    if name not in found:
        found[name] = read()
    kept: R = found[name]
    return kept


def store() -> Store:
    """One Store per store folder and process (one DuckDB connection per version, a cursor
    per query). The folder is ``KPI_STORE`` (default ``data/``). On a replica, the first call
    starts the puller that keeps the folder at the shared storage's latest version."""
    return _once("store", _found_store)


def _found_store() -> Store:
    root = str(default_store_dir().resolve())
    _puller(root)
    return _store(root)


def pull_status() -> shared.PullStatus | None:
    """What this replica's puller last saw (None when this process is not a replica)."""
    puller = _puller(str(default_store_dir().resolve()))
    return None if puller is None else puller.status()


def version() -> str:
    """The cache key: the store folder and its current version (read once a run)."""
    return _once("version", _found_version)


def _found_version() -> str:
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


def load(view: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``view(store, *args, **kwargs)``, cached per store version. ``view`` is one of
    :mod:`kpi_model.views`' functions (cached by its name; anything else is a ValueError)."""
    name = view.__name__
    if getattr(views, name, None) is not view:
        raise ValueError(f"{name} is not a view of kpi_model.views")
    answer: R = _call(version(), name, args, tuple(sorted(kwargs.items())))
    return answer


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
