"""Indicator detail: everything the source system's รายละเอียดตัวชี้วัด page shows, and more.

Reached from any table (``st.switch_page("pages/indicator.py", query_params={"code": …})``) or
by URL (``?code=0402-0810&fy=2564``). It opens with the name, the year's verdict (BMA's recorded
evaluation beside the computed one) and the plan-against-actual chart (issue 25); the source
page's header and its long texts are a tap away. The year is the sidebar's fiscal year; when the indicator
has no data for it, its latest year is shown and the page says so. Every text that came from a
source file goes through ``st.text`` (never markdown or HTML)."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from kpi_model import views
from kpi_model.brief import pack_request
from kpi_model.columns import column_label
from kpi_model.filters import Filters
from kpi_model.i18n import (
    agency_label,
    flag_label,
    fy_label,
    name_of,
    plan_source_label,
    quarter_label,
    severity_label,
    status_label,
    t,
    type_label,
    unit_label,
    unit_text,
)
from kpi_model.labels import direction_text, inference_names, unconfirmed_text
from kpi_model.quality import flag_check
from kpi_model.reference_data import SYNTHETIC_SOURCE
from ui import data, followup, url, widgets
from ui.charts.indicator import computed_vs_recorded, plan_vs_actual_curve
from ui.format import DASH, is_missing, md, number, percent, text
from ui.router import page_entry
from ui.settings_editor import render_settings_editor
from ui.tables import coloured, dataframe

page_entry()

DEFAULT_CODE = "0402-0810"
#: Each figure as wide as its words: the year's six in a row on a desktop, wrapped on a phone.
VERDICT_WIDTH: Literal["content"] = "content"


def amount(value: object) -> str:
    """An amount in the indicator's unit: at most two decimals, a level as "5", not "5.00"."""
    return number(value, 2, trim=True)


lang = st.session_state.get("lang", "th")
st.title(t("indicator_title", lang))
widgets.synthetic_banner(lang)


# -- which indicator -------------------------------------------------------------------------
default = data.load(views.first_indicator, DEFAULT_CODE)
if default is None:
    widgets.empty(None, lang)
    st.stop()
requested = st.query_params.get("code") or st.session_state.get("code") or default
if not data.load(views.indicator_years, requested):
    st.warning(t("unknown_code", lang, code=md(requested), shown=md(default)), icon=":material/search_off:")
    requested = default

left, right = st.columns([2, 3])
query = right.text_input(t("find_by_name", lang), key="code_query", placeholder=t("choose_indicator", lang))
options = data.load(views.indicator_picker, requested, query or None)
names = {
    c: name_of(th, en if isinstance(en, str) else None, lang)
    for c, th, en in zip(options["indicator_code"], options["name_th"], options["name_en"])
}
codes = list(options["indicator_code"]) or [requested]
if query and requested not in codes:
    codes = [requested, *codes]
code = url.synced(
    left.selectbox,
    t("indicator_code", lang),
    codes,
    key="code",
    default=default,
    format_func=lambda c: f"{c} {names.get(c, '')}".strip(),
)

# -- which year: the sidebar's, else the indicator's latest ----------------------------------
sidebar_fy = st.session_state.get("fy")
detail = data.load(views.indicator_detail, code, int(sidebar_fy)) if sidebar_fy is not None else None
if detail is None:
    detail = data.load(views.indicator_detail, code, None)  # its latest year
    if detail is None:
        st.info(
            t("unknown_indicator", lang, code=md(code), fy=fy_label(int(sidebar_fy), lang) if sidebar_fy else DASH),
            icon=":material/search_off:",
        )
        st.stop()
    if sidebar_fy is not None:
        years = data.load(views.indicator_years, code)
        st.info(
            t(
                "year_fallback",
                lang,
                fy=fy_label(int(sidebar_fy), lang),
                shown=fy_label(int(detail.indicator["fiscal_year"]), lang),
                years=", ".join(fy_label(y, lang) for y in years),
            ),
            icon=":material/event_busy:",
        )

