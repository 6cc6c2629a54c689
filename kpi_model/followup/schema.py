"""The follow-up database's tables at the newest revision, for SQLAlchemy Core queries.

The migrations (``migrations/versions``) build these tables step by step and are the schema's
history; this module describes the result and must agree with the newest one
(tests/followup/test_db.py compares them). Times are stored as naive UTC; codes are the
normalised indicator codes (:func:`kpi_model.importer.numbers.normalise_code`).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "account_agencies",
    "accounts",
    "actions",
    "analyses",
    "attempts",
    "comments",
    "history",
    "metadata",
]

metadata = sa.MetaData()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("email", sa.String(320), nullable=True, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
)

account_agencies = sa.Table(
    "account_agencies",
    metadata,
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
    sa.Column("agency_code", sa.String(20), primary_key=True),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_code", sa.String(64), nullable=False),
    sa.Column("fiscal_year", sa.Integer, nullable=False),
    sa.Column("quarter", sa.Integer, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("next_steps", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("indicator_code", "fiscal_year", "quarter", name="uq_analyses_key"),
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_code", sa.String(64), nullable=False),
    sa.Column("fiscal_year", sa.Integer, nullable=False),
    sa.Column("quarter", sa.Integer, nullable=False),
    sa.Column("agency_code", sa.String(20), nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("closing_note", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_actions_key", "indicator_code", "fiscal_year", "quarter"),
    sa.Index("ix_actions_agency", "agency_code"),
    sa.Index("ix_actions_status_due", "status", "due_date"),
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_code", sa.String(64), nullable=False),
    sa.Column("fiscal_year", sa.Integer, nullable=False),
    sa.Column("quarter", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_comments_key", "indicator_code", "fiscal_year", "quarter"),
)

history = sa.Table(
    "history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.Integer, nullable=False),
    sa.Column("indicator_code", sa.String(64), nullable=True),
    sa.Column("fiscal_year", sa.Integer, nullable=True),
    sa.Column("quarter", sa.Integer, nullable=True),
    sa.Column("changed_by", sa.String(100), nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("before_json", sa.Text, nullable=True),
    sa.Column("after_json", sa.Text, nullable=True),
    sa.Index("ix_history_key", "indicator_code", "fiscal_year", "quarter"),
    sa.Index("ix_history_entity", "entity", "entity_id"),
)

#: Revision 0002: what was tried when (failed sign-ins, saves), shared by every replica, so a
#: limit holds however many processes serve the city. ``at``: seconds since the epoch.
attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("bucket", sa.String(40), nullable=False),
    sa.Column("key", sa.String(600), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Index("ix_attempts_bucket_key_at", "bucket", "key", "at"),
)
