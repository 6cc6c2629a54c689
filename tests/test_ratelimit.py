"""ui.ratelimit and the upload budget: sliding windows with an injected clock (issue 11, item 6)."""

from __future__ import annotations

import pytest

from ui.ratelimit import Limiter, minutes
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
