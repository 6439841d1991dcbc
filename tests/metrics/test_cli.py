"""python -m metrics table: the suppressed values exactly as pages show them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from tests.conftest import ROOT


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"LAPE_DB_URL": db, "LAPE_SEED_DEMO": "0", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "metrics", "table", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_for_a_county_matches_hand_computation(demo_db: str) -> None:
    proc = run(demo_db, "cw_placed", "--level", "county", "--year", "2024", "--region", "09")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    with sqlite3.connect(demo_db.removeprefix("sqlite:///")) as conn:
        placed, kids = conn.execute(
            "SELECT a.value, b.value FROM observations a JOIN observations b ON b.region_level=a.region_level AND "
            "b.region_code=a.region_code AND b.year=a.year AND b.sex=a.sex AND b.indicator_code='pop_0_17' "
            "WHERE a.indicator_code='cw_placed' AND a.region_level='county' AND a.region_code='09' AND a.year=2024 "
            "AND a.sex='total'"
        ).fetchone()
    assert rows == [
        {
            "region_code": "09",
            "region_name": "Päijät-Hämeen hyvinvointialue",
            "year": 2024,
            "value": round(placed / kids * 1000, 1),
            "numerator": placed,
            "denominator": kids,
            "suppressed": False,
        }
    ]


def test_municipalities_of_a_county_with_suppression(demo_db: str) -> None:
    rows = json.loads(run(demo_db, "cw_urgent", "--level", "municipality", "--region", "09", "--year", "2024").stdout)
    assert len(rows) == 10  # Päijät-Häme's ten municipalities
    hidden = [r for r in rows if r["suppressed"]]
    assert hidden, "small municipalities have 1-4 urgent placements"
    assert all(r["value"] is None and r["numerator"] is None and r["denominator"] is None for r in hidden)
    assert all(r["numerator"] >= 5 or r["numerator"] == 0 for r in rows if not r["suppressed"])
    assert len(hidden) != 1  # never exactly one hidden cell under a published county total


def test_csv_format_and_usage_errors(demo_db: str) -> None:
    proc = run(demo_db, "ecec_share", "--level", "region", "--region", "07", "--year", "2023", "--format", "csv")
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == "region_code;region_name;year;value;numerator;denominator;suppressed"
    assert lines[1].startswith("07;Päijät-Häme;2023;")
    assert run(demo_db, "no_such_indicator").returncode == 2
    assert run(demo_db, "cw_placed", "--region", "1234").returncode == 2


def test_one_municipality_shows_exactly_what_the_full_table_shows(demo_db: str) -> None:
    """--region 624 used to suppress after filtering to one area: the second hidden cell of a county
    came out. Now the pattern is decided over every area first."""
    full = json.loads(run(demo_db, "cw_urgent", "--level", "municipality", "--region", "10", "--year", "2025").stdout)
    hidden = [r for r in full if r["suppressed"]]
    assert len(hidden) >= 2  # Kymenlaakso's small municipalities, and never exactly one
    for row in [*hidden, next(r for r in full if not r["suppressed"])]:
        alone = json.loads(run(demo_db, "cw_urgent", "--region", row["region_code"], "--year", "2025").stdout)
        assert alone == [row]
