"""The store's read queries, by name: one ``.sql`` file each under ``queries/``.

The SQL lives in those files (dbt style: lowercase, CTEs named for what they hold) so it reads as
SQL and a change to a query is a change to one file. Each function here fills one file's slots
and returns a :class:`Query`, text and bound parameters, without running it: the store runs it.
Slots take only names that passed an allow-list (:mod:`kpi_model.store.names`), ``?``
placeholders (:mod:`kpi_model.store.filters`) and a few fixed words (``asc``/``desc``);
every value is a parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any, NamedTuple

from kpi_model.columns import EXTRACT_COLUMNS
from kpi_model.filters import Filters
from kpi_model.rollup import GroupSums, LikeSetSums, Rollup, finalise
from kpi_model.store import names
from kpi_model.store.filters import where
from kpi_model.trend import TrendSums

__all__ = [
    "Query",
    "count_by",
    "distinct",
    "extract",
    "indicator_years_of_codes",
    "like_set",
    "like_sets",
    "rollup",
    "rollups",
    "rows_of_keys",
    "score_movers",
    "search_indicators",
    "select",
    "select_named",
    "sql",
    "trend",
    "trend_sums",
    "whole_table",
]

_NAMED_WITH_INDICATOR = "quarter_scores"  # select_named adds the indicator's names to this table


class Query(NamedTuple):
    """A query's text and its bound parameters, in placeholder order."""

    text: str
    params: list[Any]


@functools.cache
def sql(name: str) -> str:
    """The text of ``queries/<name>.sql``, slots unfilled."""
    return (resources.files("kpi_model.store") / "queries" / f"{name}.sql").read_text(encoding="utf-8")


@functools.cache
def _group_sums_sql() -> str:
    """The select list of ``group_sums.sql`` (its comment lines left out), for a ``{group_sums}``
    slot: the one place the sums :class:`~kpi_model.rollup.GroupSums` reads are written."""
    lines = [line for line in sql("group_sums").splitlines() if not line.lstrip().startswith("--")]
    return "\n".join(lines).strip()


def _group_sums(cells: Sequence[Any]) -> GroupSums:
    """The ten cells of a ``group_sums.sql`` select list as :class:`~kpi_model.rollup.GroupSums`."""
    return GroupSums(
        int(cells[0]),
        float(cells[1]),
        float(cells[2]),
        int(cells[3]),
        int(cells[4]),
        int(cells[5]),
        int(cells[6]),
        float(cells[7]),
        float(cells[8]),
        float(cells[9]),
    )


def indicator_years_of_codes() -> str:
    """(indicator_code, fiscal_year) of the indicators whose code is in ``wanted_codes``."""
    return sql("indicator_years_of_codes")


def rows_of_keys(table: str) -> str:
    """The rows of ``table`` whose indicator-year is in the registered relation ``wanted_keys``."""
    return sql("rows_of_keys").format(table=names.table(table))


def whole_table(table: str) -> str:
    """Every row of ``table`` as stored (reads, checks, a flat store's derivation)."""
    return sql("whole_table").format(table=names.table(table))


def select(
    table: str,
    filters: Filters,
    columns: Sequence[str] | None = None,
    order_by: Sequence[str] = (),
    limit: int | None = None,
) -> Query:
    """Rows of ``table`` narrowed by ``filters``; only ``columns``, in ``order_by`` order."""
    table = names.table(table)
    cols = ", ".join(names.column(table, c) for c in columns) if columns else "*"
    clause, params = where(filters, table)
    order = _order_by(table, order_by)
    limit_clause, params = _limit(limit, params)
    return Query(
        sql("rows").format(columns=cols, table=table, where=clause, order_by=order, limit=limit_clause), params
    )


