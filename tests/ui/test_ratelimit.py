"""ui.ratelimit and the upload budget: sliding windows with an injected clock (issue 11, item 6)."""

from __future__ import annotations

import pytest

from ui.ratelimit import Backoff, Limiter, client_address, minutes
from ui.upload import Upload, UploadBudget


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_may_use_its_limit_within_the_window_and_no_more():
    clock = Clock()
    tries = Limiter(3, 60, clock)
    for _ in range(3):
        assert tries.take("somchai") == 0
    assert tries.take("somchai") == pytest.approx(60)  # the first try leaves the window in 60 s
    assert tries.used("somchai") == 3  # a refused take records nothing
    assert tries.wait("malee") == 0  # another key is not affected


def test_the_window_slides_one_event_at_a_time():
    clock = Clock()
    tries = Limiter(2, 60, clock)
    tries.add("k")
    clock.now += 20
    tries.add("k")
    assert tries.wait("k") == pytest.approx(40)  # the first of the two leaves at +60
    clock.now += 40
    assert tries.wait("k") == 0 and tries.used("k") == 1
    clock.now += 20
    assert tries.used("k") == 0


def test_amounts_count_by_size_and_one_larger_than_the_limit_never_fits():
    clock = Clock()
    budget = Limiter(100, 3600, clock)
    assert budget.take("s", 70) == 0
    assert budget.take("s", 40) == pytest.approx(3600)
    assert budget.take("s", 30) == 0
    assert budget.wait("other", 101) == 3600


def test_clear_forgets_a_key_and_quiet_keys_are_dropped_past_the_cap():
    clock = Clock()
    tries = Limiter(1, 60, clock, max_keys=2)
    tries.add("a")
    tries.clear("a")
    assert tries.wait("a") == 0
    for key in ("b", "c", "d"):
        tries.add(key)
    assert tries.used("b") == 0 and tries.used("d") == 1


def test_minutes_to_wait_are_whole_and_at_least_one():
    assert (minutes(0.5), minutes(60), minutes(61), minutes(899)) == (1, 1, 2, 15)


def test_the_upload_budget_holds_per_session_and_per_address():
    clock = Clock()
    budget = UploadBudget(mb_per_hour=1, clock=clock)
    half = [Upload.of("a.csv", b"x" * (512 * 1024))]
    assert budget.admit(half, "session-1", "203.0.113.7") == 0
    assert budget.admit(half, "session-1", "203.0.113.7") == 0
    assert budget.admit(half, "session-1", "203.0.113.7") == pytest.approx(3600)  # the session's MB used
    assert budget.admit(half, "session-2", "203.0.113.7") == pytest.approx(3600)  # … and the address's
    assert budget.admit(half, "session-3", "198.51.100.1") == 0  # someone else
    clock.now += 3600
    assert budget.admit(half, "session-1", "203.0.113.7") == 0  # an hour later


def test_a_workbook_costs_what_it_unpacks_to(tmp_path):
    from bench.bomb import write_bomb
    from ui.upload import parse_cost

    path = tmp_path / "bomb.xlsx"
    made = write_bomb(path, unpacked_mb=2)
    bomb = Upload.of("bomb.xlsx", path.read_bytes())
    assert len(bomb.data) < 100_000 and parse_cost(bomb) >= made["unpacked"]
    assert parse_cost(Upload.of("a.csv", b"PK not a zip")) == 12
    budget = UploadBudget(mb_per_hour=1, clock=Clock())
    assert budget.admit([bomb], "session-1", None) == pytest.approx(3600)  # 2 MB of work > 1 MB an hour


# ---- issue 23: growing delays per account and address, and the address behind a proxy ------
def test_a_backoff_is_free_for_the_allowed_failures_then_doubles_up_to_its_cap():
    clock = Clock()
    b = Backoff(free=2, window_s=900, base_s=2, cap_s=60, clock=clock)
    waits = []
    for _ in range(9):
        waits.append(b.wait("k"))
        clock.now += waits[-1]
        b.fail("k")
    assert waits == [0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert b.wait("other") == 0
    clock.now += 901  # the window passes: every failure forgotten
    assert b.wait("k") == 0


def test_a_backoff_counts_from_the_last_failure_and_is_cleared_by_a_success():
    clock = Clock()
    b = Backoff(free=1, window_s=900, base_s=10, clock=clock)
    b.fail("k")
    assert b.wait("k") == 10
    clock.now += 4
    assert b.wait("k") == 6
    b.clear("k")
    assert b.wait("k") == 0


@pytest.mark.parametrize(
    ("peer", "header", "trusted", "expected"),
    [
        ("127.0.0.1", "203.0.113.9", ("127.0.0.1/32",), "203.0.113.9"),
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", ("127.0.0.1/32",), "203.0.113.9"),  # the left part is the client's claim
        ("127.0.0.1", "203.0.113.9, 10.0.0.2", ("127.0.0.1/32", "10.0.0.0/8"), "203.0.113.9"),  # two proxies
        ("198.51.100.4", "203.0.113.9", ("127.0.0.1/32",), "198.51.100.4"),  # not a proxy: header ignored
        ("127.0.0.1", "203.0.113.9", (), "127.0.0.1"),  # no proxy configured
        ("127.0.0.1", "not an address", ("127.0.0.1/32",), "127.0.0.1"),  # malformed: the proxy, never a guess
        ("127.0.0.1", None, ("127.0.0.1/32",), "127.0.0.1"),
        (None, "203.0.113.9", ("127.0.0.1/32",), None),
    ],
)
def test_the_client_address_comes_from_the_header_only_behind_a_trusted_proxy(peer, header, trusted, expected):
    assert client_address(peer, header, trusted) == expected
