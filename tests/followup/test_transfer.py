"""Import of actions from CSV/XLSX (all or nothing, faults by file, row and column), export
neutralised with Thai headers, backup and restore round trip — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from kpi_model.errors import ImportRejected, KpiError
from kpi_model.followup import (
    Account,
    FollowupDB,
    add_action,
    add_comment,
    followup_of,
    history_of,
    note_key,
    open_followup,
    save_analysis,
    update_action,
)
from kpi_model.followup import schema as t
from kpi_model.followup.transfer import ACTION_COLUMNS, backup, export_followup, import_actions, restore

KNOWN = ["0402-0810", "0402-0811", "0501-0007"]
HEADER = "indicator_code,fiscal_year,quarter,action,owner,due_date,status\n"


def write(tmp_path: Path, text: str, name: str = "actions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(db: FollowupDB, table: sa.Table) -> int:
    with db.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_an_english_csv_with_ce_and_be_dates_is_imported(db: FollowupDB, people: dict[str, Account], tmp_path: Path):
    path = write(
        tmp_path,
        HEADER
        + "402-810,2569,2,จ้างเหมาเพิ่ม,ฝ่ายโยธา,2026-03-31,open\n"
        + "0402-0811,๒๕๖๙,3,อบรม,ฝ่ายบุคคล,30/06/2569,done\n",
    )
    result = import_actions(db, people["editor"], path, KNOWN)
    assert (result.file, result.added, result.updated, result.unchanged) == ("actions.csv", 2, 0, 0)
    first = followup_of(db, note_key("0402-0810", 2569, 2)).actions[0]
    assert (first.what, first.owner, first.due_date, first.status, first.created_by) == (
        "จ้างเหมาเพิ่ม",
        "ฝ่ายโยธา",
        dt.date(2026, 3, 31),
        "open",
        "somchai",
    )
    second = followup_of(db, note_key("0402-0811", 2569, 3)).actions[0]
    assert (second.due_date, second.status) == (dt.date(2026, 6, 30), "done")
    assert [c.entity for c in history_of(db, note_key("0402-0810", 2569, 2))] == ["action"]


def test_a_rejected_file_names_file_row_and_column_and_changes_nothing(
    db: FollowupDB, people: dict[str, Account], tmp_path: Path
):
    path = write(
        tmp_path,
        HEADER
        + "0402-0810,2569,2,จ้างเหมาเพิ่ม,ฝ่ายโยธา,2026-03-31,open\n"
        + "9999-0001,2569,2,ไม่มีตัวชี้วัดนี้,ฝ่ายโยธา,2026-03-31,open\n"
        + "0402-0811,2569,2,,ฝ่ายโยธา,2025-12-01,later\n"
        + "0501-0007,2569,2,ของหน่วยงานอื่น,เขต,2026-03-31,open\n"
        + "0402-0810,2026,7,ปีผิด,ฝ่าย,2026-03-31,open\n",
    )
    with pytest.raises(ImportRejected) as caught:
        import_actions(db, people["editor"], path, KNOWN)
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("actions.csv", 3, "indicator_code"),
        ("actions.csv", 4, "action"),
        ("actions.csv", 4, "due_date"),
        ("actions.csv", 4, "status"),
        ("actions.csv", 5, "indicator_code"),
        ("actions.csv", 6, "fiscal_year"),
        ("actions.csv", 6, "quarter"),
    ]
    assert caught.value.problems[0].message_en == "no indicator '9999-0001' in the store"
    assert caught.value.problems[4].message_en == "you edit for agency 0402 only, not agency 0501"
    assert count(db, t.actions) == 0


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        (
            "indicator_code,fiscal_year,quarter,action,owner,status\n",
            "due_date",
            "the required column due_date is missing",
        ),
        (HEADER.strip() + ",colour\n0402-0810,2569,2,a,b,2026-03-31,open,red\n", "colour", "unknown column colour"),
        (HEADER, None, "the file has a header but no rows"),
        ("", None, "the file is empty"),
    ],
)
def test_a_file_whose_columns_cannot_be_read_is_rejected(
    db: FollowupDB, people: dict[str, Account], tmp_path: Path, text: str, column: str | None, message: str
):
    with pytest.raises(ImportRejected) as caught:
        import_actions(db, people["editor"], write(tmp_path, text), KNOWN)
    assert (caught.value.problems[0].column, caught.value.problems[0].message_en) == (column, message)


def test_export_neutralises_and_the_thai_file_imports_back_unchanged(
    db: FollowupDB, people: dict[str, Account], tmp_path: Path
):
    key = note_key("0402-0810", 2569, 2)
    action = add_action(db, people["editor"], key, '=HYPERLINK("http://evil","คลิก")', "@ฝ่ายโยธา", "2026-03-31")
    update_action(db, people["editor"], action.id, 1, status="done", closing_note="-เสร็จ")
    save_analysis(db, people["editor"], key, "+ฝนตก", "<script>alert(1)</script>", 0)
    csv_path = tmp_path / "out.csv"
    assert export_followup(db, csv_path) == 1
    text = csv_path.read_text(encoding="utf-8-sig")
    header, row = text.splitlines()
    assert header.split(",")[:3] == [
        ACTION_COLUMNS["action_id"],
        ACTION_COLUMNS["indicator_code"],
        ACTION_COLUMNS["fiscal_year"],
    ]
    assert "'=HYPERLINK" in row and "'@ฝ่ายโยธา" in row and "'-เสร็จ" in row
    assert "2569-03-31" in row and "เสร็จแล้ว" in row
    result = import_actions(db, people["editor"], csv_path, KNOWN)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    xlsx_path = tmp_path / "out.xlsx"
    assert export_followup(db, xlsx_path) == 2
    book = openpyxl.load_workbook(xlsx_path)
    assert book.sheetnames == ["การดำเนินการ", "บทวิเคราะห์"]
    assert book["บทวิเคราะห์"]["D2"].value == "'+ฝนตก"
    assert book["บทวิเคราะห์"]["E2"].value == "<script>alert(1)</script>"
    assert book["การดำเนินการ"]["F2"].value == '\'=HYPERLINK("http://evil","คลิก")'


def test_an_edited_export_updates_its_actions(db: FollowupDB, people: dict[str, Account], tmp_path: Path, clock):
    key = note_key("0402-0810", 2569, 2)
    action = add_action(db, people["editor"], key, "จ้างเหมาเพิ่ม", "ฝ่ายโยธา", "2026-03-31")
    path = tmp_path / "out.xlsx"
    export_followup(db, path)
    book = openpyxl.load_workbook(path)
    sheet = book["การดำเนินการ"]
    sheet["I2"] = "ยกเลิก"  # status: dropped
    sheet["J2"] = "รวมกับงานอื่น"
    sheet.append([None, "0402-0811", 2569, 2, None, "งานใหม่", "ฝ่ายบุคคล", dt.datetime(2026, 3, 15), "open"])
    book.save(path)
    clock.advance(60)
    result = import_actions(db, people["analyst"], path, KNOWN)
    assert (result.file, result.added, result.updated, result.unchanged) == ("out.xlsx [การดำเนินการ]", 1, 1, 0)
    changed = followup_of(db, key).actions[0]
    assert (changed.id, changed.status, changed.closing_note, changed.revision, changed.updated_by) == (
        action.id,
        "dropped",
        "รวมกับงานอื่น",
        2,
        "suda",
    )
    assert followup_of(db, note_key("0402-0811", 2569, 2)).actions[0].due_date == dt.date(2026, 3, 15)


def test_an_action_id_of_another_indicator_is_rejected(db: FollowupDB, people: dict[str, Account], tmp_path: Path):
    action = add_action(db, people["editor"], note_key("0402-0810", 2569, 2), "ก", "ข", "2026-03-31")
    path = write(tmp_path, "action_id," + HEADER + f"{action.id},0402-0811,2569,2,ก,ข,2026-03-31,open\n")
    with pytest.raises(ImportRejected) as caught:
        import_actions(db, people["editor"], path, KNOWN)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "action_id")]
    assert followup_of(db, note_key("0402-0811", 2569, 2)).actions == ()


def test_backup_and_restore_round_trip(db: FollowupDB, people: dict[str, Account], tmp_path: Path, db_url: str):
    key = note_key("0402-0810", 2569, 2)
    save_analysis(db, people["editor"], key, "ฝนตก", "เร่งรัด", 0)
    add_action(db, people["editor"], key, "จ้างเหมา", "ฝ่ายโยธา", "2026-03-31")
    add_comment(db, people["analyst"], key, "ขอบคุณ")
    path = tmp_path / "followup-backup.json"
    counts = backup(db, path)
    assert {k: counts[k] for k in ("accounts", "account_agencies", "analyses", "actions", "comments")} == {
        "accounts": 6,
        "account_agencies": 4,
        "analyses": 1,
        "actions": 1,
        "comments": 1,
    }
    before = followup_of(db, key), history_of(db, key)
    target = open_followup(url=f"sqlite:///{tmp_path / 'restored.sqlite'}", clock=db.clock)
    try:
        assert restore(target, path)["history"] == counts["history"]
        assert (followup_of(target, key), history_of(target, key)) == before
        with pytest.raises(KpiError, match="already holds"):
            restore(target, path)
        add_comment(target, people["analyst"], key, "หลังกู้คืน")  # ids continue after the restored ones
        assert [c.body for c in followup_of(target, key).comments] == ["ขอบคุณ", "หลังกู้คืน"]
    finally:
        target.close()
    assert restore(db, path, replace=True)["comments"] == 1  # into the engine under test
    add_comment(db, people["analyst"], key, "ต่อจากเดิม")
    assert [c.id for c in followup_of(db, key).comments] == [1, 2]


def test_something_that_is_not_a_backup_is_refused(db: FollowupDB, tmp_path: Path):
    with pytest.raises(KpiError, match="not a follow-up backup"):
        restore(db, write(tmp_path, '{"tables": {}}', "x.json"))
