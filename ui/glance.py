"""The overview's first screen (issue 25): what an executive came for, before any scrolling,
on a phone (390 × 844) as on a desktop — the city's mean score and its change, the shares met
and behind (not met, once the year is over), the dimension and the agencies furthest behind,
each a tap from its detail, and BMA's recorded evaluation; what the figures count and which
plans they were measured against one tap away (an expander)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import labels
from kpi_model.i18n import agency_label, name_of, period_label, t
from ui import url, widgets
from ui.format import DASH, change, count, md, number, percent, share_change

__all__ = [
    "METRIC_WIDTH",
    "first_screen",
]

METRIC_WIDTH = 160  # px: two figures side by side on a phone (358 px of content), four on a desktop
# A link's label wraps instead of being cut with "…" (a cut Thai name can read as another name).
_WRAPPED_LINKS = (
    "<style>.st-key-glance_worst [data-testid='stPageLink-NavLink'] *,"
    ".st-key-glance_behind [data-testid='stPageLink-NavLink'] *"
    "{white-space:normal!important;overflow:visible!important;text-overflow:clip!important}</style>"
)


def first_screen(
    head: Any,
    glance: Any,
    basis: Any,
    behind: pd.DataFrame,
    lang: str,
    *,
    worst_label: str = "worst_dimension",
    caption: bool = True,
) -> None:
    """The first screen for ``head`` (views.Headline), ``glance`` (views.Glance), ``basis``
    (views.VerdictBasis) and ``behind`` (views.agencies_behind): the overview's, and the
    strategy page's for a branch (``worst_label`` names the level of its worst branch;
    ``caption`` False when the page has said the period already)."""
    fy, quarter = glance.period.fiscal_year, glance.period.quarter
    if caption:
        st.caption(period_label(fy, quarter, lang))
    st.html(_WRAPPED_LINKS)
    cur = head.current
    with st.container(horizontal=True, gap="small", key="glance_figures"):
        st.metric(
            t("mean_score", lang),
            number(cur.mean_score_100, 1),
            help=t("vs_previous_quarter", lang),
            width=METRIC_WIDTH,
            **widgets._delta(head.score_vs_previous),
        )
        st.metric(
            t("share_met", lang),
            percent(cur.share_met, 0),
            help=t("vs_previous_quarter", lang),
            width=METRIC_WIDTH,
            **widgets._delta(head.met_vs_previous, share=True),
        )
        if glance.year_end:
            st.metric(
                t("share_not_met", lang),
                percent(glance.share_not_met, 0),
                help=t(
                    "share_not_met_help",
                    lang,
                    on_track=percent(cur.share_on_track, 0),
                    behind=percent(cur.share_behind, 0),
                ),
                width=METRIC_WIDTH,
            )
        else:
            st.metric(
                t("share_behind", lang),
                percent(cur.share_behind, 0),
                help=t("vs_previous_quarter", lang),
                width=METRIC_WIDTH,
                **widgets._delta(head.behind_vs_previous, share=True, inverse=True),
            )
        worst = glance.worst_branch
        with st.container(width=METRIC_WIDTH, gap=None, key="glance_worst"):
            st.metric(
                t(worst_label, lang),
                DASH if worst is None else number(worst.mean_score_100, 1),
                help=None if worst is None else t("worst_dimension_help", lang, behind=percent(worst.share_behind, 0)),
            )
            if worst is not None:
                st.page_link(
                    "pages/strategy.py",
                    label=md(f"{worst.strategy_code} {name_of(worst.name_th, worst.name_en, lang)}"),
                    icon=":material/account_tree:",
                    query_params=url.link_params(strategy=worst.strategy_code, fy=fy, q=quarter),
                )
    left, right = st.columns(2, gap="medium")
    with left.container(key="glance_behind"):
        _furthest_behind(behind, fy, quarter, lang)
    with right:
        _recorded(basis, lang)
        _provenance(head, basis, lang)


def _furthest_behind(behind: pd.DataFrame, fy: int, quarter: int, lang: str, shown: int = 3) -> None:
    """The agencies furthest behind, each a link to its view on the agencies page."""
    st.markdown(f"**{t('furthest_behind', lang)}**")
    if len(behind) == 0:
        st.caption(t("no_agencies_behind", lang, limit=labels.behind_limit()))
        return
    for code, th, en, score in list(
        zip(behind["agency_code"], behind["name_th"], behind["name_en"], behind["mean_score_100"])
    )[:shown]:
        st.page_link(
            "pages/agencies.py",
            label=t("furthest_behind_link", lang, agency=md(agency_label(code, th, en, lang)), score=number(score, 1)),
            icon=":material/trending_down:",
            query_params=url.link_params(agency=[code], years=[fy], quarters=[quarter]),
        )


def _recorded(basis: Any, lang: str) -> None:
    """BMA's recorded evaluation: one line when it says one thing, its figures otherwise."""
    rec = basis.recorded
    line = labels.recorded_line(rec.met, rec.not_met, rec.not_evaluated, rec.none, lang)
    if line is not None:
        st.markdown(f"**{line}**")
        return
    st.markdown(f"**{t('recorded_headline', lang, n=basis.indicator_count)}**")
    with st.container(horizontal=True, gap="small", key="glance_recorded"):
        st.metric(t("rec_met", lang), count(rec.met), width="content")
        st.metric(
            t("rec_not_met", lang),
            count(rec.not_met),
            help=t("rec_not_met_help", lang, on_track=rec.on_track, behind=rec.behind),
            width="content",
        )
        st.metric(
            t("rec_not_evaluated", lang),
            count(rec.not_evaluated),
            help=t("rec_not_evaluated_help", lang),
            width="content",
        )
        if rec.none:
            st.metric(t("rec_none", lang), count(rec.none), width="content")


def _provenance(head: Any, basis: Any, lang: str) -> None:
    """What the figures count, the plans they were measured against, the other shares and the
    change on last year: one tap away."""
    cur = head.current
    with st.expander(t("provenance", lang), icon=":material/info:"):
        st.markdown(
            f"**{t('computed_headline', lang)}** · "
            + labels.basis_text(basis.indicator_count, basis.plans.as_dict(), basis.lower, basis.inferred, lang)
        )
        st.markdown(
            f"{t('indicators_count', lang)} {count(cur.indicator_count)} · "
            f"{t('share_on_track', lang)} {percent(cur.share_on_track, 0)} · "
            f"{t('share_behind', lang)} {percent(cur.share_behind, 0)} · "
            f"{t('share_no_data', lang)} {percent(cur.share_no_data, 0)}"
        )
        note = widgets.comparison_note(head.vs_previous, lang, "compared_on_previous")
        if note:
            st.caption(note)
        if head.vs_last_year is None:
            st.caption(f"{t('vs_last_year', lang)}: {t('no_comparison', lang)}")
        else:
            st.caption(
                f"{t('vs_last_year', lang)}: {t('mean_score', lang)} {change(head.score_vs_last_year) or DASH} · "
                f"{t('share_met', lang)} {share_change(head.met_vs_last_year) or DASH} · "
                f"{t('share_behind', lang)} {share_change(head.behind_vs_last_year) or DASH}"
                + (
                    f" · {note}"
                    if (note := widgets.comparison_note(head.vs_last_year, lang, "compared_on_last_year"))
                    else ""
                )
            )
