"""The pack as one self-contained HTML page for print (A4 portrait): no script, no link to
anything outside the page, fonts from the system, charts as inline SVG (vectors in the PDF).

This module assembles the document: the stylesheet (:mod:`kpi_model.brief.style`, ``pack.css``
filled from the palette) and the sections in order (:mod:`kpi_model.brief.parts` and
:mod:`kpi_model.brief.behind`, whose charts are :mod:`kpi_model.brief.svg`). Every string that comes from the data is escaped; nothing a user
wrote is ever HTML. Numbers read as on the dashboard (:mod:`kpi_model.brief.cells`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kpi_model.brief.behind import behind, followup
from kpi_model.brief.cells import NAME_LIMIT, REPORT_LIMIT, esc, pct, score
from kpi_model.brief.content import PackContent
from kpi_model.brief.parts import (
    SECTION_IDS,
    agencies,
    cover,
    dimensions,
    flags,
    headline,
    league,
    movers,
    sections,
    verdicts,
)
from kpi_model.brief.parts import (
    toc as contents_page,
)
from kpi_model.brief.style import FONT_FAMILY, stylesheet
from kpi_model.i18n import period_label, t
from kpi_model.palette import STATUS_COLORS

# Re-exported: what callers read from here before the pack was split into its rooms.
__all__ = [
    "FONT_FAMILY",
    "NAME_LIMIT",
    "REPORT_LIMIT",
    "SECTION_IDS",
    "STATUS_COLORS",
    "pct",
    "render_html",
    "score",
    "sections",
]

#: Each section's HTML by its anchor, but the indicators behind (which may leave their reports out).
_SECTIONS: dict[str, Callable[[PackContent], str]] = {
    "headline": headline,
    "dimensions": dimensions,
    "followup": followup,
    "movers": movers,
    "agencies": agencies,
    "league": league,
    "flags": flags,
    "verdicts": verdicts,
}


def render_html(
    content: PackContent, toc: bool = False, toc_pages: Mapping[str, int] | None = None, reports: bool = True
) -> str:
    """The pack as one HTML page. ``toc`` adds a table of contents (one page) after the cover;
    its page numbers are ``toc_pages`` (anchor → page). ``reports`` False leaves the narrative
    reports out (each row and a note say so): the fallback when a pack cannot be laid out in time.
    The sections are those :func:`sections` lists, in its order: the contents page and the body
    cannot disagree."""
    lang = content.lang
    body = [cover(content)]
    if toc:
        body.append(contents_page(content, toc_pages))
    for anchor, _ in sections(content):
        body.append(behind(content, reports) if anchor == "behind" else _SECTIONS[anchor](content))
    title = f"{t('brief_title', lang)} · {period_label(content.fiscal_year, content.quarter, lang)}"
    return (
        f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{stylesheet(lang)}</style></head><body>{''.join(body)}</body></html>"
    )
