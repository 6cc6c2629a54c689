"""The pack's sections (kpi_model.brief.parts): the thresholds they state are those of the
settings that built the content, never this process's defaults."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kpi_model.brief import Scope, build_content, render_html
from kpi_model.config import settings


def test_the_pack_states_the_thresholds_of_the_settings_that_built_it(demo_store):
    cfg = dataclasses.replace(settings, met_ratio=0.95, on_track_ratio=0.7)
    content = build_content(demo_store, 2567, 4, Scope(), "en", today=dt.date(2026, 12, 1), cfg=cfg)
    html = render_html(content)
    # on the cover and in the verdicts, and the agencies' limit (a score, 100 × 0.7)
    assert html.count("met at 95 % of plan or more · on track from 70 % · behind below 70 %") == 2
    assert "on track from 80 %" not in html and "at 100 % of plan" not in html
    assert "below 70 (the on-track threshold)" in html or "No agency's mean computed score is below 70 " in html
