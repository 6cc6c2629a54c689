"""``notify run``: work out what is due (packs, reminders, alert digests), send each e-mail
once, and log every send and failure.

Nothing is queued: what is due is worked out again on every run from the store, the
follow-up database and ``sent_items``, so running twice sends nothing twice, and a failed
e-mail is simply due again, after a backoff read from the log (:func:`retry_delay`). One
failure (a bad address, a server that refuses or hangs, a pack that cannot be made) is logged
and the run goes on with the next e-mail. A run never touches the KPI store, so it never
blocks an import.
"""

from __future__ import annotations

import datetime as dt
import fcntl
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from kpi_model.fiscal import BANGKOK, fiscal_quarter_of, previous_quarter, quarter_range
from kpi_model.followup.accounts import list_accounts
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.model import Account, Action
from kpi_model.followup.queries import overdue_actions
from kpi_model.followup.records import from_db_time, to_db_time
from kpi_model.notify import schema as n
from kpi_model.notify.mail import Line, Mail, Section, thai_date, to_message
from kpi_model.notify.settings import NotifySettings, SmtpSettings, valid_address
from kpi_model.notify.smtp import Refused, send_message
from kpi_model.notify.subscriptions import Subscription, list_subscriptions
from kpi_model.notify.tokens import unsubscribe_url
from kpi_model.store import Filters, Store

__all__ = ["MakePack", "RunReport", "Send", "due_mails", "notify_run", "retry_delay"]

MakePack = Callable[[Store, int, int, str, str, str, str | None], bytes]
Send = Callable[[SmtpSettings, EmailMessage], None]
FIRST_RETRY_SECONDS = 300
MAX_RETRY_SECONDS = 6 * 3600
#: An overdue list longer than this gives counts by agency only (the dashboard has the rest).
LIST_AT_MOST = 100


def retry_delay(failures: int) -> dt.timedelta:
    """How long after its ``failures``-th failure an e-mail waits: 5 minutes, doubling, at most
    6 hours."""
    return dt.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0), MAX_RETRY_SECONDS))


@dataclass
class RunReport:
    """What one run did: e-mails sent, failed (retried later), rejected (never retried),
    waiting for their retry time, and lines saying why."""

    sent: int = 0
    failed: int = 0
    rejected: int = 0
    waiting: int = 0
    notes: list[str] = field(default_factory=list)


def _default_pack(store: Store, fy: int, quarter: int, kind: str, code: str, lang: str, base_url: str | None) -> bytes:
    from kpi_model.brief import Scope, brief_pdf

    scope = Scope() if kind == "city" else Scope(kind, code)  # type: ignore[arg-type]
    return brief_pdf(store, fy, quarter, scope, lang, base_url=base_url or "")


def _scope_name(store: Store, kind: str, code: str) -> str:
    if kind == "city":
        return "ภาพรวมกรุงเทพมหานคร"
    table, column = ("agencies", "agency_code") if kind == "agency" else ("strategies", "strategy_code")
    rows = store.select(table)
    hit = rows.loc[rows[column].astype(str) == code]
    name = str(hit.iloc[0]["name_th"]) if len(hit) else ""
    label = "หน่วยงาน" if kind == "agency" else "มิติยุทธศาสตร์"
    return f"{label} {code} {name}".strip()


def _pack_mails(
    store: Store, subs: Iterable[Subscription], latest: tuple[int, int] | None, ns: NotifySettings
) -> list[Mail]:
    if latest is None:
        return []
    fy, q = latest
    out = []
    for sub in subs:
        if not sub.active or (sub.last_sent is not None and sub.last_sent >= latest):
            continue
        from kpi_model.brief import Scope, permalink

        scope = Scope() if sub.scope_kind == "city" else Scope(sub.scope_kind, sub.scope_code)  # type: ignore[arg-type]
        where = _scope_name(store, sub.scope_kind, sub.scope_code)
        out.append(
            Mail(
                recipient=sub.email,
                kind="pack",
                message_key=f"pack:{sub.id}:{fy}-{q}",
                subject=f"รายงานสรุปตัวชี้วัด ปีงบประมาณ {fy} ไตรมาส {q}: {where}",
                intro=(
                    f"ข้อมูลตัวชี้วัดไตรมาส {q} ปีงบประมาณ {fy} เข้าสู่ระบบแล้ว",
                    f"แนบรายงานสรุป (PDF) ของ{where}มาพร้อมอีเมลนี้",
                ),
                link=permalink(ns.base_url, scope, fy, q, sub.lang),
                link_label="เปิดมุมมองเดียวกันในแดชบอร์ด",
                subscription_id=sub.id,
                unsubscribe=unsubscribe_url(ns.base_url, ns.secret, sub.id),
                period=(fy, q),
                attachment_name=f"bma-kpi-brief-{fy}-q{q}-{sub.scope_kind}{'-' + sub.scope_code if sub.scope_code else ''}-{sub.lang}.pdf",
                extra={"scope_kind": sub.scope_kind, "scope_code": sub.scope_code, "lang": sub.lang},
            )
        )
    return out


