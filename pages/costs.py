"""Costs and resources: costs per child and per client by service area at constant prices, own production
against purchased services, the corrective share, the area among its peers (SOS-kumppanuus: keskitetty
resurssien johtaminen)."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.costs import costs
from views.evaluation import price_years

c.require_shell()
ctx = c.ctx()
level, code = c.area()
prices = price_years(ctx)
price_year = None
if prices:
    price_year = c.selectbox(c.tr("costs.price_year"), prices, index=c.linked("prices", prices), key="costs_prices")
    c.link("prices", price_year)
view = costs(ctx, level, code, price_year)
c.page_header(view.title)
st.write(c.md(view.intro))
if view.empty:
    st.info(c.md(view.empty))
    st.stop()
if view.note:
    st.info(c.md(view.note))
if view.per_child is not None:
    c.chart(view.per_child)
if view.per_client is not None:
    st.subheader(c.tr("costs.per_client"), anchor=False)
    c.table(view.per_client, title=c.tr("costs.per_client"), sources=view.sources)
if view.purchased is not None:
    st.subheader(c.tr("costs.purchased"), anchor=False)
    c.chart(view.purchased)
if view.corrective is not None:
    st.subheader(c.tr("costs.corrective"), anchor=False)
    c.chart(view.corrective)
if view.peers is not None:
    st.subheader(c.tr("costs.peers"), anchor=False)
    c.chart(view.peers)
