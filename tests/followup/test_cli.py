"""``python -m kpi_model followup …``: accounts, import, export, backup and restore from the
command line, on the database ``--store`` finds (or ``KPI_FOLLOWUP_URL``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_model.__main__ import main
from kpi_model.followup import account_by_username, followup_of, note_key, open_followup
from kpi_model.store import Store
from tests.factories import small_tables


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    made = Store(tmp_path_factory.mktemp("cli-store"))
    made.write(small_tables(), note="followup cli")
    return made


@pytest.fixture
def on_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KPI_FOLLOWUP_URL", db_url)
    return db_url


def test_without_the_variable_the_database_is_made_beside_the_stores_versions(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.delenv("KPI_FOLLOWUP_URL", raising=False)
    store = Store(tmp_path / "store")
    store.write(small_tables(), note="t")
    assert (
        main(
            [
                "followup",
                "accounts",
                "add",
                "Somchai",
                "--role",
                "agency_editor",
                "--agency",
                "0402",
                "--store",
                str(store.root),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "somchai: agency_editor 0402 (active)\n"
    assert (store.root / "followup.sqlite").is_file() and (store.root / "versions").is_dir()


def test_accounts_import_export_backup_restore(store: Store, on_db: str, tmp_path: Path, capsys):
    root = str(store.root)
    assert (
        main(["followup", "accounts", "add", "somchai", "--role", "agency_editor", "--agency", "0402", "--store", root])
        == 0
    )
    assert (
        main(["followup", "accounts", "add", "suda", "--role", "analyst", "--email", "Suda@BMA.go.th", "--store", root])
        == 0
    )
    assert (
        main(["followup", "accounts", "set", "somchai", "--agency", "0402", "--agency", "0501", "--store", root]) == 0
    )
    assert capsys.readouterr().out.splitlines()[-1] == "somchai: agency_editor 0402,0501 (active)"
    assert main(["followup", "accounts", "list", "--store", root]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in listed] == [
        ["somchai", "agency_editor", "0402,0501"],
        ["suda", "analyst", "-"],
    ]

    source = tmp_path / "actions.csv"
    source.write_text(
        "รหัสตัวชี้วัด,ปีงบประมาณ,ไตรมาส,การดำเนินการ,ผู้รับผิดชอบ,กำหนดเสร็จ,สถานะการดำเนินการ\n"
        "0402-0001,2569,2,จ้างเหมาเพิ่ม,ฝ่ายโยธา,31/03/2569,ยังไม่เสร็จ\n",
        encoding="utf-8",
    )
    assert main(["followup", "import", str(source), "--store", root, "--user", "somchai"]) == 0
    assert capsys.readouterr().out == "imported actions.csv: 1 added, 0 updated, 0 unchanged\n"

    out = tmp_path / "export.xlsx"
    assert main(["followup", "export", str(out), "--store", root]) == 0
    assert capsys.readouterr().out == f"wrote {out}: 1 row(s)\n"

    saved = tmp_path / "backup.json"
    assert main(["followup", "backup", str(saved), "--store", root]) == 0
    assert "actions 1" in capsys.readouterr().out
    assert main(["followup", "restore", str(saved), "--store", root]) == 1
    assert "already holds" in capsys.readouterr().err
    assert main(["followup", "restore", str(saved), "--store", root, "--replace"]) == 0
    db = open_followup(url=on_db)
    try:
        (action,) = followup_of(db, note_key("0402-0001", 2569, 2)).actions
        assert (action.what, action.created_by) == ("จ้างเหมาเพิ่ม", "somchai")
        suda = account_by_username(db, "suda")
        assert suda is not None and suda.email == "suda@bma.go.th"
    finally:
        db.close()


def test_a_rejected_import_prints_file_row_and_column_and_stores_nothing(
    store: Store, on_db: str, tmp_path: Path, capsys
):
    root = str(store.root)
    assert (
        main(["followup", "accounts", "add", "somchai", "--role", "agency_editor", "--agency", "0402", "--store", root])
        == 0
    )
    source = tmp_path / "bad.csv"
    source.write_text(
        "indicator_code,fiscal_year,quarter,action,owner,due_date,status\n"
        "0402-0001,2569,2,จ้างเหมาเพิ่ม,ฝ่ายโยธา,2026-03-31,open\n"
        "1234-5678,2569,2,ไม่มี,ฝ่าย,2026-03-31,open\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["followup", "import", str(source), "--store", root, "--user", "somchai"]) == 1
    err = capsys.readouterr().err
    assert "rejected: 1 problem(s); nothing was imported" in err
    assert "bad.csv, row 3, column indicator_code" in err
    db = open_followup(url=on_db)
    try:
        assert followup_of(db, note_key("0402-0001", 2569, 2)).actions == ()
    finally:
        db.close()


def test_an_import_as_an_unknown_account_is_refused(store: Store, on_db: str, tmp_path: Path, capsys):
    source = tmp_path / "a.csv"
    source.write_text("indicator_code\n", encoding="utf-8")
    assert main(["followup", "import", str(source), "--store", str(store.root), "--user", "ghost"]) == 1
    assert "no account 'ghost'" in capsys.readouterr().err


def test_orphans_lists_notes_whose_indicator_is_gone(store: Store, on_db: str, capsys):
    from kpi_model.followup import Operator, add_account, add_comment

    db = open_followup(url=on_db)
    try:
        analyst = add_account(db, Operator("cli:test"), "suda", "analyst")
        add_comment(db, analyst, note_key("0777-0001", 2569, 1), "ตัวชี้วัดนี้หายไป")
        add_comment(db, analyst, note_key("0402-0001", 2569, 1), "ยังอยู่")
    finally:
        db.close()
    assert main(["followup", "orphans", "--store", str(store.root)]) == 0
    assert capsys.readouterr().out == "0777-0001 FY2569 Q1: 0 analyses, 0 actions, 1 comments\n"
