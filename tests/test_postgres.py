"""The same code on PostgreSQL (LAPE_TEST_PG_URL, set by .ci/run after it starts a server)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from data_loaders.demo import seed_demo
from data_loaders.ingest import ingest_bytes
from store.engine import init_db, make_engine
from store.migrate import drop_everything
from store.schema import OBSERVATION_VIEW_COLUMNS
from store.uploads import rollback_upload
from tests.conftest import FIXTURES

PG_URL = os.environ.get("LAPE_TEST_PG_URL", "")
pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="LAPE_TEST_PG_URL not set (no PostgreSQL server)"),
    pytest.mark.xdist_group("postgres"),
]


@pytest.fixture()
def pg() -> Iterator[Engine]:
    engine = make_engine(PG_URL)
    drop_everything(engine)
    init_db(engine)
    yield engine
    engine.dispose()


def snapshot(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM observations ORDER BY id"))]


def test_schema_view_and_reference(pg: Engine) -> None:
    with pg.connect() as conn:
        cols = list(conn.execute(text("SELECT * FROM observation_view LIMIT 0")).keys())
        levels: dict[str, int] = dict(conn.execute(text("SELECT level, count(*) FROM regions GROUP BY level")).all())
    assert tuple(cols) == OBSERVATION_VIEW_COLUMNS
    assert levels == {"municipality": 308, "county": 23, "region": 19, "country": 1}


def test_ingest_replace_and_rollback_restore_exactly(pg: Engine) -> None:
    first = ingest_bytes(pg, (FIXTURES / "dialect_semicolon.csv").read_bytes(), "a.csv", user="pg")
    assert first.ok and first.rows_accepted == 4
    before = snapshot(pg)
    refused = ingest_bytes(pg, (FIXTURES / "corrected.csv").read_bytes(), "b.csv", user="pg")
    assert not refused.ok and refused.report.errors[0].type == "overlap"
    assert snapshot(pg) == before
    second = ingest_bytes(pg, (FIXTURES / "corrected.csv").read_bytes(), "b.csv", user="pg", replace=True)
    assert second.ok and second.upload_id is not None
    assert rollback_upload(pg, second.upload_id) == {"removed": 2, "restored": 2}
    assert snapshot(pg) == before


def test_bad_file_writes_nothing(pg: Engine) -> None:
    result = ingest_bytes(pg, (FIXTURES / "constraints.csv").read_bytes(), "c.csv")
    assert not result.ok
    with pg.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM uploads")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM observations")).scalar_one() == 0


def test_demo_seed_and_aggregates(pg: Engine) -> None:
    seed_demo(pg, "small")
    with pg.connect() as conn:
        bad = conn.execute(
            text(
                """
                SELECT c.region_code FROM observations c
                JOIN regions r ON r.level = 'municipality' AND r.county_code = c.region_code
                JOIN observations m ON m.region_level = 'municipality' AND m.region_code = r.code
                  AND m.indicator_code = c.indicator_code AND m.year = c.year AND m.sex = c.sex
                WHERE c.region_level = 'county' AND c.indicator_code = 'cw_placed'
                GROUP BY c.id, c.region_code, c.value HAVING ABS(c.value - SUM(m.value)) > 1e-6
                """
            )
        ).all()
        n = conn.execute(text("SELECT count(*) FROM observation_view WHERE month IS NULL")).scalar_one()
    assert bad == []
    assert n > 30_000


def test_command_line_write_shows_in_the_open_app_on_postgres(pg: Engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.freshness import scenario

    scenario(PG_URL, tmp_path, monkeypatch)


def test_roll_up_follows_replace_and_rollback_on_postgres(pg: Engine) -> None:
    from tests.test_roll_up import KIDS, PLACED, upload
    from views.context import open_context
    from views.map import indicator_table

    first = ingest_bytes(pg, upload(PLACED, KIDS), "kymenlaakso.csv")
    assert first.ok
    county = lambda: indicator_table(open_context("fi", PG_URL), "cw_placed", "county", 2024)["numerator"].tolist()  # noqa: E731
    assert county() == [407.0]
    corrected = ingest_bytes(pg, upload({**PLACED, "286": 190}, KIDS), "korjattu.csv", replace=True)
    assert corrected.ok and corrected.upload_id is not None
    assert county() == [417.0]
    rollback_upload(pg, corrected.upload_id)
    assert county() == [407.0]


def test_sotkanet_fetch_and_found_id(pg: Engine) -> None:
    from data_loaders.sotkanet import fetch_sotkanet
    from tests.data_loaders.sotkanet_api import RecordedSotkanet

    result = fetch_sotkanet(pg, ["cw_notified", "cw_placed"], [2022], opener=RecordedSotkanet(), user="pg")
    assert result.ok, result.as_json("en")
    fresh = make_engine(PG_URL)
    with fresh.connect() as conn:
        got = conn.execute(
            text("SELECT indicator_code, region_level, region_code, value FROM observation_view ORDER BY 1, 2, 3")
        ).all()
        kept = conn.execute(text("SELECT sotkanet_id FROM indicators WHERE code = 'cw_placed'")).scalar_one()
    fresh.dispose()
    assert [tuple(r) for r in got] == [
        ("cw_notified", "country", "SSS", 58_862),
        ("cw_notified", "county", "09", 2250),
        ("cw_notified", "municipality", "098", 231),
        ("cw_notified", "municipality", "111", 153),
        ("cw_notified", "region", "07", 2250),
        ("cw_placed", "country", "SSS", 13_981),
        ("cw_placed", "municipality", "098", 50),
    ]
    assert kept == 5001


def test_episodes_replace_and_rollback_on_postgres(pg: Engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Client episodes on the second backend: hashed, a repeat refused, replace and rollback exact."""
    from tests.data_loaders.test_episodes import VALID

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))
    first = ingest_bytes(pg, VALID.encode(), "a.csv")
    assert first.ok and first.rows_accepted == 4

    def live() -> list[tuple]:
        with pg.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    text("SELECT id, client, service, start_date, upload_id FROM client_episodes ORDER BY id")
                )
            ]

    before = live()
    assert not any("PK-" in str(r) for r in before)
    assert not ingest_bytes(pg, VALID.encode(), "a.csv").ok
    second = ingest_bytes(pg, VALID.replace("30.6.2024", "31.7.2024").encode(), "b.csv", replace=True)
    assert second.ok and second.replaced == 4
    assert second.upload_id is not None
    rollback_upload(pg, second.upload_id)
    assert live() == before
