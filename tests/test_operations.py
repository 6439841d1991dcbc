"""Schema migrations, backup and restore, the full export and the health check, on SQLite and (when
LAPE_TEST_PG_URL is set) PostgreSQL; rows compared through fresh connections."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, select, text

from data_loaders.ingest import ingest_bytes
from store.engine import init_db, make_engine
from store.migrate import current_revision, drop_everything, head_revision, migrate
from store.ops import backup, check, export_zip, restore
from store.schema import metadata
from store.state import data_version
from tests.conftest import ROOT

PG_URL = os.environ.get("LAPE_TEST_PG_URL", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.skipif(not PG_URL, reason="LAPE_TEST_PG_URL not set (no PostgreSQL server)"),
    pytest.mark.xdist_group("postgres"),
])]  # fmt: skip


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a new SQLite file, or the test PostgreSQL database with everything dropped."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}" if request.param == "sqlite" else PG_URL)
    drop_everything(engine)
    yield engine
    drop_everything(engine)
    engine.dispose()


def fill(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Three made-up rows in every table the database has (parents before children, keys pointing at the
    parents' rows), then every table's rows as read back, in primary-key order."""
    reflected = MetaData()
    reflected.reflect(engine)
    made: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as conn:
        for table in reflected.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = []
            for i in range(3):
                row: dict[str, Any] = {}
                for column in table.columns:
                    fk = next(iter(column.foreign_keys), None)
                    if fk is not None:
                        row[column.name] = made[fk.column.table.name][i][fk.column.name]
                        continue
                    kind = column.type.python_type if hasattr(column.type, "python_type") else str
                    if kind is int:
                        row[column.name] = i + 1 if column.primary_key else 10 * i + len(column.name)
                    elif kind is float:
                        row[column.name] = 1.5 * i + 0.25
                    elif kind is dt.datetime:
                        row[column.name] = dt.datetime(2025, 1, i + 1, 12, tzinfo=dt.UTC)
                    elif kind is dt.date:
                        row[column.name] = dt.date(2024, 2, i + 1)
                    else:
                        length = getattr(column.type, "length", None) or 40
                        row[column.name] = f"{column.name[:3]}{i}ä"[:length]
                rows.append(row)
            conn.execute(insert(table), rows)
            made[table.name] = rows
    return read_all(engine, reflected)


def read_all(engine: Engine, reflected: MetaData | None = None) -> dict[str, list[tuple[Any, ...]]]:
    if reflected is None:
        reflected = MetaData()
        reflected.reflect(engine)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in reflected.sorted_tables:
            if table.name != "alembic_version":
                key = list(table.primary_key.columns) or list(table.columns)
                out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*key))]
    return out


def test_a_new_database_is_built_by_the_revisions_and_matches_the_code(empty: Engine) -> None:
    before, after = migrate(empty)
    assert (before, after) == (None, head_revision())
    with empty.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []  # the revisions make exactly the schema the code declares
        assert "observation_view" in inspect(conn).get_view_names()


def test_a_first_revision_database_with_data_in_every_table_upgrades_intact(empty: Engine) -> None:
    migrate(empty, "0001")
    assert current_revision(empty) == "0001"
    before = fill(empty)
    assert len(before) == 12 and all(len(rows) == 3 for rows in before.values())
    from_rev, to_rev = migrate(empty)
    assert (from_rev, to_rev) == ("0001", head_revision())
    after = read_all(empty)
    assert {k: v for k, v in after.items() if k in before} == before  # every row, every value kept
    assert set(after) - set(before) == {
        "survey_responses", "survey_archive", "family_centres", "centre_archive", "centre_activity",
        "activity_archive", "targets", "target_archive", "absence_counts", "absence_archive", "absence_ladder",
        "ladder_archive", "indicator_notes",
    }  # fmt: skip
    with empty.begin() as conn:  # the new tables take rows
        conn.execute(text("INSERT INTO survey_responses (round, municipality, question, answer, upload_id) "
                          "VALUES (2025, '249', 'help_found', 4, 1)"))  # fmt: skip
    assert read_all(empty)["survey_responses"] == [(1, 2025, "249", None, "help_found", 4, None, 1)]


def test_a_database_made_before_migrations_is_recognised_and_upgraded(empty: Engine) -> None:
    migrate(empty, "0001")
    rows = fill(empty)
    with empty.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # as the first release's create_all left it
    assert current_revision(empty) is None
    init_db(empty)
    assert current_revision(empty) == head_revision()
    after = read_all(empty)
    # every row kept; init_db adds the catalogue's indicators and the data version beside the made-up rows
    added = ("indicators", "store_state")
    assert {k: after[k] for k in rows if k not in added} == {k: v for k, v in rows.items() if k not in added}
    assert all(set(rows[k]) <= set(after[k]) for k in added)


