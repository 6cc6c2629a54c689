"""Accounts and roles of the follow-up database, for admins only (anyone else is told why and
sees nothing): :func:`ui.followup.accounts_page`."""

from __future__ import annotations

import streamlit as st

from ui import followup
from ui.router import page_entry

page_entry()

followup.accounts_page(st.session_state.get("lang", "th"))
