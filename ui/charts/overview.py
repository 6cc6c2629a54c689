"""Charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import name_of, t
from ui.theme import SCORE_SCALE, STATUS_COLORS, styled


def strategy_sunburst(tree: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """The strategy tree sized by indicator count, coloured by mean score (0–100)."""
    labels = [f"{i} {name_of(th, en, lang)}" for i, th, en in zip(tree["id"], tree["name_th"], tree["name_en"])]
    short = [lbl if len(lbl) <= 28 else lbl[:27] + "…" for lbl in labels]
    score = tree["mean_score_100"].astype(float)
    hover = [f"{lbl}<br>{t('indicators_count', lang)}: {int(n):,}<br>{t('mean_score', lang)}: "
             f"{'—' if pd.isna(s) else f'{s:.1f}'}" for lbl, n, s in zip(labels, tree["indicator_count"], score)]
    fig = go.Figure(go.Sunburst(
        ids=tree["id"], parents=tree["parent"], labels=short, values=tree["indicator_count"],
        branchvalues="total", marker={"colors": score.fillna(0), "colorscale": SCORE_SCALE, "cmin": 0,
                                      "cmax": 100, "showscale": True,
                                      "colorbar": {"title": {"text": t("mean_score", lang)}}},
        hovertext=hover, hoverinfo="text", maxdepth=3, insidetextorientation="radial"))
    return styled(fig, title, height=520)


def agencies_behind(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal bars: mean score of the agencies furthest behind, lowest on top."""
    names = [name_of(th, en, lang) for th, en in zip(frame["name_th"], frame["name_en"])]
    hover = [f"{c} {n}<br>{t('mean_score', lang)}: {s:.1f}<br>{t('share_behind', lang)}: {b:.0%}"
             for c, n, s, b in zip(frame["agency_code"], names, frame["mean_score_100"], frame["share_behind"])]
    fig = go.Figure(go.Bar(x=frame["mean_score_100"], y=names, orientation="h",
                           marker_color=STATUS_COLORS["behind"], hovertext=hover, hoverinfo="text",
                           text=[f"{s:.1f}" for s in frame["mean_score_100"]], textposition="auto"))
    fig.update_xaxes(range=[0, 100], title=t("mean_score", lang))
    fig.update_yaxes(autorange="reversed", type="category")
    return styled(fig, title, height=max(260, 34 * len(frame) + 100))
