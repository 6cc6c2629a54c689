"""One look for every chart: a colour-blind-safe status palette and Thai-capable fonts."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: blues for good, vermillion for behind, grey for no data.
STATUS_COLORS = {"met": "#0072B2", "on_track": "#56B4E9", "behind": "#D55E00", "no_data": "#B0B0B0"}
STATUS_ORDER = ("met", "on_track", "behind", "no_data")
PLAN_COLOR = "#7F7F7F"
ACTUAL_COLOR = "#0072B2"
TARGET_COLOR = "#000000"
# Score 0–100: vermillion → yellow → blue (readable with red–green colour blindness).
SCORE_SCALE = [[0.0, "#D55E00"], [0.5, "#F0E442"], [0.8, "#56B4E9"], [1.0, "#0072B2"]]
FONT = "Sarabun, Garuda, Loma, Noto Sans Thai, Tahoma, sans-serif"


def styled(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """The shared layout: font, margins, legend on top, white background."""
    fig.update_layout(
        title={"text": title, "y": 0.98, "yanchor": "top", "x": 0, "xanchor": "left"} if title else None,
        height=height, font={"family": FONT, "size": 14},
        margin={"l": 10, "r": 10, "t": 90 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "yref": "paper"},
        plot_bgcolor="white", paper_bgcolor="white", hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC")
    fig.update_yaxes(gridcolor="#E5E5E5", zerolinecolor="#CCCCCC")
    return fig
