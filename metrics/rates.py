"""Rates from numerators and denominators (per cent, per 1 000 children)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def rate(numerator: pd.Series, denominator: pd.Series, per: float) -> pd.Series:
    """numerator / denominator * per; NaN where the denominator is 0 or missing."""
    den = denominator.where(denominator > 0)
    return (numerator / den * per).replace([np.inf, -np.inf], np.nan)
