"""Charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import name_of, status_label, t
from ui.format import chart_text, count, cut, number
from ui.theme import NO_DATA_COLOR, SCORE_SCALE, WHITE, legend_swatch, score_colors, styled, text_on

__all__ = ["strategy_map", "tile_label"]

TILE_LABEL_LIMIT = 60  # a dimension's tile; BMA's longest dimension name is about 40 characters


def tile_label(code: str, name: str, depth: int) -> str:
    """What a tile says, escaped for plotly: a dimension its code and name (the header of its
    block); a branch below its code alone, its name on hover and when the reader clicks into
    it. Thai is not cut to fit a tile (a cut word can read as another word, มาตรการ as มาตรา):
    only a name longer than any of BMA's (:data:`TILE_LABEL_LIMIT`) is, with ``…``, whole on hover."""
    return chart_text(cut(f"{code} {name}", TILE_LABEL_LIMIT) if depth <= 1 else code)


def strategy_map(tree: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """The strategy tree as a treemap: dimensions, and the issues inside them (click a tile to
    go deeper), sized by indicator count, coloured by mean computed score (0–100) on the
    stepped status scale, each tile naming its score in words.

    A branch without a score is drawn in the no-data colour (never as a score of 0) and the
    legend says so; the colour bar beside reads the score scale."""
    names = [name_of(th, en, lang) for th, en in zip(tree["name_th"], tree["name_en"])]
    labels = [tile_label(str(i), n, int(d)) for i, n, d in zip(tree["id"], names, tree["depth"])]
    scores = list(tree["mean_score_100"])
    colors = score_colors(scores)
    no_data = status_label("no_data", lang)
    score_text = [number(s, 1, missing=no_data) for s in scores]
    hover = [
        f"{chart_text(i)} {chart_text(n)}<br>{t('indicators_count', lang)}: {count(c)}<br>{t('mean_computed_score', lang)}: {s}"
        for i, n, c, s in zip(tree["id"], names, tree["indicator_count"], score_text)
    ]
    fig = go.Figure(
        go.Treemap(
            ids=tree["id"],
            parents=tree["parent"],
            labels=labels,
            values=tree["indicator_count"],
            branchvalues="total",
            customdata=score_text,
            texttemplate="<b>%{label}</b><br>%{customdata}",
            textfont={"size": 15, "color": [text_on(c) for c in colors]},
            marker={"colors": colors, "line": {"color": WHITE, "width": 2}},
            hovertext=hover,
            hoverinfo="text",
            maxdepth=2,
            tiling={"pad": 2},
            pathbar={"visible": True, "textfont": {"size": 13}},
            root={"color": WHITE},
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
                "colorbar": {
                    "title": {"text": t("mean_computed_score", lang), "side": "right"},
                    "thickness": 12,
                    "tickvals": [0, 40, 80, 100],
                },
            },
        )
    )
    legend_swatch(fig, no_data, NO_DATA_COLOR)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig = styled(fig, title, height=560)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        uniformtext={"minsize": 12, "mode": "hide"},
        margin={"t": 70 if title else 30, "r": 10},
    )
    return fig
