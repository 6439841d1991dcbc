"""Parent survey: the answers to each question in the area as diverging bars with n, against the county and
the previous round; areas with too few respondents hidden (SOS-kumppanuus: vanhempien kysely)."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.survey import rounds_for, survey

c.require_shell()
ctx = c.ctx()
level, code = c.area()
rounds = rounds_for(ctx, level, code)
chosen = None
if rounds:
    chosen = c.selectbox(c.tr("survey.round"), rounds, index=c.linked("round", rounds), key="survey_round")
    c.link("round", chosen)
view = survey(ctx, level, code, chosen)
c.page_header(view.title)
st.write(c.md(view.intro))
if view.empty:
    st.info(c.md(view.empty))
    st.stop()
if view.chart is not None:
    c.chart(view.chart)
if view.hidden:
    st.caption(c.md(view.hidden))
if view.choices is not None:
    st.subheader(c.tr("survey.q.first_contact"), anchor=False)
    c.table(view.choices, title=c.tr("survey.q.first_contact"), sources=view.sources)
