"""A decompression bomb for the importer (issue 11, item 4): a small .xlsx whose one sheet
unpacks to a large XML file.

    python -m bench.bomb OUT.xlsx [--unpacked-mb 200] [--complete] [--time]

The sheet is a flat sheet (one row per indicator-quarter). By default its header lacks the
required ``direction`` column, so a reader that checks the header first can reject it at once;
``--complete`` writes every required column, so only the unpacked-size and row caps stop it.
``--time`` then reads it with :func:`kpi_model.importer.tables.read_table_file` and prints the
seconds, the peak memory and the first problem.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["SHEET_HEAD", "SHEET_TAIL", "header_row", "write_bomb", "write_package"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="KPI" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
SHEET_HEAD, SHEET_TAIL = _SHEET_HEAD, _SHEET_TAIL
_COLUMNS = [
    "indicator_code",
    "fiscal_year",
    "agency_code",
    "name_th",
    "unit",
    "direction",
    "quarter",
    "actual",
    "report_th",
]


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def _cell(col: int, row: int, value: object, ref: bool = True) -> str:
    """One cell; without ``ref`` the cell has no ``r`` attribute (allowed: it is the next
    column), so rows differ only in their row number and compress about 200 times."""
    at = f' r="{_letter(col)}{row}"' if ref else ""
    if isinstance(value, (int, float)):
        return f"<c{at}><v>{value}</v></c>"
    return f'<c{at} t="inlineStr"><is><t>{value}</t></is></c>'


def write_package(path: Path, sheet_parts: Iterable[str]) -> int:
    """A minimal .xlsx at ``path`` with one sheet ``KPI`` whose XML is ``sheet_parts`` joined
    (streamed into the archive); returns the sheet's unpacked size in bytes."""
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for text in sheet_parts:
                data = text.encode("utf-8")
                sheet.write(data)
                written += len(data)
    return written


def header_row(columns: list[str]) -> str:
    return '<row r="1">' + "".join(_cell(i, 1, c) for i, c in enumerate(columns, 1)) + "</row>"


def write_bomb(path: Path, unpacked_mb: float = 200.0, complete: bool = False) -> dict[str, int]:
    """Write the bomb to ``path``; returns its size, its sheet's unpacked size (bytes) and
    its last row."""
    columns = _COLUMNS if complete else [c for c in _COLUMNS if c != "direction"]
    target = int(unpacked_mb * 1024 * 1024)
    report = "รายงานผลการดำเนินงาน " * 8
    values = {
        "indicator_code": "0402-0810",
        "fiscal_year": 2564,
        "agency_code": "0402",
        "name_th": "ตัวชี้วัด",
        "unit": "percent",
        "direction": "higher",
        "quarter": 1,
        "actual": 50,
        "report_th": report,
    }
    last = 1

    def parts() -> Iterator[str]:
        nonlocal last
        size = len(_SHEET_HEAD.encode())
        for text in (_SHEET_HEAD, header_row(columns)):
            yield text
        while size < target:
            last += 1
            text = (
                f'<row r="{last}">'
                + "".join(_cell(i, last, values[c], ref=False) for i, c in enumerate(columns, 1))
                + "</row>"
            )
            size += len(text.encode())
            yield text
        yield _SHEET_TAIL

    unpacked = write_package(path, parts())
    return {"bytes": path.stat().st_size, "unpacked": unpacked, "rows": last}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bomb", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--unpacked-mb", type=float, default=200.0)
    parser.add_argument("--complete", action="store_true", help="write every required column")
    parser.add_argument("--time", action="store_true", help="then read it and time the rejection")
    args = parser.parse_args(argv)
    made = write_bomb(args.output, args.unpacked_mb, args.complete)
    print(
        f"wrote {args.output}: {made['bytes'] / 1e6:.2f} MB, sheet unpacks to "
        f"{made['unpacked'] / 1e6:.1f} MB, {made['rows']:,} rows"
    )
    if args.time:
        from kpi_model.errors import ImportRejected
        from kpi_model.importer.tables import read_table_file

        t0 = time.perf_counter()
        try:
            tables = read_table_file(args.output)
            outcome = "read " + ", ".join(f"{t} {len(f):,}" for t, f in tables.items())
        except ImportRejected as exc:
            outcome = f"rejected ({len(exc.problems)} problems): {exc.problems[0]}"
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{seconds:.2f} s, peak RSS {peak:,.0f} MiB: {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
