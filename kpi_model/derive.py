"""Derived tables, computed once when the store is written so every view only reads them:
the reference, in Python. The store computes them set-wise in DuckDB
(:mod:`kpi_model.store.scoring`), and ``tests/store/test_scoring.py`` proves the two equal row by row.

``quarter_scores``: one row per indicator-year-quarter (all four quarters, unreported ones as
``no_data``) with the computed progress, plan, ratio, score_100 and status beside the recorded
values. ``annual_scores``: one row per indicator-year. ``quality_flags``: every flag. Each
carries the indicator's agency, type and strategy path (``strategy_1`` … ``strategy_4``), so
filters and rollups need no join. The formulas are those of :mod:`kpi_model.achievement`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from kpi_model.achievement import (
    AnalystSetting,
    IndicatorAchievement,
    IndicatorFacts,
    QuarterFacts,
    achieve,
    apply_setting,
    infer_direction,
    is_report,
)
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.fiscal import year_closed
from kpi_model.importer.numbers import normalise_code
from kpi_model.inference import INFERENCES, parse_decisions, parse_quarters
from kpi_model.quality import Flag, QuarterRecord, flag_record, indicator_flags, reference_flags

__all__ = [
    "BOOL_COLUMNS",
    "DERIVED_TABLES",
    "FLOAT_COLUMNS",
    "INT_COLUMNS",
    "achievement_of",
    "derive",
    "facts_of",
    "setting_for",
    "setting_of_row",
    "settings_index",
    "strategy_path",
    "typed_frame",
]

DERIVED_TABLES = ("quarter_scores", "annual_scores", "quality_flags")

_CONTEXT = (
    "agency_code",
    "indicator_type",
    "result_level",
    "unit",
    "direction",
    "direction_source",
    "accumulation",
    "accumulation_source",
    "max_level",
    "max_level_source",
    "weight",
    "strategy_code",
    "strategy_1",
    "strategy_2",
    "strategy_3",
    "strategy_4",
    "source",
    "has_setting",
)

QUARTER_COLUMNS = (
    "indicator_code",
    "fiscal_year",
    "quarter",
    *_CONTEXT,
    "target",
    "actual",
    "planned_cum",
    "evaluation_score",
    "score_2_1",
    "score_2_2",
    "evaluator_score",
    "recorded_score",
    "recorded_status",
    "has_report",
    "is_reported",
    "progress",
    "plan",
    "plan_source",
    "ratio",
    "score_100",
    "status",
    "bands_disagree",
    "tracks_plan",
    "read_as_percent",
    "rule",
    "inferences",
)
ANNUAL_COLUMNS = (
    "indicator_code",
    "fiscal_year",
    *_CONTEXT,
    "name_th",
    "name_en",
    "target",
    "achieved",
    "unit_th",
    "ratio",
    "score_100",
    "score_5",
    "status",
    "level_reached",
    "read_as_percent",
    "audited_quarter",
    "flag_count",
    "rule",
    "year_closed",
    "inferences",
)
FLAG_COLUMNS = (
    "code",
    "severity",
    "indicator_code",
    "fiscal_year",
    "quarter",
    "table",
    "column",
    "message_th",
    "message_en",
    "agency_code",
)


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
    return [dict(zip(cols, (_none(v) for v in row))) for row in frame.astype(object).itertuples(index=False, name=None)]


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


def derive(
    tables: dict[str, pd.DataFrame], import_flags: pd.DataFrame | None = None, cfg: Settings = default_settings
) -> dict[str, pd.DataFrame]:
    """The derived tables of a store whose source tables passed the schema check."""
    agencies = set(tables["agencies"]["agency_code"].dropna().tolist())
    strategies = set(tables["strategies"]["strategy_code"].dropna().tolist())
    settings = settings_index(tables.get("indicator_settings"))
    pieces: dict[str, list[pd.DataFrame]] = {"quarter": [], "annual": [], "flags": []}
    chunks = [tables] if len(tables["indicators"]) <= CHUNK else _chunks(tables, CHUNK)
    for chunk in chunks:
        quarter, annual, flag_frame = _derive_part(chunk, agencies, strategies, settings, cfg)
        pieces["quarter"].append(quarter)
        pieces["annual"].append(annual)
        pieces["flags"].append(flag_frame)
    quarter = pd.concat(pieces["quarter"], ignore_index=True)
    annual = pd.concat(pieces["annual"], ignore_index=True)
    flag_frame = pd.concat(pieces["flags"], ignore_index=True)
    if import_flags is not None and len(import_flags):
        keep = import_flags.merge(
            tables["indicators"][["indicator_code", "fiscal_year"]], on=["indicator_code", "fiscal_year"]
        )
        flag_frame = pd.concat([flag_frame, typed_frame(keep[flag_frame.columns].copy())], ignore_index=True)
    quarter, annual = _with_inferences(quarter, annual, flag_frame, settings)
    owners = tables["indicators"][["indicator_code", "fiscal_year", "agency_code"]]
    flag_frame = flag_frame.merge(
        owners.astype({"fiscal_year": "Int64"}), how="left", on=["indicator_code", "fiscal_year"]
    )
    return {
        "quarter_scores": quarter.sort_values(
            ["agency_code", "fiscal_year", "indicator_code", "quarter"], kind="stable"
        ).reset_index(drop=True),
        "annual_scores": annual.sort_values(
            ["agency_code", "fiscal_year", "indicator_code"], kind="stable"
        ).reset_index(drop=True),
        "quality_flags": typed_frame(flag_frame)
        .sort_values(["agency_code", "fiscal_year", "indicator_code", "code"], kind="stable")
        .reset_index(drop=True),
    }


SettingsIndex = dict[tuple[str, int | None], AnalystSetting]


def _with_inferences(
    quarter: pd.DataFrame, annual: pd.DataFrame, flags: pd.DataFrame, settings: SettingsIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``inferences`` of each quarter and year: the inferences (kpi_model.inference) its
    verdict rests on that no analyst has decided yet, as sorted codes joined by ``,`` (None
    when there are none). The year's are those raised for the whole indicator-year; a
    quarter's add those raised for that quarter."""
    whole: dict[tuple[str, int], set[str]] = {}
    by_quarter: dict[tuple[str, int, int], set[str]] = {}
    for code, ind, fy, q in zip(flags["code"], flags["indicator_code"], flags["fiscal_year"], flags["quarter"]):
        if code not in INFERENCES or ind is pd.NA or fy is pd.NA:
            continue
        setting = setting_for(settings, str(ind), int(fy)) if settings else None
        if setting is not None and setting.decision(str(code)) is not None:
            continue
        if q is pd.NA or q is None:
            whole.setdefault((str(ind), int(fy)), set()).add(str(code))
        else:
            by_quarter.setdefault((str(ind), int(fy), int(q)), set()).add(str(code))

    def joined(codes: set[str]) -> str | None:
        return ",".join(sorted(codes)) if codes else None

    annual = annual.copy()
    annual["inferences"] = pd.array(
        [joined(whole.get((str(c), int(y)), set())) for c, y in zip(annual["indicator_code"], annual["fiscal_year"])],
        dtype="string",
    )
    quarter = quarter.copy()
    quarter["inferences"] = pd.array(
        [
            joined(whole.get((str(c), int(y)), set()) | by_quarter.get((str(c), int(y), int(q)), set()))
            for c, y, q in zip(quarter["indicator_code"], quarter["fiscal_year"], quarter["quarter"])
        ],
        dtype="string",
    )
    return quarter, annual


