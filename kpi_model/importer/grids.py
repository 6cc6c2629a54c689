"""CSV and XLSX files → grids: header names and data rows of text (or, from XLSX, typed) cells,
with their spreadsheet row numbers. Nothing here reads what a cell means (:mod:`.tables` turns
grids into source tables); the header row is checked here, against the columns
:mod:`.columns` allows, so a file with the wrong columns is refused before its rows are taken.

Hostile sizes: a header fault (a required column missing, an unknown or repeated column) is
reported as soon as the header row is read, before any data row is taken. An .xlsx whose parts
declare more than ``settings.max_unpacked_mb`` unpacked is refused before it is opened; sheets
are streamed (openpyxl read-only mode, its ``<dimension>`` reset so nothing is cut off); a file
with more than ``settings.max_rows`` data rows is refused naming the file and the first row
past the cap; a row with cells past column 1,024 (AMJ) is refused. A CSV is UTF-8 (with or
without BOM) or cp874, comma-, tab- or semicolon-separated. Every fault is an
:class:`~kpi_model.errors.ImportRejected`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.columns import columns_of, is_export_only
from kpi_model.schema import SOURCE_TABLES

__all__ = [
    "Cell",
    "Grid",
    "col_letter",
    "csv_grid",
    "header_positions",
    "header_problems",
    "present",
    "shown",
    "table_of_stem",
    "xlsx_grids",
]

_MAX_SHOWN = 60  # characters of a bad header or value quoted in a message


@dataclass
class Cell:
    value: Any  # str, or for XLSX a number / bool / date
    ref: str | None = None  # "B3" for XLSX cells


@dataclass
class Grid:
    """One sheet or CSV as read: header names and data rows with their spreadsheet row numbers."""

    label: str  # the file name, or "book.xlsx [Sheet1]"
    name: str  # the table name it stands for, or "" (flat)
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def shown(text: object) -> str:
    """``text`` as quoted in a message: at most 60 characters, then '…'."""
    s = str(text)
    return s if len(s) <= _MAX_SHOWN else s[:_MAX_SHOWN] + "…"


def table_of_stem(stem: str) -> str | None:
    """The source table a file stem or sheet name stands for ('Indicators (2)' → indicators)."""
    s = re.sub(r"\s*\(\d+\)$", "", stem.strip()).lower()
    return s if s in SOURCE_TABLES else None


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data:
        raise ImportRejected(
            [Problem(label, None, None, "ไฟล์นี้เป็นไฟล์ไบนารี ไม่ใช่ CSV", "this is a binary file, not a CSV text file")]
        )
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
    raise ImportRejected(
        [
            Problem(
                label,
                None,
                None,
                "อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620 (cp874)",
                "cannot read the file: it is neither UTF-8 nor Thai TIS-620 (cp874) text",
            )
        ]
    )


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," not in first:
        for d in ("\t", ";"):
            if d in first:
                return d
    return ","


def csv_grid(path: Path, data: bytes, table: str | None = None) -> Grid:
    label = path.name
    text = _decode(data, label)
    if text.strip() == "":
        raise ImportRejected([Problem(label, None, None, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty")])
    _, max_rows = _limits()
    grid: Grid | None = None
    try:  # records are parsed one by one: the header is checked before any data row is read
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for i, record in enumerate(records, start=1):
            if not any(c.strip() for c in record):
                continue
            if grid is None:
                grid = Grid(label, table_of_stem(path.stem) or table or "", list(record), i)
                early = header_problems(grid)
                if early:  # the columns cannot be read: stop here
                    raise ImportRejected(early)
                continue
            if len(grid.rows) >= max_rows:
                raise _too_many_rows(label, i, max_rows)
            grid.rows.append((i, [Cell(v) for v in record]))
    except csv.Error as exc:
        raise ImportRejected(
            [Problem(label, None, None, f"อ่าน CSV ไม่ได้: {exc}", f"cannot parse the CSV: {exc}")]
        ) from None
    if grid is None:
        raise ImportRejected([Problem(label, None, None, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty")])
    return grid


def col_letter(n: int) -> str:
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


def xlsx_grids(path: Path, default_table: str | None = None, data: bytes | None = None) -> list[Grid]:
    """The sheets of a workbook (the file at ``path``, or ``data``), streamed (openpyxl
    read-only mode) after its declared unpacked size was checked; each sheet's header is
    checked before its data rows are read."""
    import openpyxl

    label = path.name
    unreadable = [
        Problem(
            label,
            None,
            None,
            "อ่านไฟล์ Excel (.xlsx) ไม่ได้: ไฟล์เสียหรือไม่ใช่ .xlsx",
            "cannot read the Excel (.xlsx) file: it is damaged or not an .xlsx workbook",
        )
    ]
    source: Any = path if data is None else io.BytesIO(data)
    _check_unpacked_size(source, unreadable, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ValueError…: openpyxl raises many kinds
        raise ImportRejected(unreadable) from exc
    try:
        return _workbook_grids(wb, label, table_of_stem(path.stem) or default_table, unreadable)
    finally:
        with contextlib.suppress(Exception):
            wb.close()  # read-only mode keeps the archive open until closed


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
        raise ImportRejected(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"ไฟล์ Excel นี้เมื่อแตกไฟล์มีขนาด {mb:,.0f} MB เกินกำหนด {cap:,} MB "
                    "จึงไม่ได้อ่าน (แบ่งเป็นหลายไฟล์ หรือบันทึกเป็น CSV)",
                    f"this Excel file unpacks to {mb:,.0f} MB, more than the {cap:,} MB "
                    "allowed, so it was not read (split it, or save it as CSV)",
                )
            ]
        )


_EXCEL_ROWS = 1_048_576  # the last row Excel allows
_MAX_COLUMNS = 1_024  # columns read per row: far beyond any table here (AMJ)


def _too_many_rows(label: str, row: int, max_rows: int) -> ImportRejected:
    return ImportRejected(
        [
            Problem(
                label,
                row,
                None,
                f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว (ถึงแถว {row}) จึงไม่ได้นำเข้า กรุณาแบ่งเป็นหลายไฟล์",
                f"the file holds more than {max_rows:,} data rows (row {row} is past "
                "the limit), so it was not imported; split it into several files",
            )
        ]
    )


def _workbook_grids(wb: Any, label: str, stem_table: str | None, unreadable: list[Problem]) -> list[Grid]:
    from openpyxl.cell.read_only import EMPTY_CELL

    _, max_rows = _limits()
    sheets = list(wb.worksheets)
    problems: list[Problem] = []
    grids: list[Grid] = []
    named = [ws for ws in sheets if table_of_stem(ws.title)]
    data_rows = 0  # over the whole workbook
    for ws in sheets:
        sheet_label = f"{label} [{ws.title}]"
        table = table_of_stem(ws.title)
        if table is None and not named and stem_table and len(sheets) == 1:
            table = stem_table
        grid: Grid | None = None
        width = _MAX_COLUMNS
        beyond: set[int] = set()  # columns past the header already seen holding data
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws.reset_dimensions()  # a wrong <dimension> must not cut rows or columns off
                for number, row in enumerate(ws.iter_rows(), start=1):
                    if number > _EXCEL_ROWS:
                        raise ImportRejected(
                            [
                                *problems,
                                Problem(
                                    sheet_label,
                                    None,
                                    None,
                                    f"แผ่นงานมีแถวเกินแถวสุดท้ายของ Excel ({_EXCEL_ROWS:,})",
                                    f"the sheet goes past Excel's last row ({_EXCEL_ROWS:,})",
                                ),
                            ]
                        )
                    if not row:
                        continue
                    if len(row) > _MAX_COLUMNS:
                        letter = col_letter(_MAX_COLUMNS)
                        raise ImportRejected(
                            [
                                *problems,
                                Problem(
                                    sheet_label,
                                    number,
                                    None,
                                    f"แถว {number} มีเซลล์เกินคอลัมน์ {letter} (อ่านได้ไม่เกิน {_MAX_COLUMNS:,} คอลัมน์)",
                                    f"row {number} has cells beyond column {letter} (at most {_MAX_COLUMNS:,} "
                                    "columns are read)",
                                ),
                            ]
                        )
                    cells = _xlsx_row(
                        row, number, width if grid is not None else len(row), beyond, sheet_label, problems, EMPTY_CELL
                    )
                    if cells is None:
                        continue  # nothing but blanks
                    if grid is None:
                        grid = _header_grid(sheet_label, table, number, cells)
                        width = len(grid.header)
                        early = header_problems(grid)
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
            raise ImportRejected(
                [*problems, Problem(sheet_label, None, None, unreadable[0].message_th, unreadable[0].message_en)]
            ) from exc
        if grid is None:
            if table is not None or len(sheets) == 1:
                problems.append(Problem(sheet_label, None, None, "แผ่นงานว่าง ไม่มีข้อมูล", f"sheet {ws.title} is empty"))
            continue  # an empty extra sheet (Sheet2) beside data sheets is ignored
        grids.append(grid)
    if not sheets:
        problems.append(Problem(label, None, None, "สมุดงานว่าง ไม่มีแผ่นงาน", "the workbook has no sheets"))
    elif not grids and not problems:
        problems.append(Problem(label, None, None, "สมุดงานว่าง ไม่มีข้อมูล", "the workbook is empty"))
    if problems:
        raise ImportRejected(problems)
    return grids


_BLANK = Cell(None)  # shared by every empty position of a stored row


def _xlsx_row(
    row: tuple, number: int, width: int, beyond: set[int], sheet_label: str, problems: list[Problem], empty: Any
) -> list[Cell] | None:
    """One streamed row as cells up to its last value (None when it holds none). Cells past
    ``width`` (the header's) are kept only for a column's first row holding data there, which
    is enough for the header check to name it; formulas and error values become problems."""
    cells: list[Cell] = []
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
        letter = col_letter(i + 1)
        ref = f"{letter}{number}"
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and len(v) > 1):
            problems.append(
                Problem(
                    sheet_label,
                    number,
                    letter,
                    f"เซลล์ {ref} เป็นสูตร ({shown(v)}) ระบบไม่คำนวณสูตร กรุณาใส่ค่าแทน",
                    f"cell {ref} holds a formula ({shown(v)}); formulas are not evaluated — enter the value instead",
                )
            )
            v = None
        elif cell.data_type == "e":
            problems.append(
                Problem(
                    sheet_label,
                    number,
                    letter,
                    f"เซลล์ {ref} มีค่าผิดพลาด {shown(v)}",
                    f"cell {ref} holds an error value {shown(v)}",
                )
            )
            v = None
        if isinstance(v, str) and v.strip() == "":
            v = None
        if v is None:
            continue
        if len(cells) < i:
            cells.extend([_BLANK] * (i - len(cells)))
        cells.append(Cell(v, ref))
    return cells or None


def _header_grid(label: str, table: str | None, number: int, cells: list[Cell]) -> Grid:
    header = []
    for c in cells:
        if isinstance(c.value, (dt.date, dt.datetime, dt.time)):
            header.append(c.value.isoformat())
        else:
            header.append("" if c.value is None else str(c.value))
    return Grid(label, table or "", header, number)


def header_positions(
    grid: Grid, allowed: Iterable[str], required: Iterable[str], table_desc: str
) -> tuple[dict[str, int] | None, list[Problem]]:
    """(column name → position, or None when the header is wrong; the header's problems)."""
    allowed = set(allowed)
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    ok = True
    width = max([len(grid.header)] + [len(cells) for _, cells in grid.rows])
    for i in range(width):
        raw = grid.header[i] if i < len(grid.header) else ""
        name = raw.strip().lower()
        if name == "":
            first = next((r for r, cells in grid.rows if i < len(cells) and present(cells[i].value)), None)
            if first is not None:
                ok = False
                letter = col_letter(i + 1)
                problems.append(
                    Problem(
                        grid.label,
                        first,
                        letter,
                        f"แถว {first} คอลัมน์ที่ {i + 1} ({letter}) มีข้อมูลแต่คอลัมน์นี้ไม่มีชื่อในหัวตาราง",
                        f"row {first}, column {i + 1} ({letter}) holds data but the column has no name in the header",
                    )
                )
            continue
        if name in positions:
            ok = False
            problems.append(
                Problem(
                    grid.label,
                    grid.header_row,
                    name,
                    f"ชื่อคอลัมน์ {shown(name)} ซ้ำ",
                    f"column {shown(name)} appears twice in the header",
                )
            )
            continue
        if name not in allowed and not is_export_only(name):
            ok = False
            problems.append(
                Problem(
                    grid.label,
                    grid.header_row,
                    shown(name),
                    f"ไม่รู้จักคอลัมน์ {shown(raw)} ใน{table_desc}",
                    f"unknown column {shown(raw)} in {table_desc}",
                )
            )
            continue
        positions[name] = i
    for name in required:
        if name not in positions:
            ok = False
            problems.append(
                Problem(
                    grid.label,
                    grid.header_row,
                    name,
                    f"ไม่มีคอลัมน์ {name} ที่ต้องมีใน{table_desc}",
                    f"the required column {name} is missing from {table_desc}",
                )
            )
    return (positions if ok else None), problems


def header_problems(grid: Grid) -> list[Problem]:
    """The header alone checked, before any data row is read: a missing required column, an
    unknown or a repeated one. Any of these rejects the file, so its rows are never read."""
    header_only = Grid(grid.label, grid.name, grid.header, grid.header_row)
    return header_positions(header_only, *columns_of(grid.name, grid.header))[1]


def present(v: Any) -> bool:
    """Whether a cell holds a value (not None, not blank text)."""
    if v is None:
        return False
    if isinstance(v, str):
        return v.strip() != ""
    return True
