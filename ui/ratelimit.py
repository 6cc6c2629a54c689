"""A small sliding-window limiter: how much of something a key (an account, an address, a
session) has used within the last ``window`` seconds. Pure Python (no Streamlit), thread-safe,
with the clock injected so tests need no sleeping.

Example::

    tries = Limiter(limit=5, window_s=900)
    if tries.wait(("account", name)) > 0:
        ...  # refused: too many failed sign-ins lately
    tries.add(("account", name))  # after a failure

Limits are per process: each replica of the app counts its own visitors.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

__all__ = ["Limiter", "minutes"]


class Limiter:
    """At most ``limit`` units per key within any ``window_s`` seconds."""

    def __init__(
        self, limit: float, window_s: float, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000
    ):
        if limit <= 0 or window_s <= 0:
            raise ValueError("limit and window_s must be positive")
        self.limit = float(limit)
        self.window_s = float(window_s)
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._events: OrderedDict[Hashable, deque[tuple[float, float]]] = OrderedDict()

    def _expire(self, key: Hashable, now: float) -> deque[tuple[float, float]] | None:
        events = self._events.get(key)
        if events is None:
            return None
        while events and events[0][0] <= now - self.window_s:
            events.popleft()
        if not events:
            del self._events[key]
            return None
        return events

    def used(self, key: Hashable) -> float:
        """Units ``key`` used within the window ending now."""
        with self._lock:
            events = self._expire(key, self._clock())
            return sum(a for _, a in events) if events else 0.0

    def wait(self, key: Hashable, amount: float = 1.0) -> float:
        """Seconds until ``amount`` more fits within the limit for ``key`` (0: it fits now). An
        amount larger than the limit itself never fits: the whole window is returned."""
        with self._lock:
            return self._wait(key, amount, self._clock())

    def _wait(self, key: Hashable, amount: float, now: float) -> float:
        events = self._expire(key, now)
        if amount > self.limit:
            return self.window_s
        total = sum(a for _, a in events) if events else 0.0
        if events is None or total + amount <= self.limit:
            return 0.0
        for at, a in events:  # oldest first: when enough has left the window
            total -= a
            if total + amount <= self.limit:
                return max(0.0, at + self.window_s - now)
        return self.window_s  # not reached: once the last event leaves, everything is free

    def add(self, key: Hashable, amount: float = 1.0) -> None:
        """Record ``amount`` units used by ``key`` now."""
        with self._lock:
            self._add(key, amount, self._clock())

    def _add(self, key: Hashable, amount: float, now: float) -> None:
        self._expire(key, now)
        events = self._events.setdefault(key, deque())
        events.append((now, float(amount)))
        self._events.move_to_end(key)
        while len(self._events) > self._max_keys:  # forget the longest-quiet keys first
            self._events.popitem(last=False)

    def take(self, key: Hashable, amount: float = 1.0) -> float:
        """Record ``amount`` if it fits now and return 0; else the seconds to wait (nothing
        recorded). Check and record are one step."""
        with self._lock:
            now = self._clock()
            wait = self._wait(key, amount, now)
            if wait == 0:
                self._add(key, amount, now)
            return wait

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._events.pop(key, None)


def minutes(seconds: float) -> int:
    """Whole minutes to tell a person to wait (at least 1)."""
    return max(1, math.ceil(seconds / 60))
