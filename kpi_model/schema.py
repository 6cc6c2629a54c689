"""The store's tables: columns, types, keys and allowed values (DESIGN §2), and their check.

The check names table, row and column for every fault, so ``check`` and the importer can
report exactly where a file is wrong. Rows are numbered from 1 as a spreadsheet shows them
below the header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpi_model.errors import Problem
from kpi_model.inference import parse_decisions, parse_quarters

__all__ = [
    "ACCUMULATIONS",
    "ACCUMULATION_SOURCES",
    "ADDED_COLUMNS",
    "AGENCY_KINDS",
    "DIRECTIONS",
    "DIRECTION_SOURCES",
    "MAX_LEVEL_SOURCES",
    "OPTIONAL_TABLES",
    "SOURCE_TABLES",
    "TABLES",
    "UNITS",
    "Column",
    "Table",
    "coerce_frame",
    "empty_frame",
    "validate_frame",
]

UNITS = ("level", "percent", "count", "time", "money", "other")
DIRECTIONS = ("higher", "lower", "milestone")
DIRECTION_SOURCES = ("recorded", "inferred", "analyst")
ACCUMULATIONS = ("cumulative", "snapshot")
ACCUMULATION_SOURCES = ("default", "analyst")
MAX_LEVEL_SOURCES = ("page", "assumed")
AGENCY_KINDS = ("department", "district", "office")
STATUSES = ("met", "on_track", "behind", "no_data")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Column:
    """One column. ``parse`` (text columns): reads a cell and raises ValueError naming the part
    it cannot read; ``form`` says in Thai and English what the cell must look like, for the
    message that names the file, row and column."""

    name: str
    kind: str  # "text" | "int" | "float"
    required: bool = False
    allowed: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    parse: Callable[[str], object] | None = None
    form: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sort: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _t(name: str, required: bool = False, allowed: tuple[Any, ...] | None = None) -> Column:
    return Column(name, "text", required, allowed)


def _i(name: str, required: bool = False, low: float | None = None, high: float | None = None) -> Column:
    return Column(name, "int", required, None, low, high)


def _f(name: str, low: float | None = None, high: float | None = None) -> Column:
    return Column(name, "float", False, None, low, high)


_FY = _i("fiscal_year", True, 2400, 2800)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "agencies",
            (
                _t("agency_code", True),
                _t("name_th", True),
                _t("name_en"),
                _t("kind", True, AGENCY_KINDS),
                _t("parent_code"),
            ),
            ("agency_code",),
            ("agency_code",),
        ),
        Table(
            "strategies",
            (_t("strategy_code", True), _t("parent_code"), _i("depth", True, 1, 4), _t("name_th", True), _t("name_en")),
            ("strategy_code",),
            ("strategy_code",),
        ),
        Table(
            "indicators",
            (
                _t("indicator_code", True),
                _FY,
                _t("agency_code", True),
                _t("name_th", True),
                _t("name_en"),
                _t("indicator_type"),
                _t("result_level"),
                _t("unit", True, UNITS),
                _t("unit_th"),
                _t("direction", True, DIRECTIONS),
                _t("direction_source", False, DIRECTION_SOURCES),
                _t("accumulation", False, ACCUMULATIONS),
                _t("accumulation_source", False, ACCUMULATION_SOURCES),
                _f("target"),
                _f("achieved"),
                _i("max_level", False, 1, 10),
                _t("max_level_source", False, MAX_LEVEL_SOURCES),
                _f("weight", 0),
                _t("strategy_code"),
                _t("definition"),
                _t("calculation"),
                _t("data_sources"),
                _t("supporting_projects"),
                _i("audited_quarter", False, 1, 4),
                _t("source"),
                _t("other_text"),
            ),
            ("indicator_code", "fiscal_year"),
            ("agency_code", "fiscal_year", "indicator_code"),
        ),
        Table(
            "indicator_levels",
            (_t("indicator_code", True), _FY, _i("level", True, 1, 5), _t("description")),
            ("indicator_code", "fiscal_year", "level"),
            ("indicator_code", "fiscal_year", "level"),
        ),
        Table(
            "quarterly_results",
            (
                _t("indicator_code", True),
                _FY,
                _i("quarter", True, 1, 4),
                _f("actual"),
                _f("evaluation_score"),
                _f("score_2_1"),
                _f("score_2_2"),
                _f("evaluator_score"),
                _f("planned_cum", 0),
                _t("report_th"),
            ),
            ("indicator_code", "fiscal_year", "quarter"),
            ("indicator_code", "fiscal_year", "quarter"),
        ),
        Table(
            "indicator_settings",
            (
                _t("indicator_code", True),
                _i("fiscal_year", False, 2400, 2800),
                _t("direction", False, DIRECTIONS),
                _t("accumulation", False, ACCUMULATIONS),
                _f("plan_q1", 0),
                _f("plan_q2", 0),
                _f("plan_q3", 0),
                _f("plan_q4", 0),
                _i("max_level", False, 1, 10),
                _f("weight", 0),
                _t("note"),
                _t("set_by"),
                _t("set_at"),
                # an analyst's decisions on the inferences (kpi_model.inference, DESIGN §6), last:
                # columns added after the others keep every earlier column where it was
                Column(
                    "unmeasured_quarters",
                    "text",
                    parse=parse_quarters,
                    form=("ไตรมาส 1–4 คั่นด้วยจุลภาค (เช่น 1,2) หรือ none", "quarters 1–4 joined by commas (1,2) or none"),
                ),
                Column(
                    "decisions",
                    "text",
                    parse=parse_decisions,
                    form=(
                        "รหัสการอนุมาน=confirmed หรือ =otherwise คั่นด้วย ; (เช่น target_zero=confirmed)",
                        "inference code=confirmed or =otherwise joined by ; (target_zero=confirmed)",
                    ),
                ),
            ),
            ("indicator_code", "fiscal_year"),
            ("indicator_code", "fiscal_year"),
        ),
        Table(  # an analyst's grouping of agencies to compare like with like (BMA's กลุ่มเขต), with its source
            "peer_groups",
            (_t("agency_code", True), _t("group_th", True), _t("group_en"), _t("source", True)),
            ("agency_code",),
            ("agency_code",),
        ),
    )
}

# Tables a store may lack (written before they existed): read as empty, never as an error.
OPTIONAL_TABLES: tuple[str, ...] = ("indicator_settings", "peer_groups")

SOURCE_TABLES: tuple[str, ...] = tuple(TABLES)

# Columns added after stores and files were written without them: a store version, a flat
# store's file or an imported CSV/XLSX that lacks one still reads, the column NULL (no
# decision), never a rejection. Every other column stays required in a whole table.
ADDED_COLUMNS: dict[str, tuple[str, ...]] = {"indicator_settings": ("unmeasured_quarters", "decisions")}

_PANDAS_TYPES = {"text": "string", "int": "Int64", "float": "Float64"}


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and types."""
    spec = TABLES[table]
    return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_TYPES[c.kind]) for c in spec.columns})


