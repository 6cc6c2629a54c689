"""The extract analysts download: the same rows from the dashboard and from the command line.

CSV is UTF-8 with a BOM (Excel then shows Thai); XLSX has one sheet. Every text cell that
starts with ``= + - @``, tab or CR is neutralised (numbers stay numbers), so no cell a user
downloads runs as a formula.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from kpi_model.fiscal import be_to_ce
from kpi_model.safe_io import write_table_csv, write_table_xlsx
from kpi_model.store import Filters, Store

__all__ = ["EXTRACT_SHEET", "extract", "extract_bytes", "with_ce_year", "write_extract"]

EXTRACT_SHEET = "kpi_extract"


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
    """Write ``frame`` as .csv (UTF-8 with BOM) or .xlsx, chosen by the suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_table_csv(frame, Path(path))
    elif suffix == ".xlsx":
        write_table_xlsx({EXTRACT_SHEET: frame}, Path(path))
    else:
        raise ValueError(f"export to .csv or .xlsx, not {suffix or 'a file without a suffix'}")


def extract_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """The file's bytes, for a download button (same writer as the command line)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"extract{suffix}"
        write_extract(frame, path)
        return path.read_bytes()
