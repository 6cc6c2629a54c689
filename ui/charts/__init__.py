"""Chart builders: data in, plotly figure out. No Streamlit, no arithmetic on the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import recorded_status_label, status_label, t
from ui.format import chart_text, count, cut, percent
from ui.theme import (
    ACTUAL_COLOR,
    HATCH_COLOR,
    PLAN_COLOR,
    RECORDED_COLORS,
    RECORDED_ORDER,
    RECORDED_PATTERN,
    STATUS_COLORS,
    STATUS_ORDER,
    styled,
)

__all__ = [
    "AXIS_LABEL_LIMIT",
    "SHARE_TICKS",
    "BarSeries",
    "axis_labels",
    "plan_progress_bars",
    "plan_vs_actual_bars",
    "recorded_stack",
    "status_stack",
]

AXIS_LABEL_LIMIT = 48  # characters of a name on an axis; the whole name is on hover

# A 0–100 % share axis: grid lines at quarters, numbers at 0, 50 and 100 % only, level, so
# they never run into each other on a phone.
SHARE_TICKS = {
    "range": [0, 1],
    "tickvals": [0, 0.25, 0.5, 0.75, 1],
    "ticktext": ["0%", "", "50%", "", "100%"],
    "tickangle": 0,
}


def axis_labels(values: object, limit: int = AXIS_LABEL_LIMIT) -> tuple[list[str], list[str]]:
    """Names from data as a chart's categories: (what the axis shows, what the hover shows).

    Both are escaped for plotly (:func:`ui.format.chart_text`: a name from a file is never a
    link or a style); the axis's is cut to ``limit`` characters, so one long name cannot
    squeeze the bars of every other. Two names cut to the same text stay two categories (an
    invisible zero-width space tells them apart), so no bar is drawn over another."""
    full = [chart_text(v) for v in values]  # type: ignore[attr-defined]
    shown: list[str] = []
    seen: set[str] = set()
    for value in values:  # type: ignore[attr-defined]
        label = chart_text(cut(value, limit))
        while label in seen:
            label += "\u200b"
        seen.add(label)
        shown.append(label)
    return shown, full


def status_stack(
    frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None, horizontal: bool = True
) -> go.Figure:
    """Stacked shares by status (share_met … share_no_data) per row of ``frame``."""
    fig = go.Figure()
    labels, names = axis_labels(frame[label_column])
    for status in STATUS_ORDER:
        share = frame[f"share_{status}"]
        counts = frame[status]
        name = status_label(status, lang)
        hover = [f"{lbl}<br>{name}: {percent(s)} ({count(c)})" for lbl, s, c in zip(names, share, counts)]
        kwargs = {"x": share, "y": labels, "orientation": "h"} if horizontal else {"x": labels, "y": share}
        fig.add_trace(
            go.Bar(name=name, marker_color=STATUS_COLORS[status], hovertext=hover, hoverinfo="text", **kwargs)
        )
    fig.update_layout(barmode="stack")
    if horizontal:
        fig.update_xaxes(**SHARE_TICKS)
        fig.update_yaxes(autorange="reversed", type="category")
    else:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
        fig.update_xaxes(type="category")
    return styled(fig, title, height=max(260, 40 * len(frame) + 120) if horizontal else 380)


def recorded_stack(frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None) -> go.Figure:
    """Stacked shares of BMA's recorded evaluation bands per row of ``frame`` (the ``rec_*``
    columns of :data:`kpi_model.views.RECORDED_COLUMNS`): met, on track, behind in the status
    colours; "not yet evaluated" pale and hatched; nothing recorded in the no-data colour."""
    fig = go.Figure()
    labels, names = axis_labels(frame[label_column])
    for band in RECORDED_ORDER:
        share, counts = frame[f"rec_share_{band}"], frame[f"rec_{band}"]
        name = recorded_status_label(None if band == "none" else band, lang)
        hover = [
            f"{lbl}<br>{t('recorded_by_dimension', lang)}: {name} {percent(s)} ({count(c)})"
            for lbl, s, c in zip(names, share, counts)
        ]
        marker = {"color": RECORDED_COLORS[band], "line": {"color": "#777777", "width": 0.5}}
        if band == "not_evaluated":  # hatched: neither a failure nor "no data"
            marker["pattern"] = {"shape": RECORDED_PATTERN, "fgcolor": HATCH_COLOR, "size": 8, "solidity": 0.3}
        fig.add_trace(
            go.Bar(
                name=name,
                x=share,
                y=labels,
                orientation="h",
                marker=marker,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(**SHARE_TICKS)
    fig.update_yaxes(autorange="reversed", type="category")
    return styled(fig, title, height=max(260, 40 * len(frame) + 120))


def plan_vs_actual_bars(frame: pd.DataFrame, label_column: str, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal grouped bars of mean_plan against mean_progress (shares of the annual
    target), one pair per row of ``frame`` (long Thai names read best on the side)."""
    labels, names = axis_labels(frame[label_column])
    series = []
    for column, key, color in (("mean_plan", "plan", PLAN_COLOR), ("mean_progress", "actual", ACTUAL_COLOR)):
        name = t(key, lang)
        hover = [f"{lbl}<br>{name}: {percent(v)}" for lbl, v in zip(names, frame[column])]
        series.append(BarSeries(name, color, frame[column], hover))
    return styled(plan_progress_bars(labels, series), title, height=max(300, 46 * len(frame) + 140))


@dataclass(frozen=True)
class BarSeries:
    """One colour of a grouped bar chart: its legend name, colour, values and hover texts."""

    name: str
    color: str
    values: Any
    hover: list[str]


def plan_progress_bars(labels: Any, series: Sequence[BarSeries]) -> go.Figure:
    """Horizontal grouped bars, one group a row (``labels``, top to bottom), one bar a series:
    the mean plan beside the mean progress, as shares of the annual target."""
    fig = go.Figure()
    for s in series:
        fig.add_trace(
            go.Bar(
                name=s.name,
                y=labels,
                x=s.values,
                orientation="h",
                marker_color=s.color,
                hovertext=s.hover,
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%", rangemode="tozero", nticks=4, tickangle=0)
    fig.update_yaxes(type="category", autorange="reversed")
    return fig
