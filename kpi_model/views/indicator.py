"""The indicator page: one indicator-year in full, its plan-against-actual chart, how its
verdicts were reached, and the indicator picker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_model.achievement import cap_so_far
from kpi_model.fiscal import fiscal_year_range
from kpi_model.projection import Projection, projection
from kpi_model.store import Filters, Store
from kpi_model.views.common import strategy_node

__all__ = [
    "PICKER_COLUMNS",
    "IndicatorDetail",
    "PlanChart",
    "VerdictExplanation",
    "chart_mode",
    "first_indicator",
    "indicator_detail",
    "indicator_picker",
    "indicator_years",
    "plan_chart",
    "verdict_explanation",
]


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
    ``projection``, ``projection_share`` and ``remaining``: the year-end projection from the
    latest reported quarter (:func:`kpi_model.projection.projection`): where the year ends if
    the pace so far holds, in the indicator's unit, the same as a share of the target, and
    what is still to do or (a lower KPI) left under the cap; None for a snapshot KPI, without
    a reported quarter, without a plan, or for a closed year (``year_closed``: its calendar
    has ended or its Q4 is reported), where a projection could contradict the annual result."""

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
    chart: PlanChart
    setting: dict[str, Any] | None = None
    year_closed: bool = False  # the year has ended or Q4 is reported: no projection, the annual result stands

    def status_in(self, quarter: int) -> str | None:
        """The computed status of ``quarter`` (None when the year has no row for it)."""
        found = self.quarters.loc[self.quarters["quarter"] == quarter, "status"]
        return None if not len(found) or pd.isna(found.iloc[0]) else str(found.iloc[0])


