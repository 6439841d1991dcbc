"""Baseline (lähtötilanneanalyysi): the chosen area's pain points and a heat map of areas x indicators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import t
from metrics.pain_points import latest_gaps, pain_points, peers
from pages import _common as c
from pages._charts import heat_frame, heat_map

c.require_shell()

level, code = c.area()
c.page_header(c.tr("baseline.title", area=c.area_name(level, code)))
st.write(c.tr("baseline.intro"))
meta = c.indicators().set_index("code")
directions = meta["direction"]
codes = tuple(i for i in c.indicator_options() if directions.get(i, 0) != 0 and meta.loc[i, "unit"] != "eur")
view_level = "county" if level == "country" else level
URL = c.database_url()


# Cached under scalar keys: a warm run then hashes a few strings, not data frames.
@st.cache_resource(ttl=c.CACHE_TTL, show_spinner=False)
def years_of(url: str, view_level: str, codes: tuple[str, ...]) -> list[int]:
    return sorted(int(y) for y in c.level_values(codes, view_level)["year"].unique())


@st.cache_resource(ttl=c.CACHE_TTL, show_spinner=False)
def gaps_at(url: str, view_level: str, year: int, codes: tuple[str, ...]) -> pd.DataFrame:
    directions = c.indicators().set_index("code")["direction"]
    country = c.area_values([("country", "SSS")], codes)
    return latest_gaps(c.level_values(codes, view_level), country, directions, year)


years = years_of(URL, view_level, codes)
if not years:
    st.info(c.tr("common.no_data"))
    st.stop()
year = st.selectbox(c.tr("baseline.year"), years[::-1], key="baseline_year")
gaps = gaps_at(URL, view_level, year, codes)
current = gaps
names = {i: c.indicator_name(i) for i in codes}

if level == "country":
    st.info(c.tr("baseline.pick_area"))
else:
    st.subheader(c.tr("baseline.pain_points"))
    own = pain_points(gaps, code, 6)
    table = pd.DataFrame(
        {
            c.tr("col.indicator"): [names[i] for i in own["indicator_code"]],
            c.tr("col.year_used"): own["year"].astype(int).astype(str),
            c.tr("col.value"): c.value_labels(own),
            c.tr("col.country"): c.value_labels(own, "country"),
            c.tr("col.gap"): [c.fmt(v, 2) for v in own["gap"]],
            c.tr("col.rank"): [f"{int(r)}/{int(n)}" for r, n in zip(own["rank"], own["of"], strict=True)],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")

st.subheader(c.tr("baseline.heatmap"))


@st.cache_resource(ttl=c.CACHE_TTL, show_spinner=False)
def heat_view(
    url: str, view_level: str, year: int, codes: tuple[str, ...], lang: str, county: str | None
) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The heat map's rows, its built spec and its table, for a level's areas or a county's municipalities."""
    frame = gaps_at(url, view_level, year, codes)
    names = {i: c.indicator_name(i) for i in codes}  # the session's language, which is `lang`
    titles = {"area": t("col.area", lang), "indicator": t("col.indicator", lang), "value": t("col.value", lang)}
    if county is not None:
        in_county = c.regions()[lambda r: (r["level"] == "municipality") & (r["county_code"] == county)]["code"]
        frame = frame[frame["region_code"].isin(in_county)]
    area_names = c.regions()[lambda r: r["level"] == view_level].set_index("code")[f"name_{lang}"]
    decimals = {i: c.decimals_of(i) for i in codes}
    rows = heat_frame(frame, area_names, names, decimals, lang)
    spec = heat_map(rows, gap_title=t("col.gap", lang), titles=titles).to_dict(validate=False)
    table = rows.pivot_table(index="area", columns="indicator", values="gap_label", aggfunc="first")
    table.index.name = t("col.area", lang)
    return rows, spec, table


own_county = None
if view_level == "municipality":
    own_county = str(c.regions().set_index(["level", "code"]).at[("municipality", code), "county_code"])
heat, heat_spec, heat_table = heat_view(URL, view_level, year, codes, c.lang(), own_county)
alt_text = c.tr("baseline.heatmap_alt", n=heat["area"].nunique(), m=heat["indicator"].nunique())
c.draw(heat_spec, alt_text)
with st.expander(c.tr("common.data_table")):
    st.dataframe(heat_table, width="stretch")

if level != "country":
    st.subheader(c.tr("baseline.peers"))
    area_names = c.regions()[lambda r: r["level"] == view_level].set_index("code")[f"name_{c.lang()}"]
    population = c.level_raw(["pop_0_17"], view_level, int(current["year"].max()))
    near = peers(population, code)
    top = list(pain_points(gaps, code, 4)["indicator_code"])
    peer_rows = current[current["region_code"].isin([code, *near]) & current["indicator_code"].isin(top)]
    peer_table = peer_rows.assign(
        area=peer_rows["region_code"].map(area_names),
        indicator=peer_rows["indicator_code"].map(names),
        label=c.value_labels(peer_rows),
    ).pivot_table(index="area", columns="indicator", values="label", aggfunc="first")
    peer_table.index.name = c.tr("col.area")
    st.dataframe(peer_table, width="stretch")
