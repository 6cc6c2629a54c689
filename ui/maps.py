"""A map fitted to what it shows, in the reader's browser (issue 25).

Plotly's maplibre maps take a fixed centre and zoom from the server, which cannot know how wide
the reader's screen is: the zoom that fits Bangkok on a phone leaves it 340 px wide in the
middle of a desktop. Plotly's own ``fitbounds`` ignores choropleth maps. So a small script
fits the map to the city's bounds once it is drawn, again when its width changes, and again
when a redraw puts the server's camera back; a reader's own zoom is left alone. Without
scripts the map still shows the whole city at the server's zoom."""

from __future__ import annotations

import json

import streamlit as st

__all__ = ["fit_map"]

_SCRIPT = """<script>(function () {
  const key = %(key)s, bounds = %(bounds)s, serverZoom = %(zoom)s;
  function fit() {
    document.querySelectorAll('.st-key-' + key + ' .js-plotly-plot').forEach(function (gd) {
      const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
      const map = sub && sub.map;
      if (!map || !map.loaded()) return;
      const width = map.getContainer().clientWidth, height = map.getContainer().clientHeight;
      const reset = Math.abs(map.getZoom() - serverZoom) < 1e-6;
      if (!reset && gd.dataset.fittedWidth === String(width) && gd.dataset.fittedHeight === String(height)) return;
      map.fitBounds(bounds, {padding: 12, animate: false});
      gd.dataset.fittedWidth = String(width);
      gd.dataset.fittedHeight = String(height);
      gd.dataset.fitted = '1';
    });
  }
  if (window['kpiFit_' + key]) clearInterval(window['kpiFit_' + key]);
  window['kpiFit_' + key] = setInterval(fit, 300);
})();</script>"""


def fit_map(key: str, bounds: tuple[float, float, float, float] | None, server_zoom: float) -> None:
    """Fit the maplibre map of the chart whose container key is ``key`` to ``bounds`` (west,
    south, east, north, degrees) in the reader's browser. Only our own numbers and key reach
    the script (JSON-encoded); nothing from the data."""
    if bounds is None:
        return
    west, south, east, north = (float(v) for v in bounds)
    st.html(
        _SCRIPT
        % {
            "key": json.dumps(key),
            "bounds": json.dumps([[west, south], [east, north]]),
            "zoom": json.dumps(float(server_zoom)),
        },
        unsafe_allow_javascript=True,
    )
