"""The quarterly briefing pack (DESIGN §7): one PDF for a fiscal year and quarter, for the
city, one strategy branch or one agency.

:func:`build_content` gathers the pack's content from the dashboard's views (never a verdict
of its own), :func:`render_html` lays it out as one self-contained page, :func:`pack_pdf` prints
it with headless chromium. :func:`brief_pdf` does all three. Pure Python: no streamlit.
"""

from __future__ import annotations

import datetime as dt

from kpi_model.brief.content import (
    BriefError,
    PackContent,
    PackRequest,
    Scope,
    build_content,
    pack_followup_db,
    pack_request,
    permalink,
)
from kpi_model.brief.html import render_html, sections
from kpi_model.brief.pdf import chromium_path, pack_pdf, page_count, section_pages
from kpi_model.config import settings as default_settings
from kpi_model.followup import FollowupDB
from kpi_model.store import Store

__all__ = [
    "BriefError",
    "PackContent",
    "PackRequest",
    "Scope",
    "brief_pdf",
    "build_content",
    "chromium_path",
    "pack_followup_db",
    "pack_pdf",
    "pack_request",
    "page_count",
    "permalink",
    "render_html",
    "section_pages",
    "sections",
]


def brief_pdf(
    store: Store,
    fiscal_year: int,
    quarter: int,
    scope: Scope = Scope(),
    lang: str = "th",
    *,
    base_url: str | None = None,
    today: dt.date | None = None,
    followup: FollowupDB | None = None,
) -> bytes:
    """The pack's PDF bytes. ``base_url`` (default: the ``KPI_BASE_URL`` setting) is the
    dashboard's address for the cover's permalink; ``followup`` the follow-up database its
    indicators behind are followed up in (None: the pack says there is none; see
    :func:`pack_followup_db`)."""
    chromium_path()  # say the renderer is missing before reading anything
    url = default_settings.base_url if base_url is None else base_url
    content = build_content(store, fiscal_year, quarter, scope, lang, base_url=url, today=today, followup=followup)
    return pack_pdf(content)
