"""Charts of the strategy page: a branch's quarters and its children. Data in, figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import quarter_label, t
from ui.charts import BarSeries, axis_labels, plan_progress_bars, recorded_stack, status_stack
from ui.format import count, cut, number, percent
from ui.theme import ACTUAL_COLOR, PLAN_COLOR, STATUS_ORDER, TARGET_COLOR, TEXT_COLOR, styled, text_on

__all__ = ["branch_quarters", "children_plan_vs_actual", "children_recorded", "children_status", "short_label"]


def short_label(code: str, name: str, limit: int = 46) -> str:
    """'7.3 การบริหาร…': the code and the name cut to ``limit`` characters for an axis; the
    code alone when there is no name but the code itself (an unknown code: not 'X X')."""
    return cut(code if name.strip() in ("", code) else f"{code} {name}", limit)


def branch_quarters(
    frame: pd.DataFrame, lang: str, title: str | None = None, current_quarter: int | None = None
) -> go.Figure:
    """The branch's four quarters: mean plan against mean progress as grouped bars (shares of
    the annual target, left axis) and the mean score 0–100 as a line (right axis). The chosen
    quarter's tick is bold."""
    labels = [quarter_label(int(q), lang) for q in frame["quarter"]]
    ticks = [f"<b>{lbl}</b>" if int(q) == current_quarter else lbl for q, lbl in zip(frame["quarter"], labels)]
    fig = go.Figure()
    for column, name, color in (
        ("mean_plan", t("strategy_mean_plan", lang), PLAN_COLOR),
        ("mean_progress", t("strategy_mean_progress", lang), ACTUAL_COLOR),
    ):
        hover = [
            f"{lbl}<br>{name}: {percent(v)}<br>{t('indicators_count', lang)}: {count(n)}"
            for lbl, v, n in zip(labels, frame[column], frame["indicator_count"])
        ]
        fig.add_trace(
            go.Bar(
                name=name,
                x=ticks,
                y=frame[column],
                marker_color=color,
                hovertext=hover,
                hoverinfo="text",
                text=[percent(v, 0) for v in frame[column]],
                textposition="auto",
                insidetextfont={"color": text_on(color)},
                outsidetextfont={"color": TEXT_COLOR},
                cliponaxis=False,
            )
        )
    score_name = t("mean_score", lang)
    fig.add_trace(
        go.Scatter(
            name=score_name,
            x=ticks,
            y=frame["mean_score_100"],
            yaxis="y2",
            mode="lines+markers",
            line={"color": TARGET_COLOR, "width": 2, "dash": "dot"},
            marker={"size": 9, "symbol": "diamond"},
            hovertext=[f"{lbl}<br>{score_name}: {number(v, 1)}" for lbl, v in zip(labels, frame["mean_score_100"])],
            hoverinfo="text",
        )
    )
    fig.update_layout(
        barmode="group",
        yaxis={"tickformat": ".0%", "rangemode": "tozero", "title": t("strategy_axis_share", lang)},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "tickmode": "linear",
            "tick0": 0,
            "dtick": 20,
            "showgrid": False,
            "title": score_name,
        },
    )
    fig.update_xaxes(type="category")
    return _room_for_title(styled(fig, title, height=420), right=70)


def _room_for_title(fig: go.Figure, right: int = 10) -> go.Figure:
    """Title on the first line, legend on the next, so the two never overlap."""
    fig.update_layout(
        margin={"t": 96 if fig.layout.title.text else 40, "r": right},
        title={"y": 0.985, "yanchor": "top", "x": 0, "xanchor": "left"},
        legend={"y": 1.0, "yanchor": "bottom", "x": 0},
    )
    return fig


def children_plan_vs_actual(frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal grouped bars, one pair per child branch: mean plan against mean progress
    (shares of the annual target); a child without indicators shows no bars and says so on hover."""
    labels, names = axis_labels(frame[label_column])
    series = []
    for column, name, color in (
        ("mean_plan", t("strategy_mean_plan", lang), PLAN_COLOR),
        ("mean_progress", t("strategy_mean_progress", lang), ACTUAL_COLOR),
    ):
        hover = [
            f"{lbl}<br>{name}: {percent(v)}<br>{t('indicators_count', lang)}: {count(n)}"
            for lbl, v, n in zip(names, frame[column], frame["indicator_count"])
        ]
        series.append(BarSeries(name, color, frame[column], hover))
    fig = plan_progress_bars(labels, series)
    return _room_for_title(styled(fig, title, height=max(300, 56 * len(frame) + 150)))


def children_status(frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None) -> go.Figure:
    """:func:`ui.charts.status_stack` of the children; a child without indicators in the period
    (its shares are NULL in the view) draws as an empty bar (0 of each status)."""
    shares = {f"share_{s}": 0.0 for s in STATUS_ORDER}
    fig = status_stack(frame.fillna(shares).infer_objects(), label_column, lang, title)
    _say_empty(fig, frame, label_column, lang)
    fig.update_layout(height=max(300, 56 * len(frame) + 150))
    return _room_for_title(fig)


def children_recorded(frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None) -> go.Figure:
    """:func:`ui.charts.recorded_stack` of the children (BMA's recorded bands); a child
    without indicators draws an empty bar that says so."""
    fig = recorded_stack(frame, label_column, lang, title)
    _say_empty(fig, frame, label_column, lang)
    fig.update_layout(height=max(300, 56 * len(frame) + 150))
    return _room_for_title(fig)


def _say_empty(fig: go.Figure, frame: pd.DataFrame, label_column: str, lang: str) -> None:
    """'ไม่มีตัวชี้วัด' on the bar of a child that holds no indicator in the period."""
    for label, n in zip(axis_labels(frame[label_column])[0], frame["indicator_count"]):
        if not n:
            fig.add_annotation(
                x=0,
                y=label,
                xanchor="left",
                showarrow=False,
                text=t("no_indicators_here", lang),
                font={"color": TEXT_COLOR, "size": 12},
            )
