"""The analyst's setting on the indicator page: what is set (everyone), and a form (editors).

Everyone sees the stored setting of the indicator (this year's and the every-year one, with
who set it, when and why). Only a signed-in editor (:func:`ui.auth.is_editor`, the same check
as the Import page; anyone else, or no sign-in at all, gets no form) sees the form; on submit
:func:`kpi_model.settings.save_setting` validates the one row and imports it as a new store
version with ``set_by`` = the editor and ``set_at`` = now (UTC), so the next view shows the
verdicts computed with it. Invalid input writes nothing and says which field is wrong.

Every text that came from a person (note, who) goes through ``st.dataframe`` / ``st.text``,
never markdown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model.errors import StoreLocked
from kpi_model.i18n import accumulation_label, date_label, direction_label, fy_label, inference_label, t
from kpi_model.inference import format_decisions, format_quarters, parse_decisions, parse_quarters
from kpi_model.schema import ACCUMULATIONS, DIRECTIONS
from kpi_model.settings import PLAN_FIELDS, SettingView, save_setting, setting_view
from kpi_model.store import Store
from ui import auth
from ui.format import DASH, editable, text

__all__ = ["SCOPES", "render_settings_editor", "widget_key"]

SCOPES = ("year", "every")
_SAVED = "settings_saved"  # {"key": (code, fy), "version": …}: the message shown after the rerun
_BANGKOK = dt.timezone(dt.timedelta(hours=7))


def widget_key(name: str, code: str, fiscal_year: int, scope: str) -> str:
    """The key of one form widget (``name``: a field, ``form`` or ``save``), distinct per
    indicator-year and scope so a form never shows another indicator's values."""
    return f"setting_{name}_{code}_{int(fiscal_year)}_{scope}"


@st.cache_data(show_spinner=False, max_entries=64)
def _view(_store: Store, store_version: str, code: str, fiscal_year: int) -> SettingView:
    """Cached per store folder and version (an import makes a new one); ``_store`` is not hashed."""
    return setting_view(_store, code, fiscal_year)


def _shown(value: Any) -> str:
    """A stored value in the table: as in its input box, or a dash."""
    return text(editable(value))


def _when(stamp: Any, lang: str) -> str:
    try:
        when = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return _shown(stamp)
    if when.tzinfo is not None:
        when = when.astimezone(_BANGKOK)
    return f"{date_label(when.date(), lang)} {when:%H:%M}"


def _scope_label(scope: str, fiscal_year: int, lang: str) -> str:
    if scope == "every":
        return t("settings_scope_every", lang)
    return t("settings_scope_year", lang, fy=fy_label(fiscal_year, lang))


def _choice_label(value: str | None, labeller, lang: str) -> str:
    return t("settings_from_source", lang) if value is None else labeller(value, lang)


def _plan_text(row: dict[str, Any]) -> str:
    plans = [row.get(f) for f in PLAN_FIELDS]
    return DASH if all(p is None for p in plans) else " / ".join(_shown(p) for p in plans)


def _stored_table(view: SettingView, fiscal_year: int, lang: str) -> pd.DataFrame:
    rows = [(_scope_label(scope, fiscal_year, lang), row) for scope, row in view.rows]
    if view.year_row is not None and view.every_row is not None and view.in_force is not None:
        s = view.in_force
        merged = {
            "direction": s.direction,
            "accumulation": s.accumulation,
            **dict(zip(PLAN_FIELDS, s.plan)),
            "max_level": s.max_level,
            "weight": s.weight,
            "note": s.note,
            "set_by": s.set_by,
            "set_at": s.set_at,
            "unmeasured_quarters": format_quarters(s.unmeasured_quarters),
            "decisions": format_decisions(dict(s.decisions)),
        }
        rows.append((t("settings_in_force", lang, fy=fy_label(fiscal_year, lang)), merged))
    return pd.DataFrame(
        {
            t("settings_scope", lang): [label for label, _ in rows],
            t("settings_direction", lang): [_choice_label(r.get("direction"), direction_label, lang) for _, r in rows],
            t("settings_accumulation", lang): [
                _choice_label(r.get("accumulation"), accumulation_label, lang) for _, r in rows
            ],
            t("settings_plan", lang): [_plan_text(r) for _, r in rows],
            t("settings_max_level", lang): [_shown(r.get("max_level")) for _, r in rows],
            t("settings_weight", lang): [_shown(r.get("weight")) for _, r in rows],
            t("settings_note", lang): [_shown(r.get("note")) for _, r in rows],
            # decisions on inferences are made on the review page: shown here, never edited
            t("settings_decisions", lang): [_decisions_text(r, lang) for _, r in rows],
            t("settings_set_by", lang): [_shown(r.get("set_by")) for _, r in rows],
            t("settings_set_at", lang): [_when(r.get("set_at"), lang) if r.get("set_at") else DASH for _, r in rows],
        }
    )


def _decisions_text(row: dict[str, Any], lang: str) -> str:
    """The row's decisions on inferences in words ("ยืนยัน: …; ตัดสินเป็นอย่างอื่น: …") and the
    quarters it says were not yet measured; a dash when it holds none."""
    parts = [
        t(f"review_{choice}_short", lang) + ": " + inference_label(code, lang)
        for code, choice in parse_decisions(row.get("decisions")).items()
    ]
    quarters = parse_quarters(row.get("unmeasured_quarters"))
    if quarters is not None:
        parts.append(t("settings_unmeasured", lang, quarters=", ".join(map(str, quarters)) or t("none_word", lang)))
    return "; ".join(parts) or DASH


