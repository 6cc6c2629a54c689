"""The status colours, in one place for the dashboard's charts and tables (``ui.theme``) and the
briefing pack's (``kpi_model.brief``): a computed status reads the same on a screen and on paper.
Readable by colour-blind readers and in greyscale (``tests/model/test_palette.py``)."""

from __future__ import annotations

__all__ = ["HATCH_COLOR", "NOT_EVALUATED_FILL", "STATUS_COLORS"]

#: met / on track / behind / no data of a quarter, and a closed year's not met.
STATUS_COLORS = {
    "met": "#1F4E79",
    "on_track": "#4A90C8",
    "behind": "#C0470A",
    "no_data": "#8C8C8C",
    "not_met": "#8A3210",
}
#: BMA's "not yet evaluated": a pale fill under a hatch (not a failure, and not "no data").
NOT_EVALUATED_FILL = "#DDE3E8"
HATCH_COLOR = "#4A5160"  # the hatch lines of "not yet evaluated" (8.0:1 on white)
