"""What every page shares: the cached engine and frames, the chosen language and area.

Streamlit-facing glue only; the work is done in store/, metrics/ and i18n/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from geo.boundaries import stored_layer
from i18n import DEFAULT_LANGUAGE, format_number, normalise_language, t
from metrics.presentation import presented, shown_decimals
from metrics.table import indicator_table
from store import queries
from store.engine import database_url, ensure_ready, make_engine
from store.settings import get_int

CACHE_TTL = 600
# Query results, reference frames and look-ups are shared read-only with cache_resource: copying them
# on every call (cache_data) measured as most of a warm page's time (BENCHMARKS.md). Pages and metrics
# only filter, copy or assign into new frames, and pandas 3's copy-on-write keeps a derived frame from
# ever writing into a cached one. Results of metrics functions (computed) and chart specs stay on
# cache_data. clear_caches() after every write.


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    ensure_ready(engine)
    return engine


def clear_caches() -> None:
    """After an upload or a boundary load: every cached query and frame is read again."""
    st.cache_data.clear()
    st.cache_resource.clear()


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=512)
def _spec(
    name: str, _builder: Callable[..., Any], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> dict[str, Any]:
    spec: dict[str, Any] = _builder(*args, **dict(kwargs)).to_dict(validate=False)
    return spec


@st.cache_data(ttl=CACHE_TTL, show_spinner=False, max_entries=1024)
def _computed(name: str, _fn: Callable[..., Any], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return _fn(*args, **dict(kwargs))


def computed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs) for a pure metrics function, remembered for the same inputs.

    pandas costs milliseconds per call even on small frames; a warm page re-uses the result.
    """
    return _computed(f"{fn.__module__}.{fn.__name__}", fn, args, tuple(sorted(kwargs.items())))


def chart(
    builder: Callable[..., Any],
    *args: Any,
    alt_text: str,
    width: Literal["stretch", "content"] = "stretch",
    **kwargs: Any,
) -> None:
    """Draw an Altair chart built by `builder(*args, **kwargs)`, keeping the built spec cached.

    Building and validating a spec costs ~60 ms; the same inputs give the same spec, so a warm
    page only hashes its inputs. Every builder's spec is validated in the tests.
    """
    spec = _spec(f"{builder.__module__}.{builder.__name__}", builder, args, tuple(sorted(kwargs.items())))
    draw(spec, alt_text, width)


def draw(spec: dict[str, Any], alt_text: str, width: Literal["stretch", "content"] = "stretch") -> None:
    """A built Vega-Lite spec, its alt text as a caption, and where its numbers come from."""
    st.vega_lite_chart(spec=spec, width=width, alt=alt_text)
    st.caption(alt_text)
    source_caption()


def engine() -> Engine:
    """The cached Engine for the database in force (seeded with demo data on first start)."""
    url = database_url()
    with st.spinner("…"):
        return _engine(url)


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _regions(url: str) -> pd.DataFrame:
    return queries.regions_frame(_engine(url))


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _indicators(url: str) -> pd.DataFrame:
    return queries.indicators_frame(_engine(url))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _has_demo(url: str) -> bool:
    return queries.has_demo_data(_engine(url))


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _area_obs(url: str, areas: tuple[tuple[str, str], ...], codes: tuple[str, ...], sex: str) -> pd.DataFrame:
    return queries.area_observations(_engine(url), areas, codes, sex)


def regions() -> pd.DataFrame:
    return _regions(database_url())


def indicators() -> pd.DataFrame:
    return _indicators(database_url())


def has_demo() -> bool:
    return _has_demo(database_url())


def small_n() -> int:
    return get_int("LAPE_SMALL_N")


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _area_values(
    url: str, areas: tuple[tuple[str, str], ...], codes: tuple[str, ...], sex: str, n: int
) -> pd.DataFrame:
    needed = tuple(sorted(set(codes) | {"pop_0_17"}))
    out = presented(_area_obs(url, areas, needed, sex), _indicators(url), n)
    return out[out["indicator_code"].isin(list(codes))]


def area_values(areas: Sequence[tuple[str, str]], codes: Sequence[str], sex: str = "total") -> pd.DataFrame:
    """Presented (rated, suppressed) annual values of the areas for the indicators."""
    return _area_values(database_url(), tuple(areas), tuple(codes), sex, small_n())


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _level_obs(url: str, codes: tuple[str, ...], level: str, year: int | None, sex: str) -> pd.DataFrame:
    return queries.level_observations(_engine(url), codes, level, year, sex)


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _level_values(url: str, codes: tuple[str, ...], level: str, year: int | None, sex: str, n: int) -> pd.DataFrame:
    needed = tuple(sorted(set(codes) | {"pop_0_17"}))
    out = presented(_level_obs(url, needed, level, year, sex), _indicators(url), n)
    return out[out["indicator_code"].isin(list(codes))]


