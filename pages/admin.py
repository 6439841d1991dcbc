"""Administration: the audit log (viewable and downloadable) and the accounts. Accounts are changed with
`python -m store users`; boundary layers are loaded on the map page."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.upload import report_xlsx
from views.uploads import audit_csv, audit_frame, users_frame

c.require_shell()
ctx = c.ctx()
who = c.require("audit")
st.title(c.tr("page.admin"), anchor=False)

st.subheader(c.tr("admin.audit"), anchor=False)
log = audit_frame(ctx, who)
st.dataframe(log, hide_index=True, width="stretch", height=420)
left, right = st.columns(2)
with left:
    c.download(c.tr("admin.download_csv"), lambda: audit_csv(log), "lape-audit.csv", "text/csv", "audit_csv")
with right:
    c.download(
        c.tr("admin.download_xlsx"),
        lambda: report_xlsx(log, c.tr("admin.audit")),
        "lape-audit.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audit_xlsx",
    )
st.caption(c.tr("admin.audit_note"))

st.subheader(c.tr("admin.users"), anchor=False)
st.dataframe(users_frame(ctx, who), hide_index=True, width="stretch")
st.caption(c.tr("admin.users_note"))
