"""What the follow-up's widgets share across a rerun: the database (or a message why not),
the signed-in account, the message shown once after a save, the values forms open with, a
refused write said clearly, and the widget keys of one indicator's quarter.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from kpi_model import followup as fu
from kpi_model.errors import ConfigError, KpiError
from kpi_model.i18n import t
from ui import auth
from ui.followup_db import followup_db
from ui.format import md

__all__ = ["_db", "_done", "_flash", "_k", "_refused", "_start_forms", "account"]


_FLASH = "fu_flash"  # a success message to show once, after the rerun that shows the saved row
_RESET = "fu_reset"  # widget key → the value its form opens with after a save


def account() -> fu.Account | None:
    """The signed-in person's follow-up account as stored now, or None (not signed in, a
    secrets-only account, or an e-mail the database does not know): :func:`fu.can` refuses None."""
    found = getattr(auth.current_user(), "account", None)
    return found if isinstance(found, fu.Account) else None


def _db() -> fu.FollowupDB | None:
    """The database, or None with a message (the rest of the page still works)."""
    try:
        return followup_db()
    except (ConfigError, KpiError, OSError) as exc:
        lang = st.session_state.get("lang", "th")
        st.warning(t("fu_unavailable", lang, error=md(str(exc)[:300])), icon=":material/database:")
        return None


def _flash(scope: str) -> None:
    message = st.session_state.get(_FLASH)
    if isinstance(message, tuple) and message[0] == scope:
        st.session_state.pop(_FLASH, None)
        st.success(message[1], icon=":material/check_circle:")  # user text in it is escaped


def _done(scope: str, message: str, reset: dict[str, Any] | None = None) -> None:
    """After a save: say so after a rerun, whose forms open with ``reset`` (widget key → the
    value it opens with: empty, or the text just saved) instead of what was typed."""
    st.session_state[_RESET] = dict(reset or {})
    st.session_state[_FLASH] = (scope, message)
    st.rerun()


def _start_forms(defaults: dict[str, Any]) -> None:
    """Before a page's forms are drawn: the values a save asked them to open with, then
    ``defaults`` for any widget not drawn yet (set here, not as the widget's ``value``, so a
    reset can replace them)."""
    for key, value in st.session_state.pop(_RESET, {}).items():
        st.session_state[key] = value
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _refused(exc: Exception, lang: str) -> None:
    """A refused write as a clear message: each problem of an :class:`fu.Invalid`, else the
    error's own sentence. Quoted input is escaped (shown as text)."""
    if isinstance(exc, fu.Invalid):
        lines = [p.message_en if lang == "en" else p.message_th for p in exc.problems]
        st.error("\n\n".join(md(line) for line in lines), icon=":material/error:")
    elif isinstance(exc, fu.FollowupError):
        icon = ":material/timer:" if isinstance(exc, fu.RateLimited) else ":material/block:"
        st.error(md(exc.message(lang)), icon=icon)
    else:  # pragma: no cover - only the types above are raised by the writes
        raise exc


def _k(name: str, key: fu.NoteKey) -> str:
    return f"fu_{name}_{key.indicator_code}_{key.fiscal_year}_{key.quarter}"
