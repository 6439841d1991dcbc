"""The values a person sees: rates where a rate is meant, suppressed where small."""

from __future__ import annotations

import pandas as pd

from metrics.rates import with_rates
from metrics.suppression import DEFAULT_THRESHOLD, apply_suppression, primary_mask


def shown_decimals(unit: str, has_denominator: bool) -> int:
    """Decimals of the displayed measure: rates, shares and days 1; euros and plain counts 0."""
    if unit == "eur" or (unit == "count" and not has_denominator):
        return 0
    return 1


def presented(obs: pd.DataFrame, indicator_meta: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Observations with `shown` (the displayed measure) and `suppressed`.

    shown = the rate (per 1 000 children, %, EUR per child, days) where the indicator
    has one, else the count itself (e.g. population). Suppressed rows have NaN in
    shown, value, numerator, denominator, count and rate.
    """
    rated = with_rates(obs, indicator_meta)
    return hide(rated, primary_mask(rated, threshold))


def hide(rated: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """Rated observations (metrics.rates.with_rates) with the masked rows hidden, and `shown`."""
    out = apply_suppression(rated, mask)
    out["shown"] = out["rate"].where(out["rate"].notna() | out["suppressed"], out["count"])
    return out
