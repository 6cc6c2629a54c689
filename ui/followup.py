"""The follow-up loop on the pages (DESIGN §9): what owners write about an indicator that is
behind, the actions agreed and the thread between analyst and owner, read from and written to
the follow-up database (:mod:`kpi_model.followup`) through :func:`ui.followup_db.followup_db`.

Each page makes one call here: :func:`indicator_section` (the indicator page, beside the
verdict), :func:`overview_section` (the overview's two counts and their lists),
:func:`agency_actions` (the agencies and districts pages) and :func:`my_followup_page` /
:func:`accounts_page` (their own pages). Every write asks :func:`kpi_model.followup.can` (the
backend asks again inside the write's transaction); anyone it refuses reads only and is told
why. Everything a person typed is shown with ``st.text`` or in a table cell, never as
markdown or HTML; a message that quotes it goes through :func:`ui.format.md`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model import views
from kpi_model.columns import column_label
from kpi_model.errors import ConfigError, ImportRejected, KpiError, Problem
from kpi_model.i18n import agency_label, date_label, name_of, period_label, t
from ui import auth, data, url
from ui.followup_db import followup_db, followup_db_url
from ui.format import DASH, count, is_missing, md

__all__ = [
    "BANGKOK",
    "account",
    "accounts_page",
    "agency_actions",
    "change_lines",
    "indicator_section",
    "my_followup_page",
    "overview_section",
    "today",
    "when_label",
]

BANGKOK = dt.timezone(dt.timedelta(hours=7))
_FLASH = "fu_flash"  # a success message to show once, after the rerun that shows the saved row
_RESET = "fu_reset"  # widget key → the value its form opens with after a save
_ACTION_FIELDS = ("what", "owner", "due_date", "status", "closing_note")


# ---- shared pieces ----------------------------------------------------------------------------
def today() -> dt.date:
    """Today in Bangkok: what "overdue" is measured against (due today is not overdue)."""
    return dt.datetime.now(BANGKOK).date()


def when_label(at: dt.datetime, lang: str) -> str:
    """A moment in Bangkok time with a BE date: '7 ธันวาคม 2569 16:05'."""
    local = at.astimezone(BANGKOK) if at.tzinfo is not None else at.replace(tzinfo=dt.UTC).astimezone(BANGKOK)
    return f"{date_label(local.date(), lang)} {local:%H:%M}"


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


def _status_label(status: str, lang: str) -> str:
    return t(f"fu_action_status_{status}", lang) if status in fu.ACTION_STATUSES else str(status)


def _role_label(role: str, lang: str) -> str:
    return t(f"fu_role_{role}", lang) if role in fu.ROLES else str(role)


def _names(codes: Iterable[str], fiscal_year: int | None, lang: str) -> dict[str, str]:
    """Indicator code → its name in ``lang`` (codes the store no longer holds: absent)."""
    wanted = tuple(sorted({str(c) for c in codes}))
    if not wanted:
        return {}
    found = data.load(views.indicator_names, wanted, fiscal_year)
    return {c: name_of(th, en, lang) for c, th, en in zip(found["indicator_code"], found["name_th"], found["name_en"])}


def _actions_frame(actions: Iterable[fu.Action], lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Actions as table rows (text cells only: a table never renders markup)."""
    as_of = today()
    rows = []
    for a in actions:
        row: dict[str, Any] = {"id": a.id}
        if names is not None:
            row["indicator"] = f"{a.key.indicator_code} {names.get(a.key.indicator_code, '')}".strip()
            row["period"] = period_label(a.key.fiscal_year, a.key.quarter, lang)
        row |= {
            "what": a.what,
            "owner": a.owner,
            "due": date_label(a.due_date, lang) + (f" ({t('fu_overdue_mark', lang)})" if a.is_overdue(as_of) else ""),
            "status": _status_label(a.status, lang),
            "closing_note": a.closing_note or DASH,
            "updated": f"{a.updated_by} · {when_label(a.updated_at, lang)}",
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _actions_config(lang: str) -> dict[str, Any]:
    return {
        "id": st.column_config.NumberColumn(t("fu_number", lang), width="small"),
        "indicator": st.column_config.TextColumn(t("page_indicator", lang), width="medium"),
        "period": st.column_config.TextColumn(t("fu_period", lang)),
        "what": st.column_config.TextColumn(t("fu_what", lang), width="large"),
        "owner": st.column_config.TextColumn(t("fu_owner", lang)),
        "due": st.column_config.TextColumn(t("fu_due", lang)),
        "status": st.column_config.TextColumn(t("fu_status", lang), width="small"),
        "closing_note": st.column_config.TextColumn(t("fu_closing_note", lang), width="medium"),
        "updated": st.column_config.TextColumn(t("fu_updated_by", lang)),
    }


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


def _open_indicator(code: str, fiscal_year: int | None, quarter: int | None) -> None:
    """Open the indicator page on ``code`` at that year and quarter (a picked row of a list)."""
    if fiscal_year is not None:
        url.keep("fy", fiscal_year)
    if quarter is not None:
        url.keep("q", quarter)
    st.switch_page("pages/indicator.py", query_params=url.link_params(code=code, fy=fiscal_year, q=quarter))


def _picked(event: Any) -> int | None:
    rows = event.selection.rows if event is not None else []
    return int(rows[0]) if rows else None


def _indicator_list(frame: pd.DataFrame, key: str, lang: str, fiscal_year: int | None, quarter: int | None) -> None:
    """A list of indicators (code, name, agency) whose picked row opens the indicator page."""
    st.caption(t("fu_open_hint", lang))
    event = st.dataframe(
        frame,
        hide_index=True,
        key=key,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "indicator_code": st.column_config.TextColumn(t("indicator_code", lang)),
            "name": st.column_config.TextColumn(column_label("name", lang), width="large"),
            "agency_name": st.column_config.TextColumn(t("agency", lang), width="medium"),
        },
    )
    if (row := _picked(event)) is not None:
        _open_indicator(str(frame.iloc[row]["indicator_code"]), fiscal_year, quarter)


