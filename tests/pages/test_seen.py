"""Issue 24 changed how figures and tables are built and drawn, not what they show: every chart
of every page, on the demo store, is the one the page drew before, by its whole plotly
specification (colours, hover text, number formats, Thai labels), read from the page as a
viewer gets it; every status word in a table is drawn in the colour its cell had before."""

from __future__ import annotations

import json

import pytest

from kpi_model.i18n import status_label
from tests.seen import FIXTURE, PAGES, charts, page
from ui.tables import PLAIN_PILL
from ui.theme import NOT_EVALUATED_FILL, RECORDED_COLORS, STATUS_COLORS, pill_fill

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


# ---- tables: the status colour a reader saw in a Styler cell, now the colour of the word's pill --


def pill_colours(element) -> dict[str, dict[str, str]]:
    """Each pill column of a table: its words and the colour each is drawn in."""
    out = {}
    for column, cfg in json.loads(element.proto.columns).items():
        type_config = cfg.get("type_config", {})
        if type_config.get("type") == "multiselect":
            out[column] = {o["value"]: o.get("color") for o in type_config.get("options", [])}
    return out


def number_formats(element) -> dict[str, tuple[str | None, float | None]]:
    return {
        column: (cfg["type_config"].get("format"), cfg["type_config"].get("step"))
        for column, cfg in json.loads(element.proto.columns).items()
        if cfg.get("type_config", {}).get("type") in ("number", "progress")
    }


STATUS_BY_WORD = {status_label(code, "th"): code for code in STATUS_COLORS}


@pytest.mark.parametrize("path", ["pages/agencies.py", "pages/indicator.py", "pages/strategy.py"])
def test_every_status_word_is_drawn_in_its_status_colour(demo_store, path):
    at = page(str(demo_store.root), path, None, None)
    found = 0
    for element in at.dataframe:
        frame = element.value
        for column, colours in pill_colours(element).items():
            words = [w for w in frame[column] if isinstance(w, str)]
            assert words and set(words) <= set(colours)  # every word a reader sees has its colour
            for word in set(words):
                if column == "status":  # the computed status: the colour of its code, as the Styler's fill
                    assert colours[word] == pill_fill(STATUS_COLORS[STATUS_BY_WORD[word]]), word
                    found += 1
                else:  # BMA's recorded band: the band's colour, "not yet evaluated" pale, nothing plain
                    fills = {pill_fill(c) for c in (*RECORDED_COLORS.values(), NOT_EVALUATED_FILL)}
                    assert colours[word] in {*fills, PLAIN_PILL}, word
    assert found >= 1


def test_numbers_keep_their_formats_and_values(demo_store):
    at = page(str(demo_store.root), "pages/districts.py", 2566, 2)
    league = next(e for e in at.dataframe if "district" in e.value.columns)
    formats = number_formats(league)
    assert formats["mean_score_100"] == ("%.1f", None)  # one decimal, on a 0–100 bar
    assert formats["share_met_pct"] == ("localized", None)  # a whole count, thousands separated
    reporting = next(e for e in at.dataframe if "reporting_share" in e.value.columns)
    assert number_formats(reporting)["reporting_share"] == ("percent", 0.01)  # a whole percent
    assert reporting.value["reporting_share"].between(0, 1).all()  # the share itself, not a text
