"""The overview page: the headline of a period, the seven dimensions, the strategy tree, the
agencies that are behind and the indicators that moved most."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.fiscal import previous_quarter
from kpi_model.rollup import GroupSums, LikeSetSums, Rollup, finalise, is_behind, sums_of
from kpi_model.store import Filters, Store
from kpi_model.views.common import (
    ROLLUP_COLUMNS,
    Period,
    _names,
    _with_agency_names,
    _with_period,
    agencies,
    rollup_frame,
    tree_order,
)
from kpi_model.views.verdicts import RECORDED_COLUMNS, RecordedCounts, _recorded_by

__all__ = [
    "Comparison",
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
class Comparison:
    """A period compared with another on the indicators both hold (a like set): how many
    that is (``matched``), how many each period holds, and the changes on the matched set
    (score points 0–100; shares as fractions). ``same_set`` is False when either period holds
    an indicator the other does not, so a page says what the change is measured on."""

    matched: int
    now_count: int
    then_count: int
    score: float | None
    met: float | None
    behind: float | None

    @property
    def same_set(self) -> bool:
        return self.matched == self.now_count == self.then_count


@dataclass(frozen=True)
class Headline:
    """The overview's headline: this period, the quarter before and the same quarter a year
    before. Changes are measured on the indicators both periods hold (:class:`Comparison`),
    never between sets of different indicators; None where there is nothing to compare."""

    period: Period
    current: Rollup | None
    previous: Rollup | None
    last_year: Rollup | None
    vs_previous: Comparison | None = None
    vs_last_year: Comparison | None = None

    @property
    def score_vs_previous(self) -> float | None:
        return None if self.vs_previous is None else self.vs_previous.score

    @property
    def met_vs_previous(self) -> float | None:
        return None if self.vs_previous is None else self.vs_previous.met

    @property
    def behind_vs_previous(self) -> float | None:
        return None if self.vs_previous is None else self.vs_previous.behind

    @property
    def score_vs_last_year(self) -> float | None:
        return None if self.vs_last_year is None else self.vs_last_year.score

    @property
    def met_vs_last_year(self) -> float | None:
        return None if self.vs_last_year is None else self.vs_last_year.met

    @property
    def behind_vs_last_year(self) -> float | None:
        return None if self.vs_last_year is None else self.vs_last_year.behind


def _one(store: Store, filters: Filters) -> Rollup | None:
    rows = store.rollup([], filters)
    return rows[0] if rows and rows[0].indicator_count else None


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


_SCORE_ROWS = ["indicator_code", "weight", "score_100", "status"]


def _scored(store: Store, filters: Filters) -> dict[str, tuple[float | None, float | None, str]]:
    """indicator code → (weight, score_100, status) of one period's rows (the rows
    :func:`compare` pairs; the pages use the store's like-set query instead)."""
    frame = store.select("quarter_scores", filters, columns=_SCORE_ROWS)
    return {
        str(code): (None if pd.isna(w) else float(w), None if pd.isna(sc) else float(sc), str(st))
        for code, w, sc, st in zip(frame["indicator_code"], frame["weight"], frame["score_100"], frame["status"])
    }


def compare(
    now: dict[str, tuple[float | None, float | None, str]], then: dict[str, tuple[float | None, float | None, str]]
) -> Comparison | None:
    """:class:`Comparison` of two periods' (weight, score, status) rows by indicator code, on
    the codes both hold (the rollup arithmetic of :mod:`kpi_model.rollup`); None when they
    share no indicator. The definition in Python, row by row: the pages pair the periods in
    the store (:meth:`Store.like_sets`, :func:`comparison`), which the tests hold to this."""
    common = sorted(set(now) & set(then))
    if not common:
        return None
    return _comparison(
        len(common), len(now), len(then), sums_of(now[c] for c in common), sums_of(then[c] for c in common)
    )


def comparison(sums: LikeSetSums) -> Comparison:
    """:class:`Comparison` of one group of the store's like-set query (:meth:`Store.like_sets`)."""
    return _comparison(sums.matched, sums.now_count, sums.then_count, sums.now, sums.then)


def _comparison(matched: int, now_count: int, then_count: int, now: GroupSums, then: GroupSums) -> Comparison:
    a, b = finalise((), now), finalise((), then)
    return Comparison(
        matched=matched,
        now_count=now_count,
        then_count=then_count,
        score=_delta(a.mean_score_100, b.mean_score_100),
        met=a.share_met - b.share_met,
        behind=a.share_behind - b.share_behind,
    )


def _compared(store: Store, now: Filters, then: Filters) -> Comparison | None:
    """The two periods on the indicators both hold (one query in the store); None when they
    share no indicator."""
    got = store.like_sets(now, then)
    return comparison(got[0]) if got else None


def headline(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> Headline:
    """Counts, shares and mean score for the period, with changes against the quarter before
    and the same quarter of the year before, each on the indicators both periods hold."""
    now = _with_period(filters, fiscal_year, quarter)
    cur = _one(store, now)
    pfy, pq = previous_quarter(fiscal_year, quarter)
    prev = _one(store, _with_period(filters, pfy, pq))
    last = _one(store, _with_period(filters, fiscal_year - 1, quarter))
    vs_prev = vs_last = None
    if cur is not None and prev is not None:
        vs_prev = _compared(store, now, _with_period(filters, pfy, pq))
    if cur is not None and last is not None:
        vs_last = _compared(store, now, _with_period(filters, fiscal_year - 1, quarter))
    return Headline(Period(fiscal_year, quarter), cur, prev, last, vs_prev, vs_last)


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
    _with_agency_names(store, frame)
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
    frame = store.score_movers(now, before, limit)
    frame["change"] = frame["score_now"] - frame["score_prev"]
    rising = frame["rising"].astype(bool)
    return frame.loc[rising, cols_out].reset_index(drop=True), frame.loc[~rising, cols_out].reset_index(drop=True)


def recorded_by_dimension(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per strategy dimension: BMA's recorded evaluation bands (``rec_*`` counts and
    shares) with the dimension's names, in the order of :func:`by_dimension`."""
    got = _recorded_by(store, "strategy_1", _with_period(filters, fiscal_year, quarter))
    names = _names(store)
    codes = sorted((c for c in got if c is not None), key=tree_order)
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
