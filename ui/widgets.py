"""Shared widgets: language and period in the sidebar (bound to the URL), banners, downloads.

Every widget has an explicit key; widgets bound with ``bind="query-params"`` keep their value
in the URL, so a link reproduces the view."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpi_model import labels, views
from kpi_model.brief import BriefError, PackRequest, chromium_path
from kpi_model.config import settings
from kpi_model.i18n import (
    LANGS,
    agency_label,
    date_label,
    fy_label,
    name_of,
    period_label,
    quarter_label,
    status_label,
    t,
    type_label,
)
from kpi_model.store import Filters
from ui import auth, data, url
from ui.format import change, count, is_missing, is_zero_change, md, number, percent, share_change
from ui.theme import HATCH_COLOR, MUTED_TEXT, NOT_EVALUATED_FILL, STATUS_COLORS, STATUS_ORDER

__all__ = [
    "FIGURE_CACHE_SIZE",
    "FLAG_TABLE_CAP",
    "agencies_filter",
    "brief_download",
    "chart",
    "comparison_note",
    "details_toggle",
    "downloads",
    "each",
    "empty",
    "figure",
    "headline_metrics",
    "indicator_type_filter",
    "language",
    "no_report_flag",
    "period",
    "period_or_stop",
    "recorded_metrics",
    "sidebar_period",
    "store_caption",
    "synthetic_banner",
    "thresholds",
    "years_filter",
]

FLAG_TABLE_CAP = 1_000  # flag rows a table shows (a reader filters for more); the download holds every one


def each(values: Iterable[object], word: Callable[[Any], str]) -> list[str]:
    """``word(v)`` for each of ``values``, worked once per distinct value (a missing value of
    any kind counts as one): a table's codes repeat on many rows."""
    done: dict[object, str] = {}
    missing: list[str] = []
    out = []
    for v in values:
        if is_missing(v):
            if not missing:
                missing.append(word(v))
            out.append(missing[0])
            continue
        try:
            out.append(done[v])
        except KeyError:
            out.append(done.setdefault(v, word(v)))
    return out


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
    years = data.load(views.fiscal_years)
    if not years:
        return None
    latest = data.load(views.latest_period)
    if latest is None:  # no indicator-year (the years above came from another table)
        return None
    fy = url.synced(
        st.sidebar.selectbox,
        t("fiscal_year", lang),
        years,
        key="fy",
        cast=int,
        default=latest.fiscal_year,
        format_func=lambda y: fy_label(y, lang),
        always=True,  # a shared link keeps its year when a newer one is imported
    )
    quarter = url.synced(
        st.sidebar.selectbox,
        t("quarter", lang),
        [1, 2, 3, 4],
        key="q",
        cast=int,
        default=latest.quarter,
        format_func=lambda q: quarter_label(q, lang),
        always=True,
    )
    return int(fy), int(quarter)


def sidebar_period() -> tuple[int, int] | None:
    """The period a page with its own period control starts from, without drawing anything:
    the link's ``fy`` and ``q`` when it carries them, else what the sidebar last held, else
    the latest reported period. None on an empty store."""
    years = data.load(views.fiscal_years)
    if not years:
        return None
    latest = data.load(views.latest_period)
    if latest is None:  # no indicator-year (the years above came from another table)
        return None

    def pick(key: str, options: list[int], fallback: int) -> int:
        for value in (st.query_params.get(key), url.current(key)):
            try:
                chosen = int(value) if value is not None else None
            except (TypeError, ValueError):
                continue
            if chosen in options:
                return chosen
        return fallback

    return pick("fy", list(years), latest.fiscal_year), pick("q", [1, 2, 3, 4], latest.quarter)


def period_or_stop(lang: str) -> tuple[int, int]:
    """The sidebar period chosen by the router; stops the page with a message on an empty store."""
    fy, quarter = st.session_state.get("fy"), st.session_state.get("q")
    if fy is None or quarter is None:
        st.info(t("no_data", lang), icon=":material/info:")
        st.stop()
    return int(fy), int(quarter)


