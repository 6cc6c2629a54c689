"""The follow-up on the pages through AppTest (ui/followup/): the indicator page's analysis,
actions, comments and history; the overview's two counts; the per-agency table; my
follow-up; the accounts page. Each as a user who should pass and as users who should not
(fail closed: no form, and a sentence saying why)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import followup as fu
from kpi_model.followup import accounts as account_module
from kpi_model.followup import records
from kpi_model.i18n import date_label, t
from kpi_model.passwords import hash_password
from kpi_model.store import Store
from tests.followup.conftest import OPERATOR

pytestmark = pytest.mark.pages  # the dashboard through AppTest: `make test-pages`, not test-quick

CODE = "0402-1100"  # behind in the demo's Q4 of FY 2567
KEY = fu.note_key(CODE, 2567, 4)
EVIL = "<script>alert(1)</script> [x](http://evil) **bold**"


@pytest.fixture
def followup_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_store: Store) -> Iterator[fu.FollowupDB]:
    """The database the pages open (``KPI_FOLLOWUP_URL``), over the demo store, with cheap
    password hashes (a page test signs in through the session, never the form)."""
    url = f"sqlite:///{tmp_path / 'followup.sqlite'}"
    monkeypatch.setenv("KPI_FOLLOWUP_URL", url)
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    monkeypatch.setattr(account_module, "hash_password", lambda pw: hash_password(pw, 1_000))
    db = fu.open_followup(url=url)
    yield db
    db.close()


@pytest.fixture
def people(followup_db: fu.FollowupDB) -> dict[str, fu.Account]:
    db = followup_db
    return {
        "editor": fu.add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], password="pw-somchai"),
        "other_editor": fu.add_account(db, OPERATOR, "malee", "agency_editor", ["0501"], password="pw-malee1"),
        "analyst": fu.add_account(db, OPERATOR, "suda", "analyst", password="pw-suda12"),
        "admin": fu.add_account(db, OPERATOR, "admin", "admin", password="pw-admin1"),
        "viewer": fu.add_account(db, OPERATOR, "wichai", "viewer", password="pw-wichai"),
    }


def section_alone(store_root: str, code: str, fiscal_year: int, quarter: int, status: str | None, lang: str) -> None:
    import os

    os.environ["KPI_STORE"] = store_root
    from ui import followup

    followup.indicator_section(code, fiscal_year, quarter, status, lang)


def open_section(store: Store, user: str | None, lang: str = "th") -> AppTest:
    at = AppTest.from_function(section_alone, args=(str(store.root), CODE, 2567, 4, "behind", lang), default_timeout=60)
    if user:
        at.session_state["auth_user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [x.value for x in at.text]


def messages(at: AppTest, kind: str) -> str:
    """The alerts of ``kind`` as a reader sees them (markdown escapes taken out)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(x.value) for x in getattr(at, kind)))


def form_area(at: AppTest, label_key: str):
    return next(a for a in at.text_area if a.label == t(label_key))


def button(at: AppTest, label_key: str):
    return next(b for b in at.button if b.label == t(label_key))


# ---- who may write ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who, reason",
    [
        (None, "กรุณาเข้าสู่ระบบก่อน"),
        ("malee", "ท่านเป็นผู้แก้ไขของหน่วยงาน 0501 เท่านั้น ไม่ใช่หน่วยงาน 0402"),
        ("wichai", "ผู้ชมอ่านได้อย่างเดียว"),
        ("nobody", "กรุณาเข้าสู่ระบบก่อน"),  # a name no account has: not signed in at all
    ],
)
def test_anyone_who_may_not_write_gets_no_form_and_is_told_why(demo_store, people, who, reason):
    at = open_section(demo_store, who)
    assert not at.text_area and not at.text_input
    assert t("fu_read_only", "th", reason=reason) in messages(at, "info")


