"""BMA's reference tables, shipped with the model, and the marker of synthetic rows.

The agencies (departments, offices, the 50 district offices) and the strategy tree are read
from the CSV files in ``kpi_model/reference/``; every store starts from them and an import
checks strategy codes against them. Synthetic demo rows carry ``source = SYNTHETIC_SOURCE``
so the dashboard can say which figures are not real. Production code takes these from here,
never from :mod:`kpi_model.demo`.

The boundaries of Bangkok's 50 districts (``reference/geo/``, MIT, its notice beside it) and
the table of Thai spellings the boundary file writes differently from BMA's agency list are
here too: the districts page joins a district office to its shape on the Thai name
(:func:`district_shape_name`), never on code digits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.schema import coerce_frame

__all__ = [
    "DISTRICT_OFFICE_PREFIX",
    "GEO_DIR",
    "REFERENCE_DIR",
    "SYNTHETIC_SOURCE",
    "district_boundaries",
    "district_shape_name",
    "reference_tables",
    "spelling_corrections",
]

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
SYNTHETIC_SOURCE = "synthetic-demo"
GEO_DIR = REFERENCE_DIR / "geo"
DISTRICT_OFFICE_PREFIX = "สำนักงาน"  # สำนักงานเขตบางนา (BMA's district office) → เขตบางนา (the district)


def reference_tables() -> dict[str, pd.DataFrame]:
    """BMA's agencies (departments, offices, 50 district offices) and the strategy tree."""
    agencies = pd.read_csv(REFERENCE_DIR / "agencies.csv", dtype=str, keep_default_na=False)
    strategies = pd.read_csv(REFERENCE_DIR / "strategies.csv", dtype=str, keep_default_na=False)
    return {"agencies": coerce_frame("agencies", agencies), "strategies": coerce_frame("strategies", strategies)}


def district_boundaries() -> dict[str, Any]:
    """The 50 districts as a GeoJSON FeatureCollection (WGS 84; properties ``dopa_code``, the
    interior ministry's 10xx code, ``name_th`` as the source spells it, ``name_en``)."""
    with open(GEO_DIR / "bangkok-districts.geojson", encoding="utf-8") as fh:
        return json.load(fh)


def spelling_corrections() -> dict[str, str]:
    """Source spelling → BMA's spelling of a district's Thai name, where the boundary file
    writes it differently (``spelling_corrections.csv`` says why for each)."""
    table = pd.read_csv(GEO_DIR / "spelling_corrections.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["source_name_th"], table["bma_name_th"]))


def district_shape_name(office_name_th: str) -> str:
    """The district's name as the (corrected) boundary file writes it, from its office's name
    in BMA's agency list: 'สำนักงานเขตบางนา' → 'เขตบางนา'. A name without the office prefix is
    returned as it is (and then places nothing unless a shape has exactly that name)."""
    name = office_name_th.strip()
    return name[len(DISTRICT_OFFICE_PREFIX) :] if name.startswith(DISTRICT_OFFICE_PREFIX) else name
