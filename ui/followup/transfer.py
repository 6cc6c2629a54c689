"""The follow-up's downloads (actions and analyses as CSV, all as Excel) and the import of
actions from a file (analysts and admins), with each rejected row named.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from kpi_model import followup as fu
from kpi_model import views
from kpi_model.errors import ImportRejected, Problem
from kpi_model.i18n import t
from ui import data
from ui.followup._labels import today
from ui.followup._state import _refused
from ui.format import DASH, md

__all__ = ["_export", "_import"]


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
