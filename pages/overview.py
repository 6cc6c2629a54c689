"""Overview: how the BMA strategy is doing in the chosen fiscal year and quarter."""

from __future__ import annotations

import streamlit as st

from kpi_model.i18n import column_label, name_of, period_label, t
from ui import data, widgets
from ui.charts import plan_vs_actual_bars, status_stack
from ui.charts.overview import agencies_behind, strategy_sunburst
from ui.router import page_entry

page_entry()

lang = st.session_state.get("lang", "th")
st.title(t("overview_title", lang))
widgets.synthetic_banner(lang)
period = widgets.period_or_stop(lang)
fy, quarter = period
st.caption(period_label(fy, quarter, lang))

head = data.load("headline", fy, quarter)
if head.current is None:
    st.info(t("no_data", lang), icon=":material/info:")
    st.stop()


points, share_points = widgets.points, widgets.share_points
widgets.headline_metrics(head, lang)
st.caption(f"{t('vs_last_year', lang)}: {t('mean_score', lang)} {points(head.score_vs_last_year) or '—'} · "
           f"{t('share_met', lang)} {share_points(head.met_vs_last_year) or '—'} · "
           f"{t('share_behind', lang)} {share_points(head.behind_vs_last_year) or '—'}")

dims = data.load("by_dimension", fy, quarter)
dims["label"] = [f"{c} {name_of(th, en, lang)}" for c, th, en in zip(dims["strategy_code"], dims["name_th"], dims["name_en"])]
left, right = st.columns(2)
with left:
    st.plotly_chart(plan_vs_actual_bars(dims, "label", lang, t("target_vs_actual", lang)),
                    key="overview_dimensions", config={"displaylogo": False})
with right:
    st.plotly_chart(status_stack(dims, "label", lang, t("status_share", lang)), key="overview_status",
                    config={"displaylogo": False})

tree = data.load("strategy_tree", fy, quarter)
st.plotly_chart(strategy_sunburst(tree, lang, t("strategy_map", lang)), key="overview_tree",
                config={"displaylogo": False})

left, right = st.columns(2)
with left:
    st.subheader(t("agencies_behind", lang))
    behind = data.load("agencies_ranked", fy, quarter, limit=10)
    if not widgets.empty(behind, lang):
        st.plotly_chart(agencies_behind(behind, lang), key="overview_agencies", config={"displaylogo": False})
with right:
    st.subheader(t("movers", lang))
    risers, fallers = data.load("movers", fy, quarter, limit=5)
    for title, frame, key in ((t("movers_up", lang), risers, "risers"), (t("movers_down", lang), fallers, "fallers")):
        st.markdown(f"**{title}**")
        if widgets.empty(frame, lang):
            continue
        shown = frame.assign(name=[name_of(th, en, lang) for th, en in zip(frame["name_th"], frame["name_en"])])
        st.dataframe(
            shown[["indicator_code", "name", "agency_code", "score_prev", "score_now", "change"]],
            hide_index=True, key=f"overview_{key}",
            column_config={c: st.column_config.Column(column_label(c, lang)) for c in ("indicator_code", "name", "agency_code")}
            | {c: st.column_config.NumberColumn(column_label(c, lang), format="%.1f") for c in ("score_prev", "score_now", "change")})
