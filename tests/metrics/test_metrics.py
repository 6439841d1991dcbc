"""Every metric against numbers computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.aggregate import aggregate_up
from metrics.balance import balance, cost_groups, cost_per_child, did
from metrics.change import change_since, rank_within
from metrics.classes import assign_classes, quantile_breaks
from metrics.pain_points import pain_points, peers, standardised_gaps
from metrics.rates import rate

META = pd.DataFrame(
    [
        {"code": "pop_0_17", "unit": "count", "per": None, "denominator_code": None, "direction": 0},
        {"code": "cw_placed", "unit": "count", "per": 1000, "denominator_code": "pop_0_17", "direction": -1},
        {"code": "ecec_share", "unit": "percent", "per": 100, "denominator_code": None, "direction": 1},
        {"code": "fc_wait_days", "unit": "days", "per": 1, "denominator_code": None, "direction": -1},
        {"code": "cost_preventive", "unit": "eur", "per": 1, "denominator_code": "pop_0_17", "direction": 1},
    ]
)
MUNIS = pd.DataFrame(
    {"code": ["001", "002", "003"], "county_code": ["01", "01", "02"], "region_code": ["01", "01", "01"]}
)


def obs(rows: list[tuple]) -> pd.DataFrame:
    """(indicator, level, code, year, value, numerator, denominator)"""
    df = pd.DataFrame(
        rows, columns=["indicator_code", "region_level", "region_code", "year", "value", "numerator", "denominator"]
    )
    df["month"] = 0
    df["sex"] = "total"
    return df


def test_rate_per_1000_and_zero_denominator() -> None:
    out = rate(pd.Series([5.0, 1.0]), pd.Series([200.0, 0.0]), 1000)
    assert out.iloc[0] == 25.0
    assert math.isnan(out.iloc[1])


def test_aggregation_sums_counts_and_numerators_never_averages_rates() -> None:
    data = obs(
        [
            ("cw_placed", "municipality", "001", 2024, 4.0, None, None),
            ("cw_placed", "municipality", "002", 2024, 6.0, None, None),
            ("cw_placed", "municipality", "003", 2024, 1.0, None, None),
            ("ecec_share", "municipality", "001", 2024, 90.0, 9.0, 10.0),
            ("ecec_share", "municipality", "002", 2024, 50.0, 45.0, 90.0),
        ]
    )
    out = aggregate_up(data, MUNIS, META).set_index(["indicator_code", "region_level", "region_code"])
    assert out.loc[("cw_placed", "county", "01"), "value"] == 10.0
    assert out.loc[("cw_placed", "region", "01"), "value"] == 11.0
    assert out.loc[("cw_placed", "country", "SSS"), "value"] == 11.0
    # (9 + 45) / (10 + 90) = 54 %, not the mean of 90 % and 50 % (70 %)
    assert out.loc[("ecec_share", "county", "01"), "value"] == pytest.approx(54.0)
    assert out.loc[("ecec_share", "county", "01"), "denominator"] == 100.0


def test_change_since_baseline() -> None:
    data = pd.DataFrame(
        {
            "indicator_code": "cw_placed",
            "region_level": "county",
            "region_code": "09",
            "year": [2016, 2017, 2018, 2020],
            "shown": [9.0, 10.0, 12.0, 16.0],
        }
    )
    row = change_since(data, 2017).iloc[0]
    assert (row["baseline"], row["latest"], row["latest_year"]) == (10.0, 16.0, 2020)
    assert row["change"] == 6.0
    assert row["change_pct"] == 60.0
    assert row["change_per_year"] == 2.0


def test_ranks_and_quintiles_respect_direction() -> None:
    data = pd.DataFrame(
        {
            "indicator_code": "cw_placed",
            "region_level": "county",
            "year": 2024,
            "region_code": list("ABCDE"),
            "shown": [5.0, 1.0, 3.0, 2.0, float("nan")],
        }
    )
    lower_better = rank_within(data, direction=-1).set_index("region_code")
    assert lower_better["rank"].dropna().to_dict() == {"A": 4.0, "B": 1.0, "C": 3.0, "D": 2.0}
    assert lower_better["rank"].isna().to_dict()["E"]
    assert lower_better["quintile"].dropna().to_dict() == {"A": 5.0, "B": 2.0, "C": 4.0, "D": 3.0}
    higher_better = rank_within(data, direction=1).set_index("region_code")
    assert higher_better.loc["A", "rank"] == 1.0


def test_standardised_gap_and_pain_points() -> None:
    values = pd.DataFrame(
        {
            "region_code": ["A", "B", "C", "A", "B", "C"],
            "indicator_code": ["cw_placed"] * 3 + ["ecec_share"] * 3,
            "shown": [10.0, 20.0, 30.0, 70.0, 80.0, 90.0],
        }
    )
    country = pd.DataFrame({"indicator_code": ["cw_placed", "ecec_share"], "shown": [20.0, 80.0]})
    directions = pd.Series({"cw_placed": -1, "ecec_share": 1})
    gaps = standardised_gaps(values, country, directions)
    sd = math.sqrt(200 / 3)  # population sd of 10, 20, 30 (and of 70, 80, 90)
    got = gaps.set_index(["region_code", "indicator_code"])["gap"]
    assert got[("C", "cw_placed")] == pytest.approx(10 / sd)  # more placements: worse
    assert got[("A", "ecec_share")] == pytest.approx(10 / sd)  # less early education: worse
    assert got[("A", "cw_placed")] == pytest.approx(-10 / sd)
    # pain points are only where the area is worse than the country: A has fewer placements (better)
    assert list(pain_points(gaps, "A")["indicator_code"]) == ["ecec_share"]
    assert list(pain_points(gaps, "B")["indicator_code"]) == []  # B equals the country on both
    assert list(pain_points(gaps, "C")["indicator_code"]) == ["cw_placed"]


def test_peers_by_child_population() -> None:
    pop = pd.DataFrame({"region_code": ["A", "B", "C", "D"], "value": [1000.0, 1900.0, 600.0, 10000.0]})
    # log distances from A: B 0.64, C 0.51, D 2.30
    assert peers(pop, "A", 2) == ["C", "B"]


def test_balance_shares() -> None:
    rows = [
        ("pop_0_17", 1000.0),
        ("cw_placed", 10.0),
        ("cw_open_care", 30.0),
        ("family_work", 40.0),
        ("home_help", 20.0),
        ("cost_cw_placements", 800.0),
        ("cost_cw_open_care", 200.0),
        ("cost_preventive", 1000.0),
    ]
    data = obs([(c, "county", "09", 2024, v, None, None) for c, v in rows])
    row = balance(data).iloc[0]
    assert row["corrective_per_1000"] == 40.0
    assert row["preventive_per_1000"] == 60.0
    assert row["preventive_share"] == 60.0
    assert row["preventive_cost_share"] == 50.0
    groups = cost_groups(data).set_index("group")
    assert groups.loc["corrective", "nominal"] == 1.0 and groups.loc["preventive", "nominal"] == 1.0


def test_cost_per_child_nominal_and_real() -> None:
    keys = {"region_level": "county", "region_code": "09"}
    costs = pd.DataFrame([{**keys, "year": 2020, "value": 1000.0}, {**keys, "year": 2024, "value": 1100.0}])
    kids = pd.DataFrame([{**keys, "year": 2020, "value": 10.0}, {**keys, "year": 2024, "value": 10.0}])
    index = pd.Series({2020: 100.0, 2024: 110.0})
    out = cost_per_child(costs, kids, index, 2024).set_index("year")
    assert out["nominal"].to_dict() == {2020: 100.0, 2024: 110.0}
    assert out["real"].to_dict() == {2020: pytest.approx(110.0), 2024: 110.0}  # the same real cost


def test_difference_in_differences() -> None:
    series = pd.DataFrame(
        {
            "region_code": ["T"] * 4 + ["C1"] * 4 + ["C2"] * 4,
            "year": [2016, 2017, 2018, 2019] * 3,
            "value": [10, 10, 6, 6, 9, 9, 8, 8, 11, 11, 10, 10],
        }
    )
    out = did(series, "T", ["C1", "C2"], 2018)
    # treated 10 -> 6 (-4); comparison mean 10 -> 9 (-1); estimate -3
    assert out["estimate"] == -3.0
    assert out["pre_trend_gap_per_year"] == pytest.approx(0.0)
    assert (out["pre_years"], out["post_years"]) == (2.0, 2.0)


def test_quantile_classes() -> None:
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, float("nan")])
    breaks = quantile_breaks(values, 4)
    assert breaks == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert assign_classes(values, breaks).tolist()[:5] == [1.0, 2.0, 3.0, 4.0, 4.0]
    assert math.isnan(assign_classes(values, breaks).iloc[5])


def test_latest_gaps_take_each_indicator_at_its_latest_year() -> None:
    """A survey from 2023 stands for 2024 when 2024 has none; the register value is from 2024."""
    values = pd.DataFrame(
        {
            "region_code": ["A", "B", "A", "B", "A", "B"],
            "indicator_code": ["cw_placed"] * 4 + ["school_bullied"] * 2,
            "year": [2023, 2023, 2024, 2024, 2023, 2023],
            "shown": [1.0, 2.0, 10.0, 30.0, 6.0, 8.0],
        }
    )
    country = pd.DataFrame(
        {
            "indicator_code": ["cw_placed", "cw_placed", "school_bullied"],
            "year": [2023, 2024, 2023],
            "shown": [1.5, 20.0, 7.0],
        }
    )
    from metrics.pain_points import latest_gaps

    gaps = latest_gaps(values, country, pd.Series({"cw_placed": -1, "school_bullied": -1}), 2024)
    got = gaps.set_index(["region_code", "indicator_code"])
    assert got.loc[("B", "cw_placed"), "year"] == 2024
    assert got.loc[("B", "cw_placed"), "gap"] == pytest.approx((30 - 20) / 10)  # sd of 10 and 30 is 10
    assert got.loc[("A", "school_bullied"), "year"] == 2023
    assert got.loc[("A", "school_bullied"), "gap"] == pytest.approx(-1.0)  # (6 - 7) / 1, less bullying: better


def test_pain_points_carry_the_rank_among_areas() -> None:
    gaps = pd.DataFrame(
        {"region_code": ["A", "B", "C"], "indicator_code": ["x"] * 3, "gap": [0.5, -1.0, 1.5], "shown": [1.0, 2.0, 3.0]}
    )
    own = pain_points(gaps, "A")
    assert (own["rank"].iloc[0], own["of"].iloc[0]) == (2.0, 3)


def test_comparison_mean_only_where_every_comparison_area_is_shown() -> None:
    from metrics.change import comparison_mean

    values = pd.DataFrame(
        {
            "region_code": ["T", "T", "C1", "C1", "C2", "C2"],
            "year": [2016, 2017] * 3,
            "shown": [5.0, 6.0, 1.0, 2.0, float("nan"), 8.0],
        }
    )
    rows = comparison_mean(values, ["C1", "C2"]).set_index("year")["shown"]
    assert math.isnan(rows[2016])  # C2 hidden in 2016: no mean of C1 alone
    assert rows[2017] == 5.0  # (2 + 8) / 2


def test_balance_with_a_hidden_input_hides_the_share_and_the_cost_group() -> None:
    rows = [
        ("pop_0_17", 1000.0),
        ("cw_placed", float("nan")),  # hidden by the gate
        ("cw_open_care", 30.0),
        ("family_work", 40.0),
        ("home_help", 20.0),
        ("cost_cw_placements", float("nan")),  # hidden with its count
        ("cost_cw_open_care", 200.0),
        ("cost_preventive", 1000.0),
    ]
    data = obs([(c, "county", "09", 2024, v, None, None) for c, v in rows])
    row = balance(data).iloc[0]
    assert math.isnan(float(row["preventive_share"])) and math.isnan(float(row["corrective_per_1000"]))
    assert row["preventive_per_1000"] == 60.0
    assert math.isnan(float(row["preventive_cost_share"]))
    groups = cost_groups(data).set_index("group")
    assert groups["nominal"].isna().to_dict() == {
        "corrective": True,
        "preventive": False,
    }  # never the open-care euros alone
    assert groups.loc["preventive", "nominal"] == 1.0
