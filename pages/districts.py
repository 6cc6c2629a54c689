"""Districts (เขต): the 50 district offices side by side for the sidebar's quarter. A league
table with the city average as a row, a map of Bangkok's 50 districts coloured by the chosen
measure (a click opens that district on the agencies page), and how completely every agency
has reported the quarter. Filters (peer group when an analyst has imported some, dimension,
indicator type, map measure) live in the URL."""

from __future__ import annotations

import streamlit as st

from kpi_model import views
from kpi_model.brief import pack_request
from kpi_model.columns import column_label
from kpi_model.export import shown_table_bytes
from kpi_model.filters import Filters
from kpi_model.i18n import agency_label, name_of, period_label, t
from ui import data, followup, maps, url, widgets
from ui.charts.districts import MAP_ZOOM, district_map_figure
from ui.format import DASH, md
from ui.router import page_entry
from ui.tables import COUNT, PERCENT, SCORE, coloured, dataframe

page_entry()

lang = st.session_state.get("lang", "th")
st.title(t("districts_title", lang))
widgets.synthetic_banner(lang)
fy, quarter = widgets.period_or_stop(lang)
st.caption(period_label(fy, quarter, lang))

# ---- filters (all in the URL) ----------------------------------------------------------
root = data.load(views.plan_root)
dimensions = {code: f"{code} {name_of(th, en, lang)}" for code, th, en in root.children}
with st.container(border=True):
    cols = st.columns(3)
    dimension = url.synced(
        cols[0].selectbox,
        t("dimension_filter", lang),
        ["all", *dimensions],
        key="dimension",
        default="all",
        format_func=lambda c: t("all", lang) if c == "all" else dimensions.get(c, c),
    )
    types = widgets.indicator_type_filter(cols[1], lang)
    measure = url.synced(
        cols[2].selectbox,
        t("map_measure", lang),
        list(views.MAP_MEASURES),
        key="measure",
        default="mean_score_100",
        format_func=lambda m: t(f"measure_{m}", lang),
    )
    groups = data.load(views.peer_groups)
    if len(groups):
        group_names = dict(zip(groups["group_th"], groups["group_en"].fillna("")))
        peer_group = url.synced(
            st.selectbox,
            t("peer_group_filter", lang),
            ["all", *sorted(group_names)],
            key="peer_group",
            default="all",
            format_func=lambda g: t("all", lang) if g == "all" else name_of(g, group_names.get(g), lang),
        )
        st.caption(
            t("peer_group_sources", lang, sources=", ".join(md(v) for v in sorted({str(v) for v in groups["source"]})))
        )
    else:
        peer_group = "all"
filters = Filters(strategy=None if dimension in (None, "all") else dimension, indicator_types=tuple(sorted(types)))
widgets.brief_download(
    pack_request(Filters(**{**filters.__dict__, "fiscal_years": (fy,), "quarters": (quarter,)})),
    lang,
    key="districts_brief",
)
if peer_group != "all":
    st.caption(t("brief_all_districts", lang))

league = data.load(views.district_league, fy, quarter, filters, peer_group=None if peer_group == "all" else peer_group)
if widgets.empty(league, lang):
    st.stop()
st.caption(t("districts_intro", lang))
counts = views.vs_city_counts(league)
st.markdown(f"**{t('above_below_counts', lang, above=counts['above'], below=counts['below'], none=counts['none'])}**")

# ---- the map: a click opens that district on the agencies page -----------------------
placement = data.load(views.district_map)
if placement.unplaced:
    st.warning(
        t(
            "districts_unplaced",
            lang,
            names=", ".join(md(agency_label(c, th, en, lang)) for c, th, en in placement.unplaced),
        ),
        icon=":material/wrong_location:",
    )
event = widgets.chart(
    "districts_map",
    district_map_figure,
    league,
    placement.geojson,
    measure,
    lang,
    t("district_map_title", lang),
    events={"on_select": "rerun", "selection_mode": "points"},
)
maps.fit_map("districts_map", placement.bounds, MAP_ZOOM)  # fitted to the city at the reader's width
st.caption(t("district_map_hint", lang) + " · " + t("district_map_source", lang))
points = event.selection.points if event is not None else []
if points:
    picked = points[0].get("customdata") or points[0].get("location")
    code = picked[0] if isinstance(picked, list) else picked
    if code in placement.placed:
        url.keep("fy", fy)
        url.keep("q", quarter)
        st.switch_page("pages/agencies.py", query_params=url.link_params(agency=[code], years=[fy], quarters=[quarter]))

