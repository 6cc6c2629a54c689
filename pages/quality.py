"""Data quality: every flag the model raised, filterable by code, severity, agency and fiscal
year (all in the URL), counted by kind, listed, and downloadable as CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_model import views
from kpi_model.columns import column_label
from kpi_model.filters import Filters
from kpi_model.i18n import SEVERITY_ORDER, flag_label, fy_label, name_of, severity_label, t
from kpi_model.quality import flag_check
from ui import data, url, widgets
from ui.charts.quality import flag_count_bars
from ui.format import DASH, count, is_missing, text
from ui.router import page_entry

page_entry()


lang = st.session_state.get("lang", "th")
st.title(t("quality_title", lang))
widgets.synthetic_banner(lang)
st.caption(t("quality_note", lang))
if (period := widgets.sidebar_period()) is not None:  # an agency-quarter without any report (views.district)
    widgets.no_report_flag(data.load(views.reporting_completeness, *period), *period, lang, quiet=True)

first_line = st.container()  # filled once the filters are read: how many, how severe, what to check first

# -- filters (bound to the URL) --
codes = list(data.load(views.flag_counts, Filters())["code"])

cols = st.columns(4)
chosen_codes = url.synced(
    cols[0].multiselect,
    t("flag_code", lang),
    codes,
    key="flag",
    multi=True,
    format_func=lambda c: flag_label(c, lang),
    placeholder=t("all", lang),
    select_all=False,
)
chosen_severities = url.synced(
    cols[1].multiselect,
    t("severity", lang),
    list(SEVERITY_ORDER),
    key="severity",
    multi=True,
    format_func=lambda s: severity_label(s, lang),
    placeholder=t("all", lang),
    select_all=False,
)
chosen_agencies = widgets.agencies_filter(cols[2], lang)
chosen_years = widgets.years_filter(cols[3], lang)
filters = Filters(
    flag_codes=tuple(chosen_codes),
    severities=tuple(chosen_severities),
    agency_codes=tuple(chosen_agencies),
    fiscal_years=tuple(int(y) for y in chosen_years),
)

# -- for analysts: the inferences still to decide (DESIGN §6), on the review page --
pending, pending_indicators = data.load(views.review_summary, filters.fiscal_years, filters.agency_codes)
review = st.columns([1, 2], vertical_alignment="bottom")
review[0].metric(
    t("review_items", lang),
    count(pending),
    help=t("review_of_quality", lang, n=pending, k=pending_indicators),
    border=True,
)
review[1].page_link(
    "pages/review.py",
    label=t("review_open", lang),
    icon=":material/fact_check:",
    query_params=url.link_params(years=list(filters.fiscal_years) or None, agency=list(filters.agency_codes) or None),
)

total = data.load(views.flag_total, filters)
if not total:
    widgets.empty(None, lang, "no_flags")
    st.stop()

# -- summary --
st.subheader(t("flag_counts", lang))
counts = data.load(views.flag_counts, filters)
severities = " · ".join(
    f"{severity_label(s, lang)} {count(n)}" for s, n in data.load(views.flag_severity_counts, filters)
)
first = t("flag_check_first", lang, flag=flag_label(counts["code"].iloc[0], lang), n=int(counts["count"].iloc[0]))
first_line.markdown(f"**{t('flag_total', lang, n=total)} · {severities}** · {first}")  # above the filters
widgets.chart("quality_counts", flag_count_bars, counts, lang)

# -- the flags --
st.subheader(t("flags", lang))
rows = data.load(views.flags, filters, limit=widgets.FLAG_TABLE_CAP)
message = "message_en" if lang == "en" else "message_th"


shown = pd.DataFrame(  # each distinct value worded once (widgets.each): a code repeats on many rows
    {
        "severity": widgets.each(rows["severity"], lambda s: severity_label(s, lang)),
        "code": widgets.each(rows["code"], lambda c: flag_label(c, lang)),
        "check": widgets.each(rows["code"], lambda c: flag_check(str(c), lang)),
        "indicator_code": widgets.each(rows["indicator_code"], text),
        "agency_name": [
            DASH if is_missing(c) else f"{c} {name}"
            for c, name in zip(
                rows["agency_code"],
                widgets.each(
                    pd.Series(list(zip(rows["agency_name_th"], rows["agency_name_en"]))),
                    lambda n: name_of(n[0], n[1], lang),
                ),
            )
        ],
        "fiscal_year": widgets.each(rows["fiscal_year"], lambda y: DASH if is_missing(y) else fy_label(int(y), lang)),
        "quarter": widgets.each(rows["quarter"], text),
        "column": widgets.each(rows["column"], lambda c: DASH if is_missing(c) else column_label(str(c), lang)),
        "message": widgets.each(rows[message], text),
    }
)
st.caption(
    t("rows_capped", lang, shown=len(shown), n=total) if total > len(shown) else t("rows_shown", lang, n=len(shown))
)
st.caption(t("select_row_hint", lang))


event = st.dataframe(
    shown,
    hide_index=True,
    key="quality_table",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        c: st.column_config.TextColumn(column_label(c, lang))
        for c in ("severity", "code", "indicator_code", "agency_name", "fiscal_year")
    }
    | {
        "code": st.column_config.TextColumn(column_label("code", lang), width="medium"),
        "check": st.column_config.TextColumn(t("what_to_check", lang), width="large"),
        "quarter": st.column_config.TextColumn(column_label("quarter", lang), width="small"),
        "column": st.column_config.TextColumn(t("flag_column", lang)),
        "message": st.column_config.TextColumn(column_label("message", lang), width="large"),
    },
)
picked = event.selection.rows if event is not None else []
if picked:
    row = rows.iloc[picked[0]]
    if not pd.isna(row["indicator_code"]) and not pd.isna(row["fiscal_year"]):
        st.switch_page(
            "pages/indicator.py", query_params=url.link_params(code=row["indicator_code"], fy=int(row["fiscal_year"]))
        )
st.download_button(
    t("download_flags", lang),
    data=lambda: data.load(views.flags_csv_bytes, filters),
    file_name="bma-kpi-quality-flags.csv",
    mime="text/csv",
    key="quality_dl",
    icon=":material/download:",
    on_click="ignore",
)
