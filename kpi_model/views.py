"""What each dashboard page shows, computed here so pages only lay it out.

Every function takes a :class:`~kpi_model.store.Store` and plain values (hashable, so the
dashboard can cache on them with the store version) and returns frames or frozen dataclasses.
Scores are on the 0–100 scale; shares and progress are fractions (0.25 = 25 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi_model.achievement import remaining_to_target
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.demo import SYNTHETIC_SOURCE
from kpi_model.fiscal import previous_quarter
from kpi_model.rollup import Rollup
from kpi_model.store import Filters, Store

__all__ = [
    "Period", "Headline", "StrategyNode", "IndicatorDetail",
    "fiscal_years", "latest_period", "has_synthetic", "agencies", "strategies",
    "headline", "by_dimension", "strategy_tree", "agencies_ranked", "movers",
    "strategy_node", "branch_children", "branch_by_quarter", "branch_indicators",
    "indicator_rows", "row_count", "agency_quarter_scores", "indicator_picker",
    "indicator_years", "first_indicator", "indicator_detail", "flags", "flag_counts", "rollup_frame",
]

ROLLUP_COLUMNS = ("indicator_count", "mean_score_100", "mean_progress", "mean_plan", "share_met",
                  "share_on_track", "share_behind", "share_no_data", "met", "on_track", "behind",
                  "no_data")


@dataclass(frozen=True)
class Period:
    fiscal_year: int
    quarter: int


def fiscal_years(store: Store) -> list[int]:
    """Fiscal years (BE) that hold indicators, oldest first."""
    return [int(y) for y in store.distinct("indicators", "fiscal_year")]


def latest_period(store: Store) -> Period | None:
    """The newest fiscal year and, in it, the last quarter with any reported result."""
    years = fiscal_years(store)
    if not years:
        return None
    fy = years[-1]
    reported = store.select("quarter_scores", Filters(fiscal_years=(fy,)), columns=["quarter", "status"])
    quarters = reported.loc[reported["status"] != "no_data", "quarter"]
    return Period(fy, int(quarters.max()) if len(quarters) else 1)


def has_synthetic(store: Store) -> bool:
    """True when synthetic demo rows are in the store (every page then shows a banner)."""
    return len(store.select("indicators", Filters(sources=(SYNTHETIC_SOURCE,)), columns=["indicator_code"], limit=1)) > 0


def agencies(store: Store) -> pd.DataFrame:
    """Every agency: code, Thai and English names, kind, parent; sorted by code."""
    return store.select("agencies", order_by=["agency_code"])


def strategies(store: Store) -> pd.DataFrame:
    return store.select("strategies", order_by=["strategy_code"])


def rollup_frame(rows: list[Rollup], keys: tuple[str, ...]) -> pd.DataFrame:
    """Rollups as a frame: the key columns, then :data:`ROLLUP_COLUMNS`."""
    records = []
    for r in rows:
        rec: dict[str, Any] = dict(zip(keys, r.key))
        rec.update({c: getattr(r, c) for c in ROLLUP_COLUMNS})
        records.append(rec)
    return pd.DataFrame(records, columns=[*keys, *ROLLUP_COLUMNS])


@dataclass(frozen=True)
class Headline:
    """The overview's headline: this period, the quarter before and the same quarter a year
    before. Deltas are in score points (0–100) and in share points (fractions)."""

    period: Period
    current: Rollup | None
    previous: Rollup | None
    last_year: Rollup | None
    score_vs_previous: float | None
    score_vs_last_year: float | None
    met_vs_previous: float | None
    met_vs_last_year: float | None
    behind_vs_previous: float | None
    behind_vs_last_year: float | None


def _one(store: Store, filters: Filters) -> Rollup | None:
    rows = store.rollup([], filters)
    return rows[0] if rows and rows[0].indicator_count else None


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _with_period(filters: Filters, fy: int, quarter: int) -> Filters:
    return Filters(**{**filters.__dict__, "fiscal_years": (fy,), "quarters": (quarter,)})


def headline(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> Headline:
    """Counts, shares and mean score for the period, with changes against the quarter before
    and the same quarter of the year before (None where there is nothing to compare)."""
    cur = _one(store, _with_period(filters, fiscal_year, quarter))
    pfy, pq = previous_quarter(fiscal_year, quarter)
    prev = _one(store, _with_period(filters, pfy, pq))
    last = _one(store, _with_period(filters, fiscal_year - 1, quarter))

    def d(attr: str, other: Rollup | None) -> float | None:
        if cur is None or other is None:
            return None
        return _delta(getattr(cur, attr), getattr(other, attr))

    return Headline(Period(fiscal_year, quarter), cur, prev, last,
                    d("mean_score_100", prev), d("mean_score_100", last),
                    d("share_met", prev), d("share_met", last),
                    d("share_behind", prev), d("share_behind", last))


def _names(store: Store) -> dict[str, tuple[str, str]]:
    s = strategies(store)
    return {c: (th, en) for c, th, en in zip(s["strategy_code"], s["name_th"], s["name_en"].fillna(""))}


def by_dimension(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per strategy dimension (depth 1): rollup plus its Thai and English name."""
    frame = rollup_frame(store.rollup(["strategy_1"], _with_period(filters, fiscal_year, quarter)), ("strategy_code",))
    names = _names(store)
    frame.insert(1, "name_th", [names.get(c, (c, c))[0] for c in frame["strategy_code"]])
    frame.insert(2, "name_en", [names.get(c, (c, c))[1] or names.get(c, (c, c))[0] for c in frame["strategy_code"]])
    return frame.dropna(subset=["strategy_code"]).reset_index(drop=True)


