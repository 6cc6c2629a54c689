"""The owner's analysis of a quarter behind (why, next steps): the text as saved, the form to
write it for whoever may, and both texts side by side when someone saved first.
"""

from __future__ import annotations

import streamlit as st

from kpi_model import followup as fu
from kpi_model.i18n import t
from ui.followup._labels import when_label
from ui.followup._state import _done, _k, _refused, _start_forms
from ui.format import DASH, md

__all__ = ["_analysis"]


def _analysis(
    db: fu.FollowupDB, user: fu.Account | None, key: fu.NoteKey, analysis: fu.Analysis | None, write: bool, lang: str
) -> None:
    st.markdown(f"**{t('fu_analysis', lang)}**")
    if analysis is None:
        st.caption(t("fu_no_analysis", lang))
    else:
        with st.container(border=True):
            st.caption(
                t(
                    "fu_written_by",
                    lang,
                    revision=analysis.revision,
                    who=md(analysis.updated_by),
                    when=when_label(analysis.updated_at, lang),
                )
            )
            st.markdown(f"*{t('fu_why', lang)}*")
            st.text(analysis.why)
            st.markdown(f"*{t('fu_next', lang)}*")
            st.text(analysis.next_steps or DASH)
    if not write or user is None:
        return
    base_key, why_key, next_key = _k("base", key), _k("why", key), _k("next", key)
    # the revision the form's text was loaded from, kept until a save: a save on it is checked
    _start_forms(
        {
            base_key: analysis.revision if analysis else 0,
            why_key: analysis.why if analysis else "",
            next_key: analysis.next_steps if analysis else "",
        }
    )
    base = st.session_state[base_key]
    with (
        st.expander(t("fu_edit_analysis", lang), expanded=analysis is None),
        st.form(_k("analysis_form", key), border=False),
    ):
        why = st.text_area(t("fu_why", lang), key=why_key, height=120)
        steps = st.text_area(t("fu_next", lang), key=next_key)
        submitted = st.form_submit_button(t("fu_save_analysis", lang), icon=":material/save:")
    if not submitted:
        return
    try:
        saved = fu.save_analysis(db, user, key, why=why, next_steps=steps, base_revision=int(base))
    except fu.StaleAnalysis as stale:
        _stale(stale, lang)
        st.session_state[base_key] = stale.theirs.revision  # a second save replaces it knowingly
        return
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    _done(
        f"indicator:{key}",
        t("fu_saved_analysis", lang, revision=saved.revision),
        {base_key: saved.revision, why_key: saved.why, next_key: saved.next_steps},
    )


def _stale(stale: fu.StaleAnalysis, lang: str) -> None:
    """Someone saved first: both texts side by side, nothing lost (the form keeps the user's)."""
    st.error(md(stale.message(lang)), icon=":material/sync_problem:")
    theirs, yours = st.columns(2)
    with theirs, st.container(border=True):
        st.markdown(
            f"**{t('fu_stale_theirs', lang, revision=stale.theirs.revision, who=md(stale.theirs.updated_by))}**"
        )
        st.caption(t("fu_why", lang))
        st.text(stale.theirs.why)
        st.caption(t("fu_next", lang))
        st.text(stale.theirs.next_steps or DASH)
    with yours, st.container(border=True):
        st.markdown(f"**{t('fu_stale_yours', lang)}**")
        st.caption(t("fu_why", lang))
        st.text(stale.yours_why)
        st.caption(t("fu_next", lang))
        st.text(stale.yours_next_steps or DASH)
    st.caption(t("fu_stale_hint", lang, revision=stale.theirs.revision))
