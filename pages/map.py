"""Map: one indicator for every area of a level; tile map by default, real boundaries when loaded."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo.boundaries import BoundaryError, load_boundaries
from geo.maps import choropleth, classed, tile_map
from pages import _common as c

c.require_shell()
c.page_header(c.tr("page.map"))

options = c.indicator_options()
names = {code: c.indicator_name(code) for code in options}
wanted = st.query_params.get("indicator", "cw_placed")
indicator = st.selectbox(
    c.tr("map.indicator"),
    options,
    index=options.index(wanted) if wanted in options else 0,
    format_func=names.__getitem__,
    key=f"map_indicator_{c.lang()}",
)
st.query_params["indicator"] = indicator

levels = ["county", "municipality", "region"]
level_names = {lv: c.tr(f"level.{lv}") for lv in levels}
col_a, col_b = st.columns(2)
level = col_a.radio(
    c.tr("map.level"), levels, format_func=level_names.__getitem__, horizontal=True, key=f"map_level_{c.lang()}"
)
all_years = c.table(indicator, level)
years = sorted(int(y) for y in all_years["year"].unique())
if not years:
    st.info(c.tr("common.no_data"))
    st.stop()
year = col_b.selectbox(c.tr("map.year"), years[::-1], key=f"map_year_{c.lang()}_{indicator}")
st.query_params["year"] = str(year)

dec = c.decimals_of(indicator)
data = all_years[all_years["year"] == year].copy()
data["name"] = data["region_name"]
data["label"] = [c.fmt(v, dec) for v in data["value"]]
data["num_label"] = [c.fmt(v, 0) for v in data["numerator"]]
data["den_label"] = [c.fmt(v, 0) for v in data["denominator"]]
data, labels = classed(data, lambda v: c.fmt(v, dec))
meta = c.indicators().set_index("code").loc[indicator]
unit = c.unit_label(meta)  # type: ignore[arg-type]
titles = {
    "area": c.tr("col.area"),
    "value": unit,
    "numerator": c.tr("col.numerator"),
    "denominator": c.tr("col.denominator"),
}
alt_text = c.tr("map.alt", indicator=names[indicator], level=level_names[level], year=year)

left, right = st.columns([3, 2])
with left:
    layer = c.boundaries(level)
    if level == "county" and layer is None:
        c.chart(tile_map, data, labels, alt_text=alt_text, width="content", legend_title=unit, titles=titles)
        st.caption(c.tr("map.tiles_note"))
    elif layer is not None:
        c.chart(choropleth, layer, data, labels, alt_text=alt_text, legend_title=unit, titles=titles)
        st.caption(c.tr("map.boundary_source", source=layer.get("source", "")))
    else:
        st.info(c.tr("map.no_boundaries"))
        c.source_caption()
with right:
    table = data[["name", "label", "num_label", "den_label"]].rename(
        columns={
            "name": c.tr("col.area"),
            "label": unit,
            "num_label": c.tr("col.numerator"),
            "den_label": c.tr("col.denominator"),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=560)

with st.expander(c.tr("map.admin")):
    upload = st.file_uploader(c.tr("map.upload"), type=["json", "geojson", "topojson", "gpkg", "zip"], key="geo_file")
    layer_name = st.text_input(c.tr("map.layer"), key="geo_layer")
    if upload is not None and st.button(c.tr("map.load"), key="geo_load"):
        suffix = Path(upload.name).suffix or ".json"
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as tmp:
            tmp.write(upload.getvalue())
        try:
            result = load_boundaries(c.engine(), tmp.name, c.regions(), layer_name or None)
        except BoundaryError as exc:
            st.error(c.tr(exc.key, **exc.params))
        else:
            c.clear_caches()
            st.success(c.tr("geo.loaded", level=c.tr(f"level.{result.level}"), n=result.features))
        finally:
            Path(tmp.name).unlink(missing_ok=True)
