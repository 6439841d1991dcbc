"""Schema, the stable observation_view and the indexes behind the dashboard's filters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from store.engine import make_engine
from store.schema import OBSERVATION_VIEW_COLUMNS


def test_tables_and_view_exist(empty_engine: Engine) -> None:
    insp = inspect(empty_engine)
    assert {"regions", "region_aliases", "indicators", "observations", "uploads"} <= set(insp.get_table_names())
    assert "observation_view" in insp.get_view_names()


def test_observation_view_columns_are_the_contract(empty_engine: Engine) -> None:
    with empty_engine.connect() as conn:
        cols = list(conn.execute(text("SELECT * FROM observation_view LIMIT 0")).keys())
    assert cols == [
        "indicator_code",
        "region_level",
        "region_code",
        "year",
        "month",
        "sex",
        "value",
        "numerator",
        "denominator",
        "flag",
        "upload_id",
    ]
    assert tuple(cols) == OBSERVATION_VIEW_COLUMNS


def test_view_shows_annual_month_as_null(demo_db: str) -> None:
    path = demo_db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        months = conn.execute("SELECT DISTINCT month FROM observation_view").fetchall()
        stored = conn.execute("SELECT DISTINCT month FROM observations").fetchall()
    assert months == [(None,)]
    assert stored == [(0,)]


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def _plan(engine: Engine, sql: str) -> str:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).fetchall()
    return " | ".join(str(r[-1]) for r in rows)


def test_map_query_uses_the_natural_key_index(demo_engine: Engine) -> None:
    plan = _plan(
        demo_engine,
        "SELECT region_code, value FROM observations WHERE indicator_code='cw_placed' "
        "AND region_level='municipality' AND year=2024 AND sex='total' AND month=0",
    )
    assert "USING INDEX sqlite_autoindex_observations_1" in plan or "uq_observation_key" in plan, plan
    assert "SCAN observations" not in plan


def test_area_query_uses_the_area_index(demo_engine: Engine) -> None:
    plan = _plan(
        demo_engine,
        "SELECT indicator_code, year, value FROM observations WHERE region_level='county' "
        "AND region_code='09' AND sex='total' AND month=0",
    )
    assert "ix_obs_area" in plan, plan


def test_rollback_query_uses_upload_index(demo_engine: Engine) -> None:
    plan = _plan(demo_engine, "SELECT count(*) FROM observations WHERE upload_id = 1")
    assert "ix_obs_upload" in plan, plan
