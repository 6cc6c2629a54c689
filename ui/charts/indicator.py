"""Charts of the indicator page: plan (or cap, or target) against actual, and BMA's recorded
evaluation against the computed score. Data in, plotly figure out; no Streamlit, no
arithmetic on the data.

User text (the unit as written) is HTML-escaped before it goes into hover text, because plotly
renders a few tags there."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from kpi_model.columns import column_label
from kpi_model.i18n import recorded_status_label, status_label, t
from ui.format import DASH, is_missing, number, percent
from ui.theme import (
    ACTUAL_COLOR,
    NO_DATA_COLOR,
    PLAN_COLOR,
    RECORDED_COLORS,
    RECORDED_PATTERN,
    STATUS_COLORS,
    STATUS_ORDER,
    TARGET_COLOR,
    TEXT_COLOR,
    legend_swatch,
    styled,
)

__all__ = ["computed_vs_recorded", "plan_vs_actual_curve"]


def _quarters(lang: str) -> list[str]:
    """The four quarter labels of the x axis: 'ไตรมาส 1' … in Thai, 'Q1' … in English."""
    return [t("quarter_short", lang, q=q) for q in (1, 2, 3, 4)]


def _bar_label(value: float | None) -> str:
    """A score on its bar: one decimal at most (``85.5``, ``100``); nothing on a missing bar."""
    return number(value, 1, trim=True, missing="")


def _q(quarter: object, lang: str) -> str:
    return t("quarter_short", lang, q=int(quarter))  # type: ignore[call-overload]


def _no_data_marks(fig: go.Figure, quarters: list[str], lang: str) -> None:
    """Words, not a point at 0, where a quarter has nothing to draw."""
    for q in quarters:
        fig.add_annotation(
            x=q,
            y=0,
            yref="paper",
            yanchor="bottom",
            text=status_label("no_data", lang),
            showarrow=False,
            font={"color": TEXT_COLOR, "size": 12},
            bgcolor=NO_DATA_COLOR,
            opacity=0.9,
        )


def plan_vs_actual_curve(
    chart, lang: str, unit_th: str | None, *, plan_assumed: bool, title: str | None = None, status_key: bool = True
) -> go.Figure:
    """The chart of :class:`kpi_model.views.PlanChart` ``chart``, by how the KPI is judged:

    * ``share``: cumulative plan against progress, both fractions of the annual target, the
      target at 100 %;
    * ``cap`` (lower is better): the cumulative result against the cap so far, in the unit,
      the annual cap as a line;
    * ``target`` (a rate): each quarter's result against the flat target, in the unit.

    Result markers are coloured by computed status (legend entries for each, no data
    included); a quarter without a usable result says so in words and draws no point; a
    dotted projection runs from the latest reported quarter to Q4 where the view gives one."""
    unit = escape(unit_th or "")
    frame = chart.frame
    x = [_q(q, lang) for q in frame["quarter"]]
    share = chart.mode == "share"
    fmt = percent if share else (lambda v: f"{number(v)} {unit}".strip())
    if chart.mode == "share":
        ref_name = t("plan", lang) + (f" ({t('assumed_plan_short', lang)})" if plan_assumed else "")
        line_name = t("target_line", lang)
    elif chart.mode == "cap":
        ref_name = t("cap_so_far", lang) + (f" ({t('assumed_plan_short', lang)})" if plan_assumed else "")
        line_name = t("annual_cap", lang, value=f"{number(chart.line)} {unit}".strip())
    else:
        ref_name = t("target_flat", lang, value=f"{number(chart.line)} {unit}".strip())
        line_name = None
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=frame["reference"],
            name=ref_name,
            mode="lines+markers",
            line={"color": PLAN_COLOR, "dash": "dash" if plan_assumed or chart.mode == "target" else "solid"},
            hovertext=[f"{q}<br>{ref_name}: {fmt(v)}" for q, v in zip(x, frame["reference"])],
            hoverinfo="text",
        )
    )
    statuses = [s if isinstance(s, str) else "no_data" for s in frame["status"]]
    actual_name = t("actual", lang) if share else t("result_in_unit", lang, unit=unit or DASH)
    fig.add_trace(
        go.Scatter(  # its legend entry below: the markers take the status colours
            x=x,
            y=frame["value"],
            name=actual_name,
            mode="lines+markers",
            showlegend=False,
            line={"color": ACTUAL_COLOR, "width": 3},
            marker={
                "size": 12,
                "color": [STATUS_COLORS[s] for s in statuses],
                "line": {"color": ACTUAL_COLOR, "width": 1},
            },
            hovertext=[
                f"{q}<br>{t('actual', lang)}: {number(a)} {unit} ({t('as_recorded', lang)})"
                + (f"<br>{t('progress', lang)}: {percent(v)}" if share else "")
                + f"<br>{t('computed_status', lang)}: {status_label(s, lang)}"
                for q, a, v, s in zip(x, frame["actual"], frame["value"], statuses)
            ],
            hoverinfo="text",
        )
    )
    if chart.projection_from is not None and chart.projection_to is not None:
        reported = [q for q, ok in zip(x, frame["is_reported"]) if ok]
        fig.add_trace(
            go.Scatter(
                x=[reported[-1], _q(4, lang)],
                y=[chart.projection_from, chart.projection_to],
                name=t("projection", lang),
                mode="lines+markers",
                line={"color": ACTUAL_COLOR, "dash": "dot"},
                marker={"symbol": "circle-open"},
                hovertext=["", f"{t('projection', lang)}: {fmt(chart.projection_to)}"],
                hoverinfo="text",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            name=actual_name,
            mode="lines+markers",
            hoverinfo="skip",
            line={"color": ACTUAL_COLOR, "width": 3},
            marker={"color": ACTUAL_COLOR, "size": 10},
        )
    )
    for status in STATUS_ORDER if status_key else ():  # without: the page's one legend says them
        legend_swatch(fig, status_label(status, lang), STATUS_COLORS[status], symbol="circle")
    _no_data_marks(fig, [q for q, v in zip(x, frame["value"]) if is_missing(v)], lang)
    if chart.line is not None and line_name is not None:
        fig.add_hline(
            y=chart.line,
            line={"color": TARGET_COLOR, "dash": "dot", "width": 1},
            annotation_text=line_name,
            annotation_position="top left",
        )
    if share:
        fig.update_yaxes(tickformat=".0%", rangemode="tozero", title=t("share_of_target", lang))
    else:
        fig.update_yaxes(rangemode="tozero", title=unit or None)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=_quarters(lang))
    fig = styled(fig, title, height=440)
    fig.update_layout(margin={"t": 120 if title else 90})
    return fig


def computed_vs_recorded(
    quarters: pd.DataFrame, lang: str, title: str | None = None, status_key: bool = True
) -> go.Figure:
    """Grouped bars per quarter: BMA's recorded evaluation score first (hatched, coloured by
    its band), the computed score (0–100, coloured by computed status) beside it. A quarter
    with nothing to draw says why in words: not yet evaluated, nothing recorded, no data."""
    x = [_q(q, lang) for q in quarters["quarter"]]
    statuses = [s if isinstance(s, str) else "no_data" for s in quarters["status"]]
    bands = [b if isinstance(b, str) else None for b in quarters["recorded_status"]]
    computed = column_label("score_100", lang)
    recorded = t("recorded_by_dimension", lang)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            name=recorded,
            x=x,
            y=quarters["recorded_score"],
            offsetgroup="recorded",
            showlegend=False,
            marker={
                "color": [RECORDED_COLORS[b or "none"] for b in bands],
                "pattern": {"shape": RECORDED_PATTERN, "fgcolor": "white", "solidity": 0.25, "fillmode": "overlay"},
            },
            text=[_bar_label(v) for v in quarters["recorded_score"]],
            textposition="outside",
            hovertext=[
                f"{q}<br>{recorded}: {recorded_status_label(b, lang) if is_missing(v) else number(v)}"
                f"<br>{recorded_status_label(b, lang)}"
                for q, v, b in zip(x, quarters["recorded_score"], bands)
            ],
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Bar(
            name=computed,
            x=x,
            y=quarters["score_100"],
            offsetgroup="computed",
            showlegend=False,
            marker_color=[STATUS_COLORS[s] for s in statuses],
            text=[_bar_label(v) for v in quarters["score_100"]],
            textposition="outside",
            hovertext=[
                f"{q}<br>{computed}: {number(v)}<br>{t('computed_status', lang)}: {status_label(s, lang)}"
                for q, v, s in zip(x, quarters["score_100"], statuses)
            ],
            hoverinfo="text",
        )
    )
    # Where a bar is missing, the reason in words at the foot of its slot (never a bar at 0).
    for q, v, b in zip(x, quarters["recorded_score"], bands):
        if is_missing(v):
            fig.add_annotation(
                x=q,
                y=0,
                yref="paper",
                yanchor="bottom",
                xshift=-22,
                showarrow=False,
                text=recorded_status_label(b, lang),
                textangle=-90,
                font={"size": 11, "color": "#555555"},
            )
    for q, v in zip(x, quarters["score_100"]):
        if is_missing(v):
            fig.add_annotation(
                x=q,
                y=0,
                yref="paper",
                yanchor="bottom",
                xshift=22,
                showarrow=False,
                text=status_label("no_data", lang),
                textangle=-90,
                font={"size": 11, "color": TEXT_COLOR},
                bgcolor=NO_DATA_COLOR,
            )
    # The legend says which bar is which (hatched = BMA's, solid = computed) and what each colour means.
    for name, pattern, group in ((recorded, RECORDED_PATTERN, "recorded"), (computed, "", "computed")):
        fig.add_trace(
            go.Bar(
                x=[None],
                y=[None],
                name=name,
                hoverinfo="skip",
                offsetgroup=group,
                marker={
                    "color": "#8C8C8C",
                    "pattern": {"shape": pattern, "fgcolor": "white", "solidity": 0.25, "fillmode": "overlay"},
                },
            )
        )
    for status in STATUS_ORDER if status_key else ():  # without: the page's one legend says them
        legend_swatch(fig, status_label(status, lang), STATUS_COLORS[status])
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 118], title=t("score_100", lang))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=_quarters(lang))
    return styled(fig, title, height=400)
