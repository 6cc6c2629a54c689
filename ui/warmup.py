"""Warm a dashboard process before it says it is ready (issue 24).

A fresh process paid 0.3–1.4 s of CPU on its first visitor's pages: the imports behind each
page (plotly, the views, the tables), the store's connection, the cached answers of each page's
default view, Streamlit compiling each page. :func:`lifespan` runs every page once, as a
visitor opening it would, before the server opens its port: uvicorn finishes an ASGI lifespan's
start-up before it listens, so ``/_stcore/health`` cannot answer (a load balancer sees the
replica down) until the warm-up is over, and the first real visitor finds the process warm.

Each page runs in its own session without a browser, the way Streamlit's own script health
check runs the app (:meth:`streamlit.runtime.Runtime.does_script_run_without_error`); what the
run sends is dropped with the session. A page that fails or runs past :data:`PAGE_SECONDS`
is logged and the warm-up goes on: it only moves work earlier and never decides whether the
server starts (the page itself says what failed, to the reader, as it would have anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

from streamlit.logger import get_logger

__all__ = [
    "PAGE_SECONDS",
    "WARM_PAGES",
]

_log = get_logger("kpi_dashboard.warmup")  # Streamlit's handler and level: the server's log shows it

#: The pages a visitor opens first, each at its default view (URL path, query string). Not the
#: analysts' review queue: it weighs every pending decision of the store (more than 300 s on the
#: 5 M-row store), and a page still running when the warm-up gives up on it would go on taking
#: the interpreter from the first visitors.
WARM_PAGES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("strategy", ""),
    ("agencies", ""),
    ("districts", ""),
    ("indicator", ""),
    ("quality", ""),
)
PAGE_SECONDS = 300.0  # a page of a large store runs its cold queries here: bounded, never forever


async def warm_pages(runtime: Any, pages: tuple[tuple[str, str], ...] = WARM_PAGES) -> dict[str, float]:
    """Run each of ``pages`` once in a session of its own on ``runtime`` (started); seconds
    each took (wall clock), by URL path."""
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.script_data import ScriptData
    from streamlit.runtime.state import SCRIPT_RUN_WITHOUT_ERRORS_KEY

    took: dict[str, float] = {}
    for path, query in pages:
        session = AppSession(
            script_data=ScriptData(runtime._main_script_path, False),
            uploaded_file_manager=runtime._uploaded_file_mgr,
            script_cache=runtime._script_cache,
            message_enqueued_callback=None,
            user_info={},
        )
        t0 = time.perf_counter()
        try:
            session.request_rerun(ClientState(query_string=query, page_name=path))
            while SCRIPT_RUN_WITHOUT_ERRORS_KEY not in session.session_state:
                if time.perf_counter() - t0 > PAGE_SECONDS:
                    _log.warning("warm-up: /%s did not finish within %.0f s", path, PAGE_SECONDS)
                    break
                await asyncio.sleep(0.02)
            else:
                if not session.session_state[SCRIPT_RUN_WITHOUT_ERRORS_KEY]:
                    _log.warning("warm-up: /%s raised an error (the page logs it)", path)
        finally:
            session.shutdown()
        took[path or "overview"] = time.perf_counter() - t0
    return took


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """The :class:`streamlit.App` lifespan of ``serve.py``: warm every page, then serve."""
    from streamlit.runtime import Runtime

    t0 = time.perf_counter()
    took = await warm_pages(Runtime.instance())
    _log.info(
        "warm-up: %d pages in %.1f s (%s)",
        len(took),
        time.perf_counter() - t0,
        ", ".join(f"{p} {s:.1f} s" for p, s in took.items()),
    )
    yield
