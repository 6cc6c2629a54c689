"""The review queue of inferences (DESIGN §6): the two settings columns that hold decisions
(checked on import, read by every store, merged year over every year), the queue itself, the
decision a review writes and the verdicts either way.

Numbers worked by hand:

* 0402-0003 "จำนวนผู้ป่วย ไม่เกิน 60 ราย", direction lower inferred from the wording, cumulative
  4 / 12 / 25 / 41, annual 41. Lower (now): caps 15 / 30 / 45 / 60 → ratios 3.75 / 2.5 / 1.8 /
  1.46 → met ×4; the year 60 / 41 = 1.46 → met. Decided otherwise (higher): progress 4/60 =
  0.067 / 0.2 / 0.417 / 0.683 against 0.25 / 0.5 / 0.75 / 1 → ratios 0.27 / 0.4 / 0.56 /
  0.68 → behind ×4; the year 41 / 60 = 0.68 → not met (FY 2564 is closed).
* 0402-0004 target 0 with no lower word: a placeholder (``target_zero``), no verdict (no_data);
  decided otherwise (0 means none at all, lower): results 0, 0 → met in Q1–Q2, no data after;
  the year (no annual result) no data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model import views
from kpi_model.achievement import AnalystSetting
from kpi_model.derive import setting_for, settings_index
from kpi_model.importer.batch import import_paths
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.settings_table import SETTINGS
from kpi_model.inference import CONFIRMED, OTHERWISE
from kpi_model.review import PendingItem, Verdicts, decision_row, pending_items
from kpi_model.schema import TABLES, coerce_frame
from kpi_model.settings import export_settings, record_decision, save_setting
from kpi_model.store import Store
from tests.factories import REVIEW_LOWER as LOWER
from tests.factories import REVIEW_ZERO as ZERO
from tests.factories import review_tables
from tests.stores import StoreTemplates, review_store_of

OLD_HEADER = "indicator_code,fiscal_year,direction,accumulation,plan_q1,plan_q2,plan_q3,plan_q4,max_level,weight,note,set_by,set_at"
SNAPSHOT = "5047-0712|2564|looks_like_snapshot"  # small_tables' 0 / 20 against 12
QUEUE = [f"{LOWER}|2564|direction_inferred", f"{ZERO}|2564|target_zero", SNAPSHOT]
MET4 = ((1, "met"), (2, "met"), (3, "met"), (4, "met"))
BEHIND4 = ((1, "behind"), (2, "behind"), (3, "behind"), (4, "behind"))


@pytest.fixture
def store(tmp_path, store_templates: StoreTemplates) -> Store:
    """review_tables(), written (a copy of the store tests.stores.review_store_of builds once)."""
    return store_templates.copy(review_store_of, tmp_path / "store")


def keys(store: Store, **filters) -> list[str]:
    return [i.pending.key for i in views.review_queue(store, **filters).items]


def settings_file(tmp_path, rows: list[str], header: str = OLD_HEADER + ",unmeasured_quarters,decisions") -> str:
    path = tmp_path / "indicator_settings.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


# ---- the two columns -------------------------------------------------------------------------
def test_a_bad_decisions_or_quarters_cell_is_rejected_by_file_row_and_column(store, tmp_path):
    before = store.version()
    path = settings_file(
        tmp_path,
        [
            f"{LOWER},2564,,,,,,,,,,,,,direction_inferred=confirmed",
            f"{ZERO},2564,,,,,,,,,,,,,target_zero=maybe",
            f"{LOWER},,,,,,,,,,,,,1;5,",
        ],
    )
    got = import_paths(store, [path], user="somchai")
    where = [(p.file, p.row, p.column) for p in got.rejected]
    assert where == [
        ("indicator_settings.csv", 4, "unmeasured_quarters"),
        ("indicator_settings.csv", 3, "decisions"),
    ]
    assert "'target_zero=maybe'" in got.rejected[1].message_en and "confirmed" in got.rejected[1].message_en
    assert "'5'" in got.rejected[0].message_en
    assert store.version() == before


def test_a_settings_file_written_before_the_decision_columns_still_imports(store, tmp_path):
    path = settings_file(tmp_path, [f"{LOWER},2564,,,,,,,,2,,,"], header=OLD_HEADER)
    assert not import_paths(store, [path], user="somchai").rejected
    row = store.read(SETTINGS).iloc[0]
    assert row["weight"] == 2 and pd.isna(row["unmeasured_quarters"]) and pd.isna(row["decisions"])


def test_the_decision_columns_round_trip_through_export_and_import(store, tmp_path):
    save_setting(
        store,
        {
            "indicator_code": LOWER,
            "fiscal_year": 2564,
            "unmeasured_quarters": "2, 1",
            "decisions": "target_zero=otherwise",
        },
        user="somchai",
    )
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"settings{suffix}"
        assert export_settings(store, out) == 1
        kept = store.read(SETTINGS)
        assert not import_paths(store, [out], user="somchai", table=SETTINGS).rejected
        pd.testing.assert_frame_equal(store.read(SETTINGS), kept)
    row = store.read(SETTINGS).iloc[0]
    assert (row["unmeasured_quarters"], row["decisions"]) == ("2, 1", "target_zero=otherwise")


def test_a_store_version_written_before_the_columns_reads_them_as_null(store, tmp_path):
    import pyarrow.parquet as pq

    save_setting(store, {"indicator_code": LOWER, "fiscal_year": 2564, "weight": "3"}, user="somchai")
    version_dir = store.root / "versions" / store.version()
    path = version_dir / "indicator_settings.parquet"
    old = pq.read_table(path).drop(["unmeasured_quarters", "decisions"])
    pq.write_table(old, path)  # as a version written before the columns existed
    reader = Store(store.root)
    assert list(reader.select(SETTINGS).columns)[-2:] == ["unmeasured_quarters", "decisions"]
    assert reader.read(SETTINGS)["decisions"].isna().all()
    assert reader.check() == []
    assert keys(reader) == QUEUE
    # and the next write over it carries the columns again
    assert not save_setting(reader, {"indicator_code": ZERO, "fiscal_year": 2564, "weight": "1"}, user="malee").rejected
    assert reader.read(SETTINGS)["weight"].tolist() == [3.0, 1.0]


def test_a_flat_folder_of_old_csv_tables_is_still_a_store(tmp_path):
    from kpi_model.importer.tables import write_table_csv

    flat = tmp_path / "flat"
    flat.mkdir()
    for name, frame in review_tables().items():
        write_table_csv(frame, flat / f"{name}.csv")
    (flat / "indicator_settings.csv").write_text(OLD_HEADER + f"\n{LOWER},2564,,,,,,,,2,,,\n", encoding="utf-8")
    s = Store(flat)
    assert s.check() == []
    assert keys(s) == QUEUE


def test_the_setting_in_force_merges_decisions_year_over_every_year():
    frame = coerce_frame(
        SETTINGS,
        pd.DataFrame(
            [
                {
                    "indicator_code": "0402-810",
                    "fiscal_year": None,
                    "unmeasured_quarters": "1",
                    "decisions": "direction_inferred=confirmed; target_zero=confirmed",
                },
                {"indicator_code": "0402-0810", "fiscal_year": 2564, "decisions": "target_zero=otherwise"},
            ],
            columns=TABLES[SETTINGS].names,
        ),
    )
    index = settings_index(frame)
    year = setting_for(index, "0402-0810", 2564)
    assert year is not None
    assert year.decisions == (("direction_inferred", "confirmed"), ("target_zero", "otherwise"))
    assert year.unmeasured_quarters == (1,)  # the year says nothing: the every-year value holds
    other = setting_for(index, "0402-0810", 2565)
    assert other is not None and other.decision("target_zero") == "confirmed"
    assert index[("0402-0810", 2564)].unmeasured_quarters is None
    assert AnalystSetting(unmeasured_quarters=()).unmeasured_quarters == ()


# ---- the queue -------------------------------------------------------------------------------
def test_the_queue_lists_each_inference_with_its_evidence_and_the_verdict_either_way(store):
    queue = views.review_queue(store)
    assert [i.pending.key for i in queue.items] == QUEUE
    assert (queue.count, queue.indicator_count) == (3, 3)
    lower, zero, snapshot = queue.items
    assert lower.pending == PendingItem(
        LOWER,
        2564,
        "direction_inferred",
        "0402",
        "สำนักงานการเจ้าหน้าที่",
        "Personnel Office",
        (),
        "ทิศทาง “ยิ่งต่ำยิ่งดี” อนุมานจากข้อความ: พบคำว่า “ไม่เกิน” ในชื่อตัวชี้วัด",
        "lower-is-better inferred from the wording: “ไม่เกิน” (at most) in the name",
    )
    assert lower.name_th == "จำนวนผู้ป่วย ไม่เกิน 60 ราย"
    assert lower.now == Verdicts(MET4, "met")
    assert lower.otherwise == Verdicts(BEHIND4, "not_met") and lower.changes is True
    assert zero.pending.code == "target_zero" and zero.pending.quarters == ()
    assert zero.now == Verdicts(tuple((q, "no_data") for q in (1, 2, 3, 4)), "no_data")
    assert zero.otherwise == Verdicts(((1, "met"), (2, "met"), (3, "no_data"), (4, "no_data")), "no_data")
    table = views.review_table(queue, "en")
    assert list(table.columns) == list(views.REVIEW_TABLE_COLUMNS)
    first = table.iloc[0].to_dict()
    assert pd.isna(first.pop("quarters"))  # a kind about the whole indicator: no quarter
    assert first == {
        "agency_name": "0402 Personnel Office",
        "indicator_code": LOWER,
        "name": "จำนวนผู้ป่วย ไม่เกิน 60 ราย",
        "fiscal_year": "FY 2564 (2021)",
        "inference": "lower-is-better inferred from the wording",
        "evidence": lower.pending.evidence_en,
        "verdict_now": "Q1 Met · Q2 Met · Q3 Met · Q4 Met · year Met",
        "verdict_otherwise": "Q1 Behind · Q2 Behind · Q3 Behind · Q4 Behind · year Not met",
        "verdict_changes": "changes",
    }
    assert snapshot.otherwise == snapshot.now and snapshot.changes is False  # cumulative is the default
    assert views.review_summary(store) == (3, 3)


def test_the_queue_follows_the_fiscal_year_and_agency_filters(store):
    assert keys(store, fiscal_years=(2565,)) == []
    assert keys(store, agency_codes=("9999",)) == []
    assert keys(store, fiscal_years=(2564,), agency_codes=("0402",)) == QUEUE[:2]
    assert keys(store, agency_codes=("5047",), fiscal_years=(2564,)) == [SNAPSHOT]


def test_per_quarter_kinds_are_one_item_listing_their_quarters():
    flags = pd.DataFrame(
        [
            (LOWER, 2564, q, "not_yet_measured", f"ไตรมาส {q}: อยู่ระหว่างสรุปผล", f"Q{q}: being summarised", "0402")
            for q in (2, 1)
        ]
        + [(LOWER, 2564, 3, "result_without_report", "x", "x", "0402")],
        columns=["indicator_code", "fiscal_year", "quarter", "code", "message_th", "message_en", "agency_code"],
    )
    [item] = pending_items(flags, {})
    assert (item.code, item.quarters) == ("not_yet_measured", (1, 2))
    assert item.evidence_en == "Q1: being summarised · Q2: being summarised"


def test_a_decision_in_the_every_year_row_takes_the_item_off_the_queue(store):
    save_setting(store, {"indicator_code": "0402-4", "decisions": "target_zero=confirmed"}, user="somchai")
    assert keys(store) == [QUEUE[0], SNAPSHOT]  # codes matched on their normalised form


# ---- deciding --------------------------------------------------------------------------------
def test_confirming_and_deciding_otherwise_each_leave_the_queue_and_the_verdicts_follow(store):
    lower, zero, _ = views.review_queue(store).items
    done = record_decision(store, lower.pending, CONFIRMED, "somchai", note="ตรวจกับหน่วยงานแล้ว")
    assert not done.rejected and done.version == store.version()
    assert keys(store) == QUEUE[1:]
    assert not record_decision(store, zero.pending, OTHERWISE, "malee").rejected
    assert keys(store) == [SNAPSHOT]
    rows = store.read(SETTINGS).set_index("indicator_code")
    assert rows.loc[LOWER, ["direction", "decisions", "note", "set_by"]].tolist() == [
        "lower",
        "direction_inferred=confirmed",
        "ตรวจกับหน่วยงานแล้ว",
        "somchai",
    ]
    assert rows.loc[ZERO, ["direction", "decisions", "set_by"]].tolist() == ["lower", "target_zero=otherwise", "malee"]
    statuses = store.select("quarter_scores", columns=["indicator_code", "quarter", "status"])
    zero_now = statuses[statuses["indicator_code"] == ZERO]["status"].tolist()
    assert zero_now == ["met", "met", "no_data", "no_data"]  # what the queue said "otherwise" would be
    lower_now = statuses[statuses["indicator_code"] == LOWER]["status"].tolist()
    assert lower_now == ["met"] * 4  # confirmed: as before
    assert [e["user"] for e in store.import_log()[-2:]] == ["somchai", "malee"]


def test_a_decision_for_every_year_is_written_to_the_every_year_row(store):
    lower = views.review_queue(store).items[0]
    assert not record_decision(store, lower.pending, CONFIRMED, "somchai", every_year=True).rejected
    [row] = store.read(SETTINGS).to_dict("records")
    assert pd.isna(row["fiscal_year"]) and (row["direction"], row["decisions"]) == (
        "lower",
        "direction_inferred=confirmed",
    )
    assert keys(store) == QUEUE[1:]
    quarterly = PendingItem(ZERO, 2564, "not_yet_measured", "0402", None, None, (1,), "", "")
    refused = record_decision(store, quarterly, CONFIRMED, "somchai", every_year=True)
    assert refused.rejected and len(store.read(SETTINGS)) == 1  # a year's own quarters: never every year


def test_a_decision_keeps_every_other_field_of_the_stored_row(store):
    save_setting(
        store,
        {
            "indicator_code": ZERO,
            "fiscal_year": 2564,
            "plan_q1": "10",
            "plan_q4": "100",
            "weight": "2",
            "note": "แผนจากหน่วยงาน",
            "decisions": "direction_inferred=confirmed",
        },
        user="malee",
    )
    zero = views.review_queue(store).items[1]
    assert not record_decision(store, zero.pending, OTHERWISE, "somchai", note="0 คือไม่ให้เกิดเลย").rejected
    [row] = store.read(SETTINGS).to_dict("records")
    assert (row["plan_q1"], row["plan_q4"], row["weight"]) == (10.0, 100.0, 2.0)
    assert row["note"] == "แผนจากหน่วยงาน · 0 คือไม่ให้เกิดเลย"
    assert row["decisions"] == "direction_inferred=confirmed; target_zero=otherwise"
    assert (row["direction"], row["set_by"]) == ("lower", "somchai")


def test_decision_row_writes_the_fields_of_the_inference_and_nothing_else():
    stored = {"indicator_code": "0402-810", "fiscal_year": 2564, "weight": 2.0, "decisions": None}
    row = decision_row(stored, "0402-0810", 2564, "not_yet_measured", CONFIRMED, (1, 2))
    assert row == {
        "indicator_code": "0402-810",
        "fiscal_year": 2564,
        "weight": 2.0,
        "decisions": "not_yet_measured=confirmed",
        "unmeasured_quarters": "1,2",
    }
    fresh = decision_row(None, "0402-0810", 2564, "looks_like_snapshot", OTHERWISE)
    assert fresh["accumulation"] == "cumulative" and fresh["indicator_code"] == "0402-0810"


def test_a_fiscal_year_is_never_decided_otherwise_by_a_setting(store):
    item = PendingItem(LOWER, 2564, "fiscal_year_inferred", "0402", None, None, (), "", "")
    before = store.version()
    got = record_decision(store, item, OTHERWISE, "somchai")
    assert got.rejected and got.rejected[0].column == "decisions" and store.version() == before
    assert not record_decision(store, item, CONFIRMED, "somchai").rejected
    assert store.read(SETTINGS)["decisions"].tolist() == ["fiscal_year_inferred=confirmed"]


def test_an_item_decided_meanwhile_is_not_decided_twice(store):
    lower = views.review_queue(store).items[0]
    assert not record_decision(store, lower.pending, CONFIRMED, "somchai").rejected
    before = store.version()
    late = record_decision(store, lower.pending, OTHERWISE, "malee")
    assert late.rejected and "decided already" in late.rejected[0].message_en
    assert store.version() == before


def test_the_queue_downloads_as_shown_with_formulas_neutralised(tmp_path):
    import csv
    import io

    from kpi_model.export import shown_table_bytes

    tables = review_tables()
    tables["indicators"].loc[tables["indicators"]["indicator_code"] == LOWER, "name_th"] = (
        '=HYPERLINK("http://x") ไม่เกิน 60 ราย'
    )
    s = Store(tmp_path / "hostile")
    s.write(tables)
    table = views.review_table(views.review_queue(s), "th")
    raw = shown_table_bytes(table, views.review_headers("th"), ".csv", "คิว")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["รหัส"] for r in rows] == [LOWER, ZERO, "5047-0712"]
    assert rows[0]["ชื่อตัวชี้วัด"] == '\'=HYPERLINK("http://x") ไม่เกิน 60 ราย'
    assert rows[0]["ผลที่คำนวณถ้าตัดสินเป็นอย่างอื่น"].startswith("ไตรมาส 1 ต่ำกว่าเป้าหมาย")


def test_the_quality_page_s_count_equals_the_queue_item_by_item(store, demo_store):
    """views.review_summary counts without building the items (issue 24: ~770,000 of them on
    the 5 M-row store); it must say what the queue holds: before and after decisions (one for
    every year, matched on the normalised code), per year and agency, and on the demo store."""
    from kpi_model.derive import settings_index
    from kpi_model.review import pending_counts

    def queue_figures(s, years=(), agencies=()):
        q = views.review_queue(s, years, agencies)
        return q.count, q.indicator_count

    assert views.review_summary(store) == queue_figures(store) == (3, 3)
    save_setting(store, {"indicator_code": "0402-4", "decisions": "target_zero=confirmed"}, user="somchai")
    assert views.review_summary(store) == queue_figures(store) == (2, 2)
    for years, agencies in (((2564,), ()), ((), ("0402",)), ((2563,), ()), ((), ("9999",)), ((), ("5047",))):
        assert views.review_summary(store, years, agencies) == queue_figures(store, years, agencies)
    flags = demo_store.select("quality_flags")
    settings = settings_index(demo_store.read("indicator_settings"))
    assert pending_counts(flags, settings) == (
        len(items := pending_items(flags, settings)),
        len({normalise_code(i.indicator_code) for i in items}),
    )
