"""The dashboard's side of e-mail: the one-click unsubscribe link (a signed token, no sign-in)
and a signed-in editor subscribing to their own agency's pack from the sidebar."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model.followup import Operator, add_account, open_followup
from kpi_model.notify import list_subscriptions, subscribe, unsubscribe_token
from tests.notify.conftest import SECRET

pytestmark = pytest.mark.pages  # the dashboard through AppTest: `make test-pages`, not test-quick

APP = "../../dashboard.py"


@pytest.fixture
def app(demo_store, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    monkeypatch.setenv("KPI_NOTIFY_SECRET", SECRET)
    return AppTest.from_file(APP, default_timeout=60)


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.success, *at.error, *at.title])


def test_the_link_from_the_email_unsubscribes_in_one_click(app: AppTest):
    db = open_followup(url=os.environ["KPI_FOLLOWUP_URL"])
    sub = subscribe(db, "director@bma.go.th", "cli:test", strategy="7")
    app.query_params["unsubscribe"] = unsubscribe_token(SECRET.encode(), sub.id)
    at = app.run()
    assert not at.exception
    assert "ยกเลิกแล้ว: director@bma\\.go\\.th จะไม่ได้รับรายงานสรุปรายไตรมาสของมิติยุทธศาสตร์ 7 อีก" in _texts(at)
    assert list_subscriptions(db, active_only=True) == ()
    db.close()


def test_a_forged_token_unsubscribes_nobody(app: AppTest):
    db = open_followup(url=os.environ["KPI_FOLLOWUP_URL"])
    sub = subscribe(db, "director@bma.go.th", "cli:test")
    app.query_params["unsubscribe"] = f"{sub.id}.0123456789abcdef0123456789abcdef"
    at = app.run()
    assert "ลิงก์ยกเลิกนี้ใช้ไม่ได้" in _texts(at)
    assert [s.id for s in list_subscriptions(db, active_only=True)] == [sub.id]
    db.close()


def test_without_the_secret_the_page_names_the_variable(app: AppTest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KPI_NOTIFY_SECRET")
    app.query_params["unsubscribe"] = "1.abc"
    at = app.run()
    assert "KPI_NOTIFY_SECRET" in _texts(at)


def test_an_editor_subscribes_to_their_own_agency_from_the_sidebar(app: AppTest):
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
    at = app.run()
    at.text_input(key="signin_user").input("somchai")
    at.text_input(key="signin_password").input("pw-somchai-long")
    at = at.form_submit_button[0].click().run()
    assert at.selectbox(key="notify_scope").value.startswith("0402 ")  # their own agency first
    at = at.button(key="notify_subscribe").click().run()
    assert not at.exception
    [sub] = list_subscriptions(db, "somchai@bma.go.th", active_only=True)
    assert (sub.scope_kind, sub.scope_code, sub.created_by) == ("agency", "0402", "somchai")
    # the confirmation outlives the rerun that redraws the list
    assert "รับแล้ว: รายงานล่าสุดจะส่งถึง somchai@bma\\.go\\.th ในรอบถัดไป" in [s.value for s in at.sidebar.success]
    at = at.button(key=f"notify_end_{sub.id}").click().run()
    assert list_subscriptions(db, active_only=True) == ()
    assert "ยกเลิกแล้ว: หน่วยงาน 0402" in [s.value for s in at.sidebar.success]
    db.close()


def test_the_mail_log_is_for_admins_only(app: AppTest):
    import datetime as dt

    from kpi_model.notify import Mail
    from kpi_model.notify.run import _log

    db = open_followup(url=os.environ["KPI_FOLLOWUP_URL"])
    add_account(db, Operator("cli:test"), "root", "admin", password="pw-root-long-enough")
    add_account(db, Operator("cli:test"), "somchai", "agency_editor", ["0402"], password="pw-somchai-long")
    mail = Mail("director@bma.go.th", "pack", "pack:1:2567-3", "รายงานสรุป <script>", ())
    _log(db, mail, "failed", "TimeoutError: timed out", dt.datetime(2025, 1, 20, 3, 0, tzinfo=dt.UTC))

    def signed_in(name: str, password: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.text_input(key="signin_user").input(name)
        at.text_input(key="signin_password").input(password)
        return at.form_submit_button[0].click().run()

    def pages(at: AppTest) -> set[str]:
        return {str(info.get("page_name")) for info in at._registered_pages.values()}

    editor = signed_in("somchai", "pw-somchai-long")
    assert editor.session_state["auth_user"] == "somchai" and "บันทึกการส่งอีเมล" not in pages(editor)
    admin = signed_in("root", "pw-root-long-enough")
    assert "บันทึกการส่งอีเมล" in pages(admin)
    admin.switch_page("pages/mail_log.py")
    admin = admin.run()
    assert not admin.exception
    frame = admin.dataframe[0].value
    assert frame.iloc[0].tolist() == [
        "2025-01-20 10:00",
        "ล้มเหลว (จะลองใหม่)",
        "director@bma.go.th",
        "pack",
        "รายงานสรุป <script>",
        "TimeoutError: timed out",
    ]
    db.close()
