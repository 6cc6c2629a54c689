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
    ``max_upload_mb``: the largest file (megabytes) the import page accepts; larger uploads
    are refused before they are saved (``KPI_MAX_UPLOAD_MB``).
    ``require_login``: when true, nothing but the sign-in prompt is shown to a visitor who has
    not signed in (``KPI_REQUIRE_LOGIN=1``); viewing is open by default.
    """

    met_ratio: float = 1.0
    on_track_ratio: float = 0.8
    default_plan: tuple[float, float, float, float] = (0.25, 0.5, 0.75, 1.0)
    score_tolerance: float = 10.0
    far_above_ratio: float = 3.0
    versions_kept: int = 5
    max_upload_mb: int = 20
    require_login: bool = False
    statuses: tuple[str, ...] = field(default=("met", "on_track", "behind", "no_data"))


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ[name])
    except (KeyError, ValueError):
        return default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


settings = Settings(max_upload_mb=_env_int("KPI_MAX_UPLOAD_MB", Settings.max_upload_mb),
                    require_login=_env_bool("KPI_REQUIRE_LOGIN", Settings.require_login))
