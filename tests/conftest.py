"""Shared fixtures: a seeded demo database in a temporary folder, paths to ../shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from store.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, skipping the test when it is absent (a fresh clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a SQLite store seeded with the national demo data (built once per session)."""
    from data_loaders.demo import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    seed_demo(engine, "national")
    engine.dispose()
    yield url


@pytest.fixture()
def demo_engine(demo_db: str) -> Iterator[Engine]:
    engine = make_engine(demo_db)
    yield engine
    engine.dispose()


@pytest.fixture()
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh store with reference data and no observations."""
    from store.engine import init_db

    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def app_env(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the dashboard at the seeded demo database."""
    monkeypatch.setenv("LAPE_DB_URL", demo_db)
    monkeypatch.chdir(ROOT)
    return demo_db


os.environ.setdefault("LAPE_SEED_DEMO", "1")