def store_caption(lang: str) -> None:
    """When the data last changed (Bangkok time), at the foot of the sidebar. The version id
    is for the import page and the command line, not for readers."""
    meta = data.meta()
    if meta.written_at:
        stamp = dt.datetime.fromisoformat(meta.written_at).astimezone(dt.timezone(dt.timedelta(hours=7)))
        clock = f"{stamp:%H:%M} น." if lang == "th" else f"{stamp:%H:%M}"
        st.sidebar.caption(f"{t('last_changed', lang)} {date_label(stamp.date(), lang)} {clock}")
    if data.load(views.scoring_stale):
        st.sidebar.warning(t("scoring_stale", lang), icon=":material/sync_problem:")
    pulled = data.pull_status()
    if pulled is not None and pulled.stale and pulled.failing_since is not None:
        since = pulled.failing_since.astimezone(dt.timezone(dt.timedelta(hours=7)))
        st.warning(t("shared_unreachable", lang, since=f"{since:%H:%M}"), icon=":material/cloud_off:")


def synthetic_banner(lang: str) -> None:
    if data.load(views.has_synthetic):
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


def brief_download(request: PackRequest | None, lang: str, key: str) -> None:
    """The quarterly briefing pack (PDF) for the page's filters, made only when the button is
    clicked (Streamlit calls ``data`` then, on its own thread): a page view never starts
    chromium. Without a request (the filters ask for more than one pack covers), says what
    to choose instead."""
    if request is None:
        st.caption(t("brief_choose", lang))
        return
    try:
        chromium_path()  # a file check: the renderer is there, or the page says so instead
    except BriefError as exc:
        st.caption(t("brief_failed", lang, error=md(exc.message_en if lang == "en" else exc.message_th)))
        return
    st.download_button(
        t("brief_download", lang),
        data=lambda: data.brief_bytes(request, lang),
        file_name=request.file_name(lang),
        mime="application/pdf",
        key=key,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help=t("brief_help", lang),
    )
    if request.ignored:
        st.caption(t("brief_ignores", lang))


def empty(frame: pd.DataFrame | None, lang: str, message_key: str = "no_data") -> bool:
    """Say so in words when there is nothing to show; True if empty."""
    if frame is None or len(frame) == 0:
        st.info(t(message_key, lang), icon=":material/info:")
        return True
    return False


def thresholds(lang: str, recorded: bool = False) -> None:
    """The page's one legend (issue 25): each computed status in its colour with the rule that
    gives it; with ``recorded`` (a page that draws BMA's recorded bands too), the hatched "not
    yet evaluated" swatch and which of the two leads. Charts on the page leave their status
    key out and refer to this one. (Only our own labels go into the HTML, escaped.)"""
    met, on_track = _share(settings.met_ratio), _share(settings.on_track_ratio)
    rules = {
        "met": t("legend_met", lang, met=met),
        "on_track": t("legend_on_track", lang, met=met, on_track=on_track),
        "behind": t("legend_behind", lang, on_track=on_track),
        "no_data": t("legend_no_data", lang),
    }

    def item(fill: str, label: str, rule: str) -> str:
        return (
            '<span style="display:inline-flex;align-items:center;gap:.35rem;margin:0 1.1rem .25rem 0">'
            f'<span aria-hidden="true" style="width:.95rem;height:.95rem;border-radius:2px;flex:none;'
            f'background:{fill};outline:1px solid {MUTED_TEXT}33"></span>'
            f"<span><b>{escape(label)}</b> {escape(rule)}</span></span>"
        )

    items = "".join(item(STATUS_COLORS[s], status_label(s, lang), rules[s]) for s in STATUS_ORDER)
    if recorded:
        hatch = f"repeating-linear-gradient(135deg,{HATCH_COLOR} 0 1.5px,{NOT_EVALUATED_FILL} 1.5px 5px)"
        items += item(hatch, t("rec_not_evaluated", lang), t("legend_recorded_note", lang))
    st.html(
        f'<div role="group" class="kpi-legend" aria-label="{escape(t("legend_title", lang))}" '
        f'style="display:flex;flex-wrap:wrap;font-size:.9rem;line-height:1.4">'
        f'<span style="margin-right:.8rem;color:{MUTED_TEXT}">{escape(t("legend_title", lang))}:</span>{items}</div>'
    )


def _share(ratio: float) -> str:
    return f"{100 * ratio:g}%"


FIGURE_CACHE_SIZE = 256  # figures kept per process, the least recently drawn dropped first
_figures: OrderedDict[tuple, tuple[str | None, go.Figure]] = OrderedDict()
_figures_lock = threading.Lock()


