"""The one action per item of the review queue (DESIGN §6), for signed-in editors only.

Anyone else (a visitor, a signed-in viewer, a session whose account was removed) sees the queue
and a line saying who can decide, never a button: the check is :func:`ui.auth.is_editor`, the
same as the Import page and the settings editor, made on every run (fail closed). An editor
picks an item, may add a note, then confirms it or decides otherwise;
:func:`kpi_model.settings.record_decision` writes the one settings row (versioned, logged, set
by the editor, now). A fiscal year inferred wrongly is not a setting: "otherwise" shows the
command that imports the page again with the right year, and writes nothing.

Text that came from a page or a person (the evidence, the note, a file name in the command) is
shown with ``st.text`` / ``st.code`` / ``st.dataframe``, never as markdown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import views
from kpi_model.errors import StoreLocked
from kpi_model.i18n import t
from kpi_model.inference import CONFIRMED, INFERENCES, OTHERWISE
from kpi_model.review import EVERY_YEAR_KINDS, REIMPORT_ONLY
from kpi_model.settings import record_decision
from kpi_model.store import Store
from ui import auth

__all__ = ["ITEM_KEY", "can_decide", "render_decision", "saved_notice"]

ITEM_KEY = "review_item"  # the picker's widget key
_SAVED = "review_saved"  # the version a decision wrote: said once, after the rerun
_PICKED = "_review_last_pick"  # the table row last taken into the picker
_NOTE = "review_note"
_CLEAR = "_review_clear_note"


def _means(code: str, lang: str) -> tuple[str, str]:
    inference = INFERENCES[code]
    if lang == "en":
        return inference.confirm_en, inference.otherwise_en
    return inference.confirm_th, inference.otherwise_th


def can_decide() -> bool:
    """The signed-in user may decide items (an editor); checked on every run."""
    return auth.is_editor(auth.current_user())


def saved_notice(lang: str) -> None:
    """The success line of the decision the last run saved (shown once)."""
    version = st.session_state.pop(_SAVED, None)
    if version:
        st.success(t("review_saved", lang, version=version), icon=":material/check_circle:")


def render_decision(store: Store, queue: Any, picked_row: int | None, lang: str) -> None:
    """The decision form for ``queue`` (:class:`kpi_model.views.ReviewQueue`): for editors a
    picker (the table's selected row ``picked_row`` chooses it), a note and the two buttons;
    for anyone else one line and nothing to click."""
    st.subheader(t("review_decide", lang))
    user = auth.current_user()
    if not auth.is_editor(user):
        st.caption(t("review_sign_in", lang))
        return
    assert user is not None
    keys = [i.pending.key for i in queue.items]
    if picked_row is not None and 0 <= picked_row < len(keys) and st.session_state.get(_PICKED) != keys[picked_row]:
        st.session_state[_PICKED] = keys[picked_row]
        st.session_state[ITEM_KEY] = keys[picked_row]
    if st.session_state.get(ITEM_KEY) not in keys:
        st.session_state[ITEM_KEY] = keys[0]
    labels = {i.pending.key: views.review_item_label(i, lang) for i in queue.items}
    chosen = st.selectbox(
        t("review_pick", lang),
        keys,
        key=ITEM_KEY,
        format_func=lambda k: labels.get(k, k),
        help=t("review_pick_hint", lang),
    )
    item = queue.item(chosen)
    if item is None:
        return
    confirm_means, otherwise_means = _means(item.pending.code, lang)
    st.text("\n".join(views.review_item_lines(item, lang)))  # the page's words: never markdown
    if st.session_state.pop(_CLEAR, False):
        st.session_state[_NOTE] = ""
    note = st.text_input(t("review_note", lang), key=_NOTE)
    every_year = st.checkbox(
        t("review_every_year", lang),
        key="review_every_year",
        value=False,
        disabled=item.pending.code not in EVERY_YEAR_KINDS,
        help=t("review_every_year_help", lang),
    )
    left, right = st.columns(2)
    left.caption(confirm_means)
    confirm = left.button(t("review_confirm", lang), key="review_confirm", type="primary", icon=":material/check:")
    otherwise = False
    if item.pending.code in REIMPORT_ONLY:
        right.caption(t("review_reimport_command", lang))
        right.code(views.review_reimport_command(store, item), language="bash", wrap_lines=True)
    else:
        right.caption(otherwise_means)
        otherwise = right.button(t("review_otherwise", lang), key="review_otherwise", icon=":material/swap_horiz:")
    if not (confirm or otherwise):
        return
    try:
        result = record_decision(
            store,
            item.pending,
            CONFIRMED if confirm else OTHERWISE,
            user.name,
            note or None,
            every_year=bool(every_year) and item.pending.code in EVERY_YEAR_KINDS,
        )
    except StoreLocked:
        st.error(t("import_locked", lang), icon=":material/hourglass_top:")
        return
    if result.rejected:
        st.error(t("review_rejected", lang), icon=":material/block:")
        st.dataframe(
            pd.DataFrame(
                {t("message", lang): [p.message_en if lang == "en" else p.message_th for p in result.rejected]}
            ),
            hide_index=True,
            key="review_problems",
        )
        return
    st.session_state[_SAVED] = result.version
    for key in (ITEM_KEY, _PICKED):  # the next item starts from a clean form
        st.session_state.pop(key, None)
    st.session_state[_CLEAR] = True  # the note box is emptied before it is drawn again
    st.rerun()
