"""The follow-up database of this process: one engine per database URL (DESIGN §9).

Pages, the sign-in and the admin page all ask :func:`followup_db`; the URL is
``KPI_FOLLOWUP_URL``, else ``followup.sqlite`` in the store folder (``KPI_STORE``), read on
every call so a test (or a restart with another setting) gets its own database. Opening runs
the migrations once per process.
"""

from __future__ import annotations

import streamlit as st

from kpi_model.config import default_store_dir
from kpi_model.followup import FollowupDB, followup_url, open_followup

__all__ = ["followup_db", "followup_db_url"]


@st.cache_resource(show_spinner=False)
def _open(url: str) -> FollowupDB:
    return open_followup(url=url)


def followup_db_url() -> str:
    return followup_url(default_store_dir())


def followup_db() -> FollowupDB:
    """The open database (migrated); ConfigError for an unusable ``KPI_FOLLOWUP_URL``."""
    return _open(followup_db_url())