def _fingerprint(value: object) -> object:
    """A hashable stand-in for a builder's argument: itself when it is a plain value, else the
    hash of its pickle (a frame's values, index, columns and dtypes; ~0.2 ms for a 50-row frame
    where hashing it row by row took 2 ms). Equal arguments pickle alike; if two ever did not,
    the figure would only be built again, never shown for the wrong data."""
    if isinstance(value, str | int | float | bool | None):
        return value
    return hashlib.blake2b(pickle.dumps(value, protocol=5)).digest()


def figure(
    build: Callable[..., go.Figure], *args: Any, legend: bool = True, **kwargs: Any
) -> tuple[str | None, go.Figure]:
    """``build(*args, **kwargs)`` as drawn (its title taken out, to go above it as page text),
    built once per store version and arguments, by content, in this process: a warm run draws
    the figure built before instead of building it again (issue 24). Returns (title, figure);
    the figure is shared: nothing may change it. Without ``legend`` the figure draws no legend
    of its own: the page's one legend (:func:`thresholds`) says what its colours mean."""
    cache_key = (
        data.version(),
        f"{build.__module__}.{build.__qualname__}",
        legend,
        tuple(_fingerprint(a) for a in args),
        tuple((k, _fingerprint(v)) for k, v in sorted(kwargs.items())),
    )
    with _figures_lock:
        hit = _figures.get(cache_key)
        if hit is not None:
            _figures.move_to_end(cache_key)
            return hit
    fig = build(*args, **kwargs)
    title = fig.layout.title.text
    if title:  # the title as page text above the chart: on a phone the legend wraps and would run into it
        fig.update_layout(title=None, margin={"t": 20})
    if not legend:
        fig.update_layout(showlegend=False)
    with _figures_lock:
        _figures[cache_key] = (title, fig)
        while len(_figures) > FIGURE_CACHE_SIZE:
            _figures.popitem(last=False)
    return title, fig


