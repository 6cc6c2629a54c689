"""Agencies & quarters: filter by agency, fiscal year, quarter, strategy branch, type and status;
read the indicator-quarter rows, open one indicator, and download exactly the filtered rows.

One :class:`~kpi_model.store.Filters` built from the widgets feeds everything on the page: the
table, the counts, the heatmap and the downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_model import views
from kpi_model.brief import pack_request
from kpi_model.columns import AGENCIES_TABLE, column_label
from kpi_model.filters import Filters
from kpi_model.i18n import (
    agency_label,
    fy_label,
    name_of,
    quarter_label,
    status_label,
    t,
)
from ui import data, followup, url, widgets
from ui.charts.agencies import agency_quarter_heatmap
from ui.format import percent
from ui.router import page_entry
from ui.tables import indicator_table
from ui.theme import STATUS_ORDER

page_entry()

TABLE_LIMIT = 1_000  # rows drawn, worst first (a styled cell per column each run); downloads hold every row

lang = st.session_state.get("lang", "th")
st.title(t("agencies_title", lang))
widgets.synthetic_banner(lang)
period = widgets.sidebar_period()  # this page's year and quarter filters are its one period control
if period is None:
    widgets.empty(None, lang)
    st.stop()
fy, quarter = period


def names(th: pd.Series, en: pd.Series) -> list[str]:
    """Names in the chosen language; a missing name (NaN) falls back, never shows 'nan'."""
    return [name_of(a, b, lang) for a, b in zip(th.fillna(""), en.fillna(""))]


# ---- filters (all in the URL) ----------------------------------------------------------
agencies = data.load(views.agency_choices)  # the agency list, and codes it does not name yet (shown by code)
agency_names = {
    c: agency_label(c, th, en, lang)
    for c, th, en in zip(agencies["agency_code"], agencies["name_th"], agencies["name_en"])
}
strategies = data.load(views.strategies)
strategy_names = dict(zip(strategies["strategy_code"], names(strategies["name_th"], strategies["name_en"])))
years = data.load(views.fiscal_years)

with st.container(border=True):
    top = st.columns([3, 2, 2])
    chosen_agencies = url.synced(
        top[0].multiselect,
        t("agency_filter", lang),
        list(agency_names),
        key="agency",
        multi=True,
        format_func=lambda c: agency_names.get(c, c),
        placeholder=t("all", lang),
        select_all=False,
    )
    chosen_years = url.synced(
        top[1].multiselect,
        t("fiscal_years", lang),
        years,
        key="years",
        multi=True,
        cast=int,
        default=[fy] if fy in years else [],
        format_func=lambda y: fy_label(y, lang),
        placeholder=t("all_years", lang),
        select_all=False,
        always=True,  # a shared link keeps its year when a newer one is imported
    )
    chosen_quarters = url.synced(
        top[2].multiselect,
        t("quarters", lang),
        [1, 2, 3, 4],
        key="quarters",
        multi=True,
        cast=int,
        default=[quarter],
        format_func=lambda q: quarter_label(q, lang),
        placeholder=t("all_quarters", lang),
        select_all=False,
        always=True,
    )
    bottom = st.columns([3, 2, 2])
    chosen_strategy = url.synced(
        bottom[0].selectbox,
        t("strategy_branch", lang),
        ["all", *strategy_names],
        key="strategy",
        default="all",
        format_func=lambda c: t("all", lang) if c == "all" else f"{c} {strategy_names.get(c, '')}".strip(),
    )
    chosen_types = widgets.indicator_type_filter(bottom[1], lang)
    chosen_statuses = url.synced(
        bottom[2].multiselect,
        column_label("status", lang),
        list(STATUS_ORDER),
        key="status",
        multi=True,
        format_func=lambda s: status_label(s, lang),
        placeholder=t("all", lang),
        select_all=False,
    )
url.drop("fy", "q")  # the sidebar's period: this page's own filters say it
if len(chosen_years) == 1 and len(chosen_quarters) == 1:  # the next page opens on the same period
    url.keep("fy", int(chosen_years[0]))
    url.keep("q", int(chosen_quarters[0]))

filters = Filters(
    agency_codes=tuple(sorted(chosen_agencies)),
    fiscal_years=tuple(sorted(int(y) for y in chosen_years)),
    quarters=tuple(sorted(int(q) for q in chosen_quarters)),
    strategy=None if chosen_strategy in (None, "all") else chosen_strategy,
    indicator_types=tuple(sorted(chosen_types)),
    statuses=tuple(sorted(chosen_statuses)),
)

total = data.load(views.row_count, filters)
if total == 0:
    widgets.empty(None, lang)
    st.stop()

# ---- table ------------------------------------------------------------------------------
st.subheader(t("table", lang))
rows = data.load(views.indicator_rows, filters, limit=TABLE_LIMIT)
if len(rows) < total:
    st.caption(t("rows_capped", lang, shown=len(rows), n=total))
else:
    st.caption(t("rows_shown", lang, n=total))
summary = data.load(views.status_summary, filters)
if summary is not None:  # the reader's question first: how many are behind in what is shown
    st.markdown(
        "**"
        + t(
            "status_summary",
            lang,
            behind=summary.behind,
            share_behind=percent(summary.share_behind, 0),
            on_track=summary.on_track,
            met=summary.met,
            no_data=summary.no_data,
        )
        + "**"
    )
if data.load(views.plan_assumed, filters):
    st.caption(t("assumed_plan_note", lang))
widgets.thresholds(lang)

# Status, score, BMA's recorded evaluation and the name lead (worst first, from the view); a
# phone shows them first. The rest is behind the details switch (kpi_model.columns).
details = widgets.details_toggle(lang, "agencies_details")
st.caption(t("select_row_hint", lang))
event = indicator_table(rows, AGENCIES_TABLE, lang, details=details, key="agencies_table", height=420)
picked = event.selection.rows if event is not None else []
if picked:
    row = rows.iloc[picked[0]]
    st.switch_page(
        "pages/indicator.py", query_params=url.link_params(code=row["indicator_code"], fy=int(row["fiscal_year"]))
    )

# ---- downloads: exactly the filtered rows ------------------------------------------------
st.caption(t("download_all_rows", lang, n=total))
widgets.downloads(filters, lang, key="agencies_dl")
widgets.brief_download(pack_request(filters), lang, key="agencies_brief")

# ---- heatmap ----------------------------------------------------------------------------
st.subheader(t("heatmap", lang))
scores = data.load(views.agency_quarter_scores, filters)
if not widgets.empty(scores, lang):
    st.caption(t("heatmap_hint", lang))
    widgets.chart("agencies_heatmap", agency_quarter_heatmap, scores, lang, legend=False)

# ---- follow-up: open and overdue actions of the chosen agencies (ui/followup/) ----------
followup.agency_actions(lang, filters.agency_codes or None, key="agencies_followup")
