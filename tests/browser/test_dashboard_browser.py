"""What a person sees: the dashboard in Debian chromium (screenshots under test-artifacts/)."""

from __future__ import annotations

from typing import Any

from PIL import Image

from tests.browser.conftest import screenshot, wait_ready


def test_overview_opens_in_finnish_with_demo_banner_and_chart(server: str, page: Any) -> None:
    page.goto(f"{server}/?county=09")
    wait_ready(page)
    page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
    page.wait_for_timeout(1000)
    text = page.inner_text("body")
    assert "Yleiskuva: Päijät-Hämeen hyvinvointialue" in text
    assert "Esittelyaineisto" in text
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    path = screenshot(page, "overview-fi")
    clip = chart.bounding_box()
    assert clip is not None
    chart_png = path.with_name("overview-chart.png")
    chart_png.write_bytes(page.screenshot(clip=clip))
    img = Image.open(chart_png).convert("RGB")
    dark = sum(1 for px in img.get_flattened_data() if sum(px) < 600)  # type: ignore[misc,arg-type]
    assert dark > 500  # lines, points and axis labels were drawn


def test_switching_to_swedish_changes_labels_and_link(server: str, page: Any) -> None:
    page.goto(f"{server}/?county=14")
    wait_ready(page)
    page.get_by_text("svenska", exact=True).click()
    wait_ready(page)
    page.wait_for_function("() => document.body.innerText.includes('Översikt')", timeout=30_000)
    text = page.inner_text("body")
    assert "Översikt: Norra Karelens välfärdsområde" in text
    assert "Välfärdsområde" in text
    assert "Yleiskuva" not in text
    assert "Pohjois-Karjalan" not in text  # the pickers relabel too
    assert "lang=sv" in page.url and "county=14" in page.url
    screenshot(page, "overview-sv")
