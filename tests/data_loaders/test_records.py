"""Parent-survey answers, the family-centre registry and its monthly activity, and the cost template:
recognised from their columns, every bad row named by its line, free text never stored, written as one
upload, replaced and rolled back exactly (rows read through a fresh connection)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from data_loaders.readers import read_workbook
from data_loaders.report import Report
from data_loaders.survey import read_survey
from store.uploads import rollback_upload
from tests.data_loaders.conftest import reference_load

TODAY = dt.date(2026, 11, 26)


def fresh(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(str(engine.url.database)) as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def report_rows(report: Report) -> list[tuple[Any, ...]]:
    return [(e.type, e.row, e.column, e.key) for e in report.errors]


# How a survey tool (Webropol) exports: one row a respondent, the statements as columns, an open answer and
# an e-mail address the region must not keep; Likert as words or numbers; "En osaa sanoa" is no answer.
WIDE = (
    "Vastaaja;Kunta;Kierros;Lapsen ikä;Tiesin, mistä hakea apua;Sain apua, kun sitä tarvitsin;"
    "Miten otitte ensimmäisen kerran yhteyttä?;Mitä muuta haluat sanoa?;Sähköposti\n"
    "1;Keuruu;2025;0-2 v;5;Täysin samaa mieltä;Puhelin;Neuvola oli ihana;maija@example.fi\n"
    "2;249;2025;3–6;4;En osaa sanoa;käynti;;\n"
    "3;Keuruu;2025;;1 = täysin eri mieltä;2;Verkossa;;\n"
    "4;Multia;2025;7-12;3;3;muu;Ei mitään;\n"
)


def test_a_wide_survey_export_is_read_and_open_answers_dropped() -> None:
    wb = read_workbook(WIDE.encode("utf-8"), "kysely.csv")
    report = Report()
    rows = read_survey(wb.sheets[0], report, reference_load(), TODAY)
    assert report.ok, report.errors
    got = [(r["municipality"], r["age_group"], r["question"], r["answer"], r["choice"]) for r in rows or []]
    assert got == [
        ("249", "0-2", "knew_where", 5, None),
        ("249", "0-2", "help_found", 5, None),
        ("249", "0-2", "first_contact", None, "phone"),
        ("249", "3-6", "knew_where", 4, None),  # "En osaa sanoa" is no answer, not an error
        ("249", "3-6", "first_contact", None, "in_person"),
        ("249", None, "knew_where", 1, None),
        ("249", None, "help_found", 2, None),
        ("249", None, "first_contact", None, "online"),
        ("495", "7-12", "knew_where", 3, None),
        ("495", "7-12", "help_found", 3, None),
        ("495", "7-12", "first_contact", None, "other"),
    ]
    assert {r["round"] for r in rows or []} == {2025}
    assert [w.type for w in report.warnings] == ["survey-columns-dropped"]
    assert report.warnings[0].params["columns"] == "Vastaaja, Mitä muuta haluat sanoa?, Sähköposti"


LONG_BAD = (
    "kunta;kierros;ikäryhmä;kysymys;vastaus\n"
    "Petäjävesi;2025;0-2;help_found;4\n"
    "Atlantis;2025;0-2;help_found;4\n"
    "Petäjävesi;2031;0-2;help_found;4\n"
    "Petäjävesi;2025;vauva;help_found;4\n"
    "Petäjävesi;2025;0-2;Mikä on lempivärisi?;4\n"
    "Petäjävesi;2025;0-2;help_found;7\n"
    "Petäjävesi;2025;0-2;first_contact;kirjekyyhky\n"
)


def test_every_bad_survey_row_is_named_by_its_line_and_column() -> None:
    wb = read_workbook(LONG_BAD.encode("utf-8"), "kysely.csv")
    report = Report()
    rows = read_survey(wb.sheets[0], report, reference_load(), TODAY)
    assert [(r["municipality"], r["question"], r["answer"]) for r in rows or []] == [("592", "help_found", 4)]
    assert report_rows(report) == [
        ("unknown-region", 3, "kunta", "err.survey-municipality"),
        ("bad-value", 4, "kierros", "err.survey-round"),
        ("bad-value", 5, "ikäryhmä", "err.survey-age-group"),
        ("unknown-indicator", 6, "kysymys", "err.survey-question"),
        ("bad-value", 7, "vastaus", "err.survey-answer-likert"),
        ("bad-value", 8, "vastaus", "err.survey-answer-choice"),
    ]


@pytest.fixture()
def engine(empty_engine: Engine) -> Engine:
    return empty_engine


def test_survey_upload_replace_and_rollback(engine: Engine) -> None:
    sql = "SELECT round, municipality, question, answer, choice, upload_id FROM survey_responses ORDER BY id"
    first = ingest_bytes(engine, WIDE.encode(), "kysely.csv")
    assert first.ok and first.format == "survey" and first.rows_accepted == 11, first.report.errors
    before = fresh(engine, sql)
    assert len(before) == 11 and {r[5] for r in before} == {first.upload_id}
    assert b"maija@example.fi" not in Path(str(engine.url.database)).read_bytes()
    assert b"Neuvola oli ihana" not in Path(str(engine.url.database)).read_bytes()
    again = ingest_bytes(engine, WIDE.encode(), "kysely.csv")
    assert not again.ok and [e.key for e in again.report.errors] == ["err.survey-duplicate"]
    assert again.report.errors[0].params["n"] == 11
    # a corrected Keuruu round replaces Keuruu's 2025 answers and leaves Multia's
    corrected = "kunta;kierros;kysymys;vastaus\nKeuruu;2025;help_found;4\nKeuruu;2025;heard;5\n"
    second = ingest_bytes(engine, corrected.encode(), "korjaus.csv", replace=True)
    assert second.ok and second.replaced == 8, second.report.errors
    after = fresh(engine, sql)
    assert sorted((r[1], r[2], r[3]) for r in after) == [
        ("249", "heard", 5),
        ("249", "help_found", 4),
        ("495", "first_contact", None),
        ("495", "help_found", 3),
        ("495", "knew_where", 3),
    ]
    rollback_upload(engine, second.upload_id or 0)
    assert fresh(engine, sql) == before
    rollback_upload(engine, first.upload_id or 0)
    assert fresh(engine, sql) == []


REGISTRY = (
    "Perhekeskus;Hyvinvointialue;Kunnat;Avattu;Palvelut;Järjestökumppanit;Yhteyshenkilö\n"
    "Joensuun seudun perhekeskus;Pohjois-Karjala;Joensuu, Kontiolahti, 276;2.9.2019;"
    "neuvola, perheneuvola, perhetyö;MLL Pohjois-Karjala;Liisa Virtanen\n"
    'Keski-Karjalan perhekeskus;14;"Kitee\nRääkkylä";2020-01-15;Neuvola;;\n'  # a line break in the cell
)
ACTIVITY = (
    "Perhekeskus;Vuosi;Kuukausi;Käynnit;Yhteydenotot puhelin;Yhteydenotot chat;Uudet asiakkaat;"
    "Päiviä ensikontaktista palveluun\n"
    "Joensuun seudun perhekeskus;2025;1;412;120;18;31;9\n"
    "joensuun-seudun-perhekeskus;2025;helmikuu;398;;21;28;8,5\n"
    "Keski-Karjalan perhekeskus;2025;1;88;30;2;6;12\n"
)


def test_registry_and_activity_upload_and_rollback(engine: Engine) -> None:
    # activity before the registry: the centres are unknown, each row says so
    early = ingest_bytes(engine, ACTIVITY.encode(), "toiminta.csv")
    assert not early.ok and [(e.key, e.row) for e in early.report.errors] == [
        ("err.activity-centre", 2),
        ("err.activity-centre", 3),
        ("err.activity-centre", 4),
    ]
    reg = ingest_bytes(engine, REGISTRY.encode(), "rekisteri.csv")
    assert reg.ok and reg.format == "centres", reg.report.errors
    assert [w.type for w in reg.report.warnings] == ["columns-dropped"]  # the contact person is not kept
    rows = fresh(engine, "SELECT centre, name, county, municipalities, opened, services, partners FROM family_centres")
    assert rows == [
        ("joensuun-seudun-perhekeskus", "Joensuun seudun perhekeskus", "14", "167,276", "2019-09-02",
         "child_health_clinic,family_counselling,family_work", "MLL Pohjois-Karjala"),
        ("keski-karjalan-perhekeskus", "Keski-Karjalan perhekeskus", "14", "260,707", "2020-01-15",
         "child_health_clinic", ""),
    ]  # fmt: skip
    assert b"Liisa Virtanen" not in Path(str(engine.url.database)).read_bytes()
    act = ingest_bytes(engine, ACTIVITY.encode(), "toiminta.csv")
    assert act.ok and act.format == "activity" and act.rows_accepted == 14, act.report.errors
    got = fresh(engine, "SELECT centre, year, month, measure, channel, value FROM centre_activity ORDER BY id")
    assert got[:5] == [
        ("joensuun-seudun-perhekeskus", 2025, 1, "visits", "total", 412.0),
        ("joensuun-seudun-perhekeskus", 2025, 1, "contacts", "phone", 120.0),
        ("joensuun-seudun-perhekeskus", 2025, 1, "contacts", "online", 18.0),
        ("joensuun-seudun-perhekeskus", 2025, 1, "new_clients", "total", 31.0),
        ("joensuun-seudun-perhekeskus", 2025, 1, "days_to_service", "total", 9.0),
    ]
    assert ("joensuun-seudun-perhekeskus", 2025, 2, "days_to_service", "total", 8.5) in got
    assert not [r for r in got if r[2] == 2 and r[4] == "phone"]  # an empty cell is no figure, not a 0
    rollback_upload(engine, act.upload_id or 0)
    assert fresh(engine, "SELECT count(*) FROM centre_activity") == [(0,)]


REGISTRY_BAD = (
    "Perhekeskus;Hyvinvointialue;Kunnat;Avattu;Palvelut\n"
    ";14;Joensuu;1.1.2020;neuvola\n"
    "A;Narnia;Joensuu;1.1.2020;neuvola\n"
    "B;14;Helsinki;1.1.2020;neuvola\n"
    "C;14;Joensuu;ensi vuonna;neuvola\n"
    "D;14;Joensuu;1.1.2020;kahvila\n"
    "E;14;Joensuu;1.1.2020;neuvola\n"
    "e;14;Joensuu;1.1.2020;neuvola\n"
)


def test_every_bad_registry_row_is_named(engine: Engine) -> None:
    result = ingest_bytes(engine, REGISTRY_BAD.encode(), "rekisteri.csv")
    assert not result.ok
    assert report_rows(result.report) == [
        ("missing-cell", 2, "Perhekeskus", "err.centre-name"),
        ("unknown-region", 3, "Hyvinvointialue", "err.centre-county"),
        ("unknown-region", 4, "Kunnat", "err.centre-municipality"),  # Helsinki is not North Karelia's
        ("bad-date", 5, "Avattu", "err.centre-opened"),
        ("bad-value", 6, "Palvelut", "err.centre-service"),
        ("duplicate", 8, None, "err.centre-twice"),
    ]
    assert fresh(engine, "SELECT count(*) FROM family_centres") == [(0,)]


COSTS = (
    "Hyvinvointialue;Vuosi;Tehtäväalue;Tuotantotapa;Kustannukset €\n"
    "Pohjois-Karjala;2025;Lastensuojelun laitos- ja perhehoito;Oma tuotanto;21 500 000\n"
    "Pohjois-Karjala;2025;Lastensuojelun laitos- ja perhehoito;Ostopalvelu;38 200 000\n"
    "Pohjois-Karjala;2025;Lastensuojelun avohuolto;Yhteensä;10 500 000\n"
    "Pohjois-Karjala;2025;Ehkäisevät perhepalvelut;Ostopalvelu;900 000\n"
)


def test_the_cost_template_is_stored_as_indicators_with_totals(engine: Engine) -> None:
    result = ingest_bytes(engine, COSTS.encode(), "kustannukset.csv")
    assert result.ok, result.report.errors
    rows = fresh(
        engine,
        "SELECT indicator_code, region_level, region_code, year, value FROM observation_view ORDER BY indicator_code",
    )
    assert rows == [
        ("cost_cw_open_care", "county", "14", 2025, 10_500_000.0),
        ("cost_cw_placements", "county", "14", 2025, 59_700_000.0),  # 21.5 M own + 38.2 M purchased
        ("cost_cw_placements_own", "county", "14", 2025, 21_500_000.0),
        ("cost_cw_placements_purchased", "county", "14", 2025, 38_200_000.0),
        ("cost_preventive_purchased", "county", "14", 2025, 900_000.0),
    ]
    # preventive costs: only the purchased part, so no total is made up
    assert [(w.type, w.params.get("indicator")) for w in result.report.warnings] == [
        ("cost-partial", "cost_preventive")
    ]


def test_a_bad_cost_row_names_its_own_line_and_column(engine: Engine) -> None:
    bad = COSTS.replace("Ostopalvelu;38", "Lahjoitus;38").replace("Lastensuojelun avohuolto", "Kirjasto")
    result = ingest_bytes(engine, bad.encode(), "kustannukset.csv")
    assert not result.ok
    assert report_rows(result.report) == [
        ("bad-value", 3, "D", "err.cost-mode"),
        ("unknown-indicator", 4, "C", "err.cost-area"),
    ]
    assert fresh(engine, "SELECT count(*) FROM observations") == [(0,)]


FILLED = {  # what a person writes under each template's header, per language
    "survey": {"fi": "Keuruu;2025;0-2;5;4;3;2;1;5;puhelin", "sv": "Keuruu;2025;3-6;5;4;3;2;1;5;telefon",
               "en": "249;2025;7-12;5;4;3;2;1;5;phone"},
    "centres": {"fi": "Joensuun perhekeskus;14;Joensuu, Liperi;1.9.2019;neuvola, perhetyö;MLL",
                "sv": "Joensuun perhekeskus;Norra Karelen;Joensuu, Liperi;2019-09-01;rådgivning, familjearbete;MLL",
                "en": "Joensuun perhekeskus;14;167, 426;2019-09-01;child-health clinic, family work;MLL"},
    "episodes": {lang: "PK-1;PERHE-1;perhetyö;1.2.2024;30.6.2024;167;2016" for lang in ("fi", "sv", "en")},
    "targets": {lang: "cw_urgent;Pohjois-Karjala;2022;4,3;2027;3,4;LAPE-ryhmä;-20 %" for lang in ("fi", "sv", "en")},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_template_loads_back_filled_in(engine: Engine, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each kind's template, in each language, is recognised by its reader once filled in."""
    from data_loaders.template import record_template

    monkeypatch.setenv("LAPE_PSEUDONYM_SECRET", "test")
    costs = record_template("costs", lang, [("14", "Pohjois-Karjala")], 2025).decode("utf-8-sig").splitlines()
    assert len(costs) == 1 + 3 * 2
    filled = [costs[0]] + [line + ("700" if i % 2 else "300") for i, line in enumerate(costs[1:])]
    result = ingest_bytes(engine, "\n".join(filled).encode(), f"costs-{lang}.csv")
    assert result.ok and result.rows_accepted == 9, result.report.errors  # 3 own + 3 purchased + 3 totals
    totals = fresh(engine, "SELECT indicator_code, value FROM observations WHERE indicator_code LIKE 'cost%'")
    assert sorted(totals)[:3] == [("cost_cw_open_care", 1000.0), ("cost_cw_open_care_own", 300.0),
                                  ("cost_cw_open_care_purchased", 700.0)]  # fmt: skip
    for kind, rows in FILLED.items():
        text = record_template(kind, lang).decode("utf-8-sig").strip() + "\n" + rows[lang] + "\n"
        result = ingest_bytes(engine, text.encode(), f"{kind}-{lang}.csv")
        assert result.ok and result.format == kind and result.rows_accepted, (kind, result.report.errors)
    names = [n for (n,) in fresh(engine, "SELECT name FROM family_centres")]
    activity = record_template("activity", lang, year=2025, centres=names).decode("utf-8-sig").splitlines()
    assert len(activity) == 1 + 12
    activity[1] = ";".join([*activity[1].split(";")[:3], "410", "120", "90", "12", "30", "9"])  # January
    result = ingest_bytes(engine, "\n".join(activity).encode(), f"activity-{lang}.csv")
    assert result.ok and result.rows_accepted == 6, result.report.errors  # empty months are no figures
    assert fresh(engine, "SELECT count(*), count(DISTINCT question) FROM survey_responses") == [(7, 7)]


