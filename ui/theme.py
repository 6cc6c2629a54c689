"""One look for every chart: a colour-blind-safe status palette and Thai-capable fonts."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from ui.format import is_missing

# Okabe–Ito: blues for good, vermillion for behind, grey for no data. "No data" is its own
# colour in every chart and is never drawn as 0 or as the worst score.
STATUS_COLORS = {"met": "#0072B2", "on_track": "#56B4E9", "behind": "#D55E00", "no_data": "#B0B0B0"}
STATUS_ORDER = ("met", "on_track", "behind", "no_data")
NO_DATA_COLOR = STATUS_COLORS["no_data"]
# BMA's recorded evaluation, by band: the status colours, "not yet evaluated" hatched on a pale
# grey (not a failure, and not "no data"), nothing recorded as no data.
RECORDED_ORDER = ("met", "on_track", "behind", "not_evaluated", "none")
RECORDED_COLORS = {
    **{k: STATUS_COLORS[k] for k in ("met", "on_track", "behind")},
    "not_evaluated": "#E3E3E3",
    "none": NO_DATA_COLOR,
}
RECORDED_PATTERN = "/"  # recorded (BMA's) bars are hatched, computed ones plain
PLAN_COLOR = "#7F7F7F"
ACTUAL_COLOR = "#0072B2"
TARGET_COLOR = "#000000"
# Score 0–100: vermillion → yellow → blue (readable with red–green colour blindness).
SCORE_SCALE = [[0.0, "#D55E00"], [0.5, "#F0E442"], [0.8, "#56B4E9"], [1.0, "#0072B2"]]
FONT = "Sarabun, Garuda, Loma, Noto Sans Thai, Tahoma, sans-serif"


def score_colors(scores) -> list[str]:
    """The colour of each mean score (0–100) on :data:`SCORE_SCALE`; a missing score gets
    the no-data colour, never the colour of 0."""
    out = []
    for value in scores:
        if is_missing(value):
            out.append(NO_DATA_COLOR)
        else:
            out.append(sample_colorscale(SCORE_SCALE, [max(0.0, min(1.0, float(value) / 100.0))])[0])
    return out


def legend_swatch(
    fig: go.Figure, name: str, color: str, pattern: str | None = None, symbol: str = "square"
) -> go.Figure:
    """A legend entry with nothing drawn (a chart coloured per point, a sunburst, a heatmap):
    how the reader learns which colour means what."""
    marker = {"color": color, "size": 12, "symbol": symbol, "line": {"color": "#777777", "width": 1}}
    fig.add_trace(
        go.Scatter(x=[None], y=[None], mode="markers", name=name, marker=marker, showlegend=True, hoverinfo="skip")
    )
    return fig


def styled(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """The shared layout: font, margins, legend on top, white background."""
    fig.update_layout(
        title={"text": title, "y": 0.98, "yanchor": "top", "x": 0, "xanchor": "left"} if title else None,
        height=height,
        font={"family": FONT, "size": 14},
        margin={"l": 10, "r": 10, "t": 90 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "yref": "paper"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC")
    fig.update_yaxes(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC")
    return fig
