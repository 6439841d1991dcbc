"""What every view needs: the database, its data version, the language and the small-number limit."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from i18n import format_number, normalise_language, t
from store.engine import database_url, init_db, make_engine
from store.settings import SettingError, check_all, get_int
from store.state import data_version

_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def engine_for(url: str) -> Engine:
    """One Engine per database URL in this process, its tables created once."""
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
            init_db(engine)
            _ENGINES[url] = engine
        return engine


def forget_engines() -> None:
    """Dispose of every Engine (tests that delete their databases)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


@dataclass(frozen=True)
class Context:
    """The key of everything a view computes: database, its data version, language, threshold."""

    url: str
    version: int
    lang: str = "fi"
    threshold: int = 5

    @property
    def engine(self) -> Engine:
        return engine_for(self.url)

    @property
    def data_key(self) -> tuple[str, int]:
        """What the stored data depends on (not the language)."""
        return (self.url, self.version)

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def fmt(self, value: Any, decimals: int = 1) -> str:
        return format_number(value, self.lang, decimals)


def current_url(url: str | None = None) -> str:
    """The database URL in force (the argument, LAPE_DB_URL, or the project's SQLite file)."""
    return database_url(url)


def open_context(lang: str | None = None, url: str | None = None) -> Context:
    """The context now: reads the data version stamp (one small query), so call it once per rerun."""
    resolved = database_url(url)
    engine = engine_for(resolved)
    return Context(resolved, data_version(engine), normalise_language(lang), get_int("LAPE_SMALL_N"))


def settings_problem() -> str | None:
    """The first setting whose value cannot be used, as a message naming the variable; else None."""
    try:
        check_all()
    except SettingError as exc:
        return str(exc)
    return None


def ready_context(lang: str | None = None, url: str | None = None) -> Context:
    """A command line's context: the store created (and seeded with the demo when empty) first, so the
    data version read is the one after any seeding."""
    from data_loaders.setup import ensure_ready

    ctx = open_context(lang, url)
    if ensure_ready(engine_for(ctx.url)):
        ctx = open_context(lang, url)  # seeded just now: a new data version
    return ctx
