"""When the store derives: the frames of a new version, and a flat store's derived tables.

The scoring itself is the model's (:func:`kpi_model.derive.derive`); this module decides what
goes in and what comes out. A write checks, coerces and derives everything before the writer
touches the disk, so a rejected import writes nothing. A flat folder without derived tables has
them computed in memory when its connection opens, and only if its source tables are sound.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from kpi_model.config import Settings
from kpi_model.derive import FLAG_COLUMNS, derive
from kpi_model.errors import StoreInvalid
from kpi_model.schema import SOURCE_TABLES, coerce_frame, empty_frame
from kpi_model.store.layout import IMPORT_FLAGS
from kpi_model.store.validation import validate

__all__ = ["computed_tables", "flag_frame", "version_frames"]

_INT_FLAG_COLUMNS = ("fiscal_year", "quarter")


def version_frames(
    tables: dict[str, pd.DataFrame], import_flags: pd.DataFrame | None, cfg: Settings
) -> dict[str, pd.DataFrame]:
    """Every table of a new version: the source ``tables`` coerced (an optional table left out
    is written empty), the derived ones, and the import's own flags. Raises StoreInvalid
    (nothing computed) when a table breaks the schema."""
    problems = validate(tables)
    if problems:
        raise StoreInvalid(problems)
    clean = {t: coerce_frame(t, tables[t] if t in tables else empty_frame(t)) for t in SOURCE_TABLES}
    derived = derive(clean, import_flags, cfg)
    return {**clean, **derived, IMPORT_FLAGS: flag_frame(import_flags)}


def computed_tables(raw: dict[str, pd.DataFrame], cfg: Settings) -> dict[str, pd.DataFrame] | None:
    """A flat store's derived tables from its ``raw`` source tables (a CSV's rows numbered from
    2); None when a source table is broken: ``check`` names the faults, and views then read
    only the source tables."""
    if validate(raw, row_offset=2):
        return None
    tables = {t: coerce_frame(t, raw[t]) for t in SOURCE_TABLES}
    return derive(tables, None, cfg)


def flag_frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    """The import's flags as stored in ``import_flags``: the flag columns but ``agency_code``,
    typed (empty when the import raised none)."""
    cols = [c for c in FLAG_COLUMNS if c != "agency_code"]
    if frame is None or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype=_flag_dtype(c)) for c in cols})
    out = frame[cols].copy()
    for c in cols:
        out[c] = out[c].astype(_flag_dtype(c))
    return out


def _flag_dtype(column: str) -> Literal["Int64", "string"]:
    return "Int64" if column in _INT_FLAG_COLUMNS else "string"