def strategy_tree(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """Every branch of the tree that holds indicators, for a treemap or sunburst:
    id (strategy code), parent ('' for dimensions), depth, names, indicator_count, mean_score_100."""
    f = _with_period(filters, fiscal_year, quarter)
    names = _names(store)
    frames = []
    for depth in (1, 2, 3, 4):
        col = f"strategy_{depth}"
        fr = rollup_frame(store.rollup([col], f), ("id",)).dropna(subset=["id"])
        fr["depth"] = depth
        frames.append(fr)
    tree = pd.concat(frames, ignore_index=True)
    tree["parent"] = [c.rsplit(".", 1)[0] if "." in c else "" for c in tree["id"]]
    tree["name_th"] = [names.get(c, (c, c))[0] for c in tree["id"]]
    tree["name_en"] = [names.get(c, (c, c))[1] or names.get(c, (c, c))[0] for c in tree["id"]]
    return tree[["id", "parent", "depth", "name_th", "name_en", *ROLLUP_COLUMNS]]


def agencies_ranked(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(),
                    limit: int | None = 10) -> pd.DataFrame:
    """Agencies by mean score, lowest first (ties: larger share behind first), with names."""
    frame = rollup_frame(store.rollup(["agency_code"], _with_period(filters, fiscal_year, quarter)), ("agency_code",))
    frame = frame[frame["mean_score_100"].notna()]
    ag = agencies(store).set_index("agency_code")
    frame.insert(1, "name_th", [ag["name_th"].get(c, c) for c in frame["agency_code"]])
    frame.insert(2, "name_en", [ag["name_en"].get(c) or ag["name_th"].get(c, c) for c in frame["agency_code"]])
    frame = frame.sort_values(["mean_score_100", "share_behind", "agency_code"], ascending=[True, False, True])
    return (frame.head(limit) if limit else frame).reset_index(drop=True)


def movers(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(),
           limit: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(risers, fallers): indicators whose computed score changed most since the quarter
    before. change = score_now − score_prev in points; indicators without both are left out."""
    pfy, pq = previous_quarter(fiscal_year, quarter)
    now, before = _with_period(filters, fiscal_year, quarter), _with_period(filters, pfy, pq)
    cols_out = ["indicator_code", "fiscal_year", "agency_code", "name_th", "name_en", "score_prev", "score_now", "change"]
    out = []
    for rising in (True, False):
        frame = store.score_changes(now, before, limit, rising)
        frame["change"] = frame["score_now"] - frame["score_prev"]
        out.append(frame[cols_out].reset_index(drop=True))
    return out[0], out[1]


@dataclass(frozen=True)
class StrategyNode:
    """A branch of the tree with its path from the dimension down (breadcrumbs)."""

    code: str | None  # None = the whole plan (all dimensions)
    name_th: str
    name_en: str
    depth: int
    path: tuple[tuple[str, str, str], ...] = field(default=())  # (code, name_th, name_en)
    children: tuple[tuple[str, str, str], ...] = field(default=())


def strategy_node(store: Store, code: str | None) -> StrategyNode | None:
    """The branch ``code`` (None: the root above the seven dimensions); None if unknown."""
    names = _names(store)
    codes = sorted(names, key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")])
    if code is None:
        kids = tuple((c, *names[c]) for c in codes if "." not in c)
        return StrategyNode(None, "ทุกด้านยุทธศาสตร์", "All dimensions", 0, (), kids)
    if code not in names:
        return None
    parts = code.split(".")
    path = tuple((".".join(parts[:i]), *names.get(".".join(parts[:i]), (".".join(parts[:i]),) * 2))
                 for i in range(1, len(parts) + 1))
    kids = tuple((c, *names[c]) for c in codes if c.rsplit(".", 1)[0] == code and c.count(".") == code.count(".") + 1)
    return StrategyNode(code, names[code][0], names[code][1] or names[code][0], len(parts), path, kids)


def branch_children(store: Store, code: str | None, fiscal_year: int, quarter: int,
                    filters: Filters = Filters()) -> pd.DataFrame:
    """Rollup of each child of the branch (the next level down) for the period, with names
    and BMA's recorded evaluation bands (:data:`RECORDED_COLUMNS`); children without
    indicators are kept with a count of 0."""
    node = strategy_node(store, code)
    if node is None or not node.children:
        return pd.DataFrame(columns=["strategy_code", "name_th", "name_en", *ROLLUP_COLUMNS, *RECORDED_COLUMNS])
    depth = node.depth + 1
    f = _with_period(Filters(**{**filters.__dict__, "strategy": code}), fiscal_year, quarter)
    got = rollup_frame(store.rollup([f"strategy_{depth}"], f), ("strategy_code",)).set_index("strategy_code")
    recorded = _recorded_by(store, f"strategy_{depth}", f)
    rows = []
    for c, th, en in node.children:
        rec = {"strategy_code": c, "name_th": th, "name_en": en or th}
        rec.update({k: (got.at[c, k] if c in got.index else (0 if k in ("indicator_count", "met", "on_track", "behind", "no_data") else None))
                    for k in ROLLUP_COLUMNS})
        rec.update(recorded.get(c, RecordedCounts()).columns())
        rows.append(rec)
    return pd.DataFrame(rows, columns=["strategy_code", "name_th", "name_en", *ROLLUP_COLUMNS, *RECORDED_COLUMNS])


def branch_by_quarter(store: Store, code: str | None, fiscal_year: int, filters: Filters = Filters()) -> pd.DataFrame:
    """The branch's four quarters of the year: mean plan against mean progress, score, shares."""
    f = Filters(**{**filters.__dict__, "strategy": code, "fiscal_years": (fiscal_year,), "quarters": ()})
    return rollup_frame(store.rollup(["quarter"], f), ("quarter",))


def branch_indicators(store: Store, code: str | None, fiscal_year: int, quarter: int,
                      filters: Filters = Filters(), limit: int | None = None) -> pd.DataFrame:
    """Indicators of the branch for the period (the measure level's list), at most ``limit``."""
    f = _with_period(Filters(**{**filters.__dict__, "strategy": code}), fiscal_year, quarter)
    return indicator_rows(store, f, limit=limit)


_ROW_COLUMNS = ["indicator_code", "fiscal_year", "quarter", "agency_code", "indicator_type",
                "strategy_code", "unit", "direction", "direction_source", "accumulation", "target",
                "actual", "is_reported", "plan", "plan_source", "progress", "ratio", "score_100",
                "status", "evaluation_score", "recorded_score", "recorded_status", "bands_disagree",
                "score_2_1", "score_2_2", "evaluator_score"]


def indicator_rows(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Indicator-quarter rows for tables: computed and recorded columns, the indicator's names
    and unit as written, the agency's names (joined in the store, not here)."""
    return store.select_named("quarter_scores", filters, columns=_ROW_COLUMNS,
                              order_by=["agency_code", "fiscal_year", "indicator_code", "quarter"], limit=limit)


def row_count(store: Store, filters: Filters) -> int:
    """How many indicator-quarter rows ``filters`` selects (all of them go into a download)."""
    rows = store.rollup([], filters)
    return rows[0].indicator_count if rows else 0


def agency_quarter_scores(store: Store, filters: Filters) -> pd.DataFrame:
    """Mean score per agency × fiscal year × quarter (a heatmap), with agency names."""
    frame = rollup_frame(store.rollup(["agency_code", "fiscal_year", "quarter"], filters),
                         ("agency_code", "fiscal_year", "quarter"))
    ag = agencies(store).set_index("agency_code")
    frame.insert(1, "name_th", [ag["name_th"].get(c, c) for c in frame["agency_code"]])
    frame.insert(2, "name_en", [ag["name_en"].get(c) or ag["name_th"].get(c, c) for c in frame["agency_code"]])
    return frame


@dataclass(frozen=True)
class PlanChart:
    """What the indicator page's plan-against-actual chart draws, by how the KPI is judged
    (``mode``):

    * ``share`` — a cumulative KPI climbing to its target (or read as percent of completion):
      ``value`` = progress and ``reference`` = the cumulative plan, both shares of the annual
      target; ``line`` = 1.0 (the whole target);
    * ``cap`` — a cumulative lower-is-better KPI: ``value`` = the cumulative result and
      ``reference`` = the cap so far (min(plan, 1) × target), in the indicator's unit;
      ``line`` = the annual cap (the target);
    * ``target`` — a snapshot KPI: ``value`` = each quarter's result and ``reference`` = the
      target, flat, in the unit; ``line`` = the target.

    ``frame`` has quarter, actual (as recorded), value (None for a quarter without a usable
    result: never drawn as 0), reference, status and is_reported. ``projection_from`` /
    ``projection_to`` are the y values of a projection from the latest reported quarter to Q4
    (None when there is none)."""

    mode: str
    frame: pd.DataFrame
    line: float | None
    projection_from: float | None = None
    projection_to: float | None = None


@dataclass(frozen=True)
class IndicatorDetail:
    """Everything the indicator page shows for one indicator-year.

    ``quarters``: four rows (recorded and computed columns, a quarter with no row is no data).
    ``annual``: the year's row of ``annual_scores``: the direction, accumulation and plan in
    force (an analyst's setting applied) and the annual verdict. ``setting``: the analyst's
    ``indicator_settings`` row in force (this year's, else the every-year one), or None.
    ``projection``: where the year ends if the pace so far holds, in the indicator's unit —
    latest progress ÷ latest plan × target (a lower KPI: latest result ÷ latest plan); None
    for a snapshot KPI, without a reported quarter or without a plan. ``projection_share``:
    the same as a share of the target. ``remaining``: target − latest result reached (never
    below 0), in the unit: still to do, or (a lower KPI) what is left under the cap."""

    indicator: dict[str, Any]
    agency: dict[str, Any] | None
    strategy_path: tuple[tuple[str, str, str], ...]
    levels: pd.DataFrame
    quarters: pd.DataFrame
    annual: dict[str, Any]
    flags: pd.DataFrame
    other_years: pd.DataFrame
    plan_assumed: bool
    latest_quarter: int | None
    projection: float | None
    projection_share: float | None
    remaining: float | None
    setting: dict[str, Any] | None = None
    chart: PlanChart | None = None


def _record(frame: pd.DataFrame) -> dict[str, Any]:
    if not len(frame):
        return {}
    return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def _num_or_none(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def chart_mode(annual: dict[str, Any]) -> str:
    """``share``, ``cap`` or ``target``: how the plan-against-actual chart draws the KPI
    (:class:`PlanChart`)."""
    if annual.get("read_as_percent"):
        return "share"
    if annual.get("accumulation") == "snapshot":
        return "target"
    return "cap" if annual.get("direction") == "lower" else "share"


def plan_chart(quarters: pd.DataFrame, annual: dict[str, Any]) -> PlanChart:
    """:class:`PlanChart` of an indicator-year from its ``quarter_scores`` rows."""
    mode = chart_mode(annual)
    target = _num_or_none(annual.get("target"))
    rows = []
    for r in quarters.to_dict("records"):
        reported = bool(r.get("is_reported")) if r.get("is_reported") is not None and not pd.isna(r.get("is_reported")) else False
        actual, plan = _num_or_none(r.get("actual")), _num_or_none(r.get("plan"))
        if mode == "share":
            value, reference = _num_or_none(r.get("progress")), plan
        elif mode == "cap":
            value = actual if reported else None
            reference = None if plan is None or target is None else min(plan, 1.0) * target
        else:
            value, reference = (actual if reported else None), target
        status = r.get("status") if isinstance(r.get("status"), str) else "no_data"
        rows.append({"quarter": int(r["quarter"]), "actual": actual, "value": value, "reference": reference,
                     "status": status, "is_reported": reported})
    frame = pd.DataFrame(rows, columns=["quarter", "actual", "value", "reference", "status", "is_reported"])
    line = 1.0 if mode == "share" else target
    return PlanChart(mode, frame, line)


def indicator_detail(store: Store, code: str, fiscal_year: int | None = None) -> IndicatorDetail | None:
    """The indicator-year (latest year when ``fiscal_year`` is None); None if not in the store."""
    years = store.select("indicators", Filters(indicator_codes=(code,)), columns=["fiscal_year"], order_by=["fiscal_year"])
    if not len(years):
        return None
    fy = int(years["fiscal_year"].iloc[-1]) if fiscal_year is None else int(fiscal_year)
    key = Filters(indicator_codes=(code,), fiscal_years=(fy,))
    ind = _record(store.select("indicators", key))
    if not ind:
        return None
    agency = _record(store.select("agencies", Filters(agency_codes=(ind["agency_code"],))))
    node = strategy_node(store, ind["strategy_code"]) if ind.get("strategy_code") else None
    quarters = store.select("quarter_scores", key, order_by=["quarter"])
    reports = store.select("quarterly_results", key, columns=["quarter", "report_th"])
    quarters = quarters.merge(reports, on="quarter", how="left")
    annual = _record(store.select("annual_scores", key))
    reported = quarters[quarters["is_reported"].fillna(False).astype(bool)]
    latest = reported.iloc[-1] if len(reported) else None
    chart = plan_chart(quarters, annual)
    projection = share = remaining = None
    target = _num_or_none(annual.get("target", ind.get("target")))
    if latest is not None:
        plan, prog, actual = _num_or_none(latest["plan"]), _num_or_none(latest["progress"]), _num_or_none(latest["actual"])
        if chart.mode == "share" and plan and prog is not None:
            share = prog / plan
            projection = share * target if target else None
            rem = remaining_to_target(prog)
            remaining = None if rem is None or target is None else rem * target
        elif chart.mode == "cap" and plan and actual is not None:
            projection = actual / plan
            share = projection / target if target else None
            remaining = None if target is None else max(0.0, target - actual)
        if projection is not None and int(latest["quarter"]) < 4:
            start = chart.frame.loc[chart.frame["quarter"] == int(latest["quarter"]), "value"]
            end = share if chart.mode == "share" else projection
            chart = PlanChart(chart.mode, chart.frame, chart.line,
                              None if not len(start) else _num_or_none(start.iloc[0]), end)
    others = store.select("annual_scores", Filters(indicator_codes=(code,)),
                          columns=["fiscal_year", "target", "achieved", "unit_th", "ratio", "score_100",
                                   "score_5", "status", "flag_count"], order_by=["fiscal_year"])
    return IndicatorDetail(
        indicator=ind, agency=agency or None,
        strategy_path=node.path if node else (),
        levels=store.select("indicator_levels", key, columns=["level", "description"], order_by=["level"]),
        quarters=quarters, annual=annual,
        flags=store.select("quality_flags", key, columns=["code", "severity", "quarter", "column", "message_th", "message_en"],
                           order_by=["quarter", "code"]),
        other_years=others[others["fiscal_year"] != fy].reset_index(drop=True),
        plan_assumed=bool((quarters["plan_source"] == "assumed").any()),
        latest_quarter=None if latest is None else int(latest["quarter"]),
        projection=projection, projection_share=share, remaining=remaining,
        setting=_setting_in_force(store, code, fy) if annual.get("has_setting") else None,
        chart=chart)


def _setting_in_force(store: Store, code: str, fiscal_year: int) -> dict[str, Any] | None:
    """The analyst's settings row for the indicator-year: its own year's, else the every-year
    one (fiscal_year NULL); None when neither is stored under this code."""
    rows = store.select("indicator_settings", Filters(indicator_codes=(code,)))
    if not len(rows):
        return None
    own = rows[rows["fiscal_year"] == fiscal_year]
    every = rows[rows["fiscal_year"].isna()]
    return _record(own if len(own) else every) or None


@dataclass(frozen=True)
class VerdictExplanation:
    """The indicator page's "how this verdict was reached" panel: one quarter and the year."""

    quarter: Any  # kpi_model.explain.Explanation
    year: Any


def verdict_explanation(store: Store, code: str, fiscal_year: int, quarter: int,
                        lang: str = "th") -> VerdictExplanation | None:
    """How the verdicts of ``quarter`` and of the year were reached, in words
    (:mod:`kpi_model.explain`); None when the indicator-year is not in the store."""
    from kpi_model.explain import explain_quarter, explain_year

    detail = indicator_detail(store, code, fiscal_year)
    if detail is None:
        return None
    levels = [str(d) for d in detail.levels["description"].fillna("")] if len(detail.levels) else []
    return VerdictExplanation(
        explain_quarter(detail.indicator, detail.annual, detail.quarters, detail.flags, int(quarter), lang,
                        detail.setting),
        explain_year(detail.indicator, detail.annual, detail.quarters, detail.flags, levels, lang, detail.setting))


__all__ += ["PlanChart", "chart_mode", "plan_chart", "VerdictExplanation", "verdict_explanation"]


def flags(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Quality flags for ``filters`` with agency names, by year, agency, indicator, quarter."""
    return store.select_named("quality_flags", filters, order_by=["fiscal_year", "agency_code", "indicator_code", "quarter", "code"],
                              limit=limit)


def flag_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Flags per code and severity (most first), counted in the store."""
    return store.count_by("quality_flags", ["code", "severity"], filters)


# -- data quality page --
FLAG_CSV_COLUMNS = ("agency_code", "agency_name_th", "agency_name_en", "indicator_code", "fiscal_year",
                    "fiscal_year_ce", "quarter", "code", "severity", "table", "column", "message_th", "message_en")


def flag_total(store: Store, filters: Filters) -> int:
    """How many flags ``filters`` selects (a count of rows): the quality table shows at most a
    capped number of them and says how many there are in all; 0 when there are none."""
    counts = flag_counts(store, filters)
    return int(counts["count"].sum()) if len(counts) else 0


def flags_csv_bytes(store: Store, filters: Filters) -> bytes:
    """Every flag ``filters`` selects (no cap), as the bytes of a CSV file for a download:
    UTF-8 with a BOM so Excel shows Thai, text cells that could run as a formula neutralised,
    fiscal year in BE with CE beside, an empty cell where a flag has no quarter or column.
    One writer with the analysts' extract (:func:`~kpi_model.export.extract_bytes`)."""
    from kpi_model.export import extract_bytes, with_ce_year

    return extract_bytes(with_ce_year(flags(store, filters))[list(FLAG_CSV_COLUMNS)], ".csv")


__all__ += ["flag_total", "flags_csv_bytes"]  # appended here: other pages append views too


# -- agencies page --
def indicator_types(store: Store) -> list[str]:
    """Indicator types present in the store ('strategic', 'routine', …), sorted: the choices
    of the type filter, so a type the source adds later shows up without a code change."""
    return [str(v) for v in store.distinct("indicators", "indicator_type")]


def plan_assumed(store: Store, filters: Filters) -> bool:
    """True when any indicator-quarter ``filters`` selects is scored against the assumed
    default plan (``plan_source = 'assumed'``) rather than a recorded one, so the page must say
    so. Counts rows, no unit; False for an empty selection."""
    return any(r.key == ("assumed",) and r.indicator_count > 0
               for r in store.rollup(["plan_source"], filters))


__all__ += ["indicator_types", "plan_assumed"]  # appended here: other pages append views too


@dataclass(frozen=True)
class PlanSourceCounts:
    """How many indicator-quarters are scored against a recorded plan, the assumed default
    plan, an analyst's plan, and (snapshot KPIs) the target itself (counts of rows, no unit)."""

    recorded: int
    assumed: int
    analyst: int = 0
    target: int = 0

    @property
    def total(self) -> int:
        return self.recorded + self.assumed + self.analyst + self.target

    def as_dict(self) -> dict[str, int]:
        return {"recorded": self.recorded, "assumed": self.assumed, "analyst": self.analyst,
                "target": self.target}


def plan_source_counts(store: Store, filters: Filters) -> PlanSourceCounts:
    """Plan sources among the indicator-quarters ``filters`` selects, so a page can say "the
    plan of n of N is assumed" (the strategy page, per branch and period). All zero for an
    empty selection."""
    got = {r.key[0]: r.indicator_count for r in store.rollup(["plan_source"], filters)}
    return PlanSourceCounts(int(got.get("recorded", 0)), int(got.get("assumed", 0)),
                            int(got.get("analyst", 0)), int(got.get("target", 0)))


__all__ += ["PlanSourceCounts", "plan_source_counts"]  # appended here: other pages append views too


PICKER_COLUMNS = ["indicator_code", "agency_code", "name_th", "name_en"]


def indicator_picker(store: Store, current: str | None, query: str | None = None,
                     limit: int = 200) -> pd.DataFrame:
    """Choices for the indicator selector, without listing a whole large store: the indicators
    whose code or name contains ``query``, else those of ``current``'s agency; ``current`` (when
    the store holds it) always first. One row per code, names of its latest year."""
    if query and query.strip():
        found = store.search_indicators(query.strip(), limit)[PICKER_COLUMNS]
    else:
        found = pd.DataFrame(columns=PICKER_COLUMNS)
        if current:
            own = store.select("annual_scores", Filters(indicator_codes=(current,)), columns=["agency_code"], limit=1)
            if len(own):
                found = store.select("annual_scores", Filters(agency_codes=(str(own["agency_code"].iloc[0]),)),
                                     columns=[*PICKER_COLUMNS, "fiscal_year"], order_by=["indicator_code", "fiscal_year"])
                found = found.drop_duplicates("indicator_code", keep="last")[PICKER_COLUMNS].head(limit)
    if current and current not in set(found["indicator_code"]):
        mine = store.select("annual_scores", Filters(indicator_codes=(current,)),
                            columns=[*PICKER_COLUMNS, "fiscal_year"], order_by=["fiscal_year"])
        if len(mine):
            found = pd.concat([mine.tail(1)[PICKER_COLUMNS], found], ignore_index=True)
    if current and current in set(found["indicator_code"]):
        found = pd.concat([found[found["indicator_code"] == current], found[found["indicator_code"] != current]])
    return found.reset_index(drop=True)


def indicator_years(store: Store, code: str) -> list[int]:
    """The fiscal years (BE) that hold ``code``, oldest first."""
    years = store.select("indicators", Filters(indicator_codes=(code,)), columns=["fiscal_year"], order_by=["fiscal_year"])
    return [int(y) for y in years["fiscal_year"]]


def first_indicator(store: Store, preferred: str) -> str | None:
    """``preferred`` when the store holds it, else the first code; None for an empty store."""
    if indicator_years(store, preferred):
        return preferred
    first = store.select("indicators", columns=["indicator_code"], order_by=["indicator_code"], limit=1)
    return None if not len(first) else str(first["indicator_code"].iloc[0])


IMPORT_LOG_COLUMNS = ["at", "user", "files", "sha256", "added", "replaced", "rejected", "version"]


def import_log(store: Store, limit: int = 20) -> pd.DataFrame:
    """The last ``limit`` lines of the store's import log, newest first, one row per import
    call (the command line's and the import page's alike): when (``at``, ISO UTC), who, the
    file names and the first 12 hex digits of each file's SHA-256 (comma-separated), the
    indicator-years added and replaced, the number of rejections, and the version written
    (None when nothing was). An empty frame with these columns when nothing was imported."""
    rows = []
    for entry in reversed(store.import_log()[-max(0, int(limit)):] if limit else []):
        files = [f for f in entry.get("files") or [] if isinstance(f, dict)]
        rows.append({"at": entry.get("at"), "user": entry.get("user"),
                     "files": ", ".join(str(f.get("name", "")) for f in files),
                     "sha256": ", ".join(str(f.get("sha256", ""))[:12] for f in files),
                     "added": entry.get("added"), "replaced": entry.get("replaced"),
                     "rejected": len(entry.get("rejected") or []), "version": entry.get("version")})
    return pd.DataFrame(rows, columns=IMPORT_LOG_COLUMNS)


__all__ += ["import_log"]  # appended here: other pages append views too



# -- verdicts a reader can check (DESIGN §6) ------------------------------------------------------
RECORDED_BANDS = ("met", "on_track", "behind", "not_evaluated", None)
RECORDED_COLUMNS = ("rec_met", "rec_on_track", "rec_behind", "rec_not_evaluated", "rec_none",
                    "rec_share_met", "rec_share_on_track", "rec_share_behind",
                    "rec_share_not_evaluated", "rec_share_none")


@dataclass(frozen=True)
class RecordedCounts:
    """BMA's recorded evaluation of a group of indicator-quarters, by band (counts of rows):
    scored met (100), on track or behind (below 100: "not met"), a placeholder 0 not yet
    evaluated, or nothing recorded (``none``)."""

    met: int = 0
    on_track: int = 0
    behind: int = 0
    not_evaluated: int = 0
    none: int = 0

    @property
    def not_met(self) -> int:
        return self.on_track + self.behind

    @property
    def total(self) -> int:
        return self.met + self.on_track + self.behind + self.not_evaluated + self.none

    def columns(self) -> dict[str, float]:
        """The counts and their shares as the ``rec_*`` columns of a frame (shares 0 when
        the group is empty)."""
        n = self.total
        counts = {"met": self.met, "on_track": self.on_track, "behind": self.behind,
                  "not_evaluated": self.not_evaluated, "none": self.none}
        out: dict[str, float] = {f"rec_{k}": v for k, v in counts.items()}
        out.update({f"rec_share_{k}": (v / n if n else 0.0) for k, v in counts.items()})
        return out


def _counts(got: dict[Any, int]) -> RecordedCounts:
    return RecordedCounts(int(got.get("met", 0)), int(got.get("on_track", 0)), int(got.get("behind", 0)),
                          int(got.get("not_evaluated", 0)), int(got.get(None, 0)))


def _recorded_by(store: Store, key: str, filters: Filters) -> dict[Any, RecordedCounts]:
    """Recorded bands per value of the groupable column ``key`` (counted in the store)."""
    grouped: dict[Any, dict[Any, int]] = {}
    for r in store.rollup([key, "recorded_status"], filters):
        grouped.setdefault(r.key[0], {})[r.key[1]] = r.indicator_count
    return {k: _counts(v) for k, v in grouped.items()}


def recorded_counts(store: Store, filters: Filters) -> RecordedCounts:
    """BMA's recorded evaluation of the indicator-quarters ``filters`` selects, by band."""
    return _counts({r.key[0]: r.indicator_count for r in store.rollup(["recorded_status"], filters)})


@dataclass(frozen=True)
class VerdictBasis:
    """What a headline counts, for a period: how many indicator-quarters, the plans their
    computed status was measured against (:class:`PlanSourceCounts`), BMA's recorded
    evaluation of them (:class:`RecordedCounts`), and how many are lower-is-better (of
    which ``inferred`` from the wording)."""

    indicator_count: int
    plans: PlanSourceCounts
    recorded: RecordedCounts
    lower: int
    inferred: int


def verdict_basis(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> VerdictBasis:
    """:class:`VerdictBasis` of the period (one grouped count in the store)."""
    f = _with_period(filters, fiscal_year, quarter)
    plans: dict[Any, int] = {}
    bands: dict[Any, int] = {}
    n = lower = inferred = 0
    for r in store.rollup(["plan_source", "recorded_status", "direction", "direction_source"], f):
        plan, band, direction, source = r.key
        c = r.indicator_count
        n += c
        plans[plan] = plans.get(plan, 0) + c
        bands[band] = bands.get(band, 0) + c
        if direction == "lower":
            lower += c
            inferred += c if source == "inferred" else 0
    return VerdictBasis(n, PlanSourceCounts(int(plans.get("recorded", 0)), int(plans.get("assumed", 0)),
                                            int(plans.get("analyst", 0)), int(plans.get("target", 0))),
                        _counts(bands), lower, inferred)


def recorded_by_dimension(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per strategy dimension: BMA's recorded evaluation bands (``rec_*`` counts and
    shares) with the dimension's names, in the order of :func:`by_dimension`."""
    got = _recorded_by(store, "strategy_1", _with_period(filters, fiscal_year, quarter))
    names = _names(store)
    codes = sorted((c for c in got if c is not None), key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")])
    rows = [{"strategy_code": c, "name_th": names.get(c, (c, c))[0],
             "name_en": names.get(c, (c, c))[1] or names.get(c, (c, c))[0], **got[c].columns()} for c in codes]
    return pd.DataFrame(rows, columns=["strategy_code", "name_th", "name_en", *RECORDED_COLUMNS])


def agencies_behind(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(),
                    limit: int | None = 10, cfg: Settings = default_settings) -> pd.DataFrame:
    """The agencies that are behind: their mean computed score is below the on-track
    threshold (score < 100 × ``on_track_ratio``), lowest first (ties: larger share behind
    first); never an agency at or above it, never one without a score. With the agency's
    names (None when the agency list does not name it: pages show the code), how many
    agencies have a score (``scored_agencies``) and how many are behind before the limit
    (``behind_agencies``), and BMA's recorded bands (``rec_*``)."""
    f = _with_period(filters, fiscal_year, quarter)
    frame = rollup_frame(store.rollup(["agency_code"], f), ("agency_code",))
    frame = frame[frame["mean_score_100"].notna()]
    scored = len(frame)
    limit_score = 100.0 * cfg.on_track_ratio
    frame = frame[frame["mean_score_100"].astype(float) < limit_score - 1e-9]
    frame = frame.sort_values(["mean_score_100", "share_behind", "agency_code"], ascending=[True, False, True])
    behind = len(frame)
    frame = (frame.head(limit) if limit else frame).reset_index(drop=True)
    ag = agencies(store).set_index("agency_code")
    frame.insert(1, "name_th", [ag["name_th"].get(c) for c in frame["agency_code"]])
    frame.insert(2, "name_en", [ag["name_en"].get(c) for c in frame["agency_code"]])
    frame["scored_agencies"] = scored
    frame["behind_agencies"] = behind
    recorded = _recorded_by(store, "agency_code", Filters(**{**f.__dict__, "agency_codes": tuple(frame["agency_code"])})) \
        if len(frame) else {}
    for col in RECORDED_COLUMNS:
        frame[col] = [recorded.get(c, RecordedCounts()).columns()[col] for c in frame["agency_code"]]
    return frame


def agency_choices(store: Store) -> pd.DataFrame:
    """Every agency code a filter can offer: the agency list, and codes indicators name that
    the list does not hold yet (their names None, so pages show them by code)."""
    named = agencies(store)[["agency_code", "name_th", "name_en"]]
    extra = [c for c in store.distinct("annual_scores", "agency_code") if c not in set(named["agency_code"])]
    if not extra:
        return named.reset_index(drop=True)
    more = pd.DataFrame({"agency_code": extra, "name_th": [None] * len(extra), "name_en": [None] * len(extra)})
    return pd.concat([named, more], ignore_index=True).sort_values("agency_code", kind="stable").reset_index(drop=True)


__all__ += ["RecordedCounts", "RECORDED_COLUMNS", "recorded_counts", "VerdictBasis", "verdict_basis",
            "recorded_by_dimension", "agencies_behind", "agency_choices"]


def import_log_damaged(store: Store) -> list[int]:
    """The numbers of the import log's lines that cannot be read (a torn last line aside), so
    the Import page can say the log is damaged instead of skipping those lines in silence."""
    return list(store.read_import_log().damaged)


__all__ += ["import_log_damaged"]
