"""How the pack writes one figure, one moment or one table: numbers read as on the dashboard
(scores with one decimal on the 0–100 scale, shares as percentages with one decimal, counts with
thousands separated), times in Bangkok's clock with a Buddhist-Era date, and every text from the
data escaped (:func:`esc`): nothing a user wrote is ever HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from kpi_model.i18n import date_label

__all__ = [
    "BANGKOK",
    "DASH",
    "NAME_LIMIT",
    "REPORT_LIMIT",
    "bangkok_time",
    "change",
    "esc",
    "metric",
    "pct",
    "score",
    "table",
    "when",
    "whole_pct",
]

# A report or a name is data, of any length: a 100 KB report without a space once kept
# chromium laying out one table cell for two minutes. The pack prints at most this much of each
# (the cut is said in the cell and in a note naming the indicators); the dashboard shows all.
REPORT_LIMIT = 1_500  # characters
NAME_LIMIT = 300  # characters

DASH = "—"  # no figure: never 0
BANGKOK = dt.timezone(dt.timedelta(hours=7))


def score(value: float | None) -> str:
    """A score on the 0–100 scale with one decimal; a dash when there is none."""
    return DASH if value is None else f"{value:,.1f}"


def pct(share: float | None) -> str:
    """A share (0.256) as ``25.6%``; a dash when there is none."""
    return DASH if share is None else f"{share:.1%}"


def change(value: float | None, *, share: bool = False) -> str:
    """A change with its sign: score points (``+2.5``), or for a ``share`` percentage points
    (0.025 as ``+2.5 pp``); a dash when there is none."""
    if value is None:
        return DASH
    return f"{100 * value:+.1f} pp" if share else f"{value:+.1f}"


def whole_pct(value: float | None) -> str:
    """A percentage already on the 0–100 scale (25.6) as a whole one (``26%``); a dash when there is none."""
    return DASH if value is None else f"{value:.0f}%"


def esc(value: object) -> str:
    """``value`` as HTML text (quotes too, so it is safe in an attribute)."""
    return escape(str(value), quote=True)


def table(head: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """A table; ``head`` is (escaped label, numeric?), every cell already escaped HTML."""
    head = list(head)
    ths = "".join(f'<th class="n">{h}</th>' if n else f"<th>{h}</th>" for h, n in head)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if n else f"<td>{c}</td>" for c, (_, n) in zip(row, head, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{ths}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def metric(label: str, value: str, delta: str = "") -> str:
    """One figure in a box: its label, the figure large, and its change below (plain texts)."""
    d = f'<div class="delta">{esc(delta)}</div>' if delta else ""
    return f'<div class="metric"><div class="label">{esc(label)}</div><div class="value">{esc(value)}</div>{d}</div>'


def bangkok_time(stamp: str | None, lang: str) -> str:
    """A store's ISO write time as Bangkok's date and clock ('1 ธันวาคม 2569 21:31 น.')."""
    if not stamp:
        return DASH
    try:
        at = dt.datetime.fromisoformat(stamp).astimezone(BANGKOK)
    except ValueError:
        return stamp
    return f"{date_label(at.date(), lang)} {at:%H:%M}" + (" น." if lang == "th" else " (UTC+7)")


def when(at: dt.datetime, lang: str) -> str:
    """A moment in Bangkok time with a BE date: '7 ธันวาคม 2569 16:05' (a naive one is UTC)."""
    local = (at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)).astimezone(BANGKOK)
    return f"{date_label(local.date(), lang)} {local:%H:%M}"
