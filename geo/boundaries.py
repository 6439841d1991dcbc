"""Official boundary files: read, check codes against the region table, dissolve, simplify, store.

Reads GeoJSON, TopoJSON (by layer), GeoPackage and zipped Shapefiles with geopandas
(pyogrio, offline). Municipality boundaries are dissolved into counties, regions and the
country with the region table, so every level's map comes from one file. Geometry is
simplified in EPSG:3067 until the GeoJSON fits a payload budget, then turned to EPSG:4326
with clockwise outer rings (what Vega expects).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from store import state
from store.reference import MERGED_MUNICIPALITIES, alias_key
from store.schema import geo_layers

BUDGET_BYTES = {"municipality": 380_000, "county": 200_000, "region": 200_000, "country": 80_000}
CODE_COLUMNS = ("natcode", "kunta", "kuntanro", "kuntakoodi", "code", "kunta_code", "municipality_code", "id")
NAME_COLUMNS = ("namefin", "nimi", "name", "name_fi", "kunta_nimi", "nimi_fi")


class BoundaryError(Exception):
    """A boundary file that cannot be used; args[0] is an i18n key, kwargs in .params."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class LoadResult:
    level: str
    features: int
    unknown: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)


def read_file(path: str | Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """GeoJSON, TopoJSON (layer), GeoPackage or a zipped Shapefile as a GeoDataFrame."""
    p = Path(path)
    target = str(p)
    if zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as z:
            shp = [n for n in z.namelist() if n.lower().endswith(".shp")]
        if not shp:
            raise BoundaryError("geo.err.no-shp")
        target = f"zip://{p}!{shp[0]}"
    try:
        gdf = gpd.read_file(target, layer=layer) if layer else gpd.read_file(target)
    except Exception as exc:  # pyogrio raises its own error types for unreadable files
        raise BoundaryError("geo.err.unreadable", detail=type(exc).__name__) from exc
    if gdf.empty:
        raise BoundaryError("geo.err.empty")
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    return gdf


def _code_column(gdf: gpd.GeoDataFrame, known: set[tuple[str, str]]) -> tuple[str, str] | None:
    """(column, level) whose values match region codes best."""
    best: tuple[float, str, str] | None = None
    for col in gdf.columns:
        if col == "geometry":
            continue
        values = gdf[col].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
        for level, width in (("municipality", 3), ("county", 2)):
            padded = values.str.zfill(width)
            share = padded.map(lambda c, lv=level: (lv, c) in known).mean()
            score = share + (0.01 if col.lower() in CODE_COLUMNS else 0)
            if share > 0.5 and (best is None or score > best[0]):
                best = (score, col, level)
    return (best[1], best[2]) if best else None


def identify(gdf: gpd.GeoDataFrame, regions: pd.DataFrame) -> tuple[gpd.GeoDataFrame, LoadResult]:
    """Attach `code` and find the level; old municipality codes go to the merged municipality."""
    known = set(zip(regions["level"], regions["code"], strict=True))
    found = _code_column(gdf, known)
    if found is None:
        for name_level in ("municipality", "county"):
            rows = regions[regions["level"] == name_level]
            names = {
                alias_key(str(n)): c
                for col in ("name_fi", "name_sv", "short_name_fi")
                for n, c in zip(rows[col], rows["code"], strict=True)
                if n
            }
            for col in gdf.columns:
                if col.lower() in NAME_COLUMNS:
                    mapped = gdf[col].astype(str).map(lambda n, m=names: m.get(alias_key(n)))
                    if mapped.notna().mean() > 0.5:
                        gdf = gdf.assign(_code=mapped.fillna(gdf[col].astype(str)))
                        found = ("_code", name_level)
                        break
            if found is not None:
                break
    if found is None:
        raise BoundaryError("geo.err.no-codes")
    col, level = found
    width = 3 if level == "municipality" else 2
    codes = gdf[col].astype(str).str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(width)
    result = LoadResult(level, 0)
    if level == "municipality":
        for old, (_name, new) in MERGED_MUNICIPALITIES.items():
            if (codes == old).any():
                result.merged.append(f"{old}->{new}")
        codes = codes.map(lambda c: MERGED_MUNICIPALITIES[c][1] if c in MERGED_MUNICIPALITIES else c)
    valid = codes.map(lambda c: (level, c) in known)
    result.unknown = sorted({str(c) for c in codes[~valid]})
    out = gpd.GeoDataFrame({"code": codes[valid].to_numpy()}, geometry=gdf.geometry[valid].to_numpy(), crs=gdf.crs)
    out = out.dissolve(by="code", as_index=False)
    expected = set(regions[regions["level"] == level]["code"])
    result.missing = sorted(expected - set(out["code"]))
    return out, result


def dissolve_levels(
    areas: gpd.GeoDataFrame, regions: pd.DataFrame, level: str = "municipality"
) -> dict[str, gpd.GeoDataFrame]:
    """Polygons of one level dissolved into the levels above it (county, region, country)."""
    info = regions[regions["level"] == level].set_index("code")
    base = areas.assign(
        county=areas["code"].map(info["county_code"]),
        region=areas["code"].map(info["region_code"]),
        country="SSS",
    )
    out = {level: areas[["code", "geometry"]]}
    above = ("county", "region", "country") if level == "municipality" else ("region", "country")
    for upper in above:
        part = base.dissolve(by=upper, as_index=False)[[upper, "geometry"]].rename(columns={upper: "code"})
        out[upper] = part
    return out


def to_vega_geojson(gdf: gpd.GeoDataFrame, budget: int) -> dict[str, Any]:
    """Simplify (in metres, EPSG:3067) until the FeatureCollection fits `budget` bytes;
    EPSG:4326 with clockwise outer rings, coordinates rounded to 4 decimals (about 10 m)."""
    metric = gdf.to_crs(3067)
    tolerance = 200.0
    for _ in range(12):
        simple = metric.assign(geometry=metric.geometry.simplify(tolerance, preserve_topology=True))
        simple = simple[~simple.geometry.is_empty]
        wgs = simple.to_crs(4326)
        wgs = wgs.assign(geometry=wgs.geometry.orient_polygons(exterior_cw=True))
        collection = json.loads(wgs.to_json(drop_id=True, to_wgs84=False))
        _round(collection)
        payload = json.dumps(collection, separators=(",", ":"))
        if len(payload) <= budget:
            return collection
        tolerance *= 1.6
    return collection


def _round(obj: Any) -> Any:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "coordinates":
                obj[key] = _round_coords(value)
            else:
                _round(value)
    elif isinstance(obj, list):
        for item in obj:
            _round(item)
    return obj


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), 4) for c in coords]
    return [_round_coords(c) for c in coords]