def chart(
    key: str,
    build: Callable[..., go.Figure],
    *args: Any,
    events: dict[str, Any] | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Any:
    """A plotly chart as every page draws it: ``build(*args, **kwargs)`` (a builder of
    :mod:`ui.charts`), built once per store version and arguments (:func:`figure`), with our
    own colours and fonts (not Streamlit's theme, whose grey axis text fails contrast), and no
    toolbar for viewers (its eight buttons are eight more keyboard stops and cover the title on
    a phone). Editors keep it on hover, for downloading a chart as a picture. ``events``
    (``on_select``, ``selection_mode``) goes to ``st.plotly_chart``, whose selection event is
    returned. Without ``legend``, the chart refers to the page's one legend (:func:`figure`)."""
    editor = auth.is_editor(auth.current_user())
    config: dict[str, Any] = {"displaylogo": False, "displayModeBar": "hover" if editor else False}
    title, fig = figure(build, *args, legend=legend, **kwargs)
    if title:
        st.markdown(f"**{md(title)}**")
    return st.plotly_chart(fig, key=key, config=config, theme=None, **(events or {}))


def indicator_type_filter(place: Any, lang: str) -> list[str]:
    """The indicator-type filter of a page (URL key ``type``), drawn in ``place`` (a column or
    ``st``): the types the store holds, none chosen meaning every type."""
    return url.synced(
        place.multiselect,
        t("indicator_type", lang),
        data.load(views.indicator_types),
        key="type",
        multi=True,
        format_func=lambda v: type_label(v, lang),
        placeholder=t("all", lang),
        select_all=False,
    )


def years_filter(place: Any, lang: str) -> list[int]:
    """The fiscal-years filter of a page (URL key ``years``), drawn in ``place``: the years the
    store holds, none chosen meaning every year."""
    return url.synced(
        place.multiselect,
        t("fiscal_years", lang),
        data.load(views.fiscal_years),
        key="years",
        multi=True,
        cast=int,
        format_func=lambda y: fy_label(y, lang),
        placeholder=t("all_years", lang),
        select_all=False,
    )


def agencies_filter(place: Any, lang: str) -> list[str]:
    """The agencies filter of a page (URL key ``agency``), drawn in ``place``: every agency by
    code and name, none chosen meaning every agency."""
    agencies = data.load(views.agencies)
    names = {
        c: f"{c} {name_of(th, en, lang)}"
        for c, th, en in zip(agencies["agency_code"], agencies["name_th"], agencies["name_en"])
    }
    return url.synced(
        place.multiselect,
        t("agencies", lang),
        list(names),
        key="agency",
        multi=True,
        format_func=lambda c: names.get(c, c),
        placeholder=t("all", lang),
        select_all=False,
    )


def details_toggle(lang: str, key: str) -> bool:
    """The switch that adds a table's detail columns (off: status, score, recorded score and
    name lead, so a phone shows them first)."""
    return st.toggle(t("show_details", lang), key=key, value=False)


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


def _delta(value: float | None, *, share: bool = False, inverse: bool = False) -> dict[str, Any]:
    """st.metric's delta arguments for a change: no arrow or colour for one that rounds to 0."""
    shown = share_change(value) if share else change(value)
    if is_zero_change(value, share=share):
        return {"delta": shown, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": shown, "delta_color": "inverse" if inverse else "normal"}


def comparison_note(comparison, lang: str, key: str) -> str | None:
    """'compared on the 598 indicators both quarters hold (this quarter 600, the other 599)'
    when two periods hold different indicators; None when they hold the same ones."""
    if comparison is None or comparison.same_set:
        return None
    return t(key, lang, matched=comparison.matched, now=comparison.now_count, then=comparison.then_count)


def headline_metrics(head, lang: str, basis=None) -> None:
    """The headline of a period: BMA's recorded evaluation first (when ``basis``, a
    kpi_model.views.VerdictBasis, is given), then the five computed figures
    (kpi_model.views.Headline) under a line that names what they count, with their change
    against the quarter before, measured on the indicators both quarters hold (the page says
    so when the sets differ); 'behind' going up is shown as bad, no change has no arrow."""
    cur = head.current
    if basis is not None:
        recorded_metrics(basis, lang)
        st.markdown(
            f"**{t('computed_headline', lang)}** · "
            + labels.basis_text(basis.indicator_count, basis.plans.as_dict(), basis.lower, basis.inferred, lang)
        )
    cols = st.columns(5)
    cols[0].metric(t("indicators_count", lang), count(cur.indicator_count))
    cols[1].metric(
        t("mean_score", lang),
        number(cur.mean_score_100, 1),
        help=t("vs_previous_quarter", lang),
        **_delta(head.score_vs_previous),
    )
    cols[2].metric(
        t("share_met", lang),
        percent(cur.share_met, 0),
        help=t("vs_previous_quarter", lang),
        **_delta(head.met_vs_previous, share=True),
    )
    cols[3].metric(
        t("share_behind", lang),
        percent(cur.share_behind, 0),
        help=t("vs_previous_quarter", lang),
        **_delta(head.behind_vs_previous, share=True, inverse=True),
    )
    cols[4].metric(
        t("share_on_track", lang) + " / " + t("share_no_data", lang),
        f"{percent(cur.share_on_track, 0)} / {percent(cur.share_no_data, 0)}",
    )
    note = comparison_note(head.vs_previous, lang, "compared_on_previous")
    if note:
        st.caption(note)


def no_report_flag(reporting: pd.DataFrame, fiscal_year: int, quarter: int, lang: str, quiet: bool = False) -> None:
    """The agency-quarter flag of :func:`kpi_model.views.reporting_completeness`: the agencies
    with no result reported in a due quarter, named, as a warning; a quarter not yet due, or
    every agency reporting, said in words (``quiet``: the warning only, for the quality page)."""
    if reporting is None or len(reporting) == 0:
        return
    silent = [
        agency_label(c, th, en, lang)
        for c, th, en, flagged in zip(
            reporting["agency_code"], reporting["name_th"], reporting["name_en"], reporting["no_reports"]
        )
        if flagged
    ]
    period = period_label(fiscal_year, quarter, lang)
    if silent:
        st.warning(
            f"{period} · {t('no_reports_flag', lang, n=len(silent), names=', '.join(md(s) for s in silent))}",
            icon=":material/report:",
        )
    elif quiet:
        return
    elif not bool(reporting["due"].iloc[0]):
        st.info(t("reporting_not_due", lang), icon=":material/schedule:")
    else:
        st.success(t("no_reports_none", lang), icon=":material/check_circle:")
