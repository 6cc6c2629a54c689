"""CSV and XLSX files → source tables, and the safe CSV / XLSX writers every export uses.

Two shapes are read (DESIGN §3 ``importer``):

1. **One file per table.** The file stem is the table name (``quarterly_results.csv``,
   ``indicators.xlsx``), or an XLSX workbook whose sheet names are table names.
2. **One flat sheet** with a row per indicator-quarter (any other file or sheet name): the
   ``indicators`` columns plus the ``quarterly_results`` columns (``indicator_code`` and
   ``fiscal_year`` once), optionally ``level_1`` … ``level_5`` (milestone descriptions). It is
   split into ``indicators`` (one row per indicator_code + fiscal_year), ``quarterly_results``
   (rows whose quarter is not blank; an export's ``is_recorded = FALSE`` placeholder is skipped
   only while it holds no recorded value — one typed into it is imported) and
   ``indicator_levels`` (non-blank ``level_n``). An indicator column may be left blank on some
   of an indicator's rows (it is taken from the others), but two different non-blank values
   are a rejection naming the row and column.

Columns an export computes (:data:`EXPORT_ONLY_COLUMNS`, and any ``annual_*`` column) are
ignored in both shapes, so an export can be imported back; any other unknown column is a
rejection naming it.

Every cell is read as text first (codes such as ``0402`` keep their leading zeros); numeric
columns are then parsed with :func:`~kpi_model.importer.numbers.parse_number` (Thai digits,
``1,407.52``). Blank cells become NULL, never 0 or "". Row numbers in messages are
spreadsheet rows: the header is row 1 and the first data row is row 2 (XLSX: the sheet's own
row numbers). Every fault of a file is collected and raised together as one
:class:`~kpi_model.errors.ImportRejected`; no other exception leaves :func:`read_table_file`
for any file content.

Hostile sizes: a header fault (a required column missing, an unknown or repeated column) is
reported as soon as the header row is read, before any data row is parsed. An .xlsx whose parts
declare more than ``settings.max_unpacked_mb`` unpacked is refused before it is opened; sheets
are streamed (openpyxl read-only mode, its ``<dimension>`` reset so nothing is cut off); a file
with more than ``settings.max_rows`` data rows is refused naming the file and the first row
past the cap; a row with cells past column 1,024 (AMJ) is refused.

Formula injection: :func:`neutralise` puts an apostrophe before a text cell that starts with
``= + - @``, a tab or a carriage return (and before a text that already starts with
apostrophes followed by one of those, so the rule can be undone exactly). Reading a text
column removes that one apostrophe again, so write → read gives back the same frame. Numbers
are never neutralised (``-5.0`` stays the number -5.0).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from kpi_model.errors import ImportRejected, Problem
from kpi_model.fiscal import thai_to_arabic_digits
from kpi_model.importer.numbers import parse_number
from kpi_model.schema import SOURCE_TABLES, TABLES, coerce_frame, validate_frame

__all__ = [
    "EXPORT_ONLY_COLUMNS",
    "EXPORT_ONLY_PREFIXES",
    "LEVEL_COLUMNS",
    "read_table_file",
    "write_table_csv",
    "write_table_xlsx",
    "neutralise",
    "unneutralise",
    "is_export_only",
]

#: Columns an export adds (computed, or joined for reading); ignored on import.
EXPORT_ONLY_COLUMNS: frozenset[str] = frozenset({
    # computed per quarter (achievement / derive.quarter_scores)
    "progress", "plan", "plan_source", "ratio", "score_100", "status", "status_th",
    "status_en", "recorded_score", "has_report", "read_as_percent", "recorded_status",
    "is_reported", "bands_disagree", "tracks_plan", "has_setting",
    # the direction and accumulation judged with (an analyst's setting applied)
    "direction_used", "direction_used_source", "accumulation_used",
    # an exported quarter with no quarterly_results row (shown as no data): not re-created
    # when left empty; a row given any recorded value is imported like any other
    "is_recorded",
    # computed per year (derive.annual_scores)
    "score_5", "level_reached", "flag_count", "flags", "flag_codes",
    # calendar helpers
    "fiscal_year_ce", "quarter_start", "quarter_end", "quarter_label",
    # joined names and strategy path
    "agency_name_th", "agency_name_en", "agency_kind", "strategy_name_th", "strategy_name_en",
    "strategy_1", "strategy_2", "strategy_3", "strategy_4",
    "strategy_1_name_th", "strategy_2_name_th", "strategy_3_name_th", "strategy_4_name_th",
    "strategy_1_name_en", "strategy_2_name_en", "strategy_3_name_en", "strategy_4_name_en",
    "dimension", "dimension_name_th", "dimension_name_en", "unit_label", "synthetic",
})
#: Column-name prefixes an export uses for computed values (``annual_ratio``, ``annual_status``…).
EXPORT_ONLY_PREFIXES: tuple[str, ...] = ("annual_",)
#: The optional milestone-description columns of a flat sheet.
LEVEL_COLUMNS: tuple[str, ...] = tuple(f"level_{n}" for n in range(1, 6))

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_ARABIC_CODE_COLUMNS = {("strategies", "strategy_code"), ("strategies", "parent_code"),
                        ("indicators", "strategy_code")}
_MAX_SHOWN = 60  # characters of a bad header or value quoted in a message


def is_export_only(name: str) -> bool:
    """Whether an import ignores column ``name`` (it is computed by an export)."""
    return name in EXPORT_ONLY_COLUMNS or name.startswith(EXPORT_ONLY_PREFIXES)


# ---------------------------------------------------------------------------------------------
# neutralising


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


# ---------------------------------------------------------------------------------------------
# writers


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


def _atomic_write(path: Path, write: Any) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
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

    _atomic_write(Path(path), write)


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
            wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                                "strings_to_urls": False,
                                                "strings_to_numbers": False})
            try:
                bold = wb.add_format({"bold": True})
                used: set[str] = set()
                for key, frame in frames.items():
                    ws = wb.add_worksheet(_sheet_name(key, used))
                    columns = [str(c) for c in frame.columns]
                    for c, name in enumerate(columns):
                        ws.write_string(0, c, str(neutralise(name)), bold)
                    for r, row in enumerate(frame.astype(object).itertuples(index=False, name=None),
                                            start=1):
                        for c, v in enumerate(row):
                            _xlsx_cell(ws, r, c, v)
                    if columns:
                        ws.freeze_panes(1, 0)
            finally:
                wb.close()

    _atomic_write(Path(path), write)


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


# ---------------------------------------------------------------------------------------------
# reading: raw grids


@dataclass
class _Cell:
    value: Any  # str, or for XLSX a number / bool / date
    ref: str | None = None  # "B3" for XLSX cells


@dataclass
class _Grid:
    """One sheet or CSV as read: header names and data rows with their spreadsheet row numbers."""

    label: str  # the file name, or "book.xlsx [Sheet1]"
    name: str  # the table name it stands for, or "" (flat)
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)


def _p(file: str, row: int | None, column: str | None, th: str, en: str) -> Problem:
    return Problem(file, row, column, th, en)


def _shown(text: object) -> str:
    s = str(text)
    return s if len(s) <= _MAX_SHOWN else s[:_MAX_SHOWN] + "…"


def _table_of_stem(stem: str) -> str | None:
    s = re.sub(r"\s*\(\d+\)$", "", stem.strip()).lower()
    return s if s in SOURCE_TABLES else None


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data:
        raise ImportRejected([_p(label, None, None, "ไฟล์นี้เป็นไฟล์ไบนารี ไม่ใช่ CSV",
                                 "this is a binary file, not a CSV text file")])
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
    raise ImportRejected([_p(label, None, None,
                             "อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620 (cp874)",
                             "cannot read the file: it is neither UTF-8 nor Thai TIS-620 (cp874) text")])


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," not in first:
        for d in ("\t", ";"):
            if d in first:
                return d
    return ","


def _csv_grid(path: Path, data: bytes, table: str | None = None) -> _Grid:
    label = path.name
    text = _decode(data, label)
    if text.strip() == "":
        raise ImportRejected([_p(label, None, None, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty")])
    _, max_rows = _limits()
    grid: _Grid | None = None
    try:  # records are parsed one by one: the header is checked before any data row is read
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for i, record in enumerate(records, start=1):
            if not any(c.strip() for c in record):
                continue
            if grid is None:
                grid = _Grid(label, _table_of_stem(path.stem) or table or "", list(record), i)
                early = _header_problems(grid)
                if early:  # the columns cannot be read: stop here
                    raise ImportRejected(early)
                continue
            if len(grid.rows) >= max_rows:
                raise _too_many_rows(label, i, max_rows)
            grid.rows.append((i, [_Cell(v) for v in record]))
    except csv.Error as exc:
        raise ImportRejected([_p(label, None, None, f"อ่าน CSV ไม่ได้: {exc}",
                                 f"cannot parse the CSV: {exc}")]) from None
    if grid is None:
        raise ImportRejected([_p(label, None, None, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty")])
    return grid


def _col_letter(n: int) -> str:
    s = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


_OOXML_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _ooxml_unescape(text: str) -> str:
    """Control characters as xlsxwriter and Excel store them (``_x000D_`` → CR), which
    openpyxl leaves escaped. openpyxl has already turned the stored escape of a literal
    ``_x000D_`` (``_x005F_x000D_``) into ``_x000D_``, so that rare literal text is read as a
    control character too: a known, accepted ambiguity (a CR in a pasted report is common)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _xlsx_grids(path: Path, default_table: str | None = None, data: bytes | None = None) -> list[_Grid]:
    """The sheets of a workbook (the file at ``path``, or ``data``), streamed (openpyxl
    read-only mode) after its declared unpacked size was checked; each sheet's header is
    checked before its data rows are read."""
    import openpyxl

    label = path.name
    unreadable = [_p(label, None, None, "อ่านไฟล์ Excel (.xlsx) ไม่ได้: ไฟล์เสียหรือไม่ใช่ .xlsx",
                     "cannot read the Excel (.xlsx) file: it is damaged or not an .xlsx workbook")]
    source: Any = path if data is None else io.BytesIO(data)
    _check_unpacked_size(source, unreadable, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ValueError…: openpyxl raises many kinds
        raise ImportRejected(unreadable) from exc
    try:
        return _workbook_grids(wb, label, _table_of_stem(path.stem) or default_table, unreadable)
    finally:
        try:
            wb.close()  # read-only mode keeps the archive open until closed
        except Exception:
            pass


def _limits() -> tuple[int, int]:
    """(max unpacked bytes of an .xlsx, max data rows of a file), read when a file is read."""
    from kpi_model import config

    cfg = config.settings
    return int(cfg.max_unpacked_mb) * 1024 * 1024, int(cfg.max_rows)


def _check_unpacked_size(source: Any, unreadable: list[Problem], label: str) -> None:
    """Refuse an .xlsx whose parts declare more than ``max_unpacked_mb`` in all, before any
    part is unpacked. (zipfile stops a part at its declared size, so a part cannot lie its
    way past this: a longer stream fails its CRC check and the file is reported damaged.)"""
    import zipfile

    limit, _ = _limits()
    try:
        with zipfile.ZipFile(source) as z:
            declared = sum(max(0, i.file_size) for i in z.infolist())
    except Exception as exc:  # not a zip at all: openpyxl would say the same
        raise ImportRejected(unreadable) from exc
    if declared > limit:
        mb, cap = declared / (1024 * 1024), limit // (1024 * 1024)
        raise ImportRejected([_p(label, None, None,
                                 f"ไฟล์ Excel นี้เมื่อแตกไฟล์มีขนาด {mb:,.0f} MB เกินกำหนด {cap:,} MB "
                                 "จึงไม่ได้อ่าน (แบ่งเป็นหลายไฟล์ หรือบันทึกเป็น CSV)",
                                 f"this Excel file unpacks to {mb:,.0f} MB, more than the {cap:,} MB "
                                 "allowed, so it was not read (split it, or save it as CSV)")])


_EXCEL_ROWS = 1_048_576  # the last row Excel allows
_MAX_COLUMNS = 1_024  # columns read per row: far beyond any table here (AMJ)


def _too_many_rows(label: str, row: int, max_rows: int) -> ImportRejected:
    return ImportRejected([_p(label, row, None,
                              f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว (ถึงแถว {row}) จึงไม่ได้นำเข้า "
                              "กรุณาแบ่งเป็นหลายไฟล์",
                              f"the file holds more than {max_rows:,} data rows (row {row} is past "
                              "the limit), so it was not imported; split it into several files")])


def _workbook_grids(wb: Any, label: str, stem_table: str | None,
                    unreadable: list[Problem]) -> list[_Grid]:
    from openpyxl.cell.read_only import EMPTY_CELL

    _, max_rows = _limits()
    sheets = list(wb.worksheets)
    problems: list[Problem] = []
    grids: list[_Grid] = []
    named = [ws for ws in sheets if _table_of_stem(ws.title)]
    data_rows = 0  # over the whole workbook
    for ws in sheets:
        sheet_label = f"{label} [{ws.title}]"
        table = _table_of_stem(ws.title)
        if table is None and not named and stem_table and len(sheets) == 1:
            table = stem_table
        grid: _Grid | None = None
        width = _MAX_COLUMNS
        beyond: set[int] = set()  # columns past the header already seen holding data
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws.reset_dimensions()  # a wrong <dimension> must not cut rows or columns off
                for number, row in enumerate(ws.iter_rows(), start=1):
                    if number > _EXCEL_ROWS:
                        raise ImportRejected(problems + [_p(
                            sheet_label, None, None, f"แผ่นงานมีแถวเกินแถวสุดท้ายของ Excel ({_EXCEL_ROWS:,})",
                            f"the sheet goes past Excel's last row ({_EXCEL_ROWS:,})")])
                    if not row:
                        continue
                    if len(row) > _MAX_COLUMNS:
                        letter = _col_letter(_MAX_COLUMNS)
                        raise ImportRejected(problems + [_p(
                            sheet_label, number, None,
                            f"แถว {number} มีเซลล์เกินคอลัมน์ {letter} (อ่านได้ไม่เกิน {_MAX_COLUMNS:,} คอลัมน์)",
                            f"row {number} has cells beyond column {letter} (at most {_MAX_COLUMNS:,} "
                            "columns are read)")])
                    cells = _xlsx_row(row, number, width if grid is not None else len(row), beyond,
                                      sheet_label, problems, EMPTY_CELL)
                    if cells is None:
                        continue  # nothing but blanks
                    if grid is None:
                        grid = _header_grid(sheet_label, table, number, cells)
                        width = len(grid.header)
                        early = _header_problems(grid)
                        if early:  # the columns cannot be read: stop before any data row
                            raise ImportRejected(problems + early)
                        continue
                    data_rows += 1
                    if data_rows > max_rows:
                        raise _too_many_rows(sheet_label, number, max_rows)
                    grid.rows.append((number, cells))
        except ImportRejected:
            raise
        except Exception as exc:  # the sheet's XML breaks off or is not a sheet
            raise ImportRejected(problems + [_p(sheet_label, None, None, unreadable[0].message_th,
                                                unreadable[0].message_en)]) from exc
        if grid is None:
            if table is not None or len(sheets) == 1:
                problems.append(_p(sheet_label, None, None, "แผ่นงานว่าง ไม่มีข้อมูล",
                                   f"sheet {ws.title} is empty"))
            continue  # an empty extra sheet (Sheet2) beside data sheets is ignored
        grids.append(grid)
    if not sheets:
        problems.append(_p(label, None, None, "สมุดงานว่าง ไม่มีแผ่นงาน", "the workbook has no sheets"))
    elif not grids and not problems:
        problems.append(_p(label, None, None, "สมุดงานว่าง ไม่มีข้อมูล", "the workbook is empty"))
    if problems:
        raise ImportRejected(problems)
    return grids


_BLANK = _Cell(None)  # shared by every empty position of a stored row


def _xlsx_row(row: tuple, number: int, width: int, beyond: set[int], sheet_label: str,
              problems: list[Problem], empty: Any) -> list[_Cell] | None:
    """One streamed row as cells up to its last value (None when it holds none). Cells past
    ``width`` (the header's) are kept only for a column's first row holding data there, which
    is enough for the header check to name it; formulas and error values become problems."""
    cells: list[_Cell] = []
    for i, cell in enumerate(row):
        if cell is empty:
            continue
        v = cell.value
        if v is None:
            continue
        if i >= width:
            if i in beyond:
                continue
            beyond.add(i)
        if isinstance(v, str):
            v = _ooxml_unescape(v)
        letter = _col_letter(i + 1)
        ref = f"{letter}{number}"
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and len(v) > 1):
            problems.append(_p(sheet_label, number, letter,
                               f"เซลล์ {ref} เป็นสูตร ({_shown(v)}) ระบบไม่คำนวณสูตร กรุณาใส่ค่าแทน",
                               f"cell {ref} holds a formula ({_shown(v)}); formulas are not "
                               "evaluated — enter the value instead"))
            v = None
        elif cell.data_type == "e":
            problems.append(_p(sheet_label, number, letter, f"เซลล์ {ref} มีค่าผิดพลาด {_shown(v)}",
                               f"cell {ref} holds an error value {_shown(v)}"))
            v = None
        if isinstance(v, str) and v.strip() == "":
            v = None
        if v is None:
            continue
        if len(cells) < i:
            cells.extend([_BLANK] * (i - len(cells)))
        cells.append(_Cell(v, ref))
    return cells or None


