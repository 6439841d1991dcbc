"""Overview: the chosen area's key numbers against the whole country, with a trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.balance import BALANCE_INPUTS, balance
from metrics.pain_points import peers
from pages import _common as c
from pages._charts import trend_chart

c.require_shell()

KEY_INDICATORS = [
    "cw_notified",
    "cw_open_care",
    "cw_placed",
    "cw_urgent",
    "family_work",
    "home_help",
    "ecec_share",
    "school_health_poor",
    "cost_cw_placements",
    "cost_preventive",
    "fc_wait_days",
    "parent_survey_timely_help",
]

level, code = c.area()
name = c.area_name(level, code)
c.page_header(c.tr("overview.title", area=name))
st.write(c.tr("overview.intro"))

areas = [(level, code)] if level == "country" else [(level, code), ("country", "SSS")]
values = c.area_values(areas, KEY_INDICATORS)
meta = c.indicators().set_index("code")


def meta_row(code: str) -> pd.Series:
    return meta.loc[code]  # type: ignore[return-value]


years = sorted(int(y) for y in values["year"].unique())
if not years:
    st.info(c.tr("common.no_data"))
    st.stop()

year = st.selectbox(c.tr("overview.year"), years[::-1], key="overview_year")
st.subheader(c.tr("overview.key_figures", year=year))
# one pass over the frame: (indicator, level) -> [(year, shown)]
points: dict[tuple[str, str], list[tuple[int, float]]] = {}
for ind, lvl, yr, val in zip(
    values["indicator_code"], values["region_level"], values["year"], values["shown"], strict=True
):
    points.setdefault((ind, lvl), []).append((int(yr), float(val)))
at_year = {key: val for key, pts in points.items() for yr, val in pts if yr == year}
cols = st.columns(3)
for i, ind in enumerate(KEY_INDICATORS):
    if at_year.get((ind, level)) is None:
        continue
    m = meta_row(ind)
    dec = c.decimals_of(ind)
    shown = at_year[(ind, level)]
    unit = c.unit_label(m)
    label = c.indicator_name(ind) if unit in c.indicator_name(ind) else f"{c.indicator_name(ind)} ({unit})"
    delta = None
    help_text = c.tr("overview.better_higher") if m["direction"] > 0 else c.tr("overview.better_lower")
    if level != "country":
        nat_value = at_year.get((ind, "country"))
        if nat_value is not None:
            help_text = c.tr("overview.vs_country", value=c.fmt(nat_value, dec)) + ". " + help_text
            if shown == shown and nat_value == nat_value:  # both known (NaN != NaN)
                diff = shown - nat_value
                delta = ("+" if diff >= 0 else "-") + c.fmt(abs(diff), dec)
    trend = [v for _, v in sorted(points[(ind, level)])]
    cols[i % 3].metric(
        label,
        c.fmt(shown, dec),
        delta=delta,
        delta_color="normal" if m["direction"] > 0 else "inverse",
        delta_description=c.tr("overview.delta_vs_country") if delta else None,
        help=help_text,
        border=True,
        chart_data=[None if v != v else round(v, 2) for v in trend],
    )

# the LAPE balance: preventive clients against preventive + corrective clients
bal = c.computed(balance, c.area_raw((level, code), BALANCE_INPUTS))
if not bal.empty:
    now = bal[bal["year"] == year]
    if not now.empty:
        st.metric(
            c.tr("overview.balance") + " (%)",
            c.fmt(now["preventive_share"].iloc[0], 1),
            help=c.tr("overview.balance_help"),
            chart_data=list(bal["preventive_share"].round(1)),
            border=True,
        )


@st.cache_resource(ttl=c.CACHE_TTL, show_spinner=False)
def peer_table(url: str, level: str, code: str, year: int, lang: str) -> pd.DataFrame:
    """The area and its five nearest peers by child population, on six key indicators."""
    near = peers(c.level_raw(["pop_0_17"], level, year), code, 5)
    values = c.level_values(KEY_INDICATORS[:6], level, year)
    values = values[values["region_code"].isin([code, *near])]
    table = values.assign(
        area=[c.area_name(level, r) for r in values["region_code"]],
        indicator=[c.indicator_name(i) for i in values["indicator_code"]],
        label=c.value_labels(values),
    ).pivot_table(index="area", columns="indicator", values="label", aggfunc="first")
    table.index.name = c.tr("col.area")
    return table


if level != "country":
    st.subheader(c.tr("overview.peers"))
    st.dataframe(peer_table(c.database_url(), level, code, year, c.lang()), width="stretch")

st.subheader(c.tr("overview.trend"))
names = {code: c.indicator_name(code) for code in KEY_INDICATORS}
choice = st.selectbox(c.tr("overview.indicator"), KEY_INDICATORS, format_func=names.__getitem__, key="overview_trend")
series = values[values["indicator_code"] == choice].copy()
m = meta_row(choice)
dec = c.decimals_of(choice)
series["series"] = [c.area_name(lv, cd) for lv, cd in zip(series["region_level"], series["region_code"], strict=True)]
series["label"] = [c.fmt(v, dec) for v in series["shown"]]
alt_text = c.tr("overview.chart_alt", indicator=c.indicator_name(choice), area=name, start=min(years), end=max(years))
c.chart(
    trend_chart,
    series[["year", "series", "shown", "label"]],
    alt_text=alt_text,
    lang=c.lang(),
    decimals=dec,
    y_title=c.unit_label(m),
    series_title=c.tr("col.area"),
    year_title=c.tr("col.year"),
)
with st.expander(c.tr("common.data_table")):
    table = series.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    table.index.name = c.tr("col.year")
    st.dataframe(table, width="stretch")
