"""Overview: how the BMA strategy is doing in the chosen fiscal year and quarter.

BMA's recorded evaluation comes first, the computed status beside it with what it counts and
the plan it was measured against; the thresholds are said once, in words (DESIGN §6)."""

from __future__ import annotations

import streamlit as st

from kpi_model.explain import behind_limit, recorded_summary
from kpi_model.i18n import agency_label, column_label, name_of, period_label, t
from ui import data, widgets
from ui.charts import plan_vs_actual_bars, recorded_stack, status_stack
from ui.charts.overview import strategy_sunburst
from ui.format import DASH, change, count, share_change
from ui.router import page_entry
from ui.theme import STATUS_COLORS

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


basis = data.load("verdict_basis", fy, quarter)
widgets.headline_metrics(head, lang, basis)
st.caption(
    f"{t('vs_last_year', lang)}: {t('mean_score', lang)} {change(head.score_vs_last_year) or DASH} · "
    f"{t('share_met', lang)} {share_change(head.met_vs_last_year) or DASH} · "
    f"{t('share_behind', lang)} {share_change(head.behind_vs_last_year) or DASH}"
)
widgets.thresholds(lang)

# ---- by dimension: BMA's recorded evaluation first, the computed status beside it -----------
dims = data.load("by_dimension", fy, quarter)
dims["label"] = [
    f"{c} {name_of(th, en, lang)}" for c, th, en in zip(dims["strategy_code"], dims["name_th"], dims["name_en"])
]
recorded = data.load("recorded_by_dimension", fy, quarter)
recorded["label"] = [
    f"{c} {name_of(th, en, lang)}"
    for c, th, en in zip(recorded["strategy_code"], recorded["name_th"], recorded["name_en"])
]
left, right = st.columns(2)
with left:
    st.plotly_chart(
        recorded_stack(recorded, "label", lang, t("recorded_by_dimension", lang)),
        key="overview_recorded",
        config={"displaylogo": False},
    )
with right:
    st.plotly_chart(
        status_stack(dims, "label", lang, t("computed_by_dimension", lang)),
        key="overview_status",
        config={"displaylogo": False},
    )

left, right = st.columns(2)
with left:
    st.plotly_chart(
        plan_vs_actual_bars(dims, "label", lang, t("target_vs_actual", lang)),
        key="overview_dimensions",
        config={"displaylogo": False},
    )
with right:
    tree = data.load("strategy_tree", fy, quarter)
    st.plotly_chart(
        strategy_sunburst(tree, lang, t("strategy_map", lang)), key="overview_tree", config={"displaylogo": False}
    )

# ---- who is behind, what moved ---------------------------------------------------------------
limit = behind_limit()
st.subheader(t("agencies_behind", lang))
behind = data.load("agencies_behind", fy, quarter, limit=10)
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
        )[["agency", "recorded", "mean_score_100", "behind_of"]],
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

st.subheader(t("movers", lang))
risers, fallers = data.load("movers", fy, quarter, limit=5)
left, right = st.columns(2)
for column, title, frame, key in (
    (left, t("movers_up", lang), risers, "risers"),
    (right, t("movers_down", lang), fallers, "fallers"),
):
    with column:
        st.markdown(f"**{title}**")
        if widgets.empty(frame, lang):
            continue
        shown = frame.assign(name=[name_of(th, en, lang) for th, en in zip(frame["name_th"], frame["name_en"])])
        st.dataframe(
            shown[["indicator_code", "name", "agency_code", "score_prev", "score_now", "change"]],
            hide_index=True,
            key=f"overview_{key}",
            column_config={
                c: st.column_config.Column(column_label(c, lang)) for c in ("indicator_code", "name", "agency_code")
            }
            | {
                c: st.column_config.NumberColumn(column_label(c, lang), format="%.1f")
                for c in ("score_prev", "score_now", "change")
            },
        )