def _header_grid(label: str, table: str | None, number: int, cells: list[_Cell]) -> _Grid:
    header = []
    for c in cells:
        if isinstance(c.value, (dt.date, dt.datetime, dt.time)):
            header.append(c.value.isoformat())
        else:
            header.append("" if c.value is None else str(c.value))
    return _Grid(label, table or "", header, number)


# ---------------------------------------------------------------------------------------------
# reading: grids → converted table parts


@dataclass
class _Part:
    """Rows for one table, converted to Python values, with where each row came from."""

    table: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    where: list[tuple[str, int]] = field(default_factory=list)


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.reported: set[tuple[str, int | None, str | None]] = set()
        self.parts: dict[str, list[_Part]] = {}

    def problem(self, file: str, row: int | None, column: str | None, th: str, en: str) -> None:
        self.problems.append(_p(file, row, column, th, en))
        self.reported.add((file, row, column))

    # -- header ------------------------------------------------------------------------------

    def header(self, grid: _Grid, allowed: Iterable[str], required: Iterable[str],
               table_desc: str) -> dict[str, int] | None:
        """Column name → position, or None when the header is wrong (problems recorded)."""
        allowed = set(allowed)
        positions: dict[str, int] = {}
        ok = True
        width = max([len(grid.header)] + [len(cells) for _, cells in grid.rows])
        for i in range(width):
            raw = grid.header[i] if i < len(grid.header) else ""
            name = raw.strip().lower()
            if name == "":
                first = next((r for r, cells in grid.rows
                              if i < len(cells) and _present(cells[i].value)), None)
                if first is not None:
                    ok = False
                    letter = _col_letter(i + 1)
                    self.problem(grid.label, first, letter,
                                 f"แถว {first} คอลัมน์ที่ {i + 1} ({letter}) มีข้อมูลแต่คอลัมน์นี้ไม่มีชื่อในหัวตาราง",
                                 f"row {first}, column {i + 1} ({letter}) holds data but the column "
                                 "has no name in the header")
                continue
            if name in positions:
                ok = False
                self.problem(grid.label, grid.header_row, name, f"ชื่อคอลัมน์ {_shown(name)} ซ้ำ",
                             f"column {_shown(name)} appears twice in the header")
                continue
            if name not in allowed and not is_export_only(name):
                ok = False
                self.problem(grid.label, grid.header_row, _shown(name),
                             f"ไม่รู้จักคอลัมน์ {_shown(raw)} ใน{table_desc}",
                             f"unknown column {_shown(raw)} in {table_desc}")
                continue
            positions[name] = i
        for name in required:
            if name not in positions:
                ok = False
                self.problem(grid.label, grid.header_row, name,
                             f"ไม่มีคอลัมน์ {name} ที่ต้องมีใน{table_desc}",
                             f"the required column {name} is missing from {table_desc}")
        return positions if ok else None

    # -- cells -------------------------------------------------------------------------------

    def value(self, grid: _Grid, row: int, cell: _Cell | None, table: str | None, column: str,
              kind: str) -> Any:
        """One cell as a Python value for its column (None for blank or unreadable)."""
        if cell is None or not _present(cell.value):
            return None
        v = cell.value
        where = cell.ref or column
        if isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            if kind != "text":
                self.problem(grid.label, row, column,
                             f"เซลล์ {where} เป็นวันที่ แต่คอลัมน์ {column} ต้องเป็นตัวเลข",
                             f"cell {where} is a date but column {column} takes a number")
                return None
            if isinstance(v, dt.datetime) and v.time() == dt.time(0):
                return v.date().isoformat()
            return v.isoformat() if hasattr(v, "isoformat") else str(v)
        if kind == "text":
            if isinstance(v, bool):
                text = "TRUE" if v else "FALSE"
            elif isinstance(v, float):
                text = str(int(v)) if v.is_integer() else repr(v)
            elif isinstance(v, (int, np.integer)):
                text = str(int(v))
            else:
                text = unneutralise(str(v))
            if table is not None and (table, column) in _ARABIC_CODE_COLUMNS:
                text = thai_to_arabic_digits(text)
            if column.endswith("_code") or _allowed(table, column):
                text = text.strip()
            return text if text.strip() != "" else None
        if isinstance(v, bool):
            num = None
        else:
            try:
                num = parse_number(unneutralise(v) if isinstance(v, str) else v)
            except (ValueError, TypeError, OverflowError):
                num = None
            else:
                if num is None:
                    return None
                if math.isfinite(num):
                    return num
                num = None
        self.problem(grid.label, row, column,
                     f"ไม่ใช่ตัวเลข: {_shown(repr(v))} (แถว {row} คอลัมน์ {column})",
                     f"not a number: {_shown(repr(v))} (row {row}, column {column})")
        return None

    # -- one table per grid ------------------------------------------------------------------

    def read_table(self, grid: _Grid) -> None:
        spec = TABLES[grid.name]
        positions = self.header(grid, *_columns_of(grid))
        if positions is None:
            return
        part = _Part(grid.name)
        for row, cells in grid.rows:
            rec = {}
            for col in spec.columns:
                i = positions.get(col.name)
                cell = cells[i] if i is not None and i < len(cells) else None
                rec[col.name] = self.value(grid, row, cell, grid.name, col.name, col.kind)
            part.rows.append(rec)
            part.where.append((grid.label, row))
        self.parts.setdefault(grid.name, []).append(part)

    # -- the flat sheet ----------------------------------------------------------------------

    def read_flat(self, grid: _Grid) -> None:
        ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
        q_only = [c for c in qr.columns if c.name not in ("indicator_code", "fiscal_year")]
        positions = self.header(grid, *_columns_of(grid))
        if positions is None:
            return
        kinds: dict[str, tuple[str | None, str]] = {c.name: ("indicators", c.kind) for c in ind.columns}
        for c in q_only:
            kinds[c.name] = ("quarterly_results", c.kind)
        for name in LEVEL_COLUMNS:
            kinds[name] = ("indicator_levels", "text")
        ind_part, qr_part, lv_part = _Part("indicators"), _Part("quarterly_results"), _Part("indicator_levels")
        headers = [h.strip().lower() for h in grid.header]
        recorded_at = headers.index("is_recorded") if "is_recorded" in headers else None
        groups: dict[Any, int] = {}  # (code, fy) → index into ind_part
        level_first: dict[Any, dict[int, int]] = {}  # group → level → row it came from
        for row, cells in grid.rows:
            vals: dict[str, Any] = {}
            for name, (table, kind) in kinds.items():
                i = positions.get(name)
                cell = cells[i] if i is not None and i < len(cells) else None
                vals[name] = self.value(grid, row, cell, table, name, kind)
            code, fy = vals["indicator_code"], vals["fiscal_year"]
            key: Any = (code, fy) if code is not None and fy is not None else ("row", grid.label, row)
            rec = {c.name: vals[c.name] for c in ind.columns}
            if key not in groups:
                groups[key] = len(ind_part.rows)
                ind_part.rows.append(rec)
                ind_part.where.append((grid.label, row))
                level_first[key] = {}
            else:
                self.merge(grid, row, key, ind_part, groups[key], rec)
            unrecorded = (recorded_at is not None and recorded_at < len(cells)
                          and _text(cells[recorded_at].value).strip().lower() in ("false", "0"))
            typed = any(vals[c.name] is not None for c in q_only if c.name != "quarter")
            if vals["quarter"] is not None and unrecorded and not typed:
                pass  # an export's empty placeholder for a quarter the store holds no row for
            elif vals["quarter"] is not None:
                qr_part.rows.append({c.name: vals[c.name] for c in qr.columns})
                qr_part.where.append((grid.label, row))
            else:
                given = [c.name for c in q_only if c.name != "quarter" and vals[c.name] is not None]
                if given:
                    self.problem(grid.label, row, "quarter",
                                 f"แถว {row} มีผลรายไตรมาส ({', '.join(given)}) แต่ไม่ระบุไตรมาส",
                                 f"row {row} gives quarterly values ({', '.join(given)}) but no quarter")
            for n, name in enumerate(LEVEL_COLUMNS, start=1):
                desc = vals[name]
                if desc is None:
                    continue
                first = level_first[key].get(n)
                if first is None:
                    level_first[key][n] = len(lv_part.rows)
                    lv_part.rows.append({"indicator_code": code, "fiscal_year": fy, "level": n,
                                         "description": desc})
                    lv_part.where.append((grid.label, row))
                elif lv_part.rows[first]["description"] != desc:
                    self.disagree(grid, row, name, code, fy, lv_part.where[first][1])
        for part in (ind_part, qr_part, lv_part):
            self.parts.setdefault(part.table, []).append(part)

    def merge(self, grid: _Grid, row: int, key: Any, part: _Part, index: int,
              rec: dict[str, Any]) -> None:
        """Fold one more row of an indicator into its indicators row; differing values are faults."""
        base = part.rows[index]
        for name, v in rec.items():
            if v is None:
                continue
            if base[name] is None:
                base[name] = v
            elif base[name] != v:
                self.disagree(grid, row, name, key[0], key[1], part.where[index][1])

    def disagree(self, grid: _Grid, row: int, column: str, code: Any, fy: Any, first_row: int) -> None:
        fy_text = f"{int(fy)}" if isinstance(fy, float) and fy.is_integer() else str(fy)
        self.problem(grid.label, row, column,
                     f"ค่าคอลัมน์ {column} ของตัวชี้วัด {code} ปีงบประมาณ {fy_text} ไม่ตรงกับแถว {first_row}",
                     f"column {column} of indicator {code} FY {fy_text} differs from row {first_row}; "
                     "an indicator's columns must agree on all its rows")

    # -- validate and finish -----------------------------------------------------------------

    def finish(self) -> dict[str, pd.DataFrame]:
        frames: dict[str, pd.DataFrame] = {}
        for table in SOURCE_TABLES:
            parts = self.parts.get(table)
            if not parts:
                continue
            spec = TABLES[table]
            rows = [r for p in parts for r in p.rows]
            where = [w for p in parts for w in p.where]
            frame = pd.DataFrame(rows, columns=spec.names, dtype=object)
            if not rows:
                frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in spec.names})
            for p in validate_frame(table, frame, file=self.file, row_offset=0):
                if p.row is not None and 0 <= p.row < len(where):
                    label, row = where[p.row]
                    p = replace(p, file=label, row=row)
                    # the column and the Thai/English texts are validate_frame's own
                if (p.file, p.row, p.column) in self.reported:
                    continue  # already reported (a value that was not a number, say)
                self.problems.append(p)
            frames[table] = frame
        if self.problems:
            raise ImportRejected(self.problems)
        out = {t: coerce_frame(t, f) for t, f in frames.items()}
        for table, frame in out.items():  # where each row came from, for later messages
            frame.attrs["rows"] = RowOrigins(w for p in self.parts[table] for w in p.where)
        return out


