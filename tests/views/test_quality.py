"""Flags from the upload to what a person sees: a preliminary value uploaded for Lahti is drawn hollow on the
overview and evaluation charts, said in the tooltip and under the chart in three languages, named under the
map, and gone (filled) once the final value replaces it; every catalogue indicator says its interpretation,
limits and source; a series break is marked on the chart and said under it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from store import about as catalogue_about
from store.catalogue import INDICATOR_CODES
from views.context import open_context
from views.evaluation import evaluation
from views.map import map_view
from views.overview import overview_trend
from views.quality import about


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for rows in spec.get("datasets", {}).values() for r in rows]


def _hollow_layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    inner = spec["layer"]
    return [lay for lay in inner if isinstance(lay.get("mark"), dict) and lay["mark"].get("filled") is False]


POPULATION = "".join(f"398;{y};pop_0_17;20000;\n" for y in range(2019, 2025))
APRIL = (
    "kunta;vuosi;indikaattori;arvo;merkintä\n"
    + POPULATION
    + ("398;2022;cw_urgent;30;\n398;2023;cw_urgent;32;\n398;2024;cw_urgent;36;ennakkotieto\n")
)
JUNE = "kunta;vuosi;indikaattori;arvo\n398;2024;cw_urgent;38\n"


@pytest.fixture()
def flagged(empty_engine: Engine) -> Engine:
    result = ingest_bytes(empty_engine, APRIL.encode(), "huhtikuu.csv")
    assert result.ok, result.report.errors
    return empty_engine


def test_a_preliminary_value_is_hollow_and_said_in_three_languages(flagged: Engine) -> None:
    url = flagged.url.render_as_string(hide_password=False)
    words = {"fi": "ennakkotieto", "sv": "förhandsuppgift", "en": "preliminary"}
    for lang, word in words.items():
        ctx = open_context(lang, url)
        chart = overview_trend(ctx, "municipality", "398", "cw_urgent")
        lahti = [r for r in _rows(chart.spec) if r.get("year") == 2024 and r.get("quality") == "preliminary"]
        assert len(lahti) == 1 and lahti[0]["shown"] == 1.8  # 36 / 20 000 * 1 000
        assert lahti[0]["label"].endswith(f"({word})")
        assert [r["quality"] for r in _rows(chart.spec) if r.get("year") == 2023] == ["final"]
        hollow = _hollow_layers(chart.spec)
        assert len(hollow) == 1 and hollow[0]["mark"]["shape"] == "circle"
        assert hollow[0]["transform"] == [{"filter": "(datum.quality === 'preliminary')"}]
        assert any("2024" in n and word in n.lower() for n in chart.notes), chart.notes
        # the table keeps the number as a number; its note names the preliminary year
        assert "1,8" in chart.table.frame.to_string() or "1.8" in chart.table.frame.to_string()
        assert word in chart.table.note.lower()
    ctx = open_context("fi", url)
    view = evaluation(ctx, "municipality", "398", "cw_urgent", 2022, 2023, ())
    assert _hollow_layers(view.trend.spec) and any("ennakkotieto" in n.lower() for n in view.trend.notes)
    shown = map_view(ctx, "cw_urgent", "municipality", 2024, ("municipality", "398"))
    assert shown.chart is not None
    assert "Ennakkotieto: Lahti." in shown.table.note
    features = [f for f in json.dumps(shown.chart.spec).split('"properties": ')[1:] if f.startswith('{"code": "398"')]
    assert features and all('"label": "1,8 (ennakkotieto)"' in f for f in features)  # the tooltip's text


def test_the_final_value_fills_the_marker(flagged: Engine) -> None:
    result = ingest_bytes(flagged, JUNE.encode(), "kesakuu.csv", replace=True)
    assert result.ok and result.replaced == 1
    ctx = open_context("fi", flagged.url.render_as_string(hide_password=False))
    chart = overview_trend(ctx, "municipality", "398", "cw_urgent")
    assert [r["shown"] for r in _rows(chart.spec) if r.get("year") == 2024] == [1.9]
    assert not _hollow_layers(chart.spec)
    assert not any("ennakkotieto" in n.lower() for n in chart.notes)


def test_every_indicator_says_what_it_means_in_three_languages(ctx: Any) -> None:
    missing = [code for code in INDICATOR_CODES if code not in catalogue_about.ABOUT]
    assert missing == []
    for lang in ("fi", "sv", "en"):
        lctx = open_context(lang, ctx.url)
        for code in INDICATOR_CODES:
            view = about(lctx, code)
            assert view.interpretation and view.limits and view.source, (lang, code)
            lines = view.lines(lctx)
            assert lines[0].startswith({"fi": "Tulkinta", "sv": "Tolkning", "en": "Interpretation"}[lang])


def test_a_series_break_is_marked_and_said(ctx: Any) -> None:
    # the demo has the school survey (every other year) from 2015 on
    chart = overview_trend(ctx, "country", "SSS", "school_bullied")
    years = {r["year"] for r in _rows(chart.spec) if "quality" in r}
    assert min(years) <= 2015 < max(years)
    rules = [lay for lay in chart.spec["layer"] if lay.get("mark", {}).get("type") == "rule"]
    assert len(rules) == 1
    assert chart.spec["datasets"][rules[0]["data"]["name"]] == [{"year": 2015, "text": "sarjakatko"}]
    assert any(n.startswith("Sarjakatko 2015") for n in chart.notes)
    # a chart that does not reach the break says nothing of it
    later = evaluation(ctx, "country", "SSS", "school_bullied", 2017, 2019, ())
    assert not any("2015" in n for n in later.trend.notes)


def test_a_value_withheld_at_source_says_why(empty_engine: Engine) -> None:
    text = "kunta;vuosi;indikaattori;arvo;merkintä\n" + "".join(
        f"111;{y};pop_0_17;3000;\n111;{y};cw_urgent;{v};{f}\n"
        for y, v, f in ((2022, "8", ""), (2023, "9", ""), (2024, "..", "salattu"))
    )
    assert ingest_bytes(empty_engine, text.encode(), "heinola.csv").ok
    ctx = open_context("sv", empty_engine.url.render_as_string(hide_password=False))
    chart = overview_trend(ctx, "municipality", "111", "cw_urgent")
    gap = [r for r in _rows(chart.spec) if r.get("year") == 2024 and "quality" in r]
    assert gap and gap[0]["shown"] is None and gap[0]["label"] in ("", "..")  # a gap, no marker
    assert "Källan publicerade inget värde (sekretessbelagt vid källan): 2024." in chart.notes
    shown = map_view(ctx, "cw_urgent", "municipality", 2024, ("municipality", "111"))
    assert "Sekretessbelagt vid källan: Heinola." in shown.table.note
