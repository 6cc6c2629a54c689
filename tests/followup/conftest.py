"""The follow-up suite runs on SQLite and on PostgreSQL: the ``db`` fixture is parametrised
over both engines (PostgreSQL: a throwaway cluster on loopback, a fresh database per test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpi_model.followup import Account, FollowupDB, Operator, add_account, open_followup
from kpi_model.followup import accounts as account_module
from kpi_model.passwords import hash_password
from tests.postgres import PostgresCluster, postgres_cluster

OPERATOR = Operator("cli:test")


class Clock:
    """A settable UTC clock for the database (``now`` moves only when a test moves it)."""

    def __init__(self, at: dt.datetime = dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC)):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def pg() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL, on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'followup.sqlite'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg")
    url = cluster.new_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def db(db_url: str, clock: Clock) -> Iterator[FollowupDB]:
    opened = open_followup(url=db_url, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def people(db: FollowupDB, monkeypatch: pytest.MonkeyPatch) -> dict[str, Account]:
    """One account of each role: an editor of 0402, an editor of 0501 and 0502, an analyst,
    an admin, a viewer, and a deactivated editor of 0402. Passwords set through the accounts
    are hashed at 1,000 iterations, not 600,000 (verifying reads the count from the hash;
    tests/ui/test_auth.py holds the default), as tests/followup/test_pages.py does."""
    monkeypatch.setattr(account_module, "hash_password", lambda password: hash_password(password, 1_000))
    out = {
        "editor": add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], email="Somchai@bma.go.th"),
        "other_editor": add_account(db, OPERATOR, "malee", "agency_editor", ["0501", "0502"]),
        "analyst": add_account(db, OPERATOR, "suda", "analyst", email="suda@bma.go.th"),
        "admin": add_account(db, OPERATOR, "admin", "admin", password="correct horse"),
        "viewer": add_account(db, OPERATOR, "wichai", "viewer"),
    }
    from kpi_model.followup import update_account

    gone = add_account(db, OPERATOR, "niran", "agency_editor", ["0402"])
    out["deactivated"] = update_account(db, OPERATOR, gone.id, active=False)
    return out
