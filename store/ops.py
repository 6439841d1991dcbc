"""Operations: backup and restore, a full export as CSV with a data dictionary, and a health check.

SQLite is copied with its online backup API (a consistent copy while the app runs); PostgreSQL with
pg_dump's custom format and pg_restore (the password goes to them in the environment, never on the
command line). A restore brings the restored database to the newest schema and moves the data version
stamp past every stamp the live database had, so no running app process keeps serving its cached views.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import secrets
import sqlite3
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, inspect, select, text, update
from sqlalchemy.engine import URL

from store import state
from store.dictionary import column_text, table_text
from store.migrate import current_revision, head_revision, migrate
from store.schema import metadata, store_state

SECRET_COLUMNS = {("users", "password_hash")}  # never leaves the database


class OpsError(Exception):
    """An operation that cannot be done, with a message key and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise OpsError("ops.no-file")
    return Path(database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment that carries it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise OpsError("ops.tool-failed", tool=args[0], detail=(done.stderr or done.stdout).strip()[-400:])


def backup(engine: Engine, path: str | Path) -> Path:
    """A consistent copy of the whole database at `path` (SQLite file, or pg_dump custom format)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        target = sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return out
    if engine.dialect.name == "postgresql":
        dsn, env = _libpq(engine.url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={out}", f"--dbname={dsn}"], env)
        return out
    raise OpsError("ops.unsupported", dialect=engine.dialect.name)


def _stamp(engine: Engine) -> int:
    try:
        return state.data_version(engine)
    except Exception:
        return 0


def restore(engine: Engine, path: str | Path) -> tuple[str | None, str]:
    """Replace the whole database with a backup made by `backup`, then bring its schema to the newest
    revision. Returns the (restored, newest) schema revisions."""
    source = Path(path)
    if not source.is_file():
        raise OpsError("ops.no-backup", path=str(source))
    before = _stamp(engine)
    if engine.dialect.name == "sqlite":
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            try:
                names = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.DatabaseError:
                names = set()
            if "observations" not in names or "uploads" not in names:
                raise OpsError("ops.not-a-backup", path=str(source))
            engine.dispose()
            live = sqlite3.connect(_sqlite_path(engine))
            try:
                backup_db.backup(live)
            finally:
                live.close()
        finally:
            backup_db.close()
    elif engine.dialect.name == "postgresql":
        from store.migrate import drop_everything

        dsn, env = _libpq(engine.url)
        _run(["pg_restore", "--list", str(source)], env)  # a custom-format archive, or refused as it is
        drop_everything(engine)
        engine.dispose()
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dsn}", str(source)], env)
    else:
        raise OpsError("ops.unsupported", dialect=engine.dialect.name)
    restored = current_revision(engine)
    migrate(engine)
    # past every stamp the live database had, and by a random jump (it may have been dropped before the
    # restore, its stamps unknown): no running process serves views it cached for other data
    jump = 1 + secrets.randbelow(1 << 30)
    with engine.begin() as conn:
        state.ensure_row(conn)
        now = conn.execute(select(store_state.c.value).where(store_state.c.key == state.DATA_VERSION)).scalar_one()
        conn.execute(
            update(store_state)
            .where(store_state.c.key == state.DATA_VERSION)
            .values(value=max(int(now), before) + jump)
        )
    return restored, head_revision()


def _safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, defused with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_zip(engine: Engine, path: str | Path) -> dict[str, int]:
    """Every table as a CSV (UTF-8 with BOM, ';') and a data dictionary in Finnish and English, zipped.
    Password hashes are not exported. Returns rows per table."""
    counts: dict[str, int] = {}
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    dictionary = io.StringIO()
    words = csv.writer(dictionary, delimiter=";")
    words.writerow(["taulu / table", "sarake / column", "tyyppi / type", "kuvaus", "description"])
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, engine.connect() as conn:
        for table in metadata.sorted_tables:
            if not inspect(conn).has_table(table.name):
                continue
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";")
            names = [c.name for c in table.columns]
            writer.writerow(names)
            n = 0
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                writer.writerow(
                    [
                        "" if (table.name, name) in SECRET_COLUMNS else _safe(value)
                        for name, value in zip(names, row, strict=True)
                    ]
                )
                n += 1
            counts[table.name] = n
            archive.writestr(f"{table.name}.csv", "\ufeff" + buffer.getvalue())
            fi, en = table_text(table.name)
            words.writerow([table.name, "", "", fi, en])
            for column in table.columns:
                fi, en = column_text(table.name, column.name)
                if (table.name, column.name) in SECRET_COLUMNS:
                    fi, en = fi + " (ei viedä)", en + " (not exported)"
                words.writerow([table.name, column.name, str(column.type), fi, en])
        archive.writestr("tietokuvaus_data_dictionary.csv", "\ufeff" + dictionary.getvalue())
        archive.writestr(
            "README.txt",
            f"LAPE-seuranta export {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}, "
            f"schema {current_revision(engine)}. CSV: UTF-8, ';' separated. See tietokuvaus_data_dictionary.csv.\n",
        )
    return counts


@dataclass
class Health:
    ok: bool
    revision: str | None
    head: str
    data_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "schema_revision": self.revision,
            "schema_head": self.head,
            "data_version": self.data_version,
            "counts": self.counts,
            "problem": self.problem,
        }


def check(engine: Engine) -> Health:
    """Connects, reads the schema revision and the data version, counts the main tables."""
    head = head_revision()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = current_revision(engine)
    except Exception as exc:
        return Health(False, None, head, problem=f"connect: {type(exc).__name__}")
    if revision != head:
        return Health(False, revision, head, problem="schema-not-at-head")
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for name in ("uploads", "observations", "client_episodes", "survey_responses", "family_centres", "users"):
            counts[name] = int(conn.execute(select(func.count()).select_from(metadata.tables[name])).scalar() or 0)
    return Health(True, revision, head, _stamp(engine), counts)
