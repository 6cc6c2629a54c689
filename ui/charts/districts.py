"""The districts page's map: Bangkok's 50 districts coloured by one measure of the league.

Data in, plotly figure out; no arithmetic on the data. A ``Choroplethmap`` over the bundled
boundaries with the ``white-bg`` style: no basemap, no tiles, nothing fetched from the network.
A district without a value is drawn by a second trace in the no-data colour, never as 0 (the
page's caption names the colour: a legend entry would need a cartesian trace over the map)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kpi_model.columns import column_label
from kpi_model.i18n import name_of, status_label, t
from ui.format import DASH, as_int, chart_text, is_missing, number, percent
from ui.theme import FONT, MUTED_TEXT, NO_DATA_COLOR, SCORE_SCALE, STATUS_COLORS, WHITE, styled

__all__ = ["MAP_CENTER", "MAP_HEIGHT", "MAP_ZOOM", "district_map_figure"]

MAP_CENTER = {"lat": 13.725, "lon": 100.635}  # the middle of Bangkok's 50 districts
MAP_ZOOM = 8.6  # the whole city about 340 px wide: fits a phone; ui.maps.fit_map then fits any screen
MAP_HEIGHT = 620  # px: fitted, the city (about 1.3 times as wide as tall) spans some 60 % of a desktop's content
# Shares 0–1: light to the measure's status colour (behind: orange; met, reported: blue).
_SHARE_SCALES = {
    "share_behind": [[0.0, "#FBE3D6"], [1.0, STATUS_COLORS["behind"]]],
    "share_met": [[0.0, "#DCE8F3"], [1.0, STATUS_COLORS["met"]]],
    "reporting_share": [[0.0, "#DCE8F3"], [1.0, STATUS_COLORS["met"]]],
}


def _shown(measure: str, value: object) -> str:
    if is_missing(value):
        return DASH
    return number(value, 1) if measure == "mean_score_100" else percent(value, 0)


def district_map_figure(
    league: pd.DataFrame, geojson: Mapping[str, Any], measure: str, lang: str, title: str | None = None
) -> go.Figure:
    """The district rows of ``league`` (:func:`kpi_model.views.district_league`) on the shapes
    of ``geojson`` (:class:`kpi_model.views.DistrictMap`, features' ``id`` = agency code),
    coloured by ``measure`` (one of :data:`kpi_model.views.MAP_MEASURES`): the score on the
    stepped 0–100 score scale, a share on a light-to-dark scale of 0–100 %. Hover: the
    district's name, the measure, mean score, shares met and behind, share reported, rank.
    Each shape's ``customdata`` is its agency code, for a click to open it."""
    rows = league[league["row_kind"] == "district"]
    placed = {str(f["id"]) for f in geojson["features"]}
    rows = rows[rows["agency_code"].isin(placed)]
    names = [name_of(th, en, lang) for th, en in zip(rows["name_th"].fillna(""), rows["name_en"].fillna(""))]
    hover = [
        "<br>".join(
            [
                f"<b>{chart_text(name)}</b>",
                f"{column_label('mean_score_100', lang)}: {_shown('mean_score_100', r.mean_score_100)}",
                f"{column_label('share_met', lang)}: {_shown('share_met', r.share_met)}",
                f"{column_label('share_behind', lang)}: {_shown('share_behind', r.share_behind)}",
                f"{column_label('reporting_pct', lang)}: {_shown('reporting_share', r.reporting_share)}"
                f" ({as_int(r.reported)} / {as_int(r.reporting_total)})",
                f"{column_label('rank', lang)}: {DASH if is_missing(r.rank) else as_int(r.rank)}",
            ]
        )
        for name, r in zip(names, rows.itertuples(index=False))
    ]
    values = rows[measure]
    has = [not is_missing(v) for v in values]
    codes = [str(c) for c in rows["agency_code"]]
    fig = go.Figure()
    line = {"color": WHITE, "width": 1}
    scored = [i for i, ok in enumerate(has) if ok]
    empty = [i for i, ok in enumerate(has) if not ok]
    is_score = measure == "mean_score_100"
    fig.add_trace(
        go.Choroplethmap(
            geojson=dict(geojson),
            locations=[codes[i] for i in scored],
            z=[float(values.iloc[i]) for i in scored],
            customdata=[codes[i] for i in scored],
            hovertext=[hover[i] for i in scored],
            hoverinfo="text",
            colorscale=SCORE_SCALE if is_score else _SHARE_SCALES[measure],
            zmin=0,
            zmax=100 if is_score else 1,
            marker={"line": line, "opacity": 1},
            colorbar={  # under the map, across: beside it, it would cover the east of the city on a phone
                "title": {
                    "text": t(f"measure_{measure}", lang),
                    "side": "top",
                    "font": {"color": MUTED_TEXT, "family": FONT},
                },
                "tickformat": "" if is_score else ".0%",
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "thickness": 12,
                "len": 0.9,
                "tickfont": {"color": MUTED_TEXT},
            },
            name=t(f"measure_{measure}", lang),
            showlegend=False,
        )
    )
    if empty:
        fig.add_trace(
            go.Choroplethmap(
                geojson=dict(geojson),
                locations=[codes[i] for i in empty],
                z=[0.0] * len(empty),  # one flat colour: the no-data colour, not a value
                customdata=[codes[i] for i in empty],
                hovertext=[hover[i] for i in empty],
                hoverinfo="text",
                colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
                showscale=False,
                marker={"line": line, "opacity": 1},
                name=status_label("no_data", lang),
                showlegend=False,
            )
        )
    fig = styled(fig, title, height=MAP_HEIGHT)
    fig.update_layout(
        map={"style": "white-bg", "center": MAP_CENTER, "zoom": MAP_ZOOM},
        margin={"l": 0, "r": 0, "t": 10, "b": 80},
        hoverlabel={"font": {"family": FONT}},
        clickmode="event+select",
        dragmode=False,
    )
    return fig
