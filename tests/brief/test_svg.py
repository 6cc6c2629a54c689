"""The pack's charts (kpi_model.brief.svg), worked by hand on their geometry: a trend panel's
points where the scale puts them and a gap (never 0) for a missing quarter; a dimension's two
bars in the palette's colours, hatched where BMA recorded; every text escaped."""

from __future__ import annotations

import re

from kpi_model.brief.content import DimensionRow
from kpi_model.brief.svg import dimension_chart, trend_chart
from kpi_model.palette import HATCH_COLOR, MUTED_TEXT, NOT_EVALUATED_FILL, STATUS_COLORS, TEXT_COLOR, WHITE

BLUE = STATUS_COLORS["met"]


def tags(svg: str, name: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', m)) for m in re.findall(rf"<{name} ([^>]*)/?>", svg)]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg)


def dim(code: str = "7", **counts: int) -> DimensionRow:
    zero = dict.fromkeys(
        ("met", "on_track", "behind", "no_data", "rec_met", "rec_not_met", "rec_not_evaluated", "rec_none"), 0
    )
    return DimensionRow(code, "มิติ", "dimension", sum(counts.values()), None, **{**zero, **counts})


def test_a_trend_panel_puts_each_quarter_on_its_scale_and_leaves_a_gap_for_a_missing_one():
    # three quarters on 0–100, plotted 230 units wide from x=34, between y=14 (100) and y=82 (0)
    svg = trend_chart("score", [(100.0, None), (None, 50.0), (0.0, 25.0)], ["Q1", "Q2", "Q3"], 100.0, BLUE, ("c", "r"))
    lines = tags(svg, "polyline")
    computed = [p["points"] for p in lines if p["stroke"] == BLUE]
    recorded = [p for p in lines if p["stroke"] == MUTED_TEXT]
    assert computed == ["34.0,14.0", "264.0,82.0"]  # the missing second quarter splits the line
    assert [r["points"] for r in recorded] == ["149.0,48.0 264.0,65.0"]
    assert recorded[0]["stroke-dasharray"] == "4 3" and "stroke-dasharray" not in lines[0]
    assert [(c["cx"], c["cy"]) for c in tags(svg, "circle")] == [
        ("34.0", "14.0"),
        ("264.0", "82.0"),
        ("149.0", "48.0"),
        ("264.0", "65.0"),
    ]
    assert texts(svg) == ["score", "0", "50", "100", "Q1", "Q2", "Q3", "c", "r"]
    labels = {
        t["fill"]: (t["x"], t["y"]) for t in tags(svg, "text") if t.get("font-size") == "7" and "text-anchor" not in t
    }
    assert labels == {BLUE: ("268.0", "90.0"), MUTED_TEXT: ("268.0", "62.0")}  # recorded ends above: its name above


def test_a_share_panel_reads_in_per_cent_and_a_quarter_with_neither_figure_draws_nothing():
    svg = trend_chart("behind", [(0.5, 0.25), (None, None)], ["Q1", "Q2"], 1.0, STATUS_COLORS["behind"], ("c", "r"))
    assert texts(svg)[1:4] == ["0%", "50%", "100%"]
    assert [p["points"] for p in tags(svg, "polyline")] == ["34.0,48.0", "34.0,65.0"]


def test_every_text_of_a_chart_is_escaped():
    svg = trend_chart("<b>t</b>", [(1.0, 2.0)], ['<img src="x">'], 100.0, BLUE, ("<script>", '"q"'))
    svg += dimension_chart([dim("<i>7</i>", met=1)])
    assert "<b>" not in svg and "<img" not in svg and "<script" not in svg and "<i>" not in svg
    assert "&lt;b&gt;t&lt;/b&gt;" in svg and "&lt;img src=&quot;x&quot;&gt;" in svg and "&quot;q&quot;" in svg
    assert "&lt;i&gt;7&lt;/i&gt;" in svg


def test_a_dimension_has_its_recorded_bar_hatched_over_its_computed_bar_in_the_status_colours():
    # 440 units for each bar from x=70: 30 met and 10 on track are 330 and 110 wide
    svg = dimension_chart([dim(met=30, on_track=10, rec_met=5, rec_not_evaluated=5)])
    rects = tags(svg, "rect")
    recorded, computed = [r for r in rects if r["y"] == "3.0"], [r for r in rects if r["y"] == "16.0"]
    assert [(r["x"], r["width"], r["fill"]) for r in recorded] == [
        ("70.00", "220.00", BLUE),
        ("70.00", "220.00", "url(#hatch)"),
        ("290.00", "220.00", NOT_EVALUATED_FILL),
        ("290.00", "220.00", "url(#hatch)"),
    ]
    assert [(r["x"], r["width"], r["fill"]) for r in computed] == [
        ("70.00", "330.00", BLUE),
        ("400.00", "110.00", STATUS_COLORS["on_track"]),
    ]
    assert f'stroke="{HATCH_COLOR}"' in svg.split("</pattern>")[0]
    written = [(t, a["fill"]) for t, a in zip(texts(svg), tags(svg, "text"))]
    # the code, then each count: white on the dark fills, dark on on-track blue and the pale fill
    assert written == [("7", TEXT_COLOR), ("5", WHITE), ("5", TEXT_COLOR), ("30", WHITE), ("10", TEXT_COLOR)]


def test_a_dimension_with_nothing_recorded_has_an_empty_dashed_frame_and_a_sliver_carries_no_count():
    svg = dimension_chart([dim(met=1, behind=99)])
    frame = [r for r in tags(svg, "rect") if r["y"] == "3.0"]
    assert frame == [
        {
            "x": "70.0",
            "y": "3.0",
            "width": "440.0",
            "height": "11.0",
            "fill": "none",
            "stroke": STATUS_COLORS["no_data"],
            "stroke-dasharray": "2 2",
            "stroke-width": "0.6",
        }
    ]
    assert [t for t in texts(svg) if t.isdigit()] == ["7", "99"]  # the code, and 99 but not 1 (4.4 units wide)
