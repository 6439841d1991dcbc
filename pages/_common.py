"""What every page shares: the view context of this run, the chosen area, and drawing.

Pages only wire widgets to views/ and draw what views return. Text that may come from files
(indicator names, file names) reaches Streamlit's Markdown only through `md` (escaped).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st

from views.access import Identity, logout, may, refresh, session_expired, session_minutes
from views.charts import sparkline
from views.common import has_data, has_demo
from views.context import Context, open_context
from views.labels import data_date, sources_line
from views.model import Chart, KeyFigure, Table
from views.text import markdown_plain

HIGHLIGHT = "background-color: #dce8f7; font-weight: 700"


def new_context(lang: str | None) -> Context:
    """dashboard.py opens the context once a rerun: the data version stamp is read here, so every
    view of this run sees one state of the store and another process's write shows on the next."""
    context = open_context(lang)
    st.session_state["_ctx"] = context
    return context


def ctx() -> Context:
    """The view context of this rerun."""
    context = st.session_state.get("_ctx")
    if not isinstance(context, Context):
        context = new_context(st.session_state.get("lang"))
    return context


def md(text: Any) -> str:
    """Text shown exactly as written where Streamlit would read Markdown."""
    return markdown_plain(text)


def area() -> tuple[str, str]:
    """The (level, code) chosen in the sidebar."""
    value = st.session_state.get("area", ("country", "SSS"))
    return (str(value[0]), str(value[1]))


def tr(key: str, **params: Any) -> str:
    return ctx().t(key, **params)


def page_header(title: str) -> None:
    """Title of a page, with the demo banner whenever demo data is live; an empty store stops here."""
    context = ctx()
    if has_demo(context):
        st.warning(tr("demo.banner"), icon="ℹ️")
    st.title(md(title), anchor=False)
    if not has_data(context):
        st.info(tr("common.no_data_yet"), icon="📂")
        st.stop()


def table(
    view: Table, height: int | Literal["auto", "content", "stretch"] = "auto", *, title: str = "", sources: str = ""
) -> None:
    """A table of formatted cells, the chosen area's row highlighted, its note beneath, and CSV and
    xlsx downloads of exactly what is shown ('..' where withheld)."""
    frame = view.frame
    if view.highlight is not None and len(frame):
        row = view.highlight
        styled = frame.style.apply(lambda r: [HIGHLIGHT if r.name == row else "" for _ in r], axis=1)
        st.dataframe(styled, hide_index=True, width="stretch", height=height)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", height=height)
    if view.note:
        st.caption(md(view.note))
    if len(frame):
        table_downloads(view, title, sources)


def _key(*parts: Any) -> str:
    import hashlib

    return "dl_" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def table_downloads(view: Table, title: str, sources: str) -> None:
    from views import exports

    context = ctx()
    sources = sources or sources_line(context, has_demo(context))  # demo named in every file
    stem = exports.file_stem(title or tr("export.sheet"))
    key = _key(title, list(view.frame.columns), len(view.frame), context.lang, context.version)
    left, right, _, _ = st.columns(4)
    with left:
        download(
            tr("export.csv"), lambda: exports.table_csv(context, view, sources), f"{stem}.csv", "text/csv", key + "c"
        )
    with right:
        download(
            tr("export.xlsx"),
            lambda: exports.table_xlsx(context, view, title, sources, data_date(context)),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key + "x",
        )


def chart(view: Chart, width: Literal["stretch", "content"] = "stretch", data_table: bool = True) -> None:
    """A chart (titled inside), its alt text as a caption, its sources and data date, downloads as PNG,
    SVG, CSV and xlsx, and the same numbers as a table."""
    from views import exports

    st.vega_lite_chart(spec=view.spec, width=width)  # its description is the alt text
    st.caption(md(view.alt))
    for note in view.notes:
        st.caption(md(note))
    st.caption(md(" ".join(x for x in (view.sources, view.date) if x)))
    stem = exports.file_stem(view.title or "kaavio")
    key = _key(view.title, view.alt, ctx().lang, ctx().version)
    cols = st.columns(4)
    with cols[0]:
        download(tr("export.png"), lambda: exports.chart_png(view), f"{stem}.png", "image/png", key + "p")
    with cols[1]:
        download(tr("export.svg"), lambda: exports.chart_svg(view), f"{stem}.svg", "image/svg+xml", key + "s")
    context = ctx()
    with cols[2]:
        download(
            tr("export.csv"),
            lambda: exports.table_csv(context, view.table, view.sources),
            f"{stem}.csv",
            "text/csv",
            key + "c",
        )
    with cols[3]:
        download(
            tr("export.xlsx"),
            lambda: exports.table_xlsx(context, view.table, view.title, view.sources, view.date),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key + "x",
        )
    if data_table:
        with st.expander(tr("common.data_table")):
            table(view.table, title=view.title, sources=view.sources)


def about(code: str) -> None:
    """What the indicator means, where it misleads and where it comes from, folded beside its chart."""
    from views.quality import about as about_view

    view = about_view(ctx(), code)
    with st.expander(md(tr("quality.about", name=view.name))):  # the name as written, never Markdown
        for line in view.lines(ctx()):
            st.markdown(md(line))


