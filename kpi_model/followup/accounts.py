"""Accounts and roles in the follow-up database: who may sign in, with which role and, for an
agency editor, for which agencies. ``secrets.toml`` only bootstraps the first admin
(:func:`ensure_admin`); with OpenID Connect (``st.login``) a person is matched by e-mail
(:func:`account_by_email`). Accounts are never deleted, only deactivated; every change is in
the history (entity ``account``; a password hash is never written there)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi_model.errors import Problem
from kpi_model.followup import schema as t
from kpi_model.followup.access import Operator, can
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.errors import Forbidden, Invalid, NotFound
from kpi_model.followup.model import ROLES, Account
from kpi_model.followup.records import account_of, new_id, record_change, to_db_time
from kpi_model.passwords import DUMMY_HASH, hash_password, verify_password

__all__ = [
    "account_by_email",
    "account_by_id",
    "account_by_username",
    "add_account",
    "authenticate",
    "ensure_admin",
    "list_accounts",
    "password_hash_of",
    "set_password",
    "update_account",
]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")
_EMAIL = re.compile(r"^[^@\s]{1,200}@[^@\s]{1,118}\.[^@\s]{1,}$")
_AGENCY = re.compile(r"^[0-9A-Za-z]{1,20}$")
_UNSET: Any = object()


def _actor_name(actor: Account | Operator) -> str:
    """Who history says made a change; an account must be allowed to manage accounts."""
    if isinstance(actor, Operator):
        return actor.name
    decision = can(actor, "manage_accounts")
    if not decision.allowed:
        raise Forbidden(decision)
    return actor.username


def _agencies(conn: Connection, account_id: int) -> frozenset[str]:
    rows = conn.execute(
        sa.select(t.account_agencies.c.agency_code).where(t.account_agencies.c.account_id == account_id)
    ).scalars()
    return frozenset(str(r) for r in rows)


def _fetch(conn: Connection, where: sa.ColumnElement[bool]) -> Account | None:
    row = conn.execute(sa.select(t.accounts).where(where)).mappings().first()
    return None if row is None else account_of(row, _agencies(conn, int(row["id"])))


def _fields(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "email": account.email,
        "display_name": account.display_name,
        "role": account.role,
        "agencies": sorted(account.agencies),
        "active": account.active,
    }


def _checked(
    username: str, role: str, agencies: Iterable[str], email: str | None, display_name: str
) -> tuple[str, str, frozenset[str], str | None, str]:
    problems: list[Problem] = []

    def bad(column: str, th: str, en: str) -> None:
        problems.append(Problem("account", None, column, th, en))

    name = str(username).strip().lower()
    if not _USERNAME.match(name):
        bad(
            "username",
            "ชื่อผู้ใช้ต้องเป็นตัวอักษรอังกฤษตัวเล็ก ตัวเลข หรือ . _ @ - ไม่เกิน 100 ตัว",
            "a username is 1–100 lower-case letters, digits or . _ @ -",
        )
    if role not in ROLES:
        bad(
            "role",
            f"ไม่รู้จักบทบาท {role!r} (ต้องเป็น {', '.join(ROLES)})",
            f"unknown role {role!r} (one of {', '.join(ROLES)})",
        )
    codes = frozenset(str(a).strip() for a in agencies if str(a).strip())
    for code in sorted(codes):
        if not _AGENCY.match(code):
            bad("agencies", f"รหัสหน่วยงาน {code!r} ใช้ไม่ได้", f"agency code {code!r} cannot be used")
    if role == "agency_editor" and not codes:
        bad("agencies", "ผู้แก้ไขของหน่วยงานต้องมีหน่วยงานอย่างน้อยหนึ่งแห่ง", "an agency editor needs at least one agency")
    if role != "agency_editor" and codes:
        bad("agencies", "เฉพาะผู้แก้ไขของหน่วยงานที่ผูกกับหน่วยงาน", "only an agency editor is tied to agencies")
    mail = None if email is None or not str(email).strip() else str(email).strip().lower()
    if mail is not None and not _EMAIL.match(mail):
        bad("email", f"อีเมล {mail!r} ใช้ไม่ได้", f"e-mail {mail!r} cannot be used")
    shown = str(display_name or "").strip()
    if len(shown) > 200:
        bad("display_name", "ชื่อที่แสดงยาวเกิน 200 ตัวอักษร", "the display name is longer than 200 characters")
    if problems:
        raise Invalid(problems)
    return name, role, codes, mail, shown


def _taken(conn: Connection, name: str, mail: str | None, except_id: int | None = None) -> None:
    clash = sa.or_(t.accounts.c.username == name, *([t.accounts.c.email == mail] if mail else []))
    query = sa.select(t.accounts.c.username, t.accounts.c.email).where(clash)
    if except_id is not None:
        query = query.where(t.accounts.c.id != except_id)
    row = conn.execute(query).first()
    if row is not None:
        column = "username" if row.username == name else "email"
        value = name if column == "username" else mail
        raise Invalid([Problem("account", None, column, f"มีบัญชี {value} อยู่แล้ว", f"an account {value} exists already")])


def add_account(
    db: FollowupDB,
    actor: Account | Operator,
    username: str,
    role: str,
    agencies: Iterable[str] = (),
    email: str | None = None,
    display_name: str = "",
    password: str | None = None,
) -> Account:
    """A new active account (username lower-cased). :class:`Invalid` for a bad or taken
    username or e-mail, an unknown role, an agency editor without agencies or another role
    with them; :class:`Forbidden` unless ``actor`` is an admin (or the operator)."""
    by = _actor_name(actor)
    name, role, codes, mail, shown = _checked(username, role, agencies, email, display_name)
    at = db.now()
    with db.writing() as conn:
        _taken(conn, name, mail)
        row_id = new_id(
            conn.execute(
                t.accounts.insert().values(
                    username=name,
                    email=mail,
                    display_name=shown,
                    role=role,
                    password_hash=None if password is None else hash_password(password),
                    active=True,
                    created_at=to_db_time(at),
                    created_by=by,
                )
            )
        )
        for code in sorted(codes):
            conn.execute(t.account_agencies.insert().values(account_id=row_id, agency_code=code))
        account = _fetch(conn, t.accounts.c.id == row_id)
        assert account is not None
        record_change(conn, "account", account.id, None, by, at, None, _fields(account))
    return account


def update_account(
    db: FollowupDB,
    actor: Account | Operator,
    account_id: int,
    *,
    role: str = _UNSET,
    agencies: Iterable[str] = _UNSET,
    email: str | None = _UNSET,
    display_name: str = _UNSET,
    active: bool = _UNSET,
) -> Account:
    """Change what is given of an account (role, agencies, e-mail, display name, active);
    the same checks as :func:`add_account`. An admin cannot deactivate or demote themself
    (the last way into the accounts page must not close by a slip)."""
    by = _actor_name(actor)
    at = db.now()
    with db.writing() as conn:
        old = _fetch(conn, t.accounts.c.id == account_id)
        if old is None:
            raise NotFound(f"ไม่มีบัญชีหมายเลข {account_id}", f"no account number {account_id}")
        new_role = old.role if role is _UNSET else role
        new_agencies = old.agencies if agencies is _UNSET else agencies
        if agencies is _UNSET and role is not _UNSET and new_role != "agency_editor":
            new_agencies = frozenset()
        name, new_role, codes, mail, shown = _checked(
            old.username,
            new_role,
            new_agencies,
            old.email if email is _UNSET else email,
            old.display_name if display_name is _UNSET else display_name,
        )
        new_active = old.active if active is _UNSET else bool(active)
        if isinstance(actor, Account) and actor.id == old.id and (not new_active or new_role != "admin"):
            raise Invalid(
                [
                    Problem(
                        "account",
                        None,
                        "role",
                        "ผู้ดูแลระบบระงับหรือลดบทบาทของตนเองไม่ได้",
                        "an admin cannot deactivate or demote their own account",
                    )
                ]
            )
        _taken(conn, name, mail, except_id=old.id)
        conn.execute(
            t.accounts.update()
            .where(t.accounts.c.id == old.id)
            .values(email=mail, display_name=shown, role=new_role, active=new_active)
        )
        conn.execute(t.account_agencies.delete().where(t.account_agencies.c.account_id == old.id))
        for code in sorted(codes):
            conn.execute(t.account_agencies.insert().values(account_id=old.id, agency_code=code))
        new = _fetch(conn, t.accounts.c.id == old.id)
        assert new is not None
        record_change(conn, "account", old.id, None, by, at, _fields(old), _fields(new))
    return new


def set_password(db: FollowupDB, actor: Account | Operator, account_id: int, password: str) -> None:
    """Give an account a new password (at least 8 characters); history says it changed,
    never what to."""
    by = _actor_name(actor)
    if len(password) < 8:
        raise Invalid(
            [
                Problem(
                    "account",
                    None,
                    "password",
                    "รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร",
                    "a password needs at least 8 characters",
                )
            ]
        )
    at = db.now()
    with db.writing() as conn:
        old = _fetch(conn, t.accounts.c.id == account_id)
        if old is None:
            raise NotFound(f"ไม่มีบัญชีหมายเลข {account_id}", f"no account number {account_id}")
        conn.execute(
            t.accounts.update().where(t.accounts.c.id == account_id).values(password_hash=hash_password(password))
        )
        record_change(conn, "account", account_id, None, by, at, {"password": "(old)"}, {"password": "(changed)"})


def ensure_admin(
    db: FollowupDB, username: str, password_hash: str | None = None, email: str | None = None
) -> Account | None:
    """Bootstrap: when the database has no active admin, make ``username`` one (an existing
    account of that name is promoted; ``password_hash`` from ``secrets.toml``, as
    :func:`kpi_model.passwords.hash_password` writes it). Returns the admin made, or None when
    an admin exists already (secrets then change nothing)."""
    name, _, _, mail, _ = _checked(username, "admin", (), email, "")
    at = db.now()
    by = "bootstrap:secrets"
    with db.writing() as conn:
        admins = conn.execute(
            sa.select(sa.func.count()).select_from(t.accounts).where(t.accounts.c.role == "admin", t.accounts.c.active)
        ).scalar_one()
        if admins:
            return None
        old = _fetch(conn, t.accounts.c.username == name)
        if old is None:
            _taken(conn, name, mail)
            row_id = new_id(
                conn.execute(
                    t.accounts.insert().values(
                        username=name,
                        email=mail,
                        display_name="",
                        role="admin",
                        password_hash=password_hash,
                        active=True,
                        created_at=to_db_time(at),
                        created_by=by,
                    )
                )
            )
        else:
            row_id = old.id
            values: dict[str, Any] = {"role": "admin", "active": True}
            if password_hash is not None:
                values["password_hash"] = password_hash
            conn.execute(t.accounts.update().where(t.accounts.c.id == row_id).values(**values))
            conn.execute(t.account_agencies.delete().where(t.account_agencies.c.account_id == row_id))
        account = _fetch(conn, t.accounts.c.id == row_id)
        assert account is not None
        record_change(
            conn, "account", account.id, None, by, at, None if old is None else _fields(old), _fields(account)
        )
    return account


def account_by_username(db: FollowupDB, username: str) -> Account | None:
    """The account of that username (any case), active or not; None when there is none."""
    with db.reading() as conn:
        return _fetch(conn, t.accounts.c.username == str(username).strip().lower())


def account_by_email(db: FollowupDB, email: str) -> Account | None:
    """The account whose e-mail is ``email`` (any case): how an OpenID Connect sign-in is
    matched. None when there is none (the person is then not signed in to write anything)."""
    mail = str(email or "").strip().lower()
    if not mail:
        return None
    with db.reading() as conn:
        return _fetch(conn, t.accounts.c.email == mail)


def account_by_id(db: FollowupDB, account_id: int) -> Account | None:
    with db.reading() as conn:
        return _fetch(conn, t.accounts.c.id == int(account_id))


def list_accounts(db: FollowupDB) -> tuple[Account, ...]:
    """Every account, by username."""
    with db.reading() as conn:
        rows = conn.execute(sa.select(t.accounts).order_by(t.accounts.c.username)).mappings().all()
        links = conn.execute(sa.select(t.account_agencies)).all()
    agencies: dict[int, set[str]] = {}
    for account_id, code in links:
        agencies.setdefault(int(account_id), set()).add(str(code))
    return tuple(account_of(r, frozenset(agencies.get(int(r["id"]), ()))) for r in rows)


def authenticate(db: FollowupDB, username: str, password: str) -> Account | None:
    """The active account whose password this is, or None (an unknown name costs as long as
    a wrong password). Rate limits are the caller's (:mod:`kpi_model.followup.limits`)."""
    name = str(username).strip().lower()
    with db.reading() as conn:
        row = conn.execute(sa.select(t.accounts).where(t.accounts.c.username == name)).mappings().first()
    encoded = str(row["password_hash"] or DUMMY_HASH) if row is not None else DUMMY_HASH
    ok = verify_password(password, encoded)
    if not ok or row is None or not row["active"] or not row["password_hash"]:
        return None
    return account_by_username(db, name)


def password_hash_of(db: FollowupDB, username: str) -> str | None:
    """The stored password hash of the active account ``username`` (any case), or None: no
    such account, deactivated, or signing in by e-mail only. For the sign-in form and the
    signed session cookie, which ends when the password changes; never shown."""
    name = str(username).strip().lower()
    with db.reading() as conn:
        row = conn.execute(
            sa.select(t.accounts.c.password_hash, t.accounts.c.active).where(t.accounts.c.username == name)
        ).first()
    if row is None or not row.active or not row.password_hash:
        return None
    return str(row.password_hash)