def settings_index(frame: pd.DataFrame | None) -> SettingsIndex:
    """Analysts' settings by (normalised indicator code, fiscal year or None = every year)."""
    out: SettingsIndex = {}
    if frame is None or not len(frame):
        return out
    for r in _records(frame):
        fy = None if r.get("fiscal_year") is None else int(r["fiscal_year"])
        out[(normalise_code(str(r["indicator_code"])), fy)] = setting_of_row(r)
    return out


def setting_of_row(r: dict[str, Any]) -> AnalystSetting:
    """One ``indicator_settings`` row (a dict, NULL as None) as the model's setting. The two
    decision columns are read with :mod:`kpi_model.inference`'s parsers; every write checked
    them (schema ``parse``), so a stored cell always reads."""
    plan = tuple(None if r.get(f"plan_q{q}") is None else float(r[f"plan_q{q}"]) for q in (1, 2, 3, 4))
    return AnalystSetting(
        r.get("direction"),
        r.get("accumulation"),
        plan,  # type: ignore[arg-type]
        None if r.get("max_level") is None else int(r["max_level"]),
        None if r.get("weight") is None else float(r["weight"]),
        r.get("note"),
        r.get("set_by"),
        r.get("set_at"),
        parse_quarters(r.get("unmeasured_quarters")),
        tuple(parse_decisions(r.get("decisions")).items()),
    )