ind = detail.indicator
fy = int(ind["fiscal_year"])
unit_th = unit_text(ind.get("unit"), ind.get("unit_th"), lang)  # the unit in the reader's language
quarters = detail.quarters
annual = detail.annual

# -- the first screen: which indicator, its verdict (BMA's beside the computed), its chart ------
agency = detail.agency or {}
audited = ind.get("audited_quarter")
audit_row = quarters.loc[quarters["quarter"] == audited, "evaluator_score"] if audited is not None else None
st.subheader(md(name_of(ind.get("name_th"), ind.get("name_en"), lang)))
st.caption(
    f"{md(ind['indicator_code'])} · "
    f"{md(agency_label(ind['agency_code'], agency.get('name_th'), agency.get('name_en'), lang))} · {fy_label(fy, lang)}"
)
with st.expander(t("source_header", lang), icon=":material/description:"):  # the source page's header, a tap away
    st.text(f"{ind['name_th']} : {ind['indicator_code']}")
    if lang == "en" and ind.get("name_en"):
        st.text(ind["name_en"])
    if audit_row is not None and audited is not None:
        audit = t(
            "audit_line", lang, quarter=int(audited), score=number(audit_row.iloc[0], 0) if len(audit_row) else DASH
        )
    else:
        audit = t("not_audited", lang)
    synthetic = ind.get("source") == SYNTHETIC_SOURCE
    lines = [
        f"{t('agency', lang)} : {agency_label(ind['agency_code'], agency.get('name_th'), agency.get('name_en'), lang)}",
        fy_label(fy, lang),
        t("target_recorded", lang, unit=unit_th, value=amount(ind.get("target"))),
        t("annual_recorded", lang, unit=unit_th, value=amount(ind.get("achieved"))),
        f"{t('indicator_type', lang)} : {type_label(ind.get('indicator_type'), lang)}"
        f" ({type_label(ind.get('result_level'), lang)})",
        f"{t('unit', lang)} : {unit_th}"
        + ("" if unit_th == unit_label(ind.get("unit"), lang) else f" ({unit_label(ind.get('unit'), lang)})")
        + f" · {t('direction', lang)} : {direction_text(annual.get('direction'), annual.get('direction_source'), lang)}",
        f"*** {audit}",
        f"{t('source', lang)} : " + t("synthetic_source" if synthetic else "imported_source", lang),
    ]
    st.text("\n".join(lines))

# the year's verdict: BMA's recorded evaluation (the evaluator's audit) beside the computed one
with st.container(horizontal=True, gap="small", key="indicator_verdict"):
    if audit_row is not None and audited is not None:
        st.metric(
            t("recorded_year", lang, quarter=int(audited)),
            number(audit_row.iloc[0], 0)
            if len(audit_row) and not is_missing(audit_row.iloc[0])
            else t("not_yet_evaluated", lang),
            width=VERDICT_WIDTH,
        )
    else:
        st.metric(t("recorded_year_none", lang), t("not_yet_evaluated", lang), width=VERDICT_WIDTH)
    st.metric(
        t("computed_status_year", lang),
        status_label(annual.get("status"), lang),
        help=t("computed_status_year_help", lang),
        width=VERDICT_WIDTH,
    )
    st.metric(t("score_100", lang), number(annual.get("score_100"), 1, trim=True), width=VERDICT_WIDTH)
    st.metric(t("score_5", lang), number(annual.get("score_5"), 2, trim=True), width=VERDICT_WIDTH)
    st.metric(t("ratio", lang), percent(annual.get("ratio")), width=VERDICT_WIDTH)
    if annual.get("level_reached") is not None:
        st.metric(
            t("level_reached", lang),
            f"{amount(annual['level_reached'])} / {amount(annual.get('max_level'))}",
            width=VERDICT_WIDTH,
        )
if annual.get("read_as_percent"):
    st.caption(t("read_as_percent_note", lang))
if unconfirmed := unconfirmed_text(annual.get("inferences"), lang):
    st.warning(unconfirmed, icon=":material/help:")

