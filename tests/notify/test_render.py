"""Each kind of e-mail as its recipient would see it: the HTML part of a pack, a reminder,
an overdue list and a digest, as received from the loopback server, rendered with chromium to
tests/artifacts/mail/*.png (desktop width) for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from kpi_model.followup import FollowupDB, add_account, add_action, note_key
from kpi_model.notify import NotifySettings, notify_run, subscribe
from kpi_model.store import Store
from tests.followup.conftest import OPERATOR
from tests.notify.conftest import SmtpServer, fake_pack

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "mail"
CHROMIUM = Path("/usr/bin/chromium")


def _screenshot(html: str, name: str, tmp_path: Path) -> Path:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    out = ARTIFACTS / f"{name}.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=760,1100",
         f"--screenshot={out}", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return out


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_one_email_of_each_kind_renders(
    db: FollowupDB, store: Store, smtp_server: SmtpServer, ns: NotifySettings, tmp_path: Path
):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing (make browser installs it)")
        pytest.skip("chromium is missing (make browser installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor = add_account(
        db, OPERATOR, "somchai", "agency_editor", ["0402"], email="somchai@bma.go.th", display_name="สมชาย ใจดี"
    )
    add_account(db, OPERATOR, "suda", "analyst", email="suda@bma.go.th", display_name="สุดา รักงาน")
    add_action(db, editor, note_key("0402-1100", 2567, 3), "เร่งรัดการจัดซื้อครุภัณฑ์ <ด่วน>", "ฝ่ายพัสดุ", dt.date(2024, 10, 1))
    subscribe(db, "director@bma.go.th", "cli:test", strategy="7")
    notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2024, 10, 10), make_pack=fake_pack)
    notify_run(db, store, smtp_server.settings(), ns, today=dt.date(2024, 11, 2), make_pack=fake_pack)
    kinds = {"รายงานสรุป": "pack", "เตือน": "reminder", "เลยกำหนด": "overdue", "สรุปการแจ้งเตือน": "digest"}
    shot = {}
    for got in smtp_server.received:
        subject = str(got.message["Subject"])
        kind = next(v for k, v in kinds.items() if subject.startswith(k))
        if kind not in shot:
            shot[kind] = _screenshot(got.message.get_body(("html",)).get_content(), f"{kind}", tmp_path)
    assert set(shot) == {"pack", "reminder", "overdue", "digest"}
    assert all(p.stat().st_size > 10_000 for p in shot.values())
