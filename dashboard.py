"""BMA KPI dashboard: the entry point. The frame and router live in :mod:`ui.router`."""

from ui.router import run

run()
