"""PostgreSQL for tests: a throwaway server on loopback (:class:`scripts.postgres.Postgres`),
one fresh database per test. Under CI=true a server that cannot be started fails the test;
elsewhere it skips, saying why."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from scripts.postgres import Postgres, PostgresUnavailable

__all__ = ["PostgresCluster", "postgres_cluster", "skip_or_fail"]


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class PostgresCluster:
    """A running server; :meth:`new_database` makes a test's own empty database."""

    def __init__(self, server: Postgres):
        self.server = server

    def url(self, database: str = "postgres") -> str:
        return self.server.url(database)

    def new_database(self) -> str:
        return self.server.new_database("t_" + uuid.uuid4().hex[:16])

    def drop_database(self, url: str) -> None:
        self.server.drop_database(url.rsplit("/", 1)[1])


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start a server (skip, or fail under CI, when it cannot start); stop it afterwards."""
    try:
        server = Postgres.start()
    except PostgresUnavailable as exc:
        skip_or_fail(str(exc))
        raise
    try:
        yield PostgresCluster(server)
    finally:
        server.stop()
