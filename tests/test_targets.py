"""Shared targets: set in the app (an uploader of that county, or an admin) or from a file, progress against
the path, the target line on the overview and evaluation charts, every version kept (who, when), a
rollback bringing the earlier one back; the page in AppTest in three languages."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.ingest import ingest_bytes
from i18n import t
from metrics.targets import progress
from store.engine import init_db, make_engine
from store.uploads import rollback_upload
from store.users import add_user
from tests.conftest import ROOT
from tests.test_upload_pages import PASSWORD
from views.access import Identity
from views.context import Context, forget_engines, open_context
from views.evaluation import evaluation
from views.gate import values
from views.overview import overview_trend
from views.targets import TargetError, set_target, targets_view

PAIVI = Identity("paivi", "uploader", ("09",))


@pytest.fixture()
def store(demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A writable copy of the demo store with an uploader for Päijät-Häme and one for Pohjois-Karjala."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("LAPE_DB_URL", url)
    monkeypatch.chdir(ROOT)
    engine = make_engine(url)
    init_db(engine)
    add_user(engine, "paivi", PASSWORD, "uploader", ["09"])
    add_user(engine, "kalle", PASSWORD, "uploader", ["14"])
    engine.dispose()
    yield url
    forget_engines()


def shown(ctx: Context, level: str, code: str) -> tuple[float, pd.DataFrame]:
    rows = values(ctx, ["cw_urgent"], areas=[(level, code)])
    series = pd.DataFrame({"year": rows["year"], "value": rows["shown"], "hidden": rows["suppressed"]})
    return float(rows.loc[rows["year"] == 2022, "shown"].iloc[0]), series


def test_urgent_placements_down_20_percent_by_2027_from_2022(store: str) -> None:
    """Done means: the target is set, listed with its status, and drawn on the overview and evaluation
    charts as the straight path 2022 → 2027."""
    ctx = open_context("fi", store)
    base, series = shown(ctx, "county", "09")
    target = round(base * 0.8, 2)
    upload = set_target(ctx, PAIVI, "cw_urgent", "county", "09", 2022, base, 2027, target, "yhteinen tavoite")
    ctx = open_context("fi", store)
    view = targets_view(ctx, "county", "09")
    expected = progress(2022, base, 2027, target, -1, series)
    assert expected.status in ("behind", "on_track") and view.statuses == {"cw_urgent": expected.status}
    row = view.table.frame.iloc[0]
    assert row[t("targets.col.status", "fi")] == t(f"targets.status.{expected.status}", "fi")
    assert row[t("targets.col.set_by", "fi")] == "paivi"
    for chart in (
        overview_trend(ctx, "county", "09", "cw_urgent").spec,
        evaluation(ctx, "county", "09", "cw_urgent", 2019, 2022, ()).trend.spec,
    ):
        points = [p for rows in chart["datasets"].values() for p in rows if p.get("series") == "Tavoite"]
        assert [p["year"] for p in points] == list(range(2022, 2028))
        assert points[0]["shown"] == round(base, 1) and points[-1]["shown"] == round(target, 1)
    with sqlite3.connect(store.removeprefix("sqlite:///")) as conn:
        assert conn.execute("SELECT format, uploaded_by FROM uploads WHERE id = ?", (upload,)).fetchone() == (
            "targets", "paivi",
        )  # fmt: skip


def test_an_uploader_sets_targets_only_for_their_county(store: str) -> None:
    ctx = open_context("fi", store)
    with pytest.raises(TargetError) as refused:
        set_target(ctx, PAIVI, "cw_urgent", "county", "14", 2022, 4.0, 2027, 3.2)
    assert refused.value.key == "err.target-scope"
    with pytest.raises(TargetError):
        set_target(ctx, PAIVI, "cw_urgent", "municipality", "398", 2025, 4.0, 2024, 3.2)  # target before baseline
    assert targets_view(open_context("fi", store), "county", "14").statuses == {}


def test_a_changed_target_keeps_its_history_and_a_rollback_brings_it_back(store: str) -> None:
    ctx = open_context("fi", store)
    first = set_target(ctx, PAIVI, "cw_urgent", "municipality", "398", 2022, 5.0, 2027, 4.0)
    second = set_target(open_context("fi", store), PAIVI, "cw_urgent", "municipality", "398", 2022, 5.0, 2027, 3.5)
    view = targets_view(open_context("fi", store), "municipality", "398")
    assert view.table.frame[t("targets.col.target", "fi")].tolist() == ["2027: 3,5"]
    history = view.history.frame
    assert history[t("targets.col.target", "fi")].tolist() == ["2027: 3,50", "2027: 4,00"]
    assert history[t("targets.col.version", "fi")].tolist() == [
        t("targets.version.live", "fi"),
        t("targets.version.replaced", "fi", upload=second),
    ]
    assert set(history[t("col.user", "fi")]) == {"paivi"}
    rollback_upload(make_engine(store), second)
    view = targets_view(open_context("fi", store), "municipality", "398")
    assert view.table.frame[t("targets.col.target", "fi")].tolist() == ["2027: 4,0"]
    assert view.history.frame[t("col.upload", "fi")].tolist() == [str(first)]


TARGETS = (
    "indikaattori;alue;lähtövuosi;lähtöarvo;tavoitevuosi;tavoitearvo;asettaja;huomio\n"
    "cw_urgent;Päijät-Häme;2022;4,3;2027;3,44;Päijät-Hämeen LAPE-ryhmä;-20 %\n"
    "Perhetyön asiakasperheet;Lahti;2021;20;2026;30;;\n"
)


def test_targets_from_a_file_and_a_repeat_refused(store: str) -> None:
    engine = make_engine(store)
    result = ingest_bytes(engine, TARGETS.encode(), "tavoitteet.csv")
    assert result.ok and result.format == "targets" and result.rows_accepted == 2, result.report.errors
    with sqlite3.connect(store.removeprefix("sqlite:///")) as conn:
        rows = conn.execute(
            "SELECT indicator_code, region_level, region_code, baseline_value, target_value, set_by FROM targets"
        ).fetchall()
    assert rows == [
        ("cw_urgent", "county", "09", 4.3, 3.44, "Päijät-Hämeen LAPE-ryhmä"),
        ("family_work", "municipality", "398", 20.0, 30.0, ""),
    ]
    again = ingest_bytes(engine, TARGETS.encode(), "tavoitteet.csv")
    assert not again.ok and [e.key for e in again.report.errors] == ["err.target-duplicate"]
    bad = TARGETS.replace("2027;3,44", "2020;3,44").replace("Lahti", "Atlantis")
    refused = ingest_bytes(engine, bad.encode(), "b.csv", replace=True)
    assert [(e.key, e.row) for e in refused.report.errors] == [("err.target-years", 2), ("err.target-area", 3)]


def _page(lang: str, who: Identity | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": lang, "county": "09"}.items():
        at.query_params[key] = value
    if who is not None:  # signed in (the sign-in itself is tested in tests/test_users.py)
        at.session_state["identity"] = who
    at.run()
    at.switch_page("pages/targets.py")
    for key, value in {"lang": lang, "county": "09"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_targets_page_in_every_language(store: str, lang: str) -> None:
    set_target(open_context("fi", store), PAIVI, "cw_urgent", "county", "09", 2022, 4.3, 2027, 3.44)
    at = _page(lang)
    table = at.dataframe[0].value
    assert table[t("targets.col.status", lang)].iloc[0] in {t(f"targets.status.{s}", lang) for s in
                                                            ("behind", "on_track", "reached")}  # fmt: skip
    assert not [e for e in at.expander if e.label == t("targets.form", lang)]  # the form is not for visitors


# Setting a target through the form is tested in the browser (tests/browser/test_targets_browser.py).
