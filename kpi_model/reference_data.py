"""BMA's reference tables, shipped with the model, and the marker of synthetic rows.

The agencies (departments, offices, the 50 district offices) and the strategy tree are read
from the CSV files in ``kpi_model/reference/``; every store starts from them and an import
checks strategy codes against them. Synthetic demo rows carry ``source = SYNTHETIC_SOURCE``
so the dashboard can say which figures are not real. Production code takes these from here,
never from :mod:`kpi_model.demo`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpi_model.schema import coerce_frame

__all__ = ["REFERENCE_DIR", "SYNTHETIC_SOURCE", "reference_tables"]

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
SYNTHETIC_SOURCE = "synthetic-demo"


def reference_tables() -> dict[str, pd.DataFrame]:
    """BMA's agencies (departments, offices, 50 district offices) and the strategy tree."""
    agencies = pd.read_csv(REFERENCE_DIR / "agencies.csv", dtype=str, keep_default_na=False)
    strategies = pd.read_csv(REFERENCE_DIR / "strategies.csv", dtype=str, keep_default_na=False)
    return {"agencies": coerce_frame("agencies", agencies), "strategies": coerce_frame("strategies", strategies)}