def _field_label(column: str | None, lang: str) -> str:
    labels = {
        "direction": t("settings_direction", lang),
        "accumulation": t("settings_accumulation", lang),
        "max_level": t("settings_max_level", lang),
        "weight": t("settings_weight", lang),
        "note": t("settings_note", lang),
        "fiscal_year": t("settings_scope", lang),
        "indicator_code,fiscal_year": t("settings_scope", lang),
        "set_by": t("settings_set_by", lang),
    }
    labels.update({f: t("settings_plan_q", lang, quarter=q) for q, f in enumerate(PLAN_FIELDS, start=1)})
    return labels.get(column or "", column or DASH)


def render_settings_editor(store: Store, code: str, fiscal_year: int, lang: str) -> None:
    """The setting of ``code`` in ``fiscal_year``: shown to everyone, editable by editors."""
    fiscal_year = int(fiscal_year)
    st.subheader(t("settings_title", lang))
    st.caption(t("settings_intro", lang))
    saved = st.session_state.get(_SAVED)
    if saved and saved.get("key") == (code, fiscal_year):
        st.session_state.pop(_SAVED, None)
        st.success(t("settings_saved", lang, version=saved["version"]), icon=":material/check_circle:")

    view = _view(store, f"{store.root.resolve()}:{store.version()}", code, fiscal_year)
    if view.rows:
        st.dataframe(_stored_table(view, fiscal_year, lang), hide_index=True, key="settings_current")
        if view.year_row is not None and view.every_row is not None:
            st.caption(t("settings_year_over_every", lang))
    else:
        st.info(t("settings_none", lang), icon=":material/tune:")

    user = auth.current_user()
    if not auth.is_editor(user):  # viewers and visitors: what is set, never a form
        st.caption(t("settings_sign_in", lang))
        return
    assert user is not None

    scope = st.radio(
        t("settings_scope", lang),
        SCOPES,
        horizontal=True,
        key=f"setting_scope_{code}_{fiscal_year}",
        format_func=lambda s: _scope_label(s, fiscal_year, lang),
    )
    stored = (view.year_row if scope == "year" else view.every_row) or {}

    def key(name: str) -> str:
        return widget_key(name, code, fiscal_year, scope)

    directions = (None, *DIRECTIONS)
    accumulations = (None, *ACCUMULATIONS)
    with st.form(key("form"), border=True):
        left, right = st.columns(2)
        direction = left.selectbox(
            t("settings_direction", lang),
            directions,
            key=key("direction"),
            index=directions.index(stored.get("direction")) if stored.get("direction") in directions else 0,
            format_func=lambda v: _choice_label(v, direction_label, lang),
        )
        accumulation = right.selectbox(
            t("settings_accumulation", lang),
            accumulations,
            key=key("accumulation"),
            index=accumulations.index(stored.get("accumulation")) if stored.get("accumulation") in accumulations else 0,
            format_func=lambda v: _choice_label(v, accumulation_label, lang),
        )
        plan_cols = st.columns(4)
        plans = [
            plan_cols[q - 1].text_input(
                t("settings_plan_q", lang, quarter=q),
                value=editable(stored.get(f)),
                key=key(f),
                help=t("settings_plan_help", lang),
            )
            for q, f in enumerate(PLAN_FIELDS, start=1)
        ]
        left, right = st.columns(2)
        max_level = left.text_input(
            t("settings_max_level", lang), value=editable(stored.get("max_level")), key=key("max_level")
        )
        weight = right.text_input(t("settings_weight", lang), value=editable(stored.get("weight")), key=key("weight"))
        note = st.text_area(t("settings_note", lang), value=editable(stored.get("note")), key=key("note"))
        submitted = st.form_submit_button(
            t("settings_save", lang), key=key("save"), type="primary", icon=":material/save:"
        )
    if not submitted:
        return
    row = {
        "indicator_code": code,
        "fiscal_year": fiscal_year if scope == "year" else None,
        "direction": direction,
        "accumulation": accumulation,
        **dict(zip(PLAN_FIELDS, plans)),
        "max_level": max_level,
        "weight": weight,
        "note": note,
        # not on this form: an analyst's decisions on inferences stay as stored
        "unmeasured_quarters": stored.get("unmeasured_quarters"),
        "decisions": stored.get("decisions"),
    }
    try:
        result = save_setting(store, row, user.name)
    except StoreLocked:
        st.error(t("import_locked", lang), icon=":material/hourglass_top:")
        return
    if result.rejected:
        st.error(t("settings_rejected", lang), icon=":material/block:")
        st.dataframe(
            pd.DataFrame(
                {
                    t("settings_field", lang): [_field_label(p.column, lang) for p in result.rejected],
                    t("message", lang): [p.message_en if lang == "en" else p.message_th for p in result.rejected],
                }
            ),
            hide_index=True,
            key="settings_problems",
        )
        return
    st.session_state[_SAVED] = {"key": (code, fiscal_year), "version": result.version}
    st.rerun()
