"""Statistics Finland classification keys update the regions table."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Engine

from data_loaders.classification import apply, compare, parse_key
from data_loaders.regions import RegionResolver
from data_loaders.report import LoaderError
from tests.conftest import FIXTURES, shared_path


def test_parse_cp1252_quoted_codes_and_title_lines() -> None:
    key = parse_key((FIXTURES / "classification_key.csv").read_bytes())
    assert key.target == "county_code"
    assert key.source_id == "kunta_1_20250101#hyvinvointialue_1_20250101"
    assert key.rows == {
        "109": ("Hämeenlinna", "07", "Kanta-Hämeen hyvinvointialue"),
        "999": ("Uusikunta", "07", "Kanta-Hämeen hyvinvointialue"),
        "020": ("Akaa", "09", "Päijät-Hämeen hyvinvointialue"),
    }


def test_compare_then_apply(engine: Engine) -> None:
    key = parse_key((FIXTURES / "classification_key.csv").read_bytes())
    diff = compare(engine, key)
    assert diff["new"] == [{"code": "999", "name": "Uusikunta", "target": "07"}]
    assert diff["moved"] == [{"code": "020", "name": "Akaa", "from": "08", "to": "09"}]
    assert diff["renamed"] == []
    assert len(diff["not_in_key"]) == 308 - 2
    assert apply(engine, key) == {"new": 1, "moved": 1, "renamed": 0, "not_in_key": 306}
    with sqlite3.connect(str(engine.url.database)) as conn:
        rows = conn.execute(
            "SELECT code, name_fi, county_code FROM regions WHERE level='municipality' AND code IN ('020','999')"
        ).fetchall()
    assert sorted(rows) == [("020", "Akaa", "09"), ("999", "Uusikunta", "07")]
    assert RegionResolver.from_engine(engine).resolve("Uusikunta") is not None


def test_not_a_key(engine: Engine) -> None:
    with pytest.raises(LoaderError) as exc:
        parse_key((FIXTURES / "dialect_semicolon.csv").read_bytes())
    assert exc.value.key == "err.not-classification"


def test_real_statistics_finland_exports(engine: Engine) -> None:
    county = parse_key(
        shared_path("data", "fi-region-keys", "municipality_to_wellbeing_service_county_codes.csv").read_bytes()
    )
    region = parse_key(shared_path("data", "fi-region-keys", "municipality_to_region.csv").read_bytes())
    assert len(county.rows) == len(region.rows) == 309
    assert county.rows["020"] == ("Akaa", "08", "Pirkanmaan hyvinvointialue")
    assert region.rows["016"][1] == "07"
    diff = compare(engine, county)
    # the 2022 key still has Pertunmaa, merged into Mäntyharju in 2025; nothing else moved
    assert diff["new"] == [{"code": "588", "name": "Pertunmaa", "target": "12"}]
    assert diff["moved"] == []
    assert diff["renamed"] == [{"code": "478", "from": "Maarianhamina", "to": "Maarianhamina - Mariehamn"}]
