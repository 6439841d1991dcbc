"""Evaluation: trends since a baseline year against comparison areas, the difference-in-differences
estimate with its caveats, the corrective/preventive balance and costs per child in real terms."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.evaluation import evaluation, price_years, setup
from views.labels import area_name
from views.map import indicator_options

c.require_shell()
ctx = c.ctx()
level, code = c.area()
name = area_name(ctx, level, code)
c.page_header(c.tr("evaluation.title", area=name))
st.write(c.tr("evaluation.intro"))
if level == "country":
    st.info(c.tr("evaluation.pick_area"))
    st.stop()

options, names = indicator_options(ctx)
col1, col2, col3 = st.columns([3, 1, 1])
indicator = col1.selectbox(
    c.md(c.tr("overview.indicator")),
    options,
    index=c.linked("indicator", options, options.index("cw_placed") if "cw_placed" in options else 0),
    format_func=names.__getitem__,
    key=f"eval_indicator_{ctx.lang}",
)
c.link("indicator", indicator)
plan = setup(ctx, level, code, indicator)
if not plan.base_years:
    st.info(c.tr("common.no_data"))
    st.stop()
base = col2.selectbox(
    c.tr("evaluation.baseline_year"),
    plan.base_years,
    index=c.linked("base", plan.base_years, plan.base_years.index(plan.default_base)),
    key="eval_base",
)
c.link("base", base)
events, first_opening = plan.event_years(base)
event = col3.selectbox(
    c.tr("evaluation.event_year"),
    events,
    index=c.linked("event", events, first_opening),
    format_func=lambda y: f"{y} ({c.tr('evaluation.event_opened')})" if y in plan.events else str(y),
    key=f"eval_event_{base}",
)
c.link("event", event)
if event in plan.events:
    st.caption(c.md(c.tr("evaluation.event_centre", names=plan.events[event])))
comparison = st.multiselect(
    c.tr("evaluation.comparison"),
    list(plan.comparison.options),
    default=c.linked_many("compare", plan.comparison.options, plan.default_comparison),
    format_func=plan.comparison.names.__getitem__,
    key=f"eval_peers_{level}_{code}_{ctx.lang}",
)
c.link("compare", comparison)
prices = price_years(ctx)
view = evaluation(ctx, level, code, indicator, base, event, tuple(comparison), prices[0] if prices else None)
c.chart(view.trend)
c.about(indicator)

if view.change:
    for col, figure in zip(st.columns(len(view.change)), view.change, strict=True):
        c.metric(figure, col, border=False)

st.subheader(c.tr("evaluation.did"))
if view.did is not None:
    c.metric(view.did, border=False)
if view.did_text:
    st.write(c.md(view.did_text))
if view.did_caveat:
    st.caption(c.md(view.did_caveat))

st.subheader(c.tr("evaluation.balance"))
for col, figure in zip(st.columns(2), view.balance, strict=False):
    c.metric(figure, col, border=False)

st.subheader(c.tr("evaluation.costs"))
if prices:
    price_year = st.selectbox(c.tr("evaluation.price_year"), prices, key="eval_price_year")
    view = evaluation(ctx, level, code, indicator, base, event, tuple(comparison), price_year)
if view.cost_note:
    st.caption(view.cost_note)
if view.costs is not None:
    c.chart(view.costs)
