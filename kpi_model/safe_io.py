"""Safe CSV and XLSX writing: every file the tool writes for a person to open in a spreadsheet.

Formula injection: :func:`neutralise` puts an apostrophe before a text cell that starts with
``= + - @``, a tab or a carriage return (and before a text that already starts with
apostrophes followed by one of those, so the rule can be undone exactly). Reading a text
column removes that one apostrophe again (:func:`unneutralise`, used by
:mod:`kpi_model.importer.tables`), so write → read gives back the same frame. Numbers are never
neutralised (``-5.0`` stays the number -5.0).

CSV is UTF-8 with a BOM (so Excel shows Thai); XLSX writes text as text (no formulas, URLs or
numbers guessed from strings). NULL is an empty cell; a float is written out in full (the
importer reads no exponent). Both writers write to a temporary file beside the target and
rename it into place, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["atomic_write", "neutralise", "unneutralise", "write_table_csv", "write_table_xlsx"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet could run as a formula, made inert by a leading apostrophe.

    ``"=cmd|' /C calc'!A0"`` → ``"'=cmd|' /C calc'!A0"``; ``"-5"`` (text) → ``"'-5"``; numbers,
    NULLs and other values are returned unchanged (``-5.0`` stays -5.0). A text that already
    starts with apostrophes followed by a trigger gets one more, so :func:`unneutralise`
    undoes the rule exactly.
    """
    if isinstance(value, str) and value and (value.startswith(_TRIGGERS) or _NEUTRALISED.match(value)):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise` for one text cell: ``"'=x"`` → ``"=x"``."""
    if _NEUTRALISED.match(text):
        return text[1:]
    return text


def _is_na(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(float(v))
    return False


def _float_text(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(x)
    if "e" in text or "E" in text:  # parse_number reads no exponent: write it out in full
        text = np.format_float_positional(x, trim="-")
    return text


def _csv_cell(v: Any) -> str:
    if _is_na(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return _float_text(float(v))
    if isinstance(v, (dt.date, dt.datetime, dt.time, pd.Timestamp)):
        return v.isoformat()
    return str(neutralise(_text(v)))


def _text(v: Any) -> str:
    """A text cell as written: NUL characters are dropped (a file holding one reads as binary)."""
    return str(v).replace("\x00", "")


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path beside ``path``, then rename it onto ``path``; on
    any failure the temporary file is removed and ``path`` is left as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_table_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as CSV: UTF-8 with BOM (so Excel shows Thai), text cells neutralised, numbers
    as numbers (no exponent), NULL as an empty cell. Written atomically."""
    columns = [str(c) for c in frame.columns]

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, lineterminator="\r\n")
            out.writerow([_csv_cell(c) for c in columns])
            for row in frame.astype(object).itertuples(index=False, name=None):
                out.writerow([_csv_cell(v) for v in row])

    atomic_write(Path(path), write)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"_{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def write_table_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per key (header in row 1), text cells neutralised and written as text
    (``strings_to_formulas``/``strings_to_urls``/``strings_to_numbers`` off), numbers as
    numbers, NULL as an empty cell. Written atomically."""
    import xlsxwriter

    def write(tmp: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = xlsxwriter.Workbook(
                str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
            )
            try:
                bold = wb.add_format({"bold": True})
                used: set[str] = set()
                for key, frame in frames.items():
                    ws = wb.add_worksheet(_sheet_name(key, used))
                    columns = [str(c) for c in frame.columns]
                    for c, name in enumerate(columns):
                        ws.write_string(0, c, str(neutralise(name)), bold)
                    for r, row in enumerate(frame.astype(object).itertuples(index=False, name=None), start=1):
                        for c, v in enumerate(row):
                            _xlsx_cell(ws, r, c, v)
                    if columns:
                        ws.freeze_panes(1, 0)
            finally:
                wb.close()

    atomic_write(Path(path), write)


def _xlsx_cell(ws: Any, r: int, c: int, v: Any) -> None:
    if _is_na(v):
        return
    if isinstance(v, (bool, np.bool_)):
        ws.write_boolean(r, c, bool(v))
    elif isinstance(v, (int, np.integer, float, np.floating)):
        x = float(v)
        if math.isfinite(x):
            ws.write_number(r, c, x)
        else:
            ws.write_string(r, c, _float_text(x))
    elif isinstance(v, (dt.date, dt.datetime, dt.time, pd.Timestamp)):
        ws.write_string(r, c, v.isoformat())
    else:
        ws.write_string(r, c, str(neutralise(_text(v))))
