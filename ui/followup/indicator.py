"""The indicator page's follow-up, beside the verdict: the analysis and the thread side by
side, the actions, the history.
"""

from __future__ import annotations

import streamlit as st

from kpi_model import followup as fu
from kpi_model.i18n import period_label, t
from ui.followup._state import _db, _flash, account
from ui.followup.actions import _actions
from ui.followup.analysis import _analysis
from ui.followup.comments import _comments
from ui.followup.history import _history
from ui.format import md

__all__ = ["indicator_section"]


def indicator_section(code: str, fiscal_year: int, quarter: int, status: str | None, lang: str) -> None:
    """The quarter's follow-up beside the verdict: the owner's analysis (a form for whoever
    :func:`fu.can` lets write, else a sentence saying why not), the actions, the comment
    thread and the history of every change."""
    db = _db()
    if db is None:
        return
    key = fu.note_key(code, fiscal_year, quarter)
    st.subheader(t("fu_title", lang, period=period_label(fiscal_year, quarter, lang)))
    if status == "behind":
        st.warning(t("fu_behind_note", lang), icon=":material/trending_down:")
    _flash(f"indicator:{key}")
    user = account()
    write = fu.can(user, "write", key.agency_code)
    comment = fu.can(user, "comment", key.agency_code)
    if not write:
        st.info(t("fu_read_only", lang, reason=md(write.reason(lang))), icon=":material/lock:")
    note = fu.followup_of(db, key)
    left, right = st.columns(2)  # the owner's analysis beside the thread it is discussed in
    with left:
        _analysis(db, user, key, note.analysis, bool(write), lang)
    with right:
        _comments(db, user, key, note.comments, bool(comment), lang)
    _actions(db, user, key, note.actions, bool(write), lang)  # full width: a table of several columns
    _history(db, key, lang)
