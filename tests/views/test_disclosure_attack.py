"""Privacy attacked, not asserted: an outsider collects every number the views and `metrics table`
publish for every area, and tries to work hidden counts out (differencing over every published total,
rate x denominator, share inversion, all equations at once). No hidden value may come out exactly.

A control shows the outsider is no straw man: given what the dashboard published before the gate
(small counts hidden, nothing else), it recovers hidden counts.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pytest
from sqlalchemy import Engine

from metrics.balance import CORRECTIVE, PREVENTIVE
from metrics.suppression import area_links
from store import queries
from store.engine import create_upload, init_db, insert_observations, make_engine
from tests.views.outsider import Cell, Outsider, parse_number
from views import baseline as baseline_view
from views import overview as overview_view
from views.context import Context, open_context
from views.gate import all_regions, infos
from views.labels import area_names, name_with_unit
from views.map import indicator_table

LEVELS = ("municipality", "county", "region", "country")
COUNTS = (
    "cw_notified",
    "cw_open_care",
    "cw_placed",
    "cw_urgent",
    "family_work",
    "home_help",
    "family_counselling",
    "fc_visits",
)
YEARS = (2023, 2024, 2025)


def totals_of(ctx: Context) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """Every published total and its parts, from the classification (what anyone can look up)."""
    links = area_links(all_regions(ctx))
    out = []
    for (plevel, pcode, level), part in links.groupby(["parent_level", "parent_code", "level"]):
        out.append(((str(plevel), str(pcode)), [(str(level), str(c)) for c in part["code"]]))
    return out


def truth(engine: Engine, codes: Iterable[str]) -> dict[Cell, float]:
    """The stored counts (the outsider never sees these; the test compares with them)."""
    out: dict[Cell, float] = {}
    for code in codes:
        rows = queries.indicator_observations(engine, code)
        rows = rows[rows["sex"] == "total"]
        for lv, cd, yr, v in zip(rows["region_level"], rows["region_code"], rows["year"], rows["value"], strict=True):
            out[(code, str(lv), str(cd), int(yr))] = float(v)
    return out


def collect_tables(ctx: Context, outsider: Outsider, codes: Iterable[str], years: Iterable[int]) -> set[Cell]:
    """`metrics table` (and the map's table) for every level and year: numerators, rates, denominators."""
    hidden: set[Cell] = set()
    for level in LEVELS:
        for year in years:
            pop = indicator_table(ctx, "pop_0_17", level, year)
            for code, value in zip(pop["region_code"], pop["value"], strict=True):
                outsider.population[(level, code, year)] = value
            for ind in codes:
                item = infos(ctx)[ind]
                table = indicator_table(ctx, ind, level, year)
                for row in table.to_dict("records"):
                    cell = (ind, level, row["region_code"], year)
                    num = None if row["suppressed"] else row["numerator"]
                    outsider.see_count(cell, num)
                    outsider.see_rate(cell, None if row["suppressed"] else row["value"], item.decimals, item.per)
                    if row["suppressed"]:
                        hidden.add(cell)
    return hidden


def collect_pages(ctx: Context, outsider: Outsider, codes: tuple[str, ...], years: Iterable[int]) -> int:
    """Every area chosen in turn: the overview's key figures, LAPE balance and peers, the baseline's
    pain points, heat map and peers, the overview trend chart's data. Returns how many numbers were read."""
    seen = 0
    by_name = {level: {v: k for k, v in area_names(ctx, level).items()} for level in LEVELS}
    columns = {name_with_unit(ctx, c): c for c in codes}
    regions = all_regions(ctx)
    for row in regions.itertuples():
        level, code = str(row.level), str(row.code)
        for year in years:
            view = overview_view.overview(ctx, level, code, year)
            for fig in view.key_figures:
                if fig.code in codes:
                    item = infos(ctx)[fig.code]
                    outsider.see_rate((fig.code, level, code, year), parse_number(fig.value), item.decimals, item.per)
                    seen += 1
            if view.balance is not None:
                outsider.see_share((level, code), year, parse_number(view.balance.value), PREVENTIVE, CORRECTIVE)
                seen += 1
            if view.peers is not None:
                frame = view.peers.frame
                for _, cells in frame.iterrows():
                    area = by_name[level][cells.iloc[0]]
                    for column, ind in columns.items():
                        if column in frame.columns:
                            item = infos(ctx)[ind]
                            value = parse_number(cells[column])
                            outsider.see_rate((ind, level, area, year), value, item.decimals, item.per)
                            seen += 1
        trend = overview_view.overview_trend(ctx, level, code, "cw_urgent")
        item = infos(ctx)["cw_urgent"]
        for points in trend.spec.get("datasets", {}).values():
            for point in points:
                if "series" not in point or int(point["year"]) not in years:
                    continue
                for lvl in (level, "country"):
                    found = by_name[lvl].get(point["series"])
                    if found is not None:
                        cell = ("cw_urgent", lvl, found, int(point["year"]))
                        outsider.see_rate(cell, point["shown"], item.decimals, item.per)
                        seen += 1
        if level != "country":
            base = baseline_view.baseline(ctx, level, code, max(years))
            for table in (base.pain_points, base.peers):
                if table is None:
                    continue
                seen += table.frame.size
    return seen


@pytest.fixture(scope="module")
def attack(ctx: Context) -> tuple[dict[Cell, int], set[Cell], dict[Cell, float], int]:
    """What the outsider works out, the hidden cells, the truth, and how many numbers it read."""
    outsider = Outsider(totals_of(ctx))
    hidden = collect_tables(ctx, outsider, COUNTS, YEARS)
    seen = collect_pages(ctx, outsider, COUNTS, YEARS)
    return outsider.work_out(), hidden, truth(ctx.engine, COUNTS), seen


def test_no_hidden_count_can_be_worked_out_from_anything_published(attack) -> None:  # type: ignore[no-untyped-def]
    known, hidden, real, seen = attack
    assert seen > 20_000  # every area's pages were read
    assert len(hidden) > 500  # the demo hides many small counts: the attack has targets
    leaks = sorted(c for c in hidden if c in known and known[c] == real[c])
    assert leaks == []
    # hidden cells of every count indicator and year, at the municipality level and above
    targets = {(c[0], c[3]) for c in hidden}
    assert targets >= {(i, y) for i in COUNTS if i != "fc_visits" for y in YEARS}  # visits are never few
    assert {c[1] for c in hidden} >= {"municipality"}


def test_the_outsider_is_right_about_everything_it_works_out(attack) -> None:  # type: ignore[no-untyped-def]
    """Its inferences are sound (a wrong attacker would prove nothing), and it works out far more
    than it is shown directly: every visible count of every area follows from rates x populations."""
    known, hidden, real, _ = attack
    wrong = [(c, v, real[c]) for c, v in known.items() if c in real and c not in hidden and v != real[c]]
    assert wrong == []
    visible = [c for c in real if c[3] in YEARS and c not in hidden]
    assert all(c in known for c in visible)


def test_hidden_counts_hide_their_euros_shares_and_rates(ctx: Context) -> None:
    """Every euro amount tied to a hidden count is hidden; so is every LAPE share built on one."""
    for level in LEVELS:
        for year in YEARS:
            placed = indicator_table(ctx, "cw_placed", level, year).set_index("region_code")["suppressed"]
            euros = indicator_table(ctx, "cost_cw_placements", level, year).set_index("region_code")["suppressed"]
            assert (euros[placed[placed].index]).all()
            for code in placed[placed].index[:40]:
                view = overview_view.overview(ctx, level, code, year)
                assert view.balance is None or view.balance.value == ".."
                cost = next(f for f in view.key_figures if f.code == "cost_cw_placements")
                assert cost.value == ".."


def test_control_the_outsider_breaks_what_was_published_before_the_gate(ctx: Context, demo_engine: Engine) -> None:
    """Small counts hidden one by one, everything else published (the dashboard before this gate):
    the same outsider works hidden counts out. The attack is real."""
    real = truth(demo_engine, COUNTS)
    outsider = Outsider(totals_of(ctx))
    hidden = set()
    for (ind, level, code, year), value in real.items():
        if year not in YEARS:
            continue
        if 0 < value < ctx.threshold:
            hidden.add((ind, level, code, year))
            outsider.see_count((ind, level, code, year), None)
        else:
            outsider.see_count((ind, level, code, year), value)
    known = outsider.work_out()
    leaks = [c for c in hidden if known.get(c) == real[c]]
    assert len(leaks) >= 10, leaks


# --- hand-made cases: a small store with one county's municipalities -------------------------------

KAINUU = {"105": 300, "205": 5200, "290": 1500, "578": 600, "620": 400, "697": 200, "765": 2000, "777": 1200}


def _store(tmp_path, rows: list[tuple[str, str, str, float, float | None, float | None]]) -> Context:  # type: ignore[no-untyped-def]
    """Kainuu's eight municipalities with the given rows; county, region and country are their sums."""
    url = f"sqlite:///{tmp_path / 'hand.sqlite'}"
    engine = make_engine(url)
    init_db(engine)
    frame = pd.DataFrame(
        rows, columns=["indicator_code", "region_level", "region_code", "value", "numerator", "denominator"]
    )
    parts = [frame]
    for level, code in (("county", "20"), ("region", "18"), ("country", "SSS")):
        summed = frame.groupby("indicator_code")[["value", "numerator", "denominator"]].sum(min_count=1).reset_index()
        share = summed["indicator_code"] == "parent_survey_timely_help"
        if share.any():
            summed.loc[share, "value"] = summed.loc[share, "numerator"] / summed.loc[share, "denominator"] * 100
        parts.append(summed.assign(region_level=level, region_code=code))
    data = pd.concat(parts, ignore_index=True)
    with engine.begin() as conn:
        upload = create_upload(conn, filename="hand.csv", sha256="x", fmt="long", user="test", rows=len(data))
        insert_observations(
            conn,
            [
                (r["indicator_code"], r["region_level"], r["region_code"], 2024, 0, "total",
                 r["value"], None if r["numerator"] != r["numerator"] else r["numerator"],
                 None if r["denominator"] != r["denominator"] else r["denominator"], None, upload)
                for r in data.to_dict("records")
            ],
        )  # fmt: skip
    engine.dispose()
    return open_context("fi", url)


def _pop_rows() -> list[tuple[str, str, str, float, float | None, float | None]]:
    return [("pop_0_17", "municipality", code, float(kids), None, None) for code, kids in KAINUU.items()]


def test_hand_one_hidden_municipality_under_a_shown_county(tmp_path) -> None:  # type: ignore[no-untyped-def]
    placed = {"105": 2, "205": 60, "290": 15, "578": 7, "620": 6, "697": 5, "765": 20, "777": 12}
    ctx = _store(
        tmp_path, _pop_rows() + [("cw_placed", "municipality", c, float(v), None, None) for c, v in placed.items()]
    )
    table = indicator_table(ctx, "cw_placed", "municipality", 2024).set_index("region_code")
    assert table["suppressed"].to_dict() == {
        "105": True,  # 2 children: hidden
        "205": False,
        "290": False,
        "578": False,
        "620": False,
        "697": True,  # the next smallest (5), else 127 - 120 = 2 gives Hyrynsalmi away
        "765": False,
        "777": False,
    }
    county = indicator_table(ctx, "cw_placed", "county", 2024).iloc[0]
    assert county["numerator"] == 127.0 and not county["suppressed"]
    outsider = Outsider(totals_of(ctx))
    hidden = collect_tables(ctx, outsider, ["cw_placed"], [2024])
    known = outsider.work_out()
    assert hidden == {("cw_placed", "municipality", "105", 2024), ("cw_placed", "municipality", "697", 2024)}
    assert known.get(("cw_placed", "municipality", "105", 2024)) != 2
    assert known.get(("cw_placed", "municipality", "697", 2024)) != 5


def test_hand_a_hidden_share_and_its_complement(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A survey share of 58 of 60 parents: the 2 who did not get help are a small count too."""
    answers = {"105": (58, 60), "205": (300, 500), "290": (90, 150), "578": (40, 60), "620": (30, 50),
               "697": (2, 20), "765": (120, 200), "777": (70, 100)}  # fmt: skip
    rows = _pop_rows() + [
        ("parent_survey_timely_help", "municipality", c, n / d * 100, float(n), float(d))
        for c, (n, d) in answers.items()
    ]
    ctx = _store(tmp_path, rows)
    table = indicator_table(ctx, "parent_survey_timely_help", "municipality", 2024).set_index("region_code")
    hidden = set(table.index[table["suppressed"]])
    assert {"105", "697"} <= hidden  # complement 2, numerator 2
    assert len(hidden) >= 2
    county = indicator_table(ctx, "parent_survey_timely_help", "county", 2024).iloc[0]
    visible = table[~table["suppressed"]]
    # the county's numerator minus the visible ones is the sum of at least two hidden numerators
    rest = county["numerator"] - visible["numerator"].sum()
    assert rest == sum(answers[c][0] for c in hidden)
    assert len(hidden) >= 2 and rest not in (answers["105"][0], answers["697"][0])


def test_hand_a_hidden_euro_amount(tmp_path) -> None:  # type: ignore[no-untyped-def]
    placed = {"105": 3, "205": 60, "290": 15, "578": 7, "620": 6, "697": 9, "765": 20, "777": 12}
    rows = _pop_rows()
    rows += [("cw_placed", "municipality", c, float(v), None, None) for c, v in placed.items()]
    rows += [("cost_cw_placements", "municipality", c, float(v * 90_000), None, None) for c, v in placed.items()]
    rows += [("cw_open_care", "municipality", c, float(v * 3), None, None) for c, v in placed.items()]
    rows += [("cost_cw_open_care", "municipality", c, float(v * 21_000), None, None) for c, v in placed.items()]
    rows += [("family_work", "municipality", c, float(v * 4), None, None) for c, v in placed.items()]
    rows += [("home_help", "municipality", c, float(v * 2), None, None) for c, v in placed.items()]
    rows += [("cost_preventive", "municipality", c, float(v * 30_000), None, None) for c, v in placed.items()]
    ctx = _store(tmp_path, rows)
    euros = indicator_table(ctx, "cost_cw_placements", "municipality", 2024).set_index("region_code")
    counts = indicator_table(ctx, "cw_placed", "municipality", 2024).set_index("region_code")
    assert euros["suppressed"].to_dict() == counts["suppressed"].to_dict()
    assert bool(euros.loc["105", "suppressed"]) and euros["suppressed"].sum() == 2
    assert euros.loc["105", ["value", "numerator"]].isna().all()
    view = overview_view.overview(ctx, "municipality", "105", 2024)
    figures = {f.code: f.value for f in view.key_figures}
    assert figures["cost_cw_placements"] == ".." and figures["cw_placed"] == ".."
    assert view.balance is not None and view.balance.value == ".."  # a share built on a hidden count
    other = overview_view.overview(ctx, "municipality", "205", 2024)
    # Kajaani: (240 family work + 120 home help) / (360 + 60 placed + 180 open care) = 60,0 %
    assert other.balance is not None and other.balance.value == "60,0"