def select_named(
    table: str,
    filters: Filters,
    columns: Sequence[str] | None = None,
    order_by: Sequence[str] = (),
    limit: int | None = None,
) -> Query:
    """:func:`select` with the agency's names beside each row and, for quarter scores, the
    indicator's names and unit as written. The limit applies before the names are joined."""
    table = names.table(table)
    cols = ", ".join(f"narrowed.{names.column(table, c)}" for c in columns) if columns else "narrowed.*"
    clause, params = where(filters, table)
    inner_order = _order_by(table, order_by)
    outer_order = _order_by(table, order_by, prefix="narrowed.")
    limit_clause, params = _limit(limit, params)
    template = sql("scores_named") if table == _NAMED_WITH_INDICATOR else sql("rows_named")
    return Query(
        template.format(
            table=table,
            columns=cols,
            where=clause,
            order_by=inner_order,
            limit=limit_clause,
            outer_order_by=outer_order,
        ),
        params,
    )


def rollup(table: str, by: Sequence[str], filters: Filters) -> Query:
    """The sums :func:`rollups` turns into one Rollup per group of ``by`` (all rows when empty)."""
    table = names.table(table)
    keys = [names.groupable(c) for c in by]
    clause, params = where(filters, table)
    key_list = ", ".join(keys)
    return Query(
        sql("rollup").format(
            group_sums=_group_sums_sql(),
            table=table,
            where=clause,
            group_keys=f"{key_list}," if keys else "",
            group_by=f"group by {key_list}\norder by {key_list}" if keys else "",
        ),
        params,
    )


def rollups(rows: Sequence[tuple[Any, ...]], key_count: int) -> list[Rollup]:
    """The rows of a :func:`rollup` query, ``key_count`` group keys first, as Rollups."""
    return [finalise(tuple(row[:key_count]), _group_sums(row[key_count:])) for row in rows]


def like_set(now: Filters, then: Filters, by: Sequence[str] = (), scored_only: bool = False) -> Query:
    """The sums :func:`like_sets` turns into one :class:`LikeSetSums` per group of ``by``
    (matched as well as the code; empty: one group) of the quarter scores ``now`` and ``then``
    select; ``scored_only`` leaves out rows without a score in both periods."""
    keys = [names.groupable(c) for c in by]
    where_now, params_now = _scored_where(now, scored_only)
    where_then, params_then = _scored_where(then, scored_only)
    if keys:
        join_held = "\n".join(
            f"join {held} on " + " and ".join(f"{held}.{k} = matched.{k}" for k in keys)
            for held in ("held_now", "held_then")
        )
        order_by = "order by " + ", ".join(f"matched.{k}" for k in keys)
    else:
        join_held, order_by = "cross join held_now\ncross join held_then", ""
    text = sql("like_set").format(
        group_keys="".join(f"{k}, " for k in keys),
        group_by=("group by " + ", ".join(keys)) if keys else "",
        group_keys_now="".join(f"rows_now.{k}, " for k in keys),
        join_keys="".join(f"and rows_then.{k} = rows_now.{k} " for k in keys),
        group_by_now=("group by " + ", ".join(f"rows_now.{k}" for k in keys)) if keys else "",
        group_keys_matched="".join(f"matched.{k}, " for k in keys),
        join_held=join_held,
        order_by=order_by,
        where_now=where_now,
        where_then=where_then,
    )
    return Query(text, [*params_now, *params_then])


def _scored_where(filters: Filters, scored_only: bool) -> tuple[str, list[Any]]:
    clause, params = where(filters, "quarter_scores")
    if scored_only:
        clause = f"{clause} and score_100 is not null" if clause else "where score_100 is not null"
    return clause, params


def like_sets(rows: Sequence[tuple[Any, ...]], key_count: int) -> list[LikeSetSums]:
    """The rows of a :func:`like_set` query, ``key_count`` group keys first, as LikeSetSums."""

    def sums(matched: int, part: Sequence[Any]) -> GroupSums:
        return GroupSums(
            matched, float(part[0]), float(part[1]), int(part[2]), int(part[3]), int(part[4]), int(part[5])
        )

    out = []
    for row in rows:
        key, rest = tuple(row[:key_count]), row[key_count:]
        now_count, then_count, matched = int(rest[0]), int(rest[1]), int(rest[2])
        out.append(LikeSetSums(key, now_count, then_count, sums(matched, rest[3:9]), sums(matched, rest[9:15])))
    return out