def level_values(codes: Sequence[str], level: str, year: int | None = None, sex: str = "total") -> pd.DataFrame:
    """Presented values of every area of a level (one year or all) for the indicators."""
    return _level_values(database_url(), tuple(codes), level, year, sex, small_n())


def area_raw(area_: tuple[str, str], codes: Sequence[str]) -> pd.DataFrame:
    """Stored (unsuppressed) annual observations of one area: for sums built before showing."""
    return _area_obs(database_url(), (area_,), tuple(sorted(set(codes))), "total")


def level_raw(codes: Sequence[str], level: str, year: int | None = None) -> pd.DataFrame:
    """Stored (unsuppressed) observations, for metrics that must add counts before showing."""
    return _level_obs(database_url(), tuple(sorted(set(codes))), level, year, "total")


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _table(url: str, indicator: str, level: str, year: int | None, lang_code: str) -> pd.DataFrame:
    obs = _level_obs(url, tuple(sorted({indicator, "pop_0_17"})), level, year, "total")
    return indicator_table(obs, _indicators(url), _regions(url), indicator, lang_code, small_n())


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _boundaries(url: str, level: str) -> dict[str, Any] | None:
    return stored_layer(_engine(url), level)


def boundaries(level: str) -> dict[str, Any] | None:
    """The loaded boundary layer of a level (parsed once, not on every rerun), or None."""
    return _boundaries(database_url(), level)


def table(indicator: str, level: str, year: int | None = None) -> pd.DataFrame:
    """The indicator table exactly as `python -m metrics table` prints it."""
    return _table(database_url(), indicator, level, year, lang())


@st.cache_resource(ttl=CACHE_TTL, show_spinner=False)
def _lookups(url: str) -> dict[str, dict[Any, Any]]:
    """Names and decimals by code, so that labelling a row is a dict look-up."""
    meta = _indicators(url)
    regs = _regions(url)
    out: dict[str, dict[Any, Any]] = {
        "decimals": {
            str(c): shown_decimals(str(u), bool(d))
            for c, u, d in zip(meta["code"], meta["unit"], meta["denominator_code"], strict=True)
        }
    }
    for lang_code in ("fi", "sv", "en"):
        out[f"ind_{lang_code}"] = dict(zip(meta["code"], meta[f"name_{lang_code}"], strict=True))
        out[f"reg_{lang_code}"] = {
            (lv, cd): nm for lv, cd, nm in zip(regs["level"], regs["code"], regs[f"name_{lang_code}"], strict=True)
        }
    return out


def decimals_of(code: str) -> int:
    return int(_lookups(database_url())["decimals"].get(code, 1))


def value_labels(frame: pd.DataFrame, column: str = "shown") -> list[str]:
    """Each row's value formatted with its indicator's decimals ('..' when hidden)."""
    decimals = _lookups(database_url())["decimals"]
    return [fmt(v, decimals.get(i, 1)) for v, i in zip(frame[column], frame["indicator_code"], strict=True)]


def indicator_options(exclude: Sequence[str] = ("pop_0_17", "pop_total", "price_index_public")) -> list[str]:
    meta = indicators()
    return [c for c in meta.sort_values(f"name_{lang()}")["code"] if c not in exclude]


def lang() -> str:
    return normalise_language(st.session_state.get("lang", DEFAULT_LANGUAGE))


def area() -> tuple[str, str]:
    """The (level, code) chosen in the sidebar."""
    value = st.session_state.get("area", ("country", "SSS"))
    return (str(value[0]), str(value[1]))


def tr(key: str, **params: Any) -> str:
    return t(key, lang(), **params)


def area_name(level: str, code: str) -> str:
    return str(_lookups(database_url())[f"reg_{lang()}"].get((level, code), code))


def indicator_name(code: str) -> str:
    return str(_lookups(database_url())[f"ind_{lang()}"].get(code, code))


def unit_label(meta_row: pd.Series) -> str:
    """The unit of the shown measure: per 1 000 children, %, EUR per child, days."""
    unit = meta_row["unit"]
    if unit == "count" and meta_row["denominator_code"]:
        return tr("unit.per_1000")
    if unit == "eur" and meta_row["denominator_code"]:
        return tr("unit.eur_per_child")
    return tr(f"unit.{unit}")


def fmt(value: Any, decimals: int = 1) -> str:
    return format_number(value, lang(), decimals)


def source_caption(extra: Sequence[str] = ()) -> None:
    """Under every chart: where the numbers come from, and what '..' means."""
    sources = [tr("source.demo")] if has_demo() else [tr("source.thl"), tr("source.own")]
    sources.extend(extra)
    st.caption(tr("common.source", sources="; ".join(sources)) + " " + tr("common.suppressed_note", n=small_n()))


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


def page_header(title: str) -> None:
    """Title of a page, with the demo banner whenever demo data is in the store."""
    if has_demo():
        st.warning(tr("demo.banner"), icon=":material/info:")
    st.title(title)
