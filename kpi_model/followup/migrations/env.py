"""Alembic's environment for the follow-up database: always run programmatically by
:func:`kpi_model.followup.db.upgrade` on a connection it has opened and locked."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
