"""Accounts (admins only): the list, adding one, changing a role, agencies or whether it is
active, setting a password, and each account's history.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model import views
from kpi_model.errors import Problem
from kpi_model.i18n import agency_label, t
from ui import data
from ui.followup._labels import _role_label, when_label
from ui.followup._state import _db, _done, _flash, _refused, _start_forms, account
from ui.followup.history import _changes_table
from ui.format import DASH, md

__all__ = ["accounts_page"]


def accounts_page(lang: str) -> None:
    """List accounts, add one, change a role (and an agency editor's agencies), deactivate or
    reactivate, set a password; admins only (anyone else is told why and sees nothing).
    Every change is kept in the database's history by :mod:`kpi_model.followup.accounts`."""
    st.title(t("fu_accounts_title", lang))
    db = _db()
    if db is None:
        st.stop()
    admin = account()
    allowed = fu.can(admin, "manage_accounts")
    if admin is None or not allowed:
        st.error(t("fu_accounts_denied", lang, reason=md(allowed.reason(lang))), icon=":material/lock:")
        st.stop()
    _flash("accounts")
    people = fu.list_accounts(db)
    st.dataframe(
        pd.DataFrame(
            {
                "username": [a.username for a in people],
                "display_name": [a.display_name or DASH for a in people],
                "email": [a.email or DASH for a in people],
                "role": [_role_label(a.role, lang) for a in people],
                "agencies": [", ".join(sorted(a.agencies)) or DASH for a in people],
                "active": [t("fu_yes" if a.active else "fu_no", lang) for a in people],
                "created": [when_label(a.created_at, lang) for a in people],
            }
        ),
        hide_index=True,
        key="fu_accounts",
        width="stretch",
        column_config={
            c: st.column_config.TextColumn(t(label, lang))
            for c, label in (
                ("username", "fu_username"),
                ("display_name", "fu_display_name"),
                ("email", "fu_email"),
                ("role", "fu_role"),
                ("agencies", "fu_agencies"),
                ("active", "fu_active"),
                ("created", "fu_created"),
            )
        },
    )
    agencies = data.load(views.agencies)
    codes = [str(c) for c in agencies["agency_code"]]
    agency_names = {
        c: agency_label(c, th, en, lang)
        for c, th, en in zip(agencies["agency_code"], agencies["name_th"], agencies["name_en"])
    }
    left, right = st.columns(2)
    with left:
        _add_account(db, admin, codes, agency_names, lang)
    with right:
        _edit_account(db, admin, people, codes, agency_names, lang)


def _add_account(
    db: fu.FollowupDB, admin: fu.Account, codes: list[str], agency_names: dict[str, str], lang: str
) -> None:
    st.subheader(t("fu_add_account", lang))
    fresh = {
        "fu_new_username": "",
        "fu_new_display": "",
        "fu_new_email": "",
        "fu_new_role": "viewer",
        "fu_new_agencies": [],
        "fu_new_password": "",
    }
    _start_forms(fresh)
    keys = list(fresh)
    with st.form("fu_add_account_form", border=True):
        username = st.text_input(t("fu_username", lang), key=keys[0])
        display = st.text_input(t("fu_display_name", lang), key=keys[1])
        email = st.text_input(t("fu_email", lang), key=keys[2])
        role = st.selectbox(t("fu_role", lang), list(fu.ROLES), key=keys[3], format_func=lambda r: _role_label(r, lang))
        chosen = st.multiselect(
            t("fu_agencies", lang),
            codes,
            key=keys[4],
            format_func=lambda c: agency_names.get(c, c),
            placeholder=t("fu_choose_agencies", lang),
        )
        password = st.text_input(t("fu_password", lang), key=keys[5], type="password")
        added = st.form_submit_button(t("fu_add_account", lang), icon=":material/person_add:")
    if not added:
        return
    try:
        if password and len(password) < 8:
            raise fu.Invalid(
                [
                    Problem(
                        "account",
                        None,
                        "password",
                        "รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร",
                        "a password needs at least 8 characters",
                    )
                ]
            )
        made = fu.add_account(
            db, admin, username, role, chosen, email=email or None, display_name=display, password=password or None
        )
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    _done("accounts", t("fu_added_account", lang, name=md(made.username)), fresh)


def _edit_account(
    db: fu.FollowupDB,
    admin: fu.Account,
    people: tuple[fu.Account, ...],
    codes: list[str],
    agency_names: dict[str, str],
    lang: str,
) -> None:
    st.subheader(t("fu_edit_account", lang))
    if not people:
        return
    by_id = {a.id: a for a in people}
    picked = st.selectbox(
        t("fu_pick_account", lang),
        list(by_id),
        key="fu_edit_pick",
        format_func=lambda i: f"{by_id[i].username} ({_role_label(by_id[i].role, lang)})",
    )
    person = by_id[int(picked)]
    with st.form(f"fu_edit_account_form_{person.id}", border=True):
        role = st.selectbox(
            t("fu_role", lang),
            list(fu.ROLES),
            index=list(fu.ROLES).index(person.role) if person.role in fu.ROLES else 0,
            format_func=lambda r: _role_label(r, lang),
        )
        chosen = st.multiselect(
            t("fu_agencies", lang),
            sorted(set(codes) | set(person.agencies)),
            default=sorted(person.agencies),
            format_func=lambda c: agency_names.get(c, c),
            placeholder=t("fu_choose_agencies", lang),
        )
        active = st.checkbox(t("fu_active", lang), value=person.active)
        saved = st.form_submit_button(t("fu_save_account", lang), icon=":material/save:")
    if saved:
        try:
            new = fu.update_account(
                db, admin, person.id, role=role, agencies=chosen if role == "agency_editor" else (), active=active
            )
        except fu.FollowupError as exc:
            _refused(exc, lang)
        else:
            _done("accounts", t("fu_saved_account", lang, name=md(new.username)))
    _start_forms({f"fu_pw_{person.id}": ""})
    _changes_table(fu.account_history(db, person.id), f"fu_account_history_{person.id}", "fu_account_history", lang)
    with st.form(f"fu_password_form_{person.id}", border=True):
        password = st.text_input(t("fu_set_password", lang), type="password", key=f"fu_pw_{person.id}")
        set_it = st.form_submit_button(t("fu_set_password", lang), icon=":material/key:")
    if set_it:
        try:
            fu.set_password(db, admin, person.id, password)
        except fu.FollowupError as exc:
            _refused(exc, lang)
        else:
            _done("accounts", t("fu_password_set", lang, name=md(person.username)), {f"fu_pw_{person.id}": ""})
