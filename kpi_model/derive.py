"""Derived tables, computed once when the store is written so every view only reads them.

``quarter_scores``: one row per indicator-year-quarter (all four quarters, unreported ones as
``no_data``) with the computed progress, plan, ratio, score_100 and status beside the recorded
values. ``annual_scores``: one row per indicator-year. ``quality_flags``: every flag. Each
carries the indicator's agency, type and strategy path (``strategy_1`` … ``strategy_4``), so
filters and rollups need no join. The formulas are those of :mod:`kpi_model.achievement`.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

import pandas as pd

from kpi_model.achievement import IndicatorFacts, QuarterFacts, achieve
from kpi_model.config import Settings, settings as default_settings
from kpi_model.quality import Flag, QuarterRecord, flag_record, indicator_flags, reference_flags

__all__ = ["DERIVED_TABLES", "strategy_path", "derive"]

DERIVED_TABLES = ("quarter_scores", "annual_scores", "quality_flags")

_CONTEXT = ("agency_code", "indicator_type", "result_level", "unit", "direction", "weight",
            "strategy_code", "strategy_1", "strategy_2", "strategy_3", "strategy_4", "source")

QUARTER_COLUMNS = ("indicator_code", "fiscal_year", "quarter", *_CONTEXT, "target", "actual",
                   "planned_cum", "evaluation_score", "score_2_1", "score_2_2",
                   "evaluator_score", "recorded_score", "has_report", "progress", "plan",
                   "plan_source", "ratio", "score_100", "status", "read_as_percent")
ANNUAL_COLUMNS = ("indicator_code", "fiscal_year", *_CONTEXT, "name_th", "name_en", "target",
                  "achieved", "unit_th", "ratio", "score_100", "score_5", "status",
                  "level_reached", "read_as_percent", "flag_count")
FLAG_COLUMNS = ("code", "severity", "indicator_code", "fiscal_year", "quarter", "table",
                "column", "message_th", "message_en", "agency_code")


def strategy_path(code: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """'7.3.1.1' → ('7', '7.3', '7.3.1', '7.3.1.1'); shorter codes leave the deeper levels None."""
    if not code:
        return (None, None, None, None)
    parts = code.split(".")
    out = [".".join(parts[: i + 1]) if i < len(parts) else None for i in range(4)]
    return (out[0], out[1], out[2], out[3])


def _none(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    return [dict(zip(cols, (_none(v) for v in row)))
            for row in frame.astype(object).itertuples(index=False, name=None)]


CHUNK = 20_000  # indicator-years derived per pass: bounds memory on stores of millions of rows


def _key(frame: pd.DataFrame) -> np.ndarray:
    return (frame["indicator_code"].astype(str) + "\x00" + frame["fiscal_year"].astype(str)).to_numpy(dtype=object)


def _chunks(tables: dict[str, pd.DataFrame], size: int) -> Iterator[dict[str, pd.DataFrame]]:
    """The per-indicator tables cut into consecutive groups of ``size`` indicator-years."""
    parts = {}
    for name in ("indicators", "quarterly_results", "indicator_levels"):
        frame = tables[name]
        key = _key(frame)
        order = np.argsort(key, kind="stable")
        parts[name] = (frame.iloc[order].reset_index(drop=True), key[order])
    inds, ind_keys = parts["indicators"]
    for start in range(0, len(inds), size):
        stop = min(start + size, len(inds))
        lo, hi = ind_keys[start], ind_keys[stop - 1]
        chunk = {"indicators": inds.iloc[start:stop]}
        for name in ("quarterly_results", "indicator_levels"):
            frame, keys = parts[name]
            a, b = np.searchsorted(keys, lo, "left"), np.searchsorted(keys, hi, "right")
            chunk[name] = frame.iloc[a:b]
        yield chunk


def derive(tables: dict[str, pd.DataFrame], import_flags: pd.DataFrame | None = None,
           cfg: Settings = default_settings) -> dict[str, pd.DataFrame]:
    """The derived tables of a store whose source tables passed the schema check."""
    agencies = set(tables["agencies"]["agency_code"].dropna().tolist())
    strategies = set(tables["strategies"]["strategy_code"].dropna().tolist())
    pieces: dict[str, list[pd.DataFrame]] = {"quarter": [], "annual": [], "flags": []}
    chunks = [tables] if len(tables["indicators"]) <= CHUNK else _chunks(tables, CHUNK)
    for chunk in chunks:
        quarter, annual, flag_frame = _derive_part(chunk, agencies, strategies, cfg)
        pieces["quarter"].append(quarter)
        pieces["annual"].append(annual)
        pieces["flags"].append(flag_frame)
    quarter = pd.concat(pieces["quarter"], ignore_index=True)
    annual = pd.concat(pieces["annual"], ignore_index=True)
    flag_frame = pd.concat(pieces["flags"], ignore_index=True)
    if import_flags is not None and len(import_flags):
        keep = import_flags.merge(tables["indicators"][["indicator_code", "fiscal_year"]],
                                  on=["indicator_code", "fiscal_year"])
        flag_frame = pd.concat([flag_frame, _typed(keep[flag_frame.columns].copy())], ignore_index=True)
    owners = tables["indicators"][["indicator_code", "fiscal_year", "agency_code"]]
    flag_frame = flag_frame.merge(owners.astype({"fiscal_year": "Int64"}), how="left",
                                  on=["indicator_code", "fiscal_year"])
    return {
        "quarter_scores": quarter.sort_values(["agency_code", "fiscal_year", "indicator_code", "quarter"], kind="stable").reset_index(drop=True),
        "annual_scores": annual.sort_values(["agency_code", "fiscal_year", "indicator_code"], kind="stable").reset_index(drop=True),
        "quality_flags": _typed(flag_frame).sort_values(["agency_code", "fiscal_year", "indicator_code", "code"], kind="stable").reset_index(drop=True),
    }


def _derive_part(tables: dict[str, pd.DataFrame], agencies: set[str], strategies: set[str],
                 cfg: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Derived rows of a group of indicator-years (with all their results and levels)."""
    levels: dict[tuple[str, int], dict[int, str]] = {}
    for r in _records(tables["indicator_levels"][["indicator_code", "fiscal_year", "level", "description"]]):
        levels.setdefault((r["indicator_code"], r["fiscal_year"]), {})[r["level"]] = r["description"] or ""
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in _records(tables["quarterly_results"]):
        results.setdefault((r["indicator_code"], r["fiscal_year"]), []).append(r)

    quarter_rows: list[tuple] = []
    annual_rows: list[tuple] = []
    flags: list[Flag] = []
    for ind in _records(tables["indicators"]):
        key = (ind["indicator_code"], ind["fiscal_year"])
        desc = levels.get(key, {})
        facts = IndicatorFacts(ind["unit"], ind["direction"], ind["target"], ind["achieved"],
                               ind["max_level"], tuple(desc[k] for k in sorted(desc)),
                               ind["audited_quarter"])
        rows = sorted(results.get(key, []), key=lambda r: r["quarter"])
        result = achieve(facts, [QuarterFacts(r["quarter"], r["actual"], r["planned_cum"],
                                              r["evaluation_score"]) for r in rows], cfg)
        ind_flags = indicator_flags(
            key[0], key[1], facts,
            [QuarterRecord(r["quarter"], r["actual"], r["planned_cum"], r["evaluation_score"],
                           bool(r["report_th"])) for r in rows], result, cfg)
        ind_flags += reference_flags(key[0], key[1], ind["agency_code"], ind["strategy_code"],
                                     agencies, strategies)
        flags += ind_flags
        context = (ind["agency_code"], ind["indicator_type"], ind["result_level"], ind["unit"],
                   ind["direction"], ind["weight"], ind["strategy_code"],
                   *strategy_path(ind["strategy_code"]), ind["source"])
        by_q = {r["quarter"]: r for r in rows}
        computed = {a.quarter: a for a in result.quarters}
        for q in (1, 2, 3, 4):
            r = by_q.get(q, {})
            a = computed.get(q)
            if a is None:  # no row at all for this quarter: plan still applies, no data
                a = achieve(facts, [QuarterFacts(q, None)], cfg).quarters[0]
            quarter_rows.append((*key, q, *context, ind["target"], r.get("actual"),
                                 r.get("planned_cum"), r.get("evaluation_score"),
                                 r.get("score_2_1"), r.get("score_2_2"), r.get("evaluator_score"),
                                 a.recorded_score, bool(r.get("report_th")), a.progress, a.plan,
                                 a.plan_source, a.ratio, a.score_100, a.status,
                                 result.read_as_percent))
        an = result.annual
        annual_rows.append((*key, *context, ind["name_th"], ind["name_en"], ind["target"],
                            ind["achieved"], ind["unit_th"], an.ratio, an.score_100, an.score_5,
                            an.status, an.level_reached, result.read_as_percent, len(ind_flags)))

    flag_frame = pd.DataFrame([flag_record(f) for f in flags],
                              columns=[c for c in FLAG_COLUMNS if c != "agency_code"])
    return (_typed(pd.DataFrame(quarter_rows, columns=list(QUARTER_COLUMNS))),
            _typed(pd.DataFrame(annual_rows, columns=list(ANNUAL_COLUMNS))),
            _typed(flag_frame))


_INT_COLUMNS = {"fiscal_year", "quarter", "flag_count"}
_BOOL_COLUMNS = {"has_report", "read_as_percent"}
_FLOAT_COLUMNS = {"weight", "target", "actual", "achieved", "planned_cum", "evaluation_score",
                  "score_2_1", "score_2_2", "evaluator_score", "recorded_score", "progress",
                  "plan", "ratio", "score_100", "score_5", "level_reached"}


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for c in frame.columns:
        if c in _INT_COLUMNS:
            frame[c] = pd.array(frame[c].tolist(), dtype="Int64")
        elif c in _BOOL_COLUMNS:
            frame[c] = frame[c].astype("boolean")
        elif c in _FLOAT_COLUMNS:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("Float64")
        else:
            frame[c] = frame[c].astype("string")
    return frame.reset_index(drop=True)