def _columns_of(grid: _Grid) -> tuple[set[str], list[str], str]:
    """(allowed column names, required ones, the Thai description for messages) of a grid: a
    table's, or a flat sheet's (``quarter`` is required once any quarterly column is there)."""
    if grid.name:
        spec = TABLES[grid.name]
        return set(spec.names), [c.name for c in spec.columns if c.required], f"ตาราง {grid.name}"
    ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
    q_only = {c.name for c in qr.columns if c.name not in ("indicator_code", "fiscal_year", "quarter")}
    allowed = set(ind.names) | set(qr.names) | set(LEVEL_COLUMNS)
    required = [c.name for c in ind.columns if c.required]
    if {h.strip().lower() for h in grid.header} & q_only:
        required.append("quarter")
    return allowed, required, "แผ่นงานแบบแถวละตัวชี้วัด-ไตรมาส (indicators + quarterly_results)"


def _header_problems(grid: _Grid) -> list[Problem]:
    """The header alone checked, before any data row is read: a missing required column, an
    unknown or a repeated one. Any of these rejects the file, so its rows are never read."""
    reader = _Reader(grid.label)
    reader.header(_Grid(grid.label, grid.name, grid.header, grid.header_row), *_columns_of(grid))
    return reader.problems


class RowOrigins(list):
    """(file or sheet label, spreadsheet row) of each row of a frame read from a file, kept in
    the frame's ``attrs["rows"]``. pandas deep-copies ``attrs`` on every operation; this list
    is never changed after reading, so a copy is the list itself."""

    def __deepcopy__(self, memo: dict) -> "RowOrigins":
        return self


