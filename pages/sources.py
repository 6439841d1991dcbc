"""Sources: where every number comes from, the indicator catalogue and the uploads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import format_date
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
table = pd.DataFrame(
    {
        c.tr("col.code"): meta["code"],
        c.tr("col.indicator"): meta[f"name_{c.lang()}"],
        c.tr("col.unit"): [c.unit_label(row) for _, row in meta.iterrows()],
        c.tr("col.domain"): [c.tr(f"domain.{d}") for d in meta["domain"]],
        c.tr("col.source"): meta["source"],
    }
)
st.dataframe(table, hide_index=True, width="stretch")

st.subheader(c.tr("sources.uploads"))
uploads = queries.uploads_frame(c.engine())
st.dataframe(
    pd.DataFrame(
        {
            c.tr("col.upload"): uploads["id"],
            c.tr("col.file"): uploads["filename"],
            c.tr("col.format"): uploads["format"],
            c.tr("col.user"): uploads["uploaded_by"],
            c.tr("col.time"): [
                format_date(t.date(), c.lang()) if t is not None else "" for t in uploads["uploaded_at"]
            ],
            c.tr("col.rows"): [c.fmt(n, 0) for n in uploads["rows"]],
            c.tr("col.status"): [
                c.tr("upload.status.replaced") if r == r and r is not None else c.tr(f"upload.status.{s}")
                for s, r in zip(uploads["status"], uploads["replaced_by"], strict=True)
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)
backend = database_url().split(":", 1)[0]
st.caption(c.tr("sources.db", backend=backend))
