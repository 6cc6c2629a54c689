"""The follow-up loop in Debian's chromium (issue 27): an agency editor writes an analysis and
an action for an indicator behind; an editor of another agency cannot, and the page says why;
an analyst comments and marks the action done; the overview's counts change on the next view.
Screenshots at 1440x900 and 390x844 go to /work/briefs/shots/followup/ (tests/artifacts/
when that folder is not there) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_model import followup as fu
from kpi_model import views
from kpi_model.followup import accounts as account_module
from kpi_model.i18n import t
from kpi_model.passwords import hash_password
from kpi_model.store import Store
from tests.browser import ARTIFACTS, Server, launched_chromium, need_browser, wait_for_app
from tests.conftest import demo_tables
from tests.followup.conftest import OPERATOR

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
CODE = "0402-1100"  # behind in the demo's Q4 of FY 2567
INDICATOR = f"/indicator?code={CODE}&fy=2567&q=4"
OVERVIEW = "/?fy=2567&q=4"
SCREENS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
BRIEF_SHOTS = Path("/work/briefs/shots")
SHOTS = BRIEF_SHOTS / "followup" if BRIEF_SHOTS.is_dir() else ARTIFACTS / "followup"


def key_class(name: str) -> str:
    """The CSS class Streamlit gives the element of widget key ``name``."""
    return f".st-key-{name}_{CODE}_2567_4"


def sign_in(page, user: str, password: str) -> None:
    page.locator(".st-key-signin_user input").fill(user)
    page.locator(".st-key-signin_password input").fill(password)
    page.get_by_role("button", name=t("sign_in")).click()
    wait_for_app(page, TIMEOUT)
    page.get_by_text(user).first.wait_for()


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def shoot(page, name: str, anchor: str | None = None) -> None:
    """The window at both sizes, scrolled to ``anchor`` (a text on the page) when given."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SCREENS.items():
        page.set_viewport_size(viewport)
        wait_for_app(page, TIMEOUT)
        for _ in range(2 if anchor else 0):  # charts drawn after the first scroll move the anchor down
            page.get_by_text(anchor).first.scroll_into_view_if_needed()
            page.wait_for_timeout(700)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    page.set_viewport_size(SCREENS["desktop"])
    wait_for_app(page, TIMEOUT)


def go(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, TIMEOUT)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    need_browser()
    store = Store(tmp_path / "store")
    store.write(demo_tables(), note="follow-up browser test")
    url = f"sqlite:///{tmp_path / 'followup.sqlite'}"
    monkeypatch.setattr(account_module, "hash_password", lambda pw: hash_password(pw, 1_000))
    db = fu.open_followup(url=url)
    fu.add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], password="pw-somchai")
    fu.add_account(db, OPERATOR, "malee", "agency_editor", ["0501"], password="pw-malee1")
    fu.add_account(db, OPERATOR, "suda", "analyst", password="pw-suda12")
    home = tmp_path / "home"
    home.mkdir()  # no secrets.toml: the accounts are the database's
    srv = Server(
        store.root, env={"KPI_FOLLOWUP_URL": url, "HOME": str(home), "STREAMLIT_SERVER_COOKIE_SECRET": "followup-test"}
    )
    try:
        yield srv, store, db
    finally:
        srv.stop()
        db.close()


