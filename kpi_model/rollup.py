"""Rollups: how a group of indicators is doing (a strategy branch, an agency, a year, a quarter).

mean_score_100 = Σ(weight × score_100) / Σ weight over the indicators that have a score
(weight NULL counts as 1; None when no indicator in the group has a score). Shares are of
all indicators in the group, so met + on_track + behind + no_data = 1.

Target against actual for a group: mean_progress = Σ(weight × min(progress, 1)) / Σ weight and
mean_plan = Σ(weight × plan) / Σ weight, both over the indicators that report a result and
climb a cumulative plan (``tracks_plan``: not ``lower`` caps, not snapshot rates, whose
"progress" is not progress toward a target), as shares of their annual targets. Progress is capped at the whole target so one result far above
its target (a flagged fault) cannot hide the rest of the group.

A group is behind when its mean score is below the on-track threshold (:func:`is_behind`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings

__all__ = [
    "BEHIND_TOLERANCE",
    "GroupSums",
    "LikeSetSums",
    "Rollup",
    "behind_below",
    "finalise",
    "is_behind",
    "rollup",
    "sums_of",
]


@dataclass(frozen=True)
class GroupSums:
    """What DuckDB (or :func:`sums_of`) adds up for one group."""

    indicator_count: int
    weight_sum: float  # Σ weight over scored indicators
    weighted_score_sum: float  # Σ weight × score_100 over scored indicators
    met: int
    on_track: int
    behind: int
    no_data: int
    progress_weight: float = 0.0  # Σ weight over indicators with a progress
    weighted_progress_sum: float = 0.0  # Σ weight × min(progress, 1)
    weighted_plan_sum: float = 0.0  # Σ weight × plan, over the same indicators


@dataclass(frozen=True)
class LikeSetSums:
    """What DuckDB adds up for one group of two periods compared on a like set (the
    indicators both hold): how many indicators each period holds, and each period's
    :class:`GroupSums` over the indicators both hold (``now.indicator_count`` of them; progress
    sums 0, a comparison does not use them)."""

    key: tuple
    now_count: int
    then_count: int
    now: GroupSums
    then: GroupSums

    @property
    def matched(self) -> int:
        return self.now.indicator_count


@dataclass(frozen=True)
class Rollup:
    key: tuple
    indicator_count: int
    mean_score_100: float | None
    share_met: float
    share_on_track: float
    share_behind: float
    share_no_data: float
    met: int
    on_track: int
    behind: int
    no_data: int
    mean_progress: float | None = None
    mean_plan: float | None = None


def finalise(key: tuple, sums: GroupSums) -> Rollup:
    """Turn a group's sums into its weighted mean and status shares (0 indicators → shares 0)."""
    n = sums.indicator_count
    mean = sums.weighted_score_sum / sums.weight_sum if sums.weight_sum else None

    def share(count: int) -> float:
        return count / n if n else 0.0

    pw = sums.progress_weight
    return Rollup(
        key,
        n,
        mean,
        share(sums.met),
        share(sums.on_track),
        share(sums.behind),
        share(sums.no_data),
        sums.met,
        sums.on_track,
        sums.behind,
        sums.no_data,
        sums.weighted_progress_sum / pw if pw else None,
        sums.weighted_plan_sum / pw if pw else None,
    )


def sums_of(rows: Iterable[tuple]) -> GroupSums:
    """Sums of (weight, score_100, status[, progress, plan]) rows: the arithmetic the store's
    SQL does."""
    n = met = on_track = behind = no_data = 0
    w_sum = ws_sum = pw = pws = plws = 0.0
    for row in rows:
        weight, score, status = row[:3]
        prog, plan = (row[3], row[4]) if len(row) > 3 else (None, None)
        n += 1
        w = 1.0 if weight is None else float(weight)
        if score is not None:
            w_sum += w
            ws_sum += w * score
        if prog is not None:
            pw += w
            pws += w * min(prog, 1.0)
            plws += w * (plan or 0.0)
        met += status == "met"
        on_track += status == "on_track"
        behind += status == "behind"
        no_data += status == "no_data"
    return GroupSums(n, w_sum, ws_sum, met, on_track, behind, no_data, pw, pws, plws)


def rollup(rows: Iterable[tuple[Hashable, float | None, float | None, str]]) -> list[Rollup]:
    """Group (key, weight, score_100, status) rows by key; one Rollup per key, in key order."""
    groups: dict[Hashable, list[tuple[float | None, float | None, str]]] = {}
    for key, weight, score, status in rows:
        groups.setdefault(key, []).append((weight, score, status))
    return [
        finalise(k if isinstance(k, tuple) else (k,), sums_of(v))
        for k, v in sorted(groups.items(), key=lambda kv: str(kv[0]))
    ]


BEHIND_TOLERANCE = 1e-9  # score points: a mean a hair under the threshold by floating point is not behind


def behind_below(cfg: Settings = default_settings) -> float:
    """The mean score (0–100) below which a group is behind: 100 × ``on_track_ratio``
    (80 at the default 0.8)."""
    return 100.0 * cfg.on_track_ratio


def is_behind(mean_score_100: float | None, cfg: Settings = default_settings) -> bool:
    """A group (an agency, a branch) is behind when its mean computed score (0–100) is below
    :func:`behind_below` by more than :data:`BEHIND_TOLERANCE`: 79.9 is behind, 80 is not, at
    the default 0.8. A group without a score (None, or NaN from a frame) has no data and is
    never behind."""
    return mean_score_100 is not None and mean_score_100 < behind_below(cfg) - BEHIND_TOLERANCE
