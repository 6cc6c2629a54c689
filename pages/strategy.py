"""Strategy: drill down the BMA 20-year plan (dimension → issue → goal → measure → indicators).

The branch lives in the URL (``strategy``); breadcrumbs go back up, a click on a child row goes
one level down, a click on an indicator opens the indicator page. For the chosen branch: the
period's headline, plan against actual per quarter of the year, its children's rollups and its
indicators. Everything shown comes from :mod:`kpi_model.views` through :func:`ui.data.load`."""

from __future__ import annotations

from ui.router import page_entry

page_entry()  # a deep link opened first runs the whole frame (sidebar, router), not this file alone


import streamlit as st

from kpi_model import views
from kpi_model.brief import pack_request
from kpi_model.columns import STRATEGY_TABLE, column_label
from kpi_model.filters import Filters
from kpi_model.i18n import fy_label, name_of, period_label, t
from kpi_model.labels import recorded_line, recorded_summary
from kpi_model.views import tree_order
from ui import data, glance, url, widgets
from ui.charts.strategy import branch_quarters, children_plan_vs_actual, children_recorded, children_status, short_label
from ui.format import DASH, md
from ui.tables import COUNT, PERCENT, SCORE, coloured, dataframe, indicator_table

TABLE_LIMIT = 1_000  # indicator rows drawn; a dimension of a large store holds hundreds of thousands
ROOT = "all"  # the option above the seven dimensions (same value as the agencies page's filter)

lang = st.session_state.get("lang", "th")
st.title(t("strategy_title", lang))
widgets.synthetic_banner(lang)
fy, quarter = widgets.period_or_stop(lang)


def plan_note(filters: Filters) -> None:
    """Say when (and how much of) the plan behind a chart or table is assumed."""
    counts = data.load(views.plan_source_counts, filters)
    if not counts.assumed:
        return
    if counts.recorded:
        st.caption(
            f"{t('strategy_plan_mixed', lang, assumed=counts.assumed, total=counts.total)} · "
            f"{t('assumed_plan_note', lang)}"
        )
    else:
        st.caption(t("assumed_plan_note", lang))


# ---- the branch (in the URL) -------------------------------------------------------------
strategies = data.load(views.strategies)
names = {
    c: name_of(th, en, lang)
    for c, th, en in zip(strategies["strategy_code"], strategies["name_th"], strategies["name_en"])
}
choice = url.synced(  # ?strategy=7.3 (the code, whatever the language)
    st.selectbox,
    t("strategy_branch", lang),
    [ROOT, *sorted(names, key=tree_order)],
    key="strategy",
    default=ROOT,
    format_func=lambda c: t("whole_city", lang) if c == ROOT else f"{c} {names.get(c, '')}".strip(),
)
code = None if choice in (None, ROOT) else str(choice)
node = data.load(views.strategy_node, code)
if node is None:  # a code the store no longer holds: show the whole plan
    code, node = None, data.load(views.plan_root)
branch_name = t("whole_city", lang) if code is None else f"{code} {name_of(node.name_th, node.name_en, lang)}"


def go_to(target: str) -> None:
    st.session_state["strategy"] = target


crumbs = [(ROOT, t("whole_city", lang))] + [(c, short_label(c, name_of(th, en, lang))) for c, th, en in node.path]
with st.container(horizontal=True, gap="small", vertical_alignment="center", key="strategy_breadcrumbs"):
    st.caption(t("breadcrumbs", lang) + ":", width="content")
    for i, (target, label) in enumerate(crumbs):
        if i:
            st.caption("›", width="content")
        here = i == len(crumbs) - 1
        st.button(
            md(label),
            key=f"strategy_crumb_{i}",
            type="tertiary",
            disabled=here,
            width="content",
            on_click=go_to,
            args=(target,),
            help=None if here else t("strategy_up_to", lang, name=md(label)),
        )

st.subheader(md(branch_name))
st.caption(f"{t(f'strategy_level_{node.depth}', lang)} · {period_label(fy, quarter, lang)}")

branch = Filters(strategy=code)
period_filters = Filters(strategy=code, fiscal_years=(fy,), quarters=(quarter,))
widgets.brief_download(pack_request(period_filters), lang, key="strategy_brief")

# ---- the first screen: how is this branch doing, and where is it behind? (issue 25) ---------
head = data.load(views.headline, fy, quarter, filters=branch)
cur = head.current
recorded_in_one = None
if cur is None:
    st.info(t("strategy_no_indicators", lang), icon=":material/info:")
else:
    basis = data.load(views.verdict_basis, fy, quarter, filters=branch)
    glance.first_screen(
        head,
        data.load(views.glance, fy, quarter, filters=branch, level=min(node.depth + 1, 4)),
        basis,
        data.load(views.agencies_behind, fy, quarter, filters=branch, limit=10),
        lang,
        worst_label=f"worst_depth_{min(node.depth + 1, 4)}",
        caption=False,
    )
    rec = basis.recorded
    recorded_in_one = recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang)
