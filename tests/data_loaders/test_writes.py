"""Transactions: replace and rollback restore the database exactly; concurrent and killed uploads."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_loaders.demo import seed_demo
from data_loaders.ingest import ingest_bytes
from store.engine import make_engine
from store.uploads import UploadRefused, rollback_upload
from tests.conftest import FIXTURES, ROOT
from tests.data_loaders.conftest import fresh_counts, fresh_rows, load


def snapshot(engine: Engine) -> list[tuple]:
    path = str(engine.url.database)
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id, indicator_code, region_level, region_code, year, month, sex, value, numerator, denominator, "
            "flag, upload_id FROM observations ORDER BY id"
        ).fetchall()


def test_rollback_restores_exactly_what_was_replaced(engine: Engine) -> None:
    first = load(engine, "dialect_semicolon.csv")
    before = snapshot(engine)
    second = load(engine, "corrected.csv", replace=True)
    assert second["ok"] and fresh_counts(engine) == (4, 2)
    assert snapshot(engine) != before
    done = rollback_upload(engine, second["upload_id"])
    assert done == {"removed": 2, "restored": 2}
    assert snapshot(engine) == before  # same ids, same values, same provenance
    with sqlite3.connect(str(engine.url.database)) as conn:
        statuses = conn.execute("SELECT id, status, replaced_by FROM uploads ORDER BY id").fetchall()
        archived = conn.execute("SELECT count(*) FROM observation_archive").fetchone()[0]
    assert statuses == [(first["upload_id"], "accepted", None), (second["upload_id"], "rolled_back", None)]
    assert archived == 0


def test_rollback_of_first_upload_after_a_replace(engine: Engine) -> None:
    first = load(engine, "dialect_semicolon.csv")
    second = load(engine, "corrected.csv", replace=True)
    rollback_upload(engine, first["upload_id"])
    # only the second upload's two rows are left; rolling it back later restores nothing of the first
    assert [(r[2], r[6]) for r in fresh_rows(engine)] == [("005", 13.0), ("091", 1240.0)]
    assert rollback_upload(engine, second["upload_id"]) == {"removed": 2, "restored": 0}
    assert fresh_counts(engine)[0] == 0


def test_rollback_twice_and_unknown(engine: Engine) -> None:
    up = load(engine, "markers.csv")["upload_id"]
    rollback_upload(engine, up)
    with pytest.raises(UploadRefused) as exc:
        rollback_upload(engine, up)
    assert exc.value.key == "err.already-rolled-back"
    with pytest.raises(UploadRefused):
        rollback_upload(engine, 999)


def test_a_rolled_back_file_can_be_uploaded_again(engine: Engine) -> None:
    up = load(engine, "markers.csv")["upload_id"]
    rollback_upload(engine, up)
    again = load(engine, "markers.csv")
    assert again["ok"] is True and fresh_counts(engine)[0] == 4


def test_real_upload_replaces_demo_and_rollback_brings_it_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'd.sqlite'}")
    seed_demo(engine, "small")
    demo = snapshot(engine)
    result = load(engine, "names.csv")
    assert result["ok"] is True
    assert [w["type"] for w in result["warnings"]] == ["merged", "demo-replaced"]
    assert fresh_counts(engine) == (5, 2)
    rollback_upload(engine, result["upload_id"])
    assert snapshot(engine) == demo


def test_dry_run_writes_nothing(engine: Engine) -> None:
    result = load(engine, "dialect_semicolon.csv", dry_run=True)
    assert result["ok"] is True and result["rows_accepted"] == 4 and "upload_id" not in result
    assert fresh_counts(engine) == (0, 0)


def test_large_change_warning_on_replace(engine: Engine) -> None:
    load(engine, "dialect_semicolon.csv")
    data = b"kunta;indikaattori;vuosi;arvo\n005;cw_placed;2024;30\n"
    result = ingest_bytes(engine, data, "fix.csv", replace=True).as_json("fi")
    assert result["warnings"][0]["message"] == (
        "cw_placed 005 2024: uusi arvo 30 poikkeaa aiemmasta (12) yli 50 %. Tarkista arvo."
    )


def _cli(*args: str, db: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LAPE_DB_URL": db, "LAPE_SEED_DEMO": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "data_loaders", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _big_csv(path: Path, indicator: str, rows: int = 60_000) -> Path:
    from store.reference import region_rows

    codes = [r["code"] for r in region_rows() if r["level"] == "municipality"]
    lines = ["kunta;indikaattori;vuosi;kuukausi;arvo"]
    n = 0
    for year in range(1946, 2028):
        for month in range(1, 13):
            for code in codes:
                lines.append(f"{code};{indicator};{year};{month};{n % 97}")
                n += 1
                if n >= rows:
                    path.write_text("\n".join(lines) + "\n")
                    return path
    raise AssertionError


def test_two_processes_upload_at_the_same_moment(engine: Engine, tmp_path: Path) -> None:
    db = f"sqlite:///{engine.url.database}"
    a = _big_csv(tmp_path / "a.csv", "fc_visits", 30_000)
    b = _big_csv(tmp_path / "b.csv", "cw_notified", 30_000)
    procs = [_cli("ingest", "--json", str(p), db=db) for p in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0, 0], outs
    obs, ups = fresh_counts(engine)
    assert (obs, ups) == (60_000, 2)
    with sqlite3.connect(str(engine.url.database)) as conn:
        per_upload = conn.execute("SELECT upload_id, count(*) FROM observations GROUP BY upload_id").fetchall()
    assert sorted(n for _, n in per_upload) == [30_000, 30_000]


def test_killed_mid_upload_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    db = f"sqlite:///{engine.url.database}"
    path = _big_csv(tmp_path / "big.csv", "fc_visits", 120_000)
    proc = _cli("ingest", "--progress", str(path), db=db)
    assert proc.stderr is not None
    killed_while_writing = False
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if " write " in line and not line.startswith("[100.0%]"):
            os.kill(proc.pid, signal.SIGKILL)
            killed_while_writing = True
            break
    proc.wait(timeout=60)
    assert killed_while_writing
    # "after restart": a new engine opens the database; SQLite discards the unfinished transaction
    fresh = make_engine(db)
    assert fresh_counts(fresh) == (0, 0)
    assert load(fresh, "dialect_semicolon.csv")["ok"] is True
    fresh.dispose()


def test_fixture_dir_exists() -> None:
    assert (FIXTURES / "corrected.csv").exists()
