"""BMA KPI dashboard: the frame and router. Shared sidebar (language, fiscal year, quarter,
all bound to the URL), then the chosen page."""

from __future__ import annotations

import streamlit as st

from kpi_model.i18n import t
from ui import widgets

st.set_page_config(page_title="ตัวชี้วัดกรุงเทพมหานคร | BMA KPI", page_icon=":material/monitoring:",
                   layout="wide")

lang = widgets.language()
pages = [
    st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True),
]
page = st.navigation(pages)
period = widgets.period(lang)
widgets.store_caption(lang)
page.run()
