"""Tile grid, boundary loading (formats, codes, dissolving, orientation, payload) and map specs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import shape
from sqlalchemy import Engine

from geo.boundaries import BoundaryError, load_boundaries, stored_layer, stored_levels
from geo.maps import choropleth, classed, tile_map
from geo.tiles import TILE_GRID, tile_frame
from store.queries import regions_frame
from tests.conftest import shared_path
from tests.geo.conftest import county_squares


def test_tile_grid_has_every_county_once() -> None:
    frame = tile_frame()
    assert len(frame) == 23
    assert len(set(TILE_GRID.values())) == 23  # no two tiles on one spot
    codes = {r["code"] for r in regions_frame_static() if r["level"] == "county"}
    assert set(frame["code"]) == codes
    # Lapland at the top, Helsinki at the bottom, Åland furthest west
    assert TILE_GRID["21"][1] == 0 and TILE_GRID["90"][1] == max(r for _, r in TILE_GRID.values())
    assert TILE_GRID["91"][0] == min(c for c, _ in TILE_GRID.values())


def regions_frame_static() -> list[dict]:
    from store.reference import region_rows

    return region_rows()


def _clockwise(geometry: dict) -> bool:
    from shapely.geometry import Polygon

    geom = shape(geometry)
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return all(not Polygon(p.exterior).exterior.is_ccw for p in polys)


def test_county_file_loads_and_dissolves_into_regions(empty_engine: Engine, squares_geojson: Path) -> None:
    result = load_boundaries(empty_engine, squares_geojson, regions_frame(empty_engine))
    assert (result.level, result.features, result.unknown, result.missing) == ("county", 23, [], [])
    assert set(stored_levels(empty_engine)) == {"county", "region", "country"}
    counties = stored_layer(empty_engine, "county")
    assert counties is not None and counties["source"] == "counties.geojson"
    assert len(counties["features"]) == 23
    assert all(_clockwise(f["geometry"]) for f in counties["features"])
    regions = stored_layer(empty_engine, "region")
    assert regions is not None and len(regions["features"]) == 19  # Uusimaa's 4 counties + Helsinki -> one region


def test_zipped_shapefile_and_geopackage(empty_engine: Engine, tmp_path: Path) -> None:
    gdf = county_squares()
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    gdf.to_file(shp_dir / "hva.shp")
    archive = tmp_path / "hva.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in shp_dir.iterdir():
            z.write(part, part.name)
    assert load_boundaries(empty_engine, archive, regions_frame(empty_engine)).features == 23
    gpkg = tmp_path / "hva.gpkg"
    gdf.to_file(gpkg, layer="hyvinvointialueet", driver="GPKG")
    assert load_boundaries(empty_engine, gpkg, regions_frame(empty_engine), "hyvinvointialueet").features == 23


def test_file_without_codes_is_refused(empty_engine: Engine, tmp_path: Path) -> None:
    gdf = county_squares().rename(columns={"hyvinvointialue": "something"})
    gdf["something"] = "x"
    path = tmp_path / "bad.geojson"
    gdf.to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryError) as exc:
        load_boundaries(empty_engine, path, regions_frame(empty_engine))
    assert exc.value.key == "geo.err.no-codes"


def test_real_municipality_boundaries(empty_engine: Engine) -> None:
    path = shared_path("data", "fi-boundaries-nls-4500k", "kuntarajat.2023.json")
    result = load_boundaries(empty_engine, path, regions_frame(empty_engine))
    assert result.level == "municipality"
    assert result.merged == ["588->507"]  # Pertunmaa joined to Mäntyharju
    assert (result.features, result.unknown, result.missing) == (308, [], [])
    assert result.sizes["municipality"] < 400 * 1024
    counties = stored_layer(empty_engine, "county")
    assert counties is not None and len(counties["features"]) == 23
    munis = stored_layer(empty_engine, "municipality")
    assert munis is not None and all(_clockwise(f["geometry"]) for f in munis["features"])


def test_real_topojson_layer(empty_engine: Engine) -> None:
    path = shared_path("data", "fi-hva-topojson-yle", "finland-hva-2021.topo.json")
    layers = list(json.loads(path.read_text())["objects"])
    results = []
    for layer in layers:
        try:
            results.append(load_boundaries(empty_engine, path, regions_frame(empty_engine), layer))
        except BoundaryError:
            continue
    by_level = {r.level: r for r in results}
    assert by_level["municipality"].features >= 300  # 2021 municipalities by their 'id' codes
    # the 2021 county layer, matched by its Finnish names, has the 21 counties without Helsinki and Åland
    assert (by_level["county"].features, by_level["county"].missing) == (21, ["90", "91"])


def _table() -> pd.DataFrame:
    codes = sorted(TILE_GRID)
    table = pd.DataFrame(
        {
            "region_code": codes,
            "value": [float(i) for i in range(len(codes))],
            "suppressed": [i == 3 for i in range(len(codes))],
        }
    )
    table.loc[3, "value"] = float("nan")
    table["name"] = table["region_code"]
    table["label"] = table["value"].astype(str)
    table["num_label"] = ""
    table["den_label"] = ""
    return table


def test_tile_map_spec_colours_suppressed_grey() -> None:
    table, labels = classed(_table(), lambda v: f"{v:.0f}")
    assert len(labels) == 5 and labels[0] == "0–5"  # 20 % quantile of 0..22 without 3 is 4.8
    assert table.loc[3, "klass"] == ".."
    spec = tile_map(
        table, labels, legend_title="x", titles={"area": "a", "value": "v", "numerator": "n", "denominator": "d"}
    ).to_dict()
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["condition"] == {"test": "datum.klass === ''", "value": "#f0f0f0"}  # no data
    assert colour["scale"]["domain"] == [*labels, ".."]
    assert colour["scale"]["range"][-1] == "#bdbdbd"  # suppressed areas grey
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == 23


def test_choropleth_spec_joins_values_by_code(empty_engine: Engine, squares_geojson: Path) -> None:
    load_boundaries(empty_engine, squares_geojson, regions_frame(empty_engine))
    layer = stored_layer(empty_engine, "county")
    assert layer is not None
    table, labels = classed(_table(), lambda v: f"{v:.0f}")
    spec = choropleth(
        layer, table, labels, legend_title="x", titles={"area": "a", "value": "v", "numerator": "n", "denominator": "d"}
    ).to_dict()
    values = spec["data"]["values"]
    assert len(values) == 23
    by_code = {f["properties"]["code"]: f["properties"] for f in values}
    assert by_code[sorted(TILE_GRID)[3]]["klass"] == ".."
    assert by_code[sorted(TILE_GRID)[0]]["klass"] == "0–5"


def test_fetch_offline_says_how_to_go_on(empty_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import urllib.error
    import urllib.request

    import geo.__main__ as geo_cli

    def offline(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    code = geo_cli.main(["--db", str(empty_engine.url), "--lang", "en", "fetch", "--year", "2025"])
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "Could not reach the Statistics Finland service (year 2025). The machine is offline or the service does "
        "not answer. Download the boundaries elsewhere and load the file with python -m geo load FILE."
    )
    assert stored_levels(empty_engine) == []


def test_load_command(empty_engine: Engine, squares_geojson: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import geo.__main__ as geo_cli

    assert geo_cli.main(["--db", str(empty_engine.url), "load", str(squares_geojson)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Rajat ladattu: 23 aluetta (taso: hyvinvointialue)."
    assert geo_cli.main(["--db", str(empty_engine.url), "load", "/no/such/file.geojson"]) == 2
