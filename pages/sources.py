"""Sources: where every number comes from, the indicator catalogue and the uploads."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from store import queries
from store.engine import database_url

c.require_shell()

c.page_header(c.tr("sources.title"))
st.write(c.tr("sources.intro"))
st.markdown("- " + c.tr("sources.classification"))
st.markdown("- " + c.tr("source.thl"))
if c.has_demo():
    st.markdown("- " + c.tr("source.demo"))

st.subheader(c.tr("sources.indicators"))
meta = c.indicators()
table = meta[["code", f"name_{c.lang()}", "unit", "domain", "source"]].rename(
    columns={f"name_{c.lang()}": c.tr("col.indicator"), "unit": c.tr("col.unit")}
)
st.dataframe(table, hide_index=True, width="stretch")

st.subheader(c.tr("sources.uploads"))
uploads = queries.uploads_frame(c.engine())
uploads["status"] = [c.tr(f"upload.status.{s}") for s in uploads["status"]]
st.dataframe(
    uploads[["id", "filename", "format", "uploaded_by", "uploaded_at", "rows", "status"]],
    hide_index=True,
    width="stretch",
)
backend = database_url().split(":", 1)[0]
st.caption(c.tr("sources.db", backend=backend))