# -- charts: plan against actual, and BMA's scores against the computed ones -------------------
chart = detail.chart
left, right = st.columns(2)
with left:
    st.markdown(
        f"**{t({'share': 'plan_vs_actual_chart', 'cap': 'chart_cap_title', 'target': 'chart_target_title'}[chart.mode], lang)}**"
    )
    widgets.chart(
        "indicator_curve",
        plan_vs_actual_curve,
        chart,
        lang,
        unit_th,
        plan_assumed=detail.plan_assumed,
        status_key=False,
    )
    if detail.year_closed and chart.mode != "target":
        st.caption(t("no_projection_closed", lang))
    elif chart.mode == "share" and detail.projection is not None and detail.projection_share is not None:
        st.text(
            t(
                "projection_text",
                lang,
                value=amount(detail.projection),
                unit=unit_th,
                share=percent(detail.projection_share, 0),
                remaining=amount(detail.remaining),
            )
        )
    elif chart.mode == "cap" and detail.projection is not None:
        st.text(
            t(
                "projection_cap_text",
                lang,
                value=amount(detail.projection),
                unit=unit_th,
                target=amount(annual.get("target")),
                used=percent(detail.projection_share, 0),
                remaining=amount(detail.remaining),
            )
        )
    elif chart.mode != "target":
        st.caption(t("no_projection", lang))
    if detail.plan_assumed and chart.mode != "target":
        st.caption(t("assumed_plan_note", lang))
with right:
    st.markdown(f"**{t('recorded_vs_computed', lang)}**")
    if quarters["evaluation_score"].notna().any() or quarters["score_100"].notna().any():
        widgets.chart("indicator_scores", computed_vs_recorded, quarters, lang, status_key=False)
        st.caption(t("scores_note", lang))
    else:  # nothing recorded and nothing computed: a chart would show only "no data"
        st.caption(t("scores_none", lang))

widgets.thresholds(lang)  # the page's one legend, under the charts whose colours it names
sidebar_q = st.session_state.get("q")
widgets.brief_download(
    None
    if sidebar_q is None
    else pack_request(Filters(agency_codes=(str(ind["agency_code"]),), fiscal_years=(fy,), quarters=(int(sidebar_q),))),
    lang,
    key="indicator_brief",
)

# -- quarterly table ---------------------------------------------------------------------------
st.subheader(t("quarterly_table", lang))


def recorded(value: object, shown: object) -> str:
    """The recorded evaluation score; a zero after the audited quarter is 'not yet evaluated'."""
    if is_missing(value):
        return DASH
    return t("not_yet_evaluated", lang) if is_missing(shown) else number(value, 0)


def agreement(disagree: object, band: object, status: object) -> str:
    """Whether BMA's recorded band and the computed status agree ('—' when one is missing)."""
    if not isinstance(band, str) or band == "not_evaluated" or not isinstance(status, str) or status == "no_data":
        return DASH
    return t("bands_differ" if bool(disagree) else "bands_agree", lang)


table = pd.DataFrame(
    {  # the computed status and score, BMA's recorded evaluation beside them; details behind the switch
        "quarter": [quarter_label(int(q), lang) for q in quarters["quarter"]],
        "status": [status_label(s if isinstance(s, str) else "no_data", lang) for s in quarters["status"]],
        "score_100": [number(v, 1, trim=True) for v in quarters["score_100"]],
        "evaluation_score": [recorded(v, r) for v, r in zip(quarters["evaluation_score"], quarters["recorded_score"])],
        "agreement": [
            agreement(d, b, s)
            for d, b, s in zip(quarters["bands_disagree"], quarters["recorded_status"], quarters["status"])
        ],
        "actual": [amount(v) for v in quarters["actual"]],
        "plan_source": [plan_source_label(s if isinstance(s, str) else None, lang) for s in quarters["plan_source"]],
        "plan": [percent(v, 0) for v in quarters["plan"]],
        "progress": [percent(v, 0) for v in quarters["progress"]],
        "ratio": [percent(v, 0) for v in quarters["ratio"]],
        "score_2_1_2_2": [
            f"{number(a, 0)} / {number(b, 0)}" for a, b in zip(quarters["score_2_1"], quarters["score_2_2"])
        ],
        "evaluator_score": [number(v, 0) for v in quarters["evaluator_score"]],
        "inference": [
            t("unconfirmed_short", lang) if inference_names(v, lang) else DASH
            for v in quarters.get("inferences", pd.Series([None] * len(quarters)))
        ],
    }
)
headers = {
    "quarter": column_label("quarter", lang),
    "status": column_label("status", lang),
    "score_100": column_label("score_100", lang),
    "evaluation_score": column_label("evaluation_score", lang),
    "agreement": t("agreement_column", lang),
    "actual": f"{column_label('actual', lang)} ({unit_th})",
    "plan_source": column_label("plan_source", lang),
    "plan": column_label("plan", lang),
    "progress": column_label("progress", lang),
    "ratio": column_label("ratio", lang),
    "score_2_1_2_2": "2.1 / 2.2",
    "evaluator_score": column_label("evaluator_score", lang),
    "inference": t("inference_column", lang),
}
if not widgets.details_toggle(lang, "indicator_quarters_details"):
    headers = {
        c: h
        for c, h in headers.items()
        if c in ("quarter", "status", "score_100", "evaluation_score", "agreement", "actual", "inference")
    }
