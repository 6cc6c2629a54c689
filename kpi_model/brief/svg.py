"""The pack's charts as inline SVG: vectors in the PDF, no script, nothing fetched.

Pure functions from figures to markup; every text they are given (a title, a tick, a code) is
escaped here, so no data is ever markup. Sizes are SVG user units of each chart's ``viewBox``
(the chart is scaled to the width the page gives it); colours come from :mod:`kpi_model.palette`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kpi_model.brief.content import DimensionRow
from kpi_model.brief.style import FONT_FAMILY
from kpi_model.palette import GRID_COLOR, HATCH_COLOR, MUTED_TEXT, NOT_EVALUATED_FILL, STATUS_COLORS, TEXT_COLOR, WHITE

__all__ = ["dimension_chart", "trend_chart"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def trend_chart(
    title: str,
    values: Sequence[tuple[float | None, float | None]],
    ticks: Sequence[str],
    top: float,
    colour: str,
    names: tuple[str, str],
) -> str:
    """One panel of the quarter trend: ``values`` are (computed, recorded) per quarter, oldest
    first, on the scale 0–``top`` (100 for a score, 1.0 for a share, whose axis then reads in
    per cent); ``ticks`` label the quarters. The computed line is solid in ``colour``, the
    recorded one dashed in the muted text colour, each named (``names``) at its last point. A
    quarter without a figure (None) is a gap in the line, never 0."""
    left, width, height, pad = 34.0, 230.0, 96.0, 14.0
    n = len(values)
    step = width / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, pad + (1 - v / top) * (height - 2 * pad)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="49%" viewBox="0 0 {left + width + 60:.0f} {height + 22:.0f}" '
        f"font-family='{FONT_FAMILY}' role=\"img\">",
        f'<text x="0" y="9" font-size="9" fill="{TEXT_COLOR}">{_e(title)}</text>',
    ]
    for frac in (0.0, 0.5, 1.0):
        _, y = xy(0, top * frac)
        label = f"{top * frac:.0f}" if top > 1 else f"{frac:.0%}"
        out.append(f'<line x1="{left:.0f}" x2="{left + width:.0f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOR}"/>')
        out.append(
            f'<text x="{left - 3:.0f}" y="{y + 3:.1f}" font-size="7" text-anchor="end" fill="{MUTED_TEXT}">{label}</text>'
        )
    for i, tick in enumerate(ticks):
        x, _ = xy(i, 0)
        out.append(
            f'<text x="{x:.1f}" y="{height + 8:.0f}" font-size="6.5" text-anchor="middle" fill="{MUTED_TEXT}">'
            f"{_e(tick)}</text>"
        )
    finals = [next((pair[w] for pair in reversed(values) if pair[w] is not None), None) for w in (0, 1)]
    recorded_above = finals[1] is not None and (finals[0] is None or finals[1] > finals[0])
    for which, dash, name in ((0, "", names[0]), (1, ' stroke-dasharray="4 3"', names[1])):
        stroke = colour if which == 0 else MUTED_TEXT
        runs: list[list[tuple[float, float]]] = [[]]
        for i, pair in enumerate(values):
            v = pair[which]
            if v is None:
                runs.append([])
            else:
                runs[-1].append(xy(i, v))
        last = None
        for run in runs:
            if len(run) >= 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{stroke}" '
                    f'stroke-width="{1.8 if which == 0 else 1.2}"{dash}/>'
                )
                for x, y in run:
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{stroke}"/>')
                last = run[-1]
        if last is not None:
            out.append(
                f'<text x="{last[0] + 4:.1f}" y="{last[1] + (-3 if (which == 1) == recorded_above else 8):.1f}" font-size="7" '
                f'fill="{stroke}">{_e(name)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _bar(x0: float, y: float, width: float, height: float, parts: list[tuple[float, str, bool]]) -> str:
    """A stacked bar of ``parts`` (count, fill, hatched) scaled to ``width``; a dashed empty
    frame when every count is 0, and a count written on a part only when it is wide enough."""
    total = sum(n for n, _, _ in parts)
    if total <= 0:
        return (
            f'<rect x="{x0:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="none" '
            f'stroke="{STATUS_COLORS["no_data"]}" stroke-dasharray="2 2" stroke-width="0.6"/>'
        )
    out, x = [], x0
    for n, fill, hatch in parts:
        if n <= 0:
            continue
        w = width * n / total
        pattern = ' fill="url(#hatch)"' if hatch else ""
        out.append(f'<rect x="{x:.2f}" y="{y:.1f}" width="{w:.2f}" height="{height:.1f}" fill="{fill}"/>')
        if hatch:
            out.append(f'<rect x="{x:.2f}" y="{y:.1f}" width="{w:.2f}" height="{height:.1f}"{pattern}/>')
        if w > 14:
            colour = TEXT_COLOR if fill in (NOT_EVALUATED_FILL, STATUS_COLORS["on_track"]) else WHITE
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + height / 2 + 3:.1f}" font-size="8" text-anchor="middle" '
                f'fill="{colour}">{int(n):,}</text>'
            )
        x += w
    return "".join(out)


def _recorded_parts(d: DimensionRow) -> list[tuple[float, str, bool]]:
    """BMA's recorded bands of one dimension as bar parts, hatched; nothing recorded plain."""
    return [
        (d.rec_met, STATUS_COLORS["met"], True),
        (d.rec_not_met, STATUS_COLORS["behind"], True),
        (d.rec_not_evaluated, NOT_EVALUATED_FILL, True),
        (d.rec_none, STATUS_COLORS["no_data"], False),
    ]


def _computed_parts(d: DimensionRow) -> list[tuple[float, str, bool]]:
    """The computed statuses of one dimension as bar parts, plain."""
    return [
        (d.met, STATUS_COLORS["met"], False),
        (d.on_track, STATUS_COLORS["on_track"], False),
        (d.behind, STATUS_COLORS["behind"], False),
        (d.no_data, STATUS_COLORS["no_data"], False),
    ]


def dimension_chart(dims: Sequence[DimensionRow]) -> str:
    """Two bars per dimension (counts of indicators, each bar scaled to the same width): BMA's
    recorded bands (hatched) over the computed statuses, the dimension's code beside them."""
    label_w, width, bar_h, gap = 70.0, 440.0, 11.0, 9.0
    row_h = 2 * bar_h + 2 + gap
    height = len(dims) * row_h + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {label_w + width + 4:.0f} {height:.0f}" '
        f"font-family='{FONT_FAMILY}' role=\"img\">",
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{HATCH_COLOR}" stroke-width="0.8" stroke-opacity="0.55"/>'
        "</pattern></defs>",
    ]
    for i, d in enumerate(dims):
        y = 3 + i * row_h
        out.append(
            f'<text x="{label_w - 4:.0f}" y="{y + bar_h + 4:.1f}" font-size="9" text-anchor="end" '
            f'fill="{TEXT_COLOR}">{_e(d.code)}</text>'
        )
        out.append(_bar(label_w, y, width, bar_h, _recorded_parts(d)))
        out.append(_bar(label_w, y + bar_h + 2, width, bar_h, _computed_parts(d)))
    out.append("</svg>")
    return "".join(out)