def metric(figure: KeyFigure, where: Any = st, border: bool = True) -> None:
    """One key figure. Its name is written above the number so that a long name wraps (a metric's own
    label would be cut); the difference to the country says better or worse in words and with an arrow,
    not by colour alone; the sparkline has only visible values (never a gap handed over as None)."""
    box = where.container(border=border)
    box.markdown(f"**{md(figure.label)}**", help=md(figure.help) if figure.help else None)
    box.metric(
        md(figure.label),
        figure.value,
        delta=figure.delta,
        delta_color=figure.delta_color,
        delta_arrow=figure.delta_arrow,
        delta_description=figure.delta_description,
        label_visibility="collapsed",
        border=False,
    )
    if figure.sparkline:  # drawn here (not st.metric's chart_data) so that the line has alt text
        line = sparkline(figure.sparkline, figure.delta_color, figure.spark_text or figure.label)
        box.vega_lite_chart(spec=line, width="stretch", height=48)  # its description is the alt text


def linked(name: str, options: Any, default: int = 0) -> int:
    """The index of the option a link names (?name=value), else `default`: every page's choices can be
    prepared as a link before a meeting."""
    wanted = st.query_params.get(name)
    names = [str(o) for o in options]
    return names.index(wanted) if wanted in names else default


def linked_many(name: str, options: Any, default: Any) -> list[Any]:
    """The options a link names (?name=a,b), else `default`."""
    if name not in st.query_params:
        return list(default)
    wanted = str(st.query_params.get(name, "")).split(",")
    return [o for o in options if str(o) in wanted]


def link(name: str, value: Any) -> None:
    """Keep a choice in the page's address (a list as a,b)."""
    text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if st.query_params.get(name) != text:
        st.query_params[name] = text


def selectbox(label: str, options: Any, names: dict[Any, str] | None = None, **kwargs: Any) -> Any:
    """A select box whose option names are plain text."""
    if names is not None:
        kwargs["format_func"] = lambda value: str(names.get(value, value))
    return st.selectbox(md(label), list(options), **kwargs)


def require_shell() -> None:
    """Hand a page that was started outside dashboard.py over to it.

    Streamlit runs pages/<name>.py directly when a fresh server's first visitor opens a
    deep link (/map?...) before any run has called st.navigation: the old pages-folder
    mode. Then the sidebar (language, area) would be missing. Turning that mode off and
    rerunning makes dashboard.py run, which routes to the same page.
    """
    if st.session_state.get("_shell"):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def identity() -> Identity | None:
    """Who is signed in on this session: re-read from the users table on every call (a removed account
    or a changed role counts at once), and ended after LAPE_SESSION_MINUTES without activity."""
    value = st.session_state.get("identity")
    if not isinstance(value, Identity):
        return None
    now = time.time()
    if session_expired(float(st.session_state.get("last_seen", now)), now, session_minutes()):
        logout(ctx(), value, expired=True)
        st.session_state.pop("identity", None)
        st.toast(tr("auth.expired"), icon="⏱️")
        return None
    current = refresh(ctx(), value)
    if current is None:
        st.session_state.pop("identity", None)
        return None
    st.session_state["identity"] = current
    st.session_state["last_seen"] = now
    return current


def require(action: str) -> Identity:
    """Stop the page for anyone who may not do `action`: checked here on the server, whatever the menu
    showed or the address typed. The functions that write check again."""
    who = identity()
    if not may(who, action):
        st.title(md(tr("auth.title")), anchor=False)
        st.error(tr("auth.login-needed") if who is None else tr("auth.forbidden", role=tr(f"role.{who.role}")))
        st.stop()
    assert who is not None
    return who


def download(label: str, data: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    """A download whose file is made only when the button is pressed (not on every rerun)."""
    st.download_button(md(label), data=data, file_name=file_name, mime=mime, key=key, on_click="ignore")


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (sign-in through the organisation)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def profile_downloads(level: str, code: str, keys: tuple[str, ...] | None = None, where: Any = st) -> None:
    """The region profile in one click (the chosen slides, or all): PPTX and PDF, made only when pressed."""
    from views.slides import chosen, profile, profile_file_stem

    context = ctx()

    def pptx() -> bytes:
        from reports.pptx import deck_pptx

        return deck_pptx(chosen(profile(context, level, code), keys))

    def pdf() -> bytes:
        from reports.pdf import deck_pdf

        return deck_pdf(chosen(profile(context, level, code), keys))

    stem = profile_file_stem(context, level, code)
    left, right = where.columns(2)
    with left:
        download(
            tr("profile.pptx"),
            pptx,
            f"{stem}.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            f"profile_pptx_{level}_{code}_{context.lang}_{len(keys or ())}",
        )
    with right:
        download(
            tr("profile.pdf"),
            pdf,
            f"{stem}.pdf",
            "application/pdf",
            f"profile_pdf_{level}_{code}_{context.lang}_{len(keys or ())}",
        )
