"""Formula export: cells that start like a spreadsheet formula, imported and exported again as
.csv and .xlsx, never become formulas (the ``fuzz`` command runs this after the fuzzing)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from kpi_model.store import Filters, Store
from scripts.reliability.common import ROOT, Fixture

__all__ = ["FORMULA", "formula_export"]

FORMULA = "=cmd|' /C calc'!A0"


def formula_export(work: Path) -> dict[str, Any]:
    """A CSV whose cells start with ``=cmd|' /C calc'!A0`` and ``@SUM(A1)``, imported, then
    exported as .csv and .xlsx: no cell of either is a formula."""
    from openpyxl import load_workbook

    from kpi_model.export import extract, write_extract
    from kpi_model.importer.batch import import_paths

    fx = Fixture(work / "formula", 60)
    target = fx.copy("formula-store")
    rows = list(
        csv.DictReader(io.StringIO((ROOT / "tests" / "fixtures" / "table_flat.csv").read_text(encoding="utf-8")))
    )
    for row in rows:
        row["name_th"] = FORMULA
        row["report_th"] = "@SUM(A1)" if row["quarter"] == "1" else row["report_th"]
    src = work / "formula" / "hostile.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    store = Store(target)
    result = import_paths(store, [src])
    if result.rejected:
        raise AssertionError(f"the hostile CSV is rejected: {result.rejected}")
    frame = extract(store, Filters(indicator_codes=("0402-0810",), fiscal_years=(2564,)))
    assert (frame["name_th"] == FORMULA).all(), "the store keeps the text as written"
    out_csv, out_xlsx = work / "formula" / "x.csv", work / "formula" / "x.xlsx"
    write_extract(frame, out_csv)
    write_extract(frame, out_xlsx)
    text = out_csv.read_text(encoding="utf-8-sig")
    fields = [c for line in csv.reader(io.StringIO(text)) for c in line]
    csv_bad = [c for c in fields if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]
    wb = load_workbook(out_xlsx)
    xlsx_formulas, hostile_cells = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    xlsx_formulas.append(cell.coordinate)
                if isinstance(cell.value, str) and ("cmd|" in cell.value or "SUM(A1)" in cell.value):
                    hostile_cells.append((cell.coordinate, cell.data_type, cell.value))
    return {
        "csv_cells_starting_like_a_formula": csv_bad,
        "csv_has_neutralised": f"'{FORMULA}" in fields,
        "xlsx_formula_cells": xlsx_formulas,
        "xlsx_hostile_cells": hostile_cells,
    }


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
