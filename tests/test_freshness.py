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
    assert seen == [1, 2, 2, 3]
