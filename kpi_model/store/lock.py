"""The one-writer lock: an ``flock`` on ``<store>/.lock``.

Readers never take it (they read whole versions); writers hold it from reading the store they
merge into until ``CURRENT`` points at the result and the import is logged, so two imports
cannot both build on the same version and lose one another's rows. The kernel lets go of it
when the process dies, so a crash never leaves the store locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator

from kpi_model.errors import StoreLocked
from kpi_model.store.layout import Layout

__all__ = ["writer_lock"]

_POLL_SECONDS = 0.05


@contextlib.contextmanager
def writer_lock(layout: Layout, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the one-writer lock; StoreLocked if another writer keeps it past ``wait_seconds``."""
    layout.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"another import is writing to {layout.root}; try again when it has finished"
                    ) from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)
