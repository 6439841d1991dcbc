"""The data version stamp: one number in the database that every write changes.

Every ingest, replace, rollback, demo seed, boundary load and classification change calls
`bump` inside its own transaction, so the new number becomes visible exactly when the data
does. Every cache key of the views includes the number: a process (an app replica, the
command line) that wrote new data makes every other process read afresh on its next rerun.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from store.schema import store_state

DATA_VERSION = "data_version"

__all__ = ["DATA_VERSION", "bump", "data_version", "ensure_row"]


def _start() -> int:
    """A new database's first stamp: random, so that a database dropped and made again (a restore, a
    test's fresh schema) never repeats the stamps a running process has cached its views under."""
    return secrets.randbelow(1 << 30) + 1


def ensure_row(conn: Connection) -> None:
    """Create the stamp (a random start) if it is missing."""
    if conn.execute(select(store_state.c.value).where(store_state.c.key == DATA_VERSION)).first() is None:
        conn.execute(insert(store_state).values(key=DATA_VERSION, value=_start()))


def bump(conn: Connection) -> None:
    """Change the stamp inside the caller's write transaction."""
    done = conn.execute(
        update(store_state).where(store_state.c.key == DATA_VERSION).values(value=store_state.c.value + 1)
    )
    if not done.rowcount:
        conn.execute(insert(store_state).values(key=DATA_VERSION, value=_start()))


def data_version(engine: Engine) -> int:
    """The stamp now (0 for a database that has none yet)."""
    try:
        with engine.connect() as conn:
            value = conn.execute(select(store_state.c.value).where(store_state.c.key == DATA_VERSION)).scalar()
    except SQLAlchemyError:
        return 0
    return int(value or 0)
