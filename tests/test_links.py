"""Every page's choices come from its link, so a presenter can prepare links before a meeting
(`?year=` on the overview used to be ignored), and the page writes its choices back into the link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _open(page: str | None, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else str(value)


def test_overview_year_and_indicator_from_the_link(app_env: str) -> None:
    at = _open(None, {"lang": "fi", "county": "09", "year": "2019", "indicator": "cw_urgent"})
    assert at.selectbox(key="overview_year").value == 2019
    assert at.selectbox(key="overview_trend_fi").value == "cw_urgent"
    assert any("2019" in s.value for s in at.subheader)
    at.selectbox(key="overview_year").set_value(2021).run()
    assert _param(at, "year") == "2021"


def test_map_indicator_level_year_and_style_from_the_link(app_env: str) -> None:
    params = {"lang": "sv", "county": "17", "indicator": "family_work", "level": "county", "year": "2020"}
    at = _open("pages/map.py", {**params, "style": "tiles"})
    assert at.selectbox(key="map_indicator_sv").value == "family_work"
    assert at.radio(key="map_level_sv").value == "county"
    assert at.radio(key="map_style_sv").value == "tiles"
    assert at.selectbox(key="map_year_sv_family_work").value == 2020
    at = _open("pages/map.py", {**params, "level": "municipality"})
    assert at.radio(key="map_level_sv").value == "municipality"
    assert _param(at, "level") == "municipality" and _param(at, "year") == "2020"


def test_baseline_year_from_the_link(app_env: str) -> None:
    at = _open("pages/baseline.py", {"lang": "en", "county": "14", "year": "2018"})
    assert at.selectbox(key="baseline_year").value == 2018


def test_evaluation_choices_from_the_link(app_env: str) -> None:
    params = {"lang": "fi", "county": "14", "indicator": "family_work", "base": "2016", "event": "2019"}
    at = _open("pages/evaluation.py", {**params, "compare": "13,12"})
    assert at.selectbox(key="eval_indicator_fi").value == "family_work"
    assert at.selectbox(key="eval_base").value == 2016
    assert at.selectbox(key="eval_event_2016").value == 2019
    assert sorted(at.multiselect(key="eval_peers_county_14_fi").value) == ["12", "13"]
    assert _param(at, "compare") in ("13,12", "12,13")
