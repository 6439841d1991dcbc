"""Schema migrations with alembic (store/migrations): `python -m store migrate`, also run by every init.

A new database is built by running every revision from the first; a database at an older revision is
upgraded in place, its rows kept. A database made before migrations existed (by the first release's
create_all) has no alembic_version table: it is recognised by its tables, stamped with the revision it
matches and upgraded from there.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

SCRIPTS = Path(__file__).resolve().parent / "migrations"
# the tables each revision adds: how a database made before migrations is placed
FIRST_TABLES = {"observations", "regions", "indicators", "uploads", "client_episodes", "audit_log"}
SECOND_TABLES = {"survey_responses", "family_centres", "centre_activity"}
THIRD_TABLES = {"targets", "target_archive"}
FOURTH_TABLES = {"absence_counts", "absence_ladder", "indicator_notes"}


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def head_revision() -> str:
    """The newest revision of the schema this code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's revision; None for an empty database or one made before migrations."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, target: str = "head") -> tuple[str | None, str]:
    """Bring the schema to `target` (default the newest), keeping every row. Returns (from, to)."""
    before = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if before == wanted:
        return before, wanted
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        if before is None:
            tables = set(inspect(conn).get_table_names())
            if tables >= FIRST_TABLES:  # made before migrations: which revision it matches
                before = "0002" if tables >= SECOND_TABLES else "0001"
                command.stamp(config, before)
        command.upgrade(config, wanted)
    return before, wanted


def drop_everything(engine: Engine) -> None:
    """Drop the view, every table of the schema and the revision mark (an empty database again)."""
    from store.schema import metadata

    with engine.begin() as conn:
        conn.execute(text("DROP VIEW IF EXISTS observation_view"))
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