dataframe(
    coloured(table[list(headers)], status={"status": list(quarters["status"])}),
    hide_index=True,
    key="indicator_quarters",
    column_config={c: st.column_config.TextColumn(h) for c, h in headers.items()},
)
if detail.plan_assumed:
    st.caption(t("assumed_plan_note", lang))

# -- how this verdict was reached (in words, from kpi_model.explain) ----------------------------
st.subheader(t("explain_title", lang))
QUARTERS = [1, 2, 3, 4]
sidebar_q = st.session_state.get("q")
first_q = sidebar_q if sidebar_q in QUARTERS else (detail.latest_quarter or 1)  # the sidebar's quarter
explained_q = st.radio(
    t("explain_pick", lang),
    QUARTERS,
    key="verdict_quarter",
    horizontal=True,
    index=QUARTERS.index(first_q),
    format_func=lambda q: quarter_label(q, lang),
)
explanation = data.load(views.verdict_explanation, code, fy, int(explained_q), lang)


def show_explanation(part) -> None:
    """One explanation (a quarter or the year): its steps as label and plain text (a unit or
    an analyst's note inside comes from a file, so it never goes through markdown)."""
    with st.container(border=True):
        st.markdown(f"**{md(part.heading)}**")
        for step in part.steps:
            st.markdown(f"**{md(step.label)}**")
            st.text(step.text)
            if step.check:
                st.caption(t("check_prefix", lang, text=md(step.check)))


if explanation is not None:  # None only when the indicator-year left the store between two reads
    left, right = st.columns(2)
    with left:
        show_explanation(explanation.quarter)
    with right:
        show_explanation(explanation.year)

# -- the quarter's follow-up beside its verdict: analysis, actions, comments, history (ui/followup/) --
followup.indicator_section(
    ind["indicator_code"],
    fy,
    int(explained_q),
    detail.status_in(int(explained_q)),
    lang,
)

# -- flags -------------------------------------------------------------------------------------
st.subheader(t("flags", lang))
flags = detail.flags
if not widgets.empty(flags, lang, "no_flags"):
    st.dataframe(
        pd.DataFrame(
            {
                "severity": [severity_label(s, lang) for s in flags["severity"]],
                "code": [flag_label(c, lang) for c in flags["code"]],
                "check": [flag_check(str(c), lang) for c in flags["code"]],
                "quarter": [DASH if is_missing(q) else quarter_label(int(q), lang) for q in flags["quarter"]],
                "message": list(flags["message_en" if lang == "en" else "message_th"]),
            }
        ),
        hide_index=True,
        key="indicator_flags",
        column_config={
            "severity": st.column_config.TextColumn(column_label("severity", lang), width="small"),
            "code": st.column_config.TextColumn(column_label("code", lang), width="medium"),
            "check": st.column_config.TextColumn(t("what_to_check", lang), width="large"),
            "quarter": st.column_config.TextColumn(column_label("quarter", lang), width="small"),
            "message": st.column_config.TextColumn(column_label("message", lang), width="large"),
        },
    )

