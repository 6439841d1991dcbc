"""The costs, family-centre and parent-survey pages in AppTest, in every language: what a new user is told
to look for (the cost per child at 2025 prices, Pohjois-Karjala's centres, Keuruu's parents' answers)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from tests.conftest import ROOT


def _open(page: str, lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": lang, **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    for key, value in {"lang": lang, **params}.items():  # a shared link carries them to the page
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _plain(text: str) -> str:
    return text.replace("\\", "")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_costs_page_at_2025_prices(app_env: str, lang: str) -> None:
    at = _open("pages/costs.py", lang, county="14")
    assert _plain(at.title[0].value).startswith(t("costs.title", lang, area=""))
    assert at.selectbox(key="costs_prices").value == 2025
    assert len(at.get("vega_lite_chart")) >= 4
    per_client = next(d.value for d in at.dataframe if t("costs.col.area", lang) in d.value.columns)
    assert len(per_client) == 3 and ".." not in set(per_client.iloc[:, 1])
    # another price year from the link
    at = _open("pages/costs.py", lang, county="14", prices="2020")
    assert at.selectbox(key="costs_prices").value == 2020


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_family_centres_page(app_env: str, lang: str) -> None:
    at = _open("pages/family_centres.py", lang, county="14")
    registry = at.dataframe[0].value
    assert len(registry) == 4 and "Keski-Karjalan perhekeskus" in set(registry.iloc[:, 0])
    assert len(at.get("vega_lite_chart")) >= 3
    at = _open("pages/family_centres.py", lang, county="09")
    assert any(t("centres.no_data_area", lang) in _plain(i.value) for i in at.info)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_survey_page_for_keuruu(app_env: str, lang: str) -> None:
    at = _open("pages/survey.py", lang, county="15", municipality="249")
    keuruu = {"fi": "Keuruu", "sv": "Keuru", "en": "Keuruu"}[lang]  # its Swedish name
    assert _plain(at.title[0].value) == t("survey.title", lang, area=keuruu)
    assert at.selectbox(key="survey_round").value == 2025
    table = at.dataframe[0].value
    assert len(table) == 6 and ".." not in set(table["n"])
    assert at.dataframe[1].value.columns[0] == t("survey.col.question", lang)  # the choice question
    # the previous round from the link; a county without a survey says where answers come from
    at = _open("pages/survey.py", lang, county="15", municipality="249", round="2023")
    assert at.selectbox(key="survey_round").value == 2023
    at = _open("pages/survey.py", lang, county="09")
    assert any(t("survey.no_data", lang)[:30] in _plain(i.value) for i in at.info)
