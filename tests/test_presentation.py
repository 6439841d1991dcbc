"""The presentation page in AppTest: opens from a link on the named slide, moves with the buttons,
speaks all three languages, and shows the same numbers as the profile's slides."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from tests.conftest import ROOT
from views.context import open_context
from views.slides import profile


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/presentation.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_presentation_from_a_link_and_the_buttons(app_env: str, lang: str) -> None:
    deck = profile(open_context(lang, app_env), "county", "09")
    keys = [s.key for s in deck.slides]
    at = _open({"lang": lang, "county": "09", "slide": "map"})
    assert at.header[0].value.replace("\\", "") == deck.slides[keys.index("map")].title
    assert at.query_params["slide"] == ["map"] or at.query_params["slide"] == "map"
    described = [json.loads(e.proto.spec).get("description") for e in at.get("vega_lite_chart")]
    map_slide = deck.slides[keys.index("map")]
    assert map_slide.chart is not None and map_slide.chart.alt in described  # the map, with its alt text
    nxt = next(b for b in at.button if b.label == t("present.next", lang))
    nxt.click().run()
    assert not at.exception
    following = deck.slides[keys.index("map") + 1]
    assert at.header[0].value.replace("\\", "") == following.title
    prev = next(b for b in at.button if b.label == t("present.previous", lang))
    prev.click().run()
    prev = next(b for b in at.button if b.label == t("present.previous", lang))
    prev.click().run()
    figures = deck.slides[keys.index("map") - 1]
    shown = {m.label.replace("\\", ""): m.value for m in at.metric}
    assert shown == {f.label: f.value for f in figures.figures}


def test_presentation_first_slide_and_numbered_link(app_env: str) -> None:
    deck = profile(open_context("fi", app_env), "municipality", "081")
    at = _open({"lang": "fi", "county": "09", "municipality": "081", "slide": "2"})
    assert at.header[0].value.replace("\\", "") == deck.slides[1].title
    assert len(at.metric) == len(deck.slides[1].figures)
    at = _open({"lang": "fi"})
    assert at.title[0].value.replace("\\", "") == profile(open_context("fi", app_env), "country", "SSS").title
    prev = next(b for b in at.button if b.label == t("present.previous", "fi"))
    assert prev.disabled


def test_chosen_slides_from_the_link(app_env: str) -> None:
    deck = profile(open_context("en", app_env), "county", "14")
    titles = {s.key: s.title for s in deck.slides}
    at = _open({"lang": "en", "county": "14", "slides": "title,map,costs"})
    assert any("Slide 1 of 3" in cap.value for cap in at.caption)
    next(b for b in at.button if b.label == t("present.next", "en")).click().run()
    assert at.header[0].value.replace("\\", "") == titles["map"]
    next(b for b in at.button if b.label == t("present.next", "en")).click().run()
    assert at.header[0].value.replace("\\", "") == titles["costs"]
    assert next(b for b in at.button if b.label == t("present.next", "en")).disabled  # the last chosen slide
    assert at.multiselect(key="present_slides_en_county_14").value == ["title", "map", "costs"]
