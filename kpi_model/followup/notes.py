"""Writing follow-up: the owner's analysis, actions and comments of an indicator-quarter.

Every write is one transaction that checks, in order: the input (:class:`Invalid`: text over
:data:`~kpi_model.followup.model.MAX_TEXT` characters, an empty action, a due date that is not
a date or falls before the quarter starts), the permission (:class:`Forbidden`, from
:func:`~kpi_model.followup.access.can`), the account's save rate (:class:`RateLimited`), and
for an edit the revision it was made on (:class:`StaleAnalysis` / :class:`StaleAction`); then
writes the row and its history entry together. A refusal stores nothing. Text is stored
exactly as typed: markup stays characters (the pages show it as text).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi_model.errors import Problem
from kpi_model.fiscal import be_to_ce, parse_thai_date, quarter_range, thai_to_arabic_digits
from kpi_model.followup import schema as t
from kpi_model.followup.access import can
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.errors import FollowupError, Forbidden, Invalid, NotFound, StaleAnalysis, UnknownUser
from kpi_model.followup.model import ACTION_STATUSES, MAX_TEXT, Account, Action, Analysis, Comment, NoteKey
from kpi_model.followup.records import (
    action_of,
    analysis_of,
    comment_of,
    current_account,
    key_where,
    new_id,
    record_change,
    take_save,
    to_db_time,
)

__all__ = [
    "StaleAction",
    "add_action",
    "add_comment",
    "parse_due_date",
    "save_analysis",
    "text_problems",
    "update_action",
]


class StaleAction(FollowupError):
    """An action edited on a revision someone else has replaced since: nothing was stored;
    ``theirs`` is the action as stored now."""

    def __init__(self, base_revision: int, theirs: Action):
        self.base_revision = base_revision
        self.theirs = theirs
        super().__init__(
            f"มีผู้อื่นแก้ไขการดำเนินการนี้ไปแล้ว (ฉบับที่ {theirs.revision} โดย {theirs.updated_by}): ยังไม่ได้บันทึก",
            f"someone else changed this action (revision {theirs.revision} by {theirs.updated_by}): nothing was saved",
        )


_LABELS = {
    "why": ("เหตุผล", "why"),
    "next_steps": ("สิ่งที่จะทำต่อ", "what next"),
    "what": ("การดำเนินการ", "action"),
    "owner": ("ผู้รับผิดชอบ", "owner"),
    "closing_note": ("บันทึกการปิด", "closing note"),
    "body": ("ความเห็น", "comment"),
    "due_date": ("กำหนดเสร็จ", "due date"),
    "status": ("สถานะ", "status"),
}


def text_problems(
    column: str, value: object, required: bool, where: str = "form", row: int | None = None
) -> list[Problem]:
    """What is wrong with one typed text: not text, empty when required, longer than
    :data:`MAX_TEXT` characters, or holding a NUL character (no database stores one)."""
    th, en = _LABELS.get(column, (column, column))
    if not isinstance(value, str):
        return [Problem(where, row, column, f"{th} ต้องเป็นข้อความ", f"the {en} must be text")]
    if required and not value.strip():
        return [Problem(where, row, column, f"ต้องกรอก{th}", f"the {en} is empty")]
    if len(value) > MAX_TEXT:
        return [
            Problem(
                where,
                row,
                column,
                f"{th}ยาว {len(value):,} ตัวอักษร เกิน {MAX_TEXT:,}",
                f"the {en} is {len(value):,} characters long, more than {MAX_TEXT:,}",
            )
        ]
    if "\x00" in value:
        return [Problem(where, row, column, f"{th}มีอักขระ NUL ที่บันทึกไม่ได้", f"the {en} holds a NUL character")]
    return []


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})\s*$")


def parse_due_date(value: object) -> dt.date:
    """A due date as typed or read from a file: a ``date`` (a ``datetime`` at midnight too),
    ``YYYY-MM-DD`` or ``DD/MM/YYYY`` with a CE or BE year (a year above 2400 is BE), or a
    Thai date (``31 มีนาคม 2569``). ValueError for anything else."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError(f"{value!r} has a time of day, not just a date")
        value = value.date()
    if isinstance(value, dt.date):
        return value if value.year <= 2400 else dt.date(be_to_ce(value.year), value.month, value.day)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a date")
    text = thai_to_arabic_digits(value.strip())
    match = _NUMERIC_DATE.match(text)
    if match:
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (a, b, c) if len(match.group(1)) == 4 else (c, b, a)
        if year < 1000:
            raise ValueError(f"{value!r}: write the year in full")
        return dt.date(be_to_ce(year) if year > 2400 else year, month, day)
    return parse_thai_date(text)