def test_a_deactivated_editor_reads_only(demo_store, people, followup_db):
    fu.update_account(followup_db, OPERATOR, people["editor"].id, active=False)
    at = open_section(demo_store, "somchai")
    assert not at.text_area  # the session ends with the account: not signed in any more
    assert t("fu_read_only", "th", reason="กรุณาเข้าสู่ระบบก่อน") in messages(at, "info")


# ---- the analysis -------------------------------------------------------------------------------
def test_the_agency_editor_writes_an_analysis_shown_as_text_and_kept_in_history(demo_store, people, followup_db):
    at = open_section(demo_store, "somchai")
    assert t("fu_no_analysis") in [c.value for c in at.caption]
    form_area(at, "fu_why").input(EVIL)
    form_area(at, "fu_next").input("จัดอบรมเพิ่มในไตรมาสหน้า")
    button(at, "fu_save_analysis").click().run()
    assert not at.exception, at.exception
    assert t("fu_saved_analysis", revision=1) in messages(at, "success")
    assert EVIL in texts(at) and "จัดอบรมเพิ่มในไตรมาสหน้า" in texts(at)  # st.text: never markdown
    assert all(EVIL not in str(m.value) for m in at.markdown)
    saved = fu.followup_of(followup_db, KEY).analysis
    assert saved is not None and (saved.why, saved.updated_by, saved.revision) == (EVIL, "somchai", 1)
    history = next(d.value for d in at.dataframe if t("fu_change") in list(d.value.columns) or "change" in d.value)
    assert list(history["who"]) == ["somchai"]
    assert f"{t('fu_field_why')}: {EVIL}" in history["change"].iloc[0]


def test_a_save_on_a_stale_copy_shows_both_texts_and_loses_nothing(demo_store, people, followup_db):
    fu.save_analysis(followup_db, people["editor"], KEY, why="ฉบับแรก", next_steps="", base_revision=0)
    at = open_section(demo_store, "somchai")  # the form opens on revision 1
    fu.save_analysis(followup_db, people["analyst"], KEY, why="ฉบับของนักวิเคราะห์", next_steps="ขั้นต่อไป", base_revision=1)
    form_area(at, "fu_why").input("ฉบับของสมชาย")
    button(at, "fu_save_analysis").click().run()
    assert not at.exception, at.exception
    assert "suda" in messages(at, "error")
    shown = texts(at)
    assert "ฉบับของนักวิเคราะห์" in shown and "ฉบับของสมชาย" in shown  # both texts
    assert form_area(at, "fu_why").value == "ฉบับของสมชาย"  # still in the form
    assert fu.followup_of(followup_db, KEY).analysis.why == "ฉบับของนักวิเคราะห์"  # nothing stored
    button(at, "fu_save_analysis").click().run()  # saved again, knowing: replaces revision 2
    assert t("fu_saved_analysis", revision=3) in messages(at, "success")
    assert fu.followup_of(followup_db, KEY).analysis.why == "ฉบับของสมชาย"


def test_an_empty_or_too_long_analysis_is_refused_with_a_message_and_nothing_stored(demo_store, people, followup_db):
    at = open_section(demo_store, "somchai")
    button(at, "fu_save_analysis").click().run()
    assert "ต้องกรอกเหตุผล" in messages(at, "error")
    form_area(at, "fu_why").input("ก" * (fu.MAX_TEXT + 1))
    button(at, "fu_save_analysis").click().run()
    assert "5,001" in messages(at, "error") and "5,000" in messages(at, "error")
    assert fu.followup_of(followup_db, KEY).analysis is None
    assert len(form_area(at, "fu_why").value) == fu.MAX_TEXT + 1  # what was typed stays


def test_a_hundred_saves_a_minute_is_refused_with_a_message(demo_store, people, followup_db, monkeypatch):
    monkeypatch.setattr(records, "SAVES_PER_WINDOW", 1)
    fu.add_comment(followup_db, people["editor"], KEY, "ครั้งแรก")
    at = open_section(demo_store, "somchai")
    form_area(at, "fu_why").input("เหตุผล")
    button(at, "fu_save_analysis").click().run()
    assert "บันทึกเกิน 1 ครั้งใน 60 วินาที" in messages(at, "error")
    assert fu.followup_of(followup_db, KEY).analysis is None