def _blank_mask(series: pd.Series) -> pd.Series:
    """True where a cell is missing: NULL, NaN or text of only spaces (Unicode whitespace, as
    Arrow's ``utf8_trim_whitespace`` strips it). Arrow-backed text is tested in one pass,
    without stripping a copy of every cell."""
    mask = series.isna()
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        arrow = pa.array(series.astype("string[pyarrow]"), type=pa.large_string())
        # only a cell that starts with a space can be all spaces: trim just those
        starts = pc.utf8_is_space(pc.utf8_slice_codeunits(arrow, 0, 1)).fill_null(False)
        trimmed = pc.utf8_trim_whitespace(pc.if_else(starts, arrow, pa.scalar("x", pa.large_string())))
        spaces = pc.or_kleene(
            pc.equal(pc.binary_length(arrow), 0), pc.and_kleene(starts, pc.equal(pc.binary_length(trimmed), 0))
        )
        mask = mask | pd.Series(spaces.fill_null(True).to_numpy(zero_copy_only=False), index=series.index)
    return mask.astype(bool)


def _numbers(series: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as float (NaN where blank or not a number)."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return pd.Series(float("nan"), index=series.index)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.astype("Float64").astype(float)
    values = series.where(~blank, None).map(lambda v: v if not isinstance(v, bool) else None)
    return pd.to_numeric(values, errors="coerce").astype(float)


def validate_frame(table: str, frame: pd.DataFrame, file: str | None = None, row_offset: int = 1) -> list[Problem]:
    """Every fault of ``frame`` against ``table``'s schema.

    ``row_offset`` is the row number of the frame's first row (1 for a table whose first
    data row is row 1; 2 when a spreadsheet's header takes row 1). Vectorised: a column is
    checked at once, and only faulty cells are visited.
    """
    spec = TABLES[table]
    where = file or table
    problems: list[Problem] = []
    cols = [str(c) for c in frame.columns]
    added = ADDED_COLUMNS.get(table, ())
    for name in spec.names:
        if name not in cols and name not in added:
            problems.append(
                Problem(where, None, name, f"ไม่มีคอลัมน์ {name} ในตาราง {table}", f"table {table} has no column {name}")
            )
    for name in cols:
        if name not in spec.names:
            problems.append(
                Problem(
                    where, None, name, f"คอลัมน์ {name} ไม่อยู่ในตาราง {table}", f"unknown column {name} in table {table}"
                )
            )
    if problems:
        return problems
    frame = frame.reset_index(drop=True)
    for col in spec.columns:
        if col.name not in cols:  # an added column the frame predates: all NULL
            continue
        series = frame[col.name]
        blank = _blank_mask(series)
        faults: dict[int, tuple[str, str]] = {}
        if col.required:
            for i in blank[blank].index:
                faults[i] = ("ค่าว่างในคอลัมน์ที่ต้องมีค่า", "a required value is missing")
        present = ~blank
        if col.kind in ("int", "float"):
            num = _numbers(series, blank)
            not_number = present & num.isna()
            for i in not_number[not_number].index:
                v = series.iloc[i]
                faults[i] = (f"ไม่ใช่ตัวเลข: {v!r}", f"not a number: {v!r}")
            finite = present & num.notna()
            infinite = finite & ~num.abs().lt(float("inf"))
            for i in infinite[infinite].index:
                faults[i] = ("ตัวเลขไม่ถูกต้อง", f"not a finite number: {series.iloc[i]!r}")
            ok = finite & ~infinite
            if col.kind == "int":
                fraction = ok & (num != num.round())
                for i in fraction[fraction].index:
                    faults[i] = (f"ต้องเป็นจำนวนเต็ม: {series.iloc[i]!r}", f"must be a whole number: {series.iloc[i]!r}")
                ok = ok & ~fraction
            out = pd.Series(False, index=series.index)
            if col.low is not None:
                out |= ok & (num < col.low)
            if col.high is not None:
                out |= ok & (num > col.high)
            if out.any():
                rng = f"{col.low:g}–{col.high:g}" if col.high is not None else f"≥ {col.low:g}"
                for i in out[out].index:
                    v = series.iloc[i]
                    faults[i] = (f"ค่า {v!r} อยู่นอกช่วง {rng}", f"value {v!r} is outside {rng}")
        elif col.parse is not None:
            for i in present[present].index:
                v = series.iloc[i]
                try:
                    col.parse(str(v))
                except ValueError as exc:
                    faults[i] = (
                        f"อ่าน {str(exc)!r} ใน {v!r} ไม่ได้: ต้องเป็น{col.form[0]}",
                        f"cannot read {str(exc)!r} in {v!r}: must be {col.form[1]}",
                    )
        elif col.allowed is not None:
            wrong = present & ~series.astype("string").isin(col.allowed).fillna(False)
            for i in wrong[wrong].index:
                v = series.iloc[i]
                faults[i] = (
                    f"ค่า {v!r} ไม่อยู่ใน {', '.join(col.allowed)}",
                    f"value {v!r} is not one of {', '.join(col.allowed)}",
                )
        for i in sorted(faults):
            th, en = faults[i]
            problems.append(Problem(where, int(i) + row_offset, col.name, th, en))
    if not problems and len(frame):
        keys = frame[list(spec.key)].astype("string")
        dup = keys.duplicated(keep="first")
        # one pass over the duplicate rows (a row lookup per duplicate took ~0.7 ms each)
        for i, *values in keys[dup].itertuples(name=None):
            key = ", ".join(f"{k}={v}" for k, v in zip(spec.key, values))
            problems.append(
                Problem(where, int(i) + row_offset, ",".join(spec.key), f"คีย์ซ้ำ ({key})", f"duplicate key ({key})")
            )
    return problems


def _null_where(text: pd.Series, blank: np.ndarray) -> pa.ChunkedArray:
    """Arrow-backed ``text`` with NULL where ``blank``: each chunk's string buffers under a new
    validity bitmap, so no cell is copied."""
    chunks, start = [], 0
    for arr in pa.chunked_array(text.array._pa_array).chunks:
        keep = pc.invert(pa.array(blank[start : start + len(arr)], type=pa.bool_()))
        start += len(arr)
        if arr.null_count:
            keep = pc.and_(keep, pc.is_valid(arr))
        if arr.offset:
            chunks.append(pc.if_else(keep, arr, pa.scalar(None, arr.type)))
        else:
            chunks.append(pa.Array.from_buffers(arr.type, len(arr), [keep.buffers()[1], *arr.buffers()[1:]]))
    return pa.chunked_array(chunks, type=text.array._pa_array.type)


def coerce_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the table's column order and types; blanks become NULL (never 0 or "")."""
    spec = TABLES[table]
    out = {}
    n = len(frame)
    for col in spec.columns:
        if col.name in frame.columns:
            s = frame[col.name].reset_index(drop=True)
        else:
            s = pd.Series([None] * n, dtype=object)
        if col.kind != "text" and str(s.dtype) == _PANDAS_TYPES[col.kind]:
            out[col.name] = s  # typed already: NULL is its only blank
            continue
        blank = _blank_mask(s)
        if col.kind == "text":
            s = s.astype("string[pyarrow]")
            if blank.any():  # pandas' own where() on Arrow text copies cell by cell
                s = pd.Series(pd.arrays.ArrowStringArray(_null_where(s, blank.to_numpy())), index=s.index)
        else:
            s = _numbers(s, blank).astype("Float64").reset_index(drop=True)
            if col.kind == "int":
                s = s.astype("Int64")
        out[col.name] = s
    return pd.DataFrame(out)
