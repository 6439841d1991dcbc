"""Engine factory and database set-up (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import NullPool

from store import catalogue, reference, state
from store.about import note_rows
from store.schema import (
    OBSERVATION_COLUMNS,
    indicator_notes,
    indicators,
    region_aliases,
    regions,
    uploads,
)
from store.settings import PROJECT_ROOT, get_str

DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "lape.sqlite"


def database_url(url: str | None = None) -> str:
    """The URL in force: the argument, else LAPE_DB_URL, else the project's SQLite file."""
    if url:
        return url
    env = get_str("LAPE_DB_URL")
    if env:
        return env
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Turn off the driver's implicit transactions; _sqlite_begin emits BEGIN itself,
    # so a whole upload (reads included) is one real transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers ask for BEGIN IMMEDIATE (execution option "immediate") so that two
    # uploads queue on the write lock instead of failing half-way.
    if conn.get_execution_options().get("immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


# One number for the whole application: every writer of every process takes this lock first.
WRITE_LOCK = 0x1A9E5E


def _postgres_begin(conn: Connection) -> None:
    # Writers (execution option "immediate") queue on one transaction-scoped advisory lock, as SQLite's
    # BEGIN IMMEDIATE queues them: an upload through another replica at the same moment then sees this
    # one's rows (an overlap refused, or replaced) instead of failing on the unique key half-way.
    if conn.get_execution_options().get("immediate"):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def make_engine(url: str | None = None) -> Engine:
    """Create an Engine for `url` (or LAPE_DB_URL). SQLite gets WAL, foreign keys, busy timeout."""
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        engine = create_engine(resolved, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(resolved, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _postgres_begin)
    return engine


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest revision (tables and the stable view: store/migrate.py) and add
    the reference data if it is missing."""
    from store.migrate import migrate

    migrate(engine)
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(regions)).scalar_one() == 0:
            conn.execute(insert(regions), reference.region_rows())
            conn.execute(insert(region_aliases), reference.alias_rows())
        existing = {str(c): s for c, s in conn.execute(select(indicators.c.code, indicators.c.sotkanet_id)).all()}
        missing = [r for r in catalogue.indicator_rows() if r["code"] not in existing]
        if missing:
            conn.execute(insert(indicators), missing)
        for code, sotkanet_id in catalogue.SOTKANET_IDS.items():  # ids checked since the database was made
            if code in existing and existing[code] is None:
                conn.execute(update(indicators).where(indicators.c.code == code).values(sotkanet_id=sotkanet_id))
        _sync_notes(conn)
        state.ensure_row(conn)


def _sync_notes(conn: Connection) -> None:
    """The catalogue's indicator notes (store/about.py) in step with the code: missing ones added, changed
    texts updated, ones the code no longer has removed. A region's own notes are left alone."""

    wanted = {(r["indicator_code"], r["kind"], r["year"]): r for r in note_rows()}
    have = {
        (r.indicator_code, r.kind, r.year): r
        for r in conn.execute(select(indicator_notes).where(indicator_notes.c.origin == "catalogue"))
    }
    fresh = [r for k, r in wanted.items() if k not in have]
    if fresh:
        conn.execute(insert(indicator_notes), fresh)
    for key, row in have.items():
        want = wanted.get(key)
        if want is None:
            conn.execute(delete(indicator_notes).where(indicator_notes.c.id == row.id))
        elif (row.text_fi, row.text_sv, row.text_en) != (want["text_fi"], want["text_sv"], want["text_en"]):
            conn.execute(
                update(indicator_notes)
                .where(indicator_notes.c.id == row.id)
                .values(text_fi=want["text_fi"], text_sv=want["text_sv"], text_en=want["text_en"])
            )


def create_upload(
    conn: Connection,
    *,
    filename: str,
    sha256: str,
    fmt: str,
    user: str,
    rows: int,
    status: str = "accepted",
    report: dict[str, Any] | None = None,
) -> int:
    """Insert an uploads record and return its id."""
    result = conn.execute(
        insert(uploads).values(
            filename=filename,
            sha256=sha256,
            format=fmt,
            uploaded_by=user,
            uploaded_at=dt.datetime.now(dt.UTC),
            rows=rows,
            status=status,
            report_json=json.dumps(report or {}, ensure_ascii=False),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def insert_observations(conn: Connection, rows: Iterable[Sequence[Any]]) -> int:
    """Bulk-insert observation tuples in OBSERVATION_COLUMNS order inside the caller's transaction.

    SQLite takes the DB-API executemany (fastest measured path); PostgreSQL takes COPY.
    """
    rows = list(rows)
    if not rows:
        return 0
    cols = ", ".join(OBSERVATION_COLUMNS)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY observations ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        return len(rows)
    marks = ", ".join("?" for _ in OBSERVATION_COLUMNS)
    raw_conn = conn.connection.driver_connection
    assert raw_conn is not None
    cur = raw_conn.cursor()  # type: ignore[attr-defined]
    sql = f"INSERT INTO observations ({cols}) VALUES ({marks})"
    try:
        cur.executemany(sql, rows)
    except Exception as exc:  # the driver's own error: hand it on as SQLAlchemy's
        raise DatabaseError(sql, None, exc) from exc
    finally:
        cur.close()
    return len(rows)
