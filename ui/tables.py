"""Tables as every page shows them: the status cell in its colour (words in it, so colour is
never the only sign), numbers rounded as a reader expects, a dash for a missing value.

Values stay numbers underneath the display format, so a column still sorts by value."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd

from ui.format import DASH, number, percent
from ui.theme import NOT_EVALUATED_FILL, RECORDED_COLORS, STATUS_COLORS, TEXT_COLOR, score_color, text_on

__all__ = [
    "AMOUNT",
    "COUNT",
    "PERCENT",
    "RATIO",
    "SCORE",
    "coloured",
    "recorded_cell_style",
    "score_cell_style",
    "status_cell_style",
]

AMOUNT = partial(number, digits=2, trim=True)  # in the indicator's unit: at most two decimals, "5" not "5.00"
COUNT = partial(number, digits=0)
PERCENT = partial(percent, digits=0)  # a plan or a progress: whole percent
RATIO = partial(percent, digits=0)  # a ratio to plan reads as a percent of plan
SCORE = partial(number, digits=1, trim=True)  # 0–100: one decimal at most, "100" not "100.0"


def status_cell_style(status: object) -> str:
    """CSS of a cell holding a computed status: its colour as the fill, text that reads on it."""
    fill = STATUS_COLORS.get(status if isinstance(status, str) else "no_data", STATUS_COLORS["no_data"])
    return f"background-color: {fill}; color: {text_on(fill)}"


def recorded_cell_style(band: object) -> str:
    """CSS of a cell holding BMA's recorded evaluation: the band's colour; 'not yet evaluated'
    pale; nothing recorded left plain."""
    if not isinstance(band, str):
        return ""
    fill = RECORDED_COLORS.get(band, NOT_EVALUATED_FILL)
    return f"background-color: {fill}; color: {TEXT_COLOR if fill == NOT_EVALUATED_FILL else text_on(fill)}"


def score_cell_style(score: object) -> str:
    """CSS of a cell holding a mean score (0–100): the stepped score colour of the maps."""
    fill = score_color(score)
    return f"background-color: {fill}; color: {text_on(fill)}"


def coloured(
    frame: pd.DataFrame,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    *,
    status: Mapping[str, Sequence[object]] | None = None,
    recorded: Mapping[str, Sequence[object]] | None = None,
    scores: Sequence[str] = (),
) -> Any:
    """``frame`` as a pandas Styler: ``formats`` per column (a missing value shows as a dash),
    and the cells of each column in ``status`` coloured by the status codes given for its rows
    (``recorded``: by BMA's recorded bands; ``scores``: columns of mean scores, by their value).
    Codes are passed beside the shown words, so the words can be in any language."""
    styler = frame.style.format(dict(formats or {}), na_rep=DASH)
    for column, codes in (status or {}).items():
        if column in frame.columns:
            css = [status_cell_style(c) for c in codes]
            styler = styler.apply(lambda _col, css=css: css, subset=[column], axis=0)
    for column, bands in (recorded or {}).items():
        if column in frame.columns:
            css = [recorded_cell_style(b) for b in bands]
            styler = styler.apply(lambda _col, css=css: css, subset=[column], axis=0)
    for column in scores:
        if column in frame.columns:
            styler = styler.map(score_cell_style, subset=[column])
    return styler
