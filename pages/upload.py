"""Upload: a template to fill, then files checked (as the command line checks them, writing nothing),
the questions a file leaves open, the report, a preview, what would change, and the upload itself."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages import _common as c
from views.upload import (
    RECORD_KINDS,
    Answers,
    check_file,
    commit,
    filter_report,
    links_for,
    record_template,
    report_xlsx,
    template,
    template_choices,
)

c.require_shell()
ctx = c.ctx()
who = c.require("upload")
st.title(c.tr("page.upload"), anchor=False)
st.caption(c.tr("upload.intro"))

# --- the template
with st.expander(c.tr("upload.template.title"), icon="📄"):
    codes, names, counties = template_choices(ctx, who)
    default = [code for code in ("cw_placed", "cw_notified", "family_work") if code in codes]
    chosen = st.multiselect(
        c.tr("upload.template.indicators"),
        codes,
        default=default,
        format_func=lambda code: c.md(names[code]),
        key="tpl_indicators",
    )
    county_codes = list(counties)
    areas = st.multiselect(
        c.tr("upload.template.counties"),
        county_codes,
        default=county_codes[:1],
        format_func=counties.__getitem__,
        key="tpl_counties",
    )
    left, mid, right = st.columns(3)
    year = left.number_input(
        c.tr("upload.template.year"), 1945, dt.date.today().year + 1, dt.date.today().year - 1, key="tpl_year"
    )
    tpl_lang = mid.selectbox(
        c.tr("upload.template.lang"), ["fi", "sv", "en"], index=["fi", "sv", "en"].index(ctx.lang), key="tpl_lang"
    )
    kind = right.radio(c.tr("upload.template.kind"), ["xlsx", "csv"], horizontal=True, key="tpl_kind")
    mime = "text/csv" if kind == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    c.download(
        c.tr("upload.template.download"),
        lambda: template(ctx, who, chosen, areas, int(year), kind, tpl_lang),
        f"lape-pohja-{int(year)}.{kind}",
        mime,
        "tpl_download",
    )
    # the other kinds of file: costs, the parent survey, family centres and their activity, client episodes
    st.caption(c.tr("upload.template.records"))
    for col, record_kind in zip(st.columns(len(RECORD_KINDS)), RECORD_KINDS, strict=True):
        with col:
            c.download(
                c.tr(f"upload.template.{record_kind}"),
                lambda k=record_kind: record_template(ctx, who, k, areas, int(year), tpl_lang),  # type: ignore[misc]
                f"lape-{record_kind}-{int(year)}.csv",
                "text/csv",
                f"tpl_{record_kind}",
            )

# --- files
files = st.file_uploader(
    c.tr("upload.files"), type=["xlsx", "xls", "csv", "txt", "json"], accept_multiple_files=True, key="upload_files"
)
if not files:
    st.info(c.tr("upload.choose"))
    st.stop()

wanted = {hashlib.sha256(f.getvalue()).hexdigest()[:16] for f in files}
checks = {k: v for k, v in st.session_state.get("_checks", {}).items() if k[0] in wanted}  # files still chosen
st.session_state["_checks"] = checks
for file in files:
    data = file.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    st.subheader(c.md(file.name), anchor=False)
    asked = st.session_state.get(f"asked_{digest}", [])
    answers = Answers()
    if asked:
        st.markdown(c.tr("upload.questions"))
        cols = st.columns(3)
        year_answer = level_answer = indicator_answer = None
        if "year" in asked:
            year_answer = cols[0].number_input(
                c.tr("upload.q.year"), 1945, dt.date.today().year + 1, None, key=f"q_year_{digest}"
            )
        if "indicator" in asked:
            with cols[1]:
                indicator_answer = c.selectbox(
                    c.tr("upload.q.indicator"), codes, names, index=None, key=f"q_ind_{digest}"
                )
        if "level" in asked:
            level_answer = cols[2].radio(
                c.tr("upload.q.level"),
                ["county", "region"],
                index=None,
                format_func=lambda lv: c.tr(f"level.{lv}"),
                key=f"q_level_{digest}",
            )
        hidden = "hidden" in asked and st.checkbox(c.tr("upload.q.hidden"), key=f"q_hidden_{digest}")
        answers = Answers(int(year_answer) if year_answer else None, indicator_answer, level_answer, bool(hidden))
    # checked once per file, answers, store state, language and account: not again on every widget change
    key = (digest, file.name, answers, ctx.version, ctx.lang, who)
    check = checks.get(key)
    if check is None:
        with st.spinner(c.tr("upload.checking")):
            check = checks[key] = check_file(ctx, who, data, file.name, answers)
    new_questions = sorted(set(asked) | set(check.questions))
    if new_questions != sorted(asked):
        st.session_state[f"asked_{digest}"] = new_questions
        st.rerun()

    if check.format:
        st.caption(c.tr("upload.format", format=check.format, rows=ctx.fmt(check.rows, 0)))
    if check.notes:
        with st.expander(c.tr("upload.read_as", n=len(check.notes)), expanded=not check.ok):
            for line in check.notes:
                st.markdown("- " + c.md(line))
    if len(check.report):
        f1, f2 = st.columns([1, 2])
        present = sorted(set(check.report[check.report.columns[0]]))
        kinds = f1.multiselect(c.tr("upload.filter.kind"), present, default=present, key=f"f_kind_{digest}")
        text = f2.text_input(c.tr("upload.filter.text"), key=f"f_text_{digest}")
        st.dataframe(filter_report(check.report, kinds, text), hide_index=True, width="stretch")
        c.download(
            c.tr("upload.report.download"),
            partial(report_xlsx, check.report, c.tr("upload.report.sheet")),
            f"raportti-{digest}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"rep_{digest}",
        )
    if not check.ok:
        st.error(c.tr("upload.not_ok"))
        continue
    st.success(c.tr("upload.ok", rows=ctx.fmt(check.rows, 0)))
    with st.expander(c.tr("upload.preview", n=min(check.rows, 200))):
        st.dataframe(check.preview, hide_index=True, width="stretch")
    cmp = check.comparison
    replace = False
    if cmp is not None:
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(c.tr("upload.cmp.new"), ctx.fmt(cmp.new, 0))
        m2.metric(c.tr("upload.cmp.changed"), ctx.fmt(cmp.changed, 0))
        m3.metric(c.tr("upload.cmp.unchanged"), ctx.fmt(cmp.unchanged, 0))
        m4.metric(c.tr("upload.cmp.over_limit"), ctx.fmt(cmp.over_limit, 0))
        if len(cmp.largest):
            st.markdown(c.tr("upload.cmp.largest"))
            st.dataframe(cmp.largest, hide_index=True, width="stretch")
        if cmp.demo_aside:
            st.info(c.tr("upload.demo_aside"))
        if cmp.replaced:
            st.warning(
                c.tr(
                    "upload.replace.what",
                    n=ctx.fmt(cmp.replaced, 0),
                    uploads=", ".join(str(u) for u in cmp.replaces),
                )
            )
            replace = st.checkbox(c.tr("upload.replace.confirm"), key=f"confirm_{digest}")
    blocked = cmp is not None and cmp.replaced > 0 and not replace
    if st.button(c.tr("upload.save"), type="primary", disabled=blocked, key=f"save_{digest}"):
        bar = st.progress(0.0, text=c.tr("upload.saving"))

        def step(fraction: float, stage: str, bar: DeltaGenerator = bar) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=c.tr("upload.saving"))

        done = commit(ctx, who, data, file.name, answers, replace, step)
        bar.empty()
        if done.ok:
            st.success(done.message)
            for label, address in links_for(ctx, check, c.area()):
                st.markdown(f"[{c.md(label)}]({address})")
        else:
            st.error(done.message)
            st.dataframe(done.report, hide_index=True, width="stretch")
