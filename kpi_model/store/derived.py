"""What a write derives: the change a full write makes, the checked change of an import, and
a flat store's derived tables.

The scoring itself is set-wise SQL (:mod:`kpi_model.store.scoring`), equal row by row to the
model's reference (:func:`kpi_model.derive.derive`). A write checks and coerces everything
before the writer touches the disk, so a rejected import writes nothing. A flat folder without
derived tables has them computed in memory when its connection opens, and only if its source
tables are sound.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from kpi_model.config import Settings
from kpi_model.derive import FLAG_COLUMNS
from kpi_model.errors import StoreInvalid
from kpi_model.schema import SOURCE_TABLES, coerce_frame, empty_frame, validate_frame
from kpi_model.store.build import PER_INDICATOR, Change
from kpi_model.store.layout import IMPORT_FLAGS
from kpi_model.store.scoring import derive_frames
from kpi_model.store.validation import validate

__all__ = ["checked_change", "computed_tables", "flag_frame", "whole_change"]

_INT_FLAG_COLUMNS = ("fiscal_year", "quarter")
_SMALL_SOURCES = tuple(t for t in SOURCE_TABLES if t not in PER_INDICATOR)


def whole_change(tables: dict[str, pd.DataFrame], import_flags: pd.DataFrame | None) -> Change:
    """A write of whole tables: the source ``tables`` coerced (an optional table left out is
    written empty) and the import's own flags. Raises StoreInvalid (nothing computed) when a
    table breaks the schema."""
    problems = validate(tables)
    if problems:
        raise StoreInvalid(problems)
    clean = {t: coerce_frame(t, tables[t] if t in tables else empty_frame(t)) for t in SOURCE_TABLES}
    small = {t: clean[t] for t in _SMALL_SOURCES} | {IMPORT_FLAGS: flag_frame(import_flags)}
    return Change(small, {t: clean[t] for t in PER_INDICATOR})


def checked_change(change: Change) -> Change:
    """``change`` with its tables coerced; StoreInvalid when one breaks the schema. Only what
    the change brings is checked: the rows it keeps were checked when they were written, and
    the indicator-years it replaces go whole, so keys stay unique."""
    problems = []
    for t in _SMALL_SOURCES:
        if t in change.small:
            problems += validate_frame(t, change.small[t], t)
    for t in PER_INDICATOR:
        problems += validate_frame(t, change.rows.get(t, empty_frame(t)), t)
    if problems:
        raise StoreInvalid(problems)
    small = {t: coerce_frame(t, change.small.get(t, empty_frame(t))) for t in _SMALL_SOURCES}
    small[IMPORT_FLAGS] = flag_frame(change.small.get(IMPORT_FLAGS))
    rows = {t: coerce_frame(t, change.rows.get(t, empty_frame(t))) for t in PER_INDICATOR}
    return Change(small, rows, change.keys, change.settings)


def computed_tables(raw: dict[str, pd.DataFrame], cfg: Settings) -> dict[str, pd.DataFrame] | None:
    """A flat store's derived tables from its ``raw`` source tables (a CSV's rows numbered from
    2); None when a source table is broken: ``check`` names the faults, and views then read
    only the source tables."""
    if validate({t: raw[t] for t in SOURCE_TABLES}, row_offset=2):
        return None
    tables = {t: coerce_frame(t, raw[t]) for t in SOURCE_TABLES}
    imported = raw.get(IMPORT_FLAGS)
    return derive_frames(tables, None if imported is None else flag_frame(imported), cfg)


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
