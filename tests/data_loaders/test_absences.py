"""School-absence files as municipalities' student registers (Wilma, Primus) report them, read into rows,
every bad row named by its line and column, a pupil-level file refused whole, and written, replaced and
rolled back exactly (rows read through a fresh connection)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import Engine

from data_loaders.absences import limit_of, parse_term, read_absences
from data_loaders.ingest import ingest_bytes
from data_loaders.parse import CellError
from data_loaders.readers import read_workbook
from data_loaders.report import Report
from store.uploads import rollback_upload
from tests.data_loaders.conftest import reference_load


def fresh(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(str(engine.url.database)) as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def live(engine: Engine) -> list[tuple[Any, ...]]:
    return fresh(
        engine,
        "SELECT municipality, school, year, term, threshold, pupils, over FROM absence_counts "
        "WHERE upload_id IN (SELECT id FROM uploads WHERE format != 'demo') ORDER BY 1, 2, 3, 4, 5",
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("syksy 2024", (2024, "autumn")),
        ("Kevät 2025", (2025, "spring")),
        ("2024 syksy", (2024, "autumn")),
        ("syyslukukausi 2024", (2024, "autumn")),
        ("kevätlukukausi 2024–2025", (2025, "spring")),  # a school year: spring is its second calendar year
        ("syksy 2024-25", (2024, "autumn")),
        ("hösten 2024", (2024, "autumn")),
        ("vårterminen 2025", (2025, "spring")),
        ("HT 2024", (2024, "autumn")),
        ("VT 2025", (2025, "spring")),
        ("autumn 2024", (2024, "autumn")),
        ("Spring 2025", (2025, "spring")),
    ],
)
def test_terms(cell: str, expected: tuple[int, str]) -> None:
    assert parse_term(cell) == expected


def test_a_term_without_a_year_takes_the_school_year_beside_it() -> None:
    assert parse_term("kevät", "2024–2025") == (2025, "spring")
    assert parse_term("syksy", "2024-2025") == (2024, "autumn")
    for bad in ("2024", "lukukausi 1", "talvi 2024", ""):
        with pytest.raises(CellError):
            parse_term(bad)


def test_limit_headers() -> None:
    assert [limit_of(h) for h in ("Yli 30 h", "över 50 h", "over 80 hours", "> 120 h", "30 h tai enemmän")] == [
        30,
        50,
        80,
        120,
        30,
    ]
    # a year, a count, a share and a name are no limits
    assert [limit_of(h) for h in ("2024", "30", "Osuus yli 30 h %", "Oppilaat", "Yli 30 h, %")] == [None] * 5


# How a municipality reports one term from its student register: a row per school, a limit per column,
# a share column the register adds, the municipality's total row at the bottom.
WIDE = (
    "Kunta;Koulu;Lukukausi;Oppilaat;Yli 30 h;Yli 50 h;Yli 80 h;Osuus yli 30 h %\n"
    "Vaasa;Länsimetsän koulu;syksy 2024;320;41;18;6;12,8\n"
    "905;Vikinga skola;hösten 2024;210;25;9;0;11,9\n"
    "Mustasaari;;syksy 2024;1 800;190;80;30;10,6\n"
    "Yhteensä;;syksy 2024;2 330;256;107;36;11,0\n"
)


def test_a_wide_register_report_is_read() -> None:
    report = Report()
    rows = read_absences(read_workbook(WIDE.encode(), "poissaolot.csv").sheets[0], report, reference_load())
    assert report.ok, report.errors
    got = [
        (r["municipality"], r["school"], r["year"], r["term"], r["threshold"], r["pupils"], r["over"])
        for r in rows or []
    ]
    assert got == [
        ("905", "Länsimetsän koulu", 2024, "autumn", 30, 320, 41),
        ("905", "Länsimetsän koulu", 2024, "autumn", 50, 320, 18),
        ("905", "Länsimetsän koulu", 2024, "autumn", 80, 320, 6),
        ("905", "Vikinga skola", 2024, "autumn", 30, 210, 25),
        ("905", "Vikinga skola", 2024, "autumn", 50, 210, 9),
        ("905", "Vikinga skola", 2024, "autumn", 80, 210, 0),
        ("499", "", 2024, "autumn", 30, 1800, 190),
        ("499", "", 2024, "autumn", 50, 1800, 80),
        ("499", "", 2024, "autumn", 80, 1800, 30),
    ]
    assert report.note_texts("fi") == [
        "Osuussarakkeet (Osuus yli 30 h %) jätettiin pois: sovellus laskee osuudet lukumääristä ja suojaa pienet "
        "ryhmät."
    ]


# The same in Swedish, long: one row per limit (Korsholm is Mustasaari, Vasa is Vaasa)
LONG_SV = (
    "Kommun;Skola;Termin;Elever;Gräns;Över gränsen\n"
    "Vasa;Vikinga skola;våren 2025;212;30;27\n"
    "Vasa;Vikinga skola;våren 2025;212;50;10\n"
    "Korsholm;;våren 2025;1790;30;201\n"
)


def test_a_long_swedish_file_is_read() -> None:
    report = Report()
    rows = read_absences(read_workbook(LONG_SV.encode(), "frånvaro.csv").sheets[0], report, reference_load())
    assert report.ok, report.errors
    assert [(r["municipality"], r["school"], r["term"], r["threshold"], r["over"]) for r in rows or []] == [
        ("905", "Vikinga skola", "spring", 30, 27),
        ("905", "Vikinga skola", "spring", 50, 10),
        ("499", "", "spring", 30, 201),
    ]


def test_every_bad_row_is_named_by_its_line_and_column(empty_engine: Engine) -> None:
    bad = (
        "Kunta;Lukukausi;Oppilaat;Yli 30 h;Yli 50 h\n"
        "Vaasa;syksy 2024;300;40;12\n"
        "Atlantis;syksy 2024;300;40;12\n"  # no such municipality
        "Vaasa;talvi 2024;300;40;12\n"  # no such term
        "Mustasaari;syksy 2024;noin 300;40;12\n"  # pupils not a number
        "Vöyri;syksy 2024;100;120;12\n"  # more over the limit than pupils
        "Laihia;syksy 2024;100;10;12\n"  # more over 50 h than over 30 h
        "Vaasa;syksy 2024;300;40;12\n"  # the same municipality and term again
        "Närpiö;syksy 2024;100;4,5;1\n"  # not a whole number of pupils
    )
    result = ingest_bytes(empty_engine, bad.encode(), "poissaolot.csv")
    assert not result.ok
    got = [(e.type, e.row, e.column, e.key) for e in result.report.errors]
    assert got == [
        ("unknown-region", 3, "Kunta", "err.absence-municipality"),
        ("type-error", 4, "Lukukausi", "err.type.not-term"),
        ("type-error", 5, "Oppilaat", "err.absence-pupils"),
        ("constraint-error", 6, "D", "err.absence-over-pupils"),
        ("constraint-error", 7, "E", "err.absence-not-nested"),
        ("duplicate-row", 8, None, "err.absence-repeat"),
        ("type-error", 9, "D", "err.absence-over"),
    ]
    assert "'talvi 2024' ei ole lukukausi" in result.report.errors[1].message("fi")
    assert live(empty_engine) == []  # nothing of a refused file is kept


def test_a_pupil_level_file_is_refused_whole(empty_engine: Engine) -> None:
    pupils = "Kunta;Koulu;Oppilas;Lukukausi;Oppilaat;Yli 30 h\nVaasa;Vikinga skola;Matti M.;syksy 2024;1;1\n"
    result = ingest_bytes(empty_engine, pupils.encode(), "oppilaat.csv")
    assert not result.ok
    assert [(e.type, e.key) for e in result.report.errors] == [("personal-data", "err.absence-person-level")]
    assert fresh(empty_engine, "SELECT count(*) FROM absence_counts") == [(0,)]
    assert fresh(empty_engine, "SELECT count(*) FROM uploads WHERE format = 'absences'") == [(0,)]


def test_written_replaced_and_rolled_back(empty_engine: Engine) -> None:
    first = ingest_bytes(empty_engine, WIDE.encode(), "syksy.csv")
    assert first.ok and first.rows_accepted == 9
    assert len(live(empty_engine)) == 9
    corrected = WIDE.replace("Mustasaari;;syksy 2024;1 800;190;80;30", "Mustasaari;;syksy 2024;1 800;191;80;30")
    again = ingest_bytes(empty_engine, corrected.encode(), "syksy-korjattu.csv")
    assert not again.ok and again.report.errors[0].key == "err.absence-duplicate"
    replaced = ingest_bytes(empty_engine, corrected.encode(), "syksy-korjattu.csv", replace=True)
    assert replaced.ok and replaced.replaced == 9
    assert ("499", "", 2024, "autumn", 30, 1800, 191) in live(empty_engine)
    assert fresh(empty_engine, "SELECT count(*) FROM absence_archive") == [(9,)]
    assert replaced.upload_id is not None
    rollback_upload(empty_engine, replaced.upload_id, actor="test")
    assert ("499", "", 2024, "autumn", 30, 1800, 190) in live(empty_engine) and len(live(empty_engine)) == 9


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_template_loads_back_filled_in(lang: str) -> None:
    from data_loaders.template import record_template

    data = record_template("absences", lang, [("17", "Pohjanmaa")], 2025, None, [("905", "Vaasa")], (30, 50, 80))
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # the header, spring and autumn
    filled = [lines[0]] + [";".join([*line.split(";")[:3], "300", "40", "20", "10"]) for line in lines[1:]]
    report = Report()
    rows = read_absences(read_workbook("\n".join(filled).encode(), "pohja.csv").sheets[0], report, reference_load())
    assert report.ok, report.errors
    assert [(r["municipality"], r["year"], r["term"], r["threshold"], r["over"]) for r in rows or []] == [
        ("905", 2025, "spring", 30, 40), ("905", 2025, "spring", 50, 20), ("905", 2025, "spring", 80, 10),
        ("905", 2025, "autumn", 30, 40), ("905", 2025, "autumn", 50, 20), ("905", 2025, "autumn", 80, 10),
    ]  # fmt: skip