def test_the_follow_up_loop_in_a_browser(served):
    srv, store, db = served
    behind = len(views.behind_indicators(store, 2567, 4))
    key = fu.note_key(CODE, 2567, 4)
    with launched_chromium() as browser:
        contexts = []

        def new_page():
            ctx = browser.new_context(viewport=SCREENS["desktop"], locale="th-TH")
            contexts.append(ctx)
            page = ctx.new_page()
            page.set_default_timeout(TIMEOUT)
            return page

        try:
            # the overview before anyone writes: every indicator behind lacks a follow-up
            editor = new_page()
            go(editor, srv.url + OVERVIEW)
            assert metric(editor, t("fu_behind_without")) == str(behind)
            assert metric(editor, t("fu_overdue")) == "0"

            # the agency editor writes an analysis and an action
            go(editor, srv.url + INDICATOR)
            sign_in(editor, "somchai", "pw-somchai")
            editor.locator(f"{key_class('fu_why')} textarea").fill("ผู้รับเหมาส่งมอบงานล่าช้า <b>สองเดือน</b>")
            editor.locator(f"{key_class('fu_next')} textarea").fill("เร่งรัดผู้รับเหมาและรายงานทุกสัปดาห์")
            editor.get_by_role("button", name=t("fu_save_analysis")).click()
            editor.get_by_text(t("fu_saved_analysis", revision=1)).wait_for()
            wait_for_app(editor, TIMEOUT)
            assert editor.get_by_text("ผู้รับเหมาส่งมอบงานล่าช้า <b>สองเดือน</b>").count() >= 1  # as text
            editor.locator(f"{key_class('fu_what')} textarea").fill("ประชุมเร่งรัดผู้รับเหมา")
            editor.locator(f"{key_class('fu_owner')} input").fill("ฝ่ายโยธา")
            editor.locator(f"{key_class('fu_due')} input").fill("31/12/2567")
            editor.get_by_role("button", name=t("fu_save_action")).click()
            wait_for_app(editor, TIMEOUT)
            (action,) = fu.followup_of(db, key).actions
            editor.get_by_text(t("fu_saved_action", id=action.id)).wait_for()
            assert fu.followup_of(db, key).analysis.updated_by == "somchai"
            shoot(editor, "indicator-editor", t("fu_title", period="ไตรมาส 4 ปีงบประมาณ 2567"))

            # the overview's counts change on the next view
            go(editor, srv.url + OVERVIEW)
            assert metric(editor, t("fu_behind_without")) == str(behind - 1)
            assert metric(editor, t("fu_overdue")) == "1"
            shoot(editor, "overview-after-editor", t("fu_behind_without"))

            # an editor of another agency reads only, and is told why
            other = new_page()
            go(other, srv.url + INDICATOR)
            sign_in(other, "malee", "pw-malee1")
            why_not = t("fu_read_only", reason="ท่านเป็นผู้แก้ไขของหน่วยงาน 0501 เท่านั้น ไม่ใช่หน่วยงาน 0402")
            other.get_by_text(why_not).wait_for()
            assert other.locator(f"{key_class('fu_why')} textarea").count() == 0
            assert other.get_by_role("button", name=t("fu_save_analysis")).count() == 0
            assert other.get_by_text("เร่งรัดผู้รับเหมาและรายงานทุกสัปดาห์").count() >= 1
            shoot(other, "indicator-other-agency", why_not)

            # the analyst comments and marks the action done
            analyst = new_page()
            go(analyst, srv.url + INDICATOR)
            sign_in(analyst, "suda", "pw-suda12")
            analyst.locator(f"{key_class('fu_comment')} textarea").fill("ขอแผนเร่งรัดเป็นรายสัปดาห์ด้วย")
            analyst.get_by_role("button", name=t("fu_post_comment")).click()
            analyst.get_by_text(t("fu_posted")).wait_for()
            wait_for_app(analyst, TIMEOUT)
            analyst.get_by_text(t("fu_update_action")).click()
            analyst.locator(f"{key_class('fu_closing')} textarea").fill("ประชุมแล้ว ผู้รับเหมาส่งแผนใหม่")
            analyst.get_by_role("button", name=t("fu_save_status")).click()
            analyst.get_by_text(t("fu_saved_action", id=action.id)).wait_for()
            wait_for_app(analyst, TIMEOUT)
            done = fu.followup_of(db, key)
            assert [c.author for c in done.comments] == ["suda"]
            assert (done.actions[0].status, done.actions[0].updated_by) == ("done", "suda")
            analyst.get_by_text(t("fu_history", n=4)).click()
            wait_for_app(analyst, TIMEOUT)
            shoot(analyst, "indicator-analyst", t("fu_comments"))

            go(analyst, srv.url + OVERVIEW)
            assert metric(analyst, t("fu_behind_without")) == str(behind - 1)
            assert metric(analyst, t("fu_overdue")) == "0"

            # the editor's own to-do
            go(editor, srv.url + "/followup?fy=2567&q=4")
            editor.get_by_text(t("fu_my_behind")).wait_for()
            shoot(editor, "my-followup-editor")
        finally:
            for ctx in contexts:
                ctx.close()


