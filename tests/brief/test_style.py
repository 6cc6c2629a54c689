"""The pack's stylesheet (kpi_model/brief/pack.css through kpi_model.brief.style): every colour it
prints is the palette's, the one the dashboard draws with, so the two cannot drift; no colour is
written anywhere else in the pack's code; the footer speaks the pack's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kpi_model.palette as palette
from kpi_model.brief import style
from kpi_model.brief.style import CSS_COLORS, FONT_FAMILY, stylesheet
from ui import theme

BRIEF = Path(style.__file__).resolve().parent
#: A colour written as a literal (#RGB or #RRGGBB), not an entity (&#160;) nor an id (#behind).
HEX = re.compile(r"(?<![&\w])#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b")


def rule(css: str, selector: str) -> str:
    """The declarations of the first rule whose selector is exactly ``selector``."""
    found = re.search(r"(?:^|[}\n])\s*" + re.escape(selector) + r"\s*\{([^{}]*)\}", css)
    assert found, selector
    return found.group(1)


def colour_of(css: str, selector: str, prop: str = "color") -> str:
    found = re.search(rf"(?:^|[;\s]){prop}:\s*([^;]+);", rule(css, selector))
    assert found, (selector, prop)
    return found.group(1).strip()


def palette_colours() -> set[str]:
    values: set[str] = set()
    for name in palette.__all__:
        value = getattr(palette, name)
        values.update(value.values() if isinstance(value, dict) else [value])
    return values


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_colour_the_stylesheet_prints_is_the_palettes(lang):
    css = stylesheet(lang)
    printed = set(HEX.findall(css))
    assert printed == set(CSS_COLORS.values())
    assert printed <= palette_colours()
    assert "$" not in css  # every placeholder filled


@pytest.mark.parametrize(
    "selector, prop, colour",
    [
        ("body", "color", theme.TEXT_COLOR),
        (".note", "color", theme.MUTED_TEXT),
        (".metric .label", "color", theme.MUTED_TEXT),
        ("h1", "color", palette.BRAND_BLUE),
        (".inside a", "color", palette.BRAND_BLUE),
        (".sev-error", "color", theme.SEVERITY_COLORS["error"]),
        (".sev-warning", "color", theme.SEVERITY_COLORS["warning"]),
        (".sev-info", "color", theme.SEVERITY_COLORS["info"]),
        (".overdue", "color", theme.SEVERITY_COLORS["error"]),
        ("th", "background", palette.TABLE_HEAD_FILL),
        (".report", "color", palette.REPORT_TEXT),
    ],
)
def test_the_pack_writes_in_the_dashboards_colours(selector, prop, colour):
    """The dashboard (ui.theme) and the pack read one palette: a note, a heading or a severity
    is the same colour on a screen and on paper."""
    assert colour_of(stylesheet("th"), selector, prop) == colour


def test_the_warning_box_is_framed_in_the_warning_severitys_colour_on_the_palettes_fill():
    warn = rule(stylesheet("th"), ".warn")
    assert f"solid {theme.SEVERITY_COLORS['warning']};" in warn
    assert f"background: {palette.WARN_FILL};" in warn


def test_the_dashboard_draws_with_the_palettes_colours_not_copies():
    for name in ("TEXT_COLOR", "MUTED_TEXT", "GRID_COLOR", "ACTUAL_COLOR", "WHITE", "SEVERITY_COLORS", "STATUS_COLORS"):
        assert getattr(theme, name) is getattr(palette, name), name


def test_no_colour_is_written_in_the_packs_code_or_stylesheet():
    """A colour of the pack lives in kpi_model/palette.py only (pack.css has placeholders)."""
    offenders = {
        path.name: HEX.findall(path.read_text(encoding="utf-8"))
        for path in sorted([*BRIEF.glob("*.py"), BRIEF / "pack.css"])
        if HEX.findall(path.read_text(encoding="utf-8"))
    }
    assert offenders == {}


def test_the_fonts_are_thai_capable_system_fonts_in_the_sheet_and_never_fetched():
    css = stylesheet("th")
    assert f"font-family: {FONT_FAMILY};" in rule(css, "body")
    assert "Garuda" in FONT_FAMILY and "@import" not in css and "url(" not in css and "@font-face" not in css


def test_the_footer_speaks_the_packs_language():
    th, en = stylesheet("th"), stylesheet("en")
    assert 'content: "หน้า " counter(page) " / " counter(pages) "";' in th
    assert '"รายงานสรุปผลการดำเนินงานตามตัวชี้วัดรายไตรมาส"' in th
    assert "counter(page)" in en and "หน้า" not in en
    assert th.replace("\n", "") != en.replace("\n", "")


def test_the_sheets_opening_comment_is_for_its_reader_and_not_printed():
    raw = (BRIEF / "pack.css").read_text(encoding="utf-8")
    assert raw.startswith("/*") and "$text" in raw.split("*/")[0]
    css = stylesheet("th")
    assert "/*" not in css and css.lstrip().startswith("@page")
