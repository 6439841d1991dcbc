"""Client episodes: recognised from their columns, every row checked with its line, pseudonyms hashed
with the installation's secret (the raw value never kept), free text dropped with a warning."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from data_loaders.episodes import episode_header, installation_secret, pseudonymise, read_episodes
from data_loaders.readers import read_workbook
from data_loaders.report import Report
from store.reference import region_rows
from tests.data_loaders.conftest import reference_load

MUNICIPALITIES = {r["code"] for r in region_rows() if r["level"] == "municipality"}
SECRET = b"test-secret"
TODAY = dt.date(2026, 11, 26)

CSV = """asiakas;perhe;palvelu;alkupvm;loppupvm;kunta;lapsen syntymävuosi;muistiinpano
PK-0001;PERHE-01;perhetyö;1.2.2024;30.6.2024;167;2016;soitti äidille
PK-0001;PERHE-01;Lastensuojelun avohuolto;2024-05-01;;167;2016;
PK-0002;PERHE-02;sijoitus;1.3.2023;;276;2012;
PK-0003;;kotipalvelu;1.1.2025;1.3.2025;167;;
PK-0004;PERHE-04;jooga;1.1.2025;;167;2019;
PK-0005;PERHE-05;perhetyö;1.5.2025;1.4.2025;167;2019;
PK-0006;PERHE-06;perhetyö;huomenna;;167;2019;
PK-0007;PERHE-07;perhetyö;1.1.2025;;999;2019;
PK-0008;PERHE-08;perhetyö;1.1.2025;;167;1850;
PK-0009;PERHE-09;perhetyö;1.1.2027;;167;2019;
"""


def read(text: str = CSV) -> tuple[object, Report]:
    wb = read_workbook(text.encode("utf-8"), "jaksot.csv")
    report = Report()
    return read_episodes(wb.sheets[0], report, reference_load(SECRET), TODAY), report


def test_episodes_are_recognised_checked_and_hashed() -> None:
    episodes, report = read()
    assert episodes is not None
    frame = episodes.frame  # type: ignore[attr-defined]
    assert frame["service"].tolist() == ["family_work", "cw_open_care", "cw_placement", "home_help"]
    assert frame["start"].tolist() == [
        dt.date(2024, 2, 1),
        dt.date(2024, 5, 1),
        dt.date(2023, 3, 1),
        dt.date(2025, 1, 1),
    ]
    assert frame["end"].tolist()[:2] == [dt.date(2024, 6, 30), None]
    assert frame["municipality"].tolist() == ["167", "167", "276", "167"]
    assert frame["birth_year"].tolist()[:3] == [2016, 2016, 2012]
    # hashed: the same client links its episodes, the raw pseudonym is nowhere
    assert frame["client"].iloc[0] == frame["client"].iloc[1] == pseudonymise("PK-0001", SECRET)
    assert len(frame["client"].iloc[0]) == 32
    text = frame.to_csv()
    assert "PK-000" not in text and "PERHE" not in text and "soitti" not in text
    # a client without a family pseudonym is a family of their own
    assert frame["family"].iloc[3] == pseudonymise("client:PK-0003", SECRET)
    # every bad row named by its line (header on line 1)
    errors = {(e.row, e.key) for e in report.errors}
    assert errors == {
        (6, "err.episode-service"),
        (7, "err.episode-end-before-start"),
        (8, "err.episode-date"),
        (9, "err.episode-municipality"),
        (10, "err.episode-birth-year"),
        (11, "err.episode-future"),
    }
    assert [w.key for w in report.warnings] == ["warn.episode-columns-dropped"]
    assert report.warnings[0].params["columns"] == "muistiinpano"


def test_another_installation_gets_other_hashes() -> None:
    assert pseudonymise("PK-0001", b"a") != pseudonymise("PK-0001", b"b")
    assert pseudonymise(" PK-0001 ", b"a") == pseudonymise("PK-0001", b"a")


def test_swedish_and_english_headers_and_service_names() -> None:
    text = "klient;familj;tjänst;startdatum;slutdatum;kommun\nK1;F1;familjearbete;1.1.2024;;091\n"
    text += "K2;F2;Placering utom hemmet;1.1.2024;1.2.2024;091\n"
    episodes, report = read(text)
    assert report.ok and episodes is not None
    assert episodes.frame["service"].tolist() == ["family_work", "cw_placement"]  # type: ignore[attr-defined]
    english = "client id;family id;service;start date;end date\nC1;F1;home help;2024-01-01;\n"
    episodes, report = read(english)
    assert report.ok and episodes.frame["service"].tolist() == ["home_help"]  # type: ignore[attr-defined]


def test_an_indicator_sheet_is_not_an_episode_sheet() -> None:
    wb = read_workbook(b"kunta;indikaattori;vuosi;arvo\n167;cw_placed;2024;12\n", "a.csv")
    assert episode_header(wb.sheets[0]) is None
    assert read_episodes(wb.sheets[0], Report(), reference_load(SECRET), TODAY) is None


def test_the_installation_secret_is_made_once_and_kept_private(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "pseudonym.key"
    env = {"LAPE_PSEUDONYM_KEY_FILE": str(key)}
    first = installation_secret(env)
    assert len(first) == 64 and installation_secret(env) == first
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert installation_secret({"LAPE_PSEUDONYM_SECRET": "from-env", **env}) == b"from-env"


VALID = "\n".join(CSV.splitlines()[:5]) + "\n"  # the header and the four good rows


def _live(engine: object) -> list[tuple[object, ...]]:
    from sqlalchemy import create_engine, text

    fresh = create_engine(engine.url)  # type: ignore[attr-defined]
    with fresh.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT client, service, start_date, end_date, municipality, upload_id FROM client_episodes ORDER BY id"
            )
        ).all()
    fresh.dispose()
    return [tuple(r) for r in rows]


def test_ingest_stores_hashed_episodes_and_never_the_raw_pseudonym(
    empty_engine: object, tmp_path: Path, monkeypatch: object
) -> None:
    from data_loaders.ingest import ingest_bytes

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))  # type: ignore[attr-defined]
    result = ingest_bytes(empty_engine, VALID.encode(), "jaksot.csv")  # type: ignore[arg-type]
    assert result.ok and result.format == "episodes" and result.rows_accepted == 4, result.report.errors
    live = _live(empty_engine)
    assert [r[1] for r in live] == ["family_work", "cw_open_care", "cw_placement", "home_help"]
    assert {r[5] for r in live} == {result.upload_id}
    secret = (tmp_path / "k.key").read_text().strip().encode()
    assert live[0][0] == pseudonymise("PK-0001", secret)
    database = Path(str(empty_engine.url.database)).read_bytes()  # type: ignore[attr-defined]
    for raw in (b"PK-0001", b"PERHE-01", "PK-0001".encode("utf-16-le")):
        assert raw not in database  # the raw pseudonym is nowhere in the database file


def test_a_personal_identity_code_rejects_the_episode_file(
    empty_engine: object, tmp_path: Path, monkeypatch: object
) -> None:
    from data_loaders.ingest import ingest_bytes

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))  # type: ignore[attr-defined]
    bad = VALID.replace("PK-0002", "131052-308T")
    result = ingest_bytes(empty_engine, bad.encode(), "jaksot.csv")  # type: ignore[arg-type]
    assert not result.ok and [e.type for e in result.report.errors] == ["personal-id"]
    assert "131052-308T" not in str(result.as_json("fi"))
    assert _live(empty_engine) == []


def test_episode_replace_and_rollback_through_a_fresh_connection(
    empty_engine: object, tmp_path: Path, monkeypatch: object
) -> None:
    from data_loaders.ingest import ingest_bytes
    from store.uploads import rollback_upload

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))  # type: ignore[attr-defined]
    first = ingest_bytes(empty_engine, VALID.encode(), "a.csv")  # type: ignore[arg-type]
    assert first.ok
    before = _live(empty_engine)
    again = ingest_bytes(empty_engine, VALID.encode(), "a.csv")  # type: ignore[arg-type]
    assert not again.ok and [e.key for e in again.report.errors] == ["err.episode-duplicate"]
    assert _live(empty_engine) == before  # nothing written
    corrected = VALID.replace("30.6.2024", "31.7.2024")
    second = ingest_bytes(empty_engine, corrected.encode(), "b.csv", replace=True)  # type: ignore[arg-type]
    assert second.ok and second.replaced == 4
    after = _live(empty_engine)
    assert {r[5] for r in after} == {second.upload_id} and str(after[0][3]) == "2024-07-31"
    rollback_upload(empty_engine, second.upload_id)  # type: ignore[arg-type]
    assert _live(empty_engine) == before  # the first upload's episodes are back, ids and all
    rollback_upload(empty_engine, first.upload_id)  # type: ignore[arg-type]
    assert _live(empty_engine) == []


def test_an_uploader_may_load_episodes_only_for_their_counties(
    empty_engine: object, tmp_path: Path, monkeypatch: object
) -> None:
    from data_loaders.ingest import ingest_bytes

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))  # type: ignore[attr-defined]
    north_karelia = {("municipality", r["code"]) for r in region_rows() if r.get("county_code") == "14"}
    north_karelia.add(("county", "14"))
    ok = ingest_bytes(empty_engine, VALID.encode(), "a.csv", scope=north_karelia, dry_run=True)  # type: ignore[arg-type]
    assert ok.ok, ok.report.errors  # 167 Joensuu and 276 Kontiolahti are North Karelia's
    outside = VALID.replace(";276;", ";091;")
    refused = ingest_bytes(empty_engine, outside.encode(), "b.csv", scope=north_karelia)  # type: ignore[arg-type]
    assert not refused.ok and [e.type for e in refused.report.errors] == ["forbidden"]
    assert _live(empty_engine) == []


def test_real_episodes_put_the_demo_aside_and_a_rollback_brings_it_back(
    demo_db: str, tmp_path: Path, monkeypatch: object
) -> None:
    import shutil

    from data_loaders.ingest import ingest_bytes
    from store.engine import make_engine
    from store.uploads import rollback_upload

    monkeypatch.setenv("LAPE_PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))  # type: ignore[attr-defined]
    db = tmp_path / "demo.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), db)
    engine = make_engine(f"sqlite:///{db}")
    demo = _live(engine)
    assert len(demo) > 1000  # the demo's episodes for Pohjois-Karjala
    first = ingest_bytes(engine, VALID.encode(), "a.csv")
    assert first.ok and [w.type for w in first.report.warnings] == ["episode-columns-dropped", "demo-replaced"]
    assert len(_live(engine)) == 4  # demo and real episodes never mix
    second = ingest_bytes(engine, VALID.replace("2024-05-01", "2024-05-02").encode(), "b.csv", replace=True)
    assert second.ok and len(_live(engine)) == 4
    rollback_upload(engine, first.upload_id)  # type: ignore[arg-type]  # real episodes are left: demo stays aside
    assert {r[5] for r in _live(engine)} == {second.upload_id}
    rollback_upload(engine, second.upload_id)  # type: ignore[arg-type]
    assert _live(engine) == demo  # nothing real left: the demo is back, ids and all
    engine.dispose()
