"""Project workers in the app (AppTest): log in, upload a broken file and a good one, answer what a file
leaves open, see the comparison, replace after confirming, roll back; and everyone else refused, by the
page and by the functions that write, however they are reached."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from store.engine import init_db, make_engine
from store.users import add_user
from tests.conftest import ROOT
from tests.test_pages import shown
from views.access import Forbidden, Identity
from views.context import forget_engines, open_context
from views.map import load_boundary_file
from views.upload import Answers, check_file, commit
from views.uploads import rollback, rollback_effect

PASSWORD = "salasana-1234"
BROKEN = b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2024;12\n111;cw_placed;20x4;5\n"
NO_YEAR = b"kunta;indikaattori;arvo\n098;cw_placed;12\n111;cw_placed;25\n"  # Hollola, Heinola (Paijat-Hame)
CORRECTED = b"kunta;indikaattori;arvo\n098;cw_placed;14\n111;cw_placed;25\n"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "app.sqlite"
    monkeypatch.setenv("LAPE_DB_URL", f"sqlite:///{db}")
    monkeypatch.setenv("LAPE_SEED_DEMO", "0")
    monkeypatch.chdir(ROOT)
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    add_user(engine, "paivi", PASSWORD, "uploader", ["09"])
    add_user(engine, "kalle", PASSWORD, "uploader", ["14"])
    add_user(engine, "ville", PASSWORD, "viewer")
    add_user(engine, "admin", PASSWORD, "admin")
    engine.dispose()
    yield db
    forget_engines()


def fresh(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def logged_in(user: str | None, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if user is not None:
        at.switch_page("pages/login.py")
        at.run()
        at.text_input(key="login_user").input(user)
        at.text_input(key="login_password").input(password)
        at.button[0].click()
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_uploader_uploads_answers_replaces_and_rolls_back(store: Path) -> None:
    at = open_page(logged_in("paivi"), "pages/upload.py")
    assert at.session_state["identity"] == Identity("paivi", "uploader", ("09",))
    # a broken file: the report names row 3, column C, and nothing is written
    at.file_uploader(key="upload_files").set_value(("rikki.csv", BROKEN, "text/csv"))
    at.run()
    report = at.dataframe[0].value
    assert report[t("upload.col.row", "fi")].tolist() == ["3"]
    assert report[t("upload.col.column", "fi")].tolist() == ["C"]
    assert "'20x4'" in report[t("upload.col.message", "fi")].iloc[0]
    assert t("upload.not_ok", "fi") in [e.value for e in at.error]
    assert fresh(store, "SELECT count(*) FROM observations") == [(0,)]
    # a file without a year: the page asks, the answer makes it good, saving writes both rows
    at.file_uploader(key="upload_files").set_value(("kunnat.csv", NO_YEAR, "text/csv"))
    at.run()
    question = [n for n in at.number_input if n.label == t("upload.q.year", "fi")]
    assert len(question) == 1
    question[0].set_value(2024)
    at.run()
    assert t("upload.ok", "fi", rows="2") in [s.value for s in at.success]
    assert [m.value for m in at.metric][:3] == ["2", "0", "0"]  # new, changed, unchanged
    save = [b for b in at.button if b.label == t("upload.save", "fi")]
    save[0].click()
    at.run()
    assert not at.exception
    assert fresh(store, "SELECT region_code, year, value FROM observations ORDER BY 1") == [
        ("098", 2024, 12.0),
        ("111", 2024, 25.0),
    ]
    first = fresh(store, "SELECT max(id) FROM uploads")[0][0]
    # a corrected file: one value changes; saving needs the confirmation that shows what is replaced
    at.file_uploader(key="upload_files").set_value(("korjattu.csv", CORRECTED, "text/csv"))
    at.run()
    question = [n for n in at.number_input if n.label == t("upload.q.year", "fi")]
    question[0].set_value(2024)
    at.run()
    assert [m.value for m in at.metric][:3] == ["0", "1", "1"]
    warning = [w.value for w in at.warning if w.value.startswith("Tiedosto korvaa")]
    assert warning == [t("upload.replace.what", "fi", n="2", uploads=str(first))]
    blocked = next(b for b in at.button if b.label == t("upload.save", "fi"))
    assert blocked.disabled  # not before the confirmation
    confirm = next(c for c in at.checkbox if c.label == t("upload.replace.confirm", "fi"))
    confirm.check()
    at.run()
    next(b for b in at.button if b.label == t("upload.save", "fi")).click()
    at.run()
    assert fresh(store, "SELECT region_code, value FROM observations ORDER BY 1") == [("098", 14.0), ("111", 25.0)]
    second = fresh(store, "SELECT max(id) FROM uploads")[0][0]
    # the history page: the effect is shown, then the rollback brings the first values back
    open_page(at, "pages/uploads.py")
    history = at.dataframe[0].value
    assert history[t("col.upload", "fi")].tolist() == [second, first]
    assert history[t("uploads.col.replaced", "fi")].tolist() == [str(first), ""]
    at.selectbox(key="rb_choice").select(second)
    at.run()
    assert t("uploads.effect", "fi", upload_id=second, removed="2", restored="2") in [
        shown(w.value) for w in at.warning
    ]
    at.checkbox(key=f"rb_confirm_{second}").check()
    at.run()
    at.button(key=f"rb_do_{second}").click()
    at.run()
    assert fresh(store, "SELECT region_code, value FROM observations ORDER BY 1") == [("098", 12.0), ("111", 25.0)]
    at.selectbox(key="rb_choice").select(first)
    at.run()
    at.checkbox(key=f"rb_confirm_{first}").check()
    at.run()
    at.button(key=f"rb_do_{first}").click()
    at.run()
    assert fresh(store, "SELECT count(*) FROM observations") == [(0,)]
    actions = [a for (a,) in fresh(store, "SELECT action FROM audit_log WHERE actor = 'paivi' ORDER BY id")]
    assert actions == ["login", "upload", "replace", "rollback", "rollback"]


@pytest.mark.parametrize("user", [None, "ville"])
def test_viewers_and_visitors_cannot_reach_the_upload_pages(store: Path, user: str | None) -> None:
    """Typing the address: a visitor gets the default page (the pages are not registered for them), a
    viewer the page's refusal; neither sees an uploader or anything of the history or the log."""
    at = logged_in(user)
    for page in ("pages/upload.py", "pages/uploads.py", "pages/admin.py"):
        if user is None:  # not registered for a visitor: there is no such page to open
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page)
            continue
        at = open_page(at, page)
        assert not at.file_uploader
        assert not at.dataframe
        if user is not None:
            assert t("auth.forbidden", "fi", role=t("role.viewer", "fi")) in [e.value for e in at.error]


