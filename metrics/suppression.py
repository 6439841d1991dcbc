"""Small-number protection on the way out: primary and secondary suppression.

Stored data is never altered; these functions return a copy in which hidden
values are NaN and `suppressed` is True. Display code shows NaN as "..".
"""

from __future__ import annotations

import pandas as pd

DEFAULT_THRESHOLD = 5


def primary_mask(df: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Rows to hide: a person count of 1..threshold-1, or a rate built on one.

    Columns used: unit (count, eur, percent, days), value, numerator, denominator.
    - count: the value (or, for a rate of a count, the numerator) is 1..threshold-1;
    - percent: the numerator is 1..threshold-1, or the denominator is under the
      threshold (a share of 1-4 people tells about each of them);
    - days (a mean over clients): the number of clients is under the threshold;
    - eur: money is not about persons and is never hidden here.
    """
    unit = df["unit"]
    value = df["value"]
    num = df["numerator"] if "numerator" in df else pd.Series(float("nan"), index=df.index)
    den = df["denominator"] if "denominator" in df else pd.Series(float("nan"), index=df.index)
    small = lambda s: (s > 0) & (s < threshold)  # noqa: E731
    is_count = unit == "count"
    count_value = num.where(num.notna(), value)
    mask = is_count & small(count_value)
    mask |= (unit == "percent") & (small(num) | small(den))
    mask |= (unit == "days") & den.notna() & (den < threshold)
    return mask.fillna(False).astype(bool)


def secondary_mask(df: pd.DataFrame, primary: pd.Series, group_cols: list[str], size_col: str) -> pd.Series:
    """Hide one more cell in every group where exactly one cell is hidden.

    A published group total (e.g. a county) minus the visible parts would reveal a
    single hidden part; hiding the next smallest part as well prevents that.
    """
    mask = primary.copy()
    for _, idx in df.groupby(group_cols, dropna=False).groups.items():
        hidden = mask.loc[idx]
        if hidden.sum() == 1 and len(idx) > 1:
            candidates = df.loc[idx][~hidden.to_numpy()]
            candidates = candidates[candidates[size_col].fillna(0) > 0]
            if len(candidates):
                mask.at[candidates[size_col].idxmin()] = True
    return mask


def apply_suppression(df: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """Copy of df with value-like columns blanked where mask is True, and a `suppressed` column."""
    out = df.copy()
    out["suppressed"] = mask.to_numpy()
    for col in ("value", "numerator", "denominator", "count", "rate"):
        if col in out:
            out[col] = out[col].astype(float).where(~out["suppressed"])
    return out
