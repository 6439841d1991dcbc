"""A real Streamlit server on localhost and Debian's chromium driven by Playwright.

Skips when /usr/bin/chromium is absent (CI installs it in .ci/run)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db_url: str) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    port = _free_port()
    env = {**os.environ, "LAPE_DB_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def server(demo_db: str) -> Iterator[str]:
    yield from _serve(demo_db)


@pytest.fixture(scope="session")
def server_with_boundaries(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo store plus county boundaries loaded from a boundary file (made in the test)."""
    import shutil as sh

    from geo.boundaries import load_boundaries
    from store.engine import make_engine
    from store.queries import regions_frame
    from tests.geo.conftest import county_squares

    folder = tmp_path_factory.mktemp("geo")
    db = folder / "geo.sqlite"
    sh.copy(demo_db.removeprefix("sqlite:///"), db)
    boundary = folder / "counties.geojson"
    county_squares().to_file(boundary, driver="GeoJSON")
    engine = make_engine(f"sqlite:///{db}")
    load_boundaries(engine, boundary, regions_frame(engine))
    engine.dispose()
    yield from _serve(f"sqlite:///{db}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_ready(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until dashboard.py's navigation (sections, not a folder listing) is there and no run is going on."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stNavSectionHeader']", timeout=timeout_ms)
    idle = "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"
    for _ in range(3):  # a run may start a moment after the previous one ended
        page.wait_for_timeout(700)
        page.wait_for_function(idle, timeout=timeout_ms)


def ink(png: Path) -> int:
    """Pixels that are not (near) white: something was drawn."""
    from PIL import Image

    img = Image.open(png).convert("L")
    return sum(1 for px in img.get_flattened_data() if px < 235)  # type: ignore[attr-defined,misc,operator]


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def server_with_markup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store whose only upload names its indicator with Markdown and HTML (tests/markup.py)."""
    from tests.markup import markup_store

    yield from _serve(markup_store(tmp_path_factory.mktemp("markup")))


def record_hosts(page: Any) -> set[str]:
    """Hosts of every request the page makes from now on (HTTP, websocket, fonts, images)."""
    from urllib.parse import urlsplit

    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc or request.url.split(":")[0]))
    page.on("websocket", lambda ws: hosts.add(urlsplit(ws.url).netloc))
    return hosts
