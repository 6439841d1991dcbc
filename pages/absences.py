"""School absences: the county's absence ladder with the share of pupils over each limit, the shares over the
terms, the areas below (municipalities, or a municipality's schools), small groups withheld; an uploader of
the county or an admin edits the ladder."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.absences import (
    LadderError,
    absences,
    ladder_rows,
    may_edit_ladder,
    save_ladder,
    term_label,
    terms_for,
)
from views.common import parent_at

c.require_shell()
ctx = c.ctx()
level, code = c.area()
terms = terms_for(ctx, level, code) if level != "region" else ()
chosen = None
if terms:
    chosen = c.selectbox(
        c.tr("absences.term_pick"),
        terms,
        names={t: term_label(ctx, *t) for t in terms},
        index=c.linked("term", terms),
        key="absence_term",
    )
    c.link("term", chosen)
view = absences(ctx, level, code, chosen)
c.page_header(view.title)
st.write(c.md(view.intro))
if view.message:
    st.info(c.md(view.message))
if view.ladder is not None:
    st.subheader(c.tr("absences.ladder_heading"), anchor=False)
    c.table(view.ladder, title=c.tr("absences.ladder_heading"), sources=view.sources)
for note in view.notes:
    st.caption(c.md(note))
if view.trend is not None:
    c.chart(view.trend)
if view.areas is not None:
    st.subheader(c.tr("absences.areas_heading"), anchor=False)
    c.table(view.areas, title=view.title, sources=view.sources)

county = parent_at(ctx, (level, code), "county")
who = c.identity()
if county is not None and may_edit_ladder(ctx, who, county):
    with st.expander(c.tr("absences.edit")), st.form(f"ladder_{county}_{ctx.version}"):
        st.caption(c.md(c.tr("absences.edit_help")))
        edited = st.data_editor(
            ladder_rows(ctx, county),
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "hours": st.column_config.NumberColumn(c.tr("absences.col.hours"), min_value=1, max_value=999, step=1),
                "step_fi": st.column_config.TextColumn(c.tr("absences.col.step_fi"), max_chars=200),
                "step_sv": st.column_config.TextColumn(c.tr("absences.col.step_sv"), max_chars=200),
                "step_en": st.column_config.TextColumn(c.tr("absences.col.step_en"), max_chars=200),
            },
            key=f"ladder_editor_{county}_{ctx.version}",
        )
        if st.form_submit_button(c.tr("absences.save"), type="primary"):
            try:
                upload = save_ladder(ctx, who, county, edited.to_dict("records"))
                st.success(c.tr("absences.saved", upload=upload))
            except LadderError as exc:
                st.error(c.tr(exc.key, **exc.params))
