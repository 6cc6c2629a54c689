"""Shared widgets: language and period in the sidebar (bound to the URL), banners, downloads.

Every widget has an explicit key; widgets bound with ``bind="query-params"`` keep their value
in the URL, so a link reproduces the view."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from kpi_model import explain
from kpi_model.i18n import LANGS, date_label, fy_label, quarter_label, t
from kpi_model.store import Filters
from ui import data, url
from ui.format import change, count, number, percent, share_change

FLAG_TABLE_CAP = 5_000  # flag rows a table shows; the download holds every one


def language() -> str:
    """'th' (default) or 'en', from the sidebar switch (URL parameter ``lang``)."""
    return (
        url.synced(
            st.sidebar.radio,
            "ภาษา / Language",
            LANGS,
            key="lang",
            default="th",
            horizontal=True,
            format_func=lambda code: "ไทย" if code == "th" else "English",
        )
        or "th"
    )


def period(lang: str) -> tuple[int, int] | None:
    """Fiscal year and quarter from the sidebar (URL ``fy`` and ``q``); defaults to the
    latest reported period. None when the store holds no indicators."""
    years = data.load("fiscal_years")
    if not years:
        return None
    latest = data.load("latest_period")
    fy = url.synced(
        st.sidebar.selectbox,
        t("fiscal_year", lang),
        years,
        key="fy",
        cast=int,
        default=latest.fiscal_year,
        format_func=lambda y: fy_label(y, lang),
    )
    quarter = url.synced(
        st.sidebar.selectbox,
        t("quarter", lang),
        [1, 2, 3, 4],
        key="q",
        cast=int,
        default=latest.quarter,
        format_func=lambda q: quarter_label(q, lang),
    )
    return int(fy), int(quarter)


def period_or_stop(lang: str) -> tuple[int, int]:
    """The sidebar period chosen by the router; stops the page with a message on an empty store."""
    fy, quarter = st.session_state.get("fy"), st.session_state.get("q")
    if fy is None or quarter is None:
        st.info(t("no_data", lang), icon=":material/info:")
        st.stop()
    return int(fy), int(quarter)


def store_caption(lang: str) -> None:
    """The store version and when it last changed, at the foot of the sidebar."""
    meta = data.meta()
    when = ""
    if meta.written_at:
        stamp = dt.datetime.fromisoformat(meta.written_at).astimezone(dt.timezone(dt.timedelta(hours=7)))
        when = f" · {t('last_changed', lang)} {date_label(stamp.date(), lang)} {stamp:%H:%M}"
    st.sidebar.caption(f"{t('store_version', lang)} {meta.id}{when}")


def synthetic_banner(lang: str) -> None:
    if data.load("has_synthetic"):
        st.warning(t("synthetic_banner", lang), icon=":material/science:")


def downloads(filters: Filters, lang: str, key: str) -> None:
    """CSV and Excel buttons for exactly the rows ``filters`` selects."""
    left, right = st.columns(2)
    left.download_button(
        t("download_csv", lang),
        data=lambda: data.download_bytes(filters, ".csv"),
        file_name="bma-kpi-extract.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("download_xlsx", lang),
        data=lambda: data.download_bytes(filters, ".xlsx"),
        file_name="bma-kpi-extract.xlsx",
        key=f"{key}_xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


def empty(frame: pd.DataFrame | None, lang: str, message_key: str = "no_data") -> bool:
    """Say so in words when there is nothing to show; True if empty."""
    if frame is None or len(frame) == 0:
        st.info(t(message_key, lang), icon=":material/info:")
        return True
    return False


def thresholds(lang: str) -> None:
    """The thresholds of the computed status, in words: once per page that shows a status."""
    st.caption(explain.thresholds_text(lang))


def recorded_metrics(basis, lang: str) -> None:
    """BMA's recorded evaluation of the period (kpi_model.views.VerdictBasis), first: how
    many indicator-quarters BMA scored met, not met, not yet evaluated (and recorded nothing)."""
    rec = basis.recorded
    st.markdown(f"**{t('recorded_headline', lang, n=basis.indicator_count)}**")
    cols = st.columns(4)
    cols[0].metric(t("rec_met", lang), count(rec.met))
    cols[1].metric(
        t("rec_not_met", lang),
        count(rec.not_met),
        help=t("rec_not_met_help", lang, on_track=rec.on_track, behind=rec.behind),
    )
    cols[2].metric(t("rec_not_evaluated", lang), count(rec.not_evaluated), help=t("rec_not_evaluated_help", lang))
    cols[3].metric(t("rec_none", lang), count(rec.none))


def headline_metrics(head, lang: str, basis=None) -> None:
    """The headline of a period: BMA's recorded evaluation first (when ``basis``, a
    kpi_model.views.VerdictBasis, is given), then the five computed figures
    (kpi_model.views.Headline) under a line that names what they count, with their change
    against the quarter before; 'behind' going up is shown as bad."""
    cur = head.current
    if basis is not None:
        recorded_metrics(basis, lang)
        st.markdown(
            f"**{t('computed_headline', lang)}** · "
            + explain.basis_text(basis.indicator_count, basis.plans.as_dict(), basis.lower, basis.inferred, lang)
        )
    cols = st.columns(5)
    cols[0].metric(t("indicators_count", lang), count(cur.indicator_count))
    cols[1].metric(
        t("mean_score", lang),
        number(cur.mean_score_100, 1),
        delta=change(head.score_vs_previous),
        help=t("vs_previous_quarter", lang),
    )
    cols[2].metric(
        t("share_met", lang),
        percent(cur.share_met, 0),
        delta=share_change(head.met_vs_previous),
        help=t("vs_previous_quarter", lang),
    )
    cols[3].metric(
        t("share_behind", lang),
        percent(cur.share_behind, 0),
        delta=share_change(head.behind_vs_previous),
        delta_color="inverse",
        help=t("vs_previous_quarter", lang),
    )
    cols[4].metric(
        t("share_on_track", lang) + " / " + t("share_no_data", lang),
        f"{percent(cur.share_on_track, 0)} / {percent(cur.share_no_data, 0)}",
    )
