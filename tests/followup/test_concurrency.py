"""Two people at once, and a failure half-way: on both engines the second save on the same
revision is refused (never both stored), and a write that fails part-way stores nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_model.followup import (
    Account,
    FollowupDB,
    StaleAnalysis,
    followup_of,
    history_of,
    note_key,
    open_followup,
    save_analysis,
)
from kpi_model.followup import notes as notes_module
from kpi_model.followup import schema as t
from kpi_model.followup.transfer import import_actions

KEY = note_key("0402-0810", 2569, 2)


@pytest.mark.parametrize("base", [0, 1])
def test_two_saves_on_one_revision_at_the_same_moment_one_wins(
    db: FollowupDB, db_url: str, people: dict[str, Account], base: int
):
    if base:
        save_analysis(db, people["editor"], KEY, "ฉบับแรก", "", 0)
    other = open_followup(url=db_url, clock=db.clock)  # the second replica
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str, handle: FollowupDB, user: Account) -> None:
        start.wait()
        try:
            outcomes[name] = save_analysis(handle, user, KEY, f"ฉบับของ {name}", "", base).revision
        except StaleAnalysis as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=save, args=("owner", db, people["editor"])),
        threading.Thread(target=save, args=("analyst", other, people["analyst"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    other.close()
    won = [n for n, v in outcomes.items() if v == base + 1]
    lost = [n for n, v in outcomes.items() if isinstance(v, StaleAnalysis)]
    assert len(won) == 1 and len(lost) == 1
    refused = outcomes[lost[0]]
    assert isinstance(refused, StaleAnalysis) and refused.theirs.why == f"ฉบับของ {won[0]}"
    assert refused.yours_why == f"ฉบับของ {lost[0]}"  # nothing the loser typed is lost
    analysis = followup_of(db, KEY).analysis
    assert analysis is not None and (analysis.revision, analysis.why) == (base + 1, f"ฉบับของ {won[0]}")
    assert len([c for c in history_of(db, KEY) if c.entity == "analysis"]) == base + 1


def test_an_import_that_fails_half_way_stores_nothing(
    db: FollowupDB, people: dict[str, Account], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "actions.csv"
    path.write_text(
        "indicator_code,fiscal_year,quarter,action,owner,due_date,status\n"
        + "".join(f"0402-0810,2569,2,งานที่ {i},ฝ่ายโยธา,2026-03-31,open\n" for i in range(5)),
        encoding="utf-8",
    )
    real = notes_module.insert_action
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("the replica died mid-save")
        return real(*args, **kwargs)

    monkeypatch.setattr("kpi_model.followup.transfer.insert_action", failing)
    with pytest.raises(ConnectionError):
        import_actions(db, people["editor"], path, ["0402-0810"])
    with db.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.actions)).scalar_one() == 0
        assert (
            conn.execute(
                sa.select(sa.func.count()).select_from(t.history).where(t.history.c.entity == "action")
            ).scalar_one()
            == 0
        )
    monkeypatch.setattr("kpi_model.followup.transfer.insert_action", real)
    assert import_actions(db, people["editor"], path, ["0402-0810"]).added == 5


def test_the_save_limit_holds_for_one_account_saving_through_two_replicas_at_once(
    db: FollowupDB, db_url: str, people: dict[str, Account]
):
    from kpi_model.followup import RateLimited, add_comment

    other = open_followup(url=db_url, clock=db.clock)  # the clock stands still: all within one minute
    counts = {"saved": 0, "refused": 0}
    lock = threading.Lock()

    def save_many(handle: FollowupDB) -> None:
        for i in range(55):
            try:
                add_comment(handle, people["editor"], KEY, f"ข้อความ {i}")
                outcome = "saved"
            except RateLimited:
                outcome = "refused"
            with lock:
                counts[outcome] += 1

    threads = [threading.Thread(target=save_many, args=(h,)) for h in (db, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    other.close()
    assert counts == {"saved": 100, "refused": 10}
    assert len(followup_of(db, KEY).comments) == 100
