"""E-mail subscriptions in the dashboard: the one-click unsubscribe link of a pack's e-mail
(``?unsubscribe=<token>``, a page of its own that needs no sign-in: the signed token is the
proof) and, for a signed-in person with an e-mail on their account, a sidebar section to
subscribe to a pack and end their subscriptions."""

from __future__ import annotations

import streamlit as st

from kpi_model import notify, views
from kpi_model.errors import ConfigError
from kpi_model.i18n import name_of, t
from ui import data
from ui.followup_db import followup_db

__all__ = ["handle_unsubscribe", "subscriptions_widget"]


_FLASH = "notify_flash"  # what the sidebar says after the rerun a subscribe or a stop makes


def _scope_label(lang: str, kind: str, code: str) -> str:
    if kind == "city":
        return t("nt_scope_city", lang)
    return t("nt_scope_agency" if kind == "agency" else "nt_scope_strategy", lang, code=code)


def _plain(text: str) -> str:
    """Text shown through Streamlit's markdown as typed (no emphasis, no links)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$:" else ch for ch in text)


def handle_unsubscribe(lang: str) -> bool:
    """When the address holds an unsubscribe token: end that subscription and say so (or why
    not), and return True (the caller shows nothing else)."""
    token = st.query_params.get(notify.UNSUBSCRIBE_PARAM)
    if token is None:
        return False
    try:
        secret = notify.notify_settings().secret
    except ConfigError as exc:
        st.error(f"{exc.message_th}\n\n{exc.message_en}", icon=":material/error:")
        return True
    ident = notify.verify_token(secret, str(token))
    ended = None if ident is None else notify.end_subscription(followup_db(), ident)
    st.title(t("nt_unsubscribe_title", lang))
    if ended is None:
        st.error(t("nt_unsubscribe_bad", lang), icon=":material/link_off:")
    else:
        where = _scope_label(lang, ended.scope_kind, ended.scope_code)
        st.success(
            t("nt_unsubscribed", lang, email=_plain(ended.email), where=_plain(where)), icon=":material/unsubscribe:"
        )
    return True


def _scope_options(lang: str) -> dict[str, tuple[str, str]]:
    """What one may subscribe to: the city, each dimension, each agency (cached per store version)."""
    options = {t("nt_option_city", lang): ("city", "")}
    for code, th, en in data.load(views.plan_root).children:
        options[t("nt_option_dimension", lang, code=code, name=name_of(th, en, lang))] = ("strategy", str(code))
    known = data.load(views.agencies)
    for code, th, en in zip(known["agency_code"], known["name_th"], known["name_en"]):
        options[f"{code} {name_of(th, en, lang)}"] = ("agency", str(code))
    return options


def subscriptions_widget(lang: str, email: str | None, own_agencies: frozenset[str], by: str) -> None:
    """The sidebar's e-mail section for a signed-in person (``by``: their username) whose
    account has ``email``."""
    if not email:
        return
    db = followup_db()
    with st.sidebar.expander(t("nt_section", lang), icon=":material/mail:"):
        flash = st.session_state.pop(_FLASH, None)
        if isinstance(flash, str):
            st.success(flash, icon=":material/check_circle:")
        mine = notify.list_subscriptions(db, email, active_only=True)
        for sub in mine:
            cols = st.columns([3, 2])
            where = _scope_label(lang, sub.scope_kind, sub.scope_code)
            cols[0].text(where)
            if cols[1].button(t("nt_stop", lang), key=f"notify_end_{sub.id}"):
                notify.end_subscription(db, sub.id)
                st.session_state[_FLASH] = t("nt_ended", lang, where=_plain(where))
                st.rerun()
        if not mine:
            st.caption(t("nt_none_yet", lang))
        options = _scope_options(lang)
        labels = list(options)
        default = next((i for i, k in enumerate(labels) if options[k] in {("agency", a) for a in own_agencies}), 0)
        choice = st.selectbox(t("nt_pack_of", lang), labels, index=default, key="notify_scope")
        if st.button(t("nt_subscribe", lang), key="notify_subscribe"):
            kind, code = options[choice]
            try:
                notify.subscribe(
                    db,
                    email,
                    by,
                    agency=code if kind == "agency" else None,
                    strategy=code if kind == "strategy" else None,
                    lang=lang,
                )
            except notify.NotifyInputError as exc:
                st.error(exc.message_en if lang == "en" else exc.message_th)
            else:
                st.session_state[_FLASH] = t("nt_subscribed", lang, email=_plain(email))
                st.rerun()