def _present(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, str):
        return v.strip() != ""
    return True


def _allowed(table: str | None, column: str) -> bool:
    if table is None or table not in TABLES:
        return False
    try:
        return TABLES[table].column(column).allowed is not None
    except KeyError:
        return False


# ---------------------------------------------------------------------------------------------
# the entry point


def read_table_file(path: Path, table: str | None = None, data: bytes | None = None) -> dict[str, pd.DataFrame]:
    """The source tables in one CSV or XLSX file, typed by :func:`coerce_frame`.

    ``data``: the file's bytes, already read (the importer hashes exactly what it parses);
    ``path`` then only names the file and its type.

    ``table``: read a CSV whose name is not a table name, or a workbook's one sheet whose name
    is not one, as that table (``settings import my-plans.csv``) rather than as a flat sheet.
    Each frame's ``attrs["rows"]`` lists (file or sheet label, spreadsheet row) per row.

    Raises :class:`ImportRejected` listing every fault (file, row, column, Thai and English
    message) — and no other exception, whatever the file holds.
    """
    path = Path(path)
    try:
        return _read(path, table, data)
    except ImportRejected:
        raise
    except Exception as exc:  # a safety net: a file must never crash the importer
        raise ImportRejected([_p(path.name, None, None,
                                 f"อ่านไฟล์ไม่ได้ (ข้อผิดพลาดภายใน {type(exc).__name__})",
                                 f"cannot read the file (internal error {type(exc).__name__}: "
                                 f"{_shown(exc)})")]) from exc


