"""Every empty comparison says how to get the national reference: a county that has loaded only
some of its municipalities has no country values (nothing to roll up), and the overview, baseline and
evaluation say where the country values come from instead of comparing with nothing."""

from __future__ import annotations

from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from i18n import t
from views.baseline import baseline
from views.context import open_context
from views.evaluation import evaluation
from views.overview import overview

ROWS = """alue;mittari;vuosi;arvo
Hollola;pop_0_17;2022;4210
Heinola;pop_0_17;2022;2650
Hollola;cw_placed;2022;41
Heinola;cw_placed;2022;38
Hollola;family_work;2022;120
Heinola;family_work;2022;75
Hollola;pop_0_17;2023;4150
Heinola;pop_0_17;2023;2610
Hollola;cw_placed;2023;44
Heinola;cw_placed;2023;35
"""


def _load(engine: Engine) -> str:
    result = ingest_bytes(engine, ROWS.encode(), "kunnat.csv")
    assert result.ok, result.as_json("en")
    return engine.url.render_as_string(hide_password=False)


def test_without_country_values_every_comparison_says_how_to_get_them(empty_engine: Engine) -> None:
    url = _load(empty_engine)
    for lang in ("fi", "sv", "en"):
        hint = t("common.get_reference", lang)
        ctx = open_context(lang, url)
        view = overview(ctx, "municipality", "098", 2022)
        assert view.key_figures and view.reference == hint
        base = baseline(ctx, "municipality", "098", 2022)
        assert base.reference and base.pain_points is None
        assert base.pain_message == t("baseline.no_reference", lang) + " " + hint
        ev = evaluation(ctx, "municipality", "111", "cw_placed", 2022, 2023, ())
        assert hint in ev.trend.notes


def test_with_country_values_no_hint(demo_engine: Engine) -> None:
    ctx = open_context("fi", demo_engine.url.render_as_string(hide_password=False))
    assert overview(ctx, "municipality", "098").reference is None
    year = overview(ctx, "municipality", "098").year
    assert baseline(ctx, "municipality", "098", year).reference is False
    ev = evaluation(ctx, "municipality", "111", "cw_placed", 2018, 2020, ())
    assert t("common.get_reference", "fi") not in ev.trend.notes
