"""The palette passes WCAG AA against the white page: 3:1 for anything drawn (a bar, a cell, a
swatch, a hatch), 4.5:1 for text, on white and on every fill text is written on. And the
status colours stay apart for red–green colour blindness (and in greyscale)."""

from __future__ import annotations

import pytest

from ui import theme
from ui.charts.quality import SEVERITY_COLORS
from ui.theme import WHITE, contrast, score_color, text_on

GRAPHICS = 3.0  # WCAG 1.4.11 non-text contrast
TEXT = 4.5  # WCAG 1.4.3 text contrast, normal size


def test_the_contrast_ratio_is_the_wcag_one():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert contrast("rgb(118, 118, 118)", WHITE) == pytest.approx(contrast("#767676", WHITE))


# What the old palette measured, as the issue reported it: the reason for the new one.
@pytest.mark.parametrize("old,ratio", [("#56B4E9", 2.3), ("#B0B0B0", 2.2), ("#E69F00", 2.3), ("#808495", 3.7)], ids=str)
def test_the_old_colours_failed(old, ratio):
    assert contrast(old, WHITE) == pytest.approx(ratio, abs=0.06)
    assert old not in {*theme.STATUS_COLORS.values(), *SEVERITY_COLORS.values(), theme.MUTED_TEXT}


DRAWN = {
    **{f"status {k}": v for k, v in theme.STATUS_COLORS.items()},
    **{f"severity {k}": v for k, v in SEVERITY_COLORS.items()},
    **{f"score {stop}": color for stop, color in theme.SCORE_SCALE},
    "plan": theme.PLAN_COLOR,
    "actual": theme.ACTUAL_COLOR,
    "target": theme.TARGET_COLOR,
    "hatch of not yet evaluated": theme.HATCH_COLOR,
}


@pytest.mark.parametrize("name", list(DRAWN))
def test_every_drawn_colour_stands_out_from_white_by_3_to_1(name):
    assert contrast(DRAWN[name], WHITE) >= GRAPHICS, (name, DRAWN[name], round(contrast(DRAWN[name], WHITE), 2))


@pytest.mark.parametrize("name", ["TEXT_COLOR", "MUTED_TEXT", "PLAN_COLOR"])
def test_text_colours_reach_4_5_to_1_on_white(name):
    color = getattr(theme, name)
    assert contrast(color, WHITE) >= TEXT, (name, round(contrast(color, WHITE), 2))


FILLS = {**DRAWN, "not yet evaluated": theme.NOT_EVALUATED_FILL}


@pytest.mark.parametrize("name", list(FILLS))
def test_text_written_on_a_fill_reaches_4_5_to_1(name):
    fill = FILLS[name]
    assert contrast(text_on(fill), fill) >= TEXT, (name, fill, text_on(fill), round(contrast(text_on(fill), fill), 2))


def test_the_hatch_of_not_yet_evaluated_reads_on_its_fill():
    assert contrast(theme.HATCH_COLOR, theme.NOT_EVALUATED_FILL) >= GRAPHICS


def test_every_score_0_to_100_has_a_colour_that_passes_and_steps_at_the_thresholds():
    for score in range(101):
        color = score_color(score)
        assert contrast(color, WHITE) >= GRAPHICS, (score, color)
        assert contrast(text_on(color), color) >= TEXT, (score, color)
    # the step at 80 (behind → on track) and at 100 (met) is a change of hue or of lightness,
    # so 60 and 100 never read as shades of one blue
    assert contrast(score_color(79.9), score_color(80)) > 1.0
    assert score_color(60) != score_color(100)
    orange, blue = score_color(60), score_color(100)
    r, _g, b = (int(v) for v in orange[orange.index("(") + 1 : -1].split(","))
    assert r > b  # below 80: orange
    r, _g, b = (int(v) for v in blue[blue.index("(") + 1 : -1].split(","))
    assert b > r  # 100: blue
    assert score_color(None) == theme.NO_DATA_COLOR and score_color(float("nan")) == theme.NO_DATA_COLOR


def _simulate_deuteranopia(color: str) -> tuple[float, float, float]:
    """Machado et al. (2009) deuteranopia, severity 1, on linear RGB."""
    h = color.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    m = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    return tuple(max(0.0, min(1.0, sum(m[i][j] * lin[j] for j in range(3)))) for i in range(3))  # type: ignore[return-value]


def test_status_colours_stay_apart_for_deuteranopia_and_in_greyscale():
    colors = list(theme.STATUS_COLORS.values())
    for i, a in enumerate(colors):
        for b in colors[i + 1 :]:
            sa, sb = _simulate_deuteranopia(a), _simulate_deuteranopia(b)
            distance = sum((x - y) ** 2 for x, y in zip(sa, sb)) ** 0.5
            assert distance > 0.08, (a, b, distance)
    # met and on track, both blue, differ in lightness by more than 1.5:1 (they survive greyscale)
    assert contrast(theme.STATUS_COLORS["met"], theme.STATUS_COLORS["on_track"]) > 1.5


def test_a_status_pill_keeps_its_colour_and_reads_at_aa_in_the_white_streamlit_writes_on_it():
    from ui.theme import BLACK, STATUS_COLORS, WHITE, contrast, pill_fill

    fills = {status: pill_fill(color) for status, color in STATUS_COLORS.items()}
    for status, fill in fills.items():
        assert contrast(WHITE, fill) >= 4.5, status
    assert fills["met"] == STATUS_COLORS["met"] and fills["behind"] == STATUS_COLORS["behind"]  # already AA: kept
    assert fills["on_track"] != STATUS_COLORS["on_track"]  # 3.4:1 in white: darkened, still a blue
    assert len(set(fills.values())) == len(fills)  # every status its own fill
    assert contrast(fills["met"], fills["on_track"]) >= 1.5  # the two blues stay apart
    assert pill_fill("#DDE3E8") == "#DDE3E8" and pill_fill(BLACK) == BLACK  # pale (black text) and dark: kept


def test_the_score_scale_steps_at_the_thresholds_of_the_settings():
    """Issue 26: the colour scale reads the on-track and met thresholds from the one settings
    object; at the defaults it is the scale drawn before (80 and 100)."""
    from kpi_model.config import Settings

    assert theme.score_scale(Settings(met_ratio=1.0, on_track_ratio=0.8)) == [
        [0.0, "#6B2400"],
        [0.7999, "#C0470A"],
        [0.8, "#4A90C8"],
        [0.9999, "#2F6EA8"],
        [1.0, "#1F4E79"],
    ]
    stops = theme.score_scale(Settings(on_track_ratio=0.7, met_ratio=0.95))
    assert [round(float(s), 4) for s, _ in stops] == [0.0, 0.6999, 0.7, 0.9499, 0.95, 1.0]
    assert [c for _, c in stops][-2:] == ["#1F4E79", "#1F4E79"]  # met from 95 up
