"""The notification tables (migration 0100), described on the follow-up database's metadata
so that one schema check covers them. Times are naive UTC, like the follow-up's."""

from __future__ import annotations

import sqlalchemy as sa

from kpi_model.followup.schema import metadata

__all__ = ["mail_log", "sent_items", "subscriptions"]

#: Who receives which quarterly pack: the city (``scope_code`` ''), a strategy dimension or an
#: agency; ``last_sent_*``: the newest period whose pack reached them (None: none yet).
subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("scope_kind", sa.String(10), nullable=False),
    sa.Column("scope_code", sa.String(64), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_sent_fy", sa.Integer, nullable=True),
    sa.Column("last_sent_quarter", sa.Integer, nullable=True),
    sa.UniqueConstraint("email", "scope_kind", "scope_code", name="uq_subscriptions_scope"),
)

#: Every item a person has been sent (a pack, a reminder, an alert's indicator or action, a
#: day's digest), so none is sent twice.
sent_items = sa.Table(
    "sent_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("item_key", sa.String(200), nullable=False),
    sa.Column("sent_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("recipient", "item_key", name="uq_sent_items"),
)

#: Every attempt: who, what (``kind``, ``message_key``, subject), when, and the result
#: (``sent``, ``failed``: retried with backoff, ``rejected``: never retried) with its detail.
mail_log = sa.Table(
    "mail_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("message_key", sa.String(200), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("result", sa.String(10), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("ix_mail_log_key", "recipient", "message_key", "at"),
    sa.Index("ix_mail_log_at", "at"),
)
