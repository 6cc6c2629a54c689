"""How numbers, shares and missing values read on every page and chart: one place for each.

Thai and English pages write numbers the same way (Arabic digits, ``,`` between thousands,
``.`` before decimals, ``%`` after a share), so none of these takes a language. A missing value
(None, NaN, ``pd.NA``) reads as :data:`DASH`, never as "None", "nan" or 0.

    >>> number(1234.5), number(1234.5, 0), number(2.50, trim=True), percent(0.256), count(12000)
    ('1,234.50', '1,234', '2.5', '25.6%', '12,000')
    >>> number(None), percent(float("nan")), text(""), change(-0.04), share_change(0.031)
    ('—', '—', '—', '+0.0', '+3.1 pp')
"""

from __future__ import annotations

from typing import Any, SupportsFloat, SupportsInt

import pandas as pd

from kpi_model.safe_text import cut, for_markdown, for_plotly

__all__ = [
    "DASH",
    "as_float",
    "as_int",
    "change",
    "chart_text",
    "count",
    "cut",
    "editable",
    "is_missing",
    "is_zero_change",
    "md",
    "number",
    "percent",
    "share_change",
    "text",
]

DASH = "—"  # a missing value, in a table cell, a metric, a hover or a sentence

# Text from data or a URL where markup is read (kpi_model.safe_text): ``md`` for anything
# Streamlit renders as markdown (captions, alerts, titles, widget labels and help), and
# ``chart_text`` for anything plotly renders (labels, ticks, hovers, legend names).
md = for_markdown
chart_text = for_plotly


def as_float(value: object) -> float:
    """A table cell (Python, numpy or pandas number, or numeric text) as a float; anything
    else is a TypeError, never a quiet 0. The caller has ruled out a missing value."""
    if isinstance(value, (SupportsFloat, str)):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def as_int(value: object) -> int:
    """A table cell holding a whole count as an int (see :func:`as_float`)."""
    if isinstance(value, (SupportsInt, str)):
        return int(value)
    raise TypeError(f"not a whole number: {value!r}")


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and ``pd.NA``; False for anything else (0 and "" included)."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):  # a list or an array is a value, not a gap
        return False
    scalar: Any = value  # any scalar kind: pandas-stubs type isna() per kind, not for object
    return bool(pd.isna(scalar))


def number(value: object, digits: int = 2, *, trim: bool = False, missing: str = DASH) -> str:
    """``value`` with ``digits`` decimals and thousands separated: ``1,234.50``.

    ``trim`` drops zeros after the decimal point (``2.50`` → ``2.5``, ``1,000.00`` → ``1,000``),
    for an amount in the indicator's unit. A missing value gives ``missing``."""
    if value is None or is_missing(value):
        return missing
    shown = f"{as_float(value):,.{digits}f}"
    if trim and "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return shown


def percent(share: object, digits: int = 1, *, missing: str = DASH) -> str:
    """A share (0.256) as a percentage with ``digits`` decimals (``25.6%``); a missing share
    gives ``missing``."""
    if share is None or is_missing(share):
        return missing
    return f"{as_float(share):.{digits}%}"


def count(value: object, *, missing: str = DASH) -> str:
    """A whole count, thousands separated (``12,000``); a missing count gives ``missing``."""
    if value is None or is_missing(value):
        return missing
    return f"{as_int(value):,}"


def text(value: object, *, missing: str = DASH) -> str:
    """A cell as text: ``str(value)``, or ``missing`` for a missing or empty value."""
    if is_missing(value) or value == "":
        return missing
    return str(value)


def editable(value: object) -> str:
    """A stored value as the text of an input box: "" when missing, a float in its shortest
    form (``0.25``, ``3``), anything else as ``str``."""
    if is_missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def change(value: float | None, digits: int = 1) -> str | None:
    """A change in score points as a metric's delta: a sign, ``digits`` decimals, never
    ``-0.0``. None (no delta shown) when there is nothing to compare."""
    if value is None:
        return None
    return f"{round(value, digits) + 0.0:+.{digits}f}"


def share_change(value: float | None, digits: int = 1) -> str | None:
    """A change in a share (0.031) in percentage points as a metric's delta: ``+3.1 pp``.
    None when there is nothing to compare."""
    if value is None:
        return None
    return f"{round(value * 100, digits) + 0.0:+.{digits}f} pp"


def is_zero_change(value: float | None, digits: int = 1, *, share: bool = False) -> bool:
    """True when a change rounds to zero at the digits it is shown with (``+0.0``,
    ``+0.0 pp``): it gets no coloured arrow, it did not go up or down."""
    if value is None or is_missing(value):
        return False
    return round(value * (100 if share else 1), digits) == 0
