"""The absences page in AppTest in three languages: Pohjanmaa's ladder (Swedish in Swedish), the shares of
the newest term, the municipalities with the small ones withheld, a municipality's schools; the ladder editor
only for the county's uploader or an admin (saving through it: tests/browser); and the overview's "about the
indicator" (interpretation, limits, source) in three languages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.demo_records import DEMO_LADDER
from i18n import t
from store.engine import init_db, make_engine
from store.users import add_user
from tests.conftest import ROOT
from tests.test_upload_pages import PASSWORD
from views.access import Identity
from views.context import forget_engines


@pytest.fixture()
def store(demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("LAPE_DB_URL", url)
    monkeypatch.chdir(ROOT)
    engine = make_engine(url)
    init_db(engine)
    add_user(engine, "pohjanmaa", PASSWORD, "uploader", ["17"])
    add_user(engine, "paivi", PASSWORD, "uploader", ["09"])
    engine.dispose()
    yield url
    forget_engines()


def _page(params: dict[str, str], who: Identity | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    if who is not None:
        at.session_state["identity"] = who
    at.run()
    at.switch_page("pages/absences.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_pohjanmaa_in_every_language(store: str, lang: str) -> None:
    at = _page({"lang": lang, "county": "17"})
    names = {"fi": "Pohjanmaan hyvinvointialue", "sv": "Österbottens välfärdsområde",
             "en": "Ostrobothnia wellbeing services county"}  # fmt: skip
    assert at.title[0].value.replace("\\", "") == t("absences.title", lang, area=names[lang])
    ladder = at.dataframe[0].value
    column = {"fi": 1, "sv": 2, "en": 3}[lang]
    assert ladder[t("absences.col.step", lang)].tolist() == [row[column] for row in DEMO_LADDER]
    assert ladder[t("absences.col.limit", lang)].tolist() == [
        t("absences.over_hours", lang, hours=h) for h, *_ in DEMO_LADDER
    ]
    shares = ladder[t("absences.col.share", lang)].tolist()
    assert all(s not in ("..", "–", "") for s in shares)  # the county's share over every limit shown
    assert at.selectbox(key="absence_term").value == (2025, "spring")
    municipalities = at.dataframe[-1].value
    assert len(municipalities) == 14 and (municipalities == "..").any().any()  # small ones withheld
    assert not [e for e in at.expander if e.label == t("absences.edit", lang)]  # no editor for visitors


def test_a_municipality_shows_its_schools(store: str) -> None:
    at = _page({"lang": "sv", "county": "17", "municipality": "905"})
    schools = at.dataframe[-1].value
    assert sorted(schools[t("col.area", "sv")]) == sorted(
        ["Keskuskoulu – Centrumskolan", "Länsirannan koulu", "Vikinga skola", "Huutoniemen koulu"]
    )


def test_the_editor_is_for_the_county_and_saves(store: str) -> None:
    assert not [e for e in _page({"lang": "fi", "county": "17"}, Identity("paivi", "uploader", ("09",))).expander
                if e.label == t("absences.edit", "fi")]  # fmt: skip
    at = _page({"lang": "fi", "county": "17"}, Identity("pohjanmaa", "uploader", ("17",)))
    assert [e for e in at.expander if e.label == t("absences.edit", "fi")]
    forms = [b for b in at.get("form_submit_button") if getattr(b, "label", None) == t("absences.save", "fi")]
    assert len(forms) == 1
    # saving through the form is tested in the browser (tests/browser/test_absences_browser.py): AppTest
    # does not deliver a press of a button on a page reached through st.navigation (as on the targets page)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_overview_says_what_its_indicator_means(store: str, lang: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": lang, "county": "09", "indicator": "cw_urgent"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    name = t("quality.about", lang, name="").strip()
    about = [e for e in at.expander if e.label.replace("\\", "").startswith(name)]
    assert len(about) == 1
    texts = [m.value for m in about[0].markdown]
    heads = [t(k, lang) for k in ("quality.interpretation", "quality.limits", "quality.source")]
    assert [x.split(":")[0].replace("\\", "") for x in texts[:3]] == heads
    assert "THL" in texts[2]
