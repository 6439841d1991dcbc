"""Shared targets: the area's targets with progress against a straight path from baseline to target, their
history, and (for an uploader of the county or an admin) a form to set one."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _common as c
from views.targets import TargetError, set_target, suggested_baseline, targets_view

c.require_shell()
ctx = c.ctx()
level, code = c.area()
view = targets_view(ctx, level, code)
c.page_header(view.title)
st.write(c.md(view.intro))
if len(view.table.frame):
    c.table(view.table, title=view.title)
else:
    st.info(c.tr("targets.none"))

who = c.identity()
if who is not None and who.role in ("uploader", "admin"):
    with st.container(border=True):
        st.subheader(c.tr("targets.form"), anchor=False)
        from views.map import indicator_options

        options, names = indicator_options(ctx)
        indicator = st.selectbox(
            c.tr("overview.indicator"), options, format_func=names.__getitem__, key=f"target_ind_{ctx.lang}"
        )
        this_year = dt.date.today().year
        left, right = st.columns(2)
        base_year = left.number_input(c.tr("targets.baseline_year"), 2000, this_year, this_year - 3, key="tb_year")
        suggested = suggested_baseline(ctx, indicator, level, code, int(base_year))
        base_value = left.number_input(
            c.tr("targets.baseline_value"), value=float(suggested or 0.0), key=f"tb_value_{indicator}_{base_year}"
        )
        target_year = right.number_input(c.tr("targets.target_year"), 2000, 2100, this_year + 2, key="tt_year")
        change = right.number_input(c.tr("targets.change_pct"), -100.0, 1000.0, -20.0, step=5.0, key="tt_change")
        target_value = right.number_input(
            c.tr("targets.target_value"), value=round(base_value * (1 + change / 100), 2), key=f"tt_value_{change}"
        )
        note = st.text_input(c.tr("targets.col.note"), max_chars=500, key="tt_note")
        if st.button(c.tr("targets.save"), type="primary", key="tt_save"):
            try:
                upload = set_target(
                    ctx, who, indicator, level, code, int(base_year), float(base_value), int(target_year),
                    float(target_value), note,
                )  # fmt: skip
                st.success(c.tr("targets.saved", upload=upload))
                st.rerun()
            except TargetError as exc:
                st.error(c.tr(exc.key, **exc.params))

st.subheader(c.tr("targets.history"), anchor=False)
c.table(view.history, title=c.tr("targets.history"))
