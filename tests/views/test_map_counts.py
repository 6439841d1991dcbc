"""The map after a project worker's upload of counts without their population (what a filled template
usually is): the heading and table say 'lkm', not '/ 1 000', and tiles without data are blank, not 'null'."""

from __future__ import annotations

import json
from pathlib import Path

from data_loaders.ingest import ingest_bytes
from i18n import t
from store.engine import init_db, make_engine
from views.context import forget_engines, open_context
from views.map import map_view


def test_counts_without_population_on_the_tile_map(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    engine = make_engine(url)
    init_db(engine)
    data = b"alue;indikaattori;vuosi;arvo\nP\xc3\xa4ij\xc3\xa4t-H\xc3\xa4meen hyvinvointialue;cw_placed;2025;40\n"
    assert ingest_bytes(engine, data, "ph.csv").ok
    try:
        view = map_view(open_context("fi", url), "cw_placed", "county", 2025, ("county", "09"), "tiles")
        unit = t("unit.count", "fi")
        assert unit in view.heading and "1 000" not in view.heading
        assert list(view.table.frame.columns)[1] == unit
        assert view.table.highlight is not None
        assert view.table.frame.iloc[view.table.highlight][unit] == f"40 {unit}"
        assert view.chart is not None
        tiles = [row for rows in view.chart.spec["datasets"].values() for row in rows]
        assert len(tiles) >= 23
        assert not [r for r in tiles if r.get("label") is None or r.get("name") is None]
        assert "null" not in json.dumps([r["label"] for r in tiles])
        # the same on the real boundaries (the default): every county drawn, blank where no data
        real = map_view(open_context("fi", url), "cw_placed", "county", 2025, ("county", "09"))
        assert real.kind == "boundaries" and real.chart is not None
        shapes = [f for layer in real.chart.spec["layer"] for f in layer["data"].get("values", [])]
        props = [f["properties"] for f in shapes]
        assert len({p["code"] for p in props}) == 23
        assert not [p for p in props if p["label"] is None or p["name"] is None]
        assert next(p["label"] for p in props if p["code"] == "09") == f"40 {unit}"
    finally:
        forget_engines()
