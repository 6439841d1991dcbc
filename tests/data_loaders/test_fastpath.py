"""The column-wise fast path gives exactly what the row-by-row path gives, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest

import data_loaders.ingest as ingest_module
from data_loaders.ingest import ingest_bytes
from store.engine import init_db, make_engine
from tests.conftest import FIXTURES
from tests.data_loaders.conftest import fresh_rows

CASES = [
    "dialect_semicolon.csv",
    "dialect_comma.csv",
    "dialect_tab.tsv",
    "dialect_bom.csv",
    "dialect.xlsx",
    "names.csv",
    "cp1252.csv",
    "markers.csv",
    "nbsp_minus.csv",
    "multi_sheet.xlsx",
    "codes_no_zeros.csv",
    "constraints.csv",
    "point_in_comma.csv",
    "ragged.csv",
    "formula_text.csv",
    "unknown_indicator.csv",
]


def _run(tmp: Path, name: str, slow: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, list]:
    engine = make_engine(f"sqlite:///{tmp / ('slow' if slow else 'fast')}-{name}.sqlite")
    init_db(engine)
    with monkeypatch.context() as m:
        if slow:
            m.setattr(ingest_module, "make_fast_path", lambda *a, **k: lambda *x: None)
        result = ingest_bytes(engine, (FIXTURES / name).read_bytes(), name, user="t").as_json("fi")
    rows = fresh_rows(engine)
    engine.dispose()
    return result, rows


@pytest.mark.parametrize("name", CASES)
def test_fast_and_slow_paths_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    fast, fast_rows = _run(tmp_path, name, False, monkeypatch)
    slow, slow_rows = _run(tmp_path, name, True, monkeypatch)
    assert fast == slow
    assert fast_rows == slow_rows


def test_fast_path_is_taken_for_a_clean_long_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = ingest_module.make_fast_path

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        inner = real(*args, **kwargs)

        def wrapped(*a):  # type: ignore[no-untyped-def]
            out = inner(*a)
            calls.append(0 if out is None else len(out))
            return out

        return wrapped

    monkeypatch.setattr(ingest_module, "make_fast_path", spy)
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    init_db(engine)
    assert ingest_bytes(engine, (FIXTURES / "dialect_semicolon.csv").read_bytes(), "a.csv").ok
    assert ingest_bytes(engine, (FIXTURES / "point_in_comma.csv").read_bytes(), "b.csv").ok is False
    assert calls == [4, 0]
