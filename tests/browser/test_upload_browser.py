"""The real upload in Debian's chromium: an uploader of Päijät-Häme signs in, opens the upload page from
the menu, chooses a file, reads the check and saves it; the rows are in the database (fresh connection)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _serve, screenshot, wait_ready

PASSWORD = "salasana-1234"


@pytest.fixture(scope="module")
def upload_server(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from store.engine import make_engine
    from store.users import add_user

    folder = tmp_path_factory.mktemp("upload")
    db = folder / "upload.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    add_user(engine, "paivi", PASSWORD, "uploader", ["09"])
    engine.dispose()
    for url in _serve(f"sqlite:///{db}"):
        yield url, db


def test_an_uploader_signs_in_and_uploads_in_the_browser(
    upload_server: tuple[str, Path], page: Any, tmp_path: Path
) -> None:
    url, db = upload_server
    page.goto(f"{url}/login")
    wait_ready(page)
    assert "Tuo tiedot" not in page.inner_text("[data-testid='stSidebar']")  # not offered before signing in
    page.get_by_label("Käyttäjätunnus").fill("paivi")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_function("() => document.body.innerText.includes('Olet kirjautunut')", timeout=30_000)
    page.get_by_role("link", name="Tuo tiedot").click()
    wait_ready(page)
    page.wait_for_function("() => document.body.innerText.includes('Tuontipohja')", timeout=30_000)
    data = tmp_path / "hollola-heinola.csv"
    data.write_bytes(b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2024;12\n111;cw_placed;2024;25\n")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(data))
    page.wait_for_function("() => document.body.innerText.includes('Tiedosto on kunnossa')", timeout=60_000)
    wait_ready(page)
    screenshot(page, "upload-checked-fi")
    text = page.inner_text("body")
    assert "Uusia arvoja" in text and "Esittelyaineisto siirretään syrjään" in text
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_function("() => document.body.innerText.includes('Tallennettu lataukseksi')", timeout=60_000)
    wait_ready(page)
    screenshot(page, "upload-saved-fi")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT o.region_code, o.value FROM observations o JOIN uploads u ON u.id = o.upload_id "
            "WHERE u.uploaded_by = 'paivi' ORDER BY 1"
        ).fetchall()
    assert rows == [("098", 12.0), ("111", 25.0)]
