"""The lifecycle view for every area (the demo's episodes are Pohjois-Karjala's), its protection, and the
page in AppTest in all three languages."""

from __future__ import annotations

from typing import Any

import pandas as pd
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


def outsider_findings(ctx: Context) -> tuple[list[tuple[str, str, str, int]], list[Any], int]:
    """(leaks, wrong inferences, hidden cells seen) of the outsider who reads every count the lifecycle page
    shows for every area (episodes and ongoing ones per service, active and new clients per service and
    year, the first services of placed families, the episodes ended with a follow-up), adds what follows
    inside a table (all episodes minus the ongoing ones are the ended ones), and solves the published totals
    (municipalities to their county and region, counties and regions to the country)."""
    from tests.views.outsider import Outsider, parse_number
    from tests.views.test_disclosure_attack import totals_of
    from tests.views.test_every_area import areas

    outsider = Outsider(totals_of(ctx))
    t = ctx.t
    service_of = {t(f"service.{s}"): s for s in lc.SERVICES}
    for level, code in areas(ctx):
        view = lc.lifecycle(ctx, level, code)
        if view.empty:
            continue
        assert view.durations is not None and view.yearly is not None
        assert view.first_service is not None and view.reentry is not None
        for _, row in view.durations.frame.iterrows():
            service = service_of[row[t("lifecycle.col.service")]]
            episodes = parse_number(row[t("lifecycle.col.episodes")])
            ongoing = parse_number(row[t("lifecycle.col.ongoing")])
            outsider.see_count((f"ongoing:{service}", level, code, 0), ongoing)
            ended = None if episodes is None or ongoing is None else episodes - ongoing
            outsider.see_count((f"ended:{service}", level, code, 0), ended)
        for _, row in view.yearly.frame.iterrows():
            service = service_of[row[t("lifecycle.col.service")]]
            year = int(row[t("col.year")])
            for measure in ("active", "new"):
                value = parse_number(row[t(f"lifecycle.col.{measure}")])
                outsider.see_count((f"{measure}:{service}", level, code, year), value)
        for _, row in view.first_service.frame.iterrows():
            service = service_of[row[t("lifecycle.col.first_service")]]
            value = parse_number(row[t("lifecycle.col.families")])
            outsider.see_count((f"first:{service}", level, code, 0), value)
        if view.combinations is not None:  # listed combinations (the commonest, from the threshold up)
            for _, row in view.combinations.frame.iterrows():
                key = sorted(service_of[name] for name in row[t("lifecycle.col.combination")].split(" + "))
                value = parse_number(row[t("lifecycle.col.families")])
                outsider.see_count(("combo:" + "+".join(key), level, code, 0), value)
        for _, row in view.reentry.frame.iterrows():
            service = service_of[row[t("lifecycle.col.service")]]
            outsider.see_count((f"reended:{service}", level, code, 0), parse_number(row[t("lifecycle.col.ended")]))
    known = outsider.work_out()
    truth = {
        (cell, lv, cd, 0): v for (lv, cd, cell), (v, _h) in lc._counts(ctx.url, ctx.version, ctx.threshold).items()
    }
    yearly = lc._yearly(ctx.url, ctx.version, ctx.threshold)
    for m, s, y, lv, cd, v in yearly[["measure", "service", "year", "region_level", "region_code", "value"]].itertuples(
        index=False
    ):
        truth[(f"{m}:{s}", str(lv), str(cd), int(y))] = float(v)
    hidden = outsider.seen_hidden
    leaks = sorted(c for c in hidden if c in known and c in truth and known[c] == truth[c])
    wrong = [(c, v, truth[c]) for c, v in known.items() if c in truth and c not in hidden and v != truth[c]]
    return leaks, wrong, len(hidden)


def test_the_outsider_cannot_work_out_a_hidden_lifecycle_count(ctx: Context) -> None:
    leaks, wrong, hidden = outsider_findings(ctx)
    assert hidden > 20  # there are targets: small municipalities' counts
    assert leaks == []
    assert wrong == []  # the outsider reads the page right


def test_control_the_outsider_finds_counts_hidden_only_for_their_own_sake(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same outsider against the page as it was: each count hidden only when small itself."""
    from metrics.suppression import primary_mask

    def own_sake_only(cells: pd.DataFrame, links: object, k: int, primary: pd.Series | None = None) -> pd.DataFrame:
        first = primary_mask(cells, k) if primary is None else primary
        return pd.DataFrame({"suppressed": first.to_numpy(dtype=bool)})

    monkeypatch.setattr(lc, "disclosure_pattern", own_sake_only)
    lc.clear_caches()
    try:
        leaks, _wrong, _hidden = outsider_findings(ctx)
    finally:
        monkeypatch.undo()
        lc.clear_caches()
    assert {c[0].split(":")[0] for c in leaks} >= {"first"}  # e.g. a municipality's placed families
