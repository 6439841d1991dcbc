"""Any sequence of ingest, replace and rollback leaves a startable app: never a traceback, never demo
and real numbers mixed, and rolling back every upload brings the demo back (or, with LAPE_SEED_DEMO=0,
an empty store that opens on its 'no data yet' page)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from data_loaders.demo import seed_demo
from data_loaders.ingest import ingest_bytes
from data_loaders.setup import ensure_ready
from i18n import t
from store.engine import make_engine
from store.schema import observations, uploads
from store.uploads import UploadRefused, rollback_upload
from tests.conftest import ROOT
from views import overview as overview_view
from views.context import open_context

MUNICIPALITIES = ("091", "049", "092", "837", "564")


def file_bytes(rng: random.Random) -> bytes:
    """A small long-format file: some municipalities, an indicator, a year (keys overlap across files)."""
    rows = ["kunta;indikaattori;vuosi;arvo"]
    for code in rng.sample(MUNICIPALITIES, rng.randint(1, 3)):
        rows.append(
            f"{code};{rng.choice(['cw_placed', 'family_work'])};{rng.choice([2023, 2024])};{rng.randint(5, 900)}"
        )
    return ("\n".join(dict.fromkeys(rows)) + "\n").encode()


def live(engine: Engine) -> dict[str, int]:
    """Live rows by the kind of upload that owns them."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(uploads.c.format, func.count())
            .select_from(observations.join(uploads, observations.c.upload_id == uploads.c.id))
            .group_by(uploads.c.format)
        ).all()
    return {("demo" if fmt == "demo" else "real"): n for fmt, n in rows}


def check_startable(engine: Engine, url: str, demo_rows: int) -> None:
    ensure_ready(engine)  # what `init` and the app do on start: must never raise
    kinds = live(engine)
    assert not ("demo" in kinds and "real" in kinds), kinds  # never mixed
    if "real" not in kinds:
        assert kinds.get("demo") == demo_rows  # all of it back, nothing else
    ctx = open_context("fi", url)
    view = overview_view.overview(ctx, "county", "01")
    assert view.title


@pytest.mark.parametrize("seed", range(6))
def test_random_sequences_leave_a_startable_app(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    url = f"sqlite:///{tmp_path / 'seq.sqlite'}"
    engine = make_engine(url)
    seed_demo(engine, "small")
    demo_rows = live(engine)["demo"]
    accepted: list[int] = []
    for step in range(14):
        op = rng.choice(["ingest", "replace", "replace", "rollback", "rollback"])
        if op in ("ingest", "replace"):
            result = ingest_bytes(engine, file_bytes(rng), f"f{step}.csv", replace=op == "replace")
            assert result.ok or result.report.errors  # accepted, or refused with a report
            if result.ok and result.upload_id:
                accepted.append(result.upload_id)
        else:
            with engine.connect() as conn:
                ids = list(conn.execute(select(uploads.c.id)).scalars())
            try:
                rollback_upload(engine, rng.choice(ids))
            except UploadRefused as exc:
                assert exc.key in ("err.rollback-superseded", "err.already-rolled-back")
        check_startable(engine, url, demo_rows)
    # roll back every real upload, newest first: the demo is back, exactly
    for upload_id in reversed(accepted):
        try:
            rollback_upload(engine, upload_id)
        except UploadRefused as exc:
            assert exc.key == "err.already-rolled-back"
    ensure_ready(engine)  # the next start (a demo rolled back on the way is seeded again, at its scale)
    assert live(engine) == {"demo": demo_rows}
    check_startable(engine, url, demo_rows)
    engine.dispose()


def test_an_emptied_store_opens_on_the_no_data_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    engine = make_engine(url)
    seed_demo(engine, "small")
    rollback_upload(engine, 1)  # the demo itself rolled back: nothing left
    engine.dispose()
    monkeypatch.setenv("LAPE_DB_URL", url)
    monkeypatch.setenv("LAPE_SEED_DEMO", "0")
    monkeypatch.chdir(ROOT)
    for page in ("pages/overview.py", "pages/map.py", "pages/baseline.py", "pages/evaluation.py", "pages/sources.py"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["county"] = "09"
        at.run()
        at.switch_page(page)
        at.query_params["county"] = "09"
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert [i.value for i in at.info] == [t("common.no_data_yet", "fi")], page
