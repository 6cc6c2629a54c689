"""The extract analysts download: the same rows from the dashboard and from the command line.

CSV is UTF-8 with a BOM (Excel then shows Thai); XLSX has one sheet. Every text cell that
starts with ``= + - @``, tab or CR is neutralised (numbers stay numbers), so no cell a user
downloads runs as a formula.

A file is written for a person (:func:`for_readers`): Thai column headers
(:data:`~kpi_model.importer.columns.THAI_HEADERS`), Thai words for the computed statuses and
plan sources, computed numbers rounded (a ratio to four decimals, a score to two). Recorded
values and every column an import reads are written exactly as stored, and the importer reads
the Thai headers, so an export still imports back unchanged.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from kpi_model.fiscal import be_to_ce
from kpi_model.i18n import (
    accumulation_label,
    direction_label,
    direction_source_label,
    plan_source_label,
    recorded_status_label,
    severity_label,
    status_label,
)
from kpi_model.importer.columns import is_export_only, thai_header
from kpi_model.labels import inference_names
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

#: Computed columns written in words: column → the Thai label of each code. Only columns an
#: import ignores (computed by the export), so the words never have to be read back.
_WORDS = {
    "status": lambda v: status_label(v, "th"),
    "annual_status": lambda v: status_label(v, "th"),
    "recorded_status": lambda v: recorded_status_label(v, "th"),
    "inferences": lambda v: " · ".join(inference_names(v, "th")),
    "plan_source": lambda v: plan_source_label(v, "th"),
    "direction_used": lambda v: direction_label(v, "th"),
    "direction_used_source": lambda v: direction_source_label(v, "th"),
    "accumulation_used": lambda v: accumulation_label(v, "th"),
    "severity": lambda v: severity_label(v, "th"),
}
#: Computed numbers and the decimals they are written with.
_DECIMALS = {
    "plan": 4,
    "progress": 4,
    "ratio": 4,
    "score_100": 2,
    "annual_ratio": 4,
    "annual_score_100": 2,
    "annual_score_5": 2,
}


def for_readers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a person reads it: computed statuses and sources in Thai words, computed
    numbers rounded, Thai column headers. A missing value stays missing; columns an import
    reads are untouched, so the file imports back to the same tables."""
    out = frame.copy()
    for column, word in _WORDS.items():
        if column in out.columns and (is_export_only(column) or column == "severity"):
            out[column] = [None if pd.isna(v) else word(v) for v in out[column]]
    for column, digits in _DECIMALS.items():
        if column in out.columns and is_export_only(column):
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
