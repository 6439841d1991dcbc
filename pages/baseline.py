"""Baseline (lähtötilanneanalyysi): the chosen area's pain points and a heat map of areas x indicators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.pain_points import pain_points, peers, standardised_gaps
from pages import _common as c
from pages._charts import heat_frame, heat_map

c.require_shell()

level, code = c.area()
c.page_header(c.tr("baseline.title", area=c.area_name(level, code)))
st.write(c.tr("baseline.intro"))
meta = c.indicators().set_index("code")
directions = meta["direction"]
codes = [i for i in c.indicator_options() if directions.get(i, 0) != 0 and meta.loc[i, "unit"] != "eur"]
view_level = "county" if level == "country" else level
values = c.level_values(codes, view_level)
years = sorted(int(y) for y in values["year"].unique())
if not years:
    st.info(c.tr("common.no_data"))
    st.stop()
year = st.selectbox(c.tr("baseline.year"), years[::-1], key="baseline_year")
# each indicator at its latest year up to the chosen one (surveys run every other year)
upto = values[values["year"] <= year]
latest = upto.groupby("indicator_code")["year"].transform("max")
current = upto[upto["year"] == latest]
country = c.area_values([("country", "SSS")], codes)
country = country.merge(current[["indicator_code", "year"]].drop_duplicates(), on=["indicator_code", "year"])
gaps = c.computed(standardised_gaps, current, country, directions)
names = {i: c.indicator_name(i) for i in codes}

if level == "country":
    st.info(c.tr("baseline.pick_area"))
else:
    st.subheader(c.tr("baseline.pain_points"))
    own = pain_points(gaps, code).head(6)
    counts = gaps.groupby("indicator_code")["gap"].count()
    ranks = gaps.groupby("indicator_code")["gap"].rank(ascending=True, method="min")
    table = pd.DataFrame(
        {
            c.tr("col.indicator"): [names[i] for i in own["indicator_code"]],
            c.tr("col.year_used"): own["year"].astype(int).astype(str),
            c.tr("col.value"): c.value_labels(own),
            c.tr("col.country"): c.value_labels(own, "country"),
            c.tr("col.gap"): [c.fmt(v, 2) for v in own["gap"]],
            c.tr("col.rank"): [
                f"{int(ranks[idx])}/{int(counts[i])}" for idx, i in zip(own.index, own["indicator_code"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")

st.subheader(c.tr("baseline.heatmap"))
areas = c.regions()
names_col = f"name_{c.lang()}"
if view_level == "municipality":
    municipalities = areas[areas["level"] == "municipality"]
    own_county = municipalities.set_index("code").at[code, "county_code"]
    shown = gaps[gaps["region_code"].isin(municipalities[municipalities["county_code"] == own_county]["code"])]
else:
    shown = gaps
area_names = areas[areas["level"] == view_level].set_index("code")[names_col]
heat = c.computed(heat_frame, shown, area_names, names, {i: c.decimals_of(i) for i in codes}, c.lang())
alt_text = c.tr("baseline.heatmap_alt", n=heat["area"].nunique(), m=heat["indicator"].nunique())
titles = {"area": c.tr("col.area"), "indicator": c.tr("col.indicator"), "value": c.tr("col.value")}
c.chart(heat_map, heat, alt_text=alt_text, gap_title=c.tr("col.gap"), titles=titles)
with st.expander(c.tr("common.data_table")):
    heat_table = heat.pivot_table(index="area", columns="indicator", values="gap_label", aggfunc="first")
    heat_table.index.name = c.tr("col.area")
    st.dataframe(heat_table, width="stretch")

if level != "country":
    st.subheader(c.tr("baseline.peers"))
    population = c.level_raw(["pop_0_17"], view_level, int(current["year"].max()))
    near = peers(population, code)
    top = list(pain_points(gaps, code).head(4)["indicator_code"])
    peer_rows = current[current["region_code"].isin([code, *near]) & current["indicator_code"].isin(top)]
    peer_table = peer_rows.assign(
        area=peer_rows["region_code"].map(area_names),
        indicator=peer_rows["indicator_code"].map(names),
        label=c.value_labels(peer_rows),
    ).pivot_table(index="area", columns="indicator", values="label", aggfunc="first")
    peer_table.index.name = c.tr("col.area")
    st.dataframe(peer_table, width="stretch")
