"""Absence shares and their protection, by hand: sums up the hierarchy, bands between limits, a small group
hidden, and a county minus its shown municipalities never giving a hidden municipality's pupils away."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.absences import area_counts, bands, protect, term_key

COLS = ["municipality", "school", "year", "term", "threshold", "pupils", "over"]


def frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLS)


def wide(municipality: str, school: str, pupils: int, overs: tuple[int, ...], limits: tuple[int, ...] = (30, 50, 80)):
    return [(municipality, school, 2024, "autumn", h, pupils, o) for h, o in zip(limits, overs, strict=True)]


def test_terms_sort_in_calendar_order() -> None:
    assert sorted([(2025, "spring"), (2024, "autumn"), (2024, "spring")], key=lambda t: term_key(*t)) == [
        (2024, "spring"),
        (2024, "autumn"),
        (2025, "spring"),
    ]


def test_sums_and_shares_by_hand() -> None:
    rows = frame(
        wide("905", "A", 320, (41, 18, 6)) + wide("905", "B", 210, (25, 9, 0)) + wide("499", "", 1800, (190, 80, 30))
    )
    counts = area_counts(rows, {"905": "17", "499": "17"})
    table = protect(bands(counts), min_n=10, threshold=5).set_index("area")
    # Vaasa = its two schools: 530 pupils, 66 / 27 / 6 over the limits
    assert table.loc["municipality:905", "n"] == 530
    assert table.loc["municipality:905", "overs"] == (66, 27, 6)
    assert table.loc["municipality:905", "bands"] == (464, 39, 21, 6)
    assert table.loc["county:17", "overs"] == (256, 107, 36) and table.loc["county:17", "n"] == 2330
    assert table.loc["county:17", "shares"] == pytest.approx((256 / 2330 * 100, 107 / 2330 * 100, 36 / 2330 * 100))
    assert table.loc["county:17", "reporting"] == 2
    assert table["shown"].all()


def test_a_small_band_hides_the_area_and_its_parent_difference() -> None:
    # school B has 3 pupils over 80 h: a band of 1-4 pupils, so B is hidden; Vaasa minus A would be B again,
    # so A is hidden too (Vaasa itself is shown: its own bands are all 0 or 5+)
    rows = frame(wide("905", "A", 320, (41, 18, 6)) + wide("905", "B", 210, (25, 9, 3)))
    table = protect(bands(area_counts(rows, {"905": "17"})), min_n=10, threshold=5).set_index("area")
    assert table.loc["school:905:B", "bands"] == (185, 16, 6, 3)
    assert not table.loc["school:905:B", "shown"]
    assert not table.loc["school:905:A", "shown"]  # differencing: 905 - A = B
    assert table.loc["municipality:905", "shown"]
    assert table.loc["school:905:A", "shares"] == (None, None, None)


def test_too_few_pupils() -> None:
    rows = frame(
        wide("905", "", 9, (0, 0, 0)) + wide("499", "", 1800, (190, 80, 30)) + wide("945", "", 600, (70, 30, 10))
    )
    table = protect(bands(area_counts(rows, {"905": "17", "499": "17", "945": "17"})), 10, 5).set_index("area")
    assert not table.loc["municipality:905", "shown"]  # 9 pupils < 10
    # county - Mustasaari - Vöyri = 9 pupils of Vaasa: one more is hidden (the smaller, Vöyri)
    assert not table.loc["municipality:945", "shown"]
    assert table.loc["municipality:499", "shown"] and table.loc["county:17", "shown"]


def test_a_school_is_not_its_municipality_minus_the_others() -> None:
    # school A has 7 pupils (hidden); Vaasa minus B would be A, so B is hidden as well
    rows = frame(
        wide("905", "A", 7, (0, 0, 0)) + wide("905", "B", 300, (40, 20, 10)) + wide("499", "", 1800, (190, 80, 30))
    )
    table = protect(bands(area_counts(rows, {"905": "17", "499": "17"})), 10, 5).set_index("area")
    assert not table.loc["school:905:A", "shown"]
    assert not table.loc["school:905:B", "shown"]
    assert table.loc["municipality:905", "shown"]


def test_a_hidden_parent_is_not_the_sum_of_its_shown_children() -> None:
    # Lahti (Päijät-Häme, 09) has 7 pupils: hidden, and so is its county; the country minus Pohjanmaa (17)
    # would be Päijät-Häme, so Pohjanmaa is hidden; Pohjanmaa is only Vaasa, so Vaasa is hidden; Vaasa is its
    # two schools, so one of them is hidden too (the first by name, both being as large)
    rows = frame(
        wide("905", "A", 300, (40, 20, 10)) + wide("905", "B", 300, (35, 15, 5)) + wide("398", "", 7, (0, 0, 0))
    )
    table = protect(bands(area_counts(rows, {"905": "17", "398": "09"})), 10, 5).set_index("area")
    assert table.loc["country", "shown"]
    hidden = sorted(table.index[~table["shown"]])
    assert hidden == ["county:09", "county:17", "municipality:398", "municipality:905", "school:905:A"]
    assert table.loc["school:905:B", "shares"] == pytest.approx((35 / 3, 5.0, 5 / 3))


def test_a_limit_missing_for_one_child_is_not_summed() -> None:
    rows = frame(wide("905", "", 500, (60, 20, 10)) + wide("499", "", 1800, (190, 80), limits=(30, 50)))
    counts = area_counts(rows, {"905": "17", "499": "17"})
    county = counts[counts["area"] == "county:17"]
    assert sorted(county["threshold"]) == [30, 50]  # 80 h only from Vaasa: a partial sum is left out
    assert county.set_index("threshold")["over"].to_dict() == {30: 250, 50: 100}