def test_the_writing_functions_refuse_whoever_may_not(store: Path) -> None:
    ctx = open_context("fi")
    paivi = Identity("paivi", "uploader", ("09",))
    kalle = Identity("kalle", "uploader", ("14",))
    viewer = Identity("ville", "viewer")
    for who in (None, viewer):
        with pytest.raises(Forbidden):
            check_file(ctx, who, NO_YEAR, "x.csv", Answers(year=2024))
        with pytest.raises(Forbidden):
            commit(ctx, who, NO_YEAR, "x.csv", Answers(year=2024), replace=False)
    # an identity whose account was removed, or whose role is claimed, is re-read from the users table
    with pytest.raises(Forbidden):
        commit(ctx, Identity("ville", "admin"), NO_YEAR, "x.csv", Answers(year=2024), replace=False)
    other = commit(ctx, kalle, NO_YEAR, "x.csv", Answers(year=2024), replace=False)
    assert not other.ok and other.report.iloc[0][t("upload.col.type", "fi")] == "forbidden"
    assert fresh(store, "SELECT count(*) FROM observations") == [(0,)]
    done = commit(ctx, paivi, NO_YEAR, "x.csv", Answers(year=2024), replace=False)
    assert done.ok and done.upload_id is not None
    effect = rollback_effect(ctx, kalle, done.upload_id)
    assert not effect.allowed
    ok, _message = rollback(ctx, kalle, done.upload_id)
    assert not ok
    with pytest.raises(Forbidden):
        rollback(ctx, viewer, done.upload_id)
    assert fresh(store, "SELECT count(*) FROM observations") == [(2,)]
    for who in (None, viewer, paivi):
        ok, message = load_boundary_file(ctx, who, b"{}", "rajat.geojson", None)
        assert not ok and message in (
            t("auth.login-needed", "fi"),
            t("auth.forbidden", "fi", role=who.role if who else ""),
        )
    assert fresh(store, "SELECT count(*) FROM geo_layers") == [(0,)]
    refused = fresh(store, "SELECT actor, target FROM audit_log WHERE action = 'refused' ORDER BY id")
    assert ("ville", "upload") in refused and ("paivi", "boundaries") in refused