def _record(frame: pd.DataFrame) -> dict[str, Any]:
    if not len(frame):
        return {}
    return {str(k): (None if pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}


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
        reported = (
            bool(r.get("is_reported"))
            if r.get("is_reported") is not None and not pd.isna(r.get("is_reported"))
            else False
        )
        actual, plan = _num_or_none(r.get("actual")), _num_or_none(r.get("plan"))
        if mode == "share":
            value, reference = _num_or_none(r.get("progress")), plan
        elif mode == "cap":
            value = actual if reported else None
            reference = None if plan is None or target is None else cap_so_far(plan, target)
        else:
            value, reference = (actual if reported else None), target
        status = r.get("status") if isinstance(r.get("status"), str) else "no_data"
        rows.append(
            {
                "quarter": int(r["quarter"]),
                "actual": actual,
                "value": value,
                "reference": reference,
                "status": status,
                "is_reported": reported,
            }
        )
    frame = pd.DataFrame(rows, columns=["quarter", "actual", "value", "reference", "status", "is_reported"])
    line = 1.0 if mode == "share" else target
    return PlanChart(mode, frame, line)


def year_closed(fiscal_year: int, latest_quarter: int | None, today: dt.date | None = None) -> bool:
    """True when a fiscal year is over for a projection: its last day (30 September) has
    passed, or its fourth quarter is reported."""
    return latest_quarter == 4 or fiscal_year_range(fiscal_year)[1] < (today or dt.date.today())


def indicator_detail(
    store: Store, code: str, fiscal_year: int | None = None, today: dt.date | None = None
) -> IndicatorDetail | None:
    """The indicator-year (latest year when ``fiscal_year`` is None); None if not in the store.
    ``today`` (default: the date) decides whether the year is still open for a projection."""
    years = store.select(
        "indicators", Filters(indicator_codes=(code,)), columns=["fiscal_year"], order_by=["fiscal_year"]
    )
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
    ahead = Projection()
    closed = year_closed(fy, None if latest is None else int(latest["quarter"]), today)
    if latest is not None and not closed:
        ahead = projection(
            chart.mode,
            _num_or_none(latest["plan"]),
            _num_or_none(latest["progress"]),
            _num_or_none(latest["actual"]),
            _num_or_none(annual.get("target", ind.get("target"))),
        )
        if ahead.value is not None and int(latest["quarter"]) < 4:
            start = chart.frame.loc[chart.frame["quarter"] == int(latest["quarter"]), "value"]
            end = ahead.share if chart.mode == "share" else ahead.value
            chart = PlanChart(
                chart.mode, chart.frame, chart.line, None if not len(start) else _num_or_none(start.iloc[0]), end
            )
    others = store.select(
        "annual_scores",
        Filters(indicator_codes=(code,)),
        columns=[
            "fiscal_year",
            "target",
            "achieved",
            "unit_th",
            "ratio",
            "score_100",
            "score_5",
            "status",
            "flag_count",
        ],
        order_by=["fiscal_year"],
    )
    return IndicatorDetail(
        indicator=ind,
        agency=agency or None,
        strategy_path=node.path if node else (),
        levels=store.select("indicator_levels", key, columns=["level", "description"], order_by=["level"]),
        quarters=quarters,
        annual=annual,
        flags=_most_severe_first(
            store.select(
                "quality_flags",
                key,
                columns=["code", "severity", "quarter", "column", "message_th", "message_en"],
                order_by=["quarter", "code"],
            )
        ),
        other_years=others[others["fiscal_year"] != fy].reset_index(drop=True),
        plan_assumed=bool((quarters["plan_source"] == "assumed").any()),
        latest_quarter=None if latest is None else int(latest["quarter"]),
        projection=ahead.value,
        projection_share=ahead.share,
        remaining=ahead.remaining,
        setting=_setting_in_force(store, code, fy) if annual.get("has_setting") else None,
        chart=chart,
        year_closed=closed,
    )


def _most_severe_first(flags: pd.DataFrame) -> pd.DataFrame:
    """Flags with errors first, then warnings, then flags for information (each in quarter order)."""
    from kpi_model.i18n import SEVERITY_ORDER

    rank = [SEVERITY_ORDER.index(s) if s in SEVERITY_ORDER else len(SEVERITY_ORDER) for s in flags["severity"]]
    return flags.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


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


def verdict_explanation(
    store: Store, code: str, fiscal_year: int, quarter: int, lang: str = "th"
) -> VerdictExplanation | None:
    """How the verdicts of ``quarter`` and of the year were reached, in words
    (:mod:`kpi_model.explain`); None when the indicator-year is not in the store."""
    from kpi_model.explain import explain_quarter, explain_year

    detail = indicator_detail(store, code, fiscal_year)
    if detail is None:
        return None
    levels = [str(d) for d in detail.levels["description"].fillna("")] if len(detail.levels) else []
    return VerdictExplanation(
        explain_quarter(
            detail.indicator, detail.annual, detail.quarters, detail.flags, int(quarter), lang, detail.setting
        ),
        explain_year(detail.indicator, detail.annual, detail.quarters, detail.flags, levels, lang, detail.setting),
    )


PICKER_COLUMNS = ["indicator_code", "agency_code", "name_th", "name_en"]


def indicator_picker(store: Store, current: str | None, query: str | None = None, limit: int = 200) -> pd.DataFrame:
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
                found = store.select(
                    "annual_scores",
                    Filters(agency_codes=(str(own["agency_code"].iloc[0]),)),
                    columns=[*PICKER_COLUMNS, "fiscal_year"],
                    order_by=["indicator_code", "fiscal_year"],
                )
                found = found.drop_duplicates("indicator_code", keep="last")[PICKER_COLUMNS].head(limit)
    if current and current not in set(found["indicator_code"]):
        mine = store.select(
            "annual_scores",
            Filters(indicator_codes=(current,)),
            columns=[*PICKER_COLUMNS, "fiscal_year"],
            order_by=["fiscal_year"],
        )
        if len(mine):
            found = pd.concat([mine.tail(1)[PICKER_COLUMNS], found], ignore_index=True)
    if current and current in set(found["indicator_code"]):
        found = pd.concat([found[found["indicator_code"] == current], found[found["indicator_code"] != current]])
    return found.reset_index(drop=True)


def indicator_years(store: Store, code: str) -> list[int]:
    """The fiscal years (BE) that hold ``code``, oldest first."""
    years = store.select(
        "indicators", Filters(indicator_codes=(code,)), columns=["fiscal_year"], order_by=["fiscal_year"]
    )
    return [int(y) for y in years["fiscal_year"]]


def first_indicator(store: Store, preferred: str) -> str | None:
    """``preferred`` when the store holds it, else the first code; None for an empty store."""
    if indicator_years(store, preferred):
        return preferred
    first = store.select("indicators", columns=["indicator_code"], order_by=["indicator_code"], limit=1)
    return None if not len(first) else str(first["indicator_code"].iloc[0])
