"""Pain points: the indicators where an area is worst relative to the country."""

from __future__ import annotations

import pandas as pd


def standardised_gaps(values: pd.DataFrame, country: pd.DataFrame, directions: pd.Series) -> pd.DataFrame:
    """Gap of every area to the country, in standard deviations of the areas, signed so that
    a positive gap is always worse.

    values: one row per area and indicator (one year and level) with columns region_code,
    indicator_code, shown. country: indicator_code, shown (the country's value).
    directions: indicator_code -> +1 (higher better) / -1 (higher worse); 0 are left out.
    gap = (area - country) / sd(areas) * (-direction)
    """
    data = values.dropna(subset=["shown"]).copy()
    data = data[data["indicator_code"].map(directions).fillna(0) != 0]
    ref = country.set_index("indicator_code")["shown"]
    sd = data.groupby("indicator_code")["shown"].std(ddof=0)
    data["country"] = data["indicator_code"].map(ref)
    data["sd"] = data["indicator_code"].map(sd)
    data["direction"] = data["indicator_code"].map(directions)
    data["gap"] = (data["shown"] - data["country"]) / data["sd"].where(data["sd"] > 0) * (-data["direction"])
    return data


def latest_gaps(values: pd.DataFrame, country: pd.DataFrame, directions: pd.Series, year: int) -> pd.DataFrame:
    """standardised_gaps with each indicator at its latest year up to `year` (surveys run every
    other year). values: areas of one level, all years; country: the country's values, all years."""
    upto = values[values["year"] <= year]
    current = upto[upto["year"] == upto.groupby("indicator_code")["year"].transform("max")]
    country = country.merge(current[["indicator_code", "year"]].drop_duplicates(), on=["indicator_code", "year"])
    return standardised_gaps(current, country, directions)


def pain_points(gaps: pd.DataFrame, region_code: str, top: int | None = None) -> pd.DataFrame:
    """The indicators where the area is worse than the country (gap > 0), worst first, with the
    area's rank among the areas on each indicator (`rank`, 1 = best) out of `of` areas."""
    ranked = ranked_gaps(gaps)
    own = ranked[(ranked["region_code"] == region_code) & (ranked["gap"] > 0)]
    own = own.sort_values("gap", ascending=False, kind="stable")
    return own.head(top) if top else own


def ranked_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """Every area's gaps with its rank (1 = best) among the areas of each indicator out of `of`."""
    ranks = gaps.groupby("indicator_code")["gap"].rank(ascending=True, method="min")
    counts = gaps.groupby("indicator_code")["gap"].transform("count")
    return gaps.assign(rank=ranks, of=counts).dropna(subset=["gap"])


def peers(population: pd.DataFrame, region_code: str, n: int = 5) -> list[str]:
    """Areas of the same level with the closest child population (log scale), nearest first.

    population: region_code, value (e.g. pop_0_17 of one level and year).
    """
    import numpy as np

    pop = population.set_index("region_code")["value"].astype(float)
    if region_code not in pop.index:
        return []
    distance = (np.log(pop) - np.log(pop[region_code])).abs().drop(region_code)
    return list(distance.sort_values(kind="stable").head(n).index)
