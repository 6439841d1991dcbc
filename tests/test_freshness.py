"""A value written from the command line shows in an open app on its next rerun (SQLite; the
PostgreSQL twin is in test_postgres.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.freshness import scenario


def test_command_line_write_shows_in_the_open_app_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario(f"sqlite:///{tmp_path / 'two.sqlite'}", tmp_path, monkeypatch)


def test_every_write_changes_the_data_version(tmp_path: Path) -> None:
    from data_loaders.ingest import ingest_bytes
    from data_loaders.setup import ensure_ready
    from store.engine import make_engine
    from store.state import data_version
    from store.uploads import rollback_upload
    from tests.freshness import write

    engine = make_engine(f"sqlite:///{tmp_path / 'v.sqlite'}")
    ensure_ready(engine, seed_demo=False)
    seen = [data_version(engine)]
    result = ingest_bytes(engine, write(tmp_path, "a.csv", 300).read_bytes(), "a.csv")
    seen.append(data_version(engine))
    dry = ingest_bytes(engine, write(tmp_path, "b.csv", 310).read_bytes(), "b.csv", replace=True, dry_run=True)
    assert dry.ok
    seen.append(data_version(engine))  # a dry run writes nothing, not even the stamp
    assert result.upload_id is not None
    rollback_upload(engine, result.upload_id)
    seen.append(data_version(engine))
    start = seen[0]
    assert start >= 1 and seen == [start, start + 1, start + 1, start + 2]


def test_a_database_made_again_never_serves_the_old_numbers(tmp_path: Path) -> None:
    """A database dropped and made again at the same address (a restore, a fresh schema) starts from a
    new random stamp, so an open process's cached views are not taken for the new data (found on
    PostgreSQL, where the tests make the schema again for every test)."""
    from data_loaders.ingest import ingest_bytes
    from store.engine import init_db, make_engine
    from store.state import data_version
    from tests.test_roll_up import KIDS, PLACED, upload
    from views.context import forget_engines, open_context
    from views.map import indicator_table

    path = tmp_path / "again.sqlite"
    url = f"sqlite:///{path}"
    seen = []
    for placed in (PLACED, {**PLACED, "286": 190}):
        engine = make_engine(url)
        init_db(engine)
        assert ingest_bytes(engine, upload(placed, KIDS), "kymenlaakso.csv").ok
        seen.append((data_version(engine), indicator_table(open_context("fi", url), "cw_placed", "county", 2024)))
        engine.dispose()
        forget_engines()
        path.unlink()
    (first_version, first), (second_version, second) = seen
    assert first_version != second_version
    assert first["numerator"].tolist() == [407.0] and second["numerator"].tolist() == [417.0]
