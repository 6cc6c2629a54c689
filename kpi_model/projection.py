"""Where an indicator's year ends if the pace so far holds, and what is left to do.

Pure arithmetic on the latest reported quarter of one indicator-year. Units: ``plan`` and
``progress`` are shares of the annual target (0.5 = half of it, as in
:mod:`kpi_model.achievement`); ``actual`` and ``target`` are in the indicator's own unit. Two
kinds of KPI have a projection (``mode``, as the indicator page's chart draws them):

* ``share`` — a cumulative KPI climbing to its target (or read as percent of completion);
* ``cap`` — a cumulative lower-is-better KPI whose target is a cap for the year.

A snapshot KPI (``target``: each quarter compared with the target) has none: its quarters do
not add up to a year-end.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_model.achievement import remaining_to_target

__all__ = ["Projection", "projection"]


@dataclass(frozen=True)
class Projection:
    """``value``: the projected year-end result, in the indicator's unit. ``share``: the same
    as a share of the target (1.0 = the whole target or, for a cap, the whole cap used).
    ``remaining``: what is still to do (``share``) or still left under the cap (``cap``), in
    the unit, never below 0. Each is None when it cannot be worked out."""

    value: float | None = None
    share: float | None = None
    remaining: float | None = None


NO_PROJECTION = Projection()


def projection(
    mode: str, plan: float | None, progress: float | None, actual: float | None, target: float | None
) -> Projection:
    """The year-end projection from the latest reported quarter's plan, progress and result.

    * ``share``: share = progress ÷ plan; value = share × target;
      remaining = max(0, 1 − progress) × target (:func:`~kpi_model.achievement.remaining_to_target`).
      E.g. progress 0.30 at plan 0.50 against 200: share 0.6, value 120, remaining 140.
    * ``cap``: value = actual ÷ plan; share = value ÷ target; remaining = max(0, target − actual).
      E.g. 12 used at plan 0.50 of a cap of 30: value 24, share 0.8, remaining 18.
    * any other mode (a snapshot KPI): no projection.

    Zero and NULL: a plan of 0 or None (nothing was planned yet), or no progress (``share``) or
    no result (``cap``), gives no projection at all. A target of 0 or None leaves ``value``
    (``share``) or ``share`` (``cap``) None — nothing to scale by or divide by; ``remaining`` is
    None only when the target is None (a target of 0 leaves 0 to do). Nothing is capped: a
    pace past the target projects past it (share > 1)."""
    if not plan:
        return NO_PROJECTION
    if mode == "share" and progress is not None:
        share = progress / plan
        rem = remaining_to_target(progress)
        return Projection(
            share * target if target else None, share, None if rem is None or target is None else rem * target
        )
    if mode == "cap" and actual is not None:
        value = actual / plan
        return Projection(
            value, value / target if target else None, None if target is None else max(0.0, target - actual)
        )
    return NO_PROJECTION