# -- milestone ladder --------------------------------------------------------------------------
st.subheader(t("milestones", lang))
levels = detail.levels
if not widgets.empty(levels, lang, "no_levels"):
    reached = annual.get("level_reached")
    for level, description in zip(levels["level"], levels["description"]):
        done = reached is not None and int(level) <= reached
        with st.container(border=True):
            badge, body = st.columns([1, 6], vertical_alignment="center")
            with badge:
                st.badge(
                    t("level_n", lang, level=int(level)),
                    color="blue" if done else "gray",
                    icon=":material/check_circle:" if done else ":material/radio_button_unchecked:",
                )
                st.caption(t("reached" if done else "not_reached", lang))
            body.text(text(description))

# -- quarterly reports -------------------------------------------------------------------------
st.subheader(t("reports", lang))
for q, report in zip(quarters["quarter"], quarters["report_th"]):
    with st.expander(t("report_quarter", lang, quarter=int(q)), expanded=detail.latest_quarter == int(q)):
        st.text(report if isinstance(report, str) and report.strip() else t("no_report", lang))

# -- the rest of the source page: long, so a tap away ----------------------------------------
with st.expander(t("source_details", lang), icon=":material/menu_book:"):
    for field in ("definition", "calculation", "data_sources"):
        st.markdown(f"**{t(field, lang)}**")
        st.text(text(ind.get(field)))
    st.markdown(f"**{t('strategy_path', lang)}**")
    if detail.strategy_path:
        st.text(
            "\n".join(
                f"{'  ' * i}{'› ' if i else ''}{c} {name_of(th, en, lang)}"
                for i, (c, th, en) in enumerate(detail.strategy_path)
            )
        )
    else:
        st.text(text(ind.get("strategy_code")))
    st.markdown(f"**{t('supporting_projects', lang)}**")
    st.text(text(ind.get("supporting_projects")))
    if ind.get("other_text"):
        st.markdown(f"**{t('other_text', lang)}**")
        st.text(ind["other_text"])

# -- the same indicator in other fiscal years --------------------------------------------------
st.subheader(t("other_years", lang))
others = detail.other_years


def _open_year(year: int) -> None:
    st.session_state["fy"] = year  # the sidebar year, bound to the URL


if not widgets.empty(others, lang, "no_other_years"):
    st.dataframe(
        pd.DataFrame(
            {
                "fiscal_year": [fy_label(int(y), lang) for y in others["fiscal_year"]],
                "annual_status": [status_label(s if isinstance(s, str) else None, lang) for s in others["status"]],
                "score_100": [number(v, 1, trim=True) for v in others["score_100"]],
                "target": [amount(v) for v in others["target"]],
                "achieved": [amount(v) for v in others["achieved"]],
                "unit_th": [unit_text(ind.get("unit"), u, lang) for u in others["unit_th"]],
                "ratio": [percent(v, 0) for v in others["ratio"]],
                "score_5": [number(v, 2, trim=True) for v in others["score_5"]],
                "flag_count": [number(v, 0) for v in others["flag_count"]],
            }
        ),
        hide_index=True,
        key="indicator_other_years",
        column_config={
            c: st.column_config.TextColumn(column_label(c, lang))
            for c in (
                "fiscal_year",
                "annual_status",
                "score_100",
                "target",
                "achieved",
                "unit_th",
                "ratio",
                "score_5",
                "flag_count",
            )
        },
    )
    buttons = st.columns(max(4, len(others)))
    for i, year in enumerate(int(y) for y in others["fiscal_year"]):
        buttons[i].button(
            t("open_year", lang, fy=fy_label(year, lang)),
            key=f"indicator_open_{year}",
            on_click=_open_year,
            args=(year,),
            icon=":material/open_in_new:",
        )

# -- analyst settings: ui/settings_editor.py adds its editor here (one call, behind the sign-in) --
render_settings_editor(data.store(), ind["indicator_code"], fy, lang)
