"""Streamlit side: cached loaders, shared widgets and chart builders. Pages import from here."""
