"""The extract analysts download: the same rows from the dashboard and from the command line.

CSV is UTF-8 with a BOM (Excel then shows Thai); XLSX has one sheet. Every text cell that
starts with ``= + - @``, tab or CR is neutralised (numbers stay numbers), so no cell a user
downloads runs as a formula.

A file is written for a person (:func:`for_readers`): Thai column headers
(the registry's, :mod:`kpi_model.columns`), Thai words for the computed statuses and
plan sources, computed numbers rounded (a ratio to four decimals, a score to two). Recorded
values and every column an import reads are written exactly as stored, and the importer reads
the Thai headers, so an export still imports back unchanged.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from kpi_model.columns import COLUMNS
from kpi_model.fiscal import be_to_ce
from kpi_model.importer.columns import IMPORTED_COLUMNS, thai_header
from kpi_model.safe_io import write_table_csv, write_table_xlsx
from kpi_model.store import Filters, Store

__all__ = [
    "EXTRACT_SHEET",
    "extract",
    "extract_bytes",
    "for_readers",
    "shown_table_bytes",
    "with_ce_year",
    "write_extract",
]

EXTRACT_SHEET = "ตัวชี้วัด"

#: Columns written in words (Thai): computed ones and those no import reads, so the words
#: never have to be read back.
_WORDS = {c.name: c.words for c in COLUMNS if c.words is not None and (c.computed or c.name not in IMPORTED_COLUMNS)}
#: Computed numbers and the decimals they are written with.
_DECIMALS = {c.name: c.digits for c in COLUMNS if c.digits is not None and c.computed}


def for_readers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a person reads it: computed statuses and sources in Thai words, computed
    numbers rounded, Thai column headers. A missing value stays missing; columns an import
    reads are untouched, so the file imports back to the same tables."""
    out = frame.copy()
    for column, word in _WORDS.items():
        if column in out.columns:
            out[column] = [None if pd.isna(v) else word(v, "th") for v in out[column]]
    for column, digits in _DECIMALS.items():
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").round(digits)
    return out.rename(columns={c: thai_header(str(c)) for c in out.columns})


def with_ce_year(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``fiscal_year_ce`` (the CE year a BE fiscal year ends in) right after
    ``fiscal_year``; a missing year stays missing."""
    ce = pd.Series(
        [None if pd.isna(y) else be_to_ce(int(y)) for y in frame["fiscal_year"]], index=frame.index, dtype="Int64"
    )
    out = frame.copy()
    out.insert(list(out.columns).index("fiscal_year") + 1, "fiscal_year_ce", ce)
    return out


def extract(store: Store, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per indicator-quarter for ``filters``, BE and CE fiscal years side by side."""
    return with_ce_year(store.extract(filters))


def write_extract(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (:func:`for_readers`) as .csv (UTF-8 with BOM) or .xlsx, by the suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_table_csv(for_readers(frame), Path(path))
    elif suffix == ".xlsx":
        write_table_xlsx({EXTRACT_SHEET: for_readers(frame)}, Path(path))
    else:
        raise ValueError(f"export to .csv or .xlsx, not {suffix or 'a file without a suffix'}")


def extract_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """The file's bytes, for a download button (same writer as the command line)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"extract{suffix}"
        write_extract(frame, path)
        return path.read_bytes()


def shown_table_bytes(frame: pd.DataFrame, headers: dict[str, str], suffix: str, sheet: str) -> bytes:
    """A table exactly as a page shows it (the same frame), its columns renamed to
    ``headers`` (the page's labels), as .csv (UTF-8 with BOM) or .xlsx bytes; every text cell
    neutralised like the extract (:mod:`kpi_model.safe_io`)."""
    shown = frame.rename(columns=headers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"table{suffix}"
        if suffix == ".csv":
            write_table_csv(shown, path)
        elif suffix == ".xlsx":
            write_table_xlsx({sheet: shown}, path)
        else:
            raise ValueError(f"a table downloads as .csv or .xlsx, not {suffix}")
        return path.read_bytes()
