"""Helpers for loader tests: ingest a fixture, count rows through a fresh connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from tests.conftest import FIXTURES


def fresh_counts(engine: Engine) -> tuple[int, int]:
    """(observations, uploads) read through a brand-new sqlite3 connection."""
    path = str(engine.url.database)
    with sqlite3.connect(path) as conn:
        obs = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
        ups = conn.execute("SELECT count(*) FROM uploads").fetchone()[0]
    return int(obs), int(ups)


def fresh_rows(engine: Engine, upload_id: int | None = None) -> list[tuple[Any, ...]]:
    path = str(engine.url.database)
    sql = (
        "SELECT indicator_code, region_level, region_code, year, month, sex, value, numerator, denominator, flag "
        "FROM observation_view"
    )
    args: tuple[Any, ...] = ()
    if upload_id is not None:
        sql += " WHERE upload_id = ?"
        args = (upload_id,)
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(sql + " ORDER BY 1,2,3,4,5,6", args).fetchall())


def load(engine: Engine, name: str, lang: str = "fi", **kwargs: Any) -> dict[str, Any]:
    data = (FIXTURES / name).read_bytes()
    return ingest_bytes(engine, data, name, user="testaaja", **kwargs).as_json(lang)


def errors(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(e["type"], e["sheet"], e["row"], e["column"]) for e in result["errors"]]


@pytest.fixture()
def engine(empty_engine: Engine) -> Engine:
    return empty_engine


__all__ = ["Path", "errors", "fresh_counts", "fresh_rows", "load"]


_REFERENCE: list[Any] = []


def reference_load(secret: bytes = b"test-secret") -> Any:
    """A LoadContext over the reference areas (an in-memory store made once), with a fixed secret."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from data_loaders.records import LoadContext
    from store.engine import init_db

    if not _REFERENCE:
        engine = create_engine("sqlite://", poolclass=StaticPool)
        init_db(engine)
        _REFERENCE.append(LoadContext.from_engine(engine))
    base = _REFERENCE[0]
    return LoadContext(base.resolver, base.municipality_county, lambda: secret, dict(base.centres))
