"""Baseline (lähtötilanneanalyysi): where the chosen area is worse than the country, and a heat map."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.baseline import baseline

c.require_shell()
ctx = c.ctx()
level, code = c.area()
view = baseline(ctx, level, code)
c.page_header(view.title)
st.write(c.md(view.intro))
if not view.years:
    st.info(c.md(view.pain_message))
    st.stop()

year = c.selectbox(c.tr("baseline.year"), view.years, index=c.linked("year", view.years), key="baseline_year")
c.link("year", year)
view = baseline(ctx, level, code, year)
if level == "country":
    st.info(c.md(view.pain_message))
else:
    st.subheader(c.tr("baseline.pain_points"))
    if view.pain_points is not None:
        c.table(view.pain_points, title=c.tr("baseline.pain_points"))
    elif view.reference:
        st.info(c.md(view.pain_message))
    else:
        st.success(c.md(view.pain_message))

st.subheader(c.tr("baseline.heatmap"))
if view.heat is not None:
    c.chart(view.heat)

if view.peers is not None:
    st.subheader(c.tr("baseline.peers"))
    c.table(view.peers, title=c.tr("baseline.peers"))
