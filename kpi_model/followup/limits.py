"""Sign-in limits every replica shares: :class:`SharedLimiter` and :class:`SharedBackoff` do
what :class:`ui.ratelimit.Limiter` and :class:`ui.ratelimit.Backoff` do, with the attempts kept
in the follow-up database (table ``attempts``), so a guesser spread over replicas behind
HAProxy meets one count. The clock is wall time (seconds since the epoch, injected by tests):
replicas share no monotonic clock.

    limiter = SharedLimiter(db, "sign_in_address", limit=20, window_s=900)
    if limiter.wait(("address", ip)) > 0: ...
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Hashable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi_model.followup import schema as t
from kpi_model.followup.db import FollowupDB

__all__ = ["SharedBackoff", "SharedLimiter"]


def _key(key: Hashable) -> str:
    """A key as stored: JSON of a tuple's parts, or the text (at most 600 characters)."""
    text = json.dumps([str(p) for p in key], ensure_ascii=False) if isinstance(key, tuple) else str(key)
    return text[:600]


class _Shared:
    def __init__(self, db: FollowupDB, bucket: str, window_s: float, clock: Callable[[], float]):
        if window_s <= 0:
            raise ValueError("window_s must be positive")
        self.db, self.bucket, self.window_s, self._clock = db, bucket[:40], float(window_s), clock

    def _where(self, key: Hashable) -> sa.ColumnElement[bool]:
        return sa.and_(t.attempts.c.bucket == self.bucket, t.attempts.c.key == _key(key))

    def _recent(self, conn: Connection, key: Hashable, now: float) -> list[tuple[float, float]]:
        rows = conn.execute(
            sa.select(t.attempts.c.at, t.attempts.c.amount)
            .where(self._where(key), t.attempts.c.at > now - self.window_s)
            .order_by(t.attempts.c.at, t.attempts.c.id)
        )
        return [(float(at), float(amount)) for at, amount in rows]

    def _record(self, conn: Connection, key: Hashable, now: float, amount: float = 1.0) -> None:
        conn.execute(t.attempts.delete().where(self._where(key), t.attempts.c.at <= now - self.window_s))
        conn.execute(t.attempts.insert().values(bucket=self.bucket, key=_key(key), at=now, amount=float(amount)))

    def clear(self, key: Hashable) -> None:
        """Forget ``key``'s attempts (a success: this account from this address)."""
        with self.db.writing() as conn:
            conn.execute(t.attempts.delete().where(self._where(key)))


class SharedLimiter(_Shared):
    """At most ``limit`` units per key within any ``window_s`` seconds, counted in the database."""

    def __init__(
        self, db: FollowupDB, bucket: str, limit: float, window_s: float, clock: Callable[[], float] = time.time
    ):
        if limit <= 0:
            raise ValueError("limit must be positive")
        super().__init__(db, bucket, window_s, clock)
        self.limit = float(limit)

    def _wait(self, events: list[tuple[float, float]], amount: float, now: float) -> float:
        if amount > self.limit:
            return self.window_s
        total = sum(a for _, a in events)
        if total + amount <= self.limit:
            return 0.0
        for at, a in events:
            total -= a
            if total + amount <= self.limit:
                return max(0.0, at + self.window_s - now)
        return self.window_s

    def used(self, key: Hashable) -> float:
        with self.db.reading() as conn:
            return sum(a for _, a in self._recent(conn, key, self._clock()))

    def wait(self, key: Hashable, amount: float = 1.0) -> float:
        """Seconds until ``amount`` more fits for ``key`` (0: now)."""
        now = self._clock()
        with self.db.reading() as conn:
            return self._wait(self._recent(conn, key, now), amount, now)

    def add(self, key: Hashable, amount: float = 1.0) -> None:
        with self.db.writing() as conn:
            self._record(conn, key, self._clock(), amount)

    def take(self, key: Hashable, amount: float = 1.0) -> float:
        """Record ``amount`` if it fits now and return 0; else the seconds to wait (nothing
        recorded). One transaction holding the write lock: replicas cannot both squeeze in."""
        now = self._clock()
        with self.db.writing() as conn:
            if self.db.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": self.bucket + _key(key)})
            wait = self._wait(self._recent(conn, key, now), amount, now)
            if wait == 0:
                self._record(conn, key, now, amount)
            return wait


class SharedBackoff(_Shared):
    """Failures per key and how long the next try waits: ``free`` failures within
    ``window_s`` cost nothing, then ``base_s`` × 2^(failures − free) seconds from the last
    failure, at most ``cap_s`` (the window) — :class:`ui.ratelimit.Backoff`, shared."""

    def __init__(
        self,
        db: FollowupDB,
        bucket: str,
        free: int,
        window_s: float,
        base_s: float = 2.0,
        cap_s: float | None = None,
        clock: Callable[[], float] = time.time,
    ):
        if free < 0 or base_s <= 0:
            raise ValueError("free must be 0 or more and base_s positive")
        super().__init__(db, bucket, window_s, clock)
        self.free, self.base_s = free, float(base_s)
        self.cap_s = float(window_s if cap_s is None else cap_s)

    def wait(self, key: Hashable) -> float:
        now = self._clock()
        with self.db.reading() as conn:
            times = [at for at, _ in self._recent(conn, key, now)]
        if len(times) < self.free or not times:
            return 0.0
        delay = min(self.cap_s, self.base_s * 2 ** min(64, len(times) - self.free))
        return max(0.0, times[-1] + delay - now)

    def fail(self, key: Hashable) -> None:
        with self.db.writing() as conn:
            self._record(conn, key, self._clock())
