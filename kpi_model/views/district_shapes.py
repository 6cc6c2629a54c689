"""Bangkok's 50 district shapes keyed by their district offices' agency codes, for the
districts page's map: joined on the Thai name after the source's spellings are corrected,
never on code digits, never a fuzzy match (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi_model.reference_data import district_boundaries, district_shape_name, spelling_corrections
from kpi_model.store import Store
from kpi_model.views.common import agencies

__all__ = ["DistrictMap", "district_map", "place_districts"]


@dataclass(frozen=True)
class DistrictMap:
    """The district shapes keyed for a map: ``geojson`` is the boundary file with each placed
    feature's ``id`` set to its district office's agency code; ``placed`` the codes placed;
    ``unplaced`` the district offices (code, name_th, name_en) no shape matches (a page names
    them); ``unused_shapes`` the shapes' Thai names no office took."""

    geojson: Mapping[str, Any]
    placed: tuple[str, ...]
    unplaced: tuple[tuple[str, str, str | None], ...] = field(default=())
    unused_shapes: tuple[str, ...] = field(default=())

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) in degrees around every placed shape, for a map fitted
        to the city (issue 25); None when no shape is placed."""
        lons: list[float] = []
        lats: list[float] = []

        def walk(coords: Any) -> None:
            if coords and isinstance(coords[0], (int, float)):
                lons.append(float(coords[0]))
                lats.append(float(coords[1]))
                return
            for part in coords:
                walk(part)

        for feature in self.geojson.get("features", []):
            if str(feature.get("id")) in self.placed:
                walk(feature["geometry"]["coordinates"])
        return (min(lons), min(lats), max(lons), max(lats)) if lons else None


def place_districts(
    offices: pd.DataFrame, boundaries: Mapping[str, Any], corrections: Mapping[str, str]
) -> DistrictMap:
    """Join district offices (agency_code, name_th, name_en) to boundary features on the Thai
    name: the office 'สำนักงานเขตบางนา' takes the shape named 'เขตบางนา' after the source's
    spellings are corrected (``corrections``: source → BMA spelling). Never on code digits,
    never a fuzzy match: an office whose name matches no shape is returned as unplaced."""
    by_name: dict[str, dict[str, Any]] = {}
    for feature in boundaries["features"]:
        source_name = str(feature["properties"]["name_th"]).strip()
        by_name[corrections.get(source_name, source_name)] = feature
    features = []
    placed: list[str] = []
    unplaced: list[tuple[str, str, str | None]] = []
    taken: set[str] = set()
    for code, th, en in zip(offices["agency_code"], offices["name_th"], offices["name_en"]):
        shape = district_shape_name(str(th))
        feature = by_name.get(shape)
        if feature is None or shape in taken:
            unplaced.append((str(code), str(th), None if pd.isna(en) else str(en)))
            continue
        taken.add(shape)
        placed.append(str(code))
        features.append({**feature, "id": str(code)})
    unused = tuple(sorted(name for name in by_name if name not in taken))
    return DistrictMap({"type": "FeatureCollection", "features": features}, tuple(placed), tuple(unplaced), unused)


def district_map(store: Store) -> DistrictMap:
    """The store's district offices placed on Bangkok's 50 district shapes (:func:`place_districts`)."""
    ag = agencies(store)
    offices = ag[ag["kind"] == "district"]
    return place_districts(offices, district_boundaries(), spelling_corrections())
