"""The settings every worked example in this suite was worked at: BMA's thresholds (met at
100 % of plan, on track from 80 %) and its linear default plan 25-50-75-100.

Loaded as a plugin (``-p tests.worked_at`` in pytest.ini) before any test module imports the
model, and inherited by the servers the tests start, so a deployment's own ``KPI_*`` settings
(or a changed default in :mod:`kpi_model.config`) never change what an example checks; a test
of other thresholds passes its own :class:`~kpi_model.config.Settings` or environment."""

from __future__ import annotations

import os

WORKED_AT = {"KPI_MET_PERCENT": "100", "KPI_ON_TRACK_PERCENT": "80", "KPI_DEFAULT_PLAN": "25-50-75-100"}

os.environ.update(WORKED_AT)