def load_boundaries(engine: Engine, path: str | Path, regions: pd.DataFrame, layer: str | None = None) -> LoadResult:
    """Read, check, dissolve, simplify and store a boundary file; every user then sees it."""
    gdf = read_file(path, layer)
    identified, result = identify(gdf, regions)
    levels = dissolve_levels(identified, regions, result.level)
    collections = {lvl: to_vega_geojson(frame, BUDGET_BYTES[lvl]) for lvl, frame in levels.items()}
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        for lvl, collection in collections.items():
            text = json.dumps(collection, separators=(",", ":"))
            result.sizes[lvl] = len(text)
            conn.execute(delete(geo_layers).where(geo_layers.c.level == lvl))
            conn.execute(
                insert(geo_layers).values(
                    level=lvl, geojson=text, source=Path(path).name, features=len(collection["features"]), loaded_at=now
                )
            )
        state.bump(conn)
    result.features = len(identified)
    return result


def stored_layer(engine: Engine, level: str) -> dict[str, Any] | None:
    """The stored FeatureCollection of a level, or None (the tile map is used then)."""
    with engine.connect() as conn:
        row = conn.execute(select(geo_layers.c.geojson, geo_layers.c.source).where(geo_layers.c.level == level)).first()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row.geojson)
    data["source"] = row.source
    return data


def stored_levels(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(geo_layers.c.level)).scalars())
