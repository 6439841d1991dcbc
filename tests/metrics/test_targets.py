"""Progress towards a target against a straight path, worked out by hand."""

from __future__ import annotations

import math

import pandas as pd

from metrics.targets import path_value, progress, wanted


def series(points: dict[int, float | None], hidden: tuple[int, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(points),
            "value": [float("nan") if v is None else v for v in points.values()],
            "hidden": [y in hidden for y in points],
        }
    )


def test_a_decreasing_target_urgent_placements_down_20_percent() -> None:
    """Baseline 2022: 5.0, target 2027: 4.0 (-20 %). The path: 2023 4.8, 2024 4.6, 2025 4.4.
    2025 at 4.5 is above 4.4: behind; at 4.4 on track; at 3.9 reached (below the target)."""
    assert math.isclose(path_value(2022, 5.0, 2027, 4.0, 2025), 4.4)
    assert path_value(2022, 5.0, 2027, 4.0, 2030) == 4.0 and path_value(2022, 5.0, 2027, 4.0, 2020) == 5.0
    assert wanted(5.0, 4.0, direction=1) == -1  # the target's own direction, whatever the indicator's
    found = progress(2022, 5.0, 2027, 4.0, -1, series({2021: 5.5, 2022: 5.0, 2024: 4.7, 2025: 4.5}))
    assert (found.status, found.year, found.value) == ("behind", 2025, 4.5)
    assert math.isclose(found.expected or 0, 4.4)
    assert progress(2022, 5.0, 2027, 4.0, -1, series({2025: 4.4})).status == "on_track"
    assert progress(2022, 5.0, 2027, 4.0, -1, series({2025: 3.9})).status == "reached"


def test_an_increasing_target_and_one_that_keeps_a_level() -> None:
    """Family work reach up from 20 (2021) to 30 (2026): 2024's path 26; 25 is behind, 27 on track.
    'Keep urgent placements at 4.0' (target = baseline) on a lower-is-better indicator: 3.8 has reached it,
    4.2 is behind."""
    assert progress(2021, 20.0, 2026, 30.0, 1, series({2024: 25.0})).status == "behind"
    assert progress(2021, 20.0, 2026, 30.0, 1, series({2024: 27.0})).status == "on_track"
    assert progress(2021, 20.0, 2026, 30.0, 1, series({2026: 30.0})).status == "reached"
    assert progress(2022, 4.0, 2025, 4.0, -1, series({2024: 3.8})).status == "reached"
    assert progress(2022, 4.0, 2025, 4.0, -1, series({2024: 4.2})).status == "behind"


def test_no_data_yet_and_a_withheld_latest_value() -> None:
    assert progress(2024, 5.0, 2027, 4.0, -1, series({2023: 5.2, 2024: 5.0})).status == "no_data"
    hidden = progress(2022, 5.0, 2027, 4.0, -1, series({2024: 4.6, 2025: None}, hidden=(2025,)))
    assert (hidden.status, hidden.year, hidden.value) == ("hidden", 2025, None)
    # a year without a value (not withheld) is passed over for the last known one
    assert progress(2022, 5.0, 2027, 4.0, -1, series({2024: 4.5, 2025: None})).status == "on_track"
