"""A small boundary file made in the test: county-level squares on the tile grid (no licence needed)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.tiles import TILE_GRID


def county_squares() -> gpd.GeoDataFrame:
    """Each county a 1 x 0.6 degree box placed where its tile is (lon 20-27, lat 59.5-70)."""
    rows = []
    for code, (col, row) in TILE_GRID.items():
        x, y = 20 + col * 1.1, 69 - row * 1.2
        rows.append({"hyvinvointialue": code, "geometry": box(x, y, x + 1.0, y + 1.1)})
    return gpd.GeoDataFrame(rows, crs=4326)


@pytest.fixture()
def squares_geojson(tmp_path: Path) -> Path:
    path = tmp_path / "counties.geojson"
    county_squares().to_file(path, driver="GeoJSON")
    return path
