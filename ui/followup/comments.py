"""The thread between analyst and owner on an indicator's quarter: the comments, oldest
first, and the form to post one for whoever may.
"""

from __future__ import annotations

import streamlit as st

from kpi_model import followup as fu
from kpi_model.i18n import t
from ui.followup._labels import when_label
from ui.followup._state import _done, _k, _refused, _start_forms
from ui.format import md

__all__ = ["_comments"]


def _comments(
    db: fu.FollowupDB,
    user: fu.Account | None,
    key: fu.NoteKey,
    comments: tuple[fu.Comment, ...],
    allowed: bool,
    lang: str,
) -> None:
    st.markdown(f"**{t('fu_comments', lang)}**")
    if not comments:
        st.caption(t("fu_no_comments", lang))
    for c in comments:
        with st.container(border=True):
            st.caption(t("fu_comment_by", lang, who=md(c.author), when=when_label(c.created_at, lang)))
            st.text(c.body)
    if not allowed or user is None:
        return
    body_key = _k("comment", key)
    _start_forms({body_key: ""})
    with st.form(_k("comment_form", key), border=False):
        body = st.text_area(t("fu_comment", lang), key=body_key, height=80)
        posted = st.form_submit_button(t("fu_post_comment", lang), icon=":material/send:")
    if not posted:
        return
    try:
        fu.add_comment(db, user, key, body)
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    _done(f"indicator:{key}", t("fu_posted", lang), {body_key: ""})
