"""Which columns a source table file may hold: a table's own, a flat sheet's, and the ones an
export adds (ignored on import, so an export can be imported back). The names, Thai headers and
which columns are computed come from the one registry, :mod:`kpi_model.columns`."""

from __future__ import annotations

from collections.abc import Iterable

from kpi_model.columns import EXPORT_ONLY_COLUMNS, THAI_HEADERS
from kpi_model.schema import TABLES

__all__ = [
    "EXPORT_ONLY_COLUMNS",
    "EXPORT_ONLY_PREFIXES",
    "IMPORTED_COLUMNS",
    "LEVEL_COLUMNS",
    "THAI_HEADERS",
    "canonical_header",
    "columns_of",
    "is_export_only",
    "thai_header",
]

#: Column-name prefixes an export uses for computed values (``annual_ratio``, ``annual_status``…).
EXPORT_ONLY_PREFIXES: tuple[str, ...] = ("annual_",)
#: The optional milestone-description columns of a flat sheet.
LEVEL_COLUMNS: tuple[str, ...] = tuple(f"level_{n}" for n in range(1, 6))
#: Every column some import reads (a table's own, or a flat sheet's level descriptions).
IMPORTED_COLUMNS: frozenset[str] = frozenset({n for spec in TABLES.values() for n in spec.names} | set(LEVEL_COLUMNS))


def is_export_only(name: str) -> bool:
    """Whether an import ignores column ``name`` (it is computed by an export), named in
    English or by its Thai export header."""
    name = canonical_header(name)
    return name in EXPORT_ONLY_COLUMNS or name.startswith(EXPORT_ONLY_PREFIXES)


def columns_of(table: str, header: Iterable[str]) -> tuple[set[str], list[str], str]:
    """(allowed column names, required ones, the Thai description for messages) of a sheet
    standing for ``table`` — a table's, or with ``table`` "" a flat sheet's (``quarter`` is
    required once any quarterly column is in ``header``).

    A column may be named by its Thai export header (:data:`THAI_HEADERS`): the allowed names
    hold both, and a required column is required under the name ``header`` uses for it."""
    header = list(header)
    if table:
        spec = TABLES[table]
        allowed, required, desc = set(spec.names), [c.name for c in spec.columns if c.required], f"ตาราง {table}"
    else:
        ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
        q_only = {c.name for c in qr.columns if c.name not in ("indicator_code", "fiscal_year", "quarter")}
        allowed = set(ind.names) | set(qr.names) | set(LEVEL_COLUMNS)
        required = [c.name for c in ind.columns if c.required]
        if {canonical_header(h).strip().lower() for h in header} & q_only:
            required.append("quarter")
        desc = "แผ่นงานแบบแถวละตัวชี้วัด-ไตรมาส (indicators + quarterly_results)"
    given = {h.strip().lower() for h in header}
    thai = {c: THAI_HEADERS[c].strip().lower() for c in allowed if c in THAI_HEADERS}
    allowed |= set(thai.values())
    required = [thai[c] if c in thai and thai[c] in given and c not in given else c for c in required]
    return allowed, required, desc


_FROM_THAI: dict[str, str] = {th.strip().lower(): en for en, th in THAI_HEADERS.items()}
assert len(_FROM_THAI) == len(THAI_HEADERS), "two columns share a Thai header"


def thai_header(name: str) -> str:
    """The Thai header of column ``name`` (the name itself when it has none)."""
    return THAI_HEADERS.get(name, name)


def canonical_header(header: str) -> str:
    """The column a header names: a Thai export header read back as its column
    (``ค่าเป้าหมาย`` → ``target``); any other header as written."""
    return _FROM_THAI.get(header.strip().lower(), header)
