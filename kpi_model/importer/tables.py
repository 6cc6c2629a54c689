"""CSV and XLSX files → source tables.

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
rejection naming it (:mod:`kpi_model.importer.columns`).

Every cell is read as text first (codes such as ``0402`` keep their leading zeros); numeric
columns are then parsed with :func:`~kpi_model.importer.numbers.parse_number` (Thai digits,
``1,407.52``). Blank cells become NULL, never 0 or "". Row numbers in messages are
spreadsheet rows: the header is row 1 and the first data row is row 2 (XLSX: the sheet's own
row numbers). Every fault of a file is collected and raised together as one
:class:`~kpi_model.errors.ImportRejected`; no other exception leaves :func:`read_table_file`
for any file content.

The file is first read into grids by :mod:`kpi_model.importer.grids` (encodings, the header
checked before any row, the size, row and column caps). A text cell that starts with the
apostrophe :func:`kpi_model.safe_io.neutralise` wrote loses it again here, so write → read
gives back the same frame.

The writers once defined here (``neutralise``, ``write_table_csv``, ``write_table_xlsx``…)
live in :mod:`kpi_model.safe_io` and are re-exported here unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi_model.errors import ImportRejected, Problem
from kpi_model.fiscal import thai_to_arabic_digits
from kpi_model.importer.columns import (
    EXPORT_ONLY_COLUMNS,
    EXPORT_ONLY_PREFIXES,
    LEVEL_COLUMNS,
    canonical_header,
    columns_of,
    is_export_only,
)
from kpi_model.importer.grids import Cell, Grid, csv_grid, header_positions, present, shown, xlsx_grids
from kpi_model.importer.numbers import parse_number
from kpi_model.safe_io import neutralise, unneutralise, write_table_csv, write_table_xlsx
from kpi_model.schema import SOURCE_TABLES, TABLES, coerce_frame, validate_frame

__all__ = [
    "EXPORT_ONLY_COLUMNS",
    "EXPORT_ONLY_PREFIXES",
    "LEVEL_COLUMNS",
    "RowOrigins",
    "is_export_only",
    "neutralise",
    "read_table_file",
    "unneutralise",
    "write_table_csv",
    "write_table_xlsx",
]

_ARABIC_CODE_COLUMNS = {("strategies", "strategy_code"), ("strategies", "parent_code"), ("indicators", "strategy_code")}


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
        self.problems.append(Problem(file, row, column, th, en))
        self.reported.add((file, row, column))

    # -- header ------------------------------------------------------------------------------

    def header(
        self, grid: Grid, allowed: Iterable[str], required: Iterable[str], table_desc: str
    ) -> dict[str, int] | None:
        """Column name → position, or None when the header is wrong (problems recorded)."""
        positions, problems = header_positions(grid, allowed, required, table_desc)
        for p in problems:
            self.problem(p.file, p.row, p.column, p.message_th, p.message_en)
        return positions

    # -- cells -------------------------------------------------------------------------------

    def value(self, grid: Grid, row: int, cell: Cell | None, table: str | None, column: str, kind: str) -> Any:
        """One cell as a Python value for its column (None for blank or unreadable)."""
        if cell is None or not present(cell.value):
            return None
        v = cell.value
        where = cell.ref or column
        if isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            if kind != "text":
                self.problem(
                    grid.label,
                    row,
                    column,
                    f"เซลล์ {where} เป็นวันที่ แต่คอลัมน์ {column} ต้องเป็นตัวเลข",
                    f"cell {where} is a date but column {column} takes a number",
                )
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
        self.problem(
            grid.label,
            row,
            column,
            f"ไม่ใช่ตัวเลข: {shown(repr(v))} (แถว {row} คอลัมน์ {column})",
            f"not a number: {shown(repr(v))} (row {row}, column {column})",
        )
        return None

    # -- one table per grid ------------------------------------------------------------------

    def read_table(self, grid: Grid) -> None:
        spec = TABLES[grid.name]
        positions = self.header(grid, *columns_of(grid.name, grid.header))
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

    def read_flat(self, grid: Grid) -> None:
        ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
        q_only = [c for c in qr.columns if c.name not in ("indicator_code", "fiscal_year")]
        positions = self.header(grid, *columns_of(grid.name, grid.header))
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
            unrecorded = (
                recorded_at is not None
                and recorded_at < len(cells)
                and _cell_text(cells[recorded_at].value).strip().lower() in ("false", "0")
            )
            typed = any(vals[c.name] is not None for c in q_only if c.name != "quarter")
            if vals["quarter"] is not None and unrecorded and not typed:
                pass  # an export's empty placeholder for a quarter the store holds no row for
            elif vals["quarter"] is not None:
                qr_part.rows.append({c.name: vals[c.name] for c in qr.columns})
                qr_part.where.append((grid.label, row))
            else:
                given = [c.name for c in q_only if c.name != "quarter" and vals[c.name] is not None]
                if given:
                    self.problem(
                        grid.label,
                        row,
                        "quarter",
                        f"แถว {row} มีผลรายไตรมาส ({', '.join(given)}) แต่ไม่ระบุไตรมาส",
                        f"row {row} gives quarterly values ({', '.join(given)}) but no quarter",
                    )
            for n, name in enumerate(LEVEL_COLUMNS, start=1):
                desc = vals[name]
                if desc is None:
                    continue
                first = level_first[key].get(n)
                if first is None:
                    level_first[key][n] = len(lv_part.rows)
                    lv_part.rows.append({"indicator_code": code, "fiscal_year": fy, "level": n, "description": desc})
                    lv_part.where.append((grid.label, row))
                elif lv_part.rows[first]["description"] != desc:
                    self.disagree(grid, row, name, code, fy, lv_part.where[first][1])
        for part in (ind_part, qr_part, lv_part):
            self.parts.setdefault(part.table, []).append(part)

    def merge(self, grid: Grid, row: int, key: Any, part: _Part, index: int, rec: dict[str, Any]) -> None:
        """Fold one more row of an indicator into its indicators row; differing values are faults."""
        base = part.rows[index]
        for name, v in rec.items():
            if v is None:
                continue
            if base[name] is None:
                base[name] = v
            elif base[name] != v:
                self.disagree(grid, row, name, key[0], key[1], part.where[index][1])

    def disagree(self, grid: Grid, row: int, column: str, code: Any, fy: Any, first_row: int) -> None:
        fy_text = f"{int(fy)}" if isinstance(fy, float) and fy.is_integer() else str(fy)
        self.problem(
            grid.label,
            row,
            column,
            f"ค่าคอลัมน์ {column} ของตัวชี้วัด {code} ปีงบประมาณ {fy_text} ไม่ตรงกับแถว {first_row}",
            f"column {column} of indicator {code} FY {fy_text} differs from row {first_row}; "
            "an indicator's columns must agree on all its rows",
        )

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


class RowOrigins(list):
    """(file or sheet label, spreadsheet row) of each row of a frame read from a file, kept in
    the frame's ``attrs["rows"]``. pandas deep-copies ``attrs`` on every operation; this list
    is never changed after reading, so a copy is the list itself."""

    def __deepcopy__(self, memo: dict) -> RowOrigins:
        return self


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
        raise ImportRejected(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"อ่านไฟล์ไม่ได้ (ข้อผิดพลาดภายใน {type(exc).__name__})",
                    f"cannot read the file (internal error {type(exc).__name__}: {shown(exc)})",
                )
            ]
        ) from exc


def _read(path: Path, table: str | None = None, data: bytes | None = None) -> dict[str, pd.DataFrame]:
    label = path.name
    suffix = path.suffix.lower()
    try:
        if data is None and suffix not in (".xlsx", ".xlsm"):
            data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(
            [Problem(label, None, None, f"เปิดไฟล์ไม่ได้: {exc.strerror}", f"cannot open the file: {exc.strerror}")]
        ) from None
    if suffix in (".xlsx", ".xlsm"):
        grids = xlsx_grids(path, table, data)
    elif suffix in (".csv", ".tsv"):
        assert data is not None
        grids = [csv_grid(path, data, table)]
    elif suffix == ".xls":
        raise ImportRejected(
            [
                Problem(
                    label,
                    None,
                    None,
                    "ไม่รองรับไฟล์ .xls แบบเก่า กรุณาบันทึกเป็น .xlsx หรือ CSV",
                    "old .xls workbooks are not read; save it as .xlsx or CSV",
                )
            ]
        )
    else:
        raise ImportRejected(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"ไม่รองรับไฟล์ชนิด {shown(suffix or '(ไม่มีนามสกุล)')}",
                    f"unsupported file type {shown(suffix or '(no extension)')}; use .csv or .xlsx",
                )
            ]
        )
    reader = _Reader(label)
    for grid in grids:
        grid = replace(grid, header=[canonical_header(h) for h in grid.header])  # Thai export headers
        if grid.name:
            reader.read_table(grid)
        else:
            reader.read_flat(grid)
    return reader.finish()


def _cell_text(v: Any) -> str:
    """A cell's value as text, NUL characters dropped."""
    return str(v).replace("\x00", "")
