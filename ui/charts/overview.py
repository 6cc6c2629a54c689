"""Charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kpi_model.i18n import name_of, period_label, status_label, t
from ui.format import chart_text, count, cut, is_missing, number, percent
from ui.theme import (
    ACTUAL_COLOR,
    MUTED_TEXT,
    NO_DATA_COLOR,
    SCORE_AXIS_TICKS,
    SCORE_SCALE,
    SCORE_TICKS,
    STATUS_COLORS,
    WHITE,
    legend_swatch,
    score_colors,
    styled,
    text_on,
)

__all__ = ["strategy_map", "tile_label", "trend_lines"]

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
                    "tickvals": SCORE_TICKS,
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


def trend_lines(trend: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """The trend of :func:`kpi_model.views.quarter_trend`: the mean score (0–100, top) and the
    share behind (bottom), quarter by quarter, computed as a solid line and BMA's recorded
    evaluation as a dashed one beside it. Each line is named at its last point, in words (no
    legend: the page's one legend is the status legend). A quarter without a figure is a gap,
    never a 0; every point's hover says how many indicators it counts."""
    ticks = [t("trend_tick", lang, q=int(q), fy=int(fy)) for fy, q in zip(trend["fiscal_year"], trend["quarter"])]
    periods = [period_label(int(fy), int(q), lang) for fy, q in zip(trend["fiscal_year"], trend["quarter"])]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=(t("trend_score", lang), t("trend_behind", lang)),
    )
    panels = (
        (1, "mean_score_100", "recorded_mean_score", ACTUAL_COLOR, lambda v: number(v, 1)),
        (2, "share_behind", "recorded_share_behind", STATUS_COLORS["behind"], lambda v: percent(v, 0)),
    )
    for row, computed, recorded, color, shown in panels:
        ends: list[tuple[str, str, tuple[str, float] | None]] = []
        for column, key, count_column, dash in (
            (computed, "computed", "indicator_count", "solid"),
            (recorded, "recorded", "evaluated", "dash"),
        ):
            values = list(trend[column])
            hover = [
                t(f"trend_hover_{key}", lang, period=p, value=shown(v), n=int(n))
                for p, v, n in zip(periods, values, trend[count_column])
            ]
            y = [None if is_missing(v) else float(v) for v in values]
            fig.add_trace(
                go.Scatter(
                    x=ticks,
                    y=y,
                    mode="lines+markers",
                    line={"color": color, "width": 3 if key == "computed" else 2, "dash": dash},
                    marker={
                        "size": 7 if key == "computed" else 6,
                        "color": color if key == "computed" else WHITE,
                        "line": {"color": color, "width": 2},
                    },
                    name=t(f"trend_{key}", lang),
                    hovertext=hover,
                    hoverinfo="text",
                    showlegend=False,
                    connectgaps=False,
                ),
                row=row,
                col=1,
            )
            ends.append((key, color, _last(ticks, y)))
        _name_line_ends(fig, ends, lang, row)
    fig = styled(fig, title, height=460)
    fig.update_yaxes(range=[0, 100], tickvals=SCORE_AXIS_TICKS, row=1, col=1)
    fig.update_yaxes(range=[0, 1], tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1], row=2, col=1)
    fig.update_xaxes(type="category", tickfont={"size": 11})
    fig.update_layout(margin={"r": 80, "t": 50 if title else 30})
    fig.update_annotations(font_color=fig.layout.font.color, selector={"text": t("trend_score", lang)})
    return fig


def _last(ticks: list[str], y: list[float | None]) -> tuple[str, float] | None:
    """The last drawn point of a line: (its quarter's tick, its value); None if it has none."""
    drawn = [(x, v) for x, v in zip(ticks, y) if v is not None]
    return drawn[-1] if drawn else None


def _name_line_ends(fig: go.Figure, ends: list[tuple[str, str, tuple[str, float] | None]], lang: str, row: int) -> None:
    """Each line's name beside its last point, the higher line's above it and the lower's
    below, so two names that end close together do not run into each other."""
    drawn = [(key, color, end) for key, color, end in ends if end is not None]
    for key, color, (x, value) in drawn:
        others = [end[1] for k, _, end in drawn if k != key]
        above = not others or value > others[0] or (value == others[0] and key == "computed")
        fig.add_annotation(
            x=x,
            y=value,
            text=t(f"trend_{key}", lang),
            showarrow=False,
            xanchor="left",
            xshift=6,
            yshift=11 if above else -11,
            font={"size": 12, "color": color if key == "computed" else MUTED_TEXT},
            row=row,
            col=1,
        )
