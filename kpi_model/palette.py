"""Every colour of the dashboard (``ui.theme``, its charts and tables) and of the briefing pack
(``kpi_model.brief``), in one place: a status, a heading or a note reads the same on a screen and
on paper, and neither can drift from the other. Readable by colour-blind readers and in greyscale
(``tests/model/test_palette.py``). Values are CSS colours (``#RRGGBB``, or ``#RGB``)."""

from __future__ import annotations

__all__ = [
    "ACTUAL_COLOR",
    "BRAND_BLUE",
    "GRID_COLOR",
    "HATCH_COLOR",
    "MUTED_TEXT",
    "NOT_EVALUATED_FILL",
    "REPORT_TEXT",
    "RULE_COLOR",
    "SEVERITY_COLORS",
    "STATUS_COLORS",
    "TABLE_HEAD_FILL",
    "TEXT_COLOR",
    "WARN_FILL",
    "WHITE",
]

WHITE = "#FFFFFF"
TEXT_COLOR = "#1B1F24"  # body text (15.9:1 on white)
MUTED_TEXT = "#4A5160"  # axis ticks, notes on a chart or a page (8.0:1 on white)
GRID_COLOR = "#E5E5E5"  # grid lines: decoration, not information (no contrast needed)
#: BMA's dark blue (8.7:1 on white): the met status, a progress line, the pack's headings.
BRAND_BLUE = "#1F4E79"
ACTUAL_COLOR = BRAND_BLUE  # the progress (actual) line, and the pack's computed mean score

#: met / on track / behind / no data of a quarter, and a closed year's not met.
STATUS_COLORS = {
    "met": BRAND_BLUE,
    "on_track": "#4A90C8",
    "behind": "#C0470A",
    "no_data": "#8C8C8C",
    "not_met": "#8A3210",
}
#: BMA's "not yet evaluated": a pale fill under a hatch (not a failure, and not "no data").
NOT_EVALUATED_FILL = "#DDE3E8"
HATCH_COLOR = MUTED_TEXT  # the hatch lines of "not yet evaluated" (8.0:1 on white)
#: Data-quality severities, most severe first: red, amber-brown, blue (named in words too).
SEVERITY_COLORS = {"error": "#9B1C1C", "warning": "#AD6200", "info": "#3D6FA8"}

# The printed pack's own: its tables and boxes (kpi_model/brief/pack.css).
RULE_COLOR = "#C8CDD3"  # a table's row rules, a metric's frame: decoration (no contrast needed)
TABLE_HEAD_FILL = "#EEF2F6"  # a table's header row (text on it 14.7:1)
WARN_FILL = "#FFF4E5"  # a warning box, framed in the warning severity's colour
REPORT_TEXT = "#333"  # an indicator's narrative report, a shade lighter than body text (12.6:1)
