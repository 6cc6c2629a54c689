"""Settings in one place: where the store lives and the thresholds every view shares."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings", "settings", "default_store_dir"]


def default_store_dir() -> Path:
    """The store folder: ``KPI_STORE`` if set, else ``data/`` beside the project."""
    env = os.environ.get("KPI_STORE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Settings:
    """Business settings. Ratios are unitless shares of the plan (1.0 = on plan).

    ``met_ratio``/``on_track_ratio``: status thresholds on ratio = progress / plan.
    ``default_plan``: the cumulative share of the annual target expected by the end of
    quarters 1–4 when the source records no plan (BMA's usual linear profile).
    ``score_tolerance``: points on the 0–100 scale a recorded score may differ from the
    computed one before it is flagged.
    ``far_above_ratio``: a result above this multiple of the target is flagged.
    ``versions_kept``: how many past store versions are kept for rollback.
    """

    met_ratio: float = 1.0
    on_track_ratio: float = 0.8
    default_plan: tuple[float, float, float, float] = (0.25, 0.5, 0.75, 1.0)
    score_tolerance: float = 10.0
    far_above_ratio: float = 3.0
    versions_kept: int = 5
    statuses: tuple[str, ...] = field(default=("met", "on_track", "behind", "no_data"))


settings = Settings()
