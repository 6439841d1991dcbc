"""Rates from numerators and denominators (per cent, per 1 000 children)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.aggregate import ADDITIVE_UNITS

AREA_KEY = ["region_level", "region_code", "year", "month", "sex"]


def rate(numerator: pd.Series, denominator: pd.Series, per: float) -> pd.Series:
    """numerator / denominator * per; NaN where the denominator is 0 or missing."""
    den = denominator.where(denominator > 0)
    return (numerator / den * per).replace([np.inf, -np.inf], np.nan)


def with_rates(obs: pd.DataFrame, indicator_meta: pd.DataFrame) -> pd.DataFrame:
    """Add the displayed measure of each observation.

    Additive indicators with a denominator_code (counts, euros) become rates: the
    count is the numerator, the denominator indicator's value for the same area,
    year, month and sex is the denominator, and rate = num / den * per. Ratio
    indicators (percent, days) keep their stored value. Adds columns `count`
    (the additive value or NaN), `rate`, `unit`, `per`, `decimals`, `direction`.
    """
    meta = indicator_meta.set_index("code")
    out = obs.copy()
    out["unit"] = out["indicator_code"].map(meta["unit"])
    out["direction"] = out["indicator_code"].map(meta["direction"])
    out["per"] = out["indicator_code"].map(meta["per"])
    den_code = out["indicator_code"].map(meta["denominator_code"])
    additive = out["unit"].isin(ADDITIVE_UNITS)
    out["count"] = out["value"].where(additive)
    out["rate"] = out["value"].where(~additive)
    needs = additive & den_code.notna()
    if needs.any():
        dens = obs[obs["indicator_code"].isin(den_code[needs].unique())][[*AREA_KEY, "indicator_code", "value"]]
        dens = dens.rename(columns={"indicator_code": "den_code", "value": "den_value"})
        left = out.loc[needs, AREA_KEY].assign(den_code=den_code[needs].to_numpy())
        merged = left.merge(dens, on=[*AREA_KEY, "den_code"], how="left")
        den_values = pd.Series(merged["den_value"].to_numpy(), index=out.index[needs])
        out.loc[needs, "numerator"] = out.loc[needs, "value"]
        out.loc[needs, "denominator"] = den_values
        out.loc[needs, "rate"] = rate(out.loc[needs, "value"], den_values, 1.0) * out.loc[needs, "per"].astype(float)
    return out
