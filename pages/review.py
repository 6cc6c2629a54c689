"""คิวตรวจสอบการอนุมาน (the review queue, DESIGN §6): every verdict that rests on an inference,
with its evidence and the verdict either way, filterable by fiscal year and agency (both in
the URL), downloadable as shown; a signed-in editor decides an item once (ui/review_actions.py)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kpi_model import views
from kpi_model.columns import column_label
from kpi_model.export import shown_table_bytes
from kpi_model.i18n import t
from ui import data, widgets
from ui.format import DASH, count
from ui.review_actions import can_decide, render_decision, saved_notice
from ui.router import page_entry

page_entry()

lang = st.session_state.get("lang", "th")
st.title(t("review_title", lang))
widgets.synthetic_banner(lang)
st.caption(t("review_intro", lang))
saved_notice(lang)

# -- filters (bound to the URL) --
cols = st.columns(2)
chosen_years = widgets.years_filter(cols[0], lang)
chosen_agencies = widgets.agencies_filter(cols[1], lang)
queue = data.load(views.review_queue, tuple(int(y) for y in chosen_years), tuple(chosen_agencies))

# -- the headline: how long the queue is --
head = st.columns(2)
head[0].metric(t("review_items", lang), count(queue.count), help=t("review_items_help", lang))
head[1].metric(t("review_indicators", lang), count(queue.indicator_count))
if not queue.count:
    st.info(t("review_empty", lang), icon=":material/task_alt:")
    st.stop()

# -- the queue: what is shown is what downloads --
table = views.review_table(queue, lang)
st.caption(t("review_count", lang, n=queue.count, k=queue.indicator_count))
editor = can_decide()  # editors pick a row to decide it; anyone else reads the table
if editor:
    st.caption(t("review_select_hint", lang))
event = st.dataframe(
    table,
    hide_index=True,
    key="review_table",
    width="stretch",
    placeholder=DASH,
    on_select="rerun" if editor else "ignore",
    selection_mode="single-row",
    column_config={
        "indicator_code": st.column_config.TextColumn(column_label("indicator_code", lang), width="small"),
        "fiscal_year": st.column_config.TextColumn(column_label("fiscal_year", lang), width="medium"),
        "inference": st.column_config.TextColumn(column_label("inference", lang), width="medium"),
        "verdict_changes": st.column_config.TextColumn(column_label("verdict_changes", lang), width=110),
        "verdict_now": st.column_config.TextColumn(column_label("verdict_now", lang), width="large"),
        "verdict_otherwise": st.column_config.TextColumn(column_label("verdict_otherwise", lang), width="large"),
        "evidence": st.column_config.TextColumn(column_label("evidence", lang), width="large"),
        "quarters": st.column_config.TextColumn(column_label("quarters", lang), width="small"),
        "name": st.column_config.TextColumn(column_label("name", lang), width="medium"),
        "agency_name": st.column_config.TextColumn(column_label("agency_name", lang), width="medium"),
    },
)
headers = views.review_headers(lang)
left, right = st.columns(2)
left.download_button(
    t("review_download_csv", lang),
    data=shown_table_bytes(table, headers, ".csv", t("page_review", lang)),
    file_name="bma-kpi-review-queue.csv",
    mime="text/csv",
    key="review_csv",
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    t("review_download_xlsx", lang),
    data=shown_table_bytes(table, headers, ".xlsx", t("page_review", lang)),
    file_name="bma-kpi-review-queue.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="review_xlsx",
    icon=":material/download:",
    on_click="ignore",
)

# -- one decision per item (editors only) --
picked = event.selection.rows if editor and not isinstance(event, DeltaGenerator) else []
render_decision(data.store(), queue, picked[0] if picked else None, lang)
