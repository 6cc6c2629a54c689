"""The collector and the long-lived heap (issue 24).

Streamlit's full collection after every script run (``runner.postScriptGC``, switched off in
``.streamlit/config.toml``) walked every object the process holds, the cached query results
and every open session's state included: about 80 ms a run, growing with the sessions open.
Without it Python's own generational collector still frees cycles as they are made; what is
left is that its rare full collections would still walk the long-lived heap. So the first
runs of the process (one tour of the pages: modules, caches, the store's connections) each end
with one full collection and :func:`gc.freeze`, which moves what survived out of the
collector's sight for good; garbage never is frozen, since the collection runs first."""

from __future__ import annotations

import gc
import threading

__all__ = [
    "SETTLING_RUNS",
    "settle",
]

SETTLING_RUNS = 12  # runs of the process that end by freezing the heap: about one tour of the pages

_lock = threading.Lock()
_runs = 0


def settle() -> bool:
    """At the end of a script run: collect and freeze during the process's first
    :data:`SETTLING_RUNS` runs (True when it did), nothing after."""
    global _runs
    with _lock:
        if _runs >= SETTLING_RUNS:
            return False
        _runs += 1
    gc.collect()
    gc.freeze()
    return True