def _with_mail(accounts: Iterable[Account], role: str) -> list[Account]:
    return [a for a in accounts if a.active and a.role == role and a.email and valid_address(a.email)]


def _unreported(store: Store, fy: int, q: int) -> pd.DataFrame:
    """The fiscal year's indicators with no reported result for quarter ``q``: code, agency,
    Thai name; sorted by code."""
    ind = store.select("indicators", Filters(fiscal_years=(fy,)), columns=["indicator_code", "agency_code", "name_th"])
    scores = store.select(
        "quarter_scores", Filters(fiscal_years=(fy,), quarters=(q,)), columns=["indicator_code", "is_reported"]
    )
    reported = set(scores.loc[scores["is_reported"].fillna(False).astype(bool), "indicator_code"].astype(str))
    missing = ind.loc[~ind["indicator_code"].astype(str).isin(reported)]
    return missing.drop_duplicates("indicator_code").sort_values("indicator_code")


def _lines(frame: pd.DataFrame) -> tuple[Line, ...]:
    return tuple(Line(str(r.indicator_code), str(r.name_th)) for r in frame.itertuples())


def _reminder_mails(store: Store, accounts: tuple[Account, ...], today: dt.date, ns: NotifySettings) -> list[Mail]:
    fy, q = previous_quarter(*fiscal_quarter_of(today))
    deadline = quarter_range(fy, q)[1] + dt.timedelta(days=ns.reporting_days)
    missing = _unreported(store, fy, q)
    if missing.empty:
        return []
    link = f"{ns.base_url}/agencies?years={fy}&quarters={q}" if ns.base_url else None
    out = []
    if today <= deadline:
        for editor in _with_mail(accounts, "agency_editor"):
            mine = missing.loc[missing["agency_code"].astype(str).isin(editor.agencies)]
            if mine.empty:
                continue
            out.append(
                Mail(
                    recipient=str(editor.email),
                    kind="reminder",
                    message_key=f"reminder:{fy}-{q}",
                    subject=f"เตือน: ตัวชี้วัดที่ยังไม่รายงานผล ไตรมาส {q}/{fy} (กำหนดส่ง {thai_date(deadline)})",
                    intro=(
                        f"เรียน {editor.display_name or editor.username}",
                        f"ตัวชี้วัดของหน่วยงาน {', '.join(sorted(editor.agencies))} ต่อไปนี้ยังไม่มีผลไตรมาส {q} "
                        f"ปีงบประมาณ {fy} กำหนดรายงานผลภายในวันที่ {thai_date(deadline)}"
                        f" ({ns.reporting_days} วันหลังสิ้นไตรมาส ตามค่า KPI_REPORTING_DAYS)",
                    ),
                    sections=(Section("ยังไม่รายงานผล", _lines(mine)),),
                    link=link,
                    period=(fy, q),
                )
            )
    else:
        names = {str(r.agency_code): str(r.name_th) for r in store.select("agencies").itertuples()}
        groups = list(missing.groupby("agency_code", sort=True))
        counts = Section(
            "จำนวนที่ยังไม่รายงานผล รายหน่วยงาน",
            tuple(Line(str(a), f"{names.get(str(a), '')}: {len(g)} ตัว") for a, g in groups),
        )
        by_agency: tuple[Section, ...] = (counts,)
        if len(missing) <= LIST_AT_MOST:
            by_agency += tuple(Section(f"หน่วยงาน {a} {names.get(str(a), '')}", _lines(g)) for a, g in groups)
        for analyst in _with_mail(accounts, "analyst"):
            out.append(
                Mail(
                    recipient=str(analyst.email),
                    kind="overdue_report",
                    message_key=f"overdue-report:{fy}-{q}",
                    subject=f"เลยกำหนด: ตัวชี้วัด {len(missing)} ตัวยังไม่รายงานผลไตรมาส {q}/{fy}",
                    intro=(
                        f"เรียน {analyst.display_name or analyst.username}",
                        f"เลยกำหนดรายงานผลไตรมาส {q} ปีงบประมาณ {fy} (วันที่ {thai_date(deadline)},"
                        f" {ns.reporting_days} วันหลังสิ้นไตรมาส ตามค่า KPI_REPORTING_DAYS) แล้ว ตัวชี้วัดต่อไปนี้ยังไม่มีผล"
                        + ("" if len(missing) <= LIST_AT_MOST else f" (รายชื่อทั้ง {len(missing)} ตัวดูได้ในแดชบอร์ด)"),
                    ),
                    sections=by_agency,
                    link=link,
                    period=(fy, q),
                )
            )
    return out