BAD_CSV = (
    "indicator_code,fiscal_year,quarter,action,owner,due_date,status\n"
    "0402-1101,2567,4,ประชุมติดตาม,ฝ่ายบุคคล,30/09/2567,open\n"
    "9999-0000,2567,4,ตัวชี้วัดที่ไม่มี,ฝ่ายบุคคล,30/09/2567,open\n"
)
GOOD_CSV = (
    "indicator_code,fiscal_year,quarter,action,owner,due_date,status\n"
    "0402-1101,2567,4,ประชุมติดตาม,ฝ่ายบุคคล,30/09/2567,open\n"
    '0402-1102,2567,4,"=HYPERLINK(""http://evil"")",ฝ่ายบุคคล,2024-09-30,open\n'
)


def test_an_analyst_imports_actions_all_or_nothing_and_exports_them_neutralised(served, tmp_path):
    srv, _, db = served
    bad, good = tmp_path / "actions-bad.csv", tmp_path / "actions.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    good.write_text(GOOD_CSV, encoding="utf-8")
    with launched_chromium() as browser:
        ctx = browser.new_context(viewport=SCREENS["desktop"], locale="th-TH", accept_downloads=True)
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        try:
            go(page, srv.url + "/?fy=2567&q=4")
            sign_in(page, "suda", "pw-suda12")
            go(page, srv.url + "/followup?fy=2567&q=4")
            page.get_by_text(t("fu_import")).first.wait_for()

            page.locator(".st-key-fu_import_file input[type='file']").set_input_files(str(bad))
            wait_for_app(page, TIMEOUT)
            page.get_by_role("button", name=t("fu_import_button")).click()
            page.get_by_text(t("fu_import_rejected", n=1)).wait_for()
            wait_for_app(page, TIMEOUT)
            assert fu.open_actions(db) == ()  # a rejected file changes nothing
            shoot(page, "import-rejected", t("fu_import_rejected", n=1))
            page.get_by_text("ไม่มีตัวชี้วัด '9999-0000' ในข้อมูล").first.wait_for(state="attached")  # row 3, its column

            page.locator(".st-key-fu_import_file input[type='file']").set_input_files(str(good))
            wait_for_app(page, TIMEOUT)
            page.get_by_role("button", name=t("fu_import_button")).click()
            done = t("fu_import_done", file="actions.csv", added=2, updated=0, unchanged=0)
            page.get_by_text(done).wait_for()
            assert sorted(a.what for a in fu.open_actions(db)) == sorted(['=HYPERLINK("http://evil")', "ประชุมติดตาม"])

            with page.expect_download() as got:
                page.get_by_role("button", name=t("fu_export_actions_csv")).click()
            text = Path(got.value.path()).read_text(encoding="utf-8-sig")
            assert "ประชุมติดตาม" in text
            assert '\'=HYPERLINK(""http://evil"")' in text  # neutralised: a spreadsheet shows it as text
            assert '",=HYPERLINK' not in text and ",=HYPERLINK" not in text
        finally:
            ctx.close()


def test_an_admin_adds_an_account_on_the_accounts_page(served):
    srv, _, db = served
    fu.add_account(db, OPERATOR, "admin", "admin", password="pw-admin1")
    with launched_chromium() as browser:
        ctx = browser.new_context(viewport=SCREENS["desktop"], locale="th-TH")
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        try:
            go(page, srv.url + "/?fy=2567&q=4")
            sign_in(page, "admin", "pw-admin1")
            go(page, srv.url + "/accounts")
            page.get_by_text(t("fu_accounts_title")).first.wait_for()
            page.locator(".st-key-fu_new_username input").fill("pranee")
            page.locator(".st-key-fu_new_password input").fill("pw-pranee1")
            page.get_by_role("button", name=t("fu_add_account")).last.click()
            page.get_by_text(t("fu_added_account", name="pranee")).wait_for()
            wait_for_app(page, TIMEOUT)
            made = fu.account_by_username(db, "pranee")
            assert made is not None and made.role == "viewer"
            shoot(page, "accounts-admin")
        finally:
            ctx.close()
