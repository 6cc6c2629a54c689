"""The store's tables: columns, types, keys and allowed values (DESIGN §2), and their check.

The check names table, row and column for every fault, so ``check`` and the importer can
report exactly where a file is wrong. Rows are numbered from 1 as a spreadsheet shows them
below the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_model.errors import Problem

__all__ = [
    "Column",
    "Table",
    "TABLES",
    "SOURCE_TABLES",
    "UNITS",
    "DIRECTIONS",
    "AGENCY_KINDS",
    "empty_frame",
    "validate_frame",
    "coerce_frame",
]

UNITS = ("level", "percent", "count", "time", "money", "other")
DIRECTIONS = ("higher", "lower", "milestone")
AGENCY_KINDS = ("department", "district", "office")
STATUSES = ("met", "on_track", "behind", "no_data")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text" | "int" | "float"
    required: bool = False
    allowed: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None


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
            (_t("agency_code", True), _t("name_th", True), _t("name_en"),
             _t("kind", True, AGENCY_KINDS), _t("parent_code")),
            ("agency_code",),
            ("agency_code",),
        ),
        Table(
            "strategies",
            (_t("strategy_code", True), _t("parent_code"), _i("depth", True, 1, 4),
             _t("name_th", True), _t("name_en")),
            ("strategy_code",),
            ("strategy_code",),
        ),
        Table(
            "indicators",
            (_t("indicator_code", True), _FY, _t("agency_code", True), _t("name_th", True),
             _t("name_en"), _t("indicator_type"), _t("result_level"),
             _t("unit", True, UNITS), _t("unit_th"), _t("direction", True, DIRECTIONS),
             _f("target"), _f("achieved"), _i("max_level", False, 1, 10), _f("weight", 0),
             _t("strategy_code"), _t("definition"), _t("calculation"), _t("data_sources"),
             _t("supporting_projects"), _i("audited_quarter", False, 1, 4), _t("source"),
             _t("other_text")),
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
            (_t("indicator_code", True), _FY, _i("quarter", True, 1, 4), _f("actual"),
             _f("evaluation_score"), _f("score_2_1"), _f("score_2_2"), _f("evaluator_score"),
             _f("planned_cum", 0), _t("report_th")),
            ("indicator_code", "fiscal_year", "quarter"),
            ("indicator_code", "fiscal_year", "quarter"),
        ),
    )
}

SOURCE_TABLES: tuple[str, ...] = tuple(TABLES)

_PANDAS_TYPES = {"text": "string", "int": "Int64", "float": "Float64"}


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and types."""
    spec = TABLES[table]
    return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_TYPES[c.kind]) for c in spec.columns})


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and value.strip() == ""


def validate_frame(table: str, frame: pd.DataFrame, file: str | None = None,
                   row_offset: int = 1) -> list[Problem]:
    """Every fault of ``frame`` against ``table``'s schema.

    ``row_offset`` is the row number of the frame's first row (1 for a table whose first
    data row is row 1; 2 when a spreadsheet's header takes row 1).
    """
    spec = TABLES[table]
    where = file or table
    problems: list[Problem] = []
    cols = [str(c) for c in frame.columns]
    for name in spec.names:
        if name not in cols:
            problems.append(Problem(where, None, name, f"ไม่มีคอลัมน์ {name} ในตาราง {table}",
                                    f"table {table} has no column {name}"))
    for name in cols:
        if name not in spec.names:
            problems.append(Problem(where, None, name, f"คอลัมน์ {name} ไม่อยู่ในตาราง {table}",
                                    f"unknown column {name} in table {table}"))
    if problems:
        return problems
    for col in spec.columns:
        values = frame[col.name].tolist()
        for i, v in enumerate(values):
            row = i + row_offset
            if _blank(v):
                if col.required:
                    problems.append(Problem(where, row, col.name, "ค่าว่างในคอลัมน์ที่ต้องมีค่า",
                                            "a required value is missing"))
                continue
            if col.kind in ("int", "float"):
                try:
                    num = float(v)
                except (TypeError, ValueError):
                    problems.append(Problem(where, row, col.name, f"ไม่ใช่ตัวเลข: {v!r}",
                                            f"not a number: {v!r}"))
                    continue
                if num != num or num in (float("inf"), float("-inf")):
                    problems.append(Problem(where, row, col.name, "ตัวเลขไม่ถูกต้อง",
                                            f"not a finite number: {v!r}"))
                    continue
                if col.kind == "int" and num != int(num):
                    problems.append(Problem(where, row, col.name, f"ต้องเป็นจำนวนเต็ม: {v!r}",
                                            f"must be a whole number: {v!r}"))
                    continue
                if (col.low is not None and num < col.low) or (col.high is not None and num > col.high):
                    rng = f"{col.low:g}–{col.high:g}" if col.high is not None else f"≥ {col.low:g}"
                    problems.append(Problem(where, row, col.name, f"ค่า {v!r} อยู่นอกช่วง {rng}",
                                            f"value {v!r} is outside {rng}"))
            elif col.allowed is not None and str(v) not in col.allowed:
                problems.append(Problem(where, row, col.name,
                                        f"ค่า {v!r} ไม่อยู่ใน {', '.join(col.allowed)}",
                                        f"value {v!r} is not one of {', '.join(col.allowed)}"))
    if not problems and len(frame):
        keys = frame[list(spec.key)].astype("string")
        dup = keys.duplicated(keep="first")
        for i in [i for i, d in enumerate(dup.tolist()) if d]:
            key = ", ".join(f"{k}={keys.iloc[i][k]}" for k in spec.key)
            problems.append(Problem(where, i + row_offset, ",".join(spec.key),
                                    f"คีย์ซ้ำ ({key})", f"duplicate key ({key})"))
    return problems


def coerce_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the table's column order and types; blanks become NULL (never 0 or "")."""
    spec = TABLES[table]
    out = {}
    for col in spec.columns:
        s = frame[col.name] if col.name in frame.columns else pd.Series([None] * len(frame))
        s = s.reset_index(drop=True)
        if col.kind == "text":
            s = s.map(lambda v: None if _blank(v) else str(v)).astype("string")
        else:
            s = pd.to_numeric(s.map(lambda v: None if _blank(v) else v), errors="coerce")
            s = s.astype(_PANDAS_TYPES[col.kind])
        out[col.name] = s
    return pd.DataFrame(out)
