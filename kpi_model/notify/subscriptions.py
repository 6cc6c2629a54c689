"""Subscriptions to the quarterly briefing pack: add, end, list. An agency editor who gives no
scope subscribes to their own agency (one agency: that one; several: they must choose)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa

from kpi_model.followup.accounts import account_by_email
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.records import from_db_time, to_db_time
from kpi_model.notify import schema as n
from kpi_model.notify.settings import valid_address

__all__ = ["NotifyInputError", "Subscription", "end_subscription", "list_subscriptions", "subscribe"]

SCOPES = ("city", "strategy", "agency")
_CODE = re.compile(r"^[0-9A-Za-z.]{1,64}$")


class NotifyInputError(ValueError):
    """Input that cannot be used, said in Thai and English."""

    def __init__(self, th: str, en: str):
        super().__init__(en)
        self.message_th = th
        self.message_en = en


@dataclass(frozen=True)
class Subscription:
    """One person's pack: ``scope_kind`` city / strategy / agency and its code ('' for the
    city), the language, whether it is live, and the newest period already sent (None: none)."""

    id: int
    email: str
    scope_kind: str
    scope_code: str
    lang: str
    active: bool
    created_by: str
    created_at: dt.datetime
    last_sent: tuple[int, int] | None

    def describe(self) -> str:
        return "city" if self.scope_kind == "city" else f"{self.scope_kind} {self.scope_code}"


def _of(row: sa.RowMapping) -> Subscription:
    last = None if row["last_sent_fy"] is None else (int(row["last_sent_fy"]), int(row["last_sent_quarter"]))
    return Subscription(
        int(row["id"]),
        str(row["email"]),
        str(row["scope_kind"]),
        str(row["scope_code"]),
        str(row["lang"]),
        bool(row["active"]),
        str(row["created_by"]),
        from_db_time(row["created_at"]),
        last,
    )


def subscribe(
    db: FollowupDB,
    email: str,
    by: str,
    *,
    agency: str | None = None,
    strategy: str | None = None,
    lang: str = "th",
) -> Subscription:
    """Subscribe ``email`` to the city's pack, a strategy dimension's or an agency's (an agency
    editor's own agency when neither is given). Subscribing again to the same scope makes an
    ended subscription live again and keeps what it was sent. :class:`NotifyInputError` for an
    invalid address, both scopes at once, a code that cannot be one, or an unknown language."""
    mail = str(email).strip().lower()
    if not valid_address(mail):
        raise NotifyInputError(f"อีเมล {email!r} ใช้ไม่ได้", f"e-mail {email!r} cannot be used")
    if agency and strategy:
        raise NotifyInputError("เลือกหน่วยงานหรือมิติยุทธศาสตร์อย่างใดอย่างหนึ่ง", "choose an agency or a strategy, not both")
    if lang not in ("th", "en"):
        raise NotifyInputError(f"ไม่รู้จักภาษา {lang!r}", f"unknown language {lang!r}")
    if agency is None and strategy is None:
        account = account_by_email(db, mail)
        if account is not None and account.role == "agency_editor" and account.active:
            if len(account.agencies) != 1:
                raise NotifyInputError(
                    "ท่านดูแลหลายหน่วยงาน: ระบุ --agency", "you edit for several agencies: give --agency"
                )
            agency = next(iter(account.agencies))
    kind, code = ("agency", agency) if agency else ("strategy", strategy) if strategy else ("city", "")
    code = str(code).strip()
    if kind != "city" and not _CODE.match(code):
        raise NotifyInputError(f"รหัส {code!r} ใช้ไม่ได้", f"code {code!r} cannot be used")
    with db.writing() as conn:
        where = sa.and_(
            n.subscriptions.c.email == mail, n.subscriptions.c.scope_kind == kind, n.subscriptions.c.scope_code == code
        )
        found = conn.execute(sa.select(n.subscriptions.c.id).where(where)).scalar_one_or_none()
        if found is None:
            conn.execute(
                n.subscriptions.insert().values(
                    email=mail,
                    scope_kind=kind,
                    scope_code=code,
                    lang=lang,
                    active=True,
                    created_by=by,
                    created_at=to_db_time(db.now()),
                    last_sent_fy=None,
                    last_sent_quarter=None,
                )
            )
        else:
            conn.execute(n.subscriptions.update().where(n.subscriptions.c.id == found).values(active=True, lang=lang))
        return _of(conn.execute(sa.select(n.subscriptions).where(where)).mappings().one())


def end_subscription(db: FollowupDB, subscription_id: int) -> Subscription | None:
    """End a subscription (kept, inactive, so the log still names it); None if there is none."""
    with db.writing() as conn:
        conn.execute(n.subscriptions.update().where(n.subscriptions.c.id == subscription_id).values(active=False))
        row = conn.execute(sa.select(n.subscriptions).where(n.subscriptions.c.id == subscription_id)).mappings().first()
    return None if row is None else _of(row)


def list_subscriptions(db: FollowupDB, email: str | None = None, active_only: bool = False) -> tuple[Subscription, ...]:
    """Subscriptions, by e-mail then id; one person's with ``email``."""
    query = sa.select(n.subscriptions).order_by(n.subscriptions.c.email, n.subscriptions.c.id)
    if email is not None:
        query = query.where(n.subscriptions.c.email == str(email).strip().lower())
    if active_only:
        query = query.where(n.subscriptions.c.active.is_(True))
    with db.reading() as conn:
        return tuple(_of(r) for r in conn.execute(query).mappings())
