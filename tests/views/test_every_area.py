"""Every page draws for every area: the views of all 308 municipalities, 23 counties, 19 regions and
the country, built without Streamlit, checked for what a page needs to draw them."""

from __future__ import annotations

import math
from typing import Any

import pytest

from views import baseline as baseline_view
from views import evaluation as evaluation_view
from views import map as map_view
from views import overview as overview_view
from views.common import parent_at
from views.context import Context
from views.gate import all_regions, infos
from views.model import Chart, KeyFigure, Table

BAD = ("None", "nan", "NaN", "<NA>", "inf")


def areas(ctx: Context) -> list[tuple[str, str]]:
    regs = all_regions(ctx)
    return [(str(lv), str(cd)) for lv, cd in zip(regs["level"], regs["code"], strict=True)]


def check_table(table: Table, where: str) -> None:
    cells = [str(v) for v in table.frame.to_numpy().ravel()]
    assert not [c for c in cells if c in BAD or c.endswith(" nan")], where
    if table.highlight is not None:
        assert 0 <= table.highlight < len(table.frame), where


def check_figure(figure: KeyFigure, where: str) -> None:
    assert figure.value not in BAD and "nan" not in figure.value, where
    assert figure.value == ".." or any(ch.isdigit() for ch in figure.value), where
    if figure.sparkline is not None:
        # a sparkline never gets a gap handed over as None: visible values only, at least two
        assert len(figure.sparkline) >= 2, where
        assert all(isinstance(v, float) and math.isfinite(v) for v in figure.sparkline), where
    if figure.suppressed:
        assert figure.value == ".." and figure.delta is None, where


def chart_points(chart: Chart) -> list[dict[str, Any]]:
    return [p for values in chart.spec.get("datasets", {}).values() for p in values]


def check_chart(chart: Chart, decimals: int | None, where: str) -> None:
    assert chart.alt and chart.sources, where
    # a chart that speaks on its own: titled inside (indicator, area, year), alt text as its description
    text = chart.spec["title"]["text"]
    assert chart.title and " ".join(text if isinstance(text, list) else [text]) == chart.title, where
    assert all(len(line) <= 44 or " " not in line for line in (text if isinstance(text, list) else [text])), where
    assert chart.spec["description"] == chart.alt and chart.date, where
    check_table(chart.table, where)
    for point in chart_points(chart):
        if "shown" not in point:
            continue
        shown, label = point["shown"], point.get("label")
        if shown is None:  # a gap in the line: hidden or missing, and its label says so
            assert label in ("..", ""), (where, point)
        else:
            assert math.isfinite(shown) and label not in ("..", ""), (where, point)
            if decimals is not None:
                assert round(shown, decimals) == shown, (where, point)  # rounded as shown


def test_overview_for_every_area(ctx: Context) -> None:
    counted = {"figures": 0, "hidden": 0, "sparklines": 0}
    for area in areas(ctx):
        view = overview_view.overview(ctx, *area)
        assert view.empty is None, area
        assert view.year == 2025 and len(view.key_figures) >= 10, area
        for figure in view.key_figures:
            check_figure(figure, f"{area} {figure.code}")
            counted["figures"] += 1
            counted["hidden"] += figure.suppressed
            counted["sparklines"] += figure.sparkline is not None
        if view.balance is not None:
            check_figure(view.balance, f"{area} balance")
        if view.peers is not None:
            check_table(view.peers, f"{area} peers")
            assert view.peers.highlight is not None, area  # the chosen area stands out
        trend = overview_view.overview_trend(ctx, *area, "cw_urgent")
        check_chart(trend, infos(ctx)["cw_urgent"].decimals, f"{area} trend")
    assert counted["figures"] > 351 * 10
    assert counted["hidden"] > 300  # the small municipalities' hidden figures were drawn as '..'
    assert counted["sparklines"] > 3000


def test_baseline_for_every_area(ctx: Context) -> None:
    no_pain = 0
    for area in areas(ctx):
        view = baseline_view.baseline(ctx, *area)
        assert view.heat is not None and view.years, area
        check_chart(view.heat, None, f"{area} heat")
        if area[0] == "country":
            continue
        if view.pain_points is None:
            assert view.pain_message, area  # the page says there are none
            no_pain += 1
        else:
            check_table(view.pain_points, f"{area} pain")
            gaps = [float(g.replace(",", ".").replace("\u2212", "-")) for g in view.pain_points.frame.iloc[:, 5]]
            assert all(g > 0 for g in gaps), area  # only where worse than the country
        if view.peers is not None:
            check_table(view.peers, f"{area} peers")
        # the chosen area is outlined on the heat map and highlighted in its table
        assert view.heat.spec["params"][0]["value"] is not None, area
        assert view.heat.table.highlight is not None, area
    assert no_pain < 351


def test_evaluation_for_every_area(ctx: Context) -> None:
    for area in areas(ctx):
        if area[0] == "country":
            continue
        plan = evaluation_view.setup(ctx, *area, "cw_urgent")
        assert plan.base_years and plan.default_base is not None, area
        view = evaluation_view.evaluation(
            ctx, *area, "cw_urgent", plan.default_base, plan.default_base + 1, plan.default_comparison, 2025
        )
        check_chart(view.trend, infos(ctx)["cw_urgent"].decimals, f"{area} trend")
        for figure in (*view.change, *view.balance, *([view.did] if view.did else [])):
            check_figure(figure, f"{area} {figure.code}")
        assert view.costs is not None, area
        check_chart(view.costs, 0, f"{area} costs")


@pytest.mark.parametrize("level", ["county", "municipality", "region"])
def test_map_for_every_level_with_each_area_chosen(ctx: Context, level: str) -> None:
    for area in areas(ctx) if level == "county" else areas(ctx)[::7]:
        view = map_view.map_view(ctx, "cw_urgent", level, None, area)
        assert view.year == 2025, area
        check_table(view.table, f"{area} map {level}")
        assert view.chart is not None and view.kind == "boundaries"  # embedded NLS boundaries on every level
        check_chart(view.chart, None, f"{area} map")
        outlined = parent_at(ctx, area, level)
        if outlined is not None:  # the chosen area (or the one holding it) outlined on the map
            outline = view.chart.spec["layer"][-1]["data"]["values"]
            assert [f["properties"]["code"] for f in outline] == [outlined], (area, level)
        if level == "county":
            tiles = map_view.map_view(ctx, "cw_urgent", level, None, area, "tiles")
            assert tiles.kind == "tiles" and tiles.chart is not None
            check_chart(tiles.chart, None, f"{area} tiles")
        if area[0] == level or (area[0] == "municipality" and level in ("county", "region")):
            assert view.table.highlight is not None, (area, level)
        hidden = view.table.frame.iloc[:, 1] == ".."
        assert (view.table.frame[hidden].iloc[:, 2] == "..").all()  # a hidden rate hides its numerator
