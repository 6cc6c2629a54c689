"""Opening the follow-up database: where it is, migrations from empty and from the previous
revision, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_model.errors import ConfigError, KpiError
from kpi_model.followup import HEAD_REVISION, current_revision, followup_url, open_followup, upgrade
from kpi_model.followup import schema as t
from kpi_model.notify import schema as _notify_schema  # noqa: F401  (its tables share the metadata)


def test_without_the_variable_the_database_is_beside_the_stores_versions(tmp_path: Path):
    assert followup_url(tmp_path, environ={}) == f"sqlite:///{tmp_path.resolve() / 'followup.sqlite'}"


def test_the_variable_names_postgresql_and_gets_the_psycopg_driver():
    env = {"KPI_FOLLOWUP_URL": "postgresql://kpi@db.bma.local:5432/followup"}
    assert followup_url(Path("/nowhere"), environ=env) == "postgresql+psycopg://kpi@db.bma.local:5432/followup"


@pytest.mark.parametrize("bad", ["mysql://x/y", "followup.sqlite", "sqlite://", "http://db/x"])
def test_a_url_of_another_kind_is_refused_naming_the_variable(bad: str):
    with pytest.raises(ConfigError) as caught:
        followup_url(None, environ={"KPI_FOLLOWUP_URL": bad})
    assert caught.value.name == "KPI_FOLLOWUP_URL"


def test_no_folder_no_database_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KPI_FOLLOWUP_URL")
    with pytest.raises(KpiError, match="no folder"):
        open_followup(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()


def test_an_empty_database_upgrades_to_the_newest_revision(db_url: str):
    engine = sa.create_engine(db_url)
    assert current_revision(engine) is None
    engine.dispose()
    db = open_followup(url=db_url)
    assert current_revision(db.engine) == HEAD_REVISION == "0100"
    names = set(sa.inspect(db.engine).get_table_names())
    assert names == {"alembic_version", *t.metadata.tables}
    db.close()


def test_a_database_at_the_previous_revision_upgrades_and_keeps_its_rows(db_url: str):
    engine = sa.create_engine(db_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "attempts" not in sa.inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(
            t.analyses.insert().values(
                indicator_code="0402-0810",
                fiscal_year=2569,
                quarter=1,
                why="ฝนตกหนัก",
                next_steps="เร่งรัด",
                revision=1,
                updated_by="somchai",
                updated_at=dt.datetime(2026, 1, 2, 3, 4),
            )
        )
    engine.dispose()
    db = open_followup(url=db_url)
    assert current_revision(db.engine) == HEAD_REVISION
    with db.reading() as conn:
        assert conn.execute(sa.select(t.analyses.c.why, t.analyses.c.revision)).all() == [("ฝนตกหนัก", 1)]
        assert conn.execute(sa.select(sa.func.count()).select_from(t.attempts)).scalar_one() == 0
    indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes("actions")}
    assert "ix_actions_status_due" in indexes
    db.close()


def test_the_schema_module_matches_the_newest_migration(db_url: str):
    db = open_followup(url=db_url)
    inspector = sa.inspect(db.engine)
    for table in t.metadata.tables.values():
        migrated = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        described = {c.name: c.nullable for c in table.columns}
        assert migrated == described, table.name
        assert {i["name"] for i in inspector.get_indexes(table.name)} >= {i.name for i in table.indexes}
    db.close()


def test_opening_twice_is_a_no_op(db_url: str):
    open_followup(url=db_url).close()
    db = open_followup(url=db_url)
    assert current_revision(db.engine) == HEAD_REVISION
    db.close()
