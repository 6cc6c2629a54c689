"""My follow-up: what a signed-in editor has to do in the sidebar's quarter (their agencies'
indicators behind without an analysis, their actions due), the export of actions and
analyses, and the import of actions for analysts and admins. Laid out by
:func:`ui.followup.my_followup_page`; anyone without a follow-up account is told why."""

from __future__ import annotations

import streamlit as st

from ui import followup
from ui.router import page_entry

page_entry()

followup.my_followup_page(st.session_state.get("lang", "th"))