def setting_for(settings: SettingsIndex, code: str, fiscal_year: int) -> AnalystSetting | None:
    """The setting in force for one indicator-year: its own year's, merged over the every-year
    one field by field (a blank field of the year's setting leaves the every-year value).
    Decisions on inferences are the union of both rows, the year's choice winning for a kind
    decided in both: a decision made for every year holds until one year says otherwise."""
    key = normalise_code(str(code))
    year, every = settings.get((key, int(fiscal_year))), settings.get((key, None))
    if year is None or every is None:
        return year or every
    plan = tuple(y if y is not None else e for y, e in zip(year.plan, every.plan))
    return AnalystSetting(
        year.direction or every.direction,
        year.accumulation or every.accumulation,
        plan,  # type: ignore[arg-type]
        year.max_level or every.max_level,
        year.weight if year.weight is not None else every.weight,
        year.note or every.note,
        year.set_by or every.set_by,
        year.set_at or every.set_at,
        year.unmeasured_quarters if year.unmeasured_quarters is not None else every.unmeasured_quarters,
        _merged_decisions(every.decisions, year.decisions),
    )


def _merged_decisions(
    every: tuple[tuple[str, str], ...], year: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """Both rows' decisions, the year's winning per kind, in :data:`INFERENCES` order (the
    order the stored form keeps)."""
    merged = dict(every) | dict(year)
    return tuple((code, merged[code]) for code in INFERENCES if code in merged)


def facts_of(
    ind: dict[str, Any], levels: dict[int, str], setting: AnalystSetting | None, cfg: Settings = default_settings
) -> IndicatorFacts:
    """An ``indicators`` row (and its level descriptions) as the model's facts, with the
    analyst's setting applied. A blank direction source means the file recorded it; a blank
    accumulation is the default, cumulative. The year is closed when its 30 September had
    passed on ``cfg.judged_on()``."""
    facts = IndicatorFacts(
        ind["unit"],
        ind["direction"],
        ind["target"],
        ind["achieved"],
        ind["max_level"],
        tuple(levels[k] for k in sorted(levels)),
        ind["audited_quarter"],
        accumulation=ind.get("accumulation") or "cumulative",
        direction_source=ind.get("direction_source") or "recorded",
        accumulation_source=ind.get("accumulation_source") or "default",
        max_level_source=ind.get("max_level_source") or "page",
        unit_th=ind.get("unit_th"),
        closed=ind.get("fiscal_year") is not None and year_closed(int(ind["fiscal_year"]), cfg.judged_on()),
    )
    return apply_setting(facts, setting)


def achievement_of(
    ind: dict[str, Any],
    levels: dict[int, str],
    results: list[dict[str, Any]],
    setting: AnalystSetting | None,
    cfg: Settings = default_settings,
) -> IndicatorAchievement:
    """One indicator-year's verdicts from its stored rows (an ``indicators`` row, its level
    descriptions, its ``quarterly_results`` rows) under ``setting``: the one path from rows
    to :func:`~kpi_model.achievement.achieve`, so the review queue's "if decided otherwise"
    (:mod:`kpi_model.review`) is computed exactly as the store's verdicts are."""
    facts = facts_of(ind, levels, setting, cfg)
    by_q = {r["quarter"]: r for r in results}
    return achieve(
        facts,
        [
            QuarterFacts(
                q,
                by_q.get(q, {}).get("actual"),
                by_q.get(q, {}).get("planned_cum"),
                by_q.get(q, {}).get("evaluation_score"),
                by_q.get(q, {}).get("report_th"),
                by_q.get(q, {}).get("evaluator_score"),
                by_q.get(q, {}).get("score_2_1"),
                by_q.get(q, {}).get("score_2_2"),
            )
            for q in (1, 2, 3, 4)
        ],
        cfg,
    )


def _derive_part(
    tables: dict[str, pd.DataFrame], agencies: set[str], strategies: set[str], settings: SettingsIndex, cfg: Settings
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
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
        setting = setting_for(settings, key[0], key[1]) if settings else None
        rows = sorted(results.get(key, []), key=lambda r: r["quarter"])
        by_q = {r["quarter"]: r for r in rows}
        result = achievement_of(ind, levels.get(key, {}), rows, setting, cfg)
        facts = result.facts
        reason = None
        if facts.direction_source == "inferred":
            guess = infer_direction(ind["name_th"], ind["unit_th"], None, ind["unit"], ind["target"])
            reason = (
                (guess.reason_th, guess.reason_en)
                if guess.direction == facts.direction
                else ("จากบรรทัดค่าเป้าหมายของหน้า", "from the page's target line")
            )
        ind_flags = indicator_flags(
            key[0],
            key[1],
            facts,
            [
                QuarterRecord(
                    r["quarter"],
                    r["actual"],
                    r["planned_cum"],
                    r["evaluation_score"],
                    is_report(r["report_th"]),
                    r["report_th"],
                )
                for r in rows
            ],
            result,
            cfg,
            reason,
        )
        ind_flags += reference_flags(key[0], key[1], ind["agency_code"], ind["strategy_code"], agencies, strategies)
        flags += ind_flags
        weight = setting.weight if setting is not None and setting.weight is not None else ind["weight"]
        max_level = facts.top_level if facts.unit == "level" else facts.max_level
        context = (
            ind["agency_code"],
            ind["indicator_type"],
            ind["result_level"],
            ind["unit"],
            facts.direction,
            facts.direction_source,
            facts.accumulation,
            facts.accumulation_source,
            max_level,
            facts.top_level_source if facts.unit == "level" else None,
            weight,
            ind["strategy_code"],
            *strategy_path(ind["strategy_code"]),
            ind["source"],
            setting is not None,
        )
        tracks_plan = (facts.accumulation == "cumulative" and facts.direction != "lower") or result.read_as_completion
        for a in result.quarters:
            r = by_q.get(a.quarter, {})
            quarter_rows.append(
                (
                    *key,
                    a.quarter,
                    *context,
                    ind["target"],
                    r.get("actual"),
                    r.get("planned_cum"),
                    r.get("evaluation_score"),
                    r.get("score_2_1"),
                    r.get("score_2_2"),
                    r.get("evaluator_score"),
                    a.recorded_score,
                    a.recorded_status,
                    is_report(r.get("report_th")),
                    a.actual is not None,
                    a.progress,
                    a.plan,
                    a.plan_source,
                    a.ratio,
                    a.score_100,
                    a.status,
                    a.bands_disagree,
                    tracks_plan,
                    result.read_as_completion,
                    a.rule,
                    None,
                )
            )
        an = result.annual
        annual_rows.append(
            (
                *key,
                *context,
                ind["name_th"],
                ind["name_en"],
                ind["target"],
                ind["achieved"],
                ind["unit_th"],
                an.ratio,
                an.score_100,
                an.score_5,
                an.status,
                an.level_reached,
                result.read_as_completion,
                ind["audited_quarter"],
                len(ind_flags),
                an.rule,
                facts.closed,
                None,
            )
        )

    flag_frame = pd.DataFrame([flag_record(f) for f in flags], columns=[c for c in FLAG_COLUMNS if c != "agency_code"])
    return (
        typed_frame(pd.DataFrame(quarter_rows, columns=list(QUARTER_COLUMNS))),
        typed_frame(pd.DataFrame(annual_rows, columns=list(ANNUAL_COLUMNS))),
        typed_frame(flag_frame),
    )


INT_COLUMNS = {"fiscal_year", "quarter", "flag_count", "max_level", "audited_quarter"}
BOOL_COLUMNS = {
    "has_report",
    "read_as_percent",
    "is_reported",
    "bands_disagree",
    "tracks_plan",
    "has_setting",
    "year_closed",
}
FLOAT_COLUMNS = {
    "weight",
    "target",
    "actual",
    "achieved",
    "planned_cum",
    "evaluation_score",
    "score_2_1",
    "score_2_2",
    "evaluator_score",
    "recorded_score",
    "progress",
    "plan",
    "ratio",
    "score_100",
    "score_5",
    "level_reached",
}


def typed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    for c in frame.columns:
        if c in INT_COLUMNS:
            frame[c] = pd.array(frame[c].tolist(), dtype="Int64")
        elif c in BOOL_COLUMNS:
            frame[c] = frame[c].astype("boolean")
        elif c in FLOAT_COLUMNS:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("Float64")
        else:
            frame[c] = frame[c].astype("string")
    return frame.reset_index(drop=True)
