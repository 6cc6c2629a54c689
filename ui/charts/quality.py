"""Charts of the data-quality page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import flag_label, severity_label, t
from ui.format import count
from ui.theme import SEVERITY_COLORS, TEXT_COLOR, styled

__all__ = ["SEVERITY_COLORS", "flag_count_bars"]


def flag_count_bars(counts: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal bars: flags per code (``views.flag_counts``: code, severity, count), in the
    order given (most severe first, then most flags, on top), coloured by severity; the exact count on hover and on the bar."""
    labels = [flag_label(c, lang) for c in counts["code"]]
    fig = go.Figure()
    for severity, color in SEVERITY_COLORS.items():
        rows = counts["severity"] == severity
        if not rows.any():
            continue
        name = severity_label(severity, lang)
        ys = [lbl for lbl, keep in zip(labels, rows) if keep]
        ns = [int(n) for n in counts.loc[rows, "count"]]
        hover = [
            f"{y}<br>{t('severity', lang)}: {name}<br>{t('flag_count_axis', lang)}: {count(n)}" for y, n in zip(ys, ns)
        ]
        fig.add_trace(
            go.Bar(
                name=name,
                x=ns,
                y=ys,
                orientation="h",
                marker_color=color,
                hovertext=hover,
                hoverinfo="text",
                text=[count(n) for n in ns],
                textposition="outside",
                textfont={"color": TEXT_COLOR},
                textangle=0,
                cliponaxis=False,
            )
        )
    fig.update_xaxes(
        title=t("flag_count_axis", lang),
        rangemode="tozero",
        tickformat=",d",
        dtick=1 if len(counts) and counts["count"].max() <= 10 else None,
    )  # whole flags only
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_layout(barmode="overlay", showlegend=True)
    fig = styled(fig, title, height=max(220, 34 * len(counts) + 130))
    fig.update_layout(margin={"r": 60})  # room for the count beside the longest bar
    return fig
