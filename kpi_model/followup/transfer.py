"""Files in and out of the follow-up database: actions imported from CSV/XLSX (all or
nothing), actions and analyses exported for people (neutralised CSV/XLSX, Thai headers), and
a backup of every table restored whole.

Import reads at least ``indicator_code, fiscal_year, quarter, action, owner, due_date,
status`` (English, or the Thai headers :func:`export_followup` writes); optional
``closing_note`` and ``action_id`` (a row naming an exported action updates it instead of
adding one, so an export edited in Excel imports back). Dates in CE or BE
(:func:`~kpi_model.followup.notes.parse_due_date`). Any fault — an unknown indicator, a bad
date, an agency the user may not write for — rejects the whole file naming file, row and
column, and nothing is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from kpi_model.errors import ImportRejected, KpiError, Problem
from kpi_model.fiscal import ce_to_be, thai_to_arabic_digits
from kpi_model.followup import schema as t
from kpi_model.followup.access import can
from kpi_model.followup.db import HEAD_REVISION, FollowupDB, current_revision
from kpi_model.followup.errors import Forbidden, UnknownUser
from kpi_model.followup.model import Account, NoteKey, note_key
from kpi_model.followup.notes import action_problems, insert_action
from kpi_model.followup.records import action_of, current_account, record_change, take_save, to_db_time
from kpi_model.importer.columns import THAI_HEADERS
from kpi_model.importer.grids import _check_unpacked_size, _decode, _delimiter, _limits
from kpi_model.importer.numbers import agency_of, normalise_code
from kpi_model.safe_io import atomic_write, unneutralise, write_table_csv, write_table_xlsx

__all__ = [
    "ACTION_COLUMNS",
    "ANALYSIS_COLUMNS",
    "ImportResult",
    "actions_frame",
    "analyses_frame",
    "backup",
    "export_bytes",
    "export_followup",
    "import_actions",
    "read_rows",
    "restore",
]

#: The actions file's columns and their Thai headers (export writes Thai; import reads both).
ACTION_COLUMNS: dict[str, str] = {
    "action_id": "รหัสการดำเนินการ",
    "indicator_code": THAI_HEADERS.get("indicator_code", "รหัสตัวชี้วัด"),
    "fiscal_year": THAI_HEADERS.get("fiscal_year", "ปีงบประมาณ"),
    "quarter": THAI_HEADERS.get("quarter", "ไตรมาส"),
    "agency_code": "รหัสหน่วยงาน",
    "action": "การดำเนินการ",
    "owner": "ผู้รับผิดชอบ",
    "due_date": "กำหนดเสร็จ",
    "status": "สถานะการดำเนินการ",
    "closing_note": "บันทึกการปิด",
    "created_by": "ผู้บันทึก",
    "created_at": "บันทึกเมื่อ",
    "updated_by": "ผู้แก้ไขล่าสุด",
    "updated_at": "แก้ไขล่าสุดเมื่อ",
}
ANALYSIS_COLUMNS: dict[str, str] = {
    "indicator_code": ACTION_COLUMNS["indicator_code"],
    "fiscal_year": ACTION_COLUMNS["fiscal_year"],
    "quarter": ACTION_COLUMNS["quarter"],
    "why": "เหตุผลที่เป็นเช่นนี้",
    "next_steps": "สิ่งที่จะทำต่อ",
    "revision": "ฉบับที่",
    "updated_by": "ผู้บันทึก",
    "updated_at": "บันทึกเมื่อ",
}
_REQUIRED = ("indicator_code", "fiscal_year", "quarter", "action", "owner", "due_date", "status")
_READ = (*_REQUIRED, "closing_note", "action_id")
_EXPORT_ONLY = ("agency_code", "created_by", "created_at", "updated_by", "updated_at")
#: Status words in files: the code, or the Thai word the export writes.
STATUS_WORDS = {"open": "ยังไม่เสร็จ", "done": "เสร็จแล้ว", "dropped": "ยกเลิก"}
_STATUS_OF = {**{k: k for k in STATUS_WORDS}, **{v: k for k, v in STATUS_WORDS.items()}}
ACTIONS_SHEET, ANALYSES_SHEET = "การดำเนินการ", "บทวิเคราะห์"
_HEADER_OF = {**{k: k for k in ACTION_COLUMNS}, **{v.strip().lower(): k for k, v in ACTION_COLUMNS.items()}}


# ---- export ---------------------------------------------------------------------------------
def _be_date(day: dt.date) -> str:
    """'2569-03-31': the ISO form with the BE year, which the import reads back."""
    return f"{ce_to_be(day.year):04d}-{day.month:02d}-{day.day:02d}"


def _bangkok(at: dt.datetime) -> str:
    from kpi_model.fiscal import BANGKOK

    local = at.replace(tzinfo=dt.UTC).astimezone(BANGKOK) if at.tzinfo is None else at.astimezone(BANGKOK)
    return f"{_be_date(local.date())} {local:%H:%M}"


def actions_frame(db: FollowupDB, agencies: Iterable[str] | None = None) -> pd.DataFrame:
    """Every action (of ``agencies`` when given) as a person reads it, by indicator and id:
    due dates in BE, times in Bangkok, status in Thai words, English column names."""
    query = sa.select(t.actions).order_by(
        t.actions.c.indicator_code, t.actions.c.fiscal_year, t.actions.c.quarter, t.actions.c.id
    )
    if agencies is not None:
        query = query.where(t.actions.c.agency_code.in_(sorted(set(agencies))))
    with db.reading() as conn:
        found = [action_of(r) for r in conn.execute(query).mappings()]
    rows = [
        {
            "action_id": a.id,
            "indicator_code": a.key.indicator_code,
            "fiscal_year": a.key.fiscal_year,
            "quarter": a.key.quarter,
            "agency_code": a.agency_code,
            "action": a.what,
            "owner": a.owner,
            "due_date": _be_date(a.due_date),
            "status": STATUS_WORDS[a.status],
            "closing_note": a.closing_note,
            "created_by": a.created_by,
            "created_at": _bangkok(a.created_at),
            "updated_by": a.updated_by,
            "updated_at": _bangkok(a.updated_at),
        }
        for a in found
    ]
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS))


def analyses_frame(db: FollowupDB, agencies: Iterable[str] | None = None) -> pd.DataFrame:
    """Every analysis (of ``agencies``' indicators when given), by indicator and quarter."""
    with db.reading() as conn:
        rows = (
            conn.execute(
                sa.select(t.analyses).order_by(
                    t.analyses.c.indicator_code, t.analyses.c.fiscal_year, t.analyses.c.quarter
                )
            )
            .mappings()
            .all()
        )
    wanted = None if agencies is None else set(agencies)
    out = [
        {
            "indicator_code": r["indicator_code"],
            "fiscal_year": int(r["fiscal_year"]),
            "quarter": int(r["quarter"]),
            "why": r["why"],
            "next_steps": r["next_steps"],
            "revision": int(r["revision"]),
            "updated_by": r["updated_by"],
            "updated_at": _bangkok(r["updated_at"]),
        }
        for r in rows
        if wanted is None or agency_of(str(r["indicator_code"])) in wanted
    ]
    return pd.DataFrame(out, columns=list(ANALYSIS_COLUMNS))


def export_followup(db: FollowupDB, path: Path, what: str = "actions", agencies: Iterable[str] | None = None) -> int:
    """Write ``path`` (.csv: ``what`` is ``actions`` or ``analyses``; .xlsx: both, one sheet
    each) with Thai headers, every text cell neutralised; returns the rows written."""
    if what not in ("actions", "analyses"):
        raise ValueError(f"export actions or analyses, not {what!r}")
    codes = None if agencies is None else list(agencies)
    suffix = Path(path).suffix.lower()
    actions = actions_frame(db, codes).rename(columns=ACTION_COLUMNS)
    analyses = analyses_frame(db, codes).rename(columns=ANALYSIS_COLUMNS)
    if suffix == ".csv":
        frame = actions if what == "actions" else analyses
        write_table_csv(frame, Path(path))
        return len(frame)
    if suffix == ".xlsx":
        write_table_xlsx({ACTIONS_SHEET: actions, ANALYSES_SHEET: analyses}, Path(path))
        return len(actions) + len(analyses)
    raise ValueError(f"export to .csv or .xlsx, not {suffix or 'a file without a suffix'}")


def export_bytes(db: FollowupDB, suffix: str, what: str = "actions", agencies: Iterable[str] | None = None) -> bytes:
    """The export's bytes, for a download button (the same writer as the command line)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"followup{suffix}"
        export_followup(db, path, what, agencies)
        return path.read_bytes()


# ---- import ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    """What an accepted file did: actions added, updated (an ``action_id`` row that changed
    something) and unchanged."""

    file: str
    added: int
    updated: int
    unchanged: int


def _one(label: str, th: str, en: str, row: int | None = None, column: str | None = None) -> ImportRejected:
    return ImportRejected([Problem(label, row, column, th, en)])


def read_rows(path: Path, data: bytes | None = None) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    """(label, [(spreadsheet row, {column: value})]) of an actions file: a CSV, or the
    ``การดำเนินการ``/``actions`` sheet of a workbook (else its first sheet). Headers are read
    in English or Thai; an unknown, repeated or missing required column rejects the file."""
    path = Path(path)
    label = path.name
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes() if data is None else data
    except OSError as exc:
        raise _one(label, f"เปิดไฟล์ไม่ได้: {exc.strerror}", f"cannot open the file: {exc.strerror}") from None
    _, max_rows = _limits()
    if suffix == ".csv":
        text = _decode(raw, label)
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
        table = [(i, [unneutralise(c) for c in r]) for i, r in enumerate(records, start=1)]
    elif suffix == ".xlsx":
        table, label = _xlsx_rows(path, raw, label)
    else:
        raise _one(label, "นำเข้าได้เฉพาะไฟล์ .csv หรือ .xlsx", "only .csv and .xlsx files are imported")
    table = [(i, r) for i, r in table if any(str(c).strip() for c in r if c is not None)]
    if not table:
        raise _one(label, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty")
    header_row, header = table[0]
    names: list[str | None] = []
    problems: list[Problem] = []
    for raw_name in header:
        name = "" if raw_name is None else str(raw_name).strip().lower()
        canonical = _HEADER_OF.get(name)
        if name == "":
            names.append(None)
        elif canonical is None:
            problems.append(
                Problem(
                    label,
                    header_row,
                    str(raw_name)[:60],
                    f"ไม่รู้จักคอลัมน์ {str(raw_name)[:60]}",
                    f"unknown column {str(raw_name)[:60]}",
                )
            )
            names.append(None)
        elif canonical in names:
            problems.append(
                Problem(label, header_row, canonical, f"คอลัมน์ {canonical} ซ้ำ", f"column {canonical} appears twice")
            )
            names.append(None)
        else:
            names.append(canonical)
    for required in _REQUIRED:
        if required not in names:
            problems.append(
                Problem(
                    label,
                    header_row,
                    required,
                    f"ไม่มีคอลัมน์ {required} ที่ต้องมี",
                    f"the required column {required} is missing",
                )
            )
    if problems:
        raise ImportRejected(problems)
    rows = table[1:]
    if not rows:
        raise _one(label, "ไฟล์มีแต่หัวตาราง ไม่มีแถวข้อมูล", "the file has a header but no rows", header_row)
    if len(rows) > max_rows:
        raise _one(label, f"ไฟล์มีเกิน {max_rows:,} แถว", f"the file has more than {max_rows:,} rows")
    out = []
    for number, cells in rows:
        values = {n: (cells[i] if i < len(cells) else None) for i, n in enumerate(names) if n is not None}
        extra = [i for i in range(len(names), len(cells)) if cells[i] not in (None, "")]
        if extra:
            problems.append(
                Problem(
                    label,
                    number,
                    None,
                    "แถวนี้มีข้อมูลเกินคอลัมน์ของหัวตาราง",
                    "this row holds data beyond the header's columns",
                )
            )
        out.append((number, values))
    if problems:
        raise ImportRejected(problems)
    return label, out


def _xlsx_rows(path: Path, raw: bytes, label: str) -> tuple[list[tuple[int, list[Any]]], str]:
    import warnings

    import openpyxl

    unreadable = [
        Problem(
            label,
            None,
            None,
            "อ่านไฟล์ Excel (.xlsx) ไม่ได้",
            "cannot read the Excel (.xlsx) file: it is damaged or not .xlsx",
        )
    ]
    _check_unpacked_size(io.BytesIO(raw), unreadable, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRejected(unreadable) from exc
    try:
        sheets = list(wb.worksheets)
        if not sheets:
            raise _one(label, "สมุดงานไม่มีแผ่นงาน", "the workbook has no sheets")
        chosen = next((ws for ws in sheets if ws.title.strip().lower() in (ACTIONS_SHEET, "actions")), sheets[0])
        _, max_rows = _limits()
        rows: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(chosen.iter_rows(values_only=True), start=1):
            if len(rows) > max_rows + 1:
                raise _one(label, f"ไฟล์มีเกิน {max_rows:,} แถว", f"the file has more than {max_rows:,} rows")
            rows.append((number, [unneutralise(v) if isinstance(v, str) else v for v in row]))
        return rows, f"{label} [{chosen.title}]"
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected(unreadable) from exc
    finally:
        wb.close()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = thai_to_arabic_digits(str(value or "").strip())
    return int(text) if text.isdigit() else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def import_actions(
    db: FollowupDB, user: Account, path: Path, known_codes: Iterable[str], data: bytes | None = None
) -> ImportResult:
    """Import the actions of one file as ``user`` (each row's agency must be one they may
    write for), or raise :class:`ImportRejected` listing every fault by file, row and column
    with nothing stored. ``known_codes``: the store's indicator codes now."""
    label, rows = read_rows(Path(path), data)
    known = {normalise_code(str(c)) for c in known_codes}
    problems: list[Problem] = []
    checked: list[tuple[int, NoteKey, dict[str, Any], int | None]] = []
    seen_ids: dict[int, int] = {}
    for number, v in rows:
        before = len(problems)
        code = _text(v.get("indicator_code")).strip()
        year, quarter = _int(v.get("fiscal_year")), _int(v.get("quarter"))
        if not code or normalise_code(code) not in known:
            problems.append(
                Problem(
                    label,
                    number,
                    "indicator_code",
                    f"ไม่มีตัวชี้วัด {code[:40]!r} ในข้อมูล",
                    f"no indicator {code[:40]!r} in the store",
                )
            )
        if year is None or not 2500 <= year <= 2700:
            problems.append(
                Problem(
                    label,
                    number,
                    "fiscal_year",
                    f"ปีงบประมาณ {_text(v.get('fiscal_year'))[:20]!r} ต้องเป็นปี พ.ศ. เช่น 2569",
                    f"fiscal year {_text(v.get('fiscal_year'))[:20]!r} must be a Buddhist-Era year such as 2569",
                )
            )
        if quarter not in (1, 2, 3, 4):
            problems.append(
                Problem(
                    label,
                    number,
                    "quarter",
                    f"ไตรมาส {_text(v.get('quarter'))[:20]!r} ต้องเป็น 1–4",
                    f"quarter {_text(v.get('quarter'))[:20]!r} must be 1–4",
                )
            )
        if len(problems) > before:
            continue
        assert year is not None and quarter is not None
        key = note_key(code, year, quarter)
        status = _STATUS_OF.get(_text(v.get("status")).strip().lower(), _text(v.get("status")).strip())
        closing = _text(v.get("closing_note"))
        due, found = action_problems(
            key, _text(v.get("action")), _text(v.get("owner")), v.get("due_date"), status, closing, label, number
        )
        for p in found:
            problems.append(p if p.column != "what" else Problem(p.file, p.row, "action", p.message_th, p.message_en))
        decision = can(user, "write", key.agency_code)
        if not decision.allowed:
            problems.append(Problem(label, number, "indicator_code", decision.reason_th, decision.reason_en))
        action_id = None
        if _text(v.get("action_id")).strip():
            action_id = _int(v.get("action_id"))
            if action_id is None:
                problems.append(
                    Problem(label, number, "action_id", "รหัสการดำเนินการต้องเป็นตัวเลข", "action_id must be a number")
                )
            elif action_id in seen_ids:
                problems.append(
                    Problem(
                        label,
                        number,
                        "action_id",
                        f"รหัส {action_id} ซ้ำกับแถว {seen_ids[action_id]}",
                        f"action_id {action_id} repeats row {seen_ids[action_id]}",
                    )
                )
            else:
                seen_ids[action_id] = number
        if len(problems) == before:
            fields = {
                "what": _text(v.get("action")),
                "owner": _text(v.get("owner")),
                "due_date": due,
                "status": status,
                "closing_note": closing,
            }
            checked.append((number, key, fields, action_id))
    if problems:
        raise ImportRejected(problems)
    at = db.now()
    added = updated = unchanged = 0
    with db.writing() as conn:
        fresh = current_account(conn, user)
        if fresh is None:
            raise UnknownUser(
                f"ไม่มีบัญชี {user.username} ในฐานข้อมูล", f"there is no account {user.username} in the database"
            )
        take_save(conn, fresh.username, at)
        for number, key, f, action_id in checked:
            decision = can(fresh, "write", key.agency_code)
            if not decision.allowed:  # the role changed while the file was read
                raise Forbidden(decision)
            if action_id is None:
                insert_action(
                    conn, fresh, key, f["what"], f["owner"], f["due_date"], f["status"], f["closing_note"], at
                )
                added += 1
                continue
            row = (
                conn.execute(sa.select(t.actions).where(t.actions.c.id == action_id).with_for_update())
                .mappings()
                .first()
            )
            if row is None or action_of(row).key != key:
                raise ImportRejected(
                    [
                        Problem(
                            label,
                            number,
                            "action_id",
                            f"ไม่มีการดำเนินการรหัส {action_id} ของตัวชี้วัดนี้ในไตรมาสนี้",
                            f"there is no action {action_id} of this indicator and quarter",
                        )
                    ]
                )
            old = action_of(row)
            now = {
                "what": old.what,
                "owner": old.owner,
                "due_date": old.due_date,
                "status": old.status,
                "closing_note": old.closing_note,
            }
            if now == f:
                unchanged += 1
                continue
            conn.execute(
                t.actions.update()
                .where(t.actions.c.id == old.id)
                .values(**f, revision=old.revision + 1, updated_by=fresh.username, updated_at=to_db_time(at))
            )
            record_change(
                conn,
                "action",
                old.id,
                key,
                fresh.username,
                at,
                {**now, "revision": old.revision},
                {**f, "revision": old.revision + 1},
            )
            updated += 1
    return ImportResult(label, added, updated, unchanged)


# ---- backup and restore ---------------------------------------------------------------------
BACKUP_FORMAT = "bma-kpi-followup-backup"
_ORDER = (t.accounts, t.account_agencies, t.analyses, t.actions, t.comments, t.history, t.attempts)


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def backup(db: FollowupDB, path: Path) -> dict[str, int]:
    """Every table, as JSON, written atomically (one consistent read); returns rows per table.
    Restored by :func:`restore` into an empty database of either engine."""
    tables: dict[str, Any] = {}
    with db.reading() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        for table in _ORDER:
            columns = [c.name for c in table.columns]
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            tables[table.name] = {"columns": columns, "rows": [[_cell(v) for v in r] for r in rows]}
    document = {"format": BACKUP_FORMAT, "revision": revision, "written_at": db.now().isoformat(), "tables": tables}

    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    atomic_write(Path(path), write)
    return {name: len(v["rows"]) for name, v in tables.items()}


def _typed(table: sa.Table, columns: list[str], row: list[Any]) -> dict[str, Any]:
    out = {}
    for name, value in zip(columns, row):
        kind = table.c[name].type
        if value is not None and isinstance(kind, sa.DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, sa.Date):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def restore(db: FollowupDB, path: Path, replace: bool = False) -> dict[str, int]:
    """Load a :func:`backup` file in one transaction. The database must be empty unless
    ``replace`` (then its rows are replaced by the backup's); a backup of another schema
    revision, or not a backup, is refused with nothing changed."""
    label = Path(path).name
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KpiError(f"{label}: not a follow-up backup ({type(exc).__name__}: {exc})") from None
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise KpiError(f"{label}: not a follow-up backup (no format {BACKUP_FORMAT!r})")
    if document.get("revision") != HEAD_REVISION or current_revision(db.engine) != HEAD_REVISION:
        raise KpiError(
            f"{label}: the backup is of schema revision {document.get('revision')!r}; this database is at "
            f"{current_revision(db.engine)!r} (restore it with the version of this tool that wrote it)"
        )
    tables = document.get("tables") or {}
    counts: dict[str, int] = {}
    with db.writing() as conn:
        held = sum(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() for table in _ORDER[:-1])
        if held and not replace:
            raise KpiError(
                f"the follow-up database already holds {held:,} rows: restore into an empty one, or give --replace"
            )
        for table in reversed(_ORDER):
            conn.execute(table.delete())
        for table in _ORDER:
            part = tables.get(table.name) or {"columns": [c.name for c in table.columns], "rows": []}
            columns = list(part["columns"])
            unknown = set(columns) - {c.name for c in table.columns}
            if unknown:
                raise KpiError(f"{label}: table {table.name} has columns this schema does not: {sorted(unknown)}")
            rows = [_typed(table, columns, r) for r in part["rows"]]
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if db.dialect == "postgresql":
            for table in _ORDER:
                if "id" in table.c and table.c.id.autoincrement is True:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                            f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
                        )
                    )
    return counts
