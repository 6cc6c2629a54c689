"""Charts of the indicator page: cumulative plan against actual, and computed against recorded
scores. Data in, plotly figure out; no Streamlit, no arithmetic on the data.

User text (the unit as written) is HTML-escaped before it goes into hover text, because plotly
renders a few tags there."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from kpi_model.i18n import status_label, t
from ui.theme import ACTUAL_COLOR, PLAN_COLOR, STATUS_COLORS, TARGET_COLOR, styled

__all__ = ["plan_vs_actual_curve", "computed_vs_recorded"]


def _num(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):,.2f}"


def _num1(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):,.1f}".removesuffix(".0")


def _pct(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):.1%}"


def _q(quarter: object) -> str:
    return f"Q{int(quarter)}"


def plan_vs_actual_curve(quarters: pd.DataFrame, lang: str, unit_th: str | None, *, plan_assumed: bool,
                         latest_quarter: int | None, projection_share: float | None,
                         title: str | None = None) -> go.Figure:
    """Cumulative plan share against progress (both fractions of the annual target) for Q1–Q4,
    the annual target at 100 %, and a dotted projection from the latest reported quarter to Q4
    at ``projection_share``. Markers are coloured by status; hover shows the recorded actual in
    the indicator's unit beside the shares."""
    unit = escape(unit_th or "")
    x = [_q(q) for q in quarters["quarter"]]
    plan_name = t("plan", lang) + (f" ({t('assumed_plan_short', lang)})" if plan_assumed else "")
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=x, y=quarters["plan"], name=plan_name, mode="lines+markers",
        line={"color": PLAN_COLOR, "dash": "dash" if plan_assumed else "solid"},
        hovertext=[f"{_q(q)}<br>{plan_name}: {_pct(p)}" for q, p in zip(quarters["quarter"], quarters["plan"])],
        hoverinfo="text"))
    statuses = [s if isinstance(s, str) else "no_data" for s in quarters["status"]]
    fig.add_trace(go.Scatter(
        x=x, y=quarters["progress"], name=t("actual", lang), mode="lines+markers",
        line={"color": ACTUAL_COLOR, "width": 3},
        marker={"size": 12, "color": [STATUS_COLORS[s] for s in statuses], "line": {"color": ACTUAL_COLOR, "width": 1}},
        hovertext=[f"{_q(q)}<br>{t('actual', lang)}: {_num(a)} {unit} ({t('as_recorded', lang)})"
                   f"<br>{t('progress', lang)}: {_pct(p)}<br>{t('status', lang)}: {status_label(s, lang)}"
                   for q, a, p, s in zip(quarters["quarter"], quarters["actual"], quarters["progress"], statuses)],
        hoverinfo="text"))
    if latest_quarter is not None and projection_share is not None and latest_quarter < 4:
        start = quarters.loc[quarters["quarter"] == latest_quarter, "progress"].iloc[0]
        fig.add_trace(go.Scatter(
            x=[_q(latest_quarter), _q(4)], y=[start, projection_share], name=t("projection", lang),
            mode="lines+markers", line={"color": ACTUAL_COLOR, "dash": "dot"}, marker={"symbol": "circle-open"},
            hovertext=["", f"{t('projection', lang)}: {_pct(projection_share)}"], hoverinfo="text"))
    fig.add_hline(y=1.0, line={"color": TARGET_COLOR, "dash": "dot", "width": 1},
                  annotation_text=t("target_line", lang), annotation_position="top left")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", title=t("share_of_target", lang))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=["Q1", "Q2", "Q3", "Q4"])
    return styled(fig, title, height=400)


def computed_vs_recorded(quarters: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Grouped bars per quarter: the computed score (0–100, coloured by status) beside the
    score recorded in the source system (``recorded_score``; a gap = not yet evaluated)."""
    x = [_q(q) for q in quarters["quarter"]]
    statuses = [s if isinstance(s, str) else "no_data" for s in quarters["status"]]
    computed = t("computed_score", lang)
    recorded = t("recorded_score", lang)
    fig = go.Figure()
    fig.add_trace(go.Bar(
        name=computed, x=x, y=quarters["score_100"], marker_color=[STATUS_COLORS[s] for s in statuses],
        text=[_num1(v) for v in quarters["score_100"]], textposition="outside",
        hovertext=[f"{q}<br>{computed}: {_num(v)}<br>{t('status', lang)}: {status_label(s, lang)}"
                   for q, v, s in zip(x, quarters["score_100"], statuses)], hoverinfo="text"))
    fig.add_trace(go.Bar(
        name=recorded, x=x, y=quarters["recorded_score"], marker_color="#444444",
        marker_pattern_shape="/", text=[_num1(v) for v in quarters["recorded_score"]], textposition="outside",
        hovertext=[f"{q}<br>{recorded}: {t('not_yet_evaluated', lang) if v is None or pd.isna(v) else _num(v)}"
                   for q, v in zip(x, quarters["recorded_score"])], hoverinfo="text"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 118], title=t("score_100", lang))
    fig.update_xaxes(type="category")
    return styled(fig, title, height=380)
