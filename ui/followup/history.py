"""The history of every change (DESIGN §9): who changed what, when, before → after, a line per
field; for one indicator's quarter and for one account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model.i18n import date_label, t
from ui.followup._labels import _role_label, _status_label, when_label
from ui.followup._state import _k
from ui.format import DASH

__all__ = ["_changes_table", "_history", "change_lines"]


def _shown_value(field: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return DASH
    if field == "status" and isinstance(value, str):
        return _status_label(value, lang)
    if field == "role" and isinstance(value, str):
        return _role_label(value, lang)
    if field == "due_date":
        try:
            return date_label(dt.date.fromisoformat(str(value)[:10]), lang)
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return t("fu_yes" if value else "fu_no", lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or DASH
    return str(value)


def _field_label(field: str, lang: str) -> str:
    key = f"fu_field_{field}"
    try:
        return t(key, lang)
    except KeyError:
        return field


def change_lines(change: fu.Change, lang: str) -> str:
    """What one history entry changed, a line per field: 'สถานะ: ยังดำเนินการ → เสร็จแล้ว'
    (a new row: 'field: value'); the revision counter is left out."""
    before, after = change.before or {}, change.after or {}
    lines = []
    for field in [*after.keys(), *(k for k in before if k not in after)]:
        if field == "revision":
            continue
        old, new = before.get(field), after.get(field)
        if field == "password":  # history says only that it changed, never to what
            lines.append(t("fu_password_changed", lang))
            continue
        if change.before is None:
            if new not in (None, "", []):
                lines.append(f"{_field_label(field, lang)}: {_shown_value(field, new, lang)}")
        elif old != new:
            lines.append(
                f"{_field_label(field, lang)}: {_shown_value(field, old, lang)} → {_shown_value(field, new, lang)}"
            )
    return " · ".join(lines) or DASH


def _history(db: fu.FollowupDB, key: fu.NoteKey, lang: str) -> None:
    _changes_table(fu.history_of(db, key), _k("history", key), "fu_history", lang)


def _changes_table(changes: tuple[fu.Change, ...], table_key: str, title: str, lang: str) -> None:
    """History entries, newest first, in an expander: when, who, which row, before → after."""
    with st.expander(t(title, lang, n=len(changes))):
        if not changes:
            st.caption(t("fu_no_history", lang))
            return
        st.dataframe(
            pd.DataFrame(
                {
                    "when": [when_label(c.changed_at, lang) for c in changes],
                    "who": [c.changed_by for c in changes],
                    "entity": [f"{t(f'fu_entity_{c.entity}', lang)} {c.entity_id}" for c in changes],
                    "change": [change_lines(c, lang) for c in changes],
                }
            ),
            hide_index=True,
            key=table_key,
            width="stretch",
            column_config={
                "when": st.column_config.TextColumn(t("fu_when", lang)),
                "who": st.column_config.TextColumn(t("fu_who", lang)),
                "entity": st.column_config.TextColumn(t("fu_entity", lang)),
                "change": st.column_config.TextColumn(t("fu_change", lang), width="large"),
            },
        )
