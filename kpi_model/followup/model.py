"""The follow-up's domain values: frozen dataclasses the queries return and the pages lay out.

Every row refers to an indicator by its normalised code (:func:`kpi_model.importer.numbers.normalise_code`),
a Buddhist-Era fiscal year and a quarter (:class:`NoteKey`), never by a store row, so a
re-import, a settings change or a rollback of the KPI store leaves it in place. Times are
UTC (timezone-aware); due dates are calendar dates (shown in BE by the pages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kpi_model.importer.numbers import agency_of, normalise_code

__all__ = [
    "ACTION_STATUSES",
    "MAX_TEXT",
    "ROLES",
    "Account",
    "Action",
    "AgencyActions",
    "Analysis",
    "BriefingNote",
    "Change",
    "Comment",
    "Decision",
    "IndicatorFollowup",
    "MyFollowup",
    "NoteKey",
    "OrphanNote",
    "OverviewCounts",
    "note_key",
]

#: viewer: reads; agency_editor: writes for its agencies; analyst (สยป.): every agency and
#: reviews; admin: everything, and manages accounts.
ROLES = ("viewer", "agency_editor", "analyst", "admin")
ACTION_STATUSES = ("open", "done", "dropped")
#: The most characters any one text a person writes may hold.
MAX_TEXT = 5_000
FISCAL_YEARS = (2500, 2700)  # BE years a note may name (inclusive)


@dataclass(frozen=True, order=True)
class NoteKey:
    """Which indicator-quarter a note is about: normalised code, BE fiscal year, quarter 1–4.
    Build one with :func:`note_key`, which normalises and checks."""

    indicator_code: str
    fiscal_year: int
    quarter: int

    @property
    def agency_code(self) -> str:
        """The agency that owns the indicator (the code's first part, '0402-0810' → '0402')."""
        return agency_of(self.indicator_code)


def note_key(indicator_code: str, fiscal_year: int, quarter: int) -> NoteKey:
    """A :class:`NoteKey` for a code as written ('๕๐๓๕-๘๙๓' → '5035-0893'); ValueError for an
    empty code, a fiscal year outside BE 2500–2700 (a CE year is refused, not guessed) or a
    quarter outside 1–4."""
    code = normalise_code(str(indicator_code))
    if not code:
        raise ValueError("indicator code is empty")
    year, q = int(fiscal_year), int(quarter)
    if not FISCAL_YEARS[0] <= year <= FISCAL_YEARS[1]:
        raise ValueError(f"fiscal year {fiscal_year!r} is not a Buddhist-Era year {FISCAL_YEARS[0]}–{FISCAL_YEARS[1]}")
    if q not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    return NoteKey(code, year, q)


@dataclass(frozen=True)
class Decision:
    """The answer of :func:`~kpi_model.followup.access.can`: allowed or not, and why (Thai,
    English). Truthy when allowed."""

    allowed: bool
    reason_th: str
    reason_en: str

    def __bool__(self) -> bool:
        return self.allowed

    def reason(self, lang: str = "th") -> str:
        return self.reason_th if lang == "th" else self.reason_en


@dataclass(frozen=True)
class Account:
    """A person who may sign in: ``username`` (lower case), ``email`` (lower case, matched
    for OpenID Connect sign-in), ``role`` (one of :data:`ROLES`), ``agencies`` (the agency
    codes an agency editor writes for), ``active`` (a deactivated account can do nothing)."""

    id: int
    username: str
    email: str | None
    display_name: str
    role: str
    agencies: frozenset[str]
    active: bool
    created_at: dt.datetime

    @property
    def name(self) -> str:
        """The name history records: the username."""
        return self.username


@dataclass(frozen=True)
class Analysis:
    """The owner's analysis of an indicator-quarter: why it is where it is (``why``) and what
    comes next (``next_steps``), as typed (never markup). ``revision`` counts saves from 1;
    a save must name the revision it was made on."""

    key: NoteKey
    why: str
    next_steps: str
    revision: int
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class Action:
    """An agreed action: what, who owns it (a person or unit, as typed), due date, status
    (open / done / dropped) and the closing note said when it was done or dropped."""

    id: int
    key: NoteKey
    what: str
    owner: str
    due_date: dt.date
    status: str
    closing_note: str
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime
    revision: int

    @property
    def agency_code(self) -> str:
        return self.key.agency_code

    def is_overdue(self, as_of: dt.date) -> bool:
        """Open, and its due date has passed by ``as_of`` (due today is not overdue)."""
        return self.status == "open" and self.due_date < as_of


@dataclass(frozen=True)
class Comment:
    """One message of the thread between analyst and owner, as typed."""

    id: int
    key: NoteKey
    body: str
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Change:
    """One entry of the history: which row (``entity``: analysis, action, comment, account;
    ``entity_id``), who, when, and its fields before (None for a new row) and after."""

    id: int
    entity: str
    entity_id: int
    key: NoteKey | None
    changed_by: str
    changed_at: dt.datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class IndicatorFollowup:
    """Everything written about one indicator-quarter: the analysis (None before the first),
    actions (oldest first, dropped ones included: the page shows their status) and comments."""

    key: NoteKey
    analysis: Analysis | None
    actions: tuple[Action, ...]
    comments: tuple[Comment, ...]

    @property
    def open_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.status == "open")


@dataclass(frozen=True)
class OverviewCounts:
    """The overview's two figures, each with its list: indicators behind with neither an
    analysis nor a live action (open or done) for the quarter (normalised codes, sorted), and
    actions overdue as of ``as_of`` (oldest due first)."""

    behind_without_followup: tuple[str, ...]
    overdue_actions: tuple[Action, ...]
    as_of: dt.date

    @property
    def n_behind_without_followup(self) -> int:
        return len(self.behind_without_followup)

    @property
    def n_overdue(self) -> int:
        return len(self.overdue_actions)


@dataclass(frozen=True)
class AgencyActions:
    """One agency's open actions and, of them, the overdue ones (as of a date)."""

    agency_code: str
    open_actions: tuple[Action, ...]
    overdue_actions: tuple[Action, ...]

    @property
    def n_open(self) -> int:
        return len(self.open_actions)

    @property
    def n_overdue(self) -> int:
        return len(self.overdue_actions)


@dataclass(frozen=True)
class MyFollowup:
    """What a signed-in editor has to do: their agencies' indicators behind without an
    analysis for the quarter, and the open actions of their agencies (or that they created),
    soonest due first; ``overdue`` is the part of them past due."""

    behind_without_analysis: tuple[str, ...]
    actions_due: tuple[Action, ...]
    as_of: dt.date

    @property
    def overdue(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions_due if a.is_overdue(self.as_of))


@dataclass(frozen=True)
class BriefingNote:
    """For the briefing pack: an indicator's latest analysis (None: none written) and its
    open actions for the quarter."""

    key: NoteKey
    analysis: Analysis | None
    open_actions: tuple[Action, ...]


@dataclass(frozen=True)
class OrphanNote:
    """An indicator-quarter with notes whose indicator is no longer in the store: listed,
    never dropped (it returns when the indicator is imported again)."""

    key: NoteKey
    analyses: int
    actions: int
    comments: int
