"""How a value reads inside a sentence of an explanation or a label: numbers in the
indicator's unit, ratios that never round onto a threshold, shares, scores, and the missing
value as '—'. Plain functions over the Any-typed cells of DuckDB frames."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from kpi_model.config import Settings
from kpi_model.config import settings as default_settings

__all__ = [
    "get",
    "missing",
    "number",
    "ratio",
    "read_as_unreported",
    "records",
    "score",
    "share",
    "text_or_none",
]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts keyed by column name."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def get(values: Mapping[str, Any], key: str) -> Any:
    """A value of a frame row (typed Any: rows come from DuckDB frames); None when absent."""
    return values.get(key)


def missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def number(value: Any) -> str:
    """A value in the indicator's unit: thousands separated, at most two decimals."""
    if missing(value):
        return "—"
    text = f"{float(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ratio(value: Any, cfg: Settings = default_settings) -> str:
    """A ratio to two decimals, or more where two would round it onto a threshold it does not
    reach or pass (0.997 is '0.997', never '1.00', beside "< 1.00 → not met")."""
    if missing(value):
        return "—"
    v = float(value)
    for digits in (2, 3, 4):
        text = f"{v:.{digits}f}"
        if not any(float(text) == th and abs(v - th) > 1e-9 for th in (cfg.met_ratio, cfg.on_track_ratio)):
            return text
    return text


def share(value: Any) -> str:
    """A share as a percent: 0.5 → '50 %', 0.867 → '86.7 %'."""
    return "—" if missing(value) else f"{round(100 * float(value), 1):g} %"


def score(value: Any) -> str:
    return "—" if missing(value) else f"{float(value):.1f}".removesuffix(".0")


def read_as_unreported(row: Mapping[str, Any]) -> bool:
    """A value is recorded but not read as a result (a 0 after a positive result, no report)."""
    flag = get(row, "is_reported")
    return not missing(get(row, "actual")) and not missing(flag) and not bool(flag)


def text_or_none(value: Any) -> str | None:
    return None if missing(value) or not str(value).strip() else str(value)
