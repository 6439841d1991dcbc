"""The lifecycle view for every area (the demo's episodes are Pohjois-Karjala's), its protection, and the
page in AppTest in all three languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from store.reference import region_rows
from tests.conftest import ROOT
from views import lifecycle as lc
from views.context import Context

NORTH_KARELIA = sorted(r["code"] for r in region_rows() if r["level"] == "municipality" and r["county_code"] == "14")
NK_REGIONS = {r["region_code"] for r in region_rows() if r["level"] == "municipality" and r["county_code"] == "14"}


def areas() -> list[tuple[str, str]]:
    rows = region_rows()
    return [("country", "SSS")] + [(r["level"], r["code"]) for r in rows if r["level"] != "country"]


def test_every_area_gets_a_view_and_only_north_karelia_has_episodes(ctx: Context) -> None:
    with_data = 0
    for level, code in areas():
        view = lc.lifecycle(ctx, level, code)
        inside = (
            level == "country"
            or (level, code) == ("county", "14")
            or (level == "municipality" and code in NORTH_KARELIA)
            or (level == "region" and code in NK_REGIONS)
        )
        if not inside:
            assert view.empty == ctx.t("lifecycle.no_data_area"), (level, code)
            continue
        assert not view.empty, (level, code)
        with_data += 1
        for table in (view.durations, view.yearly, view.first_service, view.reentry):
            assert table is not None
            cells = [str(v) for v in table.frame.to_numpy().ravel()]
            assert not [c for c in cells if c in ("None", "nan", "NaN", "<NA>")], (level, code)
    assert with_data == 1 + 1 + len(NK_REGIONS) + len(NORTH_KARELIA)  # the country, the county, region, municipalities


def test_client_counts_are_protected_over_the_hierarchy(ctx: Context) -> None:
    """No published total has exactly one hidden part among its municipalities (differencing)."""
    cells = lc._yearly(ctx.url, ctx.version, ctx.threshold)
    munis = cells[cells["region_level"] == "municipality"]
    small = munis[(munis["value"] > 0) & (munis["value"] < ctx.threshold)]
    assert len(small) and small["suppressed"].all()  # the small counts are hidden
    county = cells[(cells["region_level"] == "county") & (cells["region_code"] == "14")]
    for row in county.itertuples():
        parts = munis[
            (munis["measure"] == row.measure) & (munis["service"] == row.service) & (munis["year"] == row.year)
        ]
        hidden = int(parts["suppressed"].sum())
        assert row.suppressed or hidden != 1, (row.measure, row.service, row.year)


def test_durations_are_kaplan_meier_medians_with_ongoing_censored(ctx: Context) -> None:
    from metrics.lifecycle import durations, kaplan_meier

    view = lc.lifecycle(ctx, "county", "14")
    frame = lc.in_area(ctx, lc.episodes(ctx), "county", "14")
    placements = frame[frame["service"] == "cw_placement"]
    spans = durations(placements, lc.censor_date(lc.episodes(ctx)))
    est = kaplan_meier(spans["days"], spans["ended"])
    assert view.durations is not None
    row = view.durations.frame[view.durations.frame[ctx.t("lifecycle.col.service")] == ctx.t("service.cw_placement")]
    assert row[ctx.t("lifecycle.col.median")].iloc[0] == ctx.fmt(est.median, 0)
    naive = spans.loc[spans["ended"], "days"].median()
    assert est.median is not None and est.median > naive  # ignoring the ongoing ones would understate it


def _open(lang: str, county: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": lang, "county": county}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/lifecycle.py")
    at.query_params["lang"] = lang
    at.query_params["county"] = county
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_lifecycle_page_in_every_language(app_env: str, lang: str) -> None:
    at = _open(lang, "14")
    assert at.title[0].value.replace("\\", "").startswith(t("lifecycle.title", lang, area="")[:8])
    assert len(at.get("vega_lite_chart")) >= 2  # the curves and the combinations
    assert len(at.dataframe) >= 3
    # another county: no episodes there, the page says so
    at = _open(lang, "09")
    assert any(t("lifecycle.no_data_area", lang) in i.value.replace("\\", "") for i in at.info), [
        i.value for i in at.info
    ]
