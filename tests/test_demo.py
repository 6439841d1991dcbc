"""The demo generator: deterministic, anchored on national facts, aggregated by summing."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data_loaders.demo import generate


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return generate("national")


def test_same_seed_same_data(national: pd.DataFrame) -> None:
    again = generate("national")
    pd.testing.assert_frame_equal(national, again)


def test_other_seed_other_data(national: pd.DataFrame) -> None:
    other = generate("national", seed=7)
    assert not national["value"].equals(other["value"])


def test_covers_every_municipality_year_and_indicator(national: pd.DataFrame) -> None:
    from store.catalogue import INDICATOR_CODES

    mun = national[national["region_level"] == "municipality"]
    assert mun["region_code"].nunique() == 308
    assert sorted(mun["year"].unique()) == list(range(2015, 2026))
    assert set(mun["indicator_code"]) | {"price_index_public"} == set(INDICATOR_CODES)
    index = national[national["indicator_code"] == "price_index_public"]
    assert list(index["region_level"].unique()) == ["country"]
    assert index[index["year"] == 2017]["value"].iloc[0] == 104.0  # 100 * 1.02 ** 2, rounded


def _country(df: pd.DataFrame, code: str, year: int = 2024) -> float:
    row = df[
        (df["region_level"] == "country")
        & (df["indicator_code"] == code)
        & (df["year"] == year)
        & (df["sex"] == "total")
    ]
    return float(row["value"].iloc[0])


@pytest.mark.parametrize(
    ("code", "low", "high"),
    [
        ("pop_0_17", 990_000, 1_010_000),
        ("cw_notified", 110_000, 120_000),
        ("cw_open_care", 33_000, 37_000),
        ("cw_placed", 10_800, 11_800),
        ("cw_urgent", 4_600, 5_200),
        ("family_work", 30_000, 35_000),
    ],
)
def test_national_magnitudes_2024(national: pd.DataFrame, code: str, low: float, high: float) -> None:
    assert low <= _country(national, code) <= high


def test_small_municipalities_give_small_counts(national: pd.DataFrame) -> None:
    placed = national[
        (national["region_level"] == "municipality")
        & (national["indicator_code"] == "cw_placed")
        & (national["sex"] == "total")
    ]
    assert ((placed["value"] >= 1) & (placed["value"] <= 4)).sum() > 100


def test_lape_counties_shift_from_placements(national: pd.DataFrame) -> None:
    def rate(level: str, code: str, year: int) -> float:
        d = national[
            (national["region_level"] == level) & (national["region_code"] == code) & (national["sex"] == "total")
        ]
        placed = d[(d["indicator_code"] == "cw_placed") & (d["year"] == year)]["value"].iloc[0]
        kids = d[(d["indicator_code"] == "pop_0_17") & (d["year"] == year)]["value"].iloc[0]
        return float(placed / kids)

    lape_change = rate("county", "09", 2025) / rate("county", "09", 2017)
    country_change = rate("country", "SSS", 2025) / rate("country", "SSS", 2017)
    assert lape_change < country_change - 0.1


def test_county_sums_equal_municipality_sums_in_the_store(demo_engine: Engine) -> None:
    """Counts: county value = sum of municipal values; shares: county num/den = sums."""
    with demo_engine.connect() as conn:
        bad_counts = conn.execute(
            text(
                """
                SELECT c.indicator_code, c.region_code, c.year, c.sex, c.value, SUM(m.value)
                FROM observations c
                JOIN regions r ON r.level = 'municipality' AND r.county_code = c.region_code
                JOIN observations m ON m.region_level = 'municipality' AND m.region_code = r.code
                  AND m.indicator_code = c.indicator_code AND m.year = c.year AND m.sex = c.sex
                JOIN indicators i ON i.code = c.indicator_code AND i.unit IN ('count', 'eur')
                WHERE c.region_level = 'county'
                GROUP BY c.id HAVING ABS(c.value - SUM(m.value)) > 1e-6
                """
            )
        ).fetchall()
        bad_ratios = conn.execute(
            text(
                """
                SELECT c.indicator_code, c.region_code, c.year
                FROM observations c
                JOIN regions r ON r.level = 'municipality' AND r.county_code = c.region_code
                JOIN observations m ON m.region_level = 'municipality' AND m.region_code = r.code
                  AND m.indicator_code = c.indicator_code AND m.year = c.year AND m.sex = c.sex
                JOIN indicators i ON i.code = c.indicator_code AND i.unit IN ('percent', 'days')
                WHERE c.region_level = 'county'
                GROUP BY c.id
                HAVING ABS(c.numerator - SUM(m.numerator)) > 1e-6
                    OR ABS(c.value - 1.0 * SUM(m.numerator) / SUM(m.denominator) * i.per) > 1e-9
                """
            )
        ).fetchall()
        n_county = conn.execute(text("SELECT count(*) FROM observations WHERE region_level='county'")).scalar_one()
    assert bad_counts == []
    assert bad_ratios == []
    assert n_county > 5000


def test_country_equals_sum_of_counties(national: pd.DataFrame) -> None:
    d = national[
        (national["indicator_code"] == "cw_notified") & (national["year"] == 2020) & (national["sex"] == "total")
    ]
    counties = d[d["region_level"] == "county"]["value"].sum()
    regions = d[d["region_level"] == "region"]["value"].sum()
    assert counties == regions == _country(national, "cw_notified", 2020)


def test_sexes_add_up_for_counts(national: pd.DataFrame) -> None:
    d = national[(national["indicator_code"] == "cw_placed") & (national["region_level"] == "municipality")]
    wide = d.pivot_table(index=["region_code", "year"], columns="sex", values="value")
    assert ((wide["male"] + wide["female"]) == wide["total"]).all()
