"""Stores built once per test run, each test handed its own copy.

Writing a store scores it (a second for the small tables and a page, three for the demo); a
copy of its folder costs milliseconds. :class:`StoreTemplates` (the ``store_templates``
fixture of ``tests/conftest.py``) builds a store the first time a test asks for it, then copies
it into that test's folder, so one test's writes never reach another's store."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench.pages import write_pages
from kpi_model.demo import demo_tables
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from tests.factories import review_tables, small_tables

__all__ = [
    "SEED_PAGE",
    "StoreTemplates",
    "copy_store",
    "demo_copy",
    "demo_store_of",
    "first_demo_page",
    "review_store_of",
    "small_store_of",
    "small_with_seed",
]

SEED_PAGE = Path(__file__).resolve().parents[1] / "kpi_model" / "reference" / "seed_0402-0810.txt"


def copy_store(source: Path, target: Path) -> Store:
    """A copy of the store folder ``source`` at ``target``, with its times, and with files that
    are hard links of one another (a version's unchanged years link its parent's) linked again
    in the copy, so inode checks read the copy as they would the original."""
    first_copy: dict[tuple[int, int], str] = {}

    def copy(src: str, dst: str) -> str:
        stat = os.stat(src)
        key = (stat.st_dev, stat.st_ino)
        if stat.st_nlink > 1 and key in first_copy:
            os.link(first_copy[key], dst)
            return dst
        shutil.copy2(src, dst)
        first_copy[key] = dst
        return dst

    shutil.copytree(source, target, copy_function=copy)
    return Store(target)


class StoreTemplates:
    """Each build function's store, built once in ``folder`` and copied for every test."""

    def __init__(self, folder: Path):
        self._folder = folder
        self._built: dict[Callable[[Store], None], Path] = {}

    def copy(self, build: Callable[[Store], None], target: Path) -> Store:
        """A fresh copy at ``target`` of the store ``build`` writes into an empty folder."""
        if build not in self._built:
            root = self._folder / f"{build.__name__}-{len(self._built)}"
            template = Store(root)
            build(template)
            template.close()
            self._built[build] = root
        return copy_store(self._built[build], target)


@functools.cache
def _demo_tables() -> dict[str, pd.DataFrame]:
    return demo_tables()


def demo_copy() -> dict[str, pd.DataFrame]:
    """``demo_tables()``, generated once per run (it is deterministic): each call a deep copy,
    so a caller may change its tables."""
    return {table: frame.copy(deep=True) for table, frame in _demo_tables().items()}


@functools.cache
def _first_demo_page() -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        page = write_pages(demo_copy(), Path(folder), 1)[0]
        return page.name, page.read_text(encoding="utf-8")


def first_demo_page(folder: Path) -> Path:
    """``bench.pages.write_pages(demo_tables(), folder, 1)[0]`` (the page of the demo's first
    synthetic indicator), rendered once per run and written into ``folder`` for each caller."""
    name, text = _first_demo_page()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def demo_store_of(store: Store) -> None:
    """The demo tables, written as ``Store.write`` writes them (one version)."""
    store.write(demo_copy(), note="demo")


def small_store_of(store: Store) -> None:
    """:func:`tests.factories.small_tables`, written (one version)."""
    store.write(small_tables(), note="small")


def small_with_seed(store: Store) -> None:
    """The small tables (5047-0712 among them), then the seed page 0402-0810 imported by
    ``setup`` (two versions, one import-log line)."""
    store.write(small_tables(), note="small")
    result = import_paths(store, [SEED_PAGE], user="setup")
    assert not result.rejected, result.rejected


def review_store_of(store: Store) -> None:
    """:func:`tests.factories.review_tables`, written (one version)."""
    store.write(review_tables(), note="review")