def _bad(status: object, quarter: int) -> bool:
    """Behind, or, in the fourth quarter, not met (on track but below 100 at the year's end)."""
    return status == "behind" or (quarter == 4 and status == "on_track")


def turned_behind(store: Store, fy: int, q: int) -> pd.DataFrame:
    """Indicators whose status in ``q`` is behind (or not met at Q4) and was not the quarter
    before: code, agency, Thai name, status."""
    scores = store.select(
        "quarter_scores",
        Filters(fiscal_years=(fy,), quarters=tuple(sorted({q, max(q - 1, 1)}))),
        columns=["indicator_code", "quarter", "agency_code", "status"],
    )
    now = scores.loc[scores["quarter"] == q]
    before = {str(r.indicator_code): _bad(r.status, q - 1) for r in scores.loc[scores["quarter"] == q - 1].itertuples()}
    hit = now.loc[[_bad(s, q) and not before.get(str(c), False) for c, s in zip(now["indicator_code"], now["status"])]]
    names = store.select("indicators", Filters(fiscal_years=(fy,)), columns=["indicator_code", "name_th"])
    return hit.merge(names.drop_duplicates("indicator_code"), on="indicator_code", how="left").sort_values(
        "indicator_code"
    )


def _digest_mails(
    db: FollowupDB,
    store: Store,
    accounts: tuple[Account, ...],
    latest: tuple[int, int] | None,
    today: dt.date,
    ns: NotifySettings,
    sent: set[tuple[str, str]],
) -> list[Mail]:
    behind = (
        turned_behind(store, *latest)
        if latest
        else pd.DataFrame(columns=["indicator_code", "agency_code", "name_th", "status"])
    )
    overdue = overdue_actions(db, today)
    out = []
    people = [(a, a.agencies) for a in _with_mail(accounts, "agency_editor")] + [
        (a, None) for a in _with_mail(accounts, "analyst")
    ]
    for person, agencies in people:
        mine = behind if agencies is None else behind.loc[behind["agency_code"].astype(str).isin(agencies)]
        actions: list[Action] = [a for a in overdue if agencies is None or a.agency_code in agencies]
        mail = str(person.email)
        indicator_items = [
            (key, r)
            for r in mine.itertuples()
            if latest and (mail, key := f"behind:{r.indicator_code}:{latest[0]}-{latest[1]}") not in sent
        ]
        action_items = [(key, a) for a in actions if (mail, key := f"action-overdue:{a.id}") not in sent]
        if not indicator_items and not action_items:
            continue
        sections = []
        if indicator_items:
            word = "ล่าช้ากว่าแผนหรือไม่บรรลุเป้าหมาย"
            sections.append(
                Section(
                    f"ตัวชี้วัดที่{word} (ไตรมาส {latest[1]}/{latest[0]})" if latest else word,
                    tuple(Line(str(r.indicator_code), str(r.name_th)) for _, r in indicator_items),
                )
            )
        if action_items:
            sections.append(
                Section(
                    "แผนการแก้ไขที่เลยกำหนด",
                    tuple(
                        Line(a.key.indicator_code, f"{a.what} (ผู้รับผิดชอบ {a.owner}, กำหนด {thai_date(a.due_date)})")
                        for _, a in action_items
                    ),
                )
            )
        out.append(
            Mail(
                recipient=mail,
                kind="digest",
                message_key=f"digest:{today.isoformat()}",
                subject=f"สรุปการแจ้งเตือนตัวชี้วัด ประจำวันที่ {thai_date(today)}",
                intro=(f"เรียน {person.display_name or person.username}", "รายการที่ต้องติดตามซึ่งเกิดขึ้นใหม่:"),
                sections=tuple(sections),
                link=f"{ns.base_url}/" if ns.base_url else None,
                item_keys=tuple(k for k, _ in indicator_items) + tuple(k for k, _ in action_items),
            )
        )
    return out