def due_date_problems(
    key: NoteKey, value: object, where: str = "form", row: int | None = None
) -> tuple[dt.date | None, list[Problem]]:
    """The due date, or the problem: not a date, or before the quarter of ``key`` starts."""
    th, en = _LABELS["due_date"]
    try:
        due = parse_due_date(value)
    except (ValueError, TypeError):
        return None, [
            Problem(
                where,
                row,
                "due_date",
                f"{th} {str(value)[:40]!r} ไม่ใช่วันที่ (เช่น 2569-03-31 หรือ 31/03/2569)",
                f"the {en} {str(value)[:40]!r} is not a date (e.g. 2026-03-31 or 31/03/2569)",
            )
        ]
    start, _ = quarter_range(key.fiscal_year, key.quarter)
    if due < start:
        return None, [
            Problem(
                where,
                row,
                "due_date",
                f"{th} {due.isoformat()} อยู่ก่อนไตรมาส {key.quarter}/{key.fiscal_year} เริ่ม ({start.isoformat()})",
                f"the {en} {due.isoformat()} is before quarter {key.quarter} of FY{key.fiscal_year} starts ({start.isoformat()})",
            )
        ]
    return due, []


def _allowed(user: Account | None, action: str, key: NoteKey) -> None:
    decision = can(user, action, key.agency_code)
    if not decision.allowed:
        raise Forbidden(decision)


def _allowed_now(conn: Connection, user: Account, action: str, key: NoteKey) -> Account:
    """``user`` as stored now, checked again inside the write's transaction (a role taken
    away, or an account deactivated, since the page was drawn refuses this write)."""
    fresh = current_account(conn, user)
    if fresh is None:
        raise UnknownUser(f"ไม่มีบัญชี {user.username} ในฐานข้อมูล", f"there is no account {user.username} in the database")
    _allowed(fresh, action, key)
    return fresh


def _analysis_fields(a: Analysis) -> dict[str, Any]:
    return {"why": a.why, "next_steps": a.next_steps, "revision": a.revision}


def save_analysis(
    db: FollowupDB, user: Account, key: NoteKey, why: str, next_steps: str, base_revision: int
) -> Analysis:
    """Save the analysis of ``key`` made on ``base_revision`` (0: there was none yet).
    :class:`StaleAnalysis` (carrying both texts) when someone saved another revision since."""
    problems = text_problems("why", why, True) + text_problems("next_steps", next_steps, False)
    if problems:
        raise Invalid(problems)
    _allowed(user, "write", key)
    try:
        return _save_analysis(db, user, key, why, next_steps, base_revision)
    except (sa.exc.IntegrityError, _Overtaken):  # another first save, or a save that overtook this one
        with db.reading() as conn:
            row = conn.execute(sa.select(t.analyses).where(key_where(t.analyses, key))).mappings().one()
        raise StaleAnalysis(base_revision, why, next_steps, analysis_of(row)) from None


class _Overtaken(Exception):
    """The row changed between this transaction's read and its write."""


