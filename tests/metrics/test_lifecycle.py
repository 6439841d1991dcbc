"""Lifecycle metrics against numbers worked out by hand (each test says how)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd

from metrics.lifecycle import (
    active_and_new,
    combinations_count,
    days_preventive_to_child_welfare,
    durations,
    first_service_before_placement,
    kaplan_meier,
    pair_counts,
    reentry,
    survival_by_service,
)

CENSOR = dt.date(2025, 12, 31)


def episodes(rows: Sequence[tuple[str, str, str, str, str | None]]) -> pd.DataFrame:
    """(client, family, service, start, end) -> an episode frame."""
    frame = pd.DataFrame(rows, columns=["client", "family", "service", "start", "end"])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    frame["municipality"] = "167"
    frame["birth_year"] = 2015
    return frame


def test_kaplan_meier_with_censoring_by_hand() -> None:
    """Durations 10 (ended), 20 (ongoing), 30 (ended), 40 (ended), 50 (ongoing):
    S(10) = 4/5 = 0.8; S(30) = 0.8 x 2/3 = 0.5333; S(40) = 0.5333 x 1/2 = 0.2667.
    A quarter had ended by day 30 (S(10) = 0.8 is still above 0.75), half by day 40 (not 30, the median of
    the raw durations), three quarters never within the data (S stays above 0.25)."""
    start = dt.date(2025, 1, 1)
    rows: list[tuple[str, str, str, str, str | None]] = []
    for i, (days, ended) in enumerate([(10, True), (20, False), (30, True), (40, True), (50, False)]):
        if ended:
            rows.append((f"c{i}", f"f{i}", "cw_placement", str(start), str(start + dt.timedelta(days=days))))
        else:
            rows.append((f"c{i}", f"f{i}", "cw_placement", str(CENSOR - dt.timedelta(days=days)), None))
    frame = episodes(rows)
    spans = durations(frame, CENSOR)
    assert spans["days"].tolist() == [10, 20, 30, 40, 50]
    assert spans["ended"].tolist() == [True, False, True, True, False]
    est = kaplan_meier(spans["days"], spans["ended"])
    assert (est.n, est.events) == (5, 3)
    assert est.curve["survival"].round(4).tolist() == [1.0, 0.8, 0.8, 0.5333, 0.2667, 0.2667]
    assert est.curve["at_risk"].tolist() == [5, 5, 4, 3, 2, 1]
    assert (est.q25, est.median, est.q75) == (30.0, 40.0, None)
    assert survival_by_service(frame, CENSOR)["cw_placement"].median == 40.0


def test_an_episode_ending_after_the_censoring_date_counts_as_ongoing() -> None:
    frame = episodes([("a", "f", "family_work", "2025-12-01", "2026-03-01")])
    spans = durations(frame, CENSOR)
    assert spans["days"].tolist() == [30] and spans["ended"].tolist() == [False]


def family_episodes() -> pd.DataFrame:
    return episodes(
        [
            # F1: family work with home help at the same time, then child-welfare open care beside family
            # work (home help had ended), later a placement
            ("c1", "F1", "family_work", "2024-01-01", "2024-06-30"),
            ("c1", "F1", "home_help", "2024-03-01", "2024-04-30"),
            ("c1", "F1", "cw_open_care", "2024-05-01", None),
            ("c1", "F1", "cw_placement", "2025-01-01", None),
            # F2: family work and home help together
            ("c2", "F2", "family_work", "2024-01-01", None),
            ("c2", "F2", "home_help", "2024-02-01", "2024-03-01"),
            # F3: family counselling alone
            ("c3", "F3", "family_counselling", "2024-01-01", "2024-02-01"),
            # F4: family work, home help and open care all at once
            ("c4", "F4", "family_work", "2024-01-01", None),
            ("c4", "F4", "home_help", "2024-01-15", None),
            ("c4", "F4", "cw_open_care", "2024-02-01", None),
            # F5: a placement first, family work after it
            ("c5", "F5", "cw_placement", "2024-01-01", None),
            ("c5", "F5", "family_work", "2024-02-01", None),
            # F6: open care, then a placement
            ("c6", "F6", "cw_open_care", "2023-01-01", "2023-06-01"),
            ("c6", "F6", "cw_placement", "2023-06-01", None),
        ]
    )


def test_combinations_used_at_the_same_time_by_hand() -> None:
    """F1 {family work, home help} and {open care, family work}; F2 {family work, home help}; F4 all three;
    F5 {placement, family work}; F6 open care ended the day the placement began: {open care, placement};
    F1's placement began while its open care went on: {open care, placement} once more.
    The largest set of each moment counts, each family once per set."""
    counted = combinations_count(family_episodes())
    got = {tuple(s): n for s, n in zip(counted["services"], counted["families"], strict=True)}
    assert got == {
        ("family_work", "home_help"): 2,
        ("cw_open_care", "family_work", "home_help"): 1,
        ("cw_open_care", "family_work"): 1,
        ("cw_placement", "family_work"): 1,
        ("cw_open_care", "cw_placement"): 2,
    }
    # most common first; among equals the larger set, then by name
    assert [tuple(x) for x in counted["services"][:3]] == [
        ("cw_open_care", "cw_placement"),
        ("family_work", "home_help"),
        ("cw_open_care", "family_work", "home_help"),
    ]
    pairs = {(a, b): n for a, b, n in pair_counts(family_episodes()).itertuples(index=False)}
    assert pairs[("family_work", "home_help")] == 3  # F1, F2, F4
    assert pairs[("cw_open_care", "family_work")] == 2  # F1, F4
    assert pairs[("cw_open_care", "home_help")] == 1  # F4


def test_first_service_of_families_who_reach_placement() -> None:
    """F1 began with family work, F5 with the placement itself, F6 with open care."""
    got: dict[str, int] = dict(first_service_before_placement(family_episodes()).itertuples(index=False))
    assert got == {"family_work": 1, "cw_placement": 1, "cw_open_care": 1}


def test_days_from_first_preventive_contact_to_child_welfare() -> None:
    """F1: 1.1.2024 -> 1.5.2024 = 31 + 29 + 31 + 30 = 121 days; F4: 1.1. -> 1.2.2024 = 31; F2 never reached
    child welfare, F5 reached it first, F6 had no preventive service."""
    got = days_preventive_to_child_welfare(family_episodes())
    assert sorted(got.tolist()) == [31.0, 121.0]
    assert sorted(got.index) == ["F1", "F4"]


def test_reentry_within_twelve_months() -> None:
    """c1's family work ended 31.3.2023 and began again 1.9.2023 (154 days): re-entry. c2's ended 30.6.2023
    and began again 1.8.2024 (398 days): not within 12 months. c3's ended 30.6.2025: less than a year
    of follow-up before 31.12.2025, left out. 1 of 2 = 50 %."""
    frame = episodes(
        [
            ("c1", "F1", "family_work", "2022-10-01", "2023-03-31"),
            ("c1", "F1", "family_work", "2023-09-01", None),
            ("c2", "F2", "family_work", "2023-01-01", "2023-06-30"),
            ("c2", "F2", "family_work", "2024-08-01", None),
            ("c3", "F3", "family_work", "2025-01-01", "2025-06-30"),
        ]
    )
    got = reentry(frame, CENSOR).set_index("service").loc["family_work"]
    assert (got["ended"], got["reentered"], got["share"]) == (2, 1, 50.0)


def test_active_and_new_clients_per_year() -> None:
    """A: family work 1.6.2023-1.2.2024 and again 1.10.-1.11.2024; B: from 1.3.2024 on.
    2023: active A, new A. 2024: active A and B (A once), new B."""
    frame = episodes(
        [
            ("A", "F1", "family_work", "2023-06-01", "2024-02-01"),
            ("B", "F2", "family_work", "2024-03-01", None),
            ("A", "F1", "family_work", "2024-10-01", "2024-11-01"),
        ]
    )
    table = active_and_new(frame)
    got = dict(
        zip(table["year"].tolist(), zip(table["active"].tolist(), table["new"].tolist(), strict=True), strict=True)
    )
    assert got == {2023: (1, 1), 2024: (2, 1)}


def test_empty_inputs() -> None:
    empty = episodes([])
    assert active_and_new(empty).empty
    assert combinations_count(empty).empty
    est = kaplan_meier(pd.Series([], dtype=float), pd.Series([], dtype=bool))
    assert est.n == 0 and est.median is None
    assert math.isnan(float("nan"))
