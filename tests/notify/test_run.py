"""``notify run`` against a real SMTP server on loopback, on SQLite and PostgreSQL: who gets
which e-mail, what it says (Thai subject, PDF filters, unsubscribe link), that nothing is sent
twice, and that every failure is logged and stops nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import sqlalchemy as sa

from kpi_model.followup import FollowupDB, add_account, add_action, note_key
from kpi_model.notify import (
    NotifySettings,
    end_subscription,
    list_subscriptions,
    mail_log,
    notify_run,
    subscribe,
    verify_token,
)
from kpi_model.notify import schema as n
from kpi_model.store import Filters, Store
from tests.followup.conftest import OPERATOR, Clock
from tests.notify.conftest import SECRET, SmtpServer, fake_pack, pdf_text, write_store


def _attachment(message) -> tuple[str, bytes]:
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    return parts[0].get_filename(), parts[0].get_content()


def _bodies(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_a_new_subscription_gets_the_latest_pack_then_the_next_quarter_when_it_lands(
    db: FollowupDB, store: Store, smtp_server: SmtpServer, ns: NotifySettings, tmp_path: Path
):
    add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], email="somchai@bma.go.th")
    own = subscribe(db, "Somchai@bma.go.th", "cli:test")  # an editor's own agency by default
    assert (own.scope_kind, own.scope_code) == ("agency", "0402")
    today = dt.date(2025, 1, 20)  # after 2567 Q4's deadline: no editor reminder, no analyst here

    first = notify_run(db, store, smtp_server.settings(), ns, today=today)
    assert (first.sent, first.failed, first.rejected) == (1, 0, 0)
    [got] = smtp_server.received
    assert got.rcpt_tos == ["somchai@bma.go.th"]
    subject = str(got.message["Subject"])
    assert subject == "รายงานสรุปตัวชี้วัด ปีงบประมาณ 2567 ไตรมาส 3: หน่วยงาน 0402 สำนักงานการเจ้าหน้าที่"
    assert (
        "=?utf-8?" in got.message.as_string().split("Subject:", 1)[1].split("\n", 1)[0].lower()
    )  # encoded on the wire
    name, pdf = _attachment(got.message)
    assert name == "bma-kpi-brief-2567-q3-agency-0402-th.pdf"
    text = pdf_text(pdf, tmp_path)
    assert "หน่วยงานรหัส 0402 · ปีงบประมาณ 2567 ไตรมาส 3" in text  # the pack shows its filters
    plain, html = _bodies(got.message)
    assert "https://kpi.bma.example/agencies?agency=0402&years=2567&quarters=3" in plain
    unsubscribe = next(w for w in plain.split() if "unsubscribe=" in w)
    assert unsubscribe.startswith("https://kpi.bma.example/?unsubscribe=")
    assert str(got.message["List-Unsubscribe"]).strip() == f"<{unsubscribe}>"
    assert "https://kpi.bma.example/agencies?agency=0402&amp;years=2567&amp;quarters=3" in html

    again = notify_run(db, store, smtp_server.settings(), ns, today=today)
    assert (again.sent, again.failed) == (0, 0)
    assert len(smtp_server.received) == 1

    write_store(store, with_q4=True)  # the import that first brings 2567 Q4
    landed = notify_run(db, store, smtp_server.settings(), ns, today=today)
    assert landed.sent == 2  # the Q4 pack, and the editor's digest of indicators that turned behind in Q4
    pack, digest = sorted(smtp_server.received[1:], key=lambda r: "สรุปการแจ้งเตือน" in str(r.message["Subject"]))
    assert str(pack.message["Subject"]).startswith("รายงานสรุปตัวชี้วัด ปีงบประมาณ 2567 ไตรมาส 4")
    assert "หน่วยงานรหัส 0402 · ปีงบประมาณ 2567 ไตรมาส 4" in pdf_text(_attachment(pack.message)[1], tmp_path)
    # 0402's Q3 → Q4 statuses in the demo: 1100–1103 behind → behind (not new), 1104 met → on
    # track (not met at the year's end), 1105 on track → on track (not met at Q4: new), 1106
    # and 1107 behind → met.
    listed = [line.split()[1] for line in _bodies(digest.message)[0].splitlines() if line.startswith("  - ")]
    assert listed == ["0402-1104", "0402-1105"]

    token = parse_qs(urlparse(unsubscribe).query)["unsubscribe"][0]
    assert verify_token(SECRET.encode(), token) == own.id
    assert verify_token(b"another-secret-0123456789", token) is None
    assert verify_token(SECRET.encode(), f"{own.id + 1}.{token.split('.')[1]}") is None
    end_subscription(db, own.id)
    assert list_subscriptions(db, active_only=True) == ()
    assert [e.result for e in mail_log(db)] == ["sent", "sent", "sent"]


def test_packs_reminders_and_digest_each_once(
    db: FollowupDB, store: Store, smtp_server: SmtpServer, ns: NotifySettings, clock: Clock
):
    editor = add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], email="somchai@bma.go.th")
    add_account(db, OPERATOR, "suda", "analyst", email="suda@bma.go.th")
    add_action(db, editor, note_key("0402-0810", 2567, 3), "เร่งรัดการจัดซื้อ <b>ด่วน</b>", "ฝ่ายพัสดุ", dt.date(2024, 10, 1))
    subscribe(db, "director@bma.go.th", "cli:test", strategy="7")
    today = dt.date(2024, 10, 10)  # 2567 Q4 ended 30 Sep; due 30 Oct (30 days)

    report = notify_run(db, store, smtp_server.settings(), ns, today=today, make_pack=fake_pack)
    by = {(r.rcpt_tos[0], r.message["Subject"].split(":")[0]) for r in smtp_server.received}
    assert by == {
        ("director@bma.go.th", "รายงานสรุปตัวชี้วัด ปีงบประมาณ 2567 ไตรมาส 3"),
        ("somchai@bma.go.th", "เตือน"),
        ("somchai@bma.go.th", "สรุปการแจ้งเตือนตัวชี้วัด ประจำวันที่ 10 ตุลาคม 2567"),
        ("suda@bma.go.th", "สรุปการแจ้งเตือนตัวชี้วัด ประจำวันที่ 10 ตุลาคม 2567"),
    }
    assert report.sent == 4
    reminder = next(r.message for r in smtp_server.received if str(r.message["Subject"]).startswith("เตือน"))
    assert str(reminder["Subject"]) == "เตือน: ตัวชี้วัดที่ยังไม่รายงานผล ไตรมาส 4/2567 (กำหนดส่ง 30 ตุลาคม 2567)"
    plain, _ = _bodies(reminder)
    assert f"กำหนดรายงานผลภายในวันที่ 30 ตุลาคม 2567 ({ns.reporting_days} วันหลังสิ้นไตรมาส" in " ".join(plain.split())
    fy2567 = store.select("indicators", Filters(fiscal_years=(2567,), agency_codes=("0402",)))
    listed = [line.split()[1] for line in plain.splitlines() if line.startswith("  - ")]
    assert listed == sorted(fy2567["indicator_code"]) and len(listed) == 8  # Q4 has not landed: none reported
    digest = next(
        r.message
        for r in smtp_server.received
        if r.rcpt_tos == ["somchai@bma.go.th"] and "สรุปการแจ้งเตือน" in str(r.message["Subject"])
    )
    plain, html = _bodies(digest)
    assert "เร่งรัดการจัดซื้อ <b>ด่วน</b>" in plain
    assert "เร่งรัดการจัดซื้อ &lt;b&gt;ด่วน&lt;/b&gt;" in html and "<b>ด่วน" not in html  # typed text escaped

    again = notify_run(db, store, smtp_server.settings(), ns, today=today, make_pack=fake_pack)
    assert again.sent == 0 and len(smtp_server.received) == 4

    # The next day a new action is overdue: one digest each, with only the new item.
    add_action(db, editor, note_key("0402-0810", 2567, 3), "ประชุมติดตาม", "ผอ.", dt.date(2024, 10, 10))
    clock.advance(86_400)
    notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2024, 10, 11), make_pack=fake_pack)
    new = smtp_server.received[4:]
    assert sorted(r.rcpt_tos[0] for r in new) == ["somchai@bma.go.th", "suda@bma.go.th"]
    for r in new:
        plain, _ = _bodies(r.message)
        assert "ประชุมติดตาม" in plain and "เร่งรัดการจัดซื้อ" not in plain

    # After the deadline the analysts get the overdue list, once.
    after = notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2024, 11, 2), make_pack=fake_pack)
    overdue = [r for r in smtp_server.received[6:] if str(r.message["Subject"]).startswith("เลยกำหนด")]
    assert [r.rcpt_tos for r in overdue] == [["suda@bma.go.th"]]
    assert "  - 0402  สำนักงานการเจ้าหน้าที่: 8 ตัว" in _bodies(overdue[0].message)[0]  # Q4 missing: all 8
    assert after.sent == len(smtp_server.received) - 6


def test_a_hung_server_times_out_is_logged_and_retried_after_the_backoff(
    db: FollowupDB,
    store: Store,
    smtp_server: SmtpServer,
    hung_server: tuple[str, int],
    ns: NotifySettings,
    clock: Clock,
):
    subscribe(db, "director@bma.go.th", "cli:test")
    hung = smtp_server.settings(timeout=1)
    hung = type(hung)(hung_server[0], hung_server[1], hung.sender, None, None, False, 1)
    today = dt.date(2025, 1, 20)

    first = notify_run(db, store, hung, ns, today=today, make_pack=fake_pack)
    assert (first.sent, first.failed) == (0, 1)
    [entry] = mail_log(db)
    assert entry.result == "failed" and "timed out" in entry.detail.lower() and entry.recipient == "director@bma.go.th"

    soon = notify_run(db, store, smtp_server.settings(), ns, today=today, make_pack=fake_pack)
    assert (soon.sent, soon.waiting) == (0, 1)  # backoff: not before 5 minutes
    clock.advance(301)
    later = notify_run(db, store, smtp_server.settings(), ns, today=today, make_pack=fake_pack)
    assert later.sent == 1 and [r.rcpt_tos for r in smtp_server.received] == [["director@bma.go.th"]]
    assert [e.result for e in mail_log(db)] == ["sent", "failed"]


def test_bad_input_is_a_logged_failure_that_stops_nothing_else(
    db: FollowupDB, store: Store, smtp_server: SmtpServer, ns: NotifySettings
):
    subscribe(db, "refused@bma.go.th", "cli:test")
    subscribe(db, "gone@bma.go.th", "cli:test", agency="9999")
    subscribe(db, "nopack@bma.go.th", "cli:test", strategy="7")
    subscribe(db, "ok@bma.go.th", "cli:test")
    with db.writing() as conn:  # an address that was typed wrong before it was checked
        conn.execute(
            n.subscriptions.update().where(n.subscriptions.c.email == "ok@bma.go.th").values(email="not an address")
        )
    subscribe(db, "fine@bma.go.th", "cli:test")
    smtp_server.handler.refuse.add("refused@bma.go.th")

    def pack(store: Store, fy: int, q: int, kind: str, code: str, lang: str, base: str | None) -> bytes:
        if kind == "strategy":
            raise RuntimeError("chromium crashed")
        return fake_pack(store, fy, q, kind, code, lang, base)

    report = notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2025, 1, 20), make_pack=pack)
    assert (report.sent, report.failed, report.rejected) == (1, 1, 3)
    assert [r.rcpt_tos for r in smtp_server.received] == [["fine@bma.go.th"]]
    results = {e.recipient: (e.result, e.detail) for e in mail_log(db)}
    assert results["refused@bma.go.th"][0] == "rejected" and "550" in results["refused@bma.go.th"][1]
    assert results["gone@bma.go.th"] == ("rejected", "agency 9999 is no longer in the data / ไม่มีหน่วยงาน 9999 ในข้อมูลแล้ว")
    assert results["nopack@bma.go.th"][0] == "failed" and "chromium crashed" in results["nopack@bma.go.th"][1]
    assert results["not an address"][0] == "rejected" and "invalid address" in results["not an address"][1]
    again = notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2025, 1, 20), make_pack=pack)
    assert (again.sent, again.rejected) == (0, 0)  # a rejection is never retried; the failure waits
    with db.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(n.sent_items)).scalar_one() == 1


def test_a_second_run_while_one_is_under_way_sends_nothing(
    db: FollowupDB, store: Store, smtp_server: SmtpServer, ns: NotifySettings
):
    from kpi_model.notify.run import one_run_at_a_time

    subscribe(db, "director@bma.go.th", "cli:test")
    with one_run_at_a_time(db) as first:
        assert first
        other = notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2025, 1, 20), make_pack=fake_pack)
        assert other.sent == 0 and other.notes == ["another notify run is under way: nothing sent"]
    after = notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2025, 1, 20), make_pack=fake_pack)
    assert after.sent == 1
