"""What every proof shares: the project root, the environment of a child process, the demo
fixture (a base store and page sets cut from the demo) and the keys of pages and stores."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from bench.pages import write_pages
from kpi_model.demo import demo_tables
from kpi_model.importer.numbers import normalise_code
from kpi_model.store import Store

__all__ = ["ENV", "ROOT", "Fixture", "Log", "page_keys", "quiet", "store_keys", "subset", "wait_app"]

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
Log = Callable[[str], None]


def quiet(*_: Any) -> None:
    pass


def subset(tables: dict[str, pd.DataFrame], indicators: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``tables`` narrowed to ``indicators`` (every agency and strategy kept)."""
    keys = set(zip(indicators["indicator_code"], indicators["fiscal_year"], strict=True))
    out = {**tables, "indicators": indicators.reset_index(drop=True)}
    for t in ("indicator_levels", "quarterly_results"):
        f = tables[t]
        out[t] = f[[k in keys for k in zip(f["indicator_code"], f["fiscal_year"], strict=True)]].reset_index(drop=True)
    return out


class Fixture:
    """A base store of ``base`` demo indicators and page sets cut from the demo's other rows:
    pages that replace base indicators, pages that add new ones (disjoint sets, in order)."""

    def __init__(self, work: Path, base: int = 300):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.demo = demo_tables()
        inds = self.demo["indicators"]
        self.synthetic = inds[inds["source"] == "synthetic-demo"].reset_index(drop=True)
        self.base_tables = subset(self.demo, inds.head(base))
        self.next_new = len(
            set(zip(inds.head(base)["indicator_code"], inds.head(base)["fiscal_year"], strict=True))
            & set(zip(self.synthetic["indicator_code"], self.synthetic["fiscal_year"], strict=True))
        )
        self.base_root = work / "base"
        if not (self.base_root / "CURRENT").exists():
            Store(self.base_root).write(self.base_tables, note="reliability base")
        self.base_version = Store(self.base_root).version()

    def pages(self, name: str, replace: int = 0, add: int = 0) -> tuple[Path, list[Path]]:
        """A folder of ``replace`` pages of base indicators and ``add`` pages of new ones."""
        folder = self.work / name
        shutil.rmtree(folder, ignore_errors=True)
        paths = []
        if replace:
            paths += write_pages({**self.demo, "indicators": self.base_tables["indicators"]}, folder, replace)
        if add:
            paths += write_pages({**self.demo, "indicators": self.synthetic.iloc[self.next_new :]}, folder, add)
            self.next_new += add
        return folder, paths

    def copy(self, name: str) -> Path:
        target = self.work / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.base_root, target)
        return target


def page_keys(paths: list[Path]) -> set[tuple[str, int]]:
    """(normalised code, fiscal year) of pages written by :func:`bench.pages.write_pages`."""
    out = set()
    for p in paths:
        code, fy = p.stem.rsplit("_", 1)
        out.add((normalise_code(code), int(fy)))
    return out


def store_keys(root: Path) -> set[tuple[str, int]]:
    store = Store(root)
    try:
        f = store.read("indicators")
    finally:
        store.close()
    return {(normalise_code(str(c)), int(y)) for c, y in zip(f["indicator_code"], f["fiscal_year"], strict=True)}


async def wait_app(page, timeout_ms: int) -> None:
    """Until the Streamlit app in ``page`` has finished running (the browser tests' condition)."""
    from tests.browser import APP_DONE_JS

    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    await page.wait_for_function(APP_DONE_JS, timeout=timeout_ms)
