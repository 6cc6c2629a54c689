"""One look for every chart and table: a status palette that passes WCAG AA and stays
colour-blind safe, text colours chosen for contrast, and Thai-capable fonts.

Every colour here is checked by ``tests/model/test_palette.py``: a status, severity or chart colour
stands out from the white page by at least 3:1 (WCAG 1.4.11, graphics), and every text colour
reaches 4.5:1 (WCAG 1.4.3) on white and on the fill it is written on (:func:`text_on`).
Status colours run on the blue–orange axis, which red–green colour blindness keeps apart, and
differ in lightness too (dark blue, mid blue, orange, grey), so they also survive greyscale;
every status is named in words beside its colour as well."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from kpi_model.config import Settings, settings
from kpi_model.palette import ACTUAL_COLOR as ACTUAL_COLOR  # re-exported: charts take every colour from here
from kpi_model.palette import GRID_COLOR as GRID_COLOR
from kpi_model.palette import HATCH_COLOR as HATCH_COLOR
from kpi_model.palette import MUTED_TEXT as MUTED_TEXT
from kpi_model.palette import NOT_EVALUATED_FILL as NOT_EVALUATED_FILL
from kpi_model.palette import SEVERITY_COLORS as SEVERITY_COLORS
from kpi_model.palette import STATUS_COLORS as STATUS_COLORS
from kpi_model.palette import TEXT_COLOR as TEXT_COLOR
from kpi_model.palette import WHITE as WHITE
from ui.format import is_missing

__all__ = [
    "ACTUAL_COLOR",
    "BLACK",
    "FONT",
    "HATCH_COLOR",
    "MUTED_TEXT",
    "NOT_EVALUATED_FILL",
    "NO_DATA_COLOR",
    "PLAN_COLOR",
    "RECORDED_COLORS",
    "RECORDED_ORDER",
    "RECORDED_PATTERN",
    "SCORE_AXIS_TICKS",
    "SCORE_SCALE",
    "SCORE_TICKS",
    "SEVERITY_COLORS",
    "STATUS_COLORS",
    "STATUS_ORDER",
    "TARGET_COLOR",
    "TEXT_COLOR",
    "WHITE",
    "contrast",
    "legend_swatch",
    "pill_fill",
    "score_color",
    "score_colors",
    "score_scale",
    "status_cell_style",
    "styled",
    "text_on",
]

BLACK = "#000000"

STATUS_ORDER = ("met", "on_track", "behind", "no_data")  # a quarter's; a closed year's is met / not_met
NO_DATA_COLOR = STATUS_COLORS["no_data"]
# BMA's recorded evaluation, by band: the status colours, "not yet evaluated" hatched on a pale
# fill (not a failure, and not "no data": the hatch carries the contrast), nothing recorded as no data.
RECORDED_ORDER = ("met", "on_track", "behind", "not_evaluated", "none")
RECORDED_COLORS = {
    **{k: STATUS_COLORS[k] for k in ("met", "on_track", "behind")},
    "not_evaluated": NOT_EVALUATED_FILL,
    "none": NO_DATA_COLOR,
}
RECORDED_PATTERN = "/"  # recorded (BMA's) bars are hatched, computed ones plain
PLAN_COLOR = "#767676"  # 4.5:1
TARGET_COLOR = "#000000"


def score_scale(cfg: Settings = settings) -> list[list[float | str]]:
    """The 0–100 score's colour scale, stepped at the status thresholds of ``cfg`` (the one
    settings object that scored the store) so a colour reads as a status: orange shades below
    the on-track score (80 at the default 0.8: behind), mid blues from it (on track), dark blue
    at the met score (100). Every stop stands out from white by 3:1 or more."""
    met = min(cfg.met_ratio, 1.0)  # score_100 is 100 × ratio, capped at 100
    on_track = min(cfg.on_track_ratio, met)
    scale: list[list[float | str]] = [
        [0.0, "#6B2400"],
        [max(on_track - 0.0001, 0.0), "#C0470A"],
        [on_track, "#4A90C8"],
        [met - 0.0001, "#2F6EA8"],
        [met, "#1F4E79"],
    ]
    return scale if met == 1.0 else [*scale, [1.0, "#1F4E79"]]


SCORE_SCALE = score_scale()
#: The score ticks of a colour bar: 0, the on-track score and the met score (0, 40, 80, 100 by default).
SCORE_TICKS = sorted(
    {0, 40, round(100 * min(settings.on_track_ratio, 1.0)), round(100 * min(settings.met_ratio, 1.0)), 100}
)
#: The ticks of a 0–100 score axis: its quarters' marks at 0, 50 and 100, and the on-track and
#: met scores of the settings (0, 50, 80, 100 by default).
SCORE_AXIS_TICKS = sorted(
    {0, 50, round(100 * min(settings.on_track_ratio, 1.0)), round(100 * min(settings.met_ratio, 1.0)), 100}
)
FONT = "Sarabun, Garuda, Loma, Noto Sans Thai, Tahoma, sans-serif"


def _luminance(color: str) -> float:
    """Relative luminance (WCAG 2.x) of ``#RRGGBB`` or ``rgb(r, g, b)``."""
    if color.startswith("rgb"):
        channels = [int(float(v)) / 255 for v in color[color.index("(") + 1 : color.index(")")].split(",")[:3]]
    else:
        h = color.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def text_on(fill: str) -> str:
    """White or black text, whichever reads better on ``fill``."""
    return WHITE if contrast(WHITE, fill) >= contrast(BLACK, fill) else BLACK