# ---- actions ------------------------------------------------------------------------------------
def action_inputs(at: AppTest, what: str, owner: str, due: str) -> None:
    form_area(at, "fu_what").input(what)
    next(i for i in at.text_input if i.label == t("fu_owner")).input(owner)
    next(i for i in at.text_input if i.label == t("fu_due_input")).input(due)


def test_an_action_with_a_bad_date_or_no_text_is_refused_and_a_good_one_shows_its_due_date_in_be(
    demo_store, people, followup_db
):
    at = open_section(demo_store, "somchai")
    action_inputs(at, "", "ฝ่ายบุคคล", "31/02/2568")
    button(at, "fu_save_action").click().run()
    error = messages(at, "error")
    assert "ต้องกรอกการดำเนินการ" in error and "ไม่ใช่วันที่" in error
    action_inputs(at, "อบรม", "ฝ่ายบุคคล", "01/01/2567")  # before Q4 of FY 2567 starts (1 Jul 2024)
    button(at, "fu_save_action").click().run()
    assert "อยู่ก่อนไตรมาส 4/2567 เริ่ม" in messages(at, "error")
    assert fu.followup_of(followup_db, KEY).actions == ()
    action_inputs(at, "อบรมเจ้าหน้าที่ <b>ทุกเขต</b>", "ฝ่ายบุคคล", "31/12/2567")
    button(at, "fu_save_action").click().run()
    assert not at.exception, at.exception
    (action,) = fu.followup_of(followup_db, KEY).actions
    assert form_area(at, "fu_what").value == ""  # saved: the form opens empty
    assert action.due_date == dt.date(2024, 12, 31) and action.status == "open"
    table = next(d.value for d in at.dataframe if "what" in d.value)
    assert list(table["what"]) == ["อบรมเจ้าหน้าที่ <b>ทุกเขต</b>"]
    assert table["due"].iloc[0] == f"31 ธันวาคม 2567 ({t('fu_overdue_mark')})"
    assert table["status"].iloc[0] == t("fu_action_status_open")


def test_an_action_is_marked_done_with_a_closing_note_and_dropped_needs_one(demo_store, people, followup_db):
    action = fu.add_action(followup_db, people["editor"], KEY, "อบรม", "ฝ่ายบุคคล", "2024-12-31")
    at = open_section(demo_store, "somchai")
    next(r for r in at.radio if r.label == t("fu_new_status")).set_value("dropped")
    button(at, "fu_save_status").click().run()
    assert "ยกเลิกการดำเนินการต้องบอกเหตุผล" in messages(at, "error")
    next(r for r in at.radio if r.label == t("fu_new_status")).set_value("done")
    form_area(at, "fu_closing_note").input("อบรมครบ 50 เขตแล้ว")
    button(at, "fu_save_status").click().run()
    assert not at.exception, at.exception
    assert t("fu_saved_action", id=action.id) in messages(at, "success")
    (done,) = fu.followup_of(followup_db, KEY).actions
    assert (done.status, done.closing_note, done.revision) == ("done", "อบรมครบ 50 เขตแล้ว", 2)
    history = next(d.value for d in at.dataframe if "change" in d.value)
    assert (
        f"{t('fu_field_status')}: {t('fu_action_status_open')} → {t('fu_action_status_done')}"
        in history["change"].iloc[0]
    )


