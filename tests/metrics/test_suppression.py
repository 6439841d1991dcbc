"""Disclosure control by hand: primary rules, the second hidden cell, bounds, the equations together."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.suppression import (
    area_links,
    determined_cells,
    disclosure_pattern,
    equations,
    follow_pattern,
    primary_mask,
)


def cells(rows: list[tuple], rule: str = "count") -> pd.DataFrame:
    """(level, code, sex, value[, numerator, denominator]) for one indicator and year."""
    out = []
    for row in rows:
        level, code, sex, value, *rest = row
        num, den = ([*rest, None, None])[:2]
        out.append(
            {
                "indicator_code": "x",
                "year": 2024,
                "month": 0,
                "region_level": level,
                "region_code": code,
                "sex": sex,
                "value": value,
                "numerator": num,
                "denominator": den,
                "rule": rule,
            }
        )
    return pd.DataFrame(out).astype({"value": float, "numerator": float, "denominator": float})


def links(pairs: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["level", "code", "parent_level", "parent_code"])


def hidden(frame: pd.DataFrame, pattern: pd.DataFrame) -> list[str]:
    return [f"{c}/{s}" for c, s, h in zip(frame["region_code"], frame["sex"], pattern["suppressed"], strict=True) if h]


def test_primary_rules_for_counts_shares_and_means() -> None:
    count = cells([("m", "a", "total", 3.0), ("m", "b", "total", 0.0), ("m", "c", "total", 5.0)])
    assert primary_mask(count, 5).tolist() == [True, False, False]
    assert primary_mask(count, 3).tolist() == [False, False, False]
    share = cells(
        [
            ("m", "a", "total", 40.0, 2.0, 5.0),  # 2 persons
            ("m", "b", "total", 98.0, 98.0, 100.0),  # the other 2 of 100: the complement is small
            ("m", "c", "total", 0.0, 0.0, 3.0),  # a share of 3 persons
            ("m", "d", "total", 50.0, 300.0, 600.0),
            ("m", "e", "total", 0.0, 0.0, 0.0),  # nobody asked: nothing to hide
        ],
        rule="share",
    )
    assert primary_mask(share, 5).tolist() == [True, True, True, False, False]
    mean = cells([("m", "a", "total", 12.0, 36.0, 3.0), ("m", "b", "total", 12.0, 600.0, 50.0)], rule="mean")
    assert primary_mask(mean, 5).tolist() == [True, False]
    none = cells([("m", "a", "total", 3.0)], rule="none")
    assert primary_mask(none, 5).tolist() == [False]


def test_one_hidden_municipality_under_a_shown_county_hides_the_next_smallest() -> None:
    """Municipalities 3, 7, 12, 50 of a county of 72: the 3 is hidden, so is the 7 (else 72 - 69 = 3)."""
    frame = cells(
        [
            ("municipality", "101", "total", 3.0),
            ("municipality", "102", "total", 7.0),
            ("municipality", "103", "total", 12.0),
            ("municipality", "104", "total", 50.0),
            ("county", "01", "total", 72.0),
        ]
    )
    tree = links([("municipality", c, "county", "01") for c in ("101", "102", "103", "104")])
    pattern = disclosure_pattern(frame, tree, 5)
    assert hidden(frame, pattern) == ["101/total", "102/total"]
    assert pattern["reason"].tolist() == ["small", "secondary", "", "", ""]


def test_hidden_parts_that_must_all_be_one_get_a_third_hidden_cell() -> None:
    """1 + 1 + 30 + 40 = 72: hiding both ones leaves 72 - 70 = 2 for two hidden cells that are each
    at least 1, so both are 1. A third cell (the 30) must be hidden too."""
    frame = cells(
        [
            ("municipality", "101", "total", 1.0),
            ("municipality", "102", "total", 1.0),
            ("municipality", "103", "total", 30.0),
            ("municipality", "104", "total", 40.0),
            ("county", "01", "total", 72.0),
        ]
    )
    tree = links([("municipality", c, "county", "01") for c in ("101", "102", "103", "104")])
    pattern = disclosure_pattern(frame, tree, 5)
    assert hidden(frame, pattern) == ["101/total", "102/total", "103/total"]


def test_a_hidden_parent_with_every_part_shown_gets_a_hidden_part() -> None:
    """Country 23 = county A (3, hidden) + county B (20). B is hidden to protect A; B's municipalities
    10 + 10 would give B back, so one of them is hidden too."""
    frame = cells(
        [
            ("country", "SSS", "total", 23.0),
            ("county", "A", "total", 3.0),
            ("county", "B", "total", 20.0),
            ("municipality", "a1", "total", 3.0),
            ("municipality", "b1", "total", 10.0),
            ("municipality", "b2", "total", 10.0),
        ]
    )
    tree = links(
        [
            ("county", "A", "country", "SSS"),
            ("county", "B", "country", "SSS"),
            ("municipality", "a1", "county", "A"),
            ("municipality", "b1", "county", "B"),
            ("municipality", "b2", "county", "B"),
        ]
    )
    pattern = disclosure_pattern(frame, tree, 5)
    assert hidden(frame, pattern) == ["A/total", "B/total", "a1/total", "b1/total"]
    gid, cid, is_parent = equations(frame, tree)
    assert len(determined_cells(pattern["suppressed"].to_numpy(), gid, cid, is_parent)) == 0


def test_boys_and_girls_under_a_shown_total() -> None:
    frame = cells(
        [
            ("municipality", "101", "total", 12.0),
            ("municipality", "101", "male", 3.0),
            ("municipality", "101", "female", 9.0),
        ]
    )
    pattern = disclosure_pattern(frame, links([]), 5)
    assert hidden(frame, pattern) == ["101/male", "101/female"]


def test_equations_together_fix_three_hidden_cells_and_the_pattern_stops_that() -> None:
    """a + b, a + c and b + c are each published beside a visible cell: every equation has two hidden
    cells, yet the three equations fix a, b and c (a = (k1 + k2 - k3) / 2)."""
    frame = cells(
        [
            ("municipality", "a", "total", 2.0),
            ("municipality", "b", "total", 3.0),
            ("municipality", "c", "total", 4.0),
            ("municipality", "v1", "total", 20.0),
            ("municipality", "v2", "total", 30.0),
            ("municipality", "v3", "total", 40.0),
            ("county", "P1", "total", 25.0),
            ("county", "P2", "total", 36.0),
            ("county", "P3", "total", 47.0),
        ]
    )
    tree = links(
        [
            ("municipality", "a", "county", "P1"),
            ("municipality", "b", "county", "P1"),
            ("municipality", "v1", "county", "P1"),
            ("municipality", "a", "county", "P2"),
            ("municipality", "c", "county", "P2"),
            ("municipality", "v2", "county", "P2"),
            ("municipality", "b", "county", "P3"),
            ("municipality", "c", "county", "P3"),
            ("municipality", "v3", "county", "P3"),
        ]
    )
    gid, cid, is_parent = equations(frame, tree)
    first = primary_mask(frame, 5).to_numpy()
    assert first.tolist()[:3] == [True, True, True]
    assert determined_cells(first, gid, cid, is_parent).tolist() == [0, 1, 2]
    pattern = disclosure_pattern(frame, tree, 5)
    final = pattern["suppressed"].to_numpy()
    assert final.sum() > 3
    assert len(determined_cells(final, gid, cid, is_parent)) == 0


def test_amounts_follow_their_count() -> None:
    counts = cells([("municipality", "101", "total", 3.0), ("municipality", "102", "total", 40.0)]).assign(
        suppressed=[True, False]
    )
    euros = cells(
        [
            ("municipality", "101", "total", 250_000.0),
            ("municipality", "102", "total", 3_400_000.0),
            ("municipality", "103", "total", 1.0),
        ]
    )
    pattern = follow_pattern(euros, counts)
    assert pattern["suppressed"].tolist() == [True, False, False]
    assert pattern["reason"].tolist() == ["linked", "", ""]


def test_area_links_from_the_classification() -> None:
    regions = pd.DataFrame(
        {
            "level": ["municipality", "municipality", "county", "region", "country"],
            "code": ["091", "049", "90", "01", "SSS"],
            "county_code": ["90", "03", "90", None, None],
            "name_fi": ["Helsinki", "Espoo", "Helsinki", "Uusimaa", "Koko maa"],
            "region_code": ["01", "01", "01", "01", None],
        }
    )
    got = sorted(map(tuple, area_links(regions).to_numpy().tolist()))
    assert got == [
        ("county", "03", "region", "01"),  # a county wholly inside a region sums into it too
        ("county", "90", "country", "SSS"),
        ("county", "90", "region", "01"),
        ("municipality", "049", "county", "03"),
        ("municipality", "049", "region", "01"),
        ("municipality", "091", "county", "90"),
        ("municipality", "091", "region", "01"),
        ("region", "01", "country", "SSS"),
    ]
    assert np.array_equal(np.sort(area_links(regions)["parent_level"].unique()), ["country", "county", "region"])
