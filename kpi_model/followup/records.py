"""Rows to domain values and back, the history writer and the per-account save limit: the
pieces every writing module of the package shares (internal)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi_model.followup import schema as t
from kpi_model.followup.errors import RateLimited
from kpi_model.followup.model import Account, Action, Analysis, Change, Comment, NoteKey

__all__ = [
    "SAVES_PER_WINDOW",
    "SAVE_WINDOW_SECONDS",
    "account_of",
    "action_of",
    "analysis_of",
    "change_of",
    "comment_of",
    "current_account",
    "from_db_time",
    "key_of",
    "key_where",
    "new_id",
    "record_change",
    "take_save",
    "to_db_time",
]

#: At most this many saves from one account within :data:`SAVE_WINDOW_SECONDS`.
SAVES_PER_WINDOW = 100
SAVE_WINDOW_SECONDS = 60


def to_db_time(at: dt.datetime) -> dt.datetime:
    """Naive UTC, as both engines store it."""
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


def from_db_time(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def key_of(row: Mapping[Any, Any]) -> NoteKey:
    return NoteKey(str(row["indicator_code"]), int(row["fiscal_year"]), int(row["quarter"]))


def key_where(table: sa.Table, key: NoteKey) -> sa.ColumnElement[bool]:
    return sa.and_(
        table.c.indicator_code == key.indicator_code,
        table.c.fiscal_year == key.fiscal_year,
        table.c.quarter == key.quarter,
    )


def analysis_of(row: Mapping[Any, Any]) -> Analysis:
    return Analysis(
        key_of(row),
        row["why"],
        row["next_steps"],
        int(row["revision"]),
        row["updated_by"],
        from_db_time(row["updated_at"]),
    )


def action_of(row: Mapping[Any, Any]) -> Action:
    return Action(
        id=int(row["id"]),
        key=key_of(row),
        what=row["what"],
        owner=row["owner"],
        due_date=row["due_date"],
        status=row["status"],
        closing_note=row["closing_note"],
        created_by=row["created_by"],
        created_at=from_db_time(row["created_at"]),
        updated_by=row["updated_by"],
        updated_at=from_db_time(row["updated_at"]),
        revision=int(row["revision"]),
    )


def comment_of(row: Mapping[Any, Any]) -> Comment:
    return Comment(int(row["id"]), key_of(row), row["body"], row["author"], from_db_time(row["created_at"]))


def change_of(row: Mapping[Any, Any]) -> Change:
    key = None if row["indicator_code"] is None else key_of(row)
    return Change(
        id=int(row["id"]),
        entity=row["entity"],
        entity_id=int(row["entity_id"]),
        key=key,
        changed_by=row["changed_by"],
        changed_at=from_db_time(row["changed_at"]),
        before=None if row["before_json"] is None else json.loads(row["before_json"]),
        after=None if row["after_json"] is None else json.loads(row["after_json"]),
    )


def account_of(row: Mapping[Any, Any], agencies: frozenset[str]) -> Account:
    return Account(
        id=int(row["id"]),
        username=row["username"],
        email=row["email"],
        display_name=row["display_name"],
        role=row["role"],
        agencies=agencies,
        active=bool(row["active"]),
        created_at=from_db_time(row["created_at"]),
    )


def _jsonable(fields: Mapping[str, Any] | None) -> str | None:
    if fields is None:
        return None
    out = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in fields.items()}
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def record_change(
    conn: Connection,
    entity: str,
    entity_id: int,
    key: NoteKey | None,
    by: str,
    at: dt.datetime,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """One history row: who changed which row when, its fields before and after (JSON)."""
    conn.execute(
        t.history.insert().values(
            entity=entity,
            entity_id=entity_id,
            indicator_code=None if key is None else key.indicator_code,
            fiscal_year=None if key is None else key.fiscal_year,
            quarter=None if key is None else key.quarter,
            changed_by=by,
            changed_at=to_db_time(at),
            before_json=_jsonable(before),
            after_json=_jsonable(after),
        )
    )


def take_save(conn: Connection, username: str, at: dt.datetime) -> None:
    """Count one save of ``username`` now, or raise :class:`RateLimited` when the account has
    made :data:`SAVES_PER_WINDOW` within the last :data:`SAVE_WINDOW_SECONDS` (recorded in the
    database, so the limit holds across replicas; a refused save is not counted)."""
    now = at.timestamp()
    since = now - SAVE_WINDOW_SECONDS
    if conn.dialect.name == "postgresql":  # one account's saves counted one at a time (SQLite: BEGIN IMMEDIATE)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "save:" + username})
    where = sa.and_(t.attempts.c.bucket == "save", t.attempts.c.key == username)
    conn.execute(t.attempts.delete().where(where, t.attempts.c.at <= since))
    times = sorted(conn.execute(sa.select(t.attempts.c.at).where(where)).scalars())
    if len(times) >= SAVES_PER_WINDOW:
        oldest = times[len(times) - SAVES_PER_WINDOW]
        raise RateLimited(SAVES_PER_WINDOW, SAVE_WINDOW_SECONDS, max(1.0, oldest + SAVE_WINDOW_SECONDS - now))
    conn.execute(t.attempts.insert().values(bucket="save", key=username, at=now, amount=1.0))


def current_account(conn: Connection, user: Account) -> Account | None:
    """``user`` as the database holds it now (role, agencies, active), so a role taken away
    takes effect at the next write; None when the account is gone or was never stored."""
    row = conn.execute(sa.select(t.accounts).where(t.accounts.c.id == user.id)).mappings().first()
    if row is None or row["username"] != user.username:
        return None
    codes = conn.execute(
        sa.select(t.account_agencies.c.agency_code).where(t.account_agencies.c.account_id == user.id)
    ).scalars()
    return account_of(row, frozenset(str(c) for c in codes))


def new_id(result: sa.CursorResult[Any]) -> int:
    """The primary key an INSERT gave its row."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