def test_an_action_changed_by_someone_else_since_the_page_was_drawn_is_refused(demo_store, people, followup_db):
    action = fu.add_action(followup_db, people["editor"], KEY, "อบรม", "ฝ่ายบุคคล", "2024-12-31")
    at = open_section(demo_store, "somchai")
    fu.update_action(followup_db, people["analyst"], action.id, 1, status="done", closing_note="ปิดโดย สยป.")
    form_area(at, "fu_closing_note").input("เสร็จ")
    button(at, "fu_save_status").click().run()
    assert "มีผู้อื่นแก้ไขการดำเนินการนี้ไปแล้ว" in messages(at, "error")
    assert fu.followup_of(followup_db, KEY).actions[0].closing_note == "ปิดโดย สยป."


# ---- comments -----------------------------------------------------------------------------------
def test_an_analyst_comments_and_a_viewer_cannot(demo_store, people, followup_db):
    at = open_section(demo_store, "suda")
    form_area(at, "fu_comment").input("ขอข้อมูลเพิ่มเติม [ลิงก์](javascript:alert(1))")
    button(at, "fu_post_comment").click().run()
    assert not at.exception, at.exception
    assert "ขอข้อมูลเพิ่มเติม [ลิงก์](javascript:alert(1))" in texts(at)
    assert [c.author for c in fu.followup_of(followup_db, KEY).comments] == ["suda"]
    assert form_area(at, "fu_comment").value == ""  # posted: the form opens empty for the next one
    viewer = open_section(demo_store, "wichai")
    assert "ขอข้อมูลเพิ่มเติม [ลิงก์](javascript:alert(1))" in texts(viewer)
    assert not viewer.text_area and not viewer.button


def test_english_mode(demo_store, people):
    at = open_section(demo_store, "malee", lang="en")
    assert t("fu_read_only", "en", reason="you edit for agency 0501 only, not agency 0402") in messages(at, "info")


# ---- the overview, agencies and districts -------------------------------------------------------
def overview_alone(store_root: str, fiscal_year: int, quarter: int) -> None:
    import os

    import streamlit as st

    os.environ["KPI_STORE"] = store_root
    from ui import followup

    counts = followup.overview_section(fiscal_year, quarter, "th")
    st.session_state["shown_counts"] = (counts.n_behind_without_followup, counts.n_overdue)


