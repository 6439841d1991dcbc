"""LAPE-seuranta: entry point. Navigation, language, region picker and the demo banner.

Run with: streamlit run dashboard.py
"""

from __future__ import annotations

import os
import time

import streamlit as st

from data_loaders.setup import ensure_ready
from i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from pages import _common as common
from views.access import oidc_login, view_requires_login
from views.common import county_choice, has_demo, municipality_choice
from views.context import current_url, engine_for, settings_problem

# Icons are emoji, never ":material/...:" names: those make the browser fetch from an outside font server.
st.set_page_config(page_title="LAPE-seuranta", page_icon="👪", layout="wide")
problem = settings_problem()  # a setting that cannot be used stops here, naming the variable
if problem:
    st.error(problem)
    st.stop()


@st.cache_resource(show_spinner=False)
def _prepare(url: str) -> bool:
    """Create the database and seed the demo into an empty one, once per process and database."""
    return ensure_ready(engine_for(url))


# Language: kept in the URL (?lang=fi|sv|en) so that a shared link opens in the same language.
# The URL is the source of truth on every run (the radio's callback writes it first).
st.session_state["lang"] = normalise_language(st.query_params.get("lang", st.session_state.get("lang")))


def _on_language() -> None:
    st.query_params["lang"] = st.session_state["lang"]


lang = normalise_language(st.session_state["lang"])
st.sidebar.radio(
    "Kieli · Språk · Language",
    LANGUAGES,
    key="lang",
    format_func=lambda code: LANGUAGE_NAMES[code],
    horizontal=True,
    on_change=_on_language,
)
lang = normalise_language(st.session_state["lang"])
st.query_params["lang"] = lang

BENCH = os.environ.get("LAPE_BENCH_BLANK_PAGE") == "1"
# Pages by role (convenience only: every page and every writing function checks the role itself).
who = common.identity()
role = who.role if who is not None else None
pages = {
    t("nav.analysis", lang): [
        st.Page(
            "pages/overview.py",
            title=t("page.overview", lang),
            icon="📊",
            url_path="overview",
            default=not BENCH,
        ),
        st.Page("pages/map.py", title=t("page.map", lang), icon="🗺️", url_path="map"),
        st.Page("pages/baseline.py", title=t("page.baseline", lang), icon="🔎", url_path="baseline"),
        st.Page(
            "pages/evaluation.py",
            title=t("page.evaluation", lang),
            icon="📈",
            url_path="evaluation",
        ),
        st.Page("pages/lifecycle.py", title=t("page.lifecycle", lang), icon="🔁", url_path="lifecycle"),
        st.Page("pages/costs.py", title=t("page.costs", lang), icon="💶", url_path="costs"),
        st.Page("pages/family_centres.py", title=t("page.family_centres", lang), icon="🏠", url_path="family_centres"),
        st.Page("pages/survey.py", title=t("page.survey", lang), icon="💬", url_path="survey"),
        st.Page("pages/targets.py", title=t("page.targets", lang), icon="🎯", url_path="targets"),
        st.Page("pages/absences.py", title=t("page.absences", lang), icon="🏫", url_path="absences"),
    ],
    t("nav.info", lang): [
        st.Page("pages/presentation.py", title=t("page.presentation", lang), icon="🎞️", url_path="presentation"),
        st.Page("pages/sources.py", title=t("page.sources", lang), icon="📚", url_path="sources"),
    ],
}
work: list[st.Page] = []
if role in ("uploader", "admin"):
    work += [
        st.Page("pages/upload.py", title=t("page.upload", lang), icon="📤", url_path="upload"),
        st.Page("pages/uploads.py", title=t("page.uploads", lang), icon="🗂️", url_path="uploads"),
    ]
if role == "admin":
    work.append(st.Page("pages/admin.py", title=t("page.admin", lang), icon="🛡️", url_path="admin"))
login_page = st.Page(
    "pages/login.py", title=t("page.logout" if who else "page.login", lang), icon="🔑", url_path="login"
)
pages[t("nav.work", lang)] = [*work, login_page]
if who is None and view_requires_login():  # viewing needs a login too
    only = st.Page("pages/login.py", title=t("page.login", lang), icon="🔑", url_path="login", default=True)
    pages = {t("nav.work", lang): [only]}
