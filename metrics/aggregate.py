"""Aggregation municipality -> county -> region -> country, by summing, never averaging rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

ADDITIVE_UNITS = frozenset({"count", "eur"})
KEY = ["indicator_code", "year", "month", "sex"]


def finalise_ratio(df: pd.DataFrame, per: pd.Series) -> pd.Series:
    """value = numerator / denominator * per, NaN where the denominator is 0 or missing."""
    den = df["denominator"].where(df["denominator"] > 0)
    return df["numerator"] / den * per


def aggregate_up(
    obs: pd.DataFrame,
    municipalities: pd.DataFrame,
    indicator_meta: pd.DataFrame,
    levels: tuple[str, ...] = ("county", "region", "country"),
    country_code: str = "SSS",
) -> pd.DataFrame:
    """Sum municipality observations into the given higher levels.

    obs: municipality rows with indicator_code, region_code, year, month, sex, value,
    numerator, denominator. municipalities: code, county_code, region_code.
    indicator_meta: code, unit, per. Additive units (count, eur) sum their value;
    the others sum numerator and denominator and recompute value = num / den * per.
    Returns rows with region_level and region_code for each requested level.
    """
    meta = indicator_meta.set_index("code")
    mun = municipalities.set_index("code")
    base = obs.copy()
    base["county"] = base["region_code"].map(mun["county_code"])
    base["region"] = base["region_code"].map(mun["region_code"])
    base["country"] = country_code
    if base[["county", "region"]].isna().any().any():
        unknown = sorted(base.loc[base["county"].isna(), "region_code"].unique())
        raise ValueError(f"unknown municipality codes: {unknown}")
    out = []
    for level in levels:
        grouped = (
            base.groupby([level, *KEY], sort=True, dropna=False)[["value", "numerator", "denominator"]]
            .sum(min_count=1)
            .reset_index()
            .rename(columns={level: "region_code"})
        )
        grouped.insert(1, "region_level", level)
        out.append(grouped)
    result = pd.concat(out, ignore_index=True)
    unit = result["indicator_code"].map(meta["unit"])
    per = result["indicator_code"].map(meta["per"]).fillna(1).astype(float)
    ratio = ~unit.isin(ADDITIVE_UNITS)
    result.loc[ratio, "value"] = finalise_ratio(result.loc[ratio], per[ratio])
    result["value"] = result["value"].replace([np.inf, -np.inf], np.nan)
    return result
