"""Two app replicas (real processes, tests/replica_worker.py) on one database: PostgreSQL when
LAPE_TEST_PG_URL is set, and one SQLite file. An upload or rollback through one is seen by the other on its
next rerun; uploads while the other reads; two uploads at once through different processes; nothing lost
or duplicated (rows counted through a fresh connection)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from store.engine import init_db, make_engine
from store.migrate import drop_everything
from tests.conftest import ROOT

PG_URL = os.environ.get("LAPE_TEST_PG_URL", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.skipif(not PG_URL, reason="LAPE_TEST_PG_URL not set (no PostgreSQL server)"),
    pytest.mark.xdist_group("postgres"),
])]  # fmt: skip
LAHTI, HOLLOLA, JOENSUU = ("municipality", "398"), ("municipality", "098"), ("municipality", "167")


class Replica:
    """One app process answering commands."""

    def __init__(self, url: str) -> None:
        env = {**os.environ, "LAPE_DB_URL": url, "LAPE_SEED_DEMO": "0"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.replica_worker"],  # as a module: tests/data_loaders must not shadow
            cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def send(self, **cmd: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        reply = json.loads(self.proc.stdout.readline())
        assert "exception" not in reply, reply
        return reply

    def ask(self, **cmd: Any) -> dict[str, Any]:
        self.send(**cmd)
        return self.receive()

    def read(self, *areas: tuple[str, str]) -> dict[str, float | None]:
        return self.ask(op="read", indicator="cw_placed", areas=list(areas), year=2024)["values"]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def csv(rows: dict[tuple[str, str], int], year: int = 2024) -> str:
    return "alue;indikaattori;vuosi;arvo\n" + "".join(f"{a[1]};cw_placed;{year};{v}\n" for a, v in rows.items())


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}" if request.param == "sqlite" else PG_URL
    engine = make_engine(url)
    drop_everything(engine)
    init_db(engine)
    yield url, engine
    drop_everything(engine)
    engine.dispose()


def fresh(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_two_replicas_see_each_others_uploads_and_rollbacks(store: tuple[str, Engine]) -> None:
    url, _engine = store
    a, b = Replica(url), Replica(url)
    try:
        first = a.ask(op="upload", text=csv({LAHTI: 812, HOLLOLA: 97}), name="a.csv")
        assert first["ok"], first
        assert b.read(LAHTI, HOLLOLA) == {"398": 812.0, "098": 97.0}  # B caches these now
        # an upload through B: A's next rerun shows it
        second = b.ask(op="upload", text=csv({LAHTI: 820}), name="b.csv", replace=True)
        assert second["ok"], second
        assert a.read(LAHTI, HOLLOLA) == {"398": 820.0, "098": 97.0}
        assert b.read(LAHTI) == {"398": 820.0}
        # a rollback through A: B's next rerun shows the earlier value again
        assert a.ask(op="rollback", upload_id=second["upload_id"])["ok"]
        assert b.read(LAHTI, HOLLOLA) == {"398": 812.0, "098": 97.0}
        # uploads through A while B keeps reading: every read is one whole state, never a mix
        a.send(op="upload", text=csv({LAHTI: 830, HOLLOLA: 99}), name="c.csv", replace=True)
        seen = [b.read(LAHTI, HOLLOLA) for _ in range(5)]
        assert a.receive()["ok"]
        assert all(s in ({"398": 812.0, "098": 97.0}, {"398": 830.0, "098": 99.0}) for s in seen), seen
        assert b.read(LAHTI, HOLLOLA) == {"398": 830.0, "098": 99.0}
    finally:
        a.close()
        b.close()


def test_two_uploads_at_once_through_different_replicas(store: tuple[str, Engine]) -> None:
    url, engine = store
    a, b = Replica(url), Replica(url)
    try:
        # different areas at the same moment: both land
        a.send(op="upload", text=csv({LAHTI: 812, HOLLOLA: 97}), name="paijat-hame.csv")
        b.send(op="upload", text=csv({JOENSUU: 301}), name="pohjois-karjala.csv")
        ra, rb = a.receive(), b.receive()
        assert ra["ok"] and rb["ok"] and ra["upload_id"] != rb["upload_id"], (ra, rb)
        # the same area at the same moment, neither replacing: one lands, the other is refused whole
        a.send(op="upload", text=csv({LAHTI: 812}, 2025), name="x.csv")
        b.send(op="upload", text=csv({LAHTI: 813}, 2025), name="y.csv")
        rx, ry = a.receive(), b.receive()
        assert sorted([rx["ok"], ry["ok"]]) == [False, True], (rx, ry)
        assert (rx.get("errors") or ry.get("errors")) == ["overlap"]  # as if one had come after the other
        rows = fresh(engine, "SELECT region_code, year, value FROM observations ORDER BY region_code, year")
        landed = 812.0 if rx["ok"] else 813.0
        assert rows == [("098", 2024, 97.0), ("167", 2024, 301.0), ("398", 2024, 812.0), ("398", 2025, landed)]
        keys = fresh(engine, "SELECT count(*), count(DISTINCT indicator_code || region_code || year) FROM observations")
        assert keys == [(4, 4)]  # nothing duplicated
        assert a.read(LAHTI, JOENSUU) == b.read(LAHTI, JOENSUU) == {"398": 812.0, "167": 301.0}
    finally:
        a.close()
        b.close()
