"""Notifications (issue 28): subscriptions to the quarterly pack, the items each person has
been sent (never the same one twice) and the log of every send and failure.

Revision ID: 0100
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
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
    op.create_table(
        "sent_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("item_key", sa.String(200), nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("recipient", "item_key", name="uq_sent_items"),
    )
    op.create_table(
        "mail_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("message_key", sa.String(200), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_mail_log_key", "mail_log", ["recipient", "message_key", "at"])
    op.create_index("ix_mail_log_at", "mail_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_mail_log_at", table_name="mail_log")
    op.drop_index("ix_mail_log_key", table_name="mail_log")
    op.drop_table("mail_log")
    op.drop_table("sent_items")
    op.drop_table("subscriptions")