def _sent_keys(db: FollowupDB) -> set[tuple[str, str]]:
    with db.reading() as conn:
        return {(str(r), str(k)) for r, k in conn.execute(sa.select(n.sent_items.c.recipient, n.sent_items.c.item_key))}


def due_mails(
    db: FollowupDB, store: Store, ns: NotifySettings, today: dt.date, latest: tuple[int, int] | None = None
) -> list[Mail]:
    """Every e-mail due now and not sent yet (a digest carries only items not sent before)."""
    from kpi_model.views.common import latest_period

    if latest is None:
        period = latest_period(store)
        latest = None if period is None else (period.fiscal_year, period.quarter)
    accounts = list_accounts(db)
    sent = _sent_keys(db)
    mails = _pack_mails(store, list_subscriptions(db, active_only=True), latest, ns)
    mails += _reminder_mails(store, accounts, today, ns) + _digest_mails(db, store, accounts, latest, today, ns, sent)
    return [m for m in mails if (m.recipient, m.message_key) not in sent]


def _log(db: FollowupDB, mail: Mail, result: str, detail: str, at: dt.datetime) -> None:
    with db.writing() as conn:
        conn.execute(
            n.mail_log.insert().values(
                at=to_db_time(at),
                recipient=mail.recipient,
                kind=mail.kind,
                message_key=mail.message_key,
                subject=mail.subject,
                result=result,
                detail=detail[:2000],
            )
        )


def _history(db: FollowupDB, mail: Mail) -> tuple[int, dt.datetime | None, bool]:
    """Failures so far, when the last one was, and whether it was rejected for good."""
    log = n.mail_log.c
    with db.reading() as conn:
        rows = conn.execute(
            sa.select(log.result, log.at)
            .where(log.recipient == mail.recipient, log.message_key == mail.message_key)
            .order_by(log.at)
        ).all()
    fails = [from_db_time(at) for result, at in rows if result == "failed"]
    return len(fails), (fails[-1] if fails else None), any(result == "rejected" for result, _ in rows)


def _mark_sent(db: FollowupDB, mail: Mail, at: dt.datetime) -> None:
    with db.writing() as conn:
        for key in (mail.message_key, *mail.item_keys):
            exists = conn.execute(
                sa.select(n.sent_items.c.id).where(
                    n.sent_items.c.recipient == mail.recipient, n.sent_items.c.item_key == key
                )
            ).first()
            if exists is None:
                conn.execute(
                    n.sent_items.insert().values(recipient=mail.recipient, item_key=key, sent_at=to_db_time(at))
                )
        if mail.subscription_id is not None and mail.period is not None:
            conn.execute(
                n.subscriptions.update()
                .where(n.subscriptions.c.id == mail.subscription_id)
                .values(last_sent_fy=mail.period[0], last_sent_quarter=mail.period[1])
            )


def _scope_missing(store: Store, mail: Mail) -> str | None:
    kind, code = mail.extra.get("scope_kind"), mail.extra.get("scope_code", "")
    if kind == "agency" and code not in set(store.distinct("agencies", "agency_code")):
        return f"agency {code} is no longer in the data / ไม่มีหน่วยงาน {code} ในข้อมูลแล้ว"
    if kind == "strategy" and code not in {str(c) for c in store.distinct("strategies", "strategy_code")}:
        return f"strategy {code} is no longer in the data / ไม่มีมิติยุทธศาสตร์ {code} ในข้อมูลแล้ว"
    return None


_RUN_LOCK = 28_0001  # the PostgreSQL advisory lock held while a run sends


