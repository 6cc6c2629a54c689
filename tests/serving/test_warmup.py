"""serve.py: every page runs once before the health check says ready (ui/warmup.py, issue 24)."""

from __future__ import annotations

import urllib.request

from tests.browser import ROOT, Server
from ui import warmup


def test_every_page_a_viewer_can_open_is_warmed():
    # analysts', editors' and admins' pages
    signed_in = {"import_data", "review", "my_followup", "accounts", "mail_log"}
    pages = {p.stem for p in (ROOT / "pages").glob("*.py")} - signed_in
    assert pages == {path or "overview" for path, _ in warmup.WARM_PAGES}  # URL path = file name; "" = overview


def test_the_server_says_ready_only_after_every_page_ran(demo_store):
    server = Server(demo_store.root, app="serve.py")  # returns at the first 200 from /_stcore/health
    try:
        log = server.log_path.read_text(errors="replace")
        done = [line for line in log.splitlines() if "warm-up:" in line]
        assert done, log  # the warm-up had finished when the health check first said ready
        assert f"warm-up: {len(warmup.WARM_PAGES)} pages" in done[-1]
        for path, _ in warmup.WARM_PAGES:
            assert f"{path or 'overview'} " in done[-1]
        assert "did not finish" not in log and "raised an error" not in log
        with urllib.request.urlopen(server.url + "/_stcore/health", timeout=5) as r:
            assert r.status == 200
        with urllib.request.urlopen(server.url + "/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
    finally:
        server.stop()
