"""The boundaries that ship with the product: Finland's municipalities, wellbeing services counties and
regions in the 2025 division, simplified from the National Land Survey's 1:4 500 000 administrative
borders (CC BY 4.0). Shown whenever no newer layer was loaded with `python -m geo load|fetch`, so the
first map anyone sees is Finland, offline.

Built once by `python -m geo embed DIR` from the NLS municipality GeoJSON (kuntarajat.2023.json):
Pertunmaa (588) goes into Mäntyharju (507), every higher level is dissolved from the municipalities by
the embedded region classification, and each level is simplified to a payload budget.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("data") / "finland_2025.json.gz"
ATTRIBUTION = "NLS 1:4 500 000, CC BY 4.0"
BUDGET_BYTES = {"municipality": 300_000, "county": 120_000, "region": 120_000, "country": 40_000}


@cache
def _layers() -> dict[str, Any]:
    if not PATH.is_file():
        return {}
    with gzip.open(PATH, "rt", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def embedded_layer(level: str) -> dict[str, Any] | None:
    """The embedded FeatureCollection of a level (properties: code), or None."""
    layers = _layers().get("levels", {})
    layer = layers.get(level)
    if layer is None:
        return None
    return {**layer, "source": "embedded"}


def build(source: Path, regions: Any) -> dict[str, int]:
    """Write PATH from an NLS municipality boundary file; returns the features per level."""
    from geo.boundaries import dissolve_levels, identify, read_file, to_vega_geojson

    gdf = read_file(source)
    identified, result = identify(gdf, regions)
    if result.level != "municipality" or result.missing:
        raise ValueError(f"expected every 2025 municipality, missing {result.missing}")
    levels = dissolve_levels(identified, regions, "municipality")
    out = {lvl: to_vega_geojson(frame, BUDGET_BYTES[lvl]) for lvl, frame in levels.items()}
    payload = {
        "source": "Maanmittauslaitos / National Land Survey of Finland, Administrative borders 1:4 500 000",
        "licence": "CC BY 4.0",
        "input": source.name,
        "division": 2025,
        "merged": result.merged,
        "levels": out,
    }
    PATH.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    with gzip.GzipFile(PATH, "wb", mtime=0) as fh:  # mtime 0: the same input gives the same bytes
        fh.write(text.encode("utf-8"))
    _layers.cache_clear()
    return {lvl: len(fc["features"]) for lvl, fc in out.items()}
