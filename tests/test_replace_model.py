"""Replace and rollback against a model of what the store must hold.

Hypothesis draws sequences of ingest, replace and rollback (with and without demo rows); after
every step the live rows read through a fresh connection (id, key, value, upload) must equal the
model's, and whether a step was refused must be what the model says. At the end every upload is
rolled back, newest first, and the store holds exactly what it held at the start, ids included.
The same sequences run on PostgreSQL when a server is there (LAPE_TEST_PG_URL)."""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from data_loaders.ingest import ingest_bytes
from store.engine import create_upload, init_db, insert_observations, make_engine
from store.migrate import drop_everything
from store.uploads import UploadRefused, rollback_upload

AREAS = ("098", "111")  # few keys: files overlap often, so replace chains and refusals happen
INDICATORS = ("cw_placed", "family_work")
YEARS = (2023, 2024)
KEYS = [(i, a, y) for i in INDICATORS for a in AREAS for y in YEARS]
Key = tuple[str, str, str, int, int, str]  # indicator, level, area, year, month, sex


def full_key(k: tuple[str, str, int]) -> Key:
    return (k[0], "municipality", k[1], k[2], 0, "total")


@dataclass
class Entry:
    id: int
    key: Key
    value: float
    upload: int
    replaced_by: int | None = None


@dataclass
class Model:
    live: dict[Key, Entry] = field(default_factory=dict)
    archive: list[Entry] = field(default_factory=list)
    status: dict[int, str] = field(default_factory=dict)
    sha: dict[int, str] = field(default_factory=dict)
    demo: set[int] = field(default_factory=set)

    def ingest_refusal(self, rows: dict[Key, float], sha: str, replace: bool) -> str | None:
        if any(s == sha and self.status[u] == "accepted" for u, s in self.sha.items()):
            return "already-uploaded"
        real_overlap = [k for k in rows if k in self.live and self.live[k].upload not in self.demo]
        if real_overlap and not replace:
            return "overlap"
        return None

    def ingest(self, upload: int, rows: dict[Key, float], ids: dict[Key, int], sha: str) -> None:
        for k in [k for k, e in self.live.items() if e.upload in self.demo]:  # the demo goes aside, all of it
            self.archive.append(Entry(**{**self.live.pop(k).__dict__, "replaced_by": upload}))
        for k in rows:
            if k in self.live:
                self.archive.append(Entry(**{**self.live.pop(k).__dict__, "replaced_by": upload}))
        for k, v in rows.items():
            self.live[k] = Entry(ids[k], k, v, upload)
        self.status[upload] = "accepted"
        self.sha[upload] = sha

    def rollback_refusal(self, upload: int) -> str | None:
        if upload not in self.status or self.status[upload] == "rolled_back":
            return "not-found"
        for a in self.archive:
            if a.replaced_by == upload and a.upload not in self.demo:
                holder = self.live.get(a.key)
                if holder is not None and holder.upload != upload:
                    return "superseded"
        return None

    def rollback(self, upload: int) -> None:
        for k in [k for k, e in self.live.items() if e.upload == upload]:
            del self.live[k]
        self.archive = [a for a in self.archive if a.upload != upload]
        back = [a for a in self.archive if a.replaced_by == upload and a.upload not in self.demo]
        for a in back:
            self.live[a.key] = Entry(a.id, a.key, a.value, a.upload)
        self.archive = [a for a in self.archive if a not in back]
        real = [e.upload for e in self.live.values() if e.upload not in self.demo]
        demo_back = [a for a in self.archive if a.replaced_by == upload and a.upload in self.demo]
        if real and self.demo:
            for a in demo_back:  # stays aside while real data is left
                a.replaced_by = max(real)
        else:
            for a in demo_back:
                self.live[a.key] = Entry(a.id, a.key, a.value, a.upload)
            self.archive = [a for a in self.archive if a not in demo_back]
        self.status[upload] = "rolled_back"


def db_live(url: str) -> dict[Key, tuple[int, float, int]]:
    engine = make_engine(url)  # a fresh connection: what is really stored
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, indicator_code, region_level, region_code, year, month, sex, value, upload_id "
                    "FROM observations"
                )
            ).all()
    finally:
        engine.dispose()
    return {(r[1], r[2], r[3], int(r[4]), int(r[5]), r[6]): (int(r[0]), float(r[7]), int(r[8])) for r in rows}


def as_db(model: Model) -> dict[Key, tuple[int, float, int]]:
    return {k: (e.id, e.value, e.upload) for k, e in model.live.items()}


def csv_of(rows: dict[Key, float]) -> bytes:
    lines = ["kunta;indikaattori;vuosi;arvo"] + [f"{k[2]};{k[0]};{k[3]};{int(v)}" for k, v in rows.items()]
    return ("\n".join(lines) + "\n").encode()


