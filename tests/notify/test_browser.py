"""In a real browser: an agency editor subscribes in the dashboard's sidebar, an import brings
a new quarter, ``notify run`` sends its pack to the loopback SMTP server, and the e-mail's one-click
link, opened in the browser, ends the subscription."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kpi_model.demo import demo_tables
from kpi_model.followup import Operator, add_account, open_followup
from kpi_model.importer.batch import import_paths
from kpi_model.notify import list_subscriptions, notify_run
from kpi_model.store import Store
from tests.browser import ARTIFACTS, Server, launched_chromium, wait_for_app
from tests.notify.conftest import BASE_URL, SECRET, SmtpServer, pdf_text

pytestmark = pytest.mark.browser


def test_subscribe_in_the_dashboard_then_the_new_quarters_pack_arrives(
    store: Store, smtp_server: SmtpServer, ns, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    db = open_followup(url=os.environ["KPI_FOLLOWUP_URL"])
    add_account(
        db,
        Operator("cli:test"),
        "somchai",
        "agency_editor",
        ["0402"],
        email="somchai@bma.go.th",
        password="pw-somchai-long",
    )
    monkeypatch.setenv("KPI_NOTIFY_SECRET", SECRET)
    monkeypatch.setenv("KPI_BASE_URL", BASE_URL)
    with launched_chromium() as browser:
        served = Server(store.root)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="th-TH")
            page.set_default_timeout(60_000)
            page.goto(served.url + "/")
            wait_for_app(page)
            page.locator(".st-key-signin_user input").fill("somchai")
            page.locator(".st-key-signin_password input").fill("pw-somchai-long")
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            wait_for_app(page)
            for _attempt in range(3):  # a rerun that lands between the clicks redraws the sidebar
                subscribe = page.get_by_role("button", name="รับรายงานรายไตรมาส")
                if not subscribe.is_visible():
                    page.locator("[data-testid='stExpander'] summary", has_text="รับรายงานทางอีเมล").last.click()
                subscribe.wait_for(state="visible")
                subscribe.click()
                wait_for_app(page)
                for _ in range(60):  # the click's rerun writes the subscription
                    if list_subscriptions(db, active_only=True):
                        break
                    time.sleep(0.5)
                if list_subscriptions(db, active_only=True):
                    break
            wait_for_app(page)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "notify-subscribed-desktop.png"))
            [sub] = list_subscriptions(db, active_only=True)
            assert (sub.email, sub.scope_kind, sub.scope_code) == ("somchai@bma.go.th", "agency", "0402")

            today = dt.date(2025, 1, 20)
            assert notify_run(db, store, smtp_server.settings(), ns, today=today).sent == 1  # the latest pack: Q3
            q4 = tmp_path / "quarterly_results.csv"  # the analyst's file of FY 2567, now with Q4
            results = demo_tables()["quarterly_results"]
            results.loc[results["fiscal_year"] == 2567].to_csv(q4, index=False)
            imported = import_paths(store, [q4], user="analyst")  # the import that first brings 2567 Q4
            assert not imported.rejected and imported.version == store.version()
            notify_run(db, store, smtp_server.settings(), ns, today=today)
            packs = [r for r in smtp_server.received if str(r.message["Subject"]).startswith("รายงานสรุปตัวชี้วัด")]
            assert [(r.rcpt_tos, str(r.message["Subject"]).split(":")[0]) for r in packs] == [
                (["somchai@bma.go.th"], "รายงานสรุปตัวชี้วัด ปีงบประมาณ 2567 ไตรมาส 3"),
                (["somchai@bma.go.th"], "รายงานสรุปตัวชี้วัด ปีงบประมาณ 2567 ไตรมาส 4"),
            ]
            attached = next(packs[1].message.iter_attachments()).get_content()
            assert "หน่วยงานรหัส 0402 · ปีงบประมาณ 2567 ไตรมาส 4" in pdf_text(attached, tmp_path)
            plain = packs[1].message.get_body(("plain",)).get_content()
            link = urlparse(next(w for w in plain.split() if "unsubscribe=" in w))
            assert f"{link.scheme}://{link.netloc}" == BASE_URL

            page.goto(f"{served.url}/?{link.query}")  # the same link, on this test's server
            wait_for_app(page)
            page.get_by_text("ยกเลิกแล้ว: somchai@bma.go.th").wait_for()
            page.screenshot(path=str(ARTIFACTS / "notify-unsubscribed-desktop.png"))
            assert list_subscriptions(db, active_only=True) == ()
        finally:
            served.stop()
            db.close()
