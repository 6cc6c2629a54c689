"""The pack's look: its fonts and its stylesheet, ``pack.css`` beside this module, filled with
the colours of :mod:`kpi_model.palette` so the pack and the dashboard cannot drift apart.

``pack.css`` is read once, at import. It is a :class:`string.Template` (``$name``) and not plain
CSS because the page footer's words (its page counter and title) are in the pack's language and
must be written into the sheet as CSS strings; the palette's colours and the font list come in
the same way, so no colour is written twice. ``$`` occurs nowhere else in the sheet, and
:meth:`~string.Template.substitute` refuses a placeholder left without a value.
"""

from __future__ import annotations

from importlib.resources import files
from string import Template

from kpi_model.i18n import t
from kpi_model.palette import (
    BRAND_BLUE,
    MUTED_TEXT,
    REPORT_TEXT,
    RULE_COLOR,
    SEVERITY_COLORS,
    TABLE_HEAD_FILL,
    TEXT_COLOR,
    WARN_FILL,
)

__all__ = ["CSS_COLORS", "FONT_FAMILY", "stylesheet"]

#: Thai-capable system fonts (fonts-thai-tlwg), then any sans-serif: never a web font.
FONT_FAMILY = '"Loma", "Garuda", "Noto Sans Thai", sans-serif'

_SHEET = files(__package__).joinpath("pack.css").read_text(encoding="utf-8")
#: The sheet without its opening comment, which is for its reader, not for the printed page.
_TEMPLATE = Template(_SHEET[_SHEET.index("*/") + 2 :] if _SHEET.startswith("/*") else _SHEET)

#: The sheet's colour placeholders and the palette's colour each one is.
CSS_COLORS = {
    "text": TEXT_COLOR,
    "muted": MUTED_TEXT,
    "brand": BRAND_BLUE,
    "rule": RULE_COLOR,
    "head_fill": TABLE_HEAD_FILL,
    "warn_fill": WARN_FILL,
    "report_text": REPORT_TEXT,
    "error": SEVERITY_COLORS["error"],
    "warning": SEVERITY_COLORS["warning"],
    "info": SEVERITY_COLORS["info"],
}


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (our own labels only; never data)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_counter(lang: str) -> str:
    """The footer's 'page N of M' in ``lang`` as CSS: the words around chromium's counters."""
    page = t("brief_page", lang, page="\u0001", pages="\u0002")
    before, _, rest = page.partition("\u0001")
    middle, _, after = rest.partition("\u0002")
    return f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) {_css_string(after)}"


def stylesheet(lang: str) -> str:
    """The pack's CSS for a pack in ``lang`` ('th' or 'en'), ready for its ``<style>``."""
    return _TEMPLATE.substitute(
        CSS_COLORS,
        font=FONT_FAMILY,
        page_counter=_page_counter(lang),
        title=_css_string(t("brief_title", lang)),
    )
