"""The indicator table exactly as pages and `python -m metrics table` show it."""

from __future__ import annotations

import pandas as pd

from metrics.presentation import hide
from metrics.rates import with_rates
from metrics.suppression import DEFAULT_THRESHOLD, primary_mask, secondary_mask

# Whose total reveals a hidden cell: a municipality's county, a county's country, a region's country.
PARENT_COLUMN = {"municipality": "county_code"}


def indicator_table(
    obs: pd.DataFrame,
    indicator_meta: pd.DataFrame,
    regions: pd.DataFrame,
    indicator: str,
    lang: str = "fi",
    threshold: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """One indicator's values for the areas in `obs`, rated and suppressed, with names.

    obs holds the indicator's observations and the pop_0_17 rows it is rated by, for one
    level. Returns region_code, region_name, year, value, numerator, denominator, suppressed;
    a suppressed row has NaN in value, numerator and denominator.
    Secondary suppression: within each parent (a municipality's county; all counties in the
    country) where exactly one cell is hidden, the next smallest is hidden too.
    """
    rated = with_rates(obs, indicator_meta)
    rated = rated[rated["indicator_code"] == indicator].copy()
    if rated.empty:
        return pd.DataFrame(
            columns=["region_code", "region_name", "year", "value", "numerator", "denominator", "suppressed"]
        )
    level = str(rated["region_level"].iloc[0])
    info = regions[regions["level"] == level].set_index("code")
    parent_col = PARENT_COLUMN.get(level)
    rated["parent"] = rated["region_code"].map(info[parent_col]) if parent_col else "SSS"
    rated["size"] = rated["count"].where(rated["count"].notna(), rated["numerator"])
    primary = primary_mask(rated, threshold)
    mask = secondary_mask(rated, primary, ["indicator_code", "year", "month", "sex", "parent"], "size")
    shown = hide(rated, mask)
    out = pd.DataFrame(
        {
            "region_code": shown["region_code"],
            "region_name": shown["region_code"].map(info[f"name_{lang}"]),
            "year": shown["year"].astype(int),
            "value": shown["shown"].where(~shown["suppressed"]),
            "numerator": shown["numerator"],
            "denominator": shown["denominator"],
            "suppressed": shown["suppressed"].astype(bool),
        }
    )
    return out.sort_values(["region_code", "year"]).reset_index(drop=True)
