"""Charts of the agencies & quarters page. Data in, plotly figure out; no arithmetic on data."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.fiscal import be_to_ce
from kpi_model.i18n import name_of, period_label, status_label, t
from ui.charts import axis_labels
from ui.format import DASH, as_float, as_int, count, is_missing, number
from ui.theme import NO_DATA_COLOR, SCORE_SCALE, STATUS_ORDER, legend_swatch, styled

__all__ = [
    "ROW_HEIGHT",
    "agency_quarter_heatmap",
]

ROW_HEIGHT = 26  # pixels per agency row, so many agencies stay readable


def agency_quarter_heatmap(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Agencies (rows, in code order) × fiscal-year quarters (columns, oldest first), coloured by
    mean computed score on the shared 0–100 scale. ``frame`` is
    :func:`kpi_model.views.agency_quarter_scores`. Hover: agency, period, exact mean score,
    indicator count and the count per status. A cell without a score is drawn in the no-data
    colour (a second trace under the scores, with its own legend entry), never as 0."""
    periods = sorted({(int(y), int(q)) for y, q in zip(frame["fiscal_year"], frame["quarter"])})
    codes = sorted(set(frame["agency_code"]))
    names = {
        c: name_of(th, en, lang)  # fillna: a NaN name is truthy and would show as 'nan'
        for c, th, en in zip(frame["agency_code"], frame["name_th"].fillna(""), frame["name_en"].fillna(""))
    }
    x_labels = [t("period_short", lang, fy=fy, q=q, ce=be_to_ce(fy)) for fy, q in periods]
    y_labels, full_labels = axis_labels([c if names[c] in (DASH, c) else f"{c} {names[c]}" for c in codes])
    cells = {(str(r.agency_code), as_int(r.fiscal_year), as_int(r.quarter)): r for r in frame.itertuples(index=False)}

    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for code, label in zip(codes, full_labels):
        z_row, text_row, hover_row = [], [], []
        for fy, q in periods:
            r = cells.get((code, fy, q))
            score = None if r is None or is_missing(r.mean_score_100) else as_float(r.mean_score_100)
            z_row.append(score)
            text_row.append(number(score, 0, missing=""))
            if r is None:
                hover_row.append(f"{label}<br>{period_label(fy, q, lang)}<br>{t('indicators_count', lang)}: 0")
                continue
            counts = "<br>".join(f"{status_label(s, lang)}: {count(getattr(r, s))}" for s in STATUS_ORDER)
            hover_row.append(
                f"<b>{label}</b><br>{period_label(fy, q, lang)}<br>"
                f"{t('mean_score', lang)}: {number(r.mean_score_100, 1)}<br>"
                f"{t('indicators_count', lang)}: {count(r.indicator_count)}<br>{counts}"
            )
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)

    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x_labels,
            y=y_labels,
            zmin=0,
            zmax=100,
            colorscale=SCORE_SCALE,
            xgap=2,
            ygap=2,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertext=hover,
            hoverinfo="text",
            colorbar={
                "title": {"text": t("mean_score", lang)},
                "thickness": 14,
                "lenmode": "pixels",
                "len": min(260, ROW_HEIGHT * len(codes) + 60),
                "y": 1,
                "yanchor": "top",
            },
            hoverongaps=False,
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=[[1 if v is None else None for v in row] for row in z],
            x=x_labels,
            y=y_labels,
            colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
            showscale=False,
            xgap=2,
            ygap=2,
            hovertext=hover,
            hoverinfo="text",
            hoverongaps=False,
        )
    )
    legend_swatch(fig, status_label("no_data", lang), NO_DATA_COLOR)
    fig.update_xaxes(type="category", side="top", showgrid=False, tickangle=0 if len(periods) <= 8 else -45)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, automargin=True)
    height = max(280, ROW_HEIGHT * len(codes) + 160)
    fig = styled(fig, title, height=height)
    fig.update_layout(
        margin={"t": 110 if title else 80, "b": 50},
        showlegend=True,  # the no-data key, under the grid
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "yref": "paper"},
    )
    return fig
