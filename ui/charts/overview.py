"""Charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import name_of, status_label, t
from ui.format import count, number
from ui.theme import NO_DATA_COLOR, SCORE_SCALE, legend_swatch, score_colors, styled

__all__ = ["strategy_sunburst"]


def strategy_sunburst(tree: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """The strategy tree sized by indicator count, coloured by mean computed score (0–100).

    A branch without a score is drawn in the no-data colour (never as a score of 0) and the
    legend says so; the colour bar beside reads the score scale."""
    labels = [f"{i} {name_of(th, en, lang)}" for i, th, en in zip(tree["id"], tree["name_th"], tree["name_en"])]
    short = [lbl if len(lbl) <= 28 else lbl[:27] + "…" for lbl in labels]
    scores = list(tree["mean_score_100"])
    no_data = status_label("no_data", lang)
    hover = [
        f"{lbl}<br>{t('indicators_count', lang)}: {count(n)}<br>{t('mean_computed_score', lang)}: "
        f"{number(s, 1, missing=no_data)}"
        for lbl, n, s in zip(labels, tree["indicator_count"], scores)
    ]
    fig = go.Figure(
        go.Sunburst(
            ids=tree["id"],
            parents=tree["parent"],
            labels=short,
            values=tree["indicator_count"],
            branchvalues="total",
            marker={"colors": score_colors(scores), "line": {"color": "white", "width": 1}},
            hovertext=hover,
            hoverinfo="text",
            maxdepth=3,
            insidetextorientation="radial",
        )
    )
    # The colour bar of the score scale, on a trace that draws nothing.
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "colorscale": SCORE_SCALE,
                "cmin": 0,
                "cmax": 100,
                "color": [0],
                "showscale": True,
                "colorbar": {"title": {"text": t("mean_computed_score", lang)}, "thickness": 14},
            },
        )
    )
    legend_swatch(fig, no_data, NO_DATA_COLOR)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig = styled(fig, title, height=520)
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0})
    return fig
