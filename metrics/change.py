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


def comparison_mean(values: pd.DataFrame, comparison: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Mean of the comparison areas' shown values by year, only in years where every one of them is
    shown (NaN otherwise: a mean over a changing set of areas would make a trend of its own).

    values: region_code, year, shown (hidden values NaN). Returns year, shown.
    """
    part = values[values["region_code"].isin(list(comparison))]
    grouped = part.groupby("year")["shown"]
    complete = grouped.count() == len(comparison)
    mean = grouped.mean().where(complete)
    return pd.DataFrame({"year": mean.index.astype(int), "shown": mean.to_numpy()})