def _behind_frame(codes: Iterable[str], behind: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows of ``behind`` (a :func:`kpi_model.views.behind_indicators` frame) for ``codes``."""
    wanted = set(codes)
    rows = behind[behind["indicator_code"].isin(wanted)]
    return pd.DataFrame(
        {
            "indicator_code": list(rows["indicator_code"]),
            "name": [name_of(th, en, lang) for th, en in zip(rows["name_th"], rows["name_en"])],
            "agency_name": [
                agency_label(c, th, en, lang)
                for c, th, en in zip(rows["agency_code"], rows["agency_name_th"], rows["agency_name_en"])
            ],
        }
    )


# ---- the indicator page -------------------------------------------------------------------------
def indicator_section(code: str, fiscal_year: int, quarter: int, status: str | None, lang: str) -> None:
    """The quarter's follow-up beside the verdict: the owner's analysis (a form for whoever
    :func:`fu.can` lets write, else a sentence saying why not), the actions, the comment
    thread and the history of every change."""
    db = _db()
    if db is None:
        return
    key = fu.note_key(code, fiscal_year, quarter)
    st.subheader(t("fu_title", lang, period=period_label(fiscal_year, quarter, lang)))
    if status == "behind":
        st.warning(t("fu_behind_note", lang), icon=":material/trending_down:")
    _flash(f"indicator:{key}")
    user = account()
    write = fu.can(user, "write", key.agency_code)
    comment = fu.can(user, "comment", key.agency_code)
    if not write:
        st.info(t("fu_read_only", lang, reason=md(write.reason(lang))), icon=":material/lock:")
    note = fu.followup_of(db, key)
    left, right = st.columns(2)  # the owner's analysis beside the thread it is discussed in
    with left:
        _analysis(db, user, key, note.analysis, bool(write), lang)
    with right:
        _comments(db, user, key, note.comments, bool(comment), lang)
    _actions(db, user, key, note.actions, bool(write), lang)  # full width: a table of several columns
    _history(db, key, lang)


def _k(name: str, key: fu.NoteKey) -> str:
    return f"fu_{name}_{key.indicator_code}_{key.fiscal_year}_{key.quarter}"


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


def _actions(
    db: fu.FollowupDB,
    user: fu.Account | None,
    key: fu.NoteKey,
    actions: tuple[fu.Action, ...],
    write: bool,
    lang: str,
) -> None:
    st.markdown(f"**{t('fu_actions', lang)}**")
    seen_key = _k("seen_actions", key)
    seen_before: dict[int, int] = st.session_state.get(seen_key, {})
    st.session_state[seen_key] = {a.id: a.revision for a in actions}  # what this run shows
    if not actions:
        st.caption(t("fu_no_actions", lang))
    else:
        config = _actions_config(lang)
        frame = _actions_frame(actions, lang)
        st.dataframe(
            frame,
            hide_index=True,
            key=_k("actions_table", key),
            width="stretch",
            column_config={c: config[c] for c in frame.columns},
        )
    if not write or user is None:
        return
    what_key, owner_key, due_key = _k("what", key), _k("owner", key), _k("due", key)
    pick_key, status_key, note_key = _k("pick", key), _k("status", key), _k("closing", key)
    _start_forms({what_key: "", owner_key: "", due_key: "", status_key: "done", note_key: ""})
    expanded = not actions
    with st.expander(t("fu_add_action", lang), expanded=expanded), st.form(_k("action_form", key), border=False):
        what = st.text_area(t("fu_what", lang), key=what_key, height=80)
        owner = st.text_input(t("fu_owner", lang), key=owner_key)
        due = st.text_input(t("fu_due_input", lang), key=due_key, placeholder="31/03/2569")
        added = st.form_submit_button(t("fu_save_action", lang), icon=":material/add_task:")
    if added:
        try:
            made = fu.add_action(db, user, key, what, owner, due)
        except fu.FollowupError as exc:
            _refused(exc, lang)
        else:
            _done(
                f"indicator:{key}", t("fu_saved_action", lang, id=made.id), {what_key: "", owner_key: "", due_key: ""}
            )
    if not actions:
        return
    by_id = {a.id: a for a in actions}
    with st.expander(t("fu_update_action", lang)), st.form(_k("status_form", key), border=False):
        picked = st.selectbox(
            t("fu_pick_action", lang),
            list(by_id),
            key=pick_key,
            format_func=lambda i: f"{i}: {by_id[i].what[:60]} ({_status_label(by_id[i].status, lang)})",
        )
        status = st.radio(
            t("fu_new_status", lang),
            list(fu.ACTION_STATUSES),
            key=status_key,
            horizontal=True,
            format_func=lambda s: _status_label(s, lang),
        )
        closing = st.text_area(t("fu_closing_note", lang), key=note_key, height=80)
        changed = st.form_submit_button(t("fu_save_status", lang), icon=":material/task_alt:")
    if not changed or picked is None:
        return
    base = seen_before.get(int(picked), by_id[int(picked)].revision)
    try:
        saved = fu.update_action(db, user, int(picked), base, status=status, closing_note=closing)
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    _done(f"indicator:{key}", t("fu_saved_action", lang, id=saved.id), {status_key: "done", note_key: ""})


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


# ---- the overview -----------------------------------------------------------------------------
#: The most rows a follow-up list draws on a page (a large store has tens of thousands behind;
#: the export holds them all).
LIST_CAP = 500


@st.cache_data(show_spinner=False, max_entries=64)
def _overview_counts(
    store_version: str, last_change: tuple[int, int], url: str, fiscal_year: int, quarter: int, day: dt.date
) -> fu.OverviewCounts:
    """:func:`fu.overview_counts`, cached per store version and follow-up database state
    (``last_change`` moves with every write), so a warm overview does not re-read either."""
    behind = data.load(views.behind_indicators, fiscal_year, quarter)
    return fu.overview_counts(followup_db(), tuple(behind["indicator_code"]), fiscal_year, quarter, day)


def overview_section(fiscal_year: int, quarter: int, lang: str) -> fu.OverviewCounts | None:
    """ "Behind with no analysis or action: N" and "actions overdue: N" for the quarter, each
    with its list; a picked row opens the indicator. Returns the counts shown."""
    db = _db()
    if db is None:
        return None
    counts = _overview_counts(data.version(), fu.last_change(db), followup_db_url(), fiscal_year, quarter, today())
    st.subheader(t("fu_overview", lang))
    st.caption(t("fu_as_of", lang, day=date_label(counts.as_of, lang)))
    left, right = st.columns(2)
    left.metric(t("fu_behind_without", lang), count(counts.n_behind_without_followup), border=True)
    right.metric(t("fu_overdue", lang), count(counts.n_overdue), border=True)
    label = t("fu_behind_without", lang)
    with st.expander(t("fu_list_count", lang, label=label, n=count(counts.n_behind_without_followup))):
        if not counts.behind_without_followup:
            st.caption(t("fu_none_behind_without", lang))
        else:
            shown = counts.behind_without_followup[:LIST_CAP]
            if len(shown) < counts.n_behind_without_followup:
                st.caption(t("rows_capped", lang, shown=len(shown), n=counts.n_behind_without_followup))
            frame = _behind_frame(shown, data.load(views.indicator_names, tuple(shown), fiscal_year), lang)
            _indicator_list(frame, "fu_overview_behind", lang, fiscal_year, quarter)
    label = t("fu_overdue", lang)
    with st.expander(t("fu_list_count", lang, label=label, n=count(counts.n_overdue))):
        if not counts.overdue_actions:
            st.caption(t("fu_none_overdue", lang))
        else:
            _action_list(counts.overdue_actions, "fu_overview_overdue", lang)
    return counts


def _action_list(actions: tuple[fu.Action, ...], key: str, lang: str) -> None:
    """Actions with their indicator; a picked row opens the indicator at the action's quarter."""
    names = _names((a.key.indicator_code for a in actions), None, lang)
    frame = _actions_frame(actions, lang, names)
    config = _actions_config(lang)
    st.caption(t("fu_open_hint", lang))
    event = st.dataframe(
        frame.drop(columns=["closing_note", "updated"]),
        hide_index=True,
        key=key,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config={c: config[c] for c in frame.columns if c not in ("closing_note", "updated")},
    )
    if (row := _picked(event)) is not None:
        chosen = actions[row].key
        _open_indicator(chosen.indicator_code, chosen.fiscal_year, chosen.quarter)


# ---- the agencies and districts pages -----------------------------------------------------------
def agency_actions(lang: str, agency_codes: Collection[str] | None = None, key: str = "fu_by_agency") -> None:
    """Open and overdue actions per agency (of ``agency_codes`` when given), as a small table."""
    db = _db()
    if db is None:
        return
    wanted = (
        None if agency_codes is None else {str(c) for c in agency_codes if not is_missing(c)}
    )  # a league's city row has none
    rows = fu.actions_by_agency(db, today(), wanted)
    st.subheader(t("fu_by_agency", lang))
    st.caption(t("fu_as_of", lang, day=date_label(today(), lang)))
    if not rows:
        st.caption(t("fu_no_open_actions", lang))
        return
    known = data.load(views.agencies)
    names = {c: (th, en) for c, th, en in zip(known["agency_code"], known["name_th"], known["name_en"])}
    st.dataframe(
        pd.DataFrame(
            {
                "agency": [agency_label(r.agency_code, *names.get(r.agency_code, (None, None)), lang) for r in rows],
                "open": [r.n_open for r in rows],
                "overdue": [r.n_overdue for r in rows],
            }
        ).sort_values(["overdue", "open"], ascending=False),
        hide_index=True,
        key=key,
        width="stretch",
        column_config={
            "agency": st.column_config.TextColumn(t("agency", lang), width="large"),
            "open": st.column_config.NumberColumn(t("fu_open_n", lang)),
            "overdue": st.column_config.NumberColumn(t("fu_overdue_n", lang)),
        },
    )


# ---- my follow-up -------------------------------------------------------------------------------
def my_followup_page(lang: str) -> None:
    """A signed-in person's to-do: their agencies' indicators behind without an analysis, their
    actions due; the export of actions and analyses; the import of actions (analysts, admins)."""
    st.title(t("fu_my_title", lang))
    db = _db()
    if db is None:
        st.stop()
    user = account()
    seen = fu.can(user, "view")
    if user is None or not seen:
        reason = seen.reason(lang) if auth.current_user() is None else t("fu_no_account", lang)
        st.info(t("fu_sign_in_first", lang, reason=md(reason)), icon=":material/lock:")
        st.stop()
    fy, quarter = st.session_state.get("fy"), st.session_state.get("q")
    if fy is None or quarter is None:
        st.info(t("no_data", lang), icon=":material/info:")
        st.stop()
    fy, quarter = int(fy), int(quarter)
    st.caption(period_label(fy, quarter, lang))
    if user.role == "agency_editor":
        st.caption(t("fu_my_scope_editor", lang, agencies=md(", ".join(sorted(user.agencies)))))
    elif user.role in ("analyst", "admin"):
        st.caption(t("fu_my_scope_all", lang, role=_role_label(user.role, lang)))
    else:
        st.caption(t("fu_my_scope_viewer", lang))
    behind = data.load(views.behind_indicators, fy, quarter)
    mine = fu.my_followup(db, user, tuple(behind["indicator_code"]), fy, quarter, today())
    st.subheader(t("fu_my_behind", lang))
    if not mine.behind_without_analysis:
        st.caption(t("fu_my_none_behind", lang))
    else:
        _indicator_list(_behind_frame(mine.behind_without_analysis, behind, lang), "fu_my_behind", lang, fy, quarter)
    st.subheader(t("fu_my_due", lang, n=len(mine.actions_due), overdue=len(mine.overdue)))
    if not mine.actions_due:
        st.caption(t("fu_my_none_due", lang))
    else:
        _action_list(mine.actions_due, "fu_my_due", lang)
    _export(db, lang)
    _import(db, user, lang)


def _export(db: fu.FollowupDB, lang: str) -> None:
    st.subheader(t("fu_export", lang))
    stamp = today().isoformat()
    columns = st.columns(3)
    for column, (label, suffix, what) in zip(
        columns,
        (
            ("fu_export_actions_csv", ".csv", "actions"),
            ("fu_export_analyses_csv", ".csv", "analyses"),
            ("fu_export_xlsx", ".xlsx", "actions"),
        ),
    ):
        column.download_button(
            t(label, lang),
            data=functools.partial(fu.export_bytes, db, suffix, what),  # made on click
            file_name=f"bma-followup-{what if suffix == '.csv' else 'all'}-{stamp}{suffix}",
            mime="text/csv"
            if suffix == ".csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"fu_export_{what}{suffix}",
            icon=":material/download:",
            on_click="ignore",
        )


def _import(db: fu.FollowupDB, user: fu.Account, lang: str) -> None:
    allowed = fu.can(user, "review")
    if not allowed:
        return  # agency editors write on the indicator page; the import is the analysts' tool
    st.subheader(t("fu_import", lang))
    st.caption(t("fu_import_help", lang))
    with st.form("fu_import_form", clear_on_submit=False):
        upload = st.file_uploader(t("fu_import_file", lang), type=["csv", "xlsx"], key="fu_import_file")
        go = st.form_submit_button(t("fu_import_button", lang), icon=":material/upload:")
    if not go or upload is None:
        return
    known = data.load(views.indicator_codes)
    try:
        result = fu.import_actions(db, user, upload.name, known, data=upload.getvalue())
    except ImportRejected as exc:
        st.error(t("fu_import_rejected", lang, n=len(exc.problems)), icon=":material/error:")
        _problems(exc.problems, lang)
        return
    except fu.FollowupError as exc:
        _refused(exc, lang)
        return
    st.success(
        t(
            "fu_import_done",
            lang,
            file=md(result.file),
            added=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
        ),
        icon=":material/check_circle:",
    )


def _problems(problems: list[Problem], lang: str) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "file": [p.file for p in problems],
                "row": [DASH if p.row is None else str(p.row) for p in problems],
                "column": [p.column or DASH for p in problems],
                "message": [p.message_en if lang == "en" else p.message_th for p in problems],
            }
        ),
        hide_index=True,
        key="fu_import_problems",
        width="stretch",
        column_config={
            "file": st.column_config.TextColumn(t("fu_problem_file", lang)),
            "row": st.column_config.TextColumn(t("fu_problem_row", lang), width="small"),
            "column": st.column_config.TextColumn(t("fu_problem_column", lang)),
            "message": st.column_config.TextColumn(t("fu_problem_message", lang), width="large"),
        },
    )


# ---- accounts (admins) --------------------------------------------------------------------------
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
