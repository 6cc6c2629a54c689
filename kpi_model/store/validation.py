"""Schema faults: of tables about to be written (:func:`validate`), and of a version's source
tables as they are on disk (:func:`check`).

Both answer with :class:`~kpi_model.errors.Problem` values naming table, row and column, so a
rejected import and ``python -m kpi_model check`` say the same thing in the same words.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kpi_model.errors import Problem
from kpi_model.schema import OPTIONAL_TABLES, SOURCE_TABLES, validate_frame
from kpi_model.store.layout import Layout
from kpi_model.store.queries import whole_table

__all__ = ["check", "validate"]


def validate(tables: dict[str, pd.DataFrame], row_offset: int = 1) -> list[Problem]:
    """Schema faults of ``tables`` (every source table must be present but the optional ones).
    ``row_offset``: the number of the first data row as the reader sees it."""
    problems: list[Problem] = []
    for name in SOURCE_TABLES:
        if name not in tables and name in OPTIONAL_TABLES:
            continue
        if name not in tables:
            problems.append(_missing(name))
            continue
        problems += validate_frame(name, tables[name], name, row_offset)
    return problems


def check(layout: Layout, version: str, cur: duckdb.DuckDBPyConnection) -> list[Problem]:
    """Schema faults of ``version``'s source tables read raw through ``cur`` (nothing coerced),
    rows numbered as the file shows them (a CSV's header is row 1)."""
    problems: list[Problem] = []
    for name in SOURCE_TABLES:
        paths = layout.table_files(version, name)
        if not paths and name in OPTIONAL_TABLES:
            continue
        if not paths:
            problems.append(_missing(name))
            continue
        raw = cur.execute(whole_table(name)).df()
        label = paths[0].name if len(paths) == 1 and paths[0].parent == layout.version_dir(version) else name
        problems += validate_frame(name, raw, label, 2 if paths[0].suffix == ".csv" else 1)
    return problems


def _missing(table: str) -> Problem:
    return Problem(table, None, None, f"ไม่มีตาราง {table}", f"table {table} is missing")