def _save_analysis(
    db: FollowupDB, user: Account, key: NoteKey, why: str, next_steps: str, base_revision: int
) -> Analysis:
    at = db.now()
    with db.writing() as conn:
        _allowed_now(conn, user, "write", key)
        take_save(conn, user.username, at)
        row = conn.execute(sa.select(t.analyses).where(key_where(t.analyses, key)).with_for_update()).mappings().first()
        current = None if row is None else analysis_of(row)
        if (current.revision if current else 0) != base_revision:
            if current is None:
                raise NotFound(
                    f"ไม่มีบทวิเคราะห์ฉบับที่ {base_revision} ของตัวชี้วัดนี้",
                    f"there is no revision {base_revision} of this analysis",
                )
            raise StaleAnalysis(base_revision, why, next_steps, current)
        values = {"why": why, "next_steps": next_steps, "updated_by": user.username, "updated_at": to_db_time(at)}
        if row is None:
            entity_id = new_id(
                conn.execute(
                    t.analyses.insert().values(
                        indicator_code=key.indicator_code,
                        fiscal_year=key.fiscal_year,
                        quarter=key.quarter,
                        revision=1,
                        **values,
                    )
                )
            )
        else:
            entity_id = int(row["id"])
            done = conn.execute(
                t.analyses.update()
                .where(t.analyses.c.id == entity_id, t.analyses.c.revision == base_revision)
                .values(revision=base_revision + 1, **values)
            )
            if done.rowcount != 1:  # the row lock above makes this a safety net
                raise _Overtaken()
        saved = analysis_of(conn.execute(sa.select(t.analyses).where(t.analyses.c.id == entity_id)).mappings().one())
        record_change(
            conn,
            "analysis",
            entity_id,
            key,
            user.username,
            at,
            None if current is None else _analysis_fields(current),
            _analysis_fields(saved),
        )
    return saved


def _action_fields(a: Action) -> dict[str, Any]:
    return {
        "what": a.what,
        "owner": a.owner,
        "due_date": a.due_date,
        "status": a.status,
        "closing_note": a.closing_note,
        "revision": a.revision,
    }


def action_problems(
    key: NoteKey,
    what: object,
    owner: object,
    due_date: object,
    status: object = "open",
    closing_note: object = "",
    where: str = "form",
    row: int | None = None,
) -> tuple[dt.date | None, list[Problem]]:
    """Every problem of an action's fields at once (the due date parsed when it is good):
    empty or over-long text, a bad due date, an unknown status, dropped without a note."""
    problems = text_problems("what", what, True, where, row) + text_problems("owner", owner, True, where, row)
    problems += text_problems("closing_note", closing_note, False, where, row)
    due, bad_due = due_date_problems(key, due_date, where, row)
    problems += bad_due
    if status not in ACTION_STATUSES:
        problems.append(
            Problem(
                where,
                row,
                "status",
                f"สถานะ {str(status)[:20]!r} ไม่รู้จัก (ต้องเป็น open, done หรือ dropped)",
                f"unknown status {str(status)[:20]!r} (one of open, done, dropped)",
            )
        )
    elif status == "dropped" and isinstance(closing_note, str) and not closing_note.strip():
        problems.append(
            Problem(
                where,
                row,
                "closing_note",
                "ยกเลิกการดำเนินการต้องบอกเหตุผลในบันทึกการปิด",
                "dropping an action needs a closing note saying why",
            )
        )
    return due, problems


def insert_action(
    conn: Connection,
    user: Account,
    key: NoteKey,
    what: str,
    owner: str,
    due: dt.date,
    status: str,
    closing_note: str,
    at: dt.datetime,
) -> Action:
    """Insert one checked action and its history entry (inside a caller's transaction)."""
    stamp = to_db_time(at)
    row_id = new_id(
        conn.execute(
            t.actions.insert().values(
                indicator_code=key.indicator_code,
                fiscal_year=key.fiscal_year,
                quarter=key.quarter,
                agency_code=key.agency_code,
                what=what,
                owner=owner,
                due_date=due,
                status=status,
                closing_note=closing_note,
                revision=1,
                created_by=user.username,
                created_at=stamp,
                updated_by=user.username,
                updated_at=stamp,
            )
        )
    )
    action = action_of(conn.execute(sa.select(t.actions).where(t.actions.c.id == row_id)).mappings().one())
    record_change(conn, "action", action.id, key, user.username, at, None, _action_fields(action))
    return action


