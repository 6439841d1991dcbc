"""A target set in Debian's chromium: an uploader of Päijät-Häme signs in, picks her county, opens the
targets page, sets a target with the form and sees it listed with its status; the row is in the database
(fresh connection) under her name."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _serve, screenshot, wait_ready

PASSWORD = "salasana-1234"


@pytest.fixture(scope="module")
def target_server(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from store.engine import init_db, make_engine
    from store.users import add_user

    db = tmp_path_factory.mktemp("targets") / "targets.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    add_user(engine, "paivi", PASSWORD, "uploader", ["09"])
    engine.dispose()
    for url in _serve(f"sqlite:///{db}"):
        yield url, db


def test_an_uploader_sets_a_target_in_the_browser(target_server: tuple[str, Path], page: Any) -> None:
    url, db = target_server
    page.goto(f"{url}/login")
    wait_ready(page)
    page.get_by_label("Käyttäjätunnus").fill("paivi")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_function("() => document.body.innerText.includes('Olet kirjautunut')", timeout=30_000)
    page.get_by_role("combobox", name="Hyvinvointialue").click()
    page.get_by_role("option", name="Päijät-Hämeen hyvinvointialue").click()
    wait_ready(page)
    page.get_by_role("link", name="Tavoitteet").click()
    page.wait_for_function("() => document.body.innerText.includes('Aseta tai muuta tavoite')", timeout=30_000)
    wait_ready(page)
    year = page.get_by_label("Lähtövuosi")
    year.fill("2022")
    year.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Tallenna tavoite").click()
    rows: list[tuple[Any, ...]] = []
    for _ in range(60):  # the table is drawn on a canvas: the database says when it was saved
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT region_level, region_code, baseline_year, target_year, set_by FROM targets"
            ).fetchall()
        if rows:
            break
        page.wait_for_timeout(500)
    assert rows == [("county", "09", 2022, dt.date.today().year + 2, "paivi")]  # the form's default target year
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    wait_ready(page)
    screenshot(page, "targets-set-fi")
