"""Corrective/preventive balance and costs per child (nominal and at a chosen year's prices)."""

from __future__ import annotations

import pandas as pd

CORRECTIVE = ("cw_placed", "cw_open_care")
PREVENTIVE = ("family_work", "home_help")
CORRECTIVE_COSTS = ("cost_cw_placements", "cost_cw_open_care")
PREVENTIVE_COSTS = ("cost_preventive",)
AREA = ["region_level", "region_code", "year"]


def _wide(obs: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """One column per indicator; a hidden (NaN) value stays NaN, never a 0."""
    sub = obs[obs["indicator_code"].isin(codes)]
    return sub.groupby([*AREA, "indicator_code"])["value"].sum(min_count=1).unstack("indicator_code")


def balance(obs: pd.DataFrame) -> pd.DataFrame:
    """Per area and year: corrective and preventive clients per 1 000 children, the preventive
    share of the two, and the preventive share of costs. A missing or hidden (NaN) input makes
    every figure built on it NaN.

    obs: observations with indicator_code, region_level, region_code, year, value (counts,
    euros and pop_0_17, not rates).
    """
    kids = _wide(obs, ("pop_0_17",)).reindex(columns=["pop_0_17"])["pop_0_17"]
    counts = _wide(obs, CORRECTIVE + PREVENTIVE).reindex(columns=list(CORRECTIVE + PREVENTIVE))
    costs = _wide(obs, CORRECTIVE_COSTS + PREVENTIVE_COSTS).reindex(columns=list(CORRECTIVE_COSTS + PREVENTIVE_COSTS))
    out = pd.DataFrame(index=kids.index)
    corrective = counts[list(CORRECTIVE)].sum(axis=1, min_count=len(CORRECTIVE))
    preventive = counts[list(PREVENTIVE)].sum(axis=1, min_count=len(PREVENTIVE))
    out["corrective_per_1000"] = corrective / kids * 1000
    out["preventive_per_1000"] = preventive / kids * 1000
    out["preventive_share"] = preventive / (preventive + corrective) * 100
    c_cost = costs[list(CORRECTIVE_COSTS)].sum(axis=1, min_count=len(CORRECTIVE_COSTS))
    p_cost = costs[list(PREVENTIVE_COSTS)].sum(axis=1, min_count=len(PREVENTIVE_COSTS))
    out["preventive_cost_share"] = p_cost / (p_cost + c_cost) * 100
    return out.reset_index()


def cost_per_child(
    costs: pd.DataFrame, children: pd.DataFrame, price_index: pd.Series | None = None, price_year: int | None = None
) -> pd.DataFrame:
    """EUR per child aged 0-17, nominal and (given an index by year) at `price_year` prices.

    costs: region_level, region_code, year, value (EUR). children: same keys, value (pop_0_17).
    real = nominal * index[price_year] / index[year].
    """
    merged = costs.merge(children, on=AREA, suffixes=("_eur", "_kids"))
    out = merged[AREA].copy()
    out["nominal"] = merged["value_eur"] / merged["value_kids"].where(merged["value_kids"] > 0)
    if price_index is not None and price_year is not None:
        factor = price_index[price_year] / merged["year"].map(price_index)
        out["real"] = out["nominal"] * factor
    return out


BALANCE_INPUTS = ("pop_0_17", *CORRECTIVE, *PREVENTIVE, *CORRECTIVE_COSTS, *PREVENTIVE_COSTS)


def cost_groups(obs: pd.DataFrame, price_index: pd.Series | None = None, price_year: int | None = None) -> pd.DataFrame:
    """Corrective and preventive costs per child of one area, by year: columns year, group
    ('corrective' | 'preventive'), nominal and (with an index) real."""
    kids = obs[obs["indicator_code"] == "pop_0_17"][[*AREA, "value"]]
    frames = []
    for group, codes in (("corrective", CORRECTIVE_COSTS), ("preventive", PREVENTIVE_COSTS)):
        # a group's sum only where every part is known: a hidden part hides the sum
        eur = obs[obs["indicator_code"].isin(codes)].groupby(AREA)["value"].sum(min_count=len(codes)).reset_index()
        part = cost_per_child(eur, kids, price_index, price_year)
        part["group"] = group
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def did(series: pd.DataFrame, treated: str, comparison: list[str], start_year: int) -> dict[str, float]:
    """Difference-in-differences of one area against the mean of comparison areas.

    series: region_code, year, value. pre = years before start_year, post = from it on.
    estimate = (treated_post - treated_pre) - (comparison_post - comparison_pre).
    Also returns the pre-period slope difference (per year): far from 0 means the
    parallel-trends assumption is doubtful.
    """
    import numpy as np

    data = series.dropna(subset=["value"])
    t = data[data["region_code"] == treated].groupby("year")["value"].mean()
    c = data[data["region_code"].isin(comparison)].groupby("year")["value"].mean()
    pre_t, post_t = t[t.index < start_year], t[t.index >= start_year]
    pre_c, post_c = c[c.index < start_year], c[c.index >= start_year]
    estimate = (post_t.mean() - pre_t.mean()) - (post_c.mean() - pre_c.mean())
    slope = float("nan")
    both = pd.concat([pre_t.rename("t"), pre_c.rename("c")], axis=1).dropna()
    if len(both) >= 2:
        years = both.index.to_numpy(dtype=float)
        slope = float(np.polyfit(years, both["t"], 1)[0] - np.polyfit(years, both["c"], 1)[0])
    return {
        "estimate": float(estimate),
        "treated_pre": float(pre_t.mean()),
        "treated_post": float(post_t.mean()),
        "comparison_pre": float(pre_c.mean()),
        "comparison_post": float(post_c.mean()),
        "pre_trend_gap_per_year": slope,
        "pre_years": float(len(pre_t)),
        "post_years": float(len(post_t)),
    }
