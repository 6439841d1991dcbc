"""Roll-up: a county's municipal upload shows on the county (and the country once every municipality is
there), summed by hand; a stored county value wins and the upload report shows the difference; the sums
follow replace and rollback."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_loaders.ingest import ingest_bytes
from data_loaders.setup import ensure_ready
from metrics.aggregate import roll_up
from store.engine import make_engine
from store.reference import region_rows
from store.uploads import rollback_upload
from views.context import open_context
from views.map import indicator_table

# Kymenlaakso's six municipalities (Iitti moved to Päijät-Häme in 2021)
PLACED = {"075": 40, "285": 160, "286": 180, "489": 6, "624": 9, "935": 12}
KIDS = {"075": 3500, "285": 9000, "286": 15000, "489": 300, "624": 1000, "935": 1200}


def upload(rows: dict[str, int], kids: dict[str, int], year: int = 2024) -> bytes:
    lines = ["kunta;indikaattori;vuosi;arvo"]
    lines += [f"{code};cw_placed;{year};{n}" for code, n in rows.items()]
    lines += [f"{code};pop_0_17;{year};{n}" for code, n in kids.items()]
    return ("\n".join(lines) + "\n").encode()


def municipalities() -> pd.DataFrame:
    return pd.DataFrame([r for r in region_rows() if r["level"] == "municipality"])[
        ["code", "county_code", "region_code"]
    ]


def test_roll_up_by_hand() -> None:
    meta = pd.DataFrame(
        [{"code": "cw_placed", "unit": "count", "per": 1000}, {"code": "ecec_share", "unit": "percent", "per": 100}]
    )
    rows: list[tuple[str, str, float, float | None, float | None]] = [
        ("cw_placed", code, float(n), None, None) for code, n in PLACED.items()
    ]
    rows += [("ecec_share", "075", 80.0, 400.0, 500.0), ("ecec_share", "935", 50.0, 50.0, 100.0)]
    obs = pd.DataFrame(
        [
            {"indicator_code": i, "region_level": "municipality", "region_code": c, "year": 2024, "month": 0,
             "sex": "total", "value": v, "numerator": n, "denominator": d, "flag": None}
            for i, c, v, n, d in rows
        ]
    )  # fmt: skip
    summed = roll_up(obs, municipalities(), meta).set_index(["indicator_code", "region_level", "region_code"])
    assert summed.loc[("cw_placed", "county", "10"), "value"] == 407.0  # 40+160+180+6+9+12: all six there
    assert summed.loc[("cw_placed", "region", "08"), "value"] == 407.0  # Kymenlaakso region: the same six
    assert ("cw_placed", "country", "SSS") not in summed.index  # 302 municipalities missing: no country sum
    assert ("ecec_share", "county", "10") not in summed.index  # two of six: partial coverage is not summed
    # a stored county value wins: no sum is made for it
    stored = pd.concat([obs, obs.iloc[:1].assign(region_level="county", region_code="10", value=410.0)])
    again = roll_up(stored, municipalities(), meta).set_index(["indicator_code", "region_level", "region_code"])
    assert ("cw_placed", "county", "10") not in again.index and ("cw_placed", "region", "08") in again.index


def test_percentages_sum_numerators_and_denominators_never_rates() -> None:
    meta = pd.DataFrame([{"code": "ecec_share", "unit": "percent", "per": 100}])
    parts = {"075": (400.0, 500.0), "935": (50.0, 100.0), "285": (900.0, 1000.0), "286": (1500.0, 2000.0),
             "489": (20.0, 40.0), "624": (80.0, 100.0)}  # fmt: skip
    obs = pd.DataFrame(
        [
            {"indicator_code": "ecec_share", "region_level": "municipality", "region_code": c, "year": 2024,
             "month": 0, "sex": "total", "value": n / d * 100, "numerator": n, "denominator": d, "flag": None}
            for c, (n, d) in parts.items()
        ]
    )  # fmt: skip
    county = roll_up(obs, municipalities(), meta).query("region_level == 'county'").iloc[0]
    assert (county["numerator"], county["denominator"]) == (2950.0, 3740.0)
    assert county["value"] == pytest.approx(2950 / 3740 * 100)  # 78.9 %, not the mean of the six rates (68.9 %)


def test_a_county_upload_shows_on_the_county_and_follows_replace_and_rollback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    engine = make_engine(url)
    ensure_ready(engine, seed_demo=False)
    first = ingest_bytes(engine, upload(PLACED, KIDS), "kymenlaakso.csv")
    assert first.ok, first.as_json()
    county = indicator_table(open_context("fi", url), "cw_placed", "county", 2024)
    assert county.to_dict("records") == [
        {
            "region_code": "10",
            "region_name": "Kymenlaakson hyvinvointialue",
            "year": 2024,
            "value": round(407 / 30000 * 1000, 1),
            "numerator": 407.0,
            "denominator": 30000.0,
            "suppressed": False,
        }
    ]
    assert indicator_table(open_context("fi", url), "cw_placed", "country", 2024).empty  # not every municipality
    corrected = ingest_bytes(engine, upload({**PLACED, "286": 190}, KIDS), "korjattu.csv", replace=True)
    assert corrected.ok and corrected.upload_id is not None
    assert indicator_table(open_context("fi", url), "cw_placed", "county", 2024)["numerator"].tolist() == [417.0]
    rollback_upload(engine, corrected.upload_id)
    assert indicator_table(open_context("fi", url), "cw_placed", "county", 2024)["numerator"].tolist() == [407.0]


def test_a_stored_county_value_wins_and_the_report_shows_the_difference(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = make_engine(url)
    ensure_ready(engine, seed_demo=False)
    thl = b"hyvinvointialue;indikaattori;vuosi;arvo\n10;cw_placed;2024;410\n10;pop_0_17;2024;30000\n"
    assert ingest_bytes(engine, thl, "thl.csv").ok
    result = ingest_bytes(engine, upload(PLACED, KIDS), "kunnat.csv").as_json("en")
    assert result["ok"] is True
    assert [w["message"] for w in result["warnings"]] == [
        "cw_placed county 10 2024: stored value 410, sum of the municipalities 407. The stored value is shown; "
        "check whether the difference is right."
    ]
    assert indicator_table(open_context("fi", url), "cw_placed", "county", 2024)["numerator"].tolist() == [410.0]


def test_the_sum_is_compared_in_the_same_file_and_only_where_something_is_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    engine = make_engine(url)
    ensure_ready(engine, seed_demo=False)
    # a county figure of another year in the store: nothing to compare 2024 with
    assert ingest_bytes(engine, b"hyvinvointialue;indikaattori;vuosi;arvo\n10;cw_placed;2023;300\n", "t.csv").ok
    quiet = ingest_bytes(engine, upload(PLACED, KIDS), "kunnat.csv").as_json("en")
    assert quiet["ok"] is True and quiet["warnings"] == []
    # the county's own row in the same file as its municipalities (2025): 400 against 407
    both = (
        upload(PLACED, KIDS, 2025).replace(b"kunta;", b"alue;") + b"Kymenlaakson hyvinvointialue;cw_placed;2025;400\n"
    )
    result = ingest_bytes(engine, both, "molemmat.csv").as_json("en")
    assert result["ok"] is True, result["errors"]
    assert [w["message"] for w in result["warnings"]] == [
        "cw_placed county 10 2025: stored value 400, sum of the municipalities 407. The stored value is shown; "
        "check whether the difference is right."
    ]
