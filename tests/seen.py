"""What a viewer sees on each page, by content: every chart's plotly specification and every
table's cells as shown (text) with their fill, read from AppTest's elements. ``tests/
test_page_seen.py`` compares them with what the pages showed before issue 24's changes
(``tests/fixtures/page_seen.json``, written by ``python -m tests.seen`` at the commit before issue 24 merged, a22bc55)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "page_seen.json"
#: (page file, fiscal year, quarter): each page at a period of the demo store with data on it.
PAGES = (
    ("pages/overview.py", 2566, 2),
    ("pages/strategy.py", 2566, 2),
    ("pages/agencies.py", None, None),
    ("pages/districts.py", 2566, 2),
    ("pages/indicator.py", None, None),
    ("pages/quality.py", None, None),
)


def charts(at: AppTest) -> dict[str, Any]:
    return {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def page(store_root: str, path: str, fy: int | None, quarter: int | None) -> AppTest:
    import os

    os.environ["KPI_STORE"] = store_root
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(path).run()
    if fy is not None:
        at.selectbox(key="fy").set_value(fy)
        at.selectbox(key="q").set_value(quarter)
        at.run()
    assert not at.exception, at.exception
    return at


def write(store_root: str) -> None:
    out = {path: {"charts": charts(page(store_root, path, fy, q))} for path, fy, q in PAGES}
    FIXTURE.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


if __name__ == "__main__":
    from kpi_model.demo import demo_tables
    from kpi_model.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        Store(tmp).write(demo_tables(), note="test demo")
        write(tmp)
    print(FIXTURE, FIXTURE.stat().st_size, file=sys.stderr)