def trend(filters: Filters) -> Query:
    """Per fiscal year and quarter of the quarter scores ``filters`` select, the sums
    :func:`trend_sums` reads (see ``trend.sql``)."""
    clause, params = where(filters, "quarter_scores")
    return Query(sql("trend").format(group_sums=_group_sums_sql(), where=clause), params)


def trend_sums(rows: Sequence[tuple[Any, ...]]) -> dict[tuple[int, int], TrendSums]:
    """The rows of a :func:`trend` query by (fiscal_year, quarter)."""
    out = {}
    for row in rows:
        fy, quarter, *sums = row
        computed = _group_sums(sums[:10])
        out[(int(fy), int(quarter))] = TrendSums(
            computed, int(sums[10]), float(sums[11]), float(sums[12]), int(sums[13])
        )
    return out


#: The tables ``extract.sql`` names, and the store table each one reads.
_EXTRACT_TABLES = {
    "quarters_shown": "quarter_scores",
    "indicators": "indicators",
    "quarterly_results": "quarterly_results",
    "annual_scores": "annual_scores",
    "agencies": "agencies",
    "strategies": "strategies",
}
_LEVEL_DESCRIPTIONS = {f"level_{n}" for n in range(1, 6)}


def _extract_column(source: str, column: str, name: str, presence: bool) -> str:
    """One entry of the extract's select list: ``source.column as name`` (``is not null`` for
    a presence column), every identifier checked against the store's own tables."""
    if source == "level_descriptions" and column in _LEVEL_DESCRIPTIONS:
        read = f"level_descriptions.{column}"
    elif source in _EXTRACT_TABLES:
        read = f"{source}.{names.column(_EXTRACT_TABLES[source], column)}"
    else:
        raise ValueError(f"the extract has no table {source!r} (column {name!r})")
    if not name.isidentifier():
        raise ValueError(f"not a column name: {name!r}")
    return f"{read} is not null as {name}" if presence else f"{read} as {name}"


@functools.cache
def _extract_columns() -> str:
    return ",\n    ".join(
        _extract_column(*c.extract_from, c.name, c.presence) for c in EXTRACT_COLUMNS if c.extract_from
    )


def extract(filters: Filters, limit: int | None = None) -> Query:
    """The analyst's extract of the quarter scores ``filters`` select (see ``extract.sql``),
    its columns the registry's (:data:`kpi_model.columns.EXTRACT_COLUMNS`)."""
    clause, params = where(filters, "quarter_scores")
    limit_clause, params = _limit(limit, params)
    return Query(sql("extract").format(columns=_extract_columns(), where=clause, limit=limit_clause), params)


def count_by(table: str, by: Sequence[str], filters: Filters) -> Query:
    """Rows per group of ``by`` (a ``count`` column), largest first."""
    table = names.table(table)
    cols = ", ".join(names.column(table, c) for c in by)
    clause, params = where(filters, table)
    return Query(sql("count_by").format(columns=cols, table=table, where=clause), params)


def score_movers(now: Filters, before: Filters, limit: int) -> Query:
    """The ``limit`` largest rises and the ``limit`` largest falls of score_100 from ``before``
    to ``now``, in one pass (a ``rising`` column says which)."""
    where_now, params_now = where(now, "quarter_scores")
    where_before, params_before = where(before, "quarter_scores")
    text = sql("score_movers").format(where_now=where_now, where_before=where_before)
    return Query(text, [*params_now, *params_before, int(limit)])


def search_indicators(text: str, limit: int) -> Query:
    """Indicators whose code or name contains ``text``, matched literally (``%``, ``_`` and
    ``\\`` in it are escaped)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return Query(sql("search_indicators"), [pattern, pattern, pattern, int(limit)])


def distinct(table: str, column: str) -> Query:
    """Sorted distinct non-null values of one column."""
    table = names.table(table)
    return Query(sql("distinct_values").format(table=table, column=names.column(table, column)), [])


def _order_by(table: str, columns: Sequence[str], prefix: str = "") -> str:
    if not columns:
        return ""
    return "order by " + ", ".join(f"{prefix}{names.column(table, c)}" for c in columns)


def _limit(limit: int | None, params: list[Any]) -> tuple[str, list[Any]]:
    if limit is None:
        return "", params
    return "limit ?", [*params, int(limit)]
