"""Aggregation municipality -> county -> region -> country, by summing, never averaging rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

ADDITIVE_UNITS = frozenset({"count", "eur"})
KEY = ["indicator_code", "year", "month", "sex"]
# Flags that qualify a number without withholding it (the stronger wins in a sum).
SOFT_FLAGS = {"preliminary": 2, "estimate": 1}


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


def roll_up(
    obs: pd.DataFrame,
    municipalities: pd.DataFrame,
    indicator_meta: pd.DataFrame,
    country_code: str = "SSS",
) -> pd.DataFrame:
    """Counties, regions and the country summed from municipality rows, where nothing is stored.

    One rule: a parent gets a sum only where every one of its municipalities has the value (a
    number, not a source marker) for the indicator, year, month and sex; a value stored at the
    parent's level always wins (the sum is not made). Counts and euros are summed; a rate or share
    only where numerators and denominators are (never an average of rates).

    obs: observations of any levels (indicator_code, region_level, region_code, year, month, sex,
    value, numerator, denominator, flag). municipalities: code, county_code, region_code.
    indicator_meta: code, unit, per. Returns the summed rows in the same columns; a sum with a
    preliminary (or estimated) part is flagged so, a withheld part leaves no sum.
    """
    columns = [
        "indicator_code",
        "region_level",
        "region_code",
        "year",
        "month",
        "sex",
        "value",
        "numerator",
        "denominator",
    ]
    munis = obs[obs["region_level"] == "municipality"]
    if munis.empty:
        return pd.DataFrame(columns=[*columns, "flag"])
    meta = indicator_meta.set_index("code")
    additive = munis["indicator_code"].map(meta["unit"]).isin(ADDITIVE_UNITS).to_numpy()
    has_parts = munis["numerator"].notna().to_numpy() & munis["denominator"].notna().to_numpy()
    soft = munis["flag"].map(SOFT_FLAGS).fillna(0).to_numpy()
    usable = (munis["flag"].isna().to_numpy() | (soft > 0)) & np.where(
        additive, munis["value"].notna().to_numpy(), has_parts
    )
    mun = municipalities.set_index("code")
    sizes = {
        "county": mun.groupby("county_code").size(),
        "region": mun.groupby("region_code").size(),
        "country": pd.Series({country_code: len(mun)}),
    }
    base = munis[usable].assign(
        soft=soft[usable],
        county=lambda d: d["region_code"].map(mun["county_code"]),
        region=lambda d: d["region_code"].map(mun["region_code"]),
        country=country_code,
    )
    stored = set(
        zip(
            obs["indicator_code"],
            obs["region_level"],
            obs["region_code"],
            obs["year"],
            obs["month"],
            obs["sex"],
            strict=True,
        )
    )
    parts = []
    for level in ("county", "region", "country"):
        grouped = base.groupby([level, *KEY], sort=False, dropna=False)
        sums = grouped[["value", "numerator", "denominator"]].sum(min_count=1)
        sums["soft"] = grouped["soft"].max()
        counts = grouped.size()
        whole = counts.to_numpy() == sizes[level].reindex(counts.index.get_level_values(0)).to_numpy()
        sums = sums[np.asarray(whole, dtype=bool)].reset_index().rename(columns={level: "region_code"})
        sums.insert(1, "region_level", level)
        keep = [
            (i, lv, c, y, m, s) not in stored
            for i, lv, c, y, m, s in zip(
                sums["indicator_code"],
                sums["region_level"],
                sums["region_code"],
                sums["year"],
                sums["month"],
                sums["sex"],
                strict=True,
            )
        ]
        parts.append(sums[np.asarray(keep, dtype=bool)])
    result = (
        pd.concat(parts, ignore_index=True)[[*columns, "soft"]] if parts else pd.DataFrame(columns=[*columns, "soft"])
    )
    unit = result["indicator_code"].map(meta["unit"])
    per = result["indicator_code"].map(meta["per"]).fillna(1).astype(float)
    ratio = ~unit.isin(ADDITIVE_UNITS)
    if ratio.any():
        result.loc[ratio, "value"] = finalise_ratio(result.loc[ratio], per[ratio])
    flag = result["soft"].map({rank: name for name, rank in SOFT_FLAGS.items()})
    return result.drop(columns="soft").assign(flag=flag.astype(object).where(flag.notna(), None))
