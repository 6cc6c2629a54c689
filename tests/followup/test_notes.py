"""Writing analyses, actions and comments: permissions, validation, optimistic concurrency,
history, the save rate limit; each refusal stores nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from kpi_model.followup import (
    Account,
    FollowupDB,
    Forbidden,
    Invalid,
    RateLimited,
    StaleAction,
    StaleAnalysis,
    UnknownUser,
    add_action,
    add_comment,
    followup_of,
    history_of,
    note_key,
    parse_due_date,
    save_analysis,
    update_account,
    update_action,
)
from kpi_model.followup import schema as t
from tests.followup.conftest import OPERATOR, Clock

KEY = note_key("0402-810", 2569, 2)  # Q2 of FY2569: 1 January – 31 March 2026


def rows(db: FollowupDB, table: sa.Table) -> int:
    with db.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_the_key_is_normalised_as_the_store_matches_codes():
    assert note_key("๐๔๐๒-๘๑๐", 2569, 2) == KEY
    assert KEY.indicator_code == "0402-0810" and KEY.agency_code == "0402"
    with pytest.raises(ValueError, match="Buddhist-Era"):
        note_key("0402-0810", 2026, 2)
    with pytest.raises(ValueError, match="quarter"):
        note_key("0402-0810", 2569, 5)


def test_an_editor_saves_an_analysis_then_a_second_revision(db: FollowupDB, people: dict[str, Account], clock: Clock):
    first = save_analysis(db, people["editor"], KEY, "ฝนตกหนัก <b>ทำให้</b> งานล่าช้า", "เร่งจ้างเหมา", base_revision=0)
    assert (first.revision, first.updated_by, first.updated_at) == (1, "somchai", clock.at)
    clock.advance(60)
    second = save_analysis(db, people["editor"], KEY, "ฝนตกหนัก", "[ลิงก์](javascript:alert(1))", base_revision=1)
    assert second.revision == 2
    shown = followup_of(db, KEY).analysis
    assert shown == second
    assert shown is not None and shown.next_steps == "[ลิงก์](javascript:alert(1))"  # stored as typed
    changes = [c for c in history_of(db, KEY) if c.entity == "analysis"]
    assert [(c.before, c.after) for c in changes] == [
        (
            {"why": "ฝนตกหนัก <b>ทำให้</b> งานล่าช้า", "next_steps": "เร่งจ้างเหมา", "revision": 1},
            {"why": "ฝนตกหนัก", "next_steps": "[ลิงก์](javascript:alert(1))", "revision": 2},
        ),
        (None, {"why": "ฝนตกหนัก <b>ทำให้</b> งานล่าช้า", "next_steps": "เร่งจ้างเหมา", "revision": 1}),
    ]
    assert changes[0].changed_at == clock.at and changes[0].changed_by == "somchai"


def test_a_save_on_a_stale_revision_is_refused_carrying_both_texts(db: FollowupDB, people: dict[str, Account]):
    save_analysis(db, people["editor"], KEY, "ฉบับแรก", "", base_revision=0)
    save_analysis(db, people["analyst"], KEY, "ฉบับของนักวิเคราะห์", "ติดตามทุกสัปดาห์", base_revision=1)
    with pytest.raises(StaleAnalysis) as caught:
        save_analysis(db, people["editor"], KEY, "ฉบับของเจ้าของ", "รอผล", base_revision=1)
    stale = caught.value
    assert (stale.yours_why, stale.yours_next_steps, stale.base_revision) == ("ฉบับของเจ้าของ", "รอผล", 1)
    assert (stale.theirs.why, stale.theirs.revision, stale.theirs.updated_by) == ("ฉบับของนักวิเคราะห์", 2, "suda")
    analysis = followup_of(db, KEY).analysis
    assert analysis is not None and analysis.why == "ฉบับของนักวิเคราะห์"
    assert rows(db, t.history) == 2 + 7  # two saves; seven account rows from the fixture


def test_two_first_saves_the_second_is_stale(db: FollowupDB, people: dict[str, Account]):
    save_analysis(db, people["editor"], KEY, "ก่อน", "", base_revision=0)
    with pytest.raises(StaleAnalysis):
        save_analysis(db, people["analyst"], KEY, "หลัง", "", base_revision=0)


@pytest.mark.parametrize("who", ["other_editor", "viewer", "deactivated"])
def test_who_may_not_write_stores_nothing(db: FollowupDB, people: dict[str, Account], who: str):
    user = people[who]
    before = rows(db, t.history)
    with pytest.raises(Forbidden):
        save_analysis(db, user, KEY, "ไม่ควรบันทึก", "", base_revision=0)
    with pytest.raises(Forbidden):
        add_action(db, user, KEY, "ไม่ควรบันทึก", "ฝ่ายโยธา", "2026-03-31")
    with pytest.raises(Forbidden):
        add_comment(db, user, KEY, "ไม่ควรบันทึก")
    assert followup_of(db, KEY).analysis is None
    assert rows(db, t.actions) == rows(db, t.comments) == 0
    assert rows(db, t.history) == before


def test_the_refusal_of_another_agencys_editor_says_why(db: FollowupDB, people: dict[str, Account]):
    with pytest.raises(Forbidden) as caught:
        save_analysis(db, people["other_editor"], KEY, "x", "", base_revision=0)
    assert caught.value.message_en == "you edit for agency 0501, 0502 only, not agency 0402"


def test_a_role_taken_away_after_sign_in_refuses_the_next_write(db: FollowupDB, people: dict[str, Account]):
    session_copy = people["editor"]
    update_account(db, OPERATOR, session_copy.id, role="viewer")
    with pytest.raises(Forbidden) as caught:
        save_analysis(db, session_copy, KEY, "x", "", base_revision=0)
    assert caught.value.message_en == "a viewer can only read"
    assert rows(db, t.analyses) == 0


def test_an_account_the_database_does_not_hold_is_refused(db: FollowupDB, people: dict[str, Account]):
    forged = Account(999, "ghost", None, "", "admin", frozenset(), True, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(UnknownUser):
        add_comment(db, forged, KEY, "สวัสดี")
    assert rows(db, t.comments) == 0


def test_text_over_5000_characters_is_refused_naming_the_field(db: FollowupDB, people: dict[str, Account]):
    with pytest.raises(Invalid) as caught:
        save_analysis(db, people["editor"], KEY, "ก" * 5000, "ข" * 5001, base_revision=0)
    (problem,) = caught.value.problems
    assert problem.column == "next_steps"
    assert problem.message_en == "the what next is 5,001 characters long, more than 5,000"
    assert rows(db, t.analyses) == 0
    assert save_analysis(db, people["editor"], KEY, "ก" * 5000, "", base_revision=0).revision == 1


def test_an_empty_action_and_a_bad_due_date_are_refused_together(db: FollowupDB, people: dict[str, Account]):
    with pytest.raises(Invalid) as caught:
        add_action(db, people["editor"], KEY, "   ", "", "31 กุมภา")
    assert [(p.column, p.message_en) for p in caught.value.problems] == [
        ("what", "the action is empty"),
        ("owner", "the owner is empty"),
        ("due_date", "the due date '31 กุมภา' is not a date (e.g. 2026-03-31 or 31/03/2569)"),
    ]
    assert rows(db, t.actions) == 0


def test_a_due_date_before_the_quarter_starts_is_refused(db: FollowupDB, people: dict[str, Account]):
    with pytest.raises(Invalid) as caught:
        add_action(db, people["editor"], KEY, "จ้างเหมา", "ฝ่ายโยธา", dt.date(2025, 12, 31))
    assert caught.value.problems[0].message_en == (
        "the due date 2025-12-31 is before quarter 2 of FY2569 starts (2026-01-01)"
    )
    assert add_action(db, people["editor"], KEY, "จ้างเหมา", "ฝ่ายโยธา", "01/01/2569").due_date == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2569-03-31", dt.date(2026, 3, 31)),
        ("31/03/2569", dt.date(2026, 3, 31)),
        ("31/3/2026", dt.date(2026, 3, 31)),
        ("๓๑/๐๓/๒๕๖๙", dt.date(2026, 3, 31)),
        ("31 มีนาคม 2569", dt.date(2026, 3, 31)),
        (dt.datetime(2026, 3, 31), dt.date(2026, 3, 31)),
        (dt.date(2569, 3, 31), dt.date(2026, 3, 31)),
    ],
)
def test_due_dates_are_read_in_ce_or_be(typed: object, day: dt.date):
    assert parse_due_date(typed) == day


@pytest.mark.parametrize("typed", ["", "soon", "2026-02-30", "31/03/69", 45000, None, dt.datetime(2026, 3, 31, 9, 30)])
def test_what_is_not_a_date_is_refused(typed: object):
    with pytest.raises((ValueError, TypeError)):
        parse_due_date(typed)


def test_an_action_is_done_then_reopened_then_dropped_with_a_note(
    db: FollowupDB, people: dict[str, Account], clock: Clock
):
    action = add_action(db, people["editor"], KEY, "จ้างเหมาเพิ่ม", "ฝ่ายโยธา", "2026-03-31")
    assert (action.status, action.revision, action.agency_code) == ("open", 1, "0402")
    clock.advance(3600)
    done = update_action(db, people["editor"], action.id, 1, status="done", closing_note="เสร็จแล้ว")
    assert (done.status, done.revision, done.closing_note, done.updated_at) == ("done", 2, "เสร็จแล้ว", clock.at)
    reopened = update_action(db, people["analyst"], action.id, 2, status="open")
    with pytest.raises(Invalid) as caught:
        update_action(db, people["editor"], action.id, 3, status="dropped", closing_note=" ")
    assert caught.value.problems[0].column == "closing_note"
    dropped = update_action(
        db, people["editor"], action.id, reopened.revision, status="dropped", closing_note="ซ้ำกับงานอื่น"
    )
    assert dropped.status == "dropped"
    assert followup_of(db, KEY).actions == (dropped,)  # dropped, never deleted
    statuses = [(c.before or {}).get("status") for c in history_of(db, KEY) if c.entity == "action"]
    assert statuses == ["open", "done", "open", None]


def test_an_action_edited_on_a_stale_revision_is_refused(db: FollowupDB, people: dict[str, Account]):
    action = add_action(db, people["editor"], KEY, "จ้างเหมาเพิ่ม", "ฝ่ายโยธา", "2026-03-31")
    update_action(db, people["analyst"], action.id, 1, due_date="2026-03-15")
    with pytest.raises(StaleAction) as caught:
        update_action(db, people["editor"], action.id, 1, status="done")
    assert caught.value.theirs.due_date == dt.date(2026, 3, 15)


def test_an_editor_of_another_agency_cannot_close_an_action(db: FollowupDB, people: dict[str, Account]):
    action = add_action(db, people["editor"], KEY, "จ้างเหมาเพิ่ม", "ฝ่ายโยธา", "2026-03-31")
    with pytest.raises(Forbidden):
        update_action(db, people["other_editor"], action.id, 1, status="done")
    assert followup_of(db, KEY).actions[0].status == "open"


def test_analyst_and_owner_comment_in_one_thread(db: FollowupDB, people: dict[str, Account], clock: Clock):
    add_comment(db, people["analyst"], KEY, "ทำไมไตรมาสนี้ต่ำกว่าแผน?")
    clock.advance(120)
    add_comment(db, people["editor"], KEY, '=HYPERLINK("http://x") ฝนตก')
    thread = followup_of(db, KEY).comments
    assert [(c.author, c.body) for c in thread] == [
        ("suda", "ทำไมไตรมาสนี้ต่ำกว่าแผน?"),
        ("somchai", '=HYPERLINK("http://x") ฝนตก'),
    ]
    assert thread[1].created_at - thread[0].created_at == dt.timedelta(seconds=120)


def test_the_hundred_and_first_save_in_a_minute_is_refused(db: FollowupDB, people: dict[str, Account], clock: Clock):
    editor = people["editor"]
    for i in range(100):
        add_comment(db, editor, KEY, f"ข้อความ {i}")
        clock.advance(0.5)  # 100 saves within 50 seconds
    with pytest.raises(RateLimited) as caught:
        add_comment(db, editor, KEY, "ข้อความที่ 101")
    assert caught.value.wait_seconds == pytest.approx(10.0)  # the first save leaves the window at 60 s
    assert rows(db, t.comments) == 100
    add_comment(db, people["analyst"], KEY, "อีกบัญชีหนึ่งบันทึกได้")
    clock.advance(10)
    add_comment(db, editor, KEY, "ผ่านไปหนึ่งนาทีแล้ว")
    assert rows(db, t.comments) == 102
