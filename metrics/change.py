"""Change since a baseline year, ranks and quintile classes within a level."""

from __future__ import annotations

import numpy as np
import pandas as pd


def change_since(df: pd.DataFrame, baseline_year: int, value: str = "shown") -> pd.DataFrame:
    """Per area and indicator: the baseline value, the latest value, absolute, % and per-year change.

    df columns: indicator_code, region_level, region_code, year, and `value`. Areas without a
    value in the baseline year get NaN changes.
    """
    keys = ["indicator_code", "region_level", "region_code"]
    data = df.dropna(subset=[value])
    base = data[data["year"] == baseline_year].set_index(keys)[value].rename("baseline")
    latest_idx = data[data["year"] >= baseline_year].groupby(keys)["year"].idxmax()
    latest = (
        data.loc[latest_idx].set_index(keys)[[value, "year"]].rename(columns={value: "latest", "year": "latest_year"})
    )
    out = latest.join(base, how="left").reset_index()
    out["baseline_year"] = baseline_year
    out["change"] = out["latest"] - out["baseline"]
    out["change_pct"] = out["change"] / out["baseline"].where(out["baseline"] != 0) * 100
    years = (out["latest_year"] - baseline_year).where(lambda s: s > 0)
    out["change_per_year"] = out["change"] / years
    return out


def rank_within(df: pd.DataFrame, value: str = "shown", direction: int = -1) -> pd.DataFrame:
    """Rank areas (1 = best) and put them in quintile classes (1 = best fifth) within each group.

    direction: +1 when a higher value is better, -1 when lower is better. Areas with NaN
    (e.g. suppressed) get no rank.
    """
    out = df.copy()
    ascending = direction < 0
    group = out.groupby(["indicator_code", "region_level", "year"], dropna=False)[value]
    out["rank"] = group.rank(ascending=ascending, method="min")
    count = group.transform("count")
    out["quintile"] = np.ceil(out["rank"] / count * 5).clip(1, 5)
    return out


def trend_against(
    values: pd.DataFrame, country: pd.DataFrame, region_code: str, comparison: list[str], baseline_year: int
) -> pd.DataFrame:
    """From the baseline year on: the area, the mean of the comparison areas and the country.

    values: one indicator, every area of a level (year, region_code, shown); country: the
    country's rows of the same indicator. Returns year, kind ('area' | 'comparison' | 'country'), shown.
    """
    since = values[values["year"] >= baseline_year]
    own = since[since["region_code"] == region_code][["year", "shown"]].assign(kind="area")
    comp = since[since["region_code"].isin(comparison)].groupby("year")["shown"].mean().reset_index()
    nat = country[country["year"] >= baseline_year][["year", "shown"]].assign(kind="country")
    parts = [own, comp.assign(kind="comparison"), nat]
    return pd.concat(parts, ignore_index=True)[["year", "kind", "shown"]]
