"""Presentation mode: the chosen area's region profile one slide at a time, in large type, for a
meeting room. ← and → (or the buttons) move between slides; the slide is in the address
(?slide=map or ?slide=3) and so are the slides chosen (?slides=title,map,costs), so a presenter can
prepare links in advance; F11 makes it full screen."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.slides import chosen, profile, projected, slide_index

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
c.require_shell()
ctx = c.ctx()
level, code = c.area()
full = profile(ctx, level, code)
wanted = tuple(k for k in str(st.query_params.get("slides", "")).split(",") if k)
deck = chosen(full, wanted)
count = len(deck.slides)
state = (deck.title, tuple(s.key for s in deck.slides))
if "slide_no" not in st.session_state or st.session_state.get("slide_deck") != state:
    st.session_state["slide_no"] = slide_index(deck, st.query_params.get("slide"))
    st.session_state["slide_deck"] = state
st.session_state["slide_no"] = min(int(st.session_state["slide_no"]), count - 1)


def _move(step: int) -> None:
    st.session_state["slide_no"] = max(0, min(count - 1, st.session_state["slide_no"] + step))
    st.query_params["slide"] = deck.slides[st.session_state["slide_no"]].key


index = int(st.session_state["slide_no"])
slide = deck.slides[index]
c.link("slide", slide.key)

back, where, forward = st.columns([1, 4, 1], vertical_alignment="center")
back.button(c.tr("present.previous"), on_click=_move, args=(-1,), disabled=index == 0, shortcut="Left", width="stretch")
where.caption(c.md(c.tr("present.position", n=index + 1, count=count, title=deck.title)))
forward.button(
    c.tr("present.next"), on_click=_move, args=(1,), disabled=index == count - 1, shortcut="Right", width="stretch"
)

if slide.kind == "title":
    st.title(c.md(slide.title), anchor=False)
    st.header(c.md(slide.subtitle), anchor=False)
    for line in slide.lines:
        st.warning(c.md(line))
else:
    st.header(c.md(slide.title), anchor=False)
    if slide.subtitle:
        st.subheader(c.md(slide.subtitle), anchor=False)
    if slide.kind == "figures":
        cols = st.columns(3 if len(slide.figures) > 2 else max(1, len(slide.figures)))
        for i, figure in enumerate(slide.figures):
            c.metric(figure, cols[i % len(cols)])
    elif slide.kind == "chart" and slide.chart is not None:
        left, right = st.columns([3, 1]) if slide.figures else (st.container(), None)
        with left:
            st.vega_lite_chart(spec=projected(slide.chart), width="stretch")  # described by its alt text
        if right is not None:
            for figure in slide.figures:
                c.metric(figure, right)
        st.caption(c.md(" ".join(x for x in (slide.chart.sources, *slide.chart.notes, slide.chart.date) if x)))
    elif slide.kind == "table" and slide.table is not None:
        c.table(slide.table, title=slide.title)
    else:
        for line in slide.lines:
            st.subheader(c.md(line), anchor=False)

with st.expander(c.tr("present.notes")):
    st.text(slide.notes)
with st.expander(c.tr("present.choose")):
    names = {s.key: f"{i}. {s.title}" for i, s in enumerate(full.slides, start=1)}  # two may share a title
    keys = st.multiselect(
        c.tr("present.slides"),
        list(names),
        default=[s.key for s in deck.slides],
        format_func=lambda k: c.md(names[k]),
        key=f"present_slides_{ctx.lang}_{level}_{code}",
    )
    if keys and tuple(keys) != tuple(s.key for s in deck.slides):
        st.query_params["slides"] = ",".join(keys)
        st.rerun()
with st.expander(c.tr("profile.download")):
    c.profile_downloads(level, code, tuple(s.key for s in deck.slides))
