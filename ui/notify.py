"""E-mail subscriptions in the dashboard: the one-click unsubscribe link of a pack's e-mail
(``?unsubscribe=<token>``, a page of its own that needs no sign-in: the signed token is the
proof) and, for a signed-in person with an e-mail on their account, a sidebar section to
subscribe to a pack and end their subscriptions."""

from __future__ import annotations

import streamlit as st

from kpi_model import notify, views
from kpi_model.errors import ConfigError
from kpi_model.i18n import name_of
from ui import data
from ui.followup_db import followup_db

__all__ = ["handle_unsubscribe", "subscriptions_widget"]


def _say(lang: str, th: str, en: str) -> str:
    return en if lang == "en" else th


def _scope_label(lang: str, kind: str, code: str) -> str:
    if kind == "city":
        return _say(lang, "ภาพรวมกรุงเทพมหานคร", "the city")
    if kind == "agency":
        return _say(lang, f"หน่วยงาน {code}", f"agency {code}")
    return _say(lang, f"มิติยุทธศาสตร์ {code}", f"strategy dimension {code}")


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
    st.title(_say(lang, "ยกเลิกการรับอีเมล", "Unsubscribe"))
    if ended is None:
        st.error(
            _say(lang, "ลิงก์ยกเลิกนี้ใช้ไม่ได้ (ไม่ถูกต้องหรือถูกแก้ไข)", "This unsubscribe link is not valid."),
            icon=":material/link_off:",
        )
    else:
        where = _scope_label(lang, ended.scope_kind, ended.scope_code)
        st.success(
            _say(
                lang,
                f"ยกเลิกแล้ว: {_plain(ended.email)} จะไม่ได้รับรายงานสรุปรายไตรมาสของ{where} อีก",
                f"Done: {_plain(ended.email)} will no longer receive the quarterly pack of {where}.",
            ),
            icon=":material/unsubscribe:",
        )
    return True


def _scope_options(lang: str) -> dict[str, tuple[str, str]]:
    """What one may subscribe to: the city, each dimension, each agency (cached per store version)."""
    options = {_say(lang, "ภาพรวมกรุงเทพมหานคร", "The city"): ("city", "")}
    for code, th, en in data.load(views.plan_root).children:
        options[f"{_say(lang, 'มิติ', 'Dimension')} {code} {name_of(th, en, lang)}"] = ("strategy", str(code))
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
    with st.sidebar.expander(_say(lang, "รับรายงานทางอีเมล", "Reports by e-mail"), icon=":material/mail:"):
        mine = notify.list_subscriptions(db, email, active_only=True)
        for sub in mine:
            cols = st.columns([3, 2])
            cols[0].text(_scope_label(lang, sub.scope_kind, sub.scope_code))
            if cols[1].button(_say(lang, "ยกเลิก", "Stop"), key=f"notify_end_{sub.id}"):
                notify.end_subscription(db, sub.id)
                st.rerun()
        if not mine:
            st.caption(_say(lang, "ยังไม่ได้รับรายงานทางอีเมล", "No e-mail subscriptions yet."))
        options = _scope_options(lang)
        labels = list(options)
        default = next((i for i, k in enumerate(labels) if options[k] in {("agency", a) for a in own_agencies}), 0)
        choice = st.selectbox(_say(lang, "รายงานของ", "Pack of"), labels, index=default, key="notify_scope")
        if st.button(_say(lang, "รับรายงานรายไตรมาส", "Subscribe"), key="notify_subscribe"):
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
                st.error(_say(lang, exc.message_th, exc.message_en))
            else:
                st.success(
                    _say(
                        lang,
                        f"รับแล้ว: รายงานล่าสุดจะส่งถึง {_plain(email)} ในรอบถัดไป",
                        f"Subscribed: the latest pack goes to {_plain(email)} on the next run.",
                    )
                )
                st.rerun()
