"""Upload history: who, when, file, rows, status, report, what each replaced; rollback after a confirmation
that shows its effect (an uploader of the upload's areas, or an admin)."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.uploads import history_frame, rollback, rollback_choices, rollback_effect, upload_report

c.require_shell()
ctx = c.ctx()
who = c.require("history")
st.title(c.tr("page.uploads"), anchor=False)

frame = history_frame(ctx, who)
if frame.empty:
    st.info(c.tr("uploads.none"))
    st.stop()
st.dataframe(frame, hide_index=True, width="stretch")

choices = rollback_choices(ctx, who)
if not choices:
    st.stop()
st.subheader(c.tr("uploads.rollback.title"), anchor=False)
chosen = st.selectbox(
    c.tr("uploads.rollback.choose"), choices, index=None, placeholder=c.tr("common.choose"), key="rb_choice"
)
if chosen is None:
    st.stop()
lines = upload_report(ctx, who, int(chosen))
if lines:
    with st.expander(c.tr("uploads.report", upload_id=chosen)):
        for line in lines:
            st.markdown("- " + c.md(line))
effect = rollback_effect(ctx, who, int(chosen))
if not effect.allowed:
    st.error(c.md(effect.message))
    st.stop()
st.warning(c.md(effect.message))
sure = st.checkbox(c.tr("uploads.rollback.confirm", upload_id=chosen), key=f"rb_confirm_{chosen}")
if st.button(c.tr("uploads.rollback.do"), type="primary", disabled=not sure, key=f"rb_do_{chosen}"):
    ok, message = rollback(ctx, who, int(chosen))
    (st.success if ok else st.error)(c.md(message))