def pill_fill(color: str, minimum: float = 4.5) -> str:
    """The fill of a word drawn as a pill in a table (a status, a recorded band). Streamlit
    writes a pill's word in white on any fill darker than about mid-grey, so a fill on which
    white falls short of ``minimum`` (AA for text) but is too dark for black text is darkened,
    same hue, until white reaches it (on track ``#4A90C8`` → a deeper blue, no data
    ``#8C8C8C`` → a darker grey); a fill white already reads on, or a pale one that Streamlit
    writes black on, is kept."""
    if contrast(WHITE, color) >= minimum or _luminance(color) > 0.5:
        return color
    h = color.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    for step in range(1, 100):
        shade = "#" + "".join(f"{round(c * (1 - step / 100)):02X}" for c in rgb)
        if contrast(WHITE, shade) >= minimum:
            return shade
    return BLACK


def score_color(value: object) -> str:
    """The colour of one score (0–100) on :data:`SCORE_SCALE`; a missing score gets the
    no-data colour, never the colour of 0."""
    if value is None or is_missing(value):
        return NO_DATA_COLOR
    score = max(0.0, min(1.0, float(value) / 100.0))  # type: ignore[arg-type]
    return sample_colorscale(SCORE_SCALE, [score])[0]


def score_colors(scores) -> list[str]:
    """:func:`score_color` of each score."""
    return [score_color(v) for v in scores]


def status_cell_style(status: str | None) -> str:
    """The CSS of a table cell holding a status: its colour as the fill, text that reads on it."""
    fill = STATUS_COLORS.get(status or "no_data", NO_DATA_COLOR)
    return f"background-color: {fill}; color: {text_on(fill)}"


def legend_swatch(
    fig: go.Figure, name: str, color: str, pattern: str | None = None, symbol: str = "square"
) -> go.Figure:
    """A legend entry with nothing drawn (a chart coloured per point, a treemap, a heatmap):
    how the reader learns which colour means what."""
    marker = {"color": color, "size": 12, "symbol": symbol, "line": {"color": MUTED_TEXT, "width": 1}}
    fig.add_trace(
        go.Scatter(x=[None], y=[None], mode="markers", name=name, marker=marker, showlegend=True, hoverinfo="skip")
    )
    return fig


def styled(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """The shared layout: font and text colours that pass AA, margins, legend on top, white
    background, at most about six ticks on a numeric axis (numbers never run into each other
    on a phone)."""
    fig.update_layout(
        title={"text": title, "y": 0.98, "yanchor": "top", "x": 0, "xanchor": "left"} if title else None,
        height=height,
        font={"family": FONT, "size": 14, "color": TEXT_COLOR},
        margin={"l": 10, "r": 10, "t": 90 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "yref": "paper"},
        plot_bgcolor=WHITE,
        paper_bgcolor=WHITE,
        hoverlabel={"font": {"family": FONT, "color": TEXT_COLOR}, "bgcolor": WHITE},
    )
    axis = {"gridcolor": GRID_COLOR, "zerolinecolor": "#CCCCCC", "tickfont": {"color": MUTED_TEXT}, "automargin": True}
    fig.update_xaxes(**axis, title_font={"color": TEXT_COLOR})
    fig.update_yaxes(**axis, title_font={"color": TEXT_COLOR})
    for layout_axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        if (
            layout_axis.type != "category"
            and layout_axis.dtick is None
            and layout_axis.tickmode != "linear"
            and layout_axis.tickvals is None
            and layout_axis.nticks is None
        ):
            layout_axis.nticks = 6  # numbers on a numeric axis never run into each other on a phone
    return fig
