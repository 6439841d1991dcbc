"""Map: one indicator for every area of a level on Finland's real boundaries (embedded NLS 1:4.5M,
2025 division, or a newer layer an admin loaded), or the county-level areas as equal tiles.
Every choice is in the address: ?indicator=cw_placed&level=county&year=2024&style=tiles."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.map import LEVELS, STYLES, indicator_options, load_boundary_file, map_view

c.require_shell()
ctx = c.ctx()
c.page_header(c.tr("page.map"))

options, names = indicator_options(ctx)
indicator = c.selectbox(
    c.tr("map.indicator"),
    options,
    names,
    index=c.linked("indicator", options, options.index("cw_placed") if "cw_placed" in options else 0),
    key=f"map_indicator_{ctx.lang}",
)
c.link("indicator", indicator)

level_names = {lv: c.tr(f"level.{lv}") for lv in LEVELS}
col_a, col_b, col_c = st.columns([2, 1, 1])
level = col_a.radio(
    c.tr("map.level"),
    LEVELS,
    index=c.linked("level", LEVELS),
    format_func=level_names.__getitem__,
    horizontal=True,
    key=f"map_level_{ctx.lang}",
)
c.link("level", level)
style = "boundaries"
if level == "county":
    style_names = {s: c.tr(f"map.style.{s}") for s in STYLES}
    style = col_c.radio(
        c.tr("map.style"),
        STYLES,
        index=c.linked("style", STYLES),
        format_func=style_names.__getitem__,
        horizontal=True,
        key=f"map_style_{ctx.lang}",
    )
    c.link("style", style)
first = map_view(ctx, indicator, level, None, c.area(), style)
if not first.years:
    st.subheader(c.md(first.heading), anchor=False)
    st.info(c.tr("map.no_data_level", level=level_names[level]))
    st.stop()
year = col_b.selectbox(
    c.tr("map.year"), first.years, index=c.linked("year", first.years), key=f"map_year_{ctx.lang}_{indicator}"
)
c.link("year", year)
view = map_view(ctx, indicator, level, year, c.area(), style)

left, right = st.columns([3, 2])
with left:
    if view.chart is not None:
        c.chart(view.chart, width="content" if view.kind == "tiles" else "stretch", data_table=False)
        if view.kind == "tiles":
            st.caption(c.tr("map.tiles_note"))
        c.about(indicator)
    else:
        st.info(c.tr("map.no_boundaries"))
with right:
    c.table(view.table, height=560, title=view.heading, sources=view.chart.sources if view.chart else "")

admin = c.identity()
if admin is not None and admin.role == "admin":  # boundary layers are an admin's job (checked again in the view)
    with st.expander(c.tr("map.admin")):
        upload = st.file_uploader(
            c.tr("map.upload"), type=["json", "geojson", "topojson", "gpkg", "zip"], key="geo_file"
        )
        layer_name = st.text_input(c.tr("map.layer"), key="geo_layer")
        if upload is not None and st.button(c.tr("map.load"), key="geo_load"):
            ok, message = load_boundary_file(ctx, admin, upload.getvalue(), upload.name, layer_name or None)
            (st.success if ok else st.error)(c.md(message))
