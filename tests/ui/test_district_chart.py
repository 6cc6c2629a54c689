"""The districts map builder: a district without a value is drawn in the no-data colour by its
own trace (never as 0), every shape carries its agency code for a click, nothing is fetched."""

from __future__ import annotations

from kpi_model import views
from kpi_model.store import Store
from tests.views.test_district import tables
from ui.charts.districts import district_map_figure
from ui.theme import NO_DATA_COLOR


def test_a_district_without_a_score_is_drawn_in_the_no_data_colour_not_as_zero(tmp_path):
    s = Store(tmp_path / "store")
    s.write(tables(), note="districts by hand")
    league = views.district_league(s, 2564, 3)  # nobody reported Q3: no scores anywhere
    league.loc[league["agency_code"] == "5001", "mean_score_100"] = 42.0  # one district with a score
    placed = views.district_map(s)
    fig = district_map_figure(league, placed.geojson, "mean_score_100", "th")
    scored, empty = fig.data
    assert list(scored.locations) == ["5001"] and list(scored.z) == [42.0]
    assert list(empty.locations) == ["5047"] and set(empty.colorscale[0][1:] + empty.colorscale[-1][1:]) == {
        NO_DATA_COLOR
    }
    assert list(scored.customdata) == ["5001"] and list(empty.customdata) == ["5047"]
    assert "สำนักงานเขตบางนา" in empty.hovertext[0] and "—" in empty.hovertext[0]
    assert fig.layout.map.style == "white-bg"  # no basemap tiles to fetch