def test_a_session_ends_after_inactivity(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPE_SESSION_MINUTES", "1")
    at = open_page(logged_in("paivi"), "pages/upload.py")
    assert at.file_uploader
    at.session_state["last_seen"] = time.time() - 120
    at.run()
    assert "identity" not in at.session_state
    assert t("auth.login-needed", "fi") in [e.value for e in at.error]
    assert fresh(store, "SELECT action FROM audit_log WHERE actor = 'paivi' ORDER BY id DESC LIMIT 1") == [
        ("session-expired",)
    ]


def test_a_removed_account_is_signed_out_on_its_next_rerun(store: Path) -> None:
    from store.users import remove_user

    at = open_page(logged_in("paivi"), "pages/upload.py")
    remove_user(make_engine(f"sqlite:///{store}"), "paivi", actor="admin")
    at.run()
    assert "identity" not in at.session_state
    assert not at.file_uploader


def test_login_is_throttled_in_the_app(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPE_LOGIN_MAX_FAILURES", "2")
    at = logged_in("paivi", "väärä")
    assert t("auth.failed", "fi") in [e.value for e in at.error]
    at.text_input(key="login_password").input("väärä taas")
    at.button[0].click()
    at.run()
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click()
    at.run()
    assert t("auth.throttled", "fi") in [e.value for e in at.error]
    assert "identity" not in at.session_state


def test_the_admin_sees_the_audit_log_without_secrets(store: Path) -> None:
    at = open_page(logged_in("admin"), "pages/admin.py")
    log = at.dataframe[0].value
    actions = log[t("audit.col.action", "fi")].tolist()
    assert t("audit.action.login", "fi") in actions and t("audit.action.user-add", "fi") in actions
    assert not any(PASSWORD in str(v) for v in log.to_numpy().ravel())
    users = at.dataframe[1].value
    assert sorted(users[t("users.col.name", "fi")]) == ["admin", "kalle", "paivi", "ville"]


def test_a_filled_template_uploads_with_no_questions_asked(store: Path, tmp_path: Path) -> None:
    """The admin's command line writes a template for Päijät-Häme; filled in part, it uploads as is."""
    import io
    import os
    import subprocess
    import sys

    from openpyxl import load_workbook

    path = tmp_path / "pohja.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "data_loaders", "template", str(path), "--indicators", "cw_placed,family_work",
         "--counties", "09", "--year", "2025"],
        capture_output=True, text=True, cwd=ROOT, env=dict(os.environ),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    wb = load_workbook(path)
    data = wb["Tiedot"]
    rows = [[c.value for c in r] for r in data.iter_rows(min_row=2, max_col=3) if r[0].value]
    assert len(rows) == 10 * 2  # ten municipalities × two indicators, year filled in
    assert rows[0] == ["016 Asikkala", "cw_placed", 2025]
    data["F2"] = 7  # Asikkala, placed children
    data["F3"] = 31  # Asikkala, family work
    buf = io.BytesIO()
    wb.save(buf)
    ctx = open_context("fi")
    paivi = Identity("paivi", "uploader", ("09",))
    check = check_file(ctx, paivi, buf.getvalue(), "pohja.xlsx", Answers())
    assert check.ok and check.questions == [] and check.format == "template"
    assert t("note.template-empty-rows", "fi", n=18) in check.notes
    assert commit(ctx, paivi, buf.getvalue(), "pohja.xlsx", Answers(), replace=False).ok
    assert fresh(store, "SELECT region_code, indicator_code, year, value FROM observations ORDER BY 2") == [
        ("016", "cw_placed", 2025, 7.0),
        ("016", "family_work", 2025, 31.0),
    ]


PXWEB = (
    '\ufeff"Lastensuojelun avohuolto 2020"\n\n"Alue";"2020 Lastensuojelun avohuollon asiakkaat"\n'
    '"KU099 Honkajoki";"12"\n"KU214 Kankaanpää";"55"\n"KU016 Asikkala";"9"\n"MK07 Päijät-Häme";".."\n'
    '"Huom: lähde THL"\n'
).encode()


def test_a_pxweb_export_with_a_merged_municipality_through_the_upload_page(store: Path) -> None:
    """Statistics Finland's label shapes, a municipality merged in 2021, a source marker and a measure the
    catalogue does not know: the page asks which indicator it is, and the answer makes it load."""
    ctx = open_context("fi")
    admin = Identity("admin", "admin")
    first = check_file(ctx, admin, PXWEB, "avohuolto.csv", Answers())
    assert not first.ok and first.questions == ["indicator"]
    answered = check_file(ctx, admin, PXWEB, "avohuolto.csv", Answers(indicator="cw_open_care"))
    assert answered.ok and answered.questions == []
    assert answered.report[t("upload.col.type", "fi")].tolist() == ["merged"]
    preview = answered.preview
    assert preview[t("upload.col.area", "fi")].tolist() == ["Kankaanpää (214)", "Asikkala (016)", "Päijät-Häme (07)"]
    assert preview[t("upload.col.value", "fi")].tolist() == ["67", "9", ".."]  # 12 + 55; the marker kept
    # an uploader of Päijät-Häme may not write Kankaanpää's (Satakunta's) numbers
    paivi = check_file(
        ctx, Identity("paivi", "uploader", ("09",)), PXWEB, "avohuolto.csv", Answers(indicator="cw_open_care")
    )
    assert paivi.report[t("upload.col.type", "fi")].tolist()[0] == "forbidden"


EPISODES = (
    "asiakas;perhe;palvelu;alkupvm;loppupvm;kunta;lapsen syntymävuosi\n"
    + "".join(f"PK-{i:04d};P-{i // 2:03d};perhetyö;1.{1 + i % 12}.2024;;167;2016\n" for i in range(12))
    + "".join(f"PK-{i:04d};P-{i // 2:03d};kotipalvelu;1.{1 + i % 12}.2024;1.12.2024;167;2016\n" for i in range(8))
).encode("utf-8")


def test_client_episodes_through_the_upload_page(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """North Karelia's uploader checks an episode file (preview per municipality and service), saves it,
    and the lifecycle page shows it; the raw pseudonyms are nowhere in the database file."""
    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))
    at = open_page(logged_in("kalle"), "pages/upload.py")
    at.file_uploader(key="upload_files").set_value(("jaksot.csv", EPISODES, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(t("upload.ok", "fi", rows="20") == s.value for s in at.success)
    preview = at.dataframe[0].value
    assert preview[t("upload.count.episodes", "fi")].tolist() == ["12", "8"]
    save = next(b for b in at.button if b.label == t("upload.save", "fi"))
    save.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert fresh(store, "SELECT count(*), count(DISTINCT client) FROM client_episodes") == [(20, 12)]
    assert b"PK-0001" not in store.read_bytes()
    at = open_page(at, "pages/lifecycle.py")
    assert at.title[0].value.replace("\\\\", "").startswith(t("lifecycle.title", "fi", area="")[:10])
    # a Päijät-Häme uploader may not load Joensuu's episodes
    paivi = check_file(open_context("fi"), Identity("paivi", "uploader", ("09",)), EPISODES, "j.csv", Answers())
    assert not paivi.ok and paivi.report[t("upload.col.type", "fi")].tolist()[0] == "forbidden"