def _read(path: Path, table: str | None = None, data: bytes | None = None) -> dict[str, pd.DataFrame]:
    label = path.name
    suffix = path.suffix.lower()
    try:
        if data is None and suffix not in (".xlsx", ".xlsm"):
            data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected([_p(label, None, None, f"เปิดไฟล์ไม่ได้: {exc.strerror}",
                                 f"cannot open the file: {exc.strerror}")]) from None
    if suffix in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(path, table, data)
    elif suffix in (".csv", ".tsv"):
        assert data is not None
        grids = [_csv_grid(path, data, table)]
    elif suffix == ".xls":
        raise ImportRejected([_p(label, None, None,
                                 "ไม่รองรับไฟล์ .xls แบบเก่า กรุณาบันทึกเป็น .xlsx หรือ CSV",
                                 "old .xls workbooks are not read; save it as .xlsx or CSV")])
    else:
        raise ImportRejected([_p(label, None, None, f"ไม่รองรับไฟล์ชนิด {_shown(suffix or '(ไม่มีนามสกุล)')}",
                                 f"unsupported file type {_shown(suffix or '(no extension)')}; "
                                 "use .csv or .xlsx")])
    reader = _Reader(label)
    for grid in grids:
        if grid.name:
            reader.read_table(grid)
        else:
            reader.read_flat(grid)
    return reader.finish()
