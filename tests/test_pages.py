"""Every registered page renders in AppTest: every language, the country, a county, a municipality,
and the smallest municipality of every county (the areas where small numbers are hidden)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from store.reference import region_rows
from tests.conftest import ROOT

PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/baseline.py",
    "pages/evaluation.py",
    "pages/lifecycle.py",
    "pages/costs.py",
    "pages/family_centres.py",
    "pages/survey.py",
    "pages/targets.py",
    "pages/absences.py",
    "pages/sources.py",
]
AREAS = [{}, {"county": "09"}, {"county": "14", "municipality": "167"}]
CHARTS = {
    "overview": 1,
    "map": 1,
    "baseline": 1,
    "evaluation": 2,
    "lifecycle": 0,
    "costs": 3,
    "family_centres": 0,
    "survey": 0,
    "targets": 0,
    "absences": 0,
    "sources": 0,
}


def smallest_municipalities() -> list[tuple[str, str]]:
    """(county, municipality) of the least populous municipality of each of the 23 county-level areas."""
    smallest: dict[str, dict] = {}
    for row in region_rows():
        if row["level"] == "municipality":
            best = smallest.get(row["county_code"])
            if best is None or row["population"] < best["population"]:
                smallest[row["county_code"]] = row
    return sorted((county, row["code"]) for county, row in smallest.items())


def shown(text: str) -> str:
    """What a reader sees of Markdown source that was escaped as plain text."""
    return re.sub(r"\\(.)", r"\1", text)


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


def _checked(at: AppTest, lang: str, page: str, has_area: bool) -> None:
    assert not at.exception, [e.message for e in at.exception]
    # the demo banner is shown on every page, in the page's language
    assert any(t("demo.banner", lang) == w.value for w in at.warning)
    name = page.removeprefix("pages/").removesuffix(".py")
    import json

    # the page's charts (titled inside); the key figures' sparklines are small charts of their own
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    charts = sum("title" in spec for spec in specs)
    assert all("title" in spec or spec.get("description") for spec in specs)  # every chart has a text
    expected = 0 if (name == "evaluation" and not has_area) else CHARTS[name]
    assert charts >= expected
    # every chart says what it shows (alt text) and where its numbers come from
    captions = [shown(cap.value) for cap in at.caption]
    assert sum(cap.startswith(t("common.source", lang, sources="")[:5]) for cap in captions) >= charts
    # no cell, label or value shows an internal None/nan
    texts = [m.value for m in at.metric] + [m.label for m in at.metric]
    for frame in at.dataframe:
        texts += [str(v) for v in frame.value.to_numpy().ravel()]
    assert not [x for x in texts if x in ("None", "nan", "NaN", "<NA>")]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("area", AREAS, ids=["country", "county", "municipality"])
def test_page_renders(app_env: str, lang: str, page: str, area: dict[str, str]) -> None:
    at = _run({"lang": lang, **area}, page)
    _checked(at, lang, page, bool(area))


@pytest.mark.parametrize(("county", "municipality"), smallest_municipalities())
def test_every_page_opens_for_the_smallest_municipality_of_each_county(
    app_env: str, county: str, municipality: str
) -> None:
    params = {"lang": "fi", "county": county, "municipality": municipality}
    for page in PAGES[:4]:
        at = _run(params, page)
        _checked(at, "fi", page, True)
        assert at.query_params["municipality"] in (municipality, [municipality])


@pytest.mark.parametrize(("county", "municipality"), smallest_municipalities()[::6])
def test_swedish_pages_for_a_sample_of_small_municipalities(app_env: str, county: str, municipality: str) -> None:
    for page in PAGES[:4]:
        _checked(_run({"lang": "sv", "county": county, "municipality": municipality}, page), "sv", page, True)


def test_smallest_municipalities_are_the_real_ones() -> None:
    pairs = dict(smallest_municipalities())
    assert len(pairs) == 23
    assert pairs["09"] == "081"  # Hartola in Päijät-Häme
    assert pairs["91"] == "766"  # Sottunga in Åland
    assert pairs["90"] == "091"  # Helsinki is its own county


def test_overview_title_names_the_area_in_swedish(app_env: str) -> None:
    at = _run({"lang": "sv", "county": "09"})
    assert shown(at.title[0].value) == "Översikt: Päijänne-Tavastlands välfärdsområde"
    assert at.selectbox(key="county_sv").label == "Välfärdsområde"


def test_municipality_from_link(app_env: str) -> None:
    at = _run({"lang": "fi", "county": "14", "municipality": "167"})
    assert shown(at.title[0].value) == "Yleiskuva: Joensuu"
    assert at.query_params["municipality"] == ["167"] or at.query_params["municipality"] == "167"


def _labels(at: AppTest) -> list[str]:
    texts = [e.value for e in (*at.title, *at.subheader)]
    texts += [w.label for w in (*at.selectbox, *at.metric)]
    texts += [e.label for e in at.expander]
    return [shown(x) for x in texts]


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
    metric = next(m for m in at.metric if shown(m.label).startswith("Kodin ulkopuolelle sijoitetut lapset"))
    assert metric.value == expected
    # the unit is written once, in the label
    assert shown(metric.label) == "Kodin ulkopuolelle sijoitetut lapset (/ 1 000 0–17-v.)"


def test_map_table_agrees_with_metrics_cli(app_env: str) -> None:
    import json
    import subprocess
    import sys

    at = _run({"lang": "fi", "county": "09", "indicator": "cw_urgent"}, "pages/map.py")
    assert not at.exception
    table = at.dataframe[0].value
    shown_values = dict(zip(table["Alue"], table["/ 1 000 0–17-v."], strict=True))
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
    assert len(shown_values) == len(cli) == 23
    for name, value in cli.items():
        assert shown_values[name] == (".." if value is None else f"{value:.1f}".replace(".", ","))
    # sorted by the shown name (Finnish order), the chosen county highlighted
    names = list(table["Alue"])
    assert names[:2] == ["Ahvenanmaa", "Etelä-Karjalan hyvinvointialue"]
    assert names[-2:] == ["Vantaan ja Keravan hyvinvointialue", "Varsinais-Suomen hyvinvointialue"]


def test_baseline_pain_points_are_only_where_the_area_is_worse(app_env: str) -> None:
    at = _run({"lang": "en", "county": "09"}, "pages/baseline.py")
    assert not at.exception
    assert shown(at.title[0].value) == "Baseline: Päijät-Häme wellbeing services county"
    pain = at.dataframe[0].value
    assert list(pain.columns) == [
        "Indicator",
        "Year",
        "Value",
        "Whole country",
        "Worse than the country by",
        "Gap (standard deviations)",
        "Rank (1 = best)",
    ]
    gaps = [float(g.replace(",", "")) for g in pain["Gap (standard deviations)"]]
    assert gaps == sorted(gaps, reverse=True)  # worst first
    assert all(g > 0 for g in gaps)  # never an indicator where the county is better


def test_evaluation_has_did_and_costs_for_a_municipality(app_env: str) -> None:
    at = _run({"lang": "sv", "county": "14", "municipality": "167"}, "pages/evaluation.py")
    assert not at.exception
    labels = [shown(m.label) for m in at.metric]
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
    at = _run({"lang": "fi", "county": "09", "municipality": "081", "indicator": "cw_placed"}, "pages/map.py")
    at.radio(key="map_level_fi").set_value("municipality").run()
    assert not at.exception
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    layers = [layer for s in specs for layer in s.get("layer", [s])]
    features = [f for layer in layers for f in layer.get("data", {}).get("values", []) if "geometry" in f]
    assert len(features) == 308 + 1  # every municipality, and Hartola once more as the outline
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    assert by_name["Lahti"]["label"] != ""
    hidden = [f for f in features if f["properties"]["klass"] == ".."]
    assert all(f["properties"]["label"] == ".." for f in hidden)
    table = at.dataframe[0].value
    assert len(table) == 308
