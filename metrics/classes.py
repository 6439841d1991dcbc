"""Classed colour scales: quantile breaks and class labels."""

from __future__ import annotations

import numpy as np
import pandas as pd


def quantile_breaks(values: pd.Series, k: int = 5) -> list[float]:
    """k+1 break points at quantiles of the known values (duplicates removed)."""
    known = values.dropna().astype(float)
    if known.empty:
        return []
    qs = np.quantile(known, np.linspace(0, 1, k + 1))
    return sorted(set(float(q) for q in qs))


def assign_classes(values: pd.Series, breaks: list[float]) -> pd.Series:
    """1..len(breaks)-1 for each value (lowest class 1); NaN stays NaN."""
    if len(breaks) < 2:
        return pd.Series(np.where(values.notna(), 1.0, np.nan), index=values.index)
    inner = breaks[1:-1]
    classes = np.searchsorted(inner, values.astype(float).to_numpy(), side="right") + 1
    return pd.Series(np.where(values.notna(), classes, np.nan), index=values.index)