def test_a_personal_identity_code_in_an_open_answer_rejects_the_survey(engine: Engine) -> None:
    """A parent wrote the child's identity code in the open answer: the whole file is refused before any
    column is dropped, and the code is not echoed."""
    bad = WIDE.replace("Neuvola oli ihana", "lapseni 010203A123P")
    result = ingest_bytes(engine, bad.encode(), "kysely.csv")
    assert not result.ok and [e.type for e in result.report.errors] == ["personal-id"]
    assert "010203A123P" not in str(result.as_json("fi"))
    assert fresh(engine, "SELECT count(*) FROM survey_responses") == [(0,)]


def test_abolished_municipalities_in_episodes_and_answers_land_in_their_2025_municipality(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Older extracts still carry Valtimo (911, merged into Nurmes 541 in 2020), by code or by name: stored
    under the 2025 municipality, and the report says so once."""
    monkeypatch.setenv("LAPE_PSEUDONYM_SECRET", "test")
    text = (
        "asiakas;palvelu;alkupvm;kunta\n"
        "PK-1;perhetyö;1.2.2024;911\n"
        "PK-2;perhetyö;1.3.2024;911\n"
        "PK-3;kotipalvelu;1.3.2024;Valtimo\n"
    )
    result = ingest_bytes(engine, text.encode(), "jaksot.csv")
    assert result.ok, result.report.errors
    assert fresh(engine, "SELECT DISTINCT municipality FROM client_episodes") == [("541",)]
    notes = [n.params for n in result.report.notes if n.key == "note.records-merged"]
    assert notes == [{"old": "911", "new": "541"}]