def add_action(db: FollowupDB, user: Account, key: NoteKey, what: str, owner: str, due_date: object) -> Action:
    """A new open action for ``key``; ``due_date`` as :func:`parse_due_date` reads it."""
    due, problems = action_problems(key, what, owner, due_date)
    if problems:
        raise Invalid(problems)
    assert due is not None
    _allowed(user, "write", key)
    at = db.now()
    with db.writing() as conn:
        _allowed_now(conn, user, "write", key)
        take_save(conn, user.username, at)
        return insert_action(conn, user, key, what, owner, due, "open", "", at)


_UNSET: Any = object()


def update_action(
    db: FollowupDB,
    user: Account,
    action_id: int,
    base_revision: int,
    *,
    what: str = _UNSET,
    owner: str = _UNSET,
    due_date: object = _UNSET,
    status: str = _UNSET,
    closing_note: str = _UNSET,
) -> Action:
    """Change what is given of an action made on ``base_revision``: mark it done or dropped
    (dropping needs a closing note), reopen it, move its due date, reword it. Nothing is
    deleted; :class:`StaleAction` when it changed since ``base_revision``."""
    with db.reading() as conn:
        row = conn.execute(sa.select(t.actions).where(t.actions.c.id == int(action_id))).mappings().first()
    if row is None:
        raise NotFound(f"ไม่มีการดำเนินการหมายเลข {action_id}", f"no action number {action_id}")
    old = action_of(row)
    new = {
        "what": old.what if what is _UNSET else what,
        "owner": old.owner if owner is _UNSET else owner,
        "due_date": old.due_date if due_date is _UNSET else due_date,
        "status": old.status if status is _UNSET else status,
        "closing_note": old.closing_note if closing_note is _UNSET else closing_note,
    }
    due, problems = action_problems(
        old.key, new["what"], new["owner"], new["due_date"], new["status"], new["closing_note"]
    )
    if problems:
        raise Invalid(problems)
    _allowed(user, "write", old.key)
    at = db.now()
    with db.writing() as conn:
        _allowed_now(conn, user, "write", old.key)
        take_save(conn, user.username, at)
        current = action_of(
            conn.execute(sa.select(t.actions).where(t.actions.c.id == old.id).with_for_update()).mappings().one()
        )
        if current.revision != base_revision:
            raise StaleAction(base_revision, current)
        conn.execute(
            t.actions.update()
            .where(t.actions.c.id == old.id, t.actions.c.revision == base_revision)
            .values(
                what=new["what"],
                owner=new["owner"],
                due_date=due,
                status=new["status"],
                closing_note=new["closing_note"],
                revision=base_revision + 1,
                updated_by=user.username,
                updated_at=to_db_time(at),
            )
        )
        saved = action_of(conn.execute(sa.select(t.actions).where(t.actions.c.id == old.id)).mappings().one())
        record_change(
            conn, "action", old.id, old.key, user.username, at, _action_fields(current), _action_fields(saved)
        )
    return saved


def add_comment(db: FollowupDB, user: Account, key: NoteKey, body: str) -> Comment:
    """A new message in the thread of ``key`` (analysts, admins, and editors of its agency)."""
    problems = text_problems("body", body, True)
    if problems:
        raise Invalid(problems)
    _allowed(user, "comment", key)
    at = db.now()
    with db.writing() as conn:
        _allowed_now(conn, user, "comment", key)
        take_save(conn, user.username, at)
        row_id = new_id(
            conn.execute(
                t.comments.insert().values(
                    indicator_code=key.indicator_code,
                    fiscal_year=key.fiscal_year,
                    quarter=key.quarter,
                    body=body,
                    author=user.username,
                    created_at=to_db_time(at),
                )
            )
        )
        comment = comment_of(conn.execute(sa.select(t.comments).where(t.comments.c.id == row_id)).mappings().one())
        record_change(conn, "comment", comment.id, key, user.username, at, None, {"body": body})
    return comment
