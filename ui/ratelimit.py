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

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

__all__ = ["Backoff", "Limiter", "client_address", "is_trusted", "minutes"]


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


class Backoff:
    """Failures per key, and how long the next try must wait: ``free`` failures within
    ``window_s`` cost nothing; then each try waits ``base_s`` × 2^(failures − free) seconds
    from the last failure (2, 4, 8 … with ``base_s`` = 2), at most ``cap_s`` (the window).

    Keyed by account and address, it slows a guesser to a crawl while the account's owner, at
    another address, signs in at once: nobody can lock a named user out by failing on purpose.

    >>> b = Backoff(free=2, window_s=900, base_s=2, clock=lambda: 0.0)
    >>> for _ in range(4):
    ...     b.fail("k")
    >>> b.wait("k"), b.wait("other")
    (8.0, 0.0)
    """

    def __init__(
        self,
        free: int,
        window_s: float,
        base_s: float = 2.0,
        cap_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ):
        if free < 0 or window_s <= 0 or base_s <= 0:
            raise ValueError("free must be 0 or more, window_s and base_s positive")
        self.free, self.window_s, self.base_s = free, float(window_s), float(base_s)
        self.cap_s = float(window_s if cap_s is None else cap_s)
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._failures: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def _recent(self, key: Hashable, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def wait(self, key: Hashable) -> float:
        """Seconds before ``key`` may try again (0: now)."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if times is None or len(times) < self.free:
                return 0.0
            delay = min(self.cap_s, self.base_s * 2 ** min(64, len(times) - self.free))
            return max(0.0, times[-1] + delay - now)

    def fail(self, key: Hashable) -> None:
        """Record a failure of ``key`` now."""
        with self._lock:
            now = self._clock()
            self._recent(key, now)
            self._failures.setdefault(key, deque()).append(now)
            self._failures.move_to_end(key)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._failures.pop(key, None)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[str, ...]) -> str | None:
    """The visitor's address: the connection's own peer, unless that peer is one of the
    ``trusted`` proxies (addresses or networks), in which case the right-most address of
    ``X-Forwarded-For`` that is not itself a trusted proxy (the one the proxy saw; anything to
    its left the client wrote). A header from anyone else is ignored, so changing it changes
    nothing; a malformed header behind a proxy gives the proxy's address, never a guess.

    >>> client_address("127.0.0.1", "203.0.113.9", ("127.0.0.1/32",))
    '203.0.113.9'
    >>> client_address("198.51.100.4", "203.0.113.9", ("127.0.0.1/32",))
    '198.51.100.4'
    >>> client_address("127.0.0.1", "6.6.6.6, 203.0.113.9", ("127.0.0.1/32",))
    '203.0.113.9'
    """
    if peer is None or not forwarded_for or not is_trusted(peer, trusted):
        return peer
    last = peer
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return last
        if not is_trusted(address, trusted):
            return address
        last = address
    return last


def is_trusted(address: str, trusted: tuple[str, ...]) -> bool:
    """True when ``address`` (an IP address; anything else is False) is in one of ``trusted``
    (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in trusted)
