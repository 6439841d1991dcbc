"""Client lifecycle: durations with ongoing episodes censored, clients per service and year, services used
at the same time, and pathways towards placement (SOS-kumppanuus: asiakkuuksien elinkaarianalyysi)."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.lifecycle import lifecycle

c.require_shell()
ctx = c.ctx()
level, code = c.area()
view = lifecycle(ctx, level, code)
c.page_header(view.title)
st.write(c.md(view.intro))
if view.empty:
    st.info(c.md(view.empty))
    st.stop()

st.subheader(c.tr("lifecycle.durations"), anchor=False)
if view.curves is not None:
    c.chart(view.curves)
elif view.durations is not None:
    c.table(view.durations, title=c.tr("lifecycle.durations"), sources=view.sources)

st.subheader(c.tr("lifecycle.yearly"), anchor=False)
if view.yearly is not None:
    c.table(view.yearly, title=c.tr("lifecycle.yearly"), sources=view.sources)

st.subheader(c.tr("lifecycle.combinations"), anchor=False)
if view.combinations_chart is not None:
    c.chart(view.combinations_chart)
elif view.combinations is not None:
    c.table(view.combinations, title=c.tr("lifecycle.combinations"), sources=view.sources)

st.subheader(c.tr("lifecycle.pathways"), anchor=False)
if view.first_service is not None:
    c.table(view.first_service, title=c.tr("lifecycle.pathways"), sources=view.sources)
st.write(c.md(view.to_child_welfare))
if view.reentry is not None:
    c.table(view.reentry, title=c.tr("lifecycle.col.reentry"), sources=view.sources)
