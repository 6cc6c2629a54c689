"""Limits every replica shares: the ``attempts`` table (failed sign-ins, saves per account)
and an index for the overdue-actions query (open actions by due date).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("bucket", sa.String(40), nullable=False),
        sa.Column("key", sa.String(600), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
    )
    op.create_index("ix_attempts_bucket_key_at", "attempts", ["bucket", "key", "at"])
    op.create_index("ix_actions_status_due", "actions", ["status", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_actions_status_due", table_name="actions")
    op.drop_table("attempts")
