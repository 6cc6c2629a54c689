"""The app frame and router, shared by ``dashboard.py`` and, as a guard, by every page.

Streamlit runs a file of ``pages/`` on its own (its legacy folder mode) when a server's very
first visitor opens a deep link such as ``/quality``, before any run has called
``st.navigation``. :func:`page_entry` at the top of each page notices that and runs the whole
frame instead, which runs the page inside it, so a shared link always opens the full app."""

from __future__ import annotations

import logging
import secrets
import threading
from pathlib import Path
from typing import NoReturn

import streamlit as st

from kpi_model import config
from kpi_model.errors import ConfigError
from kpi_model.followup import can
from kpi_model.i18n import t
from ui import auth, data, heap, widgets
from ui import notify as notify_ui

__all__ = [
    "FAVICON",
    "PAGES_WITH_OWN_PERIOD",
    "config_error",
    "document",
    "page_entry",
    "page_failed",
    "run",
]

_log = logging.getLogger("kpi_dashboard")
_state = threading.local()
FAVICON = str(Path(__file__).resolve().parent / "assets" / "favicon.png")  # served by the app, never fetched
PAGES_WITH_OWN_PERIOD = ("agencies",)  # their fiscal-year and quarter filters are the period control


def _pages(lang: str, user: auth.User | None = None) -> list:
    pages = [
        st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True),
        st.Page(
            "pages/strategy.py", title=t("page_strategy", lang), icon=":material/account_tree:", url_path="strategy"
        ),
        st.Page("pages/agencies.py", title=t("page_agencies", lang), icon=":material/table_view:", url_path="agencies"),
        st.Page("pages/districts.py", title=t("page_districts", lang), icon=":material/map:", url_path="districts"),
        st.Page(
            "pages/indicator.py", title=t("page_indicator", lang), icon=":material/query_stats:", url_path="indicator"
        ),
        st.Page("pages/quality.py", title=t("page_quality", lang), icon=":material/rule:", url_path="quality"),
        st.Page("pages/review.py", title=t("page_review", lang), icon=":material/fact_check:", url_path="review"),
    ]
    followup_account = getattr(user, "account", None)
    if followup_account is not None:  # a follow-up account: their to-do, the export, the import
        pages.append(
            st.Page(
                "pages/my_followup.py", title=t("page_my_followup", lang), icon=":material/task:", url_path="followup"
            )
        )
    if can(followup_account, "manage_accounts"):  # admins only (the page checks again)
        pages.append(
            st.Page("pages/accounts.py", title=t("page_accounts", lang), icon=":material/group:", url_path="accounts")
        )
    replica = config.settings.shared is not None and config.settings.shared.role == "replica"
    if auth.is_editor(user) and not replica:  # anyone else (and a replica, whose store the writer fills): no /import
        pages.append(
            st.Page("pages/import_data.py", title=t("page_import", lang), icon=":material/upload:", url_path="import")
        )
    if user is not None and can(user.account, "manage_accounts"):  # the mail log: admins only
        pages.append(
            st.Page("pages/mail_log.py", title=t("page_mail_log", lang), icon=":material/mail:", url_path="mail-log")
        )
    return pages


def run() -> None:
    """Page config, the shared sidebar (language, fiscal year, quarter), then the chosen page;
    an unexpected error anywhere in them is :func:`page_failed`, never a traceback."""
    try:
        with data.once_per_run(), auth.once_per_run():
            _run()
    except Exception as exc:  # Streamlit's stop and rerun are BaseExceptions and pass through
        page_failed(exc)
    finally:
        heap.settle()


def page_failed(exc: Exception) -> str:
    """An unexpected error on a page: the traceback to the server's log under a short random
    id, and the reader a short message in Thai and English with that id, no path, no
    exception text (which may hold a path or data). Returns the id."""
    error_id = secrets.token_hex(4)
    _log.error("page failed [error %s]", error_id, exc_info=exc)
    st.error(
        "\n\n".join([t("page_failed", "th", error_id=error_id), t("page_failed", "en", error_id=error_id)]),
        icon=":material/error:",
    )
    return error_id


def _run() -> None:
    st.set_page_config(page_title=t("app_title", "th"), page_icon=FAVICON, layout="wide")
    try:  # fail closed: a setting that cannot be read shows what it is, and nothing else runs
        config.check()
        auth.check_secrets()
    except ConfigError as exc:
        config_error(exc)
    lang = widgets.language()
    if notify_ui.handle_unsubscribe(lang):  # a one-click link from an e-mail: that page only
        return
    user = auth.current_user()
    if user is None and auth.login_required():  # the settings close viewing: a sign-in prompt only
        page = st.navigation(
            [
                st.Page(
                    lambda: auth.sign_in_prompt(lang),
                    title=t("sign_in", lang),
                    icon=":material/login:",
                    url_path="signin",
                    default=True,
                )
            ]
        )
        auth.sign_in_widget(lang)
        document(page.title, lang)
        page.run()
        return
    page = st.navigation(_pages(lang, user))
    document(page.title, lang)
    if page.url_path in PAGES_WITH_OWN_PERIOD:
        st.sidebar.caption(t("period_on_page", lang))
    else:
        widgets.period(lang)
    widgets.store_caption(lang)
    auth.sign_in_widget(lang)
    if user is not None and user.account is not None and user.account.active:
        notify_ui.subscriptions_widget(lang, user.account.email, user.account.agencies, user.account.username)
    _state.routing = True
    try:
        page.run()
    finally:
        _state.routing = False


def document(title: str, lang: str) -> None:
    """The browser tab's title for this page ('ภาพรวม · ตัวชี้วัดกรุงเทพมหานคร') and the
    document's language (``<html lang="th">`` in Thai mode: screen readers and hyphenation
    follow it; Streamlit's page says "en")."""
    st.set_page_config(page_title=f"{title} · {t('app_title', lang)}", page_icon=FAVICON)
    code = "en" if lang == "en" else "th"
    st.sidebar.html(f"<script>document.documentElement.lang = {code!r};</script>", unsafe_allow_javascript=True)


def config_error(exc: ConfigError) -> NoReturn:
    """One error in Thai and English naming the setting, then stop: no data, no page. (The
    server hides uncaught exceptions' details, so an exception would say nothing useful.)"""
    st.error(
        "\n\n".join([t("config_error", "th"), t("config_error", "en"), exc.message_th, exc.message_en]),
        icon=":material/error:",
    )
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def page_entry() -> None:
    """First call of every page: run inside the frame, never on its own."""
    if getattr(_state, "routing", False):
        return
    run()
    st.stop()
