"""The embedded 2025 classification and the alias table."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from sqlalchemy import Engine, text

from data_loaders.regions import RegionResolver
from store.reference import REFERENCE_DIR, alias_key, region_rows
from tests.conftest import shared_path


def test_level_counts() -> None:
    levels = Counter(r["level"] for r in region_rows())
    assert levels == {"municipality": 308, "county": 23, "region": 19, "country": 1}


def test_each_municipality_in_exactly_one_known_county() -> None:
    rows = region_rows()
    counties = {r["code"] for r in rows if r["level"] == "county"}
    munis = [r for r in rows if r["level"] == "municipality"]
    assert len({m["code"] for m in munis}) == 308
    assert all(m["county_code"] in counties for m in munis)


def test_counts_per_county_match_the_reference_file() -> None:
    with (REFERENCE_DIR / "counties_2025.csv").open(encoding="utf-8") as fh:
        expected = {r["county_code"]: int(r["municipalities"]) for r in csv.DictReader(fh)}
    got = Counter(r["county_code"] for r in region_rows() if r["level"] == "municipality")
    assert dict(got) == expected
    assert got["14"] == 13 and got["90"] == 1 and got["91"] == 16


def test_embedded_copy_equals_shared_reference() -> None:
    shared = shared_path("reference", "municipalities_2025.csv")
    assert shared.read_bytes() == (REFERENCE_DIR / "municipalities_2025.csv").read_bytes()


def test_database_holds_the_classification(empty_engine: Engine) -> None:
    with empty_engine.connect() as conn:
        counts: dict[str, int] = dict(
            conn.execute(text("SELECT level, count(*) FROM regions GROUP BY level")).fetchall()
        )
    assert counts == {"country": 1, "county": 23, "municipality": 308, "region": 19}


def test_alias_key_ignores_case_space_and_dash() -> None:
    assert alias_key("  Vantaa–Kerava ") == alias_key("vantaa - kerava") == "vantaa-kerava"


@pytest.mark.parametrize(
    ("text_", "level", "expected"),
    [
        ("Päijät-Häme", None, ("county", "09")),
        ("päijät-häme", None, ("county", "09")),
        ("Keski-Suomi", None, ("county", "15")),
        ("Siun sote", None, ("county", "14")),
        ("Pohjanmaa", None, ("county", "17")),
        ("Österbottens välfärdsområde", None, ("county", "17")),
        ("Pertunmaa", None, ("municipality", "507")),
        ("Helsingfors", None, ("municipality", "091")),
        ("Helsinki", "county", ("county", "90")),
        ("Åbo", None, ("municipality", "853")),
        ("Hämeenlinna", None, ("municipality", "109")),
        ("Koko maa", None, ("country", "SSS")),
        ("Päijät-Häme", "region", ("region", "07")),
        # two digits alone: Helsinki (091) or Åland (county 91); the file or the person decides
        ("91", None, ("ambiguous", "91")),
        ("91", "municipality", ("municipality", "091")),
        ("91", "county", ("county", "91")),
        ("5", None, ("municipality", "005")),
        ("09", "county", ("county", "09")),
        ("588", None, ("municipality", "507")),
        ("SSS", None, ("country", "SSS")),
    ],
)
def test_alias_resolution(empty_engine: Engine, text_: str, level: str | None, expected: tuple[str, str]) -> None:
    resolver = RegionResolver.from_engine(empty_engine)
    match = resolver.resolve(text_, level)
    assert match is not None
    assert (match.level, match.code) == expected


def test_unknown_region_is_none(empty_engine: Engine) -> None:
    resolver = RegionResolver.from_engine(empty_engine)
    assert resolver.resolve("Atlantis") is None
    assert resolver.resolve("999") is None


def test_county_sotkanet_ids_match_ropengov_key(empty_engine: Engine) -> None:
    """Sotkanet's region ids of the 23 county-level areas, as the rOpenGov/sotkanet R package lists
    them (nimi, uusi_id, ..., uusi_code), are the ones the classification carries."""
    path = shared_path("data", "sotkanet-samples", "ropengov_sotkanet_hyvinvointialueet.csv")
    with path.open(encoding="utf-8") as f:
        key = {int(r["uusi_code"]): int(r["uusi_id"]) for r in csv.DictReader(f)}
    with empty_engine.connect() as conn:
        ours = {
            int(code): int(sid)
            for code, sid in conn.execute(text("SELECT code, sotkanet_id FROM regions WHERE level = 'county'")).all()
        }
    assert len(key) == 23 and ours == key
