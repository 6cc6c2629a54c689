import threading
from pathlib import Path

import pandas as pd
import pytest

from kpi_model.errors import KpiError, StoreInvalid, StoreLocked
from kpi_model.store import Filters, Store
from tests.factories import small_tables
from tests.stores import StoreTemplates, small_store_of


def tree(root: Path) -> dict[str, bytes]:
    """Every byte of the store's data: versions and CURRENT (not the writer's lock file, nor the
    import log, which records rejected imports on purpose)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".lock", "import_log.jsonl")
    }


@pytest.fixture
def store(tmp_path, store_templates: StoreTemplates) -> Store:
    """small_tables(), written (a copy of the store tests.stores.small_store_of builds once)."""
    return store_templates.copy(small_store_of, tmp_path / "data")


def test_a_hostile_agency_code_is_a_value_not_sql(store):
    assert len(store.select("quarter_scores")) == 12
    hostile = Filters(agency_codes=("0402' OR '1'='1",))
    assert len(store.select("quarter_scores", hostile)) == 0
    assert store.rollup(["agency_code"], hostile) == []


def test_filters_narrow_by_agency_year_quarter_and_strategy_branch(store):
    assert len(store.select("quarter_scores", Filters(agency_codes=("0402",)))) == 8
    assert len(store.select("quarter_scores", Filters(quarters=(1,)))) == 3
    assert len(store.select("quarter_scores", Filters(strategy="7.3"))) == 8
    assert len(store.select("quarter_scores", Filters(strategy="2", fiscal_years=(2564,)))) == 4
    assert len(store.select("quarter_scores", Filters(fiscal_years=(2565,)))) == 0


def test_rollup_by_agency_matches_hand_worked_weights(store):
    q2 = {r.key: r for r in store.rollup(["agency_code"], Filters(quarters=(2,)))}
    # 0402-0001: 6/12 = 0.5 against plan 0.5 → 100 (weight 2); 0402-0002 not reported
    assert q2[("0402",)].mean_score_100 == pytest.approx(100.0)
    assert q2[("0402",)].share_no_data == 0.5
    # 5047-0712: 20/12 = 1.667 / 0.5 → capped 100
    assert q2[("5047",)].mean_score_100 == pytest.approx(100.0)
    q1 = {r.key: r for r in store.rollup(["agency_code"], Filters(quarters=(1,)))}
    # (2 × (3/12/0.25 = 1.0 → 100) + 1 × (1/12/0.25 = 0.333 → 33.33)) / 3 = 77.78
    assert q1[("0402",)].mean_score_100 == pytest.approx((2 * 100 + 100 / 3) / 3)


def test_every_quarter_appears_with_no_data_when_unreported(store):
    rows = store.select("quarter_scores", Filters(indicator_codes=("0402-0002",)), order_by=["quarter"])
    assert rows["status"].tolist() == ["behind", "no_data", "no_data", "no_data"]
    assert rows["plan_source"].tolist() == ["assumed"] * 4


def test_missing_values_are_null_not_zero(store):
    results = store.read("quarterly_results")
    row = results[(results.indicator_code == "0402-0002") & (results.quarter == 2)]
    assert pd.isna(row["actual"].iloc[0])
    assert pd.isna(store.read("indicators")["achieved"]).all()


def test_a_rejected_write_leaves_the_store_byte_for_byte(store):
    before = tree(store.root)
    tables = small_tables()
    tables["quarterly_results"].loc[0, "quarter"] = 5
    with pytest.raises(StoreInvalid) as err:
        store.write(tables)
    assert "quarterly_results, row 1, column quarter" in str(err.value)
    assert tree(store.root) == before


def test_a_write_makes_a_new_version_and_keeps_old_ones(store):
    first = store.version()
    tables = small_tables()
    tables["indicators"].loc[0, "target"] = 24.0
    second = store.write(tables)
    assert second != first and store.version() == second
    assert [v.id for v in store.versions()][:2] == [second, first]
    assert store.read("indicators")["target"].iloc[0] == 24.0


def test_only_a_few_versions_are_kept(store):
    for _ in range(store.cfg.versions_kept + 2):
        store.write(small_tables())
    assert len(store.versions()) == store.cfg.versions_kept


def test_a_second_writer_is_told_the_store_is_busy(store):
    held = threading.Event()
    release = threading.Event()

    def hold():
        with store.writer_lock():
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(StoreLocked):
            store.write(small_tables(), wait_seconds=0.1)
    finally:
        release.set()
        t.join()


def test_the_connection_cannot_read_outside_the_store(store, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n")
    with pytest.raises(Exception, match=r"disabled|Permission"):
        store.sql(f"SELECT * FROM read_csv('{outside}')")


def test_unknown_tables_and_columns_are_refused(store):
    with pytest.raises(KpiError):
        store.select("pg_catalog")
    with pytest.raises(KpiError):
        store.select("indicators", columns=["name_th; DROP TABLE indicators"])
    with pytest.raises(KpiError):
        store.rollup(["name_th"])


def test_a_flat_folder_of_csv_tables_is_a_store(tmp_path):
    for name, frame in small_tables().items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    flat = Store(tmp_path)
    assert flat.exists() and flat.version().startswith("flat-")
    assert flat.check() == []
    assert len(flat.select("quarter_scores")) == 12
    assert flat.read("indicators")["indicator_code"].tolist() == ["0402-0001", "0402-0002", "5047-0712"]


def test_no_store_says_how_to_make_one(tmp_path):
    with pytest.raises(KpiError, match="python -m kpi_model demo"):
        Store(tmp_path / "empty").version()


def test_rollback_makes_an_old_version_current_as_a_new_version(store):
    first = store.version()
    tables = small_tables()
    tables["indicators"].loc[0, "target"] = 99.0
    store.write(tables)
    back = store.rollback(first)
    assert store.version() == back != first
    assert store.read("indicators")["target"].iloc[0] == 12.0
    assert store.versions()[0].note == f"rollback to {first}"


def test_rollback_refuses_anything_but_a_kept_version(store):
    for bad in ("../../etc", ".tmp-x", "20990101T000000000000Z"):
        with pytest.raises(KpiError, match="no kept version"):
            store.rollback(bad)


# -- one snapshot per answer (issue 11, item 2) ------------------------------------------------


def _with_third_agency() -> dict[str, pd.DataFrame]:
    tables = small_tables()
    extra = tables["agencies"].iloc[[0]].assign(agency_code="0403", name_th="สำนักอื่น")
    tables["agencies"] = pd.concat([tables["agencies"], extra], ignore_index=True)
    return tables


def _import_after_first_select(store, monkeypatch) -> list[str]:
    """Make the first ``select`` of ``store`` be followed by an import (a new version)."""
    written: list[str] = []
    real = Store.select

    def select_then_import(self, *args, **kwargs):
        out = real(self, *args, **kwargs)
        if not written:
            written.append(Store(self.root).write(_with_third_agency(), note="an import"))
        return out

    monkeypatch.setattr(Store, "select", select_then_import)
    return written


def test_queries_inside_a_pin_read_one_version_while_an_import_swaps_current(store, monkeypatch):
    first = store.version()
    written = _import_after_first_select(store, monkeypatch)
    with store.pinned(first) as pinned:
        before = len(store.select("agencies"))
        after = len(store.select("agencies"))  # CURRENT has moved in between
        assert store.version() == pinned == first
        assert store.meta().id == first
    assert written and written[0] != first
    assert (before, after) == (2, 2)
    assert store.version() == written[0] and len(store.select("agencies")) == 3


def test_without_a_pin_the_same_two_queries_would_mix_versions(store, monkeypatch):
    """What the pin prevents (and what the dashboard did before it pinned its loads)."""
    _import_after_first_select(store, monkeypatch)
    assert [len(store.select("agencies")), len(store.select("agencies"))] == [2, 3]


def test_read_tables_reads_every_table_from_one_version(store, monkeypatch):
    """An import lands after the first table is read; the rest still come from that version."""
    real = Store.read
    calls: list[str] = []

    def read_then_import(self, table):
        out = real(self, table)
        if not calls:
            tables = small_tables()
            tables["quarterly_results"] = tables["quarterly_results"].iloc[:2]
            Store(self.root).write(tables, note="an import")
        calls.append(table)
        return out

    monkeypatch.setattr(Store, "read", read_then_import)
    tables = store.read_tables()
    assert calls[0] != "quarterly_results"
    assert len(tables["quarterly_results"]) == 6  # the first version's, not the import's 2


def test_old_versions_connections_close_once_no_cursor_or_pin_uses_them(store):
    first = store.version()
    with store.pinned(first):
        store.select("agencies")
        second = store.write(small_tables(), note="an import")
        store.select("agencies")
        assert first in store._cons
    store.select("agencies")  # a read of the new current version
    assert set(store._cons) == {second}


# -- the import log (issue 11, item 5) ---------------------------------------------------------


def test_a_damaged_line_in_the_middle_of_the_import_log_is_reported(store):
    store.log({"user": "a"})
    store.log({"user": "b"})
    path = store.root / "import_log.jsonl"
    first, second = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(first + b"\xff\xfe not json\n" + b"[1, 2]\n" + second)
    got = store.read_import_log()
    assert [e["user"] for e in got.entries] == ["a", "b"]
    assert got.damaged == [2, 3]
    assert [e["user"] for e in store.import_log()] == ["a", "b"]


def test_a_torn_last_line_is_tolerated_and_the_next_line_stays_whole(store):
    store.log({"user": "a"})
    path = store.root / "import_log.jsonl"
    path.write_bytes(path.read_bytes() + b'{"user": "torn by a cr')  # a crash mid-write
    got = store.read_import_log()
    assert [e["user"] for e in got.entries] == ["a"] and got.damaged == []
    store.log({"user": "c"})  # the next import: its line is not glued to the torn one
    got = store.read_import_log()
    assert [e["user"] for e in got.entries] == ["a", "c"]
    assert got.damaged == [2]  # the torn line, now in the middle, is said to be damaged


# -- the store package (issue 12) ------------------------------------------------------------


def test_filters_are_a_plain_value_only_the_store_turns_into_sql():
    from kpi_model.store.filters import where

    chosen = Filters(agency_codes=("0402",), quarters=(1, 2), strategy="7.3")
    assert not hasattr(chosen, "where")
    assert where(chosen, "quarter_scores") == (
        "where agency_code in (?) and quarter in (?, ?) and strategy_2 = ?",
        ["0402", 1, 2, "7.3"],
    )
    assert where(chosen, "agencies") == ("where agency_code in (?)", ["0402"])
    assert where(Filters(), "quarter_scores") == ("", [])


def test_every_query_file_is_lowercase_sql_the_store_loads_by_name():
    from kpi_model.store import queries

    folder = Path(queries.__file__).parent / "queries"
    names = sorted(p.stem for p in folder.glob("*.sql"))
    source = Path(queries.__file__).read_text(encoding="utf-8")
    assert names and [n for n in names if f'sql("{n}")' not in source] == []
    for name in names:
        code = "\n".join(line for line in queries.sql(name).splitlines() if not line.startswith("--"))
        assert code == code.lower(), name


def test_a_version_scored_under_other_rules_is_scored_again_on_read(tmp_path):
    """A store written before a rule changed (its meta names another scoring, its derived files
    lack the new columns) shows the verdicts of the rules in force, computed in memory."""
    import json

    import pyarrow.parquet as pq

    from tests.factories import small_tables

    store = Store(tmp_path / "s")
    store.write(small_tables(), note="t")
    version = store.version()
    folder = tmp_path / "s" / "versions" / version
    for path in folder.glob("annual_scores/*.parquet"):
        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["rule", "inferences"]), path)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["scoring"] = "an-older-scoring"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    annual = Store(tmp_path / "s").read("annual_scores")
    assert "rule" in annual.columns and set(annual["rule"]) <= {"higher", "no_result", "target_missing"}
    assert set(annual["status"]) <= {"met", "not_met", "no_data"}  # FY 2564 is closed
