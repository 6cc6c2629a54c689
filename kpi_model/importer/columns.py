"""Which columns a source table file may hold: a table's own, a flat sheet's, and the ones an
export adds (ignored on import, so an export can be imported back)."""

from __future__ import annotations

from collections.abc import Iterable

from kpi_model.schema import TABLES

__all__ = ["EXPORT_ONLY_COLUMNS", "EXPORT_ONLY_PREFIXES", "LEVEL_COLUMNS", "columns_of", "is_export_only"]

#: Columns an export adds (computed, or joined for reading); ignored on import.
EXPORT_ONLY_COLUMNS: frozenset[str] = frozenset(
    {
        # computed per quarter (achievement / derive.quarter_scores)
        "progress",
        "plan",
        "plan_source",
        "ratio",
        "score_100",
        "status",
        "status_th",
        "status_en",
        "recorded_score",
        "has_report",
        "read_as_percent",
        "recorded_status",
        "is_reported",
        "bands_disagree",
        "tracks_plan",
        "has_setting",
        # the direction and accumulation judged with (an analyst's setting applied)
        "direction_used",
        "direction_used_source",
        "accumulation_used",
        # an exported quarter with no quarterly_results row (shown as no data): not re-created
        # when left empty; a row given any recorded value is imported like any other
        "is_recorded",
        # computed per year (derive.annual_scores)
        "score_5",
        "level_reached",
        "flag_count",
        "flags",
        "flag_codes",
        # calendar helpers
        "fiscal_year_ce",
        "quarter_start",
        "quarter_end",
        "quarter_label",
        # joined names and strategy path
        "agency_name_th",
        "agency_name_en",
        "agency_kind",
        "strategy_name_th",
        "strategy_name_en",
        "strategy_1",
        "strategy_2",
        "strategy_3",
        "strategy_4",
        "strategy_1_name_th",
        "strategy_2_name_th",
        "strategy_3_name_th",
        "strategy_4_name_th",
        "strategy_1_name_en",
        "strategy_2_name_en",
        "strategy_3_name_en",
        "strategy_4_name_en",
        "dimension",
        "dimension_name_th",
        "dimension_name_en",
        "unit_label",
        "synthetic",
    }
)
#: Column-name prefixes an export uses for computed values (``annual_ratio``, ``annual_status``…).
EXPORT_ONLY_PREFIXES: tuple[str, ...] = ("annual_",)
#: The optional milestone-description columns of a flat sheet.
LEVEL_COLUMNS: tuple[str, ...] = tuple(f"level_{n}" for n in range(1, 6))


def is_export_only(name: str) -> bool:
    """Whether an import ignores column ``name`` (it is computed by an export)."""
    return name in EXPORT_ONLY_COLUMNS or name.startswith(EXPORT_ONLY_PREFIXES)


def columns_of(table: str, header: Iterable[str]) -> tuple[set[str], list[str], str]:
    """(allowed column names, required ones, the Thai description for messages) of a sheet
    standing for ``table`` — a table's, or with ``table`` "" a flat sheet's (``quarter`` is
    required once any quarterly column is in ``header``)."""
    if table:
        spec = TABLES[table]
        return set(spec.names), [c.name for c in spec.columns if c.required], f"ตาราง {table}"
    ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
    q_only = {c.name for c in qr.columns if c.name not in ("indicator_code", "fiscal_year", "quarter")}
    allowed = set(ind.names) | set(qr.names) | set(LEVEL_COLUMNS)
    required = [c.name for c in ind.columns if c.required]
    if {h.strip().lower() for h in header} & q_only:
        required.append("quarter")
    return allowed, required, "แผ่นงานแบบแถวละตัวชี้วัด-ไตรมาส (indicators + quarterly_results)"
