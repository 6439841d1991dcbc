"""The absence ladder saved in Debian's chromium: an uploader of Pohjanmaa signs in, picks her county, opens
the absences page in Swedish, opens the ladder editor and saves; the ladder is in the database (fresh
connection) under her name, the demo's earlier ladder in the archive; the page is screenshot in Swedish."""

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
def absence_server(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from store.engine import init_db, make_engine
    from store.users import add_user

    db = tmp_path_factory.mktemp("absences") / "absences.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    add_user(engine, "pohjanmaa", PASSWORD, "uploader", ["17"])
    engine.dispose()
    for url in _serve(f"sqlite:///{db}"):
        yield url, db


def test_an_uploader_saves_the_ladder_in_swedish(absence_server: tuple[str, Path], page: Any) -> None:
    url, db = absence_server
    page.goto(f"{url}/login?lang=sv")
    wait_ready(page)
    page.get_by_label("Användarnamn").fill("pohjanmaa")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function("() => document.body.innerText.includes('pohjanmaa')", timeout=30_000)
    page.get_by_role("combobox", name="Välfärdsområde").click()
    page.get_by_role("option", name="Österbottens välfärdsområde", exact=True).click()
    wait_ready(page)
    page.get_by_role("link", name="Skolfrånvaro").click()
    page.wait_for_function("() => document.body.innerText.includes('Frånvarotrappan')", timeout=30_000)
    wait_ready(page)
    screenshot(page, "absences-sv")
    page.get_by_text("Redigera välfärdsområdets trappa").click()
    wait_ready(page)
    page.get_by_role("button", name="Spara trappan").click()
    rows: list[tuple[Any, ...]] = []
    for _ in range(60):
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT county, threshold, step_sv, set_by FROM absence_ladder ORDER BY threshold"
            ).fetchall()
            archived = conn.execute("SELECT count(*) FROM ladder_archive").fetchone()[0]
        if rows and rows[0][3] == "pohjanmaa":
            break
        page.wait_for_timeout(500)
    assert [r[:2] for r in rows] == [("17", 30), ("17", 50), ("17", 80), ("17", 120)]
    assert {r[3] for r in rows} == {"pohjanmaa"} and rows[0][2] == "Klassföreståndaren kontaktar vårdnadshavaren"
    assert archived == 4  # the demo's ladder, kept in the history
    page.wait_for_function("() => document.body.innerText.includes('Trappan sparades')", timeout=30_000)
    screenshot(page, "absences-ladder-saved-sv")
