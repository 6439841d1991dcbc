"""Every registered page renders in AppTest, in every language, for the country, a county and a municipality."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from tests.conftest import ROOT

PAGES = ["pages/overview.py", "pages/map.py", "pages/baseline.py", "pages/evaluation.py", "pages/sources.py"]
AREAS = [{}, {"county": "09"}, {"county": "14", "municipality": "167"}]


def _run(params: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        for key, value in params.items():  # a shared link carries them to every page
            at.query_params[key] = value
        at.run()
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("area", AREAS, ids=["country", "county", "municipality"])
def test_page_renders(app_env: str, lang: str, page: str, area: dict[str, str]) -> None:
    at = _run({"lang": lang, **area}, page)
    assert not at.exception, at.exception
    # the demo banner is shown on every page, in the page's language
    assert any(t("demo.banner", lang) == w.value for w in at.warning)
    charts = len(at.get("vega_lite_chart"))
    expected = {"overview": 1, "map": 1, "baseline": 1, "evaluation": 0 if not area else 2, "sources": 0}
    assert charts >= expected[page.removeprefix("pages/").removesuffix(".py")]
    # every chart says what it shows (alt text) and where its numbers come from
    captions = [cap.value for cap in at.caption]
    assert sum(cap.startswith(t("common.source", lang, sources="")[:5]) for cap in captions) >= charts


def test_overview_title_names_the_area_in_swedish(app_env: str) -> None:
    at = _run({"lang": "sv", "county": "09"})
    assert at.title[0].value == "Översikt: Päijänne-Tavastlands välfärdsområde"
    assert at.selectbox(key="county_sv").label == "Välfärdsområde"


def test_municipality_from_link(app_env: str) -> None:
    at = _run({"lang": "fi", "county": "14", "municipality": "167"})
    assert at.title[0].value == "Yleiskuva: Joensuu"
    assert at.query_params["municipality"] == ["167"] or at.query_params["municipality"] == "167"


def _labels(at: AppTest) -> list[str]:
    texts = [e.value for e in (*at.title, *at.subheader)]
    texts += [w.label for w in (*at.selectbox, *at.metric)]
    texts += [e.label for e in at.expander]
    return texts


def test_swedish_changes_every_label(app_env: str) -> None:
    """A link with lang=sv opens with no Finnish label left (AppTest keeps no widget state
    across reruns with st.navigation, so the switch itself is checked in the browser test)."""
    fi = _labels(_run({"lang": "fi", "county": "09"}))
    sv = _labels(_run({"lang": "sv", "county": "09"}))
    assert len(fi) == len(sv) > 10
    same = [(a, b) for a, b in zip(fi, sv, strict=True) if a == b]
    assert same == []
    assert sv[0] == "Översikt: Päijänne-Tavastlands välfärdsområde"


def test_country_key_figure_in_finnish_format(app_env: str, demo_engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with demo_engine.connect() as conn:
        placed, kids = conn.execute(
            text(
                "SELECT a.value, b.value FROM observations a JOIN observations b ON b.region_level=a.region_level "
                "AND b.region_code=a.region_code AND b.year=a.year AND b.sex=a.sex AND b.indicator_code='pop_0_17' "
                "WHERE a.indicator_code='cw_placed' AND a.region_level='country' AND a.year=2025 AND a.sex='total'"
            )
        ).one()
    expected = f"{placed / kids * 1000:.1f}".replace(".", ",")
    at = _run({"lang": "fi"})
    metric = next(m for m in at.metric if m.label.startswith("Kodin ulkopuolelle sijoitetut lapset"))
    assert metric.value == expected


def test_map_table_agrees_with_metrics_cli(app_env: str) -> None:
    import json
    import subprocess
    import sys

    at = _run({"lang": "fi", "county": "09", "indicator": "cw_urgent"}, "pages/map.py")
    assert not at.exception
    table = at.dataframe[0].value
    shown = dict(zip(table["Alue"], table["/ 1 000 0–17-v."], strict=True))
    env = {"LAPE_DB_URL": app_env, "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "metrics", "table", "cw_urgent", "--level", "county", "--year", "2025"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    cli = {r["region_name"]: r["value"] for r in json.loads(proc.stdout)}
    assert len(shown) == len(cli) == 23
    for name, value in cli.items():
        assert shown[name] == (".." if value is None else f"{value:.1f}".replace(".", ","))


def test_baseline_lists_pain_points_for_paijat_hame(app_env: str) -> None:
    at = _run({"lang": "en", "county": "09"}, "pages/baseline.py")
    assert not at.exception
    assert at.title[0].value == "Baseline: Päijät-Häme wellbeing services county"
    pain = at.dataframe[0].value
    assert list(pain.columns) == [
        "Indicator",
        "Year",
        "Value",
        "Whole country",
        "Gap (standard deviations)",
        "Rank (1 = best)",
    ]
    gaps = [float(g.replace(",", "")) for g in pain["Gap (standard deviations)"]]
    assert gaps == sorted(gaps, reverse=True)  # worst first


def test_evaluation_has_did_and_costs_for_a_municipality(app_env: str) -> None:
    at = _run({"lang": "sv", "county": "14", "municipality": "167"}, "pages/evaluation.py")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Skillnad i skillnader (difference-in-differences)" in labels
    assert "Förebyggande tjänsters andel av kostnaderna, %" in labels


def test_map_switches_to_municipalities_after_loading_boundaries(
    demo_db: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Done-means of the map: load an official file, switch to municipalities, see a choropleth."""
    import json
    import shutil

    from geo.boundaries import load_boundaries
    from store.engine import make_engine
    from store.queries import regions_frame
    from tests.conftest import shared_path

    boundary = shared_path("data", "fi-boundaries-nls-4500k", "kuntarajat.2023.json")
    db = tmp_path / "geo.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    load_boundaries(engine, boundary, regions_frame(engine))
    engine.dispose()
    monkeypatch.setenv("LAPE_DB_URL", f"sqlite:///{db}")
    monkeypatch.chdir(ROOT)
    at = _run({"lang": "fi", "county": "09", "indicator": "cw_placed"}, "pages/map.py")
    at.radio(key="map_level_fi").set_value("municipality").run()
    assert not at.exception
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    features = [f for s in specs for f in s.get("data", {}).get("values", []) if "geometry" in f]
    assert len(features) == 308
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    assert by_name["Lahti"]["label"] != ""
    hidden = [f for f in features if f["properties"]["klass"] == ".."]
    assert all(f["properties"]["label"] == ".." for f in hidden)
    table = at.dataframe[0].value
    assert len(table) == 308
