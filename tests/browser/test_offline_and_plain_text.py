"""Offline for real, and file text as plain text, in Debian chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import record_hosts, screenshot, wait_ready
from tests.markup import CODE, HOSTILE

PAGES = ["", "map", "baseline", "evaluation", "sources"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_machine(server: str, page: Any, path: str) -> None:
    hosts = record_hosts(page)
    page.goto(f"{server}/{path}?county=09&municipality=081")
    wait_ready(page)
    page.wait_for_timeout(1500)  # late requests: icons, fonts, images
    assert hosts, "the recorder saw nothing"
    assert hosts == {urlsplit(server).netloc}


def test_hostile_indicator_name_shows_as_written_and_fetches_nothing(server_with_markup: str, page: Any) -> None:
    hosts = record_hosts(page)
    page.goto(f"{server_with_markup}/map?county=03&municipality=049&indicator={CODE}")
    wait_ready(page)
    page.get_by_text("kunta", exact=True).click()
    wait_ready(page)
    page.wait_for_timeout(1000)
    text = page.inner_text("[data-testid='stMain']").replace("\u2060", "")
    assert HOSTILE in text  # the name reads exactly as written: no image, link, bold or colour made of it
    assert page.locator("[data-testid='stMain'] img[src*='evil']").count() == 0
    assert page.locator("[data-testid='stMain'] a[href*='evil']").count() == 0  # no link, not even a heading's own
    assert page.locator("[data-testid='stMain'] strong:has-text('lihava')").count() == 0
    assert hosts == {urlsplit(server_with_markup).netloc}
    screenshot(page, "map-hostile-name")
