"""Evaluation: trends since a baseline year against comparison areas, the difference-in-differences
estimate with its caveats, the corrective/preventive balance and costs per child in real terms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import format_number, t
from metrics.balance import BALANCE_INPUTS, balance, cost_groups, did
from metrics.change import change_since, trend_against
from metrics.pain_points import peers
from pages import _common as c
from pages._charts import trend_chart, trend_with_event

c.require_shell()

level, code = c.area()
name = c.area_name(level, code)
c.page_header(c.tr("evaluation.title", area=name))
st.write(c.tr("evaluation.intro"))
if level == "country":
    st.info(c.tr("evaluation.pick_area"))
    st.stop()

options = c.indicator_options()
names = {i: c.indicator_name(i) for i in options}
col1, col2, col3 = st.columns([3, 1, 1])
indicator = col1.selectbox(
    c.tr("overview.indicator"), options, index=options.index("cw_placed"), format_func=names.__getitem__,
    key=f"eval_indicator_{c.lang()}",
)  # fmt: skip
all_values = c.level_values([indicator], level)
years = sorted(int(y) for y in all_values["year"].unique())
if len(years) < 3:
    st.info(c.tr("common.no_data"))
    st.stop()
base_year = col2.selectbox(c.tr("evaluation.baseline_year"), years[:-2], index=min(2, len(years) - 3), key="eval_base")
event_year = col3.selectbox(
    c.tr("evaluation.event_year"), [y for y in years if y > base_year], index=0, key=f"eval_event_{base_year}"
)
population = c.level_raw(["pop_0_17"], level, years[-1])
area_names = c.regions()[lambda r: r["level"] == level].set_index("code")[f"name_{c.lang()}"]
default_peers = peers(population, code, 5)
comparison = st.multiselect(
    c.tr("evaluation.comparison"),
    [x for x in area_names.index if x != code],
    default=default_peers,
    format_func=area_names.__getitem__,
    key=f"eval_peers_{level}_{code}_{c.lang()}",
)

dec = c.decimals_of(indicator)
unit = c.unit_label(c.indicators().set_index("code").loc[indicator])  # type: ignore[arg-type]


# Cached under scalar keys: a warm run then hashes a few strings, not data frames.
@st.cache_resource(ttl=c.CACHE_TTL, show_spinner=False)
def trend_view(
    url: str, level: str, code: str, indicator: str, base: int, event: int, comparison: tuple[str, ...], lang: str
) -> tuple[dict, pd.DataFrame]:
    """The area, the mean of its comparison areas and the country since `base`: spec and table."""
    country = c.area_values([("country", "SSS")], [indicator])
    rows = trend_against(c.level_values([indicator], level), country, code, list(comparison), base)
    kinds = {
        "area": c.area_name(level, code),
        "comparison": t("evaluation.comparison_mean", lang),
        "country": t("sidebar.whole_country", lang),
    }
    decimals = c.decimals_of(indicator)
    rows = rows.assign(series=rows["kind"].map(kinds), label=[format_number(v, lang, decimals) for v in rows["shown"]])
    spec = trend_with_event(
        rows[["year", "series", "shown", "label"]],
        event,
        t("evaluation.event_label", lang),
        lang=lang,
        decimals=decimals,
        y_title=c.unit_label(c.indicators().set_index("code").loc[indicator]),  # type: ignore[arg-type]
        series_title=t("col.area", lang),
        year_title=t("col.year", lang),
    ).to_dict(validate=False)
    table = rows.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    table.index.name = t("col.year", lang)
    return spec, table


own = all_values[all_values["region_code"] == code]
trend_spec, trend_table = trend_view(
    c.database_url(), level, code, indicator, base_year, event_year, tuple(comparison), c.lang()
)
alt_text = c.tr("overview.chart_alt", indicator=names[indicator], area=name, start=base_year, end=years[-1])
c.draw(trend_spec, alt_text)
with st.expander(c.tr("common.data_table")):
    st.dataframe(trend_table, width="stretch")

change = c.computed(change_since, own, base_year)
if not change.empty:
    row = change.iloc[0]
    m1, m2, m3 = st.columns(3)
    m1.metric(c.tr("evaluation.change", start=base_year, end=int(row["latest_year"])), c.fmt(row["change"], dec))
    m2.metric("%", c.fmt(row["change_pct"], 1) + " %")
    m3.metric(c.tr("evaluation.per_year", value=""), c.fmt(row["change_per_year"], 2))

st.subheader(c.tr("evaluation.did"))
series = all_values[["region_code", "year", "shown"]].rename(columns={"shown": "value"})
if comparison:
    result = c.computed(did, series, code, comparison, event_year)  # every year before the change is "before"
    st.metric(c.tr("evaluation.did"), c.fmt(result["estimate"], dec) + " " + unit)
    st.write(c.tr("evaluation.did_result", start=event_year, value=c.fmt(result["estimate"], dec), unit=unit))
    slope = result["pre_trend_gap_per_year"]
    big = slope == slope and abs(result["estimate"]) > 0 and abs(slope) * 3 > abs(result["estimate"])
    warning = c.tr("evaluation.did_warning") if big else ""
    if slope != slope:
        warning = c.tr("evaluation.did_warning")
    st.caption(c.tr("evaluation.did_caveat", slope=c.fmt(slope, 2), unit=unit, warning=warning))

st.subheader(c.tr("evaluation.balance"))
own_raw = c.area_raw((level, code), BALANCE_INPUTS)
bal = c.computed(balance, own_raw)
bal = bal[bal["year"] >= base_year]
b1, b2 = st.columns(2)
if not bal.empty:
    last = bal.iloc[-1]
    first = bal.iloc[0]
    b1.metric(
        c.tr("evaluation.preventive_share"),
        c.fmt(last["preventive_share"], 1),
        delta=c.fmt(last["preventive_share"] - first["preventive_share"], 1),
        chart_data=list(bal["preventive_share"].round(1)),
    )
    b2.metric(
        c.tr("evaluation.preventive_cost_share"),
        c.fmt(last["preventive_cost_share"], 1),
        delta=c.fmt(last["preventive_cost_share"] - first["preventive_cost_share"], 1),
        chart_data=list(bal["preventive_cost_share"].round(1)),
    )

st.subheader(c.tr("evaluation.costs"))
index_obs = c.area_values([("country", "SSS")], ["price_index_public"])
index = index_obs.set_index("year")["shown"].dropna()
price_year = st.selectbox(c.tr("evaluation.price_year"), years[::-1], key="eval_price_year") if len(index) else None
costs = c.computed(cost_groups, own_raw, index if len(index) else None, price_year)
costs["series"] = [c.tr(f"evaluation.cost_{g}") for g in costs["group"]]
costs = costs[costs["year"] >= base_year]
measure = "real" if "real" in costs else "nominal"
if measure == "nominal":
    st.caption(c.tr("evaluation.no_index"))
costs["shown"] = costs[measure]
costs["label"] = [c.fmt(v, 0) for v in costs["shown"]]
y_title = c.tr("evaluation.real", year=price_year) if measure == "real" else c.tr("evaluation.nominal")
cost_alt = c.tr("evaluation.cost_alt", start=base_year, end=years[-1], area=name)
c.chart(
    trend_chart,
    costs[["year", "series", "shown", "label"]],
    alt_text=cost_alt,
    lang=c.lang(),
    decimals=0,
    y_title=y_title,
    series_title="",
    year_title=c.tr("col.year"),
)
with st.expander(c.tr("common.data_table")):
    cost_table = costs.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    cost_table.index.name = c.tr("col.year")
    st.dataframe(cost_table, width="stretch")
