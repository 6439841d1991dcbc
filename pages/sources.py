"""Sources: where every number comes from, the indicator catalogue and the uploads."""

from __future__ import annotations

import streamlit as st

from pages import _common as c
from views.sources import sources

c.require_shell()
view = sources(c.ctx())
c.page_header(view.title)
st.write(view.intro)
for line in view.sources:
    st.markdown("- " + c.md(line))

st.subheader(c.tr("sources.indicators"))
c.table(view.catalogue, title=c.tr("sources.indicators"))
st.subheader(c.tr("sources.uploads"))
c.table(view.uploads, title=c.tr("sources.uploads"))
st.caption(c.tr("sources.db", backend=view.backend, revision=view.revision, version=view.version))
