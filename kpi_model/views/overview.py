"""The overview page: the headline of a period, the seven dimensions, the strategy tree, the
agencies that are behind and the indicators that moved most."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.fiscal import previous_quarter
from kpi_model.rollup import Rollup, is_behind
from kpi_model.store import Filters, Store
from kpi_model.views.common import ROLLUP_COLUMNS, Period, _names, _with_period, agencies, rollup_frame
from kpi_model.views.verdicts import RECORDED_COLUMNS, RecordedCounts, _recorded_by

__all__ = [
    "Headline",
    "agencies_behind",
    "agencies_ranked",
    "by_dimension",
    "headline",
    "movers",
    "recorded_by_dimension",
    "strategy_tree",
]


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

    return Headline(
        Period(fiscal_year, quarter),
        cur,
        prev,
        last,
        d("mean_score_100", prev),
        d("mean_score_100", last),
        d("share_met", prev),
        d("share_met", last),
        d("share_behind", prev),
        d("share_behind", last),
    )


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


def agencies_ranked(
    store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(), limit: int | None = 10
) -> pd.DataFrame:
    """Agencies by mean score, lowest first (ties: larger share behind first), with names."""
    frame = rollup_frame(store.rollup(["agency_code"], _with_period(filters, fiscal_year, quarter)), ("agency_code",))
    frame = frame[frame["mean_score_100"].notna()]
    ag = agencies(store).set_index("agency_code")
    frame.insert(1, "name_th", [ag["name_th"].get(c, c) for c in frame["agency_code"]])
    frame.insert(2, "name_en", [ag["name_en"].get(c) or ag["name_th"].get(c, c) for c in frame["agency_code"]])
    frame = frame.sort_values(["mean_score_100", "share_behind", "agency_code"], ascending=[True, False, True])
    return (frame.head(limit) if limit else frame).reset_index(drop=True)


def movers(
    store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(), limit: int = 5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(risers, fallers): indicators whose computed score changed most since the quarter
    before. change = score_now − score_prev in points; indicators without both are left out."""
    pfy, pq = previous_quarter(fiscal_year, quarter)
    now, before = _with_period(filters, fiscal_year, quarter), _with_period(filters, pfy, pq)
    cols_out = [
        "indicator_code",
        "fiscal_year",
        "agency_code",
        "name_th",
        "name_en",
        "score_prev",
        "score_now",
        "change",
    ]
    out = []
    for rising in (True, False):
        frame = store.score_changes(now, before, limit, rising)
        frame["change"] = frame["score_now"] - frame["score_prev"]
        out.append(frame[cols_out].reset_index(drop=True))
    return out[0], out[1]


def recorded_by_dimension(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per strategy dimension: BMA's recorded evaluation bands (``rec_*`` counts and
    shares) with the dimension's names, in the order of :func:`by_dimension`."""
    got = _recorded_by(store, "strategy_1", _with_period(filters, fiscal_year, quarter))
    names = _names(store)
    codes = sorted(
        (c for c in got if c is not None), key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")]
    )
    rows = [
        {
            "strategy_code": c,
            "name_th": names.get(c, (c, c))[0],
            "name_en": names.get(c, (c, c))[1] or names.get(c, (c, c))[0],
            **got[c].columns(),
        }
        for c in codes
    ]
    return pd.DataFrame(rows, columns=["strategy_code", "name_th", "name_en", *RECORDED_COLUMNS])


def agencies_behind(
    store: Store,
    fiscal_year: int,
    quarter: int,
    filters: Filters = Filters(),
    limit: int | None = 10,
    cfg: Settings = default_settings,
) -> pd.DataFrame:
    """The agencies that are behind: their mean computed score is below the on-track
    threshold (:func:`kpi_model.rollup.is_behind`), lowest first (ties: larger share behind
    first); never an agency at or above it, never one without a score. With the agency's
    names (None when the agency list does not name it: pages show the code), how many
    agencies have a score (``scored_agencies``) and how many are behind before the limit
    (``behind_agencies``), and BMA's recorded bands (``rec_*``)."""
    f = _with_period(filters, fiscal_year, quarter)
    frame = rollup_frame(store.rollup(["agency_code"], f), ("agency_code",))
    frame = frame[frame["mean_score_100"].notna()]
    scored = len(frame)
    frame = frame[frame["mean_score_100"].map(lambda score: is_behind(float(score), cfg)).astype(bool)]
    frame = frame.sort_values(["mean_score_100", "share_behind", "agency_code"], ascending=[True, False, True])
    behind = len(frame)
    frame = (frame.head(limit) if limit else frame).reset_index(drop=True)
    ag = agencies(store).set_index("agency_code")
    frame.insert(1, "name_th", [ag["name_th"].get(c) for c in frame["agency_code"]])
    frame.insert(2, "name_en", [ag["name_en"].get(c) for c in frame["agency_code"]])
    frame["scored_agencies"] = scored
    frame["behind_agencies"] = behind
    recorded = (
        _recorded_by(store, "agency_code", Filters(**{**f.__dict__, "agency_codes": tuple(frame["agency_code"])}))
        if len(frame)
        else {}
    )
    for col in RECORDED_COLUMNS:
        frame[col] = [recorded.get(c, RecordedCounts()).columns()[col] for c in frame["agency_code"]]
    return frame
