"""What the pages read, with exact values: overview counts, actions per agency, my
follow-up, the briefing pack's notes, orphaned notes."""

from __future__ import annotations

import datetime as dt

import pytest

from kpi_model.followup import (
    Account,
    FollowupDB,
    Forbidden,
    actions_by_agency,
    add_action,
    add_comment,
    briefing_notes,
    my_followup,
    note_key,
    orphaned_notes,
    overdue_actions,
    overview_counts,
    save_analysis,
    update_action,
)

AS_OF = dt.date(2026, 3, 1)
BEHIND = ["0402-0810", "0402-0811", "501-7", "0502-0001"]  # as the KPI views list them


@pytest.fixture
def written(db: FollowupDB, people: dict[str, Account]) -> dict[str, int]:
    """Q2/2569: 0402-0810 has an analysis; 0501-0007 has an open action due 15 Feb (overdue
    on 1 March); 0402-0811 has only a dropped action; an open action of Q1 on 0402-0810 is due
    31 March (not overdue); a done action of 0502-0001 was due 1 Jan."""
    editor, other, analyst = people["editor"], people["other_editor"], people["analyst"]
    save_analysis(db, editor, note_key("0402-0810", 2569, 2), "ฝนตก", "เร่งรัด", 0)
    late = add_action(db, other, note_key("0501-0007", 2569, 2), "ซ่อมถนน", "เขตบางรัก", "2026-02-15")
    dropped = add_action(db, editor, note_key("0402-0811", 2569, 2), "อบรม", "ฝ่ายบุคคล", "2026-03-10")
    update_action(db, editor, dropped.id, 1, status="dropped", closing_note="ยกเลิก")
    q1 = add_action(db, analyst, note_key("0402-0810", 2569, 1), "สำรวจ", "สยป.", "2026-03-31")
    done = add_action(db, other, note_key("0502-0001", 2569, 2), "จัดซื้อ", "ฝ่ายพัสดุ", "2026-01-01")
    update_action(db, other, done.id, 1, status="done", closing_note="")
    return {"late": late.id, "q1": q1.id, "done": done.id}


def test_overview_counts_behind_without_follow_up_and_overdue(db: FollowupDB, written: dict[str, int]):
    counts = overview_counts(db, BEHIND, 2569, 2, AS_OF)
    # 0402-0810 has an analysis, 0501-0007 an open action, 0502-0001 a done one: covered.
    assert counts.behind_without_followup == ("0402-0811",)  # its only action was dropped
    assert counts.n_behind_without_followup == 1
    assert [a.id for a in counts.overdue_actions] == [written["late"]]
    assert counts.n_overdue == 1
    assert overview_counts(db, BEHIND, 2569, 3, AS_OF).behind_without_followup == (
        "0402-0810",
        "0402-0811",
        "0501-0007",
        "0502-0001",
    )


def test_an_action_due_today_is_not_overdue_the_day_after_it_is(db: FollowupDB, written: dict[str, int]):
    assert [a.id for a in overdue_actions(db, dt.date(2026, 3, 31))] == [written["late"]]
    assert [a.id for a in overdue_actions(db, dt.date(2026, 4, 1))] == [written["late"], written["q1"]]


def test_marking_the_overdue_action_done_changes_the_count(
    db: FollowupDB, people: dict[str, Account], written: dict[str, int]
):
    update_action(db, people["other_editor"], written["late"], 1, status="done", closing_note="ซ่อมแล้ว")
    assert overview_counts(db, BEHIND, 2569, 2, AS_OF).n_overdue == 0


def test_open_and_overdue_actions_per_agency(db: FollowupDB, written: dict[str, int]):
    shown = [(a.agency_code, a.n_open, a.n_overdue) for a in actions_by_agency(db, AS_OF)]
    assert shown == [("0402", 1, 0), ("0501", 1, 1)]
    assert [(a.agency_code, a.n_open) for a in actions_by_agency(db, AS_OF, agencies={"0501"})] == [("0501", 1)]


def test_my_follow_up_for_an_agency_editor(db: FollowupDB, people: dict[str, Account], written: dict[str, int]):
    mine = my_followup(db, people["editor"], BEHIND, 2569, 2, AS_OF)
    assert mine.behind_without_analysis == ("0402-0811",)
    assert [a.id for a in mine.actions_due] == [written["q1"]]  # 0402's open action
    assert mine.overdue == ()
    theirs = my_followup(db, people["other_editor"], BEHIND, 2569, 2, AS_OF)
    assert theirs.behind_without_analysis == ("0501-0007", "0502-0001")
    assert [a.id for a in theirs.overdue] == [written["late"]]


def test_my_follow_up_for_an_analyst_covers_every_agency(
    db: FollowupDB, people: dict[str, Account], written: dict[str, int]
):
    mine = my_followup(db, people["analyst"], BEHIND, 2569, 2, AS_OF)
    assert mine.behind_without_analysis == ("0402-0811", "0501-0007", "0502-0001")
    assert [a.id for a in mine.actions_due] == [written["late"], written["q1"]]


@pytest.mark.parametrize("who", ["deactivated", None])
def test_my_follow_up_refuses_who_is_not_an_active_account(db: FollowupDB, people: dict[str, Account], who: str | None):
    with pytest.raises(Forbidden):
        my_followup(db, people[who] if who else None, BEHIND, 2569, 2, AS_OF)  # type: ignore[arg-type]


def test_a_viewer_has_nothing_to_do(db: FollowupDB, people: dict[str, Account], written: dict[str, int]):
    mine = my_followup(db, people["viewer"], BEHIND, 2569, 2, AS_OF)
    assert (mine.behind_without_analysis, mine.actions_due) == ((), ())


def test_briefing_notes_take_the_latest_analysis_up_to_the_quarter(
    db: FollowupDB, people: dict[str, Account], written: dict[str, int]
):
    save_analysis(db, people["editor"], note_key("0402-0810", 2569, 3), "ไตรมาสถัดไป", "", 0)
    notes = briefing_notes(db, ["402-810", "0501-0007", "9999-0001"], 2569, 2)
    assert list(notes) == ["0402-0810", "0501-0007", "9999-0001"]
    first = notes["0402-0810"]
    assert first.analysis is not None and (first.analysis.why, first.analysis.key.quarter) == ("ฝนตก", 2)
    assert [a.id for a in first.open_actions] == [written["q1"]]  # Q1's action is still open
    assert notes["0501-0007"].analysis is None and [a.id for a in notes["0501-0007"].open_actions] == [written["late"]]
    assert notes["9999-0001"].analysis is None and notes["9999-0001"].open_actions == ()
    later = briefing_notes(db, ["0402-0810"], 2569, 4)["0402-0810"]
    assert later.analysis is not None and later.analysis.why == "ไตรมาสถัดไป"


def test_orphaned_notes_are_listed_never_dropped(db: FollowupDB, people: dict[str, Account], written: dict[str, int]):
    add_comment(db, people["analyst"], note_key("0502-0001", 2569, 2), "ตัวชี้วัดนี้ยังอยู่ไหม")
    known = ["0402-0810", "0402-0811", "0501-0007"]
    orphans = orphaned_notes(db, known)
    assert [(o.key.indicator_code, o.key.quarter, o.analyses, o.actions, o.comments) for o in orphans] == [
        ("0502-0001", 2, 0, 1, 1)
    ]
    assert orphaned_notes(db, [*known, "502-1"]) == ()  # imported again: back in view
