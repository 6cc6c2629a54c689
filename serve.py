"""BMA KPI dashboard, served warm: ``streamlit run serve.py`` serves ``dashboard.py`` after
running each page once (:mod:`ui.warmup`), so the health check says ready only when a first
visitor would find the process warm. ``streamlit run dashboard.py`` still serves it cold."""

import streamlit as st

from ui.warmup import lifespan

app = st.App("dashboard.py", lifespan=lifespan)
