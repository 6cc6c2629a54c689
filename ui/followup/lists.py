"""The follow-up's lists: the overview's two counts and their lists, the open and overdue
actions per agency (agencies and districts pages) and a person's own to-do (my follow-up);
a picked row opens the indicator page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model import views
from kpi_model.columns import column_label
from kpi_model.i18n import agency_label, date_label, name_of, period_label, t
from ui import auth, data, url
from ui.followup._labels import _role_label, today
from ui.followup._state import _db, account
from ui.followup.actions import _actions_config, _actions_frame
from ui.followup.transfer import _export, _import
from ui.followup_db import followup_db, followup_db_url
from ui.format import count, is_missing, md

__all__ = ["LIST_CAP", "agency_actions", "my_followup_page", "overview_section"]


def _names(codes: Iterable[str], fiscal_year: int | None, lang: str) -> dict[str, str]:
    """Indicator code → its name in ``lang`` (codes the store no longer holds: absent)."""
    wanted = tuple(sorted({str(c) for c in codes}))
    if not wanted:
        return {}
    found = data.load(views.indicator_names, wanted, fiscal_year)
    return {c: name_of(th, en, lang) for c, th, en in zip(found["indicator_code"], found["name_th"], found["name_en"])}


def _open_indicator(code: str, fiscal_year: int | None, quarter: int | None) -> None:
    """Open the indicator page on ``code`` at that year and quarter (a picked row of a list)."""
    if fiscal_year is not None:
        url.keep("fy", fiscal_year)
    if quarter is not None:
        url.keep("q", quarter)
    st.switch_page("pages/indicator.py", query_params=url.link_params(code=code, fy=fiscal_year, q=quarter))


def _picked(event: Any) -> int | None:
    rows = event.selection.rows if event is not None else []
    return int(rows[0]) if rows else None


def _indicator_list(frame: pd.DataFrame, key: str, lang: str, fiscal_year: int | None, quarter: int | None) -> None:
    """A list of indicators (code, name, agency) whose picked row opens the indicator page."""
    st.caption(t("fu_open_hint", lang))
    event = st.dataframe(
        frame,
        hide_index=True,
        key=key,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "indicator_code": st.column_config.TextColumn(t("indicator_code", lang)),
            "name": st.column_config.TextColumn(column_label("name", lang), width="large"),
            "agency_name": st.column_config.TextColumn(t("agency", lang), width="medium"),
        },
    )
    if (row := _picked(event)) is not None:
        _open_indicator(str(frame.iloc[row]["indicator_code"]), fiscal_year, quarter)


def _behind_frame(codes: Iterable[str], behind: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows of ``behind`` (a :func:`kpi_model.views.behind_indicators` frame) for ``codes``."""
    wanted = set(codes)
    rows = behind[behind["indicator_code"].isin(wanted)]
    return pd.DataFrame(
        {
            "indicator_code": list(rows["indicator_code"]),
            "name": [name_of(th, en, lang) for th, en in zip(rows["name_th"], rows["name_en"])],
            "agency_name": [
                agency_label(c, th, en, lang)
                for c, th, en in zip(rows["agency_code"], rows["agency_name_th"], rows["agency_name_en"])
            ],
        }
    )


# ---- the overview -----------------------------------------------------------------------------
#: The most rows a follow-up list draws on a page (a large store has tens of thousands behind;
#: the export holds them all).
LIST_CAP = 500


@st.cache_data(show_spinner=False, max_entries=64)
def _overview_counts(
    store_version: str, last_change: tuple[int, int], url: str, fiscal_year: int, quarter: int, day: dt.date
) -> fu.OverviewCounts:
    """:func:`fu.overview_counts`, cached per store version and follow-up database state
    (``last_change`` moves with every write), so a warm overview does not re-read either."""
    behind = data.load(views.behind_indicators, fiscal_year, quarter)
    return fu.overview_counts(followup_db(), tuple(behind["indicator_code"]), fiscal_year, quarter, day)


def overview_section(fiscal_year: int, quarter: int, lang: str) -> fu.OverviewCounts | None:
    """ "Behind with no analysis or action: N" and "actions overdue: N" for the quarter, each
    with its list; a picked row opens the indicator. Returns the counts shown."""
    db = _db()
    if db is None:
        return None
    counts = _overview_counts(data.version(), fu.last_change(db), followup_db_url(), fiscal_year, quarter, today())
    st.subheader(t("fu_overview", lang))
    st.caption(t("fu_as_of", lang, day=date_label(counts.as_of, lang)))
    left, right = st.columns(2)
    left.metric(t("fu_behind_without", lang), count(counts.n_behind_without_followup), border=True)
    right.metric(t("fu_overdue", lang), count(counts.n_overdue), border=True)
    label = t("fu_behind_without", lang)
    with st.expander(t("fu_list_count", lang, label=label, n=count(counts.n_behind_without_followup))):
        if not counts.behind_without_followup:
            st.caption(t("fu_none_behind_without", lang))
        else:
            shown = counts.behind_without_followup[:LIST_CAP]
            if len(shown) < counts.n_behind_without_followup:
                st.caption(t("rows_capped", lang, shown=len(shown), n=counts.n_behind_without_followup))
            frame = _behind_frame(shown, data.load(views.indicator_names, tuple(shown), fiscal_year), lang)
            _indicator_list(frame, "fu_overview_behind", lang, fiscal_year, quarter)
    label = t("fu_overdue", lang)
    with st.expander(t("fu_list_count", lang, label=label, n=count(counts.n_overdue))):
        if not counts.overdue_actions:
            st.caption(t("fu_none_overdue", lang))
        else:
            _action_list(counts.overdue_actions, "fu_overview_overdue", lang)
    return counts


