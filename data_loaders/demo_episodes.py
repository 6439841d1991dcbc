"""Demo client episodes for Pohjois-Karjala (county 14), made up and labelled as demo like the rest.

Consistent with the demo indicators: for each municipality, service and year the number of clients
whose episode is running at the end of the year follows the demo count of that indicator (family work,
home help, child-welfare open care, placements), and families use several services at once about as
often as the preventive and corrective counts suggest. Pseudonyms are made up ("demo-…") and hashed with
a fixed demo key (nothing real to protect), so the demo never needs the installation's secret.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from data_loaders.episodes import pseudonymise

DEMO_COUNTY = "14"
DEMO_KEY = b"lape-demo"
CENSOR = dt.date(2025, 12, 31)
# indicator of the demo -> (service, mean length in days)
SERVICE_OF = {
    "family_work": ("family_work", 240),
    "home_help": ("home_help", 100),
    "cw_open_care": ("cw_open_care", 420),
    "cw_placed": ("cw_placement", 1100),
    "family_counselling": ("family_counselling", 150),
}
YEARS = range(2016, 2026)  # from 2016, so that the episodes running in 2019 onwards are all there


def generate_episodes(
    observations: pd.DataFrame, municipalities: dict[str, str], seed: int = 2025
) -> list[dict[str, Any]]:
    """Episodes for the municipalities of the demo county: municipalities maps code -> county code."""
    rng = np.random.default_rng(seed)
    codes = sorted(code for code, county in municipalities.items() if county == DEMO_COUNTY)
    obs = observations[
        (observations["region_level"] == "municipality")
        & observations["region_code"].isin(codes)
        & observations["indicator_code"].isin(list(SERVICE_OF))
        & (observations["sex"] == "total")
    ]
    number = obs["numerator"].where(obs["numerator"].notna(), obs["value"])  # a count is its value
    counts = {
        (str(i), str(c), int(y)): float(n)
        for i, c, y, n in zip(obs["indicator_code"], obs["region_code"], obs["year"], number, strict=True)
        if n == n
    }
    rows: list[dict[str, Any]] = []
    serial = 0
    for code in codes:
        families: list[str] = []
        for indicator, (service, mean_days) in SERVICE_OF.items():
            for year in YEARS:
                target = counts.get((indicator, code, year))
                if target is None:
                    continue
                # new episodes a year: the count turned over by the mean length (at least one)
                starts = max(1, round(target * 365 / mean_days))
                for _ in range(starts):
                    serial += 1
                    start = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
                    if start > CENSOR:
                        continue
                    length = int(rng.exponential(mean_days)) + 1
                    end = start + dt.timedelta(days=length)
                    # a family already known to the services comes back now and then (combinations, pathways)
                    if families and rng.random() < 0.35:
                        family = families[int(rng.integers(0, len(families)))]
                    else:
                        family = f"demo-f-{code}-{serial}"
                        families.append(family)
                    client = f"demo-c-{family}-{int(rng.integers(0, 2))}"
                    rows.append(
                        {
                            "client": pseudonymise(client, DEMO_KEY),
                            "family": pseudonymise(family, DEMO_KEY),
                            "service": service,
                            "start_date": start,
                            "end_date": end if end <= CENSOR else None,
                            "municipality": code,
                            "birth_year": int(rng.integers(2008, 2025)),
                        }
                    )
    return rows