def test_the_overview_counts_change_on_the_next_view(demo_store, people, followup_db):
    from kpi_model import views

    behind = views.behind_indicators(demo_store, 2567, 4)
    at = AppTest.from_function(overview_alone, args=(str(demo_store.root), 2567, 4), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    n = len(behind)
    assert n > 10 and at.session_state["shown_counts"] == (n, 0)
    assert [m.value for m in at.metric] == [str(n), "0"]
    assert at.expander[0].label == t("fu_list_count", label=t("fu_behind_without"), n=n)
    listed = at.dataframe[0].value
    assert list(listed["indicator_code"]) == list(behind["indicator_code"])
    fu.save_analysis(followup_db, people["editor"], KEY, why="เหตุผล", next_steps="", base_revision=0)
    other = fu.note_key(behind["indicator_code"].iloc[0], 2567, 4)
    fu.add_action(followup_db, people["analyst"], other, "ติดตาม", "สยป.", "2024-08-01")  # overdue now
    at.run()
    assert at.session_state["shown_counts"] == (n - 2, 1)
    assert [m.value for m in at.metric] == [str(n - 2), "1"]
    overdue = at.dataframe[1].value
    assert list(overdue["what"]) == ["ติดตาม"] and overdue["due"].iloc[0].startswith(date_label(dt.date(2024, 8, 1)))


def agencies_alone(store_root: str, codes: tuple[str, ...] | None) -> None:
    import os

    os.environ["KPI_STORE"] = store_root
    from ui import followup

    followup.agency_actions("th", codes)


def test_open_and_overdue_actions_per_agency(demo_store, people, followup_db):
    fu.add_action(followup_db, people["editor"], KEY, "หนึ่ง", "ก", "2024-08-01")
    fu.add_action(followup_db, people["editor"], KEY, "สอง", "ข", dt.date.today() + dt.timedelta(days=30))
    done = fu.add_action(followup_db, people["editor"], KEY, "สาม", "ค", "2024-08-01")
    fu.update_action(followup_db, people["editor"], done.id, 1, status="done")
    at = AppTest.from_function(agencies_alone, args=(str(demo_store.root), None), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == 1 and table["agency"].iloc[0].startswith("0402")
    assert (int(table["open"].iloc[0]), int(table["overdue"].iloc[0])) == (2, 1)
    narrowed = AppTest.from_function(agencies_alone, args=(str(demo_store.root), ("0501",)), default_timeout=60)
    narrowed.run()
    assert not narrowed.dataframe and t("fu_no_open_actions") in [c.value for c in narrowed.caption]


# ---- the whole app: my follow-up, accounts, the router ------------------------------------------
def open_app(store: Store, user: str | None, page: str | None = None) -> AppTest:
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    at.query_params["fy"] = "2567"
    at.query_params["q"] = "4"
    if user:
        at.session_state["auth_user"] = user
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def test_my_followup_lists_the_editors_indicators_behind_without_analysis_and_actions_due(
    demo_store, people, followup_db
):
    fu.save_analysis(followup_db, people["editor"], KEY, why="เหตุผล", next_steps="", base_revision=0)
    fu.add_action(followup_db, people["editor"], KEY, "อบรม", "ฝ่ายบุคคล", "2024-08-01")
    at = open_app(demo_store, "somchai", "pages/my_followup.py")
    behind = at.dataframe[0].value
    assert list(behind["indicator_code"]) == ["0402-1101", "0402-1102", "0402-1103"]  # 0402-1100 has its analysis
    due = at.dataframe[1].value
    assert list(due["what"]) == ["อบรม"]
    assert t("fu_my_due", n=1, overdue=1) in [h.value for h in at.subheader]
    assert [b.label for b in at.get("download_button")] == [
        t("fu_export_actions_csv"),
        t("fu_export_analyses_csv"),
        t("fu_export_xlsx"),
    ]
    assert t("fu_import") not in [h.value for h in at.subheader]  # the import is the analysts'


def test_my_followup_offers_the_import_to_an_analyst_only(demo_store, people):
    at = open_app(demo_store, "suda", "pages/my_followup.py")
    assert t("fu_import") in [h.value for h in at.subheader]


def router_titles(username: str | None, with_account: bool) -> None:
    import streamlit as st

    from kpi_model import followup as fu
    from ui import auth, router
    from ui.followup_db import followup_db

    acc = fu.account_by_username(followup_db(), username) if username and with_account else None
    user = None if username is None else auth.User(username, "editor", acc)
    real = st.Page
    st.Page = lambda page, title, **_: title  # the pages' files are relative to dashboard.py, not this script
    try:
        st.session_state["titles"] = list(router._pages("th", user))
    finally:
        st.Page = real


@pytest.mark.parametrize(
    "username, with_account, mine, accounts",
    [
        (None, False, False, False),
        ("somchai", False, False, False),  # a secrets-only editor: no follow-up account
        ("wichai", True, True, False),
        ("somchai", True, True, False),
        ("suda", True, True, False),
        ("admin", True, True, True),
    ],
)
def test_the_router_offers_my_followup_to_accounts_and_the_accounts_page_to_admins_only(
    people, username, with_account, mine, accounts
):
    at = AppTest.from_function(router_titles, args=(username, with_account), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    titles = at.session_state["titles"]
    assert (t("page_my_followup") in titles, t("page_accounts") in titles) == (mine, accounts)


@pytest.mark.parametrize("who", [None, "somchai", "suda", "wichai"])
def test_the_accounts_page_refuses_anyone_not_an_admin(demo_store, people, who):
    at = AppTest.from_function(accounts_alone, args=(str(demo_store.root),), default_timeout=60)
    if who:
        at.session_state["auth_user"] = who
    at.run()
    assert not at.exception, at.exception
    assert not at.dataframe and not at.text_input and not at.button
    assert messages(at, "error").startswith(t("fu_accounts_denied", reason="")[:20])


def accounts_alone(store_root: str) -> None:
    import os

    os.environ["KPI_STORE"] = store_root
    from ui import followup

    followup.accounts_page("th")


def test_an_admin_adds_an_account_sets_its_role_and_deactivates_it(demo_store, people, followup_db):
    at = AppTest.from_function(accounts_alone, args=(str(demo_store.root),), default_timeout=60)
    at.session_state["auth_user"] = "admin"
    at.run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["username"]) == ["admin", "malee", "somchai", "suda", "wichai"]
    at.text_input(key="fu_new_username").input("Pranee")
    at.selectbox(key="fu_new_role").set_value("agency_editor")
    at.multiselect(key="fu_new_agencies").set_value(["0402"])
    at.text_input(key="fu_new_password").input("short")
    button(at, "fu_add_account").click().run()
    assert "รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร" in messages(at, "error")
    assert fu.account_by_username(followup_db, "pranee") is None
    at.text_input(key="fu_new_password").input("long enough")
    button(at, "fu_add_account").click().run()
    assert not at.exception, at.exception
    assert t("fu_added_account", name="pranee") in messages(at, "success")
    made = fu.account_by_username(followup_db, "pranee")
    assert made is not None and (made.role, made.agencies, made.active) == ("agency_editor", frozenset({"0402"}), True)
    at.selectbox(key="fu_edit_pick").set_value(made.id).run()
    next(s for s in at.selectbox if s.label == t("fu_role") and s.key != "fu_new_role").set_value("analyst")
    next(c for c in at.checkbox if c.label == t("fu_active")).uncheck()
    button(at, "fu_save_account").click().run()
    assert not at.exception, at.exception
    changed = fu.account_by_username(followup_db, "pranee")
    assert (changed.role, changed.agencies, changed.active) == ("analyst", frozenset(), False)
    shown = at.dataframe[0].value
    assert shown.loc[shown["username"] == "pranee", "active"].iloc[0] == t("fu_no")
    history = next(d.value for d in at.dataframe if "change" in d.value)  # every change kept, newest first
    assert list(history["who"]) == ["admin", "admin"]
    assert history["change"].iloc[0] == (
        f"{t('fu_field_active')}: {t('fu_yes')} → {t('fu_no')} · {t('fu_field_agencies')}: 0402 → — · "
        f"{t('fu_field_role')}: {t('fu_role_agency_editor')} → {t('fu_role_analyst')}"
    )
    at.text_input(key=f"fu_pw_{made.id}").input("a new password")
    next(b for b in at.button if b.label == t("fu_set_password")).click().run()
    assert t("fu_password_set", name="pranee") in messages(at, "success")
    history = next(d.value for d in at.dataframe if "change" in d.value)
    assert history["change"].iloc[0] == t("fu_password_changed")


def my_followup_alone(store_root: str) -> None:
    import os

    import streamlit as st

    os.environ["KPI_STORE"] = store_root
    from ui import followup

    st.session_state["fy"], st.session_state["q"] = 2567, 4
    followup.my_followup_page("th")


@pytest.mark.parametrize(
    "who, secrets_only, reason",
    [(None, False, "กรุณาเข้าสู่ระบบก่อน"), ("kanya", True, t("fu_no_account"))],
)
def test_my_followup_tells_anyone_without_an_account_why_and_shows_nothing(
    demo_store, people, who, secrets_only, reason
):
    at = AppTest.from_function(my_followup_alone, args=(str(demo_store.root),), default_timeout=60)
    if secrets_only:  # signed in through secrets.toml, no follow-up account
        at.secrets["accounts"] = {who: {"password_hash": hash_password("pw-kanya1", 1_000), "role": "editor"}}
        at.session_state["auth_user"] = who
    at.run()
    assert not at.exception, at.exception
    assert not at.dataframe and not at.get("download_button")
    assert t("fu_sign_in_first", reason=reason) in messages(at, "info")