@contextmanager
def one_run_at_a_time(db: FollowupDB) -> Iterator[bool]:
    """Whether this run may go on: False while another run holds the lock (PostgreSQL: an
    advisory lock, so across machines; SQLite: an exclusive lock on a file beside the database)."""
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            got = bool(conn.execute(sa.select(sa.func.pg_try_advisory_lock(_RUN_LOCK))).scalar_one())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(sa.select(sa.func.pg_advisory_unlock(_RUN_LOCK)))
                    conn.commit()
        return
    path = Path(str(db.engine.url.database) + ".notify.lock")
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def notify_run(
    db: FollowupDB,
    store: Store,
    smtp: SmtpSettings,
    ns: NotifySettings,
    *,
    today: dt.date | None = None,
    make_pack: MakePack = _default_pack,
    send: Send = send_message,
    say: Callable[[str], None] = lambda _line: None,
) -> RunReport:
    """Send every e-mail due (see the module's docstring); ``today`` (Bangkok) defaults to the
    database clock's date in Bangkok. While another run is under way, nothing (a note says so)."""
    with one_run_at_a_time(db) as mine:
        if not mine:
            report = RunReport(notes=["another notify run is under way: nothing sent"])
            say(report.notes[0])
            return report
        return _run(db, store, smtp, ns, today, make_pack, send, say)


def _run(
    db: FollowupDB,
    store: Store,
    smtp: SmtpSettings,
    ns: NotifySettings,
    today: dt.date | None,
    make_pack: MakePack,
    send: Send,
    say: Callable[[str], None],
) -> RunReport:
    now = db.now()
    day = today or now.astimezone(BANGKOK).date()
    report = RunReport()
    for mail in due_mails(db, store, ns, day):
        failures, last, rejected = _history(db, mail)
        if rejected:
            continue
        if last is not None and now < last + retry_delay(failures):
            report.waiting += 1
            say(
                f"waiting  {mail.recipient} {mail.message_key}: retry after {(last + retry_delay(failures)).isoformat()}"
            )
            continue

        def fail(result: str, detail: str, mail: Mail = mail) -> None:
            _log(db, mail, result, detail, db.now())
            if result == "failed":
                report.failed += 1
            else:
                report.rejected += 1
            say(f"{result:<8} {mail.recipient} {mail.message_key}: {detail}")

        if not valid_address(mail.recipient):
            fail("rejected", f"invalid address {mail.recipient!r} / อีเมลไม่ถูกต้อง")
            continue
        attachment = None
        if mail.kind == "pack":
            gone = _scope_missing(store, mail)
            if gone:
                fail("rejected", gone)
                continue
            try:
                assert mail.period is not None
                attachment = make_pack(
                    store,
                    mail.period[0],
                    mail.period[1],
                    mail.extra["scope_kind"],
                    mail.extra["scope_code"],
                    mail.extra["lang"],
                    ns.base_url,
                )
            except Exception as exc:  # any failure of one pack is that pack's, logged; the run goes on
                fail("failed", f"the pack could not be made / สร้างรายงานไม่ได้: {type(exc).__name__}: {exc}")
                continue
        try:
            send(smtp, to_message(mail, smtp.sender, attachment))
        except Refused as exc:
            fail("rejected", f"refused by the server / เครื่องส่งอีเมลปฏิเสธ: {exc}")
            continue
        except Exception as exc:  # timeout, refused connection, 4xx: retried with backoff
            fail("failed", f"{type(exc).__name__}: {exc}")
            continue
        at = db.now()
        _mark_sent(db, mail, at)
        _log(
            db,
            mail,
            "sent",
            f"{len(mail.item_keys)} item(s)" + (f", {len(attachment):,} bytes attached" if attachment else ""),
            at,
        )
        report.sent += 1
        say(f"sent     {mail.recipient} {mail.message_key}: {mail.subject}")
    return report


@dataclass(frozen=True)
class LogEntry:
    """One line of the mail log, for the admin."""

    at: dt.datetime
    recipient: str
    kind: str
    message_key: str
    subject: str
    result: str
    detail: str


def mail_log(db: FollowupDB, limit: int = 200) -> tuple[LogEntry, ...]:
    """The newest ``limit`` attempts, newest first."""
    log = n.mail_log.c
    with db.reading() as conn:
        rows = conn.execute(sa.select(n.mail_log).order_by(log.at.desc(), log.id.desc()).limit(limit)).mappings().all()
    return tuple(
        LogEntry(
            from_db_time(r["at"]), r["recipient"], r["kind"], r["message_key"], r["subject"], r["result"], r["detail"]
        )
        for r in rows
    )
