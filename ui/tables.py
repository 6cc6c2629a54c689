"""Tables as every page shows them: the status cell in its colour (words in it, so colour is
never the only sign), numbers rounded as a reader expects, a dash for a missing value.

Values stay numbers underneath the display format, so a column still sorts by value."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from kpi_model.columns import TableLayout, spec
from kpi_model.i18n import t
from kpi_model.labels import label_rows
from ui.format import DASH, number, percent
from ui.theme import (
    NOT_EVALUATED_FILL,
    RECORDED_COLORS,
    STATUS_COLORS,
    TEXT_COLOR,
    pill_fill,
    score_color,
    text_on,
)

PLAIN_PILL = "#FFFFFF"  # a word with no colour of its own (nothing recorded): a white pill
SCORE_BAR = STATUS_COLORS["on_track"]  # the bar of a mean score (0–100) in a table

__all__ = [
    "AMOUNT",
    "COUNT",
    "PERCENT",
    "RATIO",
    "SCORE",
    "Table",
    "coloured",
    "dataframe",
    "indicator_table",
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


@dataclass(frozen=True)
class Table:
    """A table as :func:`dataframe` shows it: the frame (numbers stay numbers, so a column
    sorts by value) and the ``column_config`` of its cells (number formats, status colours),
    without labels: the page adds those."""

    frame: pd.DataFrame
    cells: dict[str, dict[str, Any]]


def _config(column: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in column.items() if v is not None}


def _pills(words: Sequence[object], fills: Sequence[str | None]) -> dict[str, Any]:
    """A column whose words are drawn as pills in the fill of each word's code (one option a
    word; a word with no fill is drawn plain), each fill one that Streamlit's white text
    reads on at AA (:func:`ui.theme.pill_fill`)."""
    colour: dict[str, str] = {}
    for word, fill in zip(words, fills):
        if isinstance(word, str) and word not in colour:
            colour[word] = pill_fill(fill) if fill else PLAIN_PILL
    return _config(st.column_config.MultiselectColumn(options=list(colour), color=list(colour.values())))


def coloured(
    frame: pd.DataFrame,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    *,
    status: Mapping[str, Sequence[object]] | None = None,
    recorded: Mapping[str, Sequence[object]] | None = None,
    scores: Sequence[str] = (),
) -> Table:
    """``frame`` with ``formats`` per column (a missing value shows as a dash), the words of
    each column in ``status`` drawn in the colour of the status codes given for its rows
    (``recorded``: of BMA's recorded bands; ``scores``: columns of mean scores, drawn as a
    0–100 bar). Codes are passed beside the shown words, so the words can be in any language.

    Streamlit formats and colours the cells in the browser (``column_config``), where a pandas
    Styler cost the server 45–85 ms a table (issue 24): a score with one decimal, an amount and
    a count with thousands separated and no trailing zeros (the browser's own number format, up
    to three decimals: BMA's amounts have two), a share as a whole percent; every value stays
    the model's number, so a column sorts by value."""
    shown = frame.copy()
    cells: dict[str, dict[str, Any]] = {}
    for column, fmt in (formats or {}).items():
        if column not in shown.columns:
            continue
        if fmt is SCORE:  # one decimal ("81.3"; a whole score reads "100.0")
            cells[column] = _config(st.column_config.NumberColumn(format="%.1f"))
        elif fmt is AMOUNT or fmt is COUNT:  # thousands separated, no trailing zeros ("1,234.5", "12,000")
            cells[column] = _config(st.column_config.NumberColumn(format="localized"))
        elif fmt is PERCENT or fmt is RATIO:  # a share as a whole percent ("26%"): step 0.01 says 0 decimals
            cells[column] = _config(st.column_config.NumberColumn(format="percent", step=0.01))
        else:  # any other format: its text (the column then sorts as text)
            shown[column] = [DASH if v is None or pd.isna(v) else fmt(v) for v in shown[column]]
            cells[column] = _config(st.column_config.TextColumn())
    for column, codes in (status or {}).items():
        if column in shown.columns:
            fills = [STATUS_COLORS.get(c if isinstance(c, str) else "no_data", STATUS_COLORS["no_data"]) for c in codes]
            cells[column] = _pills(list(shown[column]), fills)
    for column, bands in (recorded or {}).items():
        if column in shown.columns:
            band_fills = [RECORDED_COLORS.get(b, NOT_EVALUATED_FILL) if isinstance(b, str) else None for b in bands]
            cells[column] = _pills(list(shown[column]), band_fills)
    for column in scores:
        if column in shown.columns:
            cells[column] = _config(
                st.column_config.ProgressColumn(format="%.1f", min_value=0, max_value=100, color=SCORE_BAR)
            )
    return Table(shown, cells)


def dataframe(table: Table, *, column_config: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
    """``st.dataframe`` of ``table``: the page's ``column_config`` (labels, widths, help) with
    the table's own cell formats and colours over it; a missing value reads as a dash."""
    merged: dict[str, Any] = dict(column_config or {})
    for column, cell in table.cells.items():
        page = merged.get(column)
        page = dict(page) if isinstance(page, Mapping) else {"label": page} if isinstance(page, str) else {}
        merged[column] = {**{k: v for k, v in page.items() if k != "type_config"}, **cell}
    kwargs.setdefault("placeholder", DASH)
    return st.dataframe(table.frame, column_config=merged, **kwargs)


#: The display format of each registry format (:data:`kpi_model.columns.Format`) a number has.
_FORMATS: dict[str, Callable[[Any], str]] = {
    "amount": AMOUNT,
    "count": COUNT,
    "percent": PERCENT,
    "ratio": RATIO,
    "score": SCORE,
}


def indicator_table(
    rows: pd.DataFrame, layout: TableLayout, lang: str, *, details: bool, key: str, height: int | None = None
) -> Any:
    """A table of indicator-quarter rows (:func:`kpi_model.views.indicator_rows`) laid out as
    ``layout`` says (its detail columns when ``details``), every column's label, width, help,
    format and colour from the registry (:mod:`kpi_model.columns`); a row can be picked (the
    page opens it). Returns the selection event."""
    shown = label_rows(rows, lang)
    columns = layout.columns(details)
    specs = [spec(c) for c in columns]
    table = coloured(
        shown[columns],
        {c.name: _FORMATS[c.fmt] for c in specs if c.fmt in _FORMATS},
        status={c.name: list(rows[c.codes_from]) for c in specs if c.fmt == "status" and c.codes_from},
        recorded={c.name: list(rows[c.codes_from]) for c in specs if c.fmt == "recorded" and c.codes_from},
    )
    config = {
        c.name: st.column_config.Column(
            c.label_in(lang), width=c.width, help=t(c.help_key, lang) if c.help_key else None
        )
        for c in specs
    }
    return dataframe(
        table,
        hide_index=True,
        column_config=config,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        height=height if height is not None else "auto",
    )
