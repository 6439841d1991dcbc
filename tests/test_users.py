"""Accounts, roles, throttling and the audit log (store/users.py, store/audit.py, python -m store users)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from data_loaders.ingest import ingest_bytes
from store.engine import init_db, make_engine
from store.reference import region_rows
from store.uploads import UploadRefused, rollback_upload
from store.users import UserError, add_user, authenticate, scope_areas, set_role
from tests.conftest import ROOT

PASSWORD = "kissa-koira-42"


def run_cli(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAPE_DB_URL": f"sqlite:///{db}", "LAPE_SEED_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "store", *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT
    )


def fresh(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_the_command_line_manages_accounts_and_never_stores_a_password(tmp_path: Path) -> None:
    db = tmp_path / "u.sqlite"
    done = run_cli(db, "users", "add", "paivi", "--role", "uploader", "--counties", "9", "--password-stdin",
                   stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Käyttäjä paivi lisätty (uploader: 09)."
    again = run_cli(db, "users", "add", "paivi", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
    assert again.returncode == 1
    assert again.stderr.strip() == "Käyttäjä paivi on jo olemassa; vaihda rooli komennolla set-role."
    no_county = run_cli(db, "users", "add", "x1", "--role", "uploader", "--password-stdin", "--lang", "en",
                        stdin=PASSWORD + "\n")  # fmt: skip
    assert no_county.returncode == 1
    assert no_county.stderr.strip() == "An uploader needs counties, e.g. --counties 09 (Päijät-Häme)."
    bad_county = run_cli(db, "users", "add", "x2", "--role", "uploader", "--counties", "99", "--password-stdin",
                         "--lang", "en", stdin=PASSWORD + "\n")  # fmt: skip
    assert bad_county.returncode == 1 and "99" in bad_county.stderr
    short = run_cli(db, "users", "add", "x3", "--role", "viewer", "--password-stdin", stdin="lyhyt\n")
    assert short.returncode == 1
    no_tty = run_cli(db, "users", "add", "x4", "--role", "viewer")  # no terminal, no --password-stdin
    assert no_tty.returncode == 2
    assert run_cli(db, "users", "add", "x5", "--role", "boss").returncode == 2  # argparse: a usage error
    assert run_cli(db, "users", "set-role", "paivi", "uploader", "--counties", "09,14").returncode == 0
    listed = json.loads(run_cli(db, "users", "list", "--json").stdout)
    assert listed == [{"username": "paivi", "role": "uploader", "counties": ["09", "14"], "email": None}]
    assert run_cli(db, "users", "set-password", "paivi", "--password-stdin", stdin="uusi-salasana-7\n").returncode == 0
    assert run_cli(db, "users", "remove", "nobody").returncode == 1
    # through a fresh connection: one account, an argon2id hash, neither password anywhere in the file
    rows = fresh(db, "SELECT username, role, counties, password_hash FROM users")
    assert [r[:3] for r in rows] == [("paivi", "uploader", "09,14")]
    assert str(rows[0][3]).startswith("$argon2id$")
    raw = db.read_bytes() + (
        db.with_suffix(".sqlite-wal").read_bytes() if db.with_suffix(".sqlite-wal").exists() else b""
    )
    assert PASSWORD.encode() not in raw and b"uusi-salasana-7" not in raw
    audit = fresh(db, "SELECT action, target, detail FROM audit_log ORDER BY id")
    assert [(a, t) for a, t, _ in audit] == [
        ("user-add", "paivi"),
        ("user-set-role", "paivi"),
        ("user-set-password", "paivi"),
    ]
    assert all("kissa" not in str(d) and "salasana" not in str(d) for _, _, d in audit)
    assert run_cli(db, "users", "remove", "paivi").returncode == 0
    assert fresh(db, "SELECT count(*) FROM users") == [(0,)]


def test_failed_logins_are_throttled_and_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPE_LOGIN_MAX_FAILURES", "3")
    engine = make_engine(f"sqlite:///{tmp_path / 't.sqlite'}")
    init_db(engine)
    add_user(engine, "aino", PASSWORD, "viewer")
    assert authenticate(engine, "aino", PASSWORD).reason == "ok"
    for _ in range(3):
        assert authenticate(engine, "aino", "väärä-salasana").reason == "bad-credentials"
    # the fourth try is refused without looking at the password, even the right one
    assert authenticate(engine, "aino", PASSWORD).reason == "throttled"
    assert authenticate(engine, "nobody", PASSWORD).reason == "bad-credentials"
    actions = fresh(tmp_path / "t.sqlite", "SELECT actor, action FROM audit_log WHERE action LIKE 'login%' ORDER BY id")
    assert actions == [("aino", "login")] + [("aino", "login-failed")] * 3 + [
        ("aino", "login-throttled"),
        ("nobody", "login-failed"),
    ]
    monkeypatch.setenv("LAPE_LOGIN_LOCK_MINUTES", "1")
    with sqlite3.connect(tmp_path / "t.sqlite") as conn:  # the failures an hour ago: the lock has passed
        conn.execute("UPDATE audit_log SET at = datetime(at, '-60 minutes') WHERE action = 'login-failed'")
    assert authenticate(engine, "aino", PASSWORD).reason == "ok"


def test_an_uploaders_scope_is_their_counties_municipalities_and_whole_regions(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    init_db(engine)
    user = add_user(engine, "p", PASSWORD, "uploader", ["09"])
    scope = scope_areas(engine, user)
    assert scope is not None
    munis = {r["code"] for r in region_rows() if r["level"] == "municipality" and r["county_code"] == "09"}
    assert len(munis) == 10  # Päijät-Häme's ten municipalities (2025)
    assert {c for lv, c in scope if lv == "municipality"} == munis
    assert {c for lv, c in scope if lv == "county"} == {"09"}
    assert {c for lv, c in scope if lv == "region"} == {"07"}  # the maakunta Päijät-Häme (07) has the same ten
    assert ("country", "SSS") not in scope
    viewer = set_role(engine, "p", "viewer")
    assert scope_areas(engine, viewer) == set()
    with pytest.raises(UserError):
        set_role(engine, "p", "uploader", [])


def test_uploads_and_rollbacks_are_scoped_and_audited(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    user = add_user(engine, "p", PASSWORD, "uploader", ["09"])
    scope = scope_areas(engine, user)
    mine = b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2024;12\n"  # Hollola, Paijat-Hame
    other = b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2023;12\n167;cw_placed;2023;30\n"  # + Joensuu
    refused = ingest_bytes(engine, other, "muut.csv", user="p", scope=scope).as_json("en")
    assert refused["ok"] is False
    assert refused["errors"] == [
        {
            "type": "forbidden",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "The file has 1 areas whose data your account may not change: Joensuu (167). Remove their "
            "rows or ask an administrator to add the areas to your account; nothing was saved.",
        }
    ]
    assert fresh(db, "SELECT count(*) FROM observations") == [(0,)]
    accepted = ingest_bytes(engine, mine, "omat.csv", user="p", scope=scope)
    assert accepted.ok and accepted.upload_id is not None
    admin_upload = ingest_bytes(engine, other, "admin.csv", user="root")
    assert admin_upload.ok and admin_upload.upload_id is not None
    with pytest.raises(UploadRefused) as refusal:
        rollback_upload(engine, admin_upload.upload_id, actor="p", allowed=scope)
    assert refusal.value.type == "forbidden"
    assert fresh(db, "SELECT count(*) FROM observations") == [(3,)]
    rollback_upload(engine, accepted.upload_id, actor="p", allowed=scope)
    assert fresh(db, "SELECT count(*) FROM observations") == [(2,)]
    audit = fresh(db, "SELECT actor, action, target, upload_id, detail FROM audit_log ORDER BY id")
    assert [a[:4] for a in audit] == [
        ("cli", "user-add", "p", None),
        ("p", "upload", "omat.csv", accepted.upload_id),
        ("root", "upload", "admin.csv", admin_upload.upload_id),
        ("p", "rollback", str(accepted.upload_id), accepted.upload_id),
    ]
    assert json.loads(str(audit[3][4])) == {"removed": 1, "restored": 0}
    assert all(b"cw_placed;2024" not in str(a).encode() for a in audit)  # never the file's contents


def test_an_uploader_rolls_back_their_own_upload_that_put_the_demo_aside(tmp_path: Path) -> None:
    """The demo rows an upload put aside cover every area; they are not the uploader's change, so they do
    not stop the rollback (found by trying it in the browser), and they come back with it."""
    from data_loaders.demo import seed_demo

    db = tmp_path / "d.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    seed_demo(engine, scale="small")
    demo_rows = fresh(db, "SELECT count(*) FROM observations")
    user = add_user(engine, "p", PASSWORD, "uploader", ["09"])
    scope = scope_areas(engine, user)
    done = ingest_bytes(engine, b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2024;12\n", "omat.csv", scope=scope)
    assert done.ok and done.upload_id is not None
    assert fresh(db, "SELECT count(*) FROM observations") == [(1,)]
    assert rollback_upload(engine, done.upload_id, actor="p", allowed=scope) == {
        "removed": 1,
        "restored": demo_rows[0][0],
    }
    assert fresh(db, "SELECT count(*) FROM observations") == demo_rows