# bench/pages.py measures a page against the shell with a blank page (LAPE_BENCH_BLANK_PAGE=1), which is
# then the first page opened, so that a page's cold run is timed from a shell that has computed nothing.
if BENCH:
    pages[t("nav.info", lang)].append(st.Page("bench/blank_page.py", title="blank", url_path="blank", default=True))

# Registered before the slow work below, so the page list never falls back to the folder listing.
navigation = st.navigation(pages, expanded=True)  # every page listed (more than ten collapse otherwise)

# The store: created (and seeded with the demo) once; the data version stamp read on every run.
with st.spinner("…"):
    _prepare(current_url())
context = common.new_context(lang)

# The session (pages/_common.identity): re-read from the users table and ended after LAPE_SESSION_MINUTES
# without activity on every call. A sign-in through the organisation (st.login, when an [auth] section is
# configured) is mapped to its account by e-mail.
if who is None and common.oidc_configured() and st.user.is_logged_in and not st.session_state.get("oidc_tried"):
    st.session_state["oidc_tried"] = True
    email = st.user.get("email")
    who = oidc_login(context, str(email) if email else None)
    if who is not None:
        st.session_state["identity"] = who
        st.session_state["last_seen"] = time.time()
        st.rerun()
    st.sidebar.error(t("auth.oidc-unknown", lang))
if who is not None:
    st.sidebar.caption(t("auth.sidebar", lang, name=common.md(who.username), role=t(f"role.{who.role}", lang)))

# Region picker: county, then municipality; kept in the URL as ?county=09&municipality=398.
counties = county_choice(context)
county_options = list(counties.options)
county_names = counties.names

# The chosen codes live in session_state["sel_county"/"sel_municipality"]; the widgets are
# keyed per language so that their option labels are rebuilt when the language changes.
if "sel_county" not in st.session_state or "county" in st.query_params:
    wanted = st.query_params.get("county", "SSS")
    st.session_state["sel_county"] = wanted if wanted in county_options else "SSS"
    st.session_state["sel_municipality"] = st.query_params.get("municipality", "ALL")


def _remember(widget_key: str, target: str) -> None:
    st.session_state[target] = st.session_state[widget_key]
    # the URL follows the pickers at once, so the run that follows reads the new choice
    params = {"sel_county": "county", "sel_municipality": "municipality"}
    value = st.session_state[widget_key]
    if value in ("SSS", "ALL"):
        st.query_params.pop(params[target], None)
        if target == "sel_county":
            st.query_params.pop("municipality", None)
    else:
        st.query_params[params[target]] = value


def _picker(label: str, options: list[str], names: dict[str, str], target: str, widget_key: str) -> str:
    """A sidebar selectbox whose choice lives in session_state[target] and in the URL."""
    choice = st.sidebar.selectbox(
        label,
        options,
        index=options.index(st.session_state[target]),
        key=widget_key,
        format_func=names.__getitem__,
        on_change=_remember,
        args=(widget_key, target),
    )
    st.session_state[target] = choice
    return str(choice)


county = _picker(t("sidebar.county", lang), county_options, county_names, "sel_county", f"county_{lang}")
municipality = "ALL"
if county != "SSS":
    munis = municipality_choice(context, county)
    muni_options = list(munis.options)
    muni_names = munis.names
    if st.session_state.get("sel_municipality") not in muni_options:
        st.session_state["sel_municipality"] = "ALL"
    municipality = _picker(
        t("sidebar.municipality", lang), muni_options, muni_names, "sel_municipality", f"municipality_{lang}_{county}"
    )

if county == "SSS":
    st.session_state["area"] = ("country", "SSS")
    st.query_params.pop("county", None)
    st.query_params.pop("municipality", None)
elif municipality == "ALL":
    st.session_state["area"] = ("county", county)
    st.query_params["county"] = county
    st.query_params.pop("municipality", None)
else:
    st.session_state["area"] = ("municipality", municipality)
    st.query_params["county"] = county
    st.query_params["municipality"] = municipality

if has_demo(context):
    st.sidebar.caption(t("demo.label", lang).upper())

st.session_state["_shell"] = True
try:
    navigation.run()
finally:
    st.session_state["_shell"] = False
