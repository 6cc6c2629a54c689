"""What the pages read: one indicator-quarter's follow-up and history, the overview's counts,
actions per agency, "my follow-up", the briefing pack's notes and orphaned notes.

Lists of indicator codes come from the KPI views (which indicators are behind, which exist);
they are matched on their normalised form, as every follow-up row is keyed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

import sqlalchemy as sa

from kpi_model.followup import schema as t
from kpi_model.followup.access import can
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.errors import Forbidden
from kpi_model.followup.model import (
    Account,
    Action,
    AgencyActions,
    BriefingNote,
    Change,
    IndicatorFollowup,
    MyFollowup,
    NoteKey,
    OrphanNote,
    OverviewCounts,
)
from kpi_model.followup.records import action_of, analysis_of, change_of, comment_of, key_where
from kpi_model.importer.numbers import agency_of, normalise_code

__all__ = [
    "account_history",
    "actions_by_agency",
    "briefing_notes",
    "followup_of",
    "history_of",
    "last_change",
    "my_followup",
    "open_actions",
    "orphaned_notes",
    "overdue_actions",
    "overview_counts",
]


def _codes(codes: Iterable[str]) -> list[str]:
    return sorted({normalise_code(str(c)) for c in codes if str(c).strip()})


def followup_of(db: FollowupDB, key: NoteKey) -> IndicatorFollowup:
    """The analysis, actions (oldest first) and comments (oldest first) of one indicator-quarter."""
    with db.reading() as conn:
        row = conn.execute(sa.select(t.analyses).where(key_where(t.analyses, key))).mappings().first()
        actions = conn.execute(
            sa.select(t.actions).where(key_where(t.actions, key)).order_by(t.actions.c.id)
        ).mappings()
        found = tuple(action_of(r) for r in actions)
        comments = conn.execute(
            sa.select(t.comments).where(key_where(t.comments, key)).order_by(t.comments.c.id)
        ).mappings()
        said = tuple(comment_of(r) for r in comments)
    return IndicatorFollowup(key, None if row is None else analysis_of(row), found, said)


def history_of(db: FollowupDB, key: NoteKey) -> tuple[Change, ...]:
    """Every change to the analysis, actions and comments of ``key``, newest first."""
    with db.reading() as conn:
        rows = conn.execute(
            sa.select(t.history).where(key_where(t.history, key)).order_by(t.history.c.id.desc())
        ).mappings()
        return tuple(change_of(r) for r in rows)


def account_history(db: FollowupDB, account_id: int) -> tuple[Change, ...]:
    """Every change to one account (role, agencies, e-mail, active; a password change says
    only that it changed), newest first: for the admin page."""
    with db.reading() as conn:
        rows = conn.execute(
            sa.select(t.history)
            .where(t.history.c.entity == "account", t.history.c.entity_id == int(account_id))
            .order_by(t.history.c.id.desc())
        ).mappings()
        return tuple(change_of(r) for r in rows)


def last_change(db: FollowupDB) -> tuple[int, int]:
    """(how many history rows, the newest one's id): every write leaves one, so a cache of
    what the database showed (the briefing pack's PDF) is stale once this differs."""
    with db.reading() as conn:
        count, newest = conn.execute(sa.select(sa.func.count(), sa.func.max(t.history.c.id))).one()
    return int(count), int(newest or 0)


def open_actions(db: FollowupDB, agencies: Collection[str] | None = None) -> tuple[Action, ...]:
    """Open actions (of ``agencies`` when given), soonest due first."""
    query = sa.select(t.actions).where(t.actions.c.status == "open")
    if agencies is not None:
        query = query.where(t.actions.c.agency_code.in_(sorted(set(agencies))))
    with db.reading() as conn:
        rows = conn.execute(query.order_by(t.actions.c.due_date, t.actions.c.id)).mappings()
        return tuple(action_of(r) for r in rows)


def overdue_actions(db: FollowupDB, as_of: dt.date, agencies: Collection[str] | None = None) -> tuple[Action, ...]:
    """Open actions whose due date is before ``as_of`` (due on ``as_of`` is not overdue),
    oldest due first."""
    query = sa.select(t.actions).where(t.actions.c.status == "open", t.actions.c.due_date < as_of)
    if agencies is not None:
        query = query.where(t.actions.c.agency_code.in_(sorted(set(agencies))))
    with db.reading() as conn:
        rows = conn.execute(query.order_by(t.actions.c.due_date, t.actions.c.id)).mappings()
        return tuple(action_of(r) for r in rows)


def _with_followup(db: FollowupDB, codes: list[str], fiscal_year: int, quarter: int, actions_count: bool) -> set[str]:
    """Of ``codes``, those with an analysis for the quarter (and, with ``actions_count``, or
    an action that is not dropped)."""
    if not codes:
        return set()
    where_q = (t.analyses.c.fiscal_year == fiscal_year, t.analyses.c.quarter == quarter)
    with db.reading() as conn:
        done = set(
            conn.execute(
                sa.select(t.analyses.c.indicator_code).where(t.analyses.c.indicator_code.in_(codes), *where_q)
            ).scalars()
        )
        if actions_count:
            done |= set(
                conn.execute(
                    sa.select(t.actions.c.indicator_code).where(
                        t.actions.c.indicator_code.in_(codes),
                        t.actions.c.fiscal_year == fiscal_year,
                        t.actions.c.quarter == quarter,
                        t.actions.c.status != "dropped",
                    )
                ).scalars()
            )
    return {str(c) for c in done}


def overview_counts(
    db: FollowupDB,
    behind_codes: Iterable[str],
    fiscal_year: int,
    quarter: int,
    as_of: dt.date,
    agencies: Collection[str] | None = None,
) -> OverviewCounts:
    """ "Behind with no analysis or action: N" (of ``behind_codes``, the indicators behind in
    the quarter, those with neither an analysis nor a live action for it) and "actions
    overdue: N" as of ``as_of``, each with its list; ``agencies`` narrows both."""
    codes = _codes(behind_codes)
    if agencies is not None:
        codes = [c for c in codes if agency_of(c) in agencies]
    covered = _with_followup(db, codes, fiscal_year, quarter, actions_count=True)
    return OverviewCounts(tuple(c for c in codes if c not in covered), overdue_actions(db, as_of, agencies), as_of)


def actions_by_agency(
    db: FollowupDB, as_of: dt.date, agencies: Collection[str] | None = None
) -> tuple[AgencyActions, ...]:
    """Per agency with open actions: its open actions and the overdue ones among them, by
    agency code."""
    by_agency: dict[str, list[Action]] = {}
    for action in open_actions(db, agencies):
        by_agency.setdefault(action.agency_code, []).append(action)
    return tuple(
        AgencyActions(code, tuple(found), tuple(a for a in found if a.is_overdue(as_of)))
        for code, found in sorted(by_agency.items())
    )


def my_followup(
    db: FollowupDB, user: Account, behind_codes: Iterable[str], fiscal_year: int, quarter: int, as_of: dt.date
) -> MyFollowup:
    """An editor's to-do: of ``behind_codes``, their agencies' indicators without an analysis
    for the quarter, and the open actions of their agencies or that they created (soonest due
    first). An analyst's or admin's agencies are every agency; a viewer has only the actions
    they created. :class:`Forbidden` for no account, a deactivated one or an unknown role."""
    decision = can(user, "view")
    if not decision.allowed:
        raise Forbidden(decision)
    every = user.role in ("analyst", "admin")
    mine: Collection[str] = user.agencies if user.role == "agency_editor" else ()
    codes = [c for c in _codes(behind_codes) if every or agency_of(c) in mine]
    covered = _with_followup(db, codes, fiscal_year, quarter, actions_count=False)
    query = sa.select(t.actions).where(t.actions.c.status == "open")
    if not every:
        query = query.where(sa.or_(t.actions.c.agency_code.in_(sorted(mine)), t.actions.c.created_by == user.username))
    with db.reading() as conn:
        rows = conn.execute(query.order_by(t.actions.c.due_date, t.actions.c.id)).mappings()
        due = tuple(action_of(r) for r in rows)
    return MyFollowup(tuple(c for c in codes if c not in covered), due, as_of)


def _at_or_before(table: sa.Table, fiscal_year: int, quarter: int) -> sa.ColumnElement[bool]:
    return sa.or_(
        table.c.fiscal_year < fiscal_year, sa.and_(table.c.fiscal_year == fiscal_year, table.c.quarter <= quarter)
    )


def briefing_notes(db: FollowupDB, codes: Iterable[str], fiscal_year: int, quarter: int) -> dict[str, BriefingNote]:
    """For the briefing pack of a quarter, per indicator of ``codes`` (normalised code → note):
    its latest analysis written for that quarter or an earlier one (its ``key`` says which),
    and its actions still open that were agreed for that quarter or earlier, soonest due
    first. Every code has an entry; ``analysis`` None says none was written."""
    wanted = _codes(codes)
    out = {c: BriefingNote(NoteKey(c, fiscal_year, quarter), None, ()) for c in wanted}
    if not wanted:
        return out
    with db.reading() as conn:
        analyses = conn.execute(
            sa.select(t.analyses)
            .where(t.analyses.c.indicator_code.in_(wanted), _at_or_before(t.analyses, fiscal_year, quarter))
            .order_by(t.analyses.c.fiscal_year, t.analyses.c.quarter)
        ).mappings()
        latest = {str(r["indicator_code"]): analysis_of(r) for r in analyses}
        rows = conn.execute(
            sa.select(t.actions)
            .where(
                t.actions.c.indicator_code.in_(wanted),
                t.actions.c.status == "open",
                _at_or_before(t.actions, fiscal_year, quarter),
            )
            .order_by(t.actions.c.due_date, t.actions.c.id)
        ).mappings()
        actions: dict[str, list[Action]] = {}
        for r in rows:
            actions.setdefault(str(r["indicator_code"]), []).append(action_of(r))
    return {c: BriefingNote(note.key, latest.get(c), tuple(actions.get(c, ()))) for c, note in out.items()}


def orphaned_notes(db: FollowupDB, known_codes: Iterable[str]) -> tuple[OrphanNote, ...]:
    """Indicator-quarters with notes whose indicator is not among ``known_codes`` (the store's
    indicators now): listed with how many analyses, actions and comments each holds, by key.
    They are never dropped: importing the indicator again brings them back into view."""
    known = set(_codes(known_codes))
    counts: dict[NoteKey, list[int]] = {}
    with db.reading() as conn:
        for i, table in enumerate((t.analyses, t.actions, t.comments)):
            query = sa.select(table.c.indicator_code, table.c.fiscal_year, table.c.quarter, sa.func.count()).group_by(
                table.c.indicator_code, table.c.fiscal_year, table.c.quarter
            )
            for code, year, quarter, n in conn.execute(query):
                if str(code) not in known:
                    counts.setdefault(NoteKey(str(code), int(year), int(quarter)), [0, 0, 0])[i] = int(n)
    return tuple(OrphanNote(k, *v) for k, v in sorted(counts.items()))
