"""Overview: how the BMA strategy is doing in the chosen fiscal year and quarter.

The first screen answers an executive's question — how is the city doing, and where is it
behind? — on a phone as on a desktop (issue 25, :mod:`ui.glance`); then the trend of the last
eight quarters, computed beside BMA's recorded evaluation, and the detail. The page has one
legend (DESIGN §6: every status says where it comes from; the thresholds are said once)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_model import labels, views
from kpi_model.brief import pack_request
from kpi_model.columns import column_label
from kpi_model.filters import Filters
from kpi_model.i18n import agency_label, name_of, period_label, t
from kpi_model.labels import behind_limit, recorded_summary
from ui import data, followup, glance, url, widgets
from ui.charts import plan_vs_actual_bars, recorded_stack, status_stack
from ui.charts.overview import strategy_map, trend_lines
from ui.charts.strategy import short_label
from ui.format import DASH, change, count
from ui.router import page_entry
from ui.tables import SCORE, coloured, dataframe
from ui.theme import STATUS_COLORS

page_entry()

lang = st.session_state.get("lang", "th")
st.title(t("overview_title", lang))
widgets.synthetic_banner(lang)
period = widgets.period_or_stop(lang)
fy, quarter = period

head = data.load(views.headline, fy, quarter)
if head.current is None:
    st.caption(period_label(fy, quarter, lang))
    st.info(t("no_data", lang), icon=":material/info:")
    st.stop()

# ---- the first screen: what an executive came for (issue 25) --------------------------------
basis = data.load(views.verdict_basis, fy, quarter)
behind = data.load(views.agencies_behind, fy, quarter, limit=10)
glance.first_screen(head, data.load(views.glance, fy, quarter), basis, behind, lang)
widgets.brief_download(pack_request(Filters(fiscal_years=(fy,), quarters=(quarter,))), lang, key="overview_brief")
rec = basis.recorded
recorded_line = labels.recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang)
widgets.thresholds(lang, recorded=recorded_line is None)

# ---- the trend: is it getting better? ---------------------------------------------------------
st.subheader(t("trend_title", lang))
scopes = {s.key: s for s in data.load(views.trend_scopes, fy, quarter)}
scope = url.synced(
    st.selectbox,
    t("trend_of", lang),
    list(scopes),
    key="trend",
    default="city",
    format_func=lambda k: labels.trend_scope_label(
        scopes[k].kind, scopes[k].code, scopes[k].name_th, scopes[k].name_en, lang
    ),
)
chosen = scopes.get(scope or "city", scopes["city"])
trend = data.load(views.quarter_trend, fy, quarter, chosen.filters)
if int(trend["indicator_count"].sum()) == 0:
    st.info(t("trend_empty", lang), icon=":material/info:")
else:
    widgets.chart("overview_trend", trend_lines, trend, lang)
    st.caption(t("trend_note", lang))
    if int(trend["evaluated"].sum()) == 0:
        st.caption(t("trend_no_recorded", lang))

dims = data.load(views.by_dimension, fy, quarter)

# ---- by dimension: BMA's recorded evaluation first, the computed status beside it -----------
dims["label"] = [
    short_label(c, name_of(th, en, lang), limit=10_000)
    for c, th, en in zip(dims["strategy_code"], dims["name_th"], dims["name_en"])
]
if recorded_line is None:  # BMA's bands differ: its chart beside the computed one
    recorded = data.load(views.recorded_by_dimension, fy, quarter)
    recorded["label"] = [
        short_label(c, name_of(th, en, lang), limit=10_000)
        for c, th, en in zip(recorded["strategy_code"], recorded["name_th"], recorded["name_en"])
    ]
    left, right = st.columns(2)
    with left:
        widgets.chart(
            "overview_recorded",
            recorded_stack,
            recorded,
            "label",
            lang,
            t("recorded_by_dimension", lang),
            legend=False,
        )
    with right:
        widgets.chart(
            "overview_status", status_stack, dims, "label", lang, t("computed_by_dimension", lang), legend=False
        )
else:  # a chart of one band would say only that: a sentence says it
    st.caption(t("recorded_chart_skipped", lang))
    widgets.chart("overview_status", status_stack, dims, "label", lang, t("computed_by_dimension", lang), legend=False)

widgets.chart("overview_dimensions", plan_vs_actual_bars, dims, "label", lang, t("target_vs_actual", lang))
tree = data.load(views.strategy_tree, fy, quarter)
widgets.chart("overview_tree", strategy_map, tree, lang, t("strategy_map", lang), legend=False)
st.caption(t("strategy_map_click", lang))

# ---- who is behind, what moved ---------------------------------------------------------------
limit = behind_limit()
st.subheader(t("agencies_behind", lang))
if len(behind) == 0:
    st.info(t("no_agencies_behind", lang, limit=limit), icon=":material/check_circle:")
else:
    st.caption(
        t(
            "agencies_behind_note",
            lang,
            limit=limit,
            n=len(behind),
            behind=int(behind["behind_agencies"].iloc[0]),
            total=int(behind["scored_agencies"].iloc[0]),
        )
    )
    st.dataframe(
        behind.assign(
            agency=[
                agency_label(c, th, en, lang)
                for c, th, en in zip(behind["agency_code"], behind["name_th"], behind["name_en"])
            ],
            recorded=recorded_summary(behind, lang),
            behind_of=[f"{count(b)} / {count(n)}" for b, n in zip(behind["behind"], behind["indicator_count"])],
        )[["mean_score_100", "behind_of", "agency", "recorded"]],
        hide_index=True,
        key="overview_agencies_behind",
        width="stretch",
        column_config={
            "agency": st.column_config.TextColumn(column_label("agency_name", lang), width="medium"),
            "recorded": st.column_config.TextColumn(column_label("recorded", lang), width="large"),
            "mean_score_100": st.column_config.ProgressColumn(
                t("mean_computed_score", lang), format="%.1f", min_value=0, max_value=100, color=STATUS_COLORS["behind"]
            ),
            "behind_of": st.column_config.TextColumn(t("behind_count", lang)),
        },
    )

followup.overview_section(fy, quarter, lang)  # behind with no analysis or action; actions overdue

st.subheader(t("movers", lang))
st.caption(t("movers_note", lang))
risers, fallers = data.load(views.movers, fy, quarter, limit=5)
left, right = st.columns(2)
for column, title, frame, key in (
    (left, t("movers_up", lang), risers, "risers"),
    (right, t("movers_down", lang), fallers, "fallers"),
):
    with column:
        st.markdown(f"**{title}**")
        if widgets.empty(frame, lang):
            continue
        shown = frame.assign(
            name=[name_of(th, en, lang) for th, en in zip(frame["name_th"], frame["name_en"])],
            change_text=pd.Series([change(v) for v in frame["change"]], index=frame.index, dtype=object),
        )
        dataframe(  # the change and the two scores first: the numbers are what a mover is about
            coloured(
                shown[["change_text", "score_now", "score_prev", "name", "indicator_code", "agency_code"]],
                {"score_now": SCORE, "score_prev": SCORE},
            ),
            hide_index=True,
            key=f"overview_{key}",
            placeholder=DASH,
            column_config={
                "change_text": st.column_config.TextColumn(column_label("change", lang)),
                "score_now": st.column_config.Column(t("mover_now", lang), help=column_label("score_now", lang)),
                "score_prev": st.column_config.Column(t("mover_before", lang), help=column_label("score_prev", lang)),
                "name": st.column_config.TextColumn(column_label("name", lang), width="large"),
                "indicator_code": st.column_config.TextColumn(column_label("indicator_code", lang)),
                "agency_code": st.column_config.TextColumn(column_label("agency_code", lang)),
            },
        )
