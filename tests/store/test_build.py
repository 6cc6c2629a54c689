"""A write costs what it changes (kpi_model.store.build): only the fiscal years a change touches
are written, the rest are hard links to the parent's files, and the result is exactly what a
write of the whole store would give."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from kpi_model.importer.batch import import_paths
from kpi_model.schema import SOURCE_TABLES
from kpi_model.settings import save_setting
from kpi_model.store import Store, build
from kpi_model.store.build import DERIVED, PER_INDICATOR, buckets_for
from tests.store.test_scoring import assert_same
from tests.stores import StoreTemplates, demo_copy, demo_store_of, first_demo_page

DERIVED_AND_SOURCES = (*SOURCE_TABLES, *DERIVED)


@pytest.fixture
def store(tmp_path, store_templates: StoreTemplates) -> Store:
    """The demo store, one version (a copy of the one tests.stores.demo_store_of builds once)."""
    return store_templates.copy(demo_store_of, tmp_path / "store")


def _version_dir(store: Store) -> Path:
    return store.root / "versions" / store.version()


def _inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*.parquet")}


def _tables(store: Store) -> dict[str, pd.DataFrame]:
    return {t: store.read(t) for t in DERIVED_AND_SOURCES}


def assert_same_as_a_whole_write(store: Store, tmp_path: Path) -> None:
    """The store's derived tables equal those of its source tables written anew, in full."""
    whole = Store(tmp_path / "whole")
    whole.write(store.read_tables(), import_flags=store.read("import_flags"), note="whole")
    mine = {t: store.read(t) for t in DERIVED}
    theirs = {t: whole.read(t) for t in DERIVED}
    assert_same(theirs, mine)


def test_importing_one_page_writes_only_its_year_and_links_the_rest(store, tmp_path):
    before_dir = _version_dir(store)
    before = _inodes(before_dir)
    page = first_demo_page(tmp_path / "pages")
    fy = int(page.read_text(encoding="utf-8").split("ปี ", 1)[1][:4])
    result = import_paths(store, [page])
    assert result.rejected == [] and result.replaced == 1
    after = _inodes(_version_dir(store))
    for name, inode in after.items():
        if name.endswith(".parquet") and "/" in name:
            linked = inode == before.get(name)
            assert linked == (not name.split("/")[1].startswith(f"fy{fy}-")), name
    assert sum(1 for n in after if f"/fy{fy}-" in n) == len(PER_INDICATOR) + len(DERIVED)  # one bucket a year
    assert_same_as_a_whole_write(store, tmp_path)


def test_a_changed_page_is_scored_again_and_nothing_else_moves(store, tmp_path):
    page = first_demo_page(tmp_path / "pages")
    code, fy = page.stem.rsplit("_", 1)[0], int(page.stem.rsplit("_", 1)[1])
    lines = page.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("ผลงานที่ทำได้"))
    lines[at] = lines[at].rsplit(":", 1)[0] + ": 0.00"  # the year's result, now 0
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    old_annual = store.read("annual_scores")
    assert import_paths(store, [page]).rejected == []
    new_annual = store.read("annual_scores")
    mine = (new_annual.indicator_code == code) & (new_annual.fiscal_year == fy)
    assert new_annual.loc[mine, "achieved"].tolist() == [0.0]
    key = ["indicator_code", "fiscal_year"]
    others_old = old_annual[~((old_annual.indicator_code == code) & (old_annual.fiscal_year == fy))]
    pd.testing.assert_frame_equal(
        others_old.sort_values(key).reset_index(drop=True), new_annual[~mine].sort_values(key).reset_index(drop=True)
    )
    assert_same_as_a_whole_write(store, tmp_path)


def test_an_every_year_setting_rescores_that_indicator_in_every_year(store, tmp_path):
    code = "0402-0810"
    before = _inodes(_version_dir(store))
    result = save_setting(store, {"indicator_code": code, "fiscal_year": None, "direction": "higher"}, "tester")
    assert result.rejected == []
    annual = store.read("annual_scores")
    mine = annual[annual.indicator_code == code]
    assert len(mine) >= 1 and set(mine["direction_source"]) == {"analyst"}
    after = _inodes(_version_dir(store))
    years = set(mine["fiscal_year"].astype(int))
    for name, inode in after.items():
        if name.startswith(("quarter_scores/", "annual_scores/", "quality_flags/")):
            assert (inode == before.get(name)) == (int(name.split("fy")[1][:4]) not in years), name
        elif name.startswith(("indicators/", "quarterly_results/", "indicator_levels/")):
            assert inode == before[name], name  # a setting changes no source row
    assert_same_as_a_whole_write(store, tmp_path)