widgets.thresholds(lang, recorded=bool(node.children) and recorded_in_one is None)

# ---- plan against actual, quarter by quarter ---------------------------------------------
quarters = data.load(views.branch_by_quarter, code, fy)
if len(quarters):
    widgets.chart(
        "strategy_quarters",
        branch_quarters,
        quarters,
        lang,
        t("strategy_quarters_title", lang, fy=fy_label(fy, lang)),
        current_quarter=quarter,
    )
    plan_note(Filters(strategy=code, fiscal_years=(fy,)))

# ---- the level below -------------------------------------------------------------------------
if node.children:
    level = t(f"strategy_depth_{node.depth + 1}", lang)
    period = period_label(fy, quarter, lang)
    kids = data.load(views.branch_children, code, fy, quarter)
    kids = kids.assign(
        label=[  # the whole name: the charts cut it on the axis and show it whole on hover
            f"{c} {name_of(th, en, lang)}" for c, th, en in zip(kids["strategy_code"], kids["name_th"], kids["name_en"])
        ]
    )
    st.subheader(t("strategy_children_table", lang, level=level, branch=md(branch_name), n=len(kids)))
    st.caption(period)
    if recorded_in_one is None:
        left, right = st.columns(2)
        with left:  # BMA's recorded evaluation first, the computed status beside it
            widgets.chart(
                "strategy_children_recorded",
                children_recorded,
                kids,
                "label",
                lang,
                t("recorded_by_dimension", lang),
                legend=False,
            )
        with right:
            widgets.chart(
                "strategy_children_status",
                children_status,
                kids,
                "label",
                lang,
                t("computed_by_dimension", lang),
                legend=False,
            )
    else:  # BMA's evaluation says one thing for the whole branch: a sentence, not a chart of it
        st.caption(t("recorded_chart_skipped", lang))
        widgets.chart(
            "strategy_children_status",
            children_status,
            kids,
            "label",
            lang,
            t("computed_by_dimension", lang),
            legend=False,
        )
    widgets.chart("strategy_children_plan", children_plan_vs_actual, kids, "label", lang, t("target_vs_actual", lang))
    plan_note(period_filters)
    st.caption(t("strategy_children_hint", lang))
    table_key = f"strategy_children_{code or ROOT}"
    worst = data.load(views.branch_children, code, fy, quarter, worst_first=True)  # the table: worst first
    child_codes = list(worst["strategy_code"])

    def drill_down() -> None:
        rows = st.session_state[table_key].selection.rows
        if rows:
            st.session_state["strategy"] = child_codes[rows[0]]

    shown = worst.assign(
        name=[name_of(th, en, lang) for th, en in zip(worst["name_th"], worst["name_en"])],
        recorded=recorded_summary(worst, lang),
    )
    child_details = widgets.details_toggle(lang, f"strategy_children_details_{code or ROOT}")
    child_columns = {
        "mean_score_100": column_label("mean_score_100", lang),
        "share_behind": column_label("share_behind", lang),
        "recorded": column_label("recorded", lang),
        "name": t("strategy_name", lang),
        "strategy_code": column_label("strategy_code", lang),
        "indicator_count": column_label("indicator_count", lang),
    }
    if child_details:
        child_columns |= {
            "mean_plan": t("strategy_mean_plan", lang),
            "mean_progress": t("strategy_mean_progress", lang),
        } | {c: column_label(c, lang) for c in ("share_met", "share_on_track", "share_no_data")}
    dataframe(
        coloured(
            shown[list(child_columns)],
            {"indicator_count": COUNT, "mean_score_100": SCORE}
            | dict.fromkeys(
                ("mean_plan", "mean_progress", "share_met", "share_on_track", "share_behind", "share_no_data"), PERCENT
            ),
            scores=["mean_score_100"],
        ),
        hide_index=True,
        key=table_key,
        on_select=drill_down,
        selection_mode="single-row",
        placeholder=DASH,
        column_config={
            c: st.column_config.Column(label, width="large" if c in ("name", "recorded") else None)
            for c, label in child_columns.items()
        },
    )

# ---- the branch's indicators for the period ------------------------------------------------
rows = data.load(views.branch_indicators, code, fy, quarter, limit=TABLE_LIMIT)
total = data.load(views.row_count, period_filters)
st.subheader(t("strategy_all_indicators", lang, branch=md(branch_name), n=total))
if not widgets.empty(rows, lang, "strategy_no_indicators"):
    if total > len(rows):
        st.caption(t("strategy_rows_capped", lang, shown=len(rows), n=total))
    plan_note(period_filters)
    st.caption(t("select_row_hint", lang))
    details = widgets.details_toggle(lang, "strategy_indicators_details")
    event = indicator_table(rows, STRATEGY_TABLE, lang, details=details, key="strategy_indicators")
    picked = event.selection.rows if event is not None else []
    if picked:
        st.switch_page(
            "pages/indicator.py", query_params=url.link_params(code=str(rows["indicator_code"].iloc[picked[0]]), fy=fy)
        )