def run_sequence(url: str, ops: list[tuple[str, Any]], with_demo: bool) -> list[str]:
    """Runs the steps against the store and the model; returns the outcomes (for hypothesis' statistics)."""
    engine = make_engine(url)
    init_db(engine)
    model = Model()
    if with_demo:  # demo rows: an upload of format "demo" (what seed-demo writes), on some of the keys
        demo_rows = {full_key(k): float(10 + i) for i, k in enumerate(KEYS[::2])}
        with engine.begin() as conn:  # as seed-demo writes it: an upload of status "demo"
            demo_id = create_upload(
                conn, filename="demo", sha256="demo", fmt="demo", user="seed-demo", rows=len(demo_rows), status="demo"
            )
            insert_observations(conn, [(*k, v, None, None, None, demo_id) for k, v in demo_rows.items()])
        stored = db_live(url)
        for k, v in demo_rows.items():
            model.live[k] = Entry(stored[k][0], k, v, demo_id)
        model.status[demo_id] = "demo"
        model.sha[demo_id] = "demo"
        model.demo.add(demo_id)
    start = db_live(url)
    assert start == as_db(model)
    seen_ids = {v[0] for v in start.values()}
    outcomes: list[str] = []
    for op, arg in ops:
        if op == "rollback":
            live_ones = sorted(u for u, s in model.status.items() if s == "accepted" and u not in model.demo)
            uploads = sorted(u for u in model.status if u not in model.demo)
            if arg < 40 and live_ones:  # mostly a live upload (so refusals for superseded rows happen)
                uploads = live_ones
            if not uploads:
                continue
            upload = uploads[arg % len(uploads)]
            expected = model.rollback_refusal(upload)
            try:
                rollback_upload(engine, upload)
                got = None
            except UploadRefused as exc:
                got = exc.type
            assert got == expected, (op, upload, got, expected)
            outcomes.append(f"rollback {expected or 'done'}")
            if expected is None:
                model.rollback(upload)
        else:
            if op == "correct":  # a corrected file for the newest upload's rows: chains of replacements
                newest = max((e.upload for e in model.live.values() if e.upload not in model.demo), default=None)
                if newest is None:
                    continue
                rows = {k: float(e.value + 1 + arg) for k, e in model.live.items() if e.upload == newest}
                op = "replace"
            else:
                rows = {full_key(k): float(v) for k, v in arg.items()}
            data = csv_of(rows)
            sha = hashlib.sha256(data).hexdigest()
            expected = model.ingest_refusal(rows, sha, op == "replace")
            result = ingest_bytes(engine, data, "f.csv", replace=op == "replace")
            got = None if result.ok else result.report.errors[0].type
            assert got == expected, (op, got, expected, result.as_json("en")["errors"])
            outcomes.append(f"{op} {expected or 'done'}")
            if expected is None:
                assert result.upload_id is not None
                stored = db_live(url)
                ids = {k: stored[k][0] for k in rows}
                assert not set(ids.values()) & seen_ids  # an id is never handed out twice
                seen_ids |= set(ids.values())
                model.ingest(result.upload_id, rows, ids, sha)
        assert db_live(url) == as_db(model), op
    # every upload rolled back, newest first: exactly the start again (ids and values)
    for upload in sorted((u for u in model.status if u not in model.demo), reverse=True):
        if model.status[upload] == "accepted":
            rollback_upload(engine, upload)
            model.rollback(upload)
    assert db_live(url) == start
    engine.dispose()
    return outcomes


FILES = st.dictionaries(st.sampled_from(KEYS), st.integers(5, 900), min_size=1, max_size=4)
OPS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["ingest", "replace", "replace"]), FILES),
        st.tuples(st.just("rollback"), st.integers(0, 50)),
        st.tuples(st.just("correct"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=15,
)


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(ops=OPS, with_demo=st.booleans())
def test_sequences_match_the_model_on_sqlite(tmp_path: Path, ops: list[tuple[str, Any]], with_demo: bool) -> None:
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(dir=tmp_path)  # a new store for every example (with its WAL files)
    try:
        for outcome in set(run_sequence(f"sqlite:///{Path(folder) / 'model.sqlite'}", ops, with_demo)):
            event(outcome)  # pytest --hypothesis-show-statistics: how often each refusal was met
    finally:
        shutil.rmtree(folder)


def test_three_corrections_in_a_row_and_back(tmp_path: Path) -> None:
    """The issue's case: a value corrected with --replace three times, each rolled back, on a store with
    the demo: exactly where it started."""
    k = KEYS[1]
    ops: list[tuple[str, Any]] = [("ingest", {k: 40}), ("replace", {k: 41}), ("replace", {k: 42}), ("replace", {k: 43})]
    ops += [("rollback", 3), ("rollback", 2), ("rollback", 1), ("rollback", 0)]
    run_sequence(f"sqlite:///{tmp_path / 'three.sqlite'}", ops, with_demo=True)


PG_URL = os.environ.get("LAPE_TEST_PG_URL", "")


@pytest.mark.skipif(not PG_URL, reason="LAPE_TEST_PG_URL not set (no PostgreSQL server)")
@pytest.mark.xdist_group("postgres")
@pytest.mark.parametrize("seed", range(8))
def test_sequences_match_the_model_on_postgresql(seed: int) -> None:
    rng = random.Random(seed)
    ops: list[tuple[str, Any]] = []
    for _ in range(12):
        if rng.random() < 0.4:
            ops.append(("rollback", rng.randint(0, 50)))
        else:
            keys = rng.sample(KEYS, rng.randint(1, 4))
            ops.append((rng.choice(["ingest", "replace", "replace"]), {k: rng.randint(5, 900) for k in keys}))
    if seed == 0:  # the case on PostgreSQL too
        k = KEYS[1]
        ops = [("ingest", {k: 40}), ("replace", {k: 41}), ("replace", {k: 42}), ("replace", {k: 43})]
        ops += [("rollback", 3), ("rollback", 2), ("rollback", 1), ("rollback", 0)]
    engine = make_engine(PG_URL)
    drop_everything(engine)
    engine.dispose()
    run_sequence(PG_URL, ops, with_demo=seed % 2 == 0)