COUNTS = "alue;indikaattori;vuosi;arvo\n091;cw_placed;2024;{a}\n049;cw_placed;2024;{b}\n"


def totals(engine: Engine) -> tuple[int, float, int]:
    with engine.connect() as conn:
        n, total = conn.execute(text("SELECT count(*), coalesce(sum(value), 0) FROM observations")).one()
        answers = conn.execute(text("SELECT count(*) FROM survey_responses")).scalar()
    return int(n), float(total), int(answers or 0)


def test_backup_and_restore_round_trip(empty: Engine, tmp_path: Path) -> None:
    init_db(empty)
    assert ingest_bytes(empty, COUNTS.format(a=812, b=97).encode(), "a.csv").ok
    survey = "kunta;kierros;kysymys;vastaus\n" + "Keuruu;2025;help_found;4\n" * 20
    assert ingest_bytes(empty, survey.encode(), "k.csv").ok
    saved = totals(empty)
    assert saved == (2, 909.0, 20)
    path = backup(empty, tmp_path / ("store.bak" if empty.dialect.name == "sqlite" else "store.dump"))
    assert path.stat().st_size > 0
    # after the backup: a replacing upload, then the database is dropped altogether
    assert ingest_bytes(empty, COUNTS.format(a=1, b=2).encode(), "b.csv", replace=True).ok
    seen = data_version(empty)
    drop_everything(empty)
    restored, head = restore(empty, path)
    assert (restored, head) == (head_revision(), head_revision())
    assert totals(empty) == saved  # every number back
    assert data_version(empty) > seen  # no app keeps serving what it cached for the dropped data
    health = check(empty)
    assert health.ok and health.counts["observations"] == 2 and health.counts["survey_responses"] == 20


def test_export_has_every_table_a_dictionary_and_no_password(tmp_path: Path) -> None:
    from store.users import add_user

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    init_db(engine)
    add_user(engine, "paivi", "a long enough password", "uploader", ["09"])
    assert ingest_bytes(engine, COUNTS.format(a=812, b=97).encode(), "=HYPERLINK(1).csv").ok
    counts = export_zip(engine, tmp_path / "export.zip")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        names = set(archive.namelist())
        assert names >= {f"{t.name}.csv" for t in metadata.sorted_tables}
        users = list(csv.reader(io.StringIO(archive.read("users.csv").decode("utf-8-sig")), delimiter=";"))
        assert users[0][:2] == ["username", "password_hash"] and users[1][:2] == ["paivi", ""]
        uploads = archive.read("uploads.csv").decode("utf-8-sig")
        assert "'=HYPERLINK(1).csv" in uploads  # a spreadsheet does not run it
        words = list(csv.reader(io.StringIO(archive.read("tietokuvaus_data_dictionary.csv").decode("utf-8-sig")),
                                delimiter=";"))  # fmt: skip
    described = {(r[0], r[1]) for r in words[1:] if r[3] and r[4]}
    every = {(t.name, c.name) for t in metadata.sorted_tables for c in t.columns} | {
        (t.name, "") for t in metadata.sorted_tables
    }
    assert every - described == set()  # every table and column in Finnish and English
    assert counts["observations"] == 2 and counts["users"] == 1
    engine.dispose()


def test_the_command_line_check_and_migrate(tmp_path: Path) -> None:
    env = {**os.environ, "LAPE_DB_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "store", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=False)  # fmt: skip

    down = run("check", "--json")
    assert down.returncode == 1 and json.loads(down.stdout)["problem"] == "schema-not-at-head"
    assert run("migrate", "--lang", "en").stdout.strip() == f"Database schema: - → {head_revision()}."
    up = run("check", "--json")
    assert up.returncode == 0 and json.loads(up.stdout)["schema_revision"] == head_revision()
    refused = run("restore", str(tmp_path / "nothing.bak"))
    assert refused.returncode == 2  # a restore needs --yes
    assert run("restore", str(tmp_path / "nothing.bak"), "--yes").returncode == 1


def test_the_sources_page_names_the_schema_revision_and_data_version(app_env: str) -> None:
    from streamlit.testing.v1 import AppTest

    from i18n import t
    from views.context import open_context

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/sources.py")
    at.run()
    ctx = open_context("fi", app_env)
    expected = t("sources.db", "fi", backend="sqlite", revision=head_revision(), version=ctx.version)
    assert expected in [c.value.replace("\\", "") for c in at.caption]
