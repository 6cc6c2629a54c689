"""Sign-in limits kept in the database: two handles on one database (two replicas) meet one
count."""

from __future__ import annotations

import pytest

from kpi_model.followup import FollowupDB, SharedBackoff, SharedLimiter, open_followup


class WallClock:
    def __init__(self) -> None:
        self.now = 1_765_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_limit_holds_across_two_replicas(db: FollowupDB, db_url: str):
    clock = WallClock()
    other = open_followup(url=db_url)  # the second replica's own engine
    try:
        one = SharedLimiter(db, "sign_in_address", limit=3, window_s=900, clock=clock)
        two = SharedLimiter(other, "sign_in_address", limit=3, window_s=900, clock=clock)
        key = ("address", "203.0.113.9")
        assert one.take(key) == 0
        clock.now += 10
        assert two.take(key) == 0
        assert one.take(key) == 0
        assert two.take(key) == pytest.approx(890)  # the first try leaves the window 900 s after it
        assert one.used(key) == 3
        assert two.wait(("address", "198.51.100.4")) == 0
        clock.now += 890
        assert one.wait(key) == 0
        two.clear(key)
        assert one.used(key) == 0
    finally:
        other.close()


def test_backoff_grows_after_the_free_failures_on_any_replica(db: FollowupDB, db_url: str):
    clock = WallClock()
    other = open_followup(url=db_url)
    try:
        one = SharedBackoff(db, "sign_in_account", free=2, window_s=900, base_s=2, clock=clock)
        two = SharedBackoff(other, "sign_in_account", free=2, window_s=900, base_s=2, clock=clock)
        key = ("account", "somchai", "203.0.113.9")
        one.fail(key)
        two.fail(key)
        assert one.wait(key) == 2.0  # the free failures used up: 2 s × 2^(2 − 2)
        two.fail(key)
        two.fail(key)
        assert one.wait(key) == 8.0  # 2 s × 2^(4 − 2), from the last failure
        clock.now += 6
        assert two.wait(key) == 2.0
        assert one.wait(("account", "somchai", "198.51.100.4")) == 0  # the owner elsewhere is not slowed
        one.clear(key)
        assert two.wait(key) == 0
    finally:
        other.close()
