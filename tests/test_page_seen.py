"""Issue 24 changed how figures are built and drawn, never what they show: every chart of every
page, on the demo store, is the one the page drew before, by its whole plotly specification
(colours, hover text, number formats, Thai labels), read from the page as a viewer gets it."""

from __future__ import annotations

import json

import pytest

from tests.seen import FIXTURE, PAGES, charts, page

BEFORE = json.loads(FIXTURE.read_text())


@pytest.mark.parametrize(("path", "fy", "quarter"), PAGES, ids=[p for p, _, _ in PAGES])
def test_every_chart_is_the_one_drawn_before(demo_store, path, fy, quarter):
    at = page(str(demo_store.root), path, fy, quarter)
    shown = json.loads(json.dumps(charts(at), sort_keys=True))
    before = BEFORE[path]["charts"]
    assert set(shown) == set(before)
    for key in before:
        assert shown[key] == before[key], key
    # and again, from the figures built on the first run (a warm run must not change them)
    at.run()
    assert json.loads(json.dumps(charts(at), sort_keys=True)) == before
