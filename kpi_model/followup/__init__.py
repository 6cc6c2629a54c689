"""The follow-up database: what people write about the KPIs (DESIGN §9).

Owners' analyses, agreed actions and comment threads per indicator-quarter, accounts and
roles, and their history, in a relational database apart from the versioned KPI store:
SQLite ``followup.sqlite`` beside the store's ``versions/``, or PostgreSQL when
``KPI_FOLLOWUP_URL`` names one. The only place with follow-up SQL (SQLAlchemy Core; the
schema's migrations ship in ``migrations/`` and run on open).

Example::

    from kpi_model import followup as fu

    db = fu.open_followup(store.root)
    user = fu.account_by_email(db, "somchai@bma.go.th")
    key = fu.note_key("0402-0810", 2569, 2)
    if fu.can(user, "write", key.agency_code):
        fu.save_analysis(db, user, key, why="…", next_steps="…", base_revision=0)
    fu.followup_of(db, key)
"""

from kpi_model.followup.access import ACTIONS, Operator, can
from kpi_model.followup.accounts import (
    account_by_email,
    account_by_id,
    account_by_username,
    add_account,
    authenticate,
    ensure_admin,
    list_accounts,
    password_hash_of,
    set_password,
    update_account,
)
from kpi_model.followup.db import (
    FOLLOWUP_FILE,
    HEAD_REVISION,
    URL_VARIABLE,
    FollowupDB,
    current_revision,
    followup_url,
    open_followup,
    upgrade,
)
from kpi_model.followup.errors import (
    FollowupError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    StaleAnalysis,
    UnknownUser,
)
from kpi_model.followup.limits import SharedBackoff, SharedLimiter
from kpi_model.followup.model import (
    ACTION_STATUSES,
    MAX_TEXT,
    ROLES,
    Account,
    Action,
    AgencyActions,
    Analysis,
    BriefingNote,
    Change,
    Comment,
    Decision,
    IndicatorFollowup,
    MyFollowup,
    NoteKey,
    OrphanNote,
    OverviewCounts,
    note_key,
)
from kpi_model.followup.notes import (
    StaleAction,
    add_action,
    add_comment,
    parse_due_date,
    save_analysis,
    update_action,
)
from kpi_model.followup.queries import (
    account_history,
    actions_by_agency,
    briefing_notes,
    followup_of,
    history_of,
    last_change,
    my_followup,
    open_actions,
    orphaned_notes,
    overdue_actions,
    overview_counts,
)
from kpi_model.followup.records import SAVE_WINDOW_SECONDS, SAVES_PER_WINDOW
from kpi_model.followup.signin import STORE_ROLE, bootstrap_admin, sign_in_limits, store_role
from kpi_model.followup.transfer import (
    ImportResult,
    actions_frame,
    analyses_frame,
    backup,
    export_bytes,
    export_followup,
    import_actions,
    restore,
)

__all__ = [
    "ACTIONS",
    "ACTION_STATUSES",
    "FOLLOWUP_FILE",
    "HEAD_REVISION",
    "MAX_TEXT",
    "ROLES",
    "SAVES_PER_WINDOW",
    "SAVE_WINDOW_SECONDS",
    "STORE_ROLE",
    "URL_VARIABLE",
    "Account",
    "Action",
    "AgencyActions",
    "Analysis",
    "BriefingNote",
    "Change",
    "Comment",
    "Decision",
    "FollowupDB",
    "FollowupError",
    "Forbidden",
    "ImportResult",
    "IndicatorFollowup",
    "Invalid",
    "MyFollowup",
    "NotFound",
    "NoteKey",
    "Operator",
    "OrphanNote",
    "OverviewCounts",
    "RateLimited",
    "SharedBackoff",
    "SharedLimiter",
    "StaleAction",
    "StaleAnalysis",
    "UnknownUser",
    "account_by_email",
    "account_by_id",
    "account_by_username",
    "account_history",
    "actions_by_agency",
    "actions_frame",
    "add_account",
    "add_action",
    "add_comment",
    "analyses_frame",
    "authenticate",
    "backup",
    "bootstrap_admin",
    "briefing_notes",
    "can",
    "current_revision",
    "ensure_admin",
    "export_bytes",
    "export_followup",
    "followup_of",
    "followup_url",
    "history_of",
    "import_actions",
    "last_change",
    "list_accounts",
    "my_followup",
    "note_key",
    "open_actions",
    "open_followup",
    "orphaned_notes",
    "overdue_actions",
    "overview_counts",
    "parse_due_date",
    "password_hash_of",
    "restore",
    "save_analysis",
    "set_password",
    "sign_in_limits",
    "store_role",
    "update_account",
    "update_action",
    "upgrade",
]
