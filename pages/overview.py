"""Overview: the chosen area's key numbers against the whole country, with a trend."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.overview import overview, overview_trend

c.require_shell()
ctx = c.ctx()
level, code = c.area()
view = overview(ctx, level, code)
c.page_header(view.title)
st.write(c.md(view.intro))
with st.expander(c.tr("profile.download")):
    c.profile_downloads(level, code)
if view.empty:
    st.info(view.empty)
    st.stop()

year = c.selectbox(c.tr("overview.year"), view.years, index=c.linked("year", view.years), key="overview_year")
c.link("year", year)
view = overview(ctx, level, code, year)
st.subheader(c.tr("overview.key_figures", year=year))
if view.reference:
    st.info(c.md(view.reference))
cols = st.columns(3)
for i, figure in enumerate(view.key_figures):
    c.metric(figure, cols[i % 3])
if view.balance is not None:
    c.metric(view.balance)
st.caption(c.md(view.sources))

if view.peers is not None:
    st.subheader(c.tr("overview.peers"))
    c.table(view.peers, title=c.tr("overview.peers"), sources=view.sources)

st.subheader(c.tr("overview.trend"))
choice = c.selectbox(
    c.tr("overview.indicator"),
    view.trend_options,
    view.trend_names,
    index=c.linked("indicator", view.trend_options),
    key=f"overview_trend_{ctx.lang}",
)
c.link("indicator", choice)
c.chart(overview_trend(ctx, level, code, choice))
c.about(choice)
