"""Costs of family services by hand: own and purchased parts, per child and per client at constant prices,
the corrective share; a hidden input hides what is built on it."""

from __future__ import annotations

import math

import pandas as pd

from metrics.costs import corrective_share, per_child_total, service_costs


def obs(rows: list[tuple[str, int, float]], area: str = "14") -> pd.DataFrame:
    return pd.DataFrame(
        [("county", area, year, code, value) for code, year, value in rows],
        columns=["region_level", "region_code", "year", "indicator_code", "value"],
    )


INDEX = pd.Series({2023: 100.0, 2024: 104.0, 2025: 106.08})

ROWS = [
    ("pop_0_17", 2023, 20_000),
    ("pop_0_17", 2025, 19_500),
    ("cost_cw_placements", 2023, 10_000_000),
    ("cost_cw_placements_purchased", 2023, 6_000_000),
    ("cost_cw_open_care", 2023, 2_000_000),
    ("cost_cw_open_care_purchased", 2023, 500_000),
    ("cost_preventive", 2023, 3_000_000),
    ("cost_preventive_purchased", 2023, 300_000),
    ("cost_preventive_own", 2023, 2_750_000),  # the file's own figure wins over total - purchased
    ("cw_placed", 2023, 125),
    ("cw_open_care", 2023, 400),
    ("family_work", 2023, 300),
    ("home_help", 2023, 150),
    ("family_counselling", 2023, 550),
    ("cost_cw_placements", 2025, 11_000_000),
    ("cost_cw_open_care", 2025, 2_100_000),
    ("cost_preventive", 2025, 3_900_000),
    ("cw_placed", 2025, float("nan")),  # hidden: the euros per placed child are hidden too
]


def test_own_purchased_and_real_costs_by_hand() -> None:
    """2023 at 2025 prices: factor 106.08 / 100 = 1.0608.
    Placements: own 10.0 M - 6.0 M = 4.0 M, purchased share 60 %; per child 10 M x 1.0608 / 20 000 = 530.40;
    per placed child 10 M x 1.0608 / 125 = 84 864. Open care: own 1.5 M, 25 %; per client 2 M x 1.0608 / 400
    = 5 304. Preventive: own 2.75 M as given (not 3.0 - 0.3), 10 %; per client 3 M x 1.0608 / 1 000 = 3 182.40.
    2025 at 2025 prices: factor 1; placements per child 11 M / 19 500 = 564.10; per placed child hidden."""
    table = {(r["year"], r["service_area"]): r for r in service_costs(obs(ROWS), INDEX, 2025).to_dict("records")}
    p = table[(2023, "cost_cw_placements")]
    assert (p["own"], p["purchased"], p["purchased_share"]) == (4_000_000, 6_000_000, 60.0)
    assert math.isclose(p["factor"], 1.0608)
    assert math.isclose(p["per_child_real"], 530.40)
    assert math.isclose(p["per_child_nominal"], 500.0)
    assert math.isclose(p["per_client_real"], 84_864.0)
    o = table[(2023, "cost_cw_open_care")]
    assert (o["own"], o["purchased_share"]) == (1_500_000, 25.0)
    assert math.isclose(o["per_client_real"], 5_304.0)
    v = table[(2023, "cost_preventive")]
    assert (v["own"], v["purchased_share"], v["clients"]) == (2_750_000, 10.0, 1_000)
    assert math.isclose(v["per_client_real"], 3_182.40)
    late = table[(2025, "cost_cw_placements")]
    assert math.isclose(late["per_child_real"], 11_000_000 / 19_500)
    assert math.isnan(late["per_client_real"])  # the placed count is hidden
    assert math.isnan(late["purchased_share"])  # no purchased figure for 2025: nothing made up


def test_without_an_index_there_are_no_real_euros() -> None:
    table = service_costs(obs(ROWS), None, None)
    assert table["per_child_real"].isna().all()
    assert math.isclose(table.loc[table["year"].eq(2023) & table["service_area"].eq("cost_cw_placements"),
                                  "per_child_nominal"].iloc[0], 500.0)  # fmt: skip


def test_corrective_share_and_per_child_total_by_hand() -> None:
    """2023: corrective 10 M + 2 M = 12 M of 15 M = 80 %; all costs per child at 2025 prices 15 M x 1.0608 /
    20 000 = 795.60. 2025: 13.1 M of 17 M = 77.06 %. A hidden part hides the share."""
    shares = {r["year"]: r["corrective_share"] for r in corrective_share(obs(ROWS)).to_dict("records")}
    assert math.isclose(shares[2023], 80.0)
    assert math.isclose(shares[2025], 100 * 13_100_000 / 17_000_000)
    totals = {r["year"]: r["per_child_real"] for r in per_child_total(obs(ROWS), INDEX, 2025).to_dict("records")}
    assert math.isclose(totals[2023], 795.60)
    hidden = obs([("cost_cw_placements", 2023, float("nan")), *ROWS[4:8]])
    assert corrective_share(hidden)["corrective_share"].isna().all()
