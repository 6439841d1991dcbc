"""Family centres: the area's centres (registry) and their monthly activity with trends (visits, contacts
by channel, days from first contact to first service)."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.centres import family_centres

c.require_shell()
ctx = c.ctx()
level, code = c.area()
view = family_centres(ctx, level, code)
c.page_header(view.title)
st.write(c.md(view.intro))
if view.empty:
    st.info(c.md(view.empty))
    st.stop()
if view.registry is not None:
    st.subheader(c.tr("centres.registry"), anchor=False)
    c.table(view.registry, title=c.tr("centres.registry"), sources=view.sources)
for heading, chart in (
    ("centres.visits", view.visits),
    ("centres.channels", view.channels),
    ("centres.waits", view.waits),
):
    if chart is not None:
        st.subheader(c.tr(heading), anchor=False)
        c.chart(chart)