def test_a_new_agency_code_rescores_every_indicator(store, tmp_path):
    page = first_demo_page(tmp_path / "pages")
    code = page.stem.rsplit("_", 1)[0]
    page.write_text(page.read_text(encoding="utf-8").replace(code, "9999-" + code.split("-")[1]), encoding="utf-8")
    assert import_paths(store, [page]).rejected == []
    flags = store.read("quality_flags")
    assert ((flags.code == "unknown_agency") & (flags.agency_code == "9999")).sum() == 1
    before = _inodes(_version_dir(store))
    csv = tmp_path / "agencies.csv"
    pd.DataFrame([{"agency_code": "9999", "name_th": "หน่วยงานใหม่", "kind": "office"}]).to_csv(csv, index=False)
    assert import_paths(store, [csv], table="agencies").rejected == []
    flags = store.read("quality_flags")
    assert not ((flags.code == "unknown_agency") & (flags.agency_code == "9999")).any()
    after = _inodes(_version_dir(store))
    assert all(after[n] != before[n] for n in after if n.startswith("quality_flags/"))  # scored again, all years
    assert_same_as_a_whole_write(store, tmp_path)


def test_rollback_links_a_partitioned_version_whole(store, tmp_path):
    first = store.version()
    page = first_demo_page(tmp_path / "pages")
    import_paths(store, [page])
    store.rollback(first)
    assert _inodes(_version_dir(store)) == _inodes(store.root / "versions" / first)
    assert store.check() == []


def test_a_store_in_the_old_layout_is_merged_whole_once_then_partitioned(tmp_path, store_templates):
    """A version of one file per table (written before partitions) reads, and the next import
    writes the whole store partitioned."""
    old = store_templates.copy(demo_store_of, tmp_path / "old")
    folder = _version_dir(old)
    for table in (*PER_INDICATOR, *DERIVED):
        files = sorted((folder / table).glob("*.parquet"))
        pd.concat([pd.read_parquet(f) for f in files]).to_parquet(folder / f"{table}.parquet", index=False)
        for f in files:
            os.unlink(f)
        (folder / table).rmdir()
    meta = (folder / "meta.json").read_text(encoding="utf-8").replace('"layout": 3', '"layout": 1')
    (folder / "meta.json").write_text(meta, encoding="utf-8")
    old.close()
    old = Store(tmp_path / "old")
    assert not old.partitioned() and len(old.read("quarter_scores")) > 9000
    page = first_demo_page(tmp_path / "pages")
    assert import_paths(old, [page]).rejected == []
    assert old.partitioned()
    assert_same_as_a_whole_write(old, tmp_path)


def test_buckets_grow_with_the_store_in_powers_of_two():
    assert [buckets_for(n) for n in (0, 9_860, 100_000, 100_001, 1_250_000, 10**9)] == [1, 1, 1, 2, 16, 64]


def test_a_bigger_store_cut_in_buckets_rewrites_only_the_bucket_of_the_page(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "ROWS_PER_BUCKET", 500)  # the demo's ~2,500 rows a year: 8 buckets
    store = Store(tmp_path / "store")
    store.write(demo_copy(), note="demo")
    assert json.loads((_version_dir(store) / "meta.json").read_text(encoding="utf-8"))["buckets"] == 8
    before = _inodes(_version_dir(store))
    assert len([n for n in before if n.startswith("quarter_scores/")]) > 4 * 4
    page = first_demo_page(tmp_path / "pages")
    assert import_paths(store, [page]).rejected == []
    after = _inodes(_version_dir(store))
    rewritten = {n for n in after if "/" in n and after[n] != before.get(n)}  # the small tables are written anew
    assert {n.split("/")[0] for n in rewritten} == {*PER_INDICATOR, *DERIVED}
    assert len(rewritten) == len(PER_INDICATOR) + len(DERIVED)  # one partition of each table
    assert_same_as_a_whole_write(store, tmp_path)
