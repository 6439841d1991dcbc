"""Progress towards a shared target (yhteinen tavoite): where the area stands against a straight path from
its baseline to the target. Pure functions.

The wanted direction is the target's own (target above or below the baseline); a target equal to its
baseline ("keep it there") takes the indicator's direction (-1: lower is better). Statuses:
- reached: the latest value is at or beyond the target;
- on_track: at or beyond the straight path's value for that year (the target itself after its year);
- behind: short of the path;
- no_data: no value after the baseline year yet; hidden: the latest value is withheld (small numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

STATUSES = ("reached", "on_track", "behind", "no_data", "hidden")


@dataclass(frozen=True)
class Progress:
    status: str
    year: int | None = None  # the latest year after the baseline
    value: float | None = None
    expected: float | None = None  # the straight path's value in that year


def path_value(baseline_year: int, baseline_value: float, target_year: int, target_value: float, year: int) -> float:
    """The straight path from (baseline year, value) to (target year, value); the target after its year."""
    if year >= target_year:
        return target_value
    if year <= baseline_year:
        return baseline_value
    share = (year - baseline_year) / (target_year - baseline_year)
    return baseline_value + share * (target_value - baseline_value)


def wanted(baseline_value: float, target_value: float, direction: int) -> int:
    """+1 when higher is the aim, -1 when lower is, from the target (or the indicator when they are equal)."""
    if target_value > baseline_value:
        return 1
    if target_value < baseline_value:
        return -1
    return -1 if direction < 0 else 1


def progress(
    baseline_year: int,
    baseline_value: float,
    target_year: int,
    target_value: float,
    direction: int,
    series: pd.DataFrame,
) -> Progress:
    """series: year, value (NaN where hidden or missing), hidden (bool)."""
    after = series[series["year"] > baseline_year].sort_values("year")
    if after.empty:
        return Progress("no_data")
    last = after.iloc[-1]
    year = int(last["year"])
    if bool(last["hidden"]):
        return Progress("hidden", year)
    if last["value"] != last["value"]:
        known = after[after["value"].notna()]
        if known.empty:
            return Progress("no_data")
        last = known.iloc[-1]
        year = int(last["year"])
    value = float(last["value"])
    sign = wanted(baseline_value, target_value, direction)
    expected = path_value(baseline_year, baseline_value, target_year, target_value, year)
    if (value - target_value) * sign >= 0:
        return Progress("reached", year, value, expected)
    return Progress("on_track" if (value - expected) * sign >= 0 else "behind", year, value, expected)