# ---- the league table: what is shown is what downloads ---------------------------------
st.subheader(t("district_league", lang))
widgets.thresholds(lang)
table = views.league_table(league, lang)
dataframe(
    coloured(
        table,
        {"mean_score_100": SCORE, "share_met_pct": COUNT, "share_behind_pct": COUNT, "reporting_pct": COUNT},
        scores=["mean_score_100"],
    ),
    hide_index=True,
    key="districts_league",
    width="stretch",
    placeholder=DASH,
    column_config={
        "rank": st.column_config.NumberColumn(column_label("rank", lang), width="small"),
        "district": st.column_config.TextColumn(column_label("district", lang), width="medium"),
        "peer_group": st.column_config.TextColumn(column_label("peer_group", lang)),
        "mean_score_100": st.column_config.Column(column_label("mean_score_100", lang)),
        "vs_city": st.column_config.TextColumn(column_label("vs_city", lang)),
        "recorded": st.column_config.TextColumn(column_label("recorded", lang), width="medium"),
        "share_met_pct": st.column_config.Column(column_label("share_met_pct", lang)),
        "share_behind_pct": st.column_config.Column(column_label("share_behind_pct", lang)),
        "change_text": st.column_config.TextColumn(column_label("change_text", lang)),
        "reporting": st.column_config.TextColumn(column_label("reporting", lang)),
        "reporting_pct": st.column_config.Column(column_label("reporting_pct", lang)),
        "agency_code": st.column_config.TextColumn(column_label("agency_code", lang)),
    },
)
headers = views.league_headers(lang)
left, right = st.columns(2)
left.download_button(
    t("download_league_csv", lang),
    data=lambda: shown_table_bytes(table, headers, ".csv", t("page_districts", lang)),  # made on click
    file_name=f"bma-districts-{fy}-q{quarter}.csv",
    mime="text/csv",
    key="districts_csv",
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    t("download_league_xlsx", lang),
    data=lambda: shown_table_bytes(table, headers, ".xlsx", t("page_districts", lang)),  # made on click
    file_name=f"bma-districts-{fy}-q{quarter}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="districts_xlsx",
    icon=":material/download:",
    on_click="ignore",
)

if not len(groups):  # said under the league, not in the first screen: a note for analysts
    st.caption(t("peer_group_none", lang) + " " + t("peer_group_import", lang))

# ---- reporting completeness of every agency ---------------------------------------------
st.subheader(t("reporting_all", lang))
st.caption(t("reporting_note", lang))
reporting = data.load(views.reporting_completeness, fy, quarter, filters)
if not widgets.empty(reporting, lang):
    widgets.no_report_flag(reporting, fy, quarter, lang)
    shown = reporting.assign(
        agency=[
            agency_label(c, th, en, lang)
            for c, th, en in zip(reporting["agency_code"], reporting["name_th"], reporting["name_en"])
        ]
    )[["reporting_share", "agency", "reported", "indicator_count", "agency_code"]]
    dataframe(
        coloured(shown, {"reporting_share": PERCENT, "reported": COUNT, "indicator_count": COUNT}),
        hide_index=True,
        key="districts_reporting",
        width="stretch",
        placeholder=DASH,
        column_config={
            "reporting_share": st.column_config.Column(column_label("reporting_pct", lang)),
            "reported": st.column_config.Column(column_label("reporting", lang)),
            "indicator_count": st.column_config.Column(column_label("indicator_count", lang)),
            "agency": st.column_config.TextColumn(column_label("agency_name", lang), width="large"),
            "agency_code": st.column_config.TextColumn(column_label("agency_code", lang)),
        },
    )

# ---- follow-up: open and overdue actions of the district offices (ui/followup/lists.py) -----
followup.agency_actions(lang, tuple(league["agency_code"]), key="districts_followup")
