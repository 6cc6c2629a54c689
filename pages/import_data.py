"""Import: upload detail pages, CSV or XLSX (many at once), see what would be added, replaced
and rejected, and change the store only on confirm. Signed-in editors only: the router lists
this page for editors alone, and the page checks again before any upload widget exists.

The bytes previewed are kept in the session; confirm imports exactly those (same SHA-256, same
fiscal year, same store version as the preview), or asks for a new look if anything moved."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model import config, views
from kpi_model.errors import StoreLocked
from kpi_model.i18n import date_label, flag_label, t
from ui import auth, data, upload
from ui.format import count, md, text
from ui.ratelimit import minutes
from ui.router import page_entry

page_entry()

_PREVIEW = "import_preview"  # {"key", "uploads", "fy", "outcome", "refused"}
_DONE = "import_done"  # {"key", "added", "replaced", "version"}

lang = st.session_state.get("lang", "th")
user = auth.current_user()
if not auth.is_editor(user):
    st.title(t("import_title", lang))
    st.error(t("import_forbidden", lang), icon=":material/lock:")
    st.stop()
assert user is not None

st.title(t("import_title", lang))
st.caption(t("import_intro", lang))


def _problems_frame(problems: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("file", lang): [text(p.file) for p in problems],
            t("line", lang): [text(p.row) for p in problems],
            t("flag_column", lang): [text(p.column) for p in problems],
            t("message", lang): [p.message_en if lang == "en" else p.message_th for p in problems],
        }
    )


def _local_time(stamp: object) -> str:
    try:
        when = dt.datetime.fromisoformat(str(stamp)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    except ValueError:
        return text(stamp)
    return f"{date_label(when.date(), lang)} {when:%H:%M}"


# -- the upload --
max_mb = config.settings.max_upload_mb
files = st.file_uploader(
    t("import_files", lang),
    accept_multiple_files=True,
    type=list(upload.ACCEPTED_TYPES),
    key="import_files",
    help=t("import_max_size", lang, mb=max_mb),
)
fy = st.number_input(
    t("import_fy", lang),
    min_value=2500,
    max_value=2700,
    value=None,
    step=1,
    format="%d",
    key="import_fy",
    help=t("import_fy_help", lang),
)
fy = int(fy) if fy is not None else None

if files:
    # Oversized files are refused on their declared size; their bytes are never read or saved.
    refused = [p for f in files if (p := upload.too_large(f.name, f.size, max_mb)) is not None]
    uploads = [
        upload.Upload.of(f.name, f.getvalue()) for f in files if upload.too_large(f.name, f.size, max_mb) is None
    ]
    store = data.store()
    key = (upload.digest_of(uploads), tuple(p.file for p in refused), fy, store.version())
    kept: dict[str, Any] | None = st.session_state.get(_PREVIEW)
    done = st.session_state.get(_DONE)
    if done and done["key"][:3] == key[:3]:
        st.success(
            t("import_done", lang, added=done["added"], replaced=done["replaced"], version=done["version"]),
            icon=":material/check_circle:",
        )
        st.caption(t("import_already_done", lang))
        if store.publish_problem:  # a writer whose shared storage did not take the version
            st.warning(t("import_unpublished", lang, problem=md(store.publish_problem)), icon=":material/cloud_off:")
    else:
        stale = kept is None or kept["key"] != key
        if stale and uploads:  # new bytes to parse: within this session's and address's hourly budget
            session = st.session_state.setdefault("upload_session", secrets.token_hex(16))
            wait = upload.upload_budget().admit(uploads, session, auth.visitor_address())
            if wait > 0:
                st.error(
                    t("upload_throttled", lang, mb=config.settings.upload_mb_per_hour, minutes=minutes(wait)),
                    icon=":material/timer:",
                )
                st.stop()
        if stale or kept is None:
            outcome = upload.run_import(store, uploads, fy, dry_run=True) if uploads else None
            kept = {"key": key, "uploads": uploads, "fy": fy, "outcome": outcome, "refused": refused}
            st.session_state[_PREVIEW] = kept
        outcome = kept["outcome"]
        rejected = list(refused) + (outcome.rejected if outcome else [])

        # -- the preview --
        st.subheader(t("import_preview", lang))
        read = [outcome.saved_as.get(f.name, f.name) for f in outcome.result.files] if outcome else []
        cols = st.columns(4)
        cols[0].metric(t("import_files_read", lang), count(len(read)))
        cols[1].metric(t("import_added", lang), count(outcome.added if outcome and not outcome.rejected else 0))
        cols[2].metric(t("import_replaced", lang), count(outcome.replaced if outcome and not outcome.rejected else 0))
        cols[3].metric(t("import_rejected", lang), count(len(rejected)))
        if read:
            st.dataframe(pd.DataFrame({t("file", lang): read}), hide_index=True, key="import_read_table")
        if rejected:
            st.error(t("import_rejected_note", lang), icon=":material/block:")
            st.dataframe(_problems_frame(rejected), hide_index=True, key="import_rejected_table")
        elif outcome and outcome.result.flags:
            st.caption(t("import_flags", lang))
            flags = outcome.result.flags
            st.dataframe(
                pd.DataFrame(
                    {
                        t("flag_code", lang): [flag_label(f.get("code"), lang) for f in flags],
                        t("page_indicator", lang): [text(f.get("indicator_code")) for f in flags],
                        t("quarter", lang): [text(f.get("quarter")) for f in flags],
                        t("message", lang): [
                            text(f.get("message_en") if lang == "en" else f.get("message_th")) for f in flags
                        ],
                    }
                ),
                hide_index=True,
                key="import_flags_table",
            )
        can_confirm = bool(outcome) and not rejected and outcome.can_confirm
        if outcome and not rejected and not outcome.can_confirm:
            st.info(t("import_nothing", lang), icon=":material/info:")

        # -- confirm: import exactly the bytes previewed --
        if st.button(
            t("import_confirm", lang),
            key="import_confirm",
            type="primary",
            disabled=not can_confirm,
            icon=":material/upload:",
        ):
            if stale or upload.digest_of(kept["uploads"]) != key[0]:
                st.warning(t("import_changed", lang), icon=":material/refresh:")
            else:
                try:
                    result = upload.run_import(store, kept["uploads"], kept["fy"], user=user.name)
                except StoreLocked:
                    st.error(t("import_locked", lang), icon=":material/hourglass_top:")
                else:
                    if result.rejected:  # the store moved between preview and confirm; nothing written
                        st.error(t("import_rejected_note", lang), icon=":material/block:")
                        st.dataframe(_problems_frame(result.rejected), hide_index=True)
                    else:
                        st.cache_data.clear()
                        st.session_state[_DONE] = {
                            "key": key,
                            "added": result.added,
                            "replaced": result.replaced,
                            "version": result.version,
                        }
                        st.session_state.pop(_PREVIEW, None)
                        st.rerun()
else:
    st.session_state.pop(_PREVIEW, None)  # no files: keep no bytes in the session

# -- the store and its import log --
st.divider()
st.caption(t("import_current", lang, version=data.meta().id))
st.subheader(t("import_log", lang))
damaged = data.load(views.import_log_damaged)
if damaged:
    st.warning(
        t(
            "import_log_damaged",
            lang,
            n=len(damaged),
            lines=", ".join(str(n) for n in damaged[:10]) + (" …" if len(damaged) > 10 else ""),
        ),
        icon=":material/warning:",
    )
log = data.load(views.import_log, 20)
if len(log) == 0:
    st.info(t("import_log_empty", lang), icon=":material/info:")
else:
    shown = pd.DataFrame(
        {
            t("when", lang): [_local_time(v) for v in log["at"]],
            t("user", lang): [text(v) for v in log["user"]],
            t("files", lang): [text(v) for v in log["files"]],
            t("sha256", lang): [text(v) for v in log["sha256"]],
            t("added", lang): [text(v) for v in log["added"]],
            t("replaced", lang): [text(v) for v in log["replaced"]],
            t("rejected", lang): [text(v) for v in log["rejected"]],
            t("version", lang): [text(v) for v in log["version"]],
        }
    )
    st.dataframe(shown, hide_index=True, key="import_log_table")
