"""Municipality history: the embedded facts, checked against real published lists, and uploads with
abolished municipalities summed into their 2025 municipality (numbers by hand)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from data_loaders.history import parts_of
from data_loaders.ingest import ingest_bytes
from store.reference import mergers, municipality_names
from tests.conftest import shared_path
from tests.data_loaders.conftest import fresh_rows


def test_every_abolished_code_lands_on_a_2025_municipality() -> None:
    current = municipality_names()
    assert len(current) == 308
    assert len(mergers()) >= 271  # every abolition from 1946 to 2025
    assert all(m.code_2025 in current for m in mergers().values())
    assert not set(mergers()) & set(current)  # no 2025 code is abolished


@pytest.mark.parametrize(
    ("code", "name", "date", "into"),
    [
        ("099", "Honkajoki", "2021-01-01", "214"),  # Kankaanpää
        ("911", "Valtimo", "2020-01-01", "541"),  # Nurmes
        ("174", "Juankoski", "2017-01-01", "297"),  # Kuopio
        ("442", "Luvia", "2017-01-01", "051"),  # Eurajoki
        ("220", "Karjaa", "2009-01-01", "710"),  # Raasepori
        ("588", "Pertunmaa", "2025-01-01", "507"),  # Mäntyharju
        ("034", "Bromarv", "1977-01-01", "710"),  # via Tenhola and Tammisaari into Raasepori
    ],
)
def test_known_mergers(code: str, name: str, date: str, into: str) -> None:
    merger = mergers()[code]
    assert (merger.name_fi, merger.date, merger.code_2025) == (name, dt.date.fromisoformat(date), into)


def test_the_parts_of_a_2025_municipality_in_a_year() -> None:
    assert parts_of("214", 2018) == {"099", "214"}  # Kankaanpää and Honkajoki
    assert parts_of("214", 2021) == {"214"}
    assert parts_of("710", 2005) == {"220", "606", "835"}  # Raasepori did not exist: Karjaa, Pohja, Tammisaari
    assert parts_of("710", 2010) == {"710"}
    assert parts_of("020", 2005) == {"310", "864", "928"}  # Akaa formed 2007 (Toijala, Viiala) + Kylmäkoski 2011
    assert "034" in parts_of("710", 1975) and "034" not in parts_of("710", 1980)  # Bromarv until 1977


def test_real_yearly_municipality_lists_2000_2016_agree_with_the_history() -> None:
    """Statistics Finland's municipal lists of 1.1.2000 ... 1.1.2016 as a municipality published them:
    every code is a 2025 municipality or one abolished later, and every abolition of 2001-2016 is there."""
    from python_calamine import CalamineWorkbook

    path = shared_path("data", "real-spreadsheets", "Kuntajaot ja asukasluvut 2000-2016.xls")
    workbook = CalamineWorkbook.from_path(str(path))
    listed: dict[int, set[str]] = {}
    for name in workbook.sheet_names:
        year = int(name)
        rows = workbook.get_sheet_by_name(name).to_python()
        # the codes are text in most sheets and numbers in some (227.0): as the file has them
        cells = [str(r[0]).strip() for r in rows]
        numbers = [int(float(c)) for c in cells if c.replace(".0", "").isdigit()]
        codes = {f"{n:03d}" for n in numbers if 0 < n < 1000}
        listed[year] = codes
        for code in codes:
            merger = mergers().get(code)
            assert code in municipality_names() or (merger is not None and merger.date.year > year), (year, code)
    for merger in mergers().values():
        if 2001 <= merger.date.year <= 2016:
            assert merger.code in listed[merger.date.year - 1], merger
            assert merger.code not in listed[merger.date.year], merger
    assert len(listed[2000]) == 452 and len(listed[2016]) == 313


def load(engine: Engine, text: str) -> dict:
    return ingest_bytes(engine, text.encode(), "history.csv").as_json("en")


def test_rows_of_an_abolished_municipality_are_added_to_its_2025_one(engine: Engine) -> None:
    text = (
        "kunta;indikaattori;vuosi;arvo;osoittaja;nimittäjä\n"
        "Kankaanpää;pop_0_17;2018;2200;;\n"
        "Honkajoki;pop_0_17;2018;310;;\n"
        "214;cw_placed;2018;21;;\n"
        "099;cw_placed;2018;3;;\n"
        "Kankaanpää;ecec_share;2018;;700;900\n"
        "Honkajoki;ecec_share;2018;;80;100\n"
        "Karis;pop_0_17;2005;1900;;\n"
        "Pojo;pop_0_17;2005;950;;\n"
        "Ekenäs;pop_0_17;2005;2800;;\n"
    )
    result = load(engine, text)
    assert result["ok"] is True, result["errors"]
    rows = {(r[0], r[2], r[3]): r for r in fresh_rows(engine)}
    assert rows[("pop_0_17", "214", 2018)][6] == 2510.0  # 2 200 + 310
    assert rows[("cw_placed", "214", 2018)][6] == 24.0  # 21 + 3: the receiving row is no duplicate
    share = rows[("ecec_share", "214", 2018)]
    assert share[7:9] == (780.0, 1000.0) and share[6] == pytest.approx(78.0)  # (700 + 80) / (900 + 100)
    assert rows[("pop_0_17", "710", 2005)][6] == 5650.0  # Raasepori's area before Raasepori
    assert len(rows) == 4
    assert sorted(w["message"] for w in result["warnings"]) == [
        "Honkajoki (099) joined Kankaanpää (214) on 1 Jan 2021: its rows were added to that municipality's.",
        "Karjaa (220) joined Raasepori (710) on 1 Jan 2009: its rows were added to that municipality's.",
        "Pohja (606) joined Raasepori (710) on 1 Jan 2009: its rows were added to that municipality's.",
        "Tammisaari (835) joined Raasepori (710) on 1 Jan 2009: its rows were added to that municipality's.",
    ]


def test_a_rate_without_numerator_cannot_be_added(engine: Engine) -> None:
    text = "kunta;indikaattori;vuosi;arvo\nKankaanpää;ecec_share;2018;77,8\nHonkajoki;ecec_share;2018;80,0\n"
    result = load(engine, text)
    assert result["ok"] is False
    assert [(e["row"], e["column"], e["message"]) for e in result["errors"]] == [
        (
            3,
            "D",
            "row 3, column D: Honkajoki (099) joined Kankaanpää (214) on 1 Jan 2021. A share or mean cannot be added "
            "up without its numerator and denominator: add numerator and denominator columns or remove the row.",
        )
    ]


def test_no_value_of_an_abolished_municipality_after_its_abolition(engine: Engine) -> None:
    result = load(engine, "kunta;indikaattori;vuosi;arvo\nHonkajoki;cw_placed;2022;3\nKankaanpää;cw_placed;2022;25\n")
    assert result["ok"] is False
    assert [e["message"] for e in result["errors"]] == [
        "row 2, column A: Honkajoki (099) joined Kankaanpää (214) on 1 Jan 2021, so a value for 2022 cannot be its "
        "own. Check the area or the year."
    ]


def test_a_part_alone_is_left_out_never_stored_as_the_whole(engine: Engine) -> None:
    """Honkajoki's 1 707 children alone are not Kankaanpää's 2018 figure: left out, with a warning."""
    result = load(engine, "kunta;indikaattori;vuosi;arvo\nHonkajoki;pop_0_17;2018;1707\nLahti;pop_0_17;2018;20000\n")
    assert result["ok"] is True
    assert [(r[2], r[6]) for r in fresh_rows(engine)] == [("398", 20000.0)]
    assert [w["type"] for w in result["warnings"]] == ["merged-incomplete"]
