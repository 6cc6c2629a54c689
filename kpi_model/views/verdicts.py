"""Verdicts a reader can check (DESIGN §6), shared by the overview and strategy pages: BMA's
recorded evaluation bands of a group, the plans its computed status was measured against, and
what a headline counts. All are counts of indicator-quarter rows, counted in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpi_model.store import Filters, Store
from kpi_model.views.common import _with_period

__all__ = [
    "RECORDED_BANDS",
    "RECORDED_COLUMNS",
    "PlanSourceCounts",
    "RecordedCounts",
    "VerdictBasis",
    "plan_source_counts",
    "recorded_counts",
    "verdict_basis",
]


RECORDED_BANDS = ("met", "on_track", "behind", "not_evaluated", None)


RECORDED_COLUMNS = (
    "rec_met",
    "rec_on_track",
    "rec_behind",
    "rec_not_evaluated",
    "rec_none",
    "rec_share_met",
    "rec_share_on_track",
    "rec_share_behind",
    "rec_share_not_evaluated",
    "rec_share_none",
)


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
        counts = {
            "met": self.met,
            "on_track": self.on_track,
            "behind": self.behind,
            "not_evaluated": self.not_evaluated,
            "none": self.none,
        }
        out: dict[str, float] = {f"rec_{k}": v for k, v in counts.items()}
        out.update({f"rec_share_{k}": (v / n if n else 0.0) for k, v in counts.items()})
        return out


def _counts(got: dict[Any, int]) -> RecordedCounts:
    return RecordedCounts(
        int(got.get("met", 0)),
        int(got.get("on_track", 0)),
        int(got.get("behind", 0)),
        int(got.get("not_evaluated", 0)),
        int(got.get(None, 0)),
    )


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
        return {"recorded": self.recorded, "assumed": self.assumed, "analyst": self.analyst, "target": self.target}


def plan_source_counts(store: Store, filters: Filters) -> PlanSourceCounts:
    """Plan sources among the indicator-quarters ``filters`` selects, so a page can say "the
    plan of n of N is assumed" (the strategy page, per branch and period). All zero for an
    empty selection."""
    got = {r.key[0]: r.indicator_count for r in store.rollup(["plan_source"], filters)}
    return PlanSourceCounts(
        int(got.get("recorded", 0)), int(got.get("assumed", 0)), int(got.get("analyst", 0)), int(got.get("target", 0))
    )


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
    return VerdictBasis(
        n,
        PlanSourceCounts(
            int(plans.get("recorded", 0)),
            int(plans.get("assumed", 0)),
            int(plans.get("analyst", 0)),
            int(plans.get("target", 0)),
        ),
        _counts(bands),
        lower,
        inferred,
    )