def _action_list(actions: tuple[fu.Action, ...], key: str, lang: str) -> None:
    """Actions with their indicator; a picked row opens the indicator at the action's quarter."""
    names = _names((a.key.indicator_code for a in actions), None, lang)
    frame = _actions_frame(actions, lang, names)
    config = _actions_config(lang)
    st.caption(t("fu_open_hint", lang))
    event = st.dataframe(
        frame.drop(columns=["closing_note", "updated"]),
        hide_index=True,
        key=key,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config={c: config[c] for c in frame.columns if c not in ("closing_note", "updated")},
    )
    if (row := _picked(event)) is not None:
        chosen = actions[row].key
        _open_indicator(chosen.indicator_code, chosen.fiscal_year, chosen.quarter)


# ---- the agencies and districts pages -----------------------------------------------------------
def agency_actions(lang: str, agency_codes: Collection[str] | None = None, key: str = "fu_by_agency") -> None:
    """Open and overdue actions per agency (of ``agency_codes`` when given), as a small table."""
    db = _db()
    if db is None:
        return
    wanted = (
        None if agency_codes is None else {str(c) for c in agency_codes if not is_missing(c)}
    )  # a league's city row has none
    rows = fu.actions_by_agency(db, today(), wanted)
    st.subheader(t("fu_by_agency", lang))
    st.caption(t("fu_as_of", lang, day=date_label(today(), lang)))
    if not rows:
        st.caption(t("fu_no_open_actions", lang))
        return
    known = data.load(views.agencies)
    names = {c: (th, en) for c, th, en in zip(known["agency_code"], known["name_th"], known["name_en"])}
    st.dataframe(
        pd.DataFrame(
            {
                "agency": [agency_label(r.agency_code, *names.get(r.agency_code, (None, None)), lang) for r in rows],
                "open": [r.n_open for r in rows],
                "overdue": [r.n_overdue for r in rows],
            }
        ).sort_values(["overdue", "open"], ascending=False),
        hide_index=True,
        key=key,
        width="stretch",
        column_config={
            "agency": st.column_config.TextColumn(t("agency", lang), width="large"),
            "open": st.column_config.NumberColumn(t("fu_open_n", lang)),
            "overdue": st.column_config.NumberColumn(t("fu_overdue_n", lang)),
        },
    )


# ---- my follow-up -------------------------------------------------------------------------------
def my_followup_page(lang: str) -> None:
    """A signed-in person's to-do: their agencies' indicators behind without an analysis, their
    actions due; the export of actions and analyses; the import of actions (analysts, admins)."""
    st.title(t("fu_my_title", lang))
    db = _db()
    if db is None:
        st.stop()
    user = account()
    seen = fu.can(user, "view")
    if user is None or not seen:
        reason = seen.reason(lang) if auth.current_user() is None else t("fu_no_account", lang)
        st.info(t("fu_sign_in_first", lang, reason=md(reason)), icon=":material/lock:")
        st.stop()
    fy, quarter = st.session_state.get("fy"), st.session_state.get("q")
    if fy is None or quarter is None:
        st.info(t("no_data", lang), icon=":material/info:")
        st.stop()
    fy, quarter = int(fy), int(quarter)
    st.caption(period_label(fy, quarter, lang))
    if user.role == "agency_editor":
        st.caption(t("fu_my_scope_editor", lang, agencies=md(", ".join(sorted(user.agencies)))))
    elif user.role in ("analyst", "admin"):
        st.caption(t("fu_my_scope_all", lang, role=_role_label(user.role, lang)))
    else:
        st.caption(t("fu_my_scope_viewer", lang))
    behind = data.load(views.behind_indicators, fy, quarter)
    mine = fu.my_followup(db, user, tuple(behind["indicator_code"]), fy, quarter, today())
    st.subheader(t("fu_my_behind", lang))
    if not mine.behind_without_analysis:
        st.caption(t("fu_my_none_behind", lang))
    else:
        _indicator_list(_behind_frame(mine.behind_without_analysis, behind, lang), "fu_my_behind", lang, fy, quarter)
    st.subheader(t("fu_my_due", lang, n=len(mine.actions_due), overdue=len(mine.overdue)))
    if not mine.actions_due:
        st.caption(t("fu_my_none_due", lang))
    else:
        _action_list(mine.actions_due, "fu_my_due", lang)
    _export(db, lang)
    _import(db, user, lang)
