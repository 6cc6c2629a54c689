"""The actions agreed for an indicator's quarter: the table (also used by the lists), the form
that adds one and the form that changes one's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model.i18n import date_label, period_label, t
from ui.followup._labels import _status_label, today, when_label
from ui.followup._state import _done, _k, _refused, _start_forms
from ui.format import DASH

__all__ = ["_actions", "_actions_config", "_actions_frame"]


def _actions_frame(actions: Iterable[fu.Action], lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Actions as table rows (text cells only: a table never renders markup)."""
    as_of = today()
    rows = []
    for a in actions:
        row: dict[str, Any] = {"id": a.id}
        if names is not None:
            row["indicator"] = f"{a.key.indicator_code} {names.get(a.key.indicator_code, '')}".strip()
            row["period"] = period_label(a.key.fiscal_year, a.key.quarter, lang)
        row |= {
            "what": a.what,
            "owner": a.owner,
            "due": date_label(a.due_date, lang) + (f" ({t('fu_overdue_mark', lang)})" if a.is_overdue(as_of) else ""),
            "status": _status_label(a.status, lang),
            "closing_note": a.closing_note or DASH,
            "updated": f"{a.updated_by} · {when_label(a.updated_at, lang)}",
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _actions_config(lang: str) -> dict[str, Any]:
    return {
        "id": st.column_config.NumberColumn(t("fu_number", lang), width="small"),
        "indicator": st.column_config.TextColumn(t("page_indicator", lang), width="medium"),
        "period": st.column_config.TextColumn(t("fu_period", lang)),
        "what": st.column_config.TextColumn(t("fu_what", lang), width="large"),
        "owner": st.column_config.TextColumn(t("fu_owner", lang)),
        "due": st.column_config.TextColumn(t("fu_due", lang)),
        "status": st.column_config.TextColumn(t("fu_status", lang), width="small"),
        "closing_note": st.column_config.TextColumn(t("fu_closing_note", lang), width="medium"),
        "updated": st.column_config.TextColumn(t("fu_updated_by", lang)),
    }


def _actions(
    db: fu.FollowupDB,
    user: fu.Account | None,
    key: fu.NoteKey,
    actions: tuple[fu.Action, ...],
    write: bool,
    lang: str,
) -> None:
    st.markdown(f"**{t('fu_actions', lang)}**")
    seen_key = _k("seen_actions", key)
    seen_before: dict[int, int] = st.session_state.get(seen_key, {})
    st.session_state[seen_key] = {a.id: a.revision for a in actions}  # what this run shows
    if not actions:
        st.caption(t("fu_no_actions", lang))
    else:
        config = _actions_config(lang)
        frame = _actions_frame(actions, lang)
        st.dataframe(
            frame,
            hide_index=True,
            key=_k("actions_table", key),
            width="stretch",
            column_config={c: config[c] for c in frame.columns},
        )
    if not write or user is None:
        return
    what_key, owner_key, due_key = _k("what", key), _k("owner", key), _k("due", key)
    pick_key, status_key, note_key = _k("pick", key), _k("status", key), _k("closing", key)
    _start_forms({what_key: "", owner_key: "", due_key: "", status_key: "done", note_key: ""})
    expanded = not actions
    with st.expander(t("fu_add_action", lang), expanded=expanded), st.form(_k("action_form", key), border=False):
        what = st.text_area(t("fu_what", lang), key=what_key, height=80)
        owner = st.text_input(t("fu_owner", lang), key=owner_key)
        due = st.text_input(t("fu_due_input", lang), key=due_key, placeholder="31/03/2569")
        added = st.form_submit_button(t("fu_save_action", lang), icon=":material/add_task:")
    if added:
        try:
            made = fu.add_action(db, user, key, what, owner, due)
        except fu.FollowupError as exc:
            _refused(exc, lang)
        else:
            _done(
                f"indicator:{key}", t("fu_saved_action", lang, id=made.id), {what_key: "", owner_key: "", due_key: ""}
            )
    if not actions:
        return
    by_id = {a.id: a for a in actions}
    with st.expander(t("fu_update_action", lang)), st.form(_k("status_form", key), border=False):
        picked = st.selectbox(
            t("fu_pick_action", lang),
            list(by_id),
            key=pick_key,
            format_func=lambda i: f"{i}: {by_id[i].what[:60]} ({_status_label(by_id[i].status, lang)})",
        )
        status = st.radio(
            t("fu_new_status", lang),
            list(fu.ACTION_STATUSES),
            key=status_key,
            horizontal=True,
            format_func=lambda s: _status_label(s, lang),
        )
        closing = st.text_area(t("fu_closing_note", lang), key=note_key, height=80)
        changed = st.form_submit_button(t("fu_save_status", lang), icon=":material/task_alt:")
    if not changed or picked is None:
        return
    base = seen_before.get(int(picked), by_id[int(picked)].revision)
    try:
        saved = fu.update_action(db, user, int(picked), base, status=status, closing_note=closing)
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    _done(f"indicator:{key}", t("fu_saved_action", lang, id=saved.id), {status_key: "done", note_key: ""})
