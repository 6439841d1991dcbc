"""The tile map and a choropleth from a loaded boundary file actually draw in chromium."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS, ink, screenshot, wait_ready


def _chart_png(page: Any, name: str) -> int:
    page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
    page.wait_for_timeout(1500)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(page.screenshot(clip=box))
    return ink(path)


def test_tile_map_draws(server: str, page: Any) -> None:
    page.goto(f"{server}/map?county=09&indicator=cw_placed&style=tiles")
    wait_ready(page)
    assert _chart_png(page, "tile-map") > 20_000  # 23 coloured tiles with labels
    text = page.inner_text("body")
    assert "Ruudukko:" in text and "Kieli · Språk · Language" in text
    screenshot(page, "map-tiles")


def test_finland_is_the_first_map_anyone_sees(server: str, page: Any) -> None:
    """No boundary file loaded: the embedded NLS boundaries, the chosen county outlined, the credit."""
    page.goto(f"{server}/map?county=09&lang=sv")
    wait_ready(page)
    assert _chart_png(page, "map-finland") > 20_000
    text = page.inner_text("body")
    assert "Lantmäteriverket, Administrativa områdesindelningar 1:4 500 000 (CC BY 4.0)" in text


def test_choropleth_from_loaded_boundaries_draws(server_with_boundaries: str, page: Any) -> None:
    page.goto(f"{server_with_boundaries}/map?county=09&indicator=cw_placed&lang=en")
    wait_ready(page)
    assert _chart_png(page, "choropleth") > 10_000  # 23 squares made up by the test, and the legend
    assert "Boundaries: counties.geojson" in page.inner_text("body")
    screenshot(page, "map-choropleth")


def test_deep_link_on_a_fresh_server_keeps_the_sidebar(server_with_boundaries: str, page: Any) -> None:
    page.goto(f"{server_with_boundaries}/evaluation?county=14&lang=sv")
    wait_ready(page)
    page.wait_for_function("() => document.body.innerText.includes('Utvärdering')", timeout=30_000)
    text = page.inner_text("body")
    assert "Kieli · Språk · Language" in text  # the language switch is there
    assert "Utvärdering: Norra Karelens välfärdsområde" in text
