"""Data-quality flags from the file to the store: a flag column in THL's and Statistics Finland's words
("ennakkotieto", "arvio", "salattu"), a period marked preliminary the way Statistics Finland writes it
("2024*"), carried through merged municipalities and roll-up sums, and a preliminary value replaced by the
final one through the normal replace flow, seen in the upload history (rows read through a fresh connection)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from data_loaders.parse import CellError, parse_flag, parse_year_flag
from metrics.aggregate import roll_up
from store.reference import region_rows
from store.uploads import history, rollback_upload


def fresh(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(str(engine.url.database)) as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def urgent(engine: Engine) -> list[tuple[Any, ...]]:
    return fresh(
        engine,
        "SELECT region_code, year, value, flag FROM observations WHERE indicator_code = 'cw_urgent' "
        "AND upload_id IN (SELECT id FROM uploads WHERE format != 'demo') ORDER BY region_code, year",
    )


@pytest.mark.parametrize(
    ("cell", "flag"),
    [
        ("ennakkotieto", "preliminary"),
        ("Ennakko", "preliminary"),
        ("*", "preliminary"),
        ("p", "preliminary"),  # Eurostat's "provisional"
        ("förhandsuppgift", "preliminary"),
        ("Preliminary", "preliminary"),
        ("arvio", "estimate"),
        ("e", "estimate"),  # Eurostat's "estimated"
        ("uppskattning", "estimate"),
        ("salattu", "suppressed_at_source"),
        ("", None),
        ("lopullinen", None),
        ("final", None),
    ],
)
def test_flag_words(cell: str, flag: str | None) -> None:
    assert parse_flag(cell) == flag


def test_year_marks() -> None:
    assert parse_year_flag("2024") == (2024, None)
    assert parse_year_flag(2023) == (2023, None)
    assert parse_year_flag("2024*") == (2024, "preliminary")
    assert parse_year_flag("2024 (ennakko)") == (2024, "preliminary")
    assert parse_year_flag("2024 ennakkotieto") == (2024, "preliminary")
    with pytest.raises(CellError):
        parse_year_flag("2024**x")
    with pytest.raises(CellError):
        parse_flag("tarkistettava")


# Päijät-Häme: Lahti (398), Hollola (098), Heinola (111)
LONG = (
    "Kunta;Vuosi;Indikaattori;Arvo;Merkintä\n"
    "Lahti;2023;cw_urgent;40;\n"
    "Lahti;2024;cw_urgent;35;ennakkotieto\n"
    "Hollola;2024;cw_urgent;7;arvio\n"
    "Heinola;2024;cw_urgent;..;salattu\n"
)


def test_a_flag_column_is_stored(empty_engine: Engine) -> None:
    result = ingest_bytes(empty_engine, LONG.encode(), "kiireelliset.csv")
    assert result.ok, result.report.errors
    assert urgent(empty_engine) == [
        ("098", 2024, 7.0, "estimate"),
        ("111", 2024, None, "suppressed_at_source"),
        ("398", 2023, 40.0, None),
        ("398", 2024, 35.0, "preliminary"),
    ]
    assert "1 arvoa on merkitty ennakkotiedoiksi" in " ".join(result.report.note_texts("fi"))


def test_statistics_finland_marks_the_preliminary_year_in_the_header(empty_engine: Engine) -> None:
    wide = "Alue;2022;2023;2024*\nLahti;30;40;35\nHollola;5;6;7\n"
    result = ingest_bytes(empty_engine, wide.encode(), "tilastokeskus.csv", indicator="cw_urgent")
    assert result.ok, result.report.errors
    assert urgent(empty_engine) == [
        ("098", 2022, 5.0, None),
        ("098", 2023, 6.0, None),
        ("098", 2024, 7.0, "preliminary"),
        ("398", 2022, 30.0, None),
        ("398", 2023, 40.0, None),
        ("398", 2024, 35.0, "preliminary"),
    ]


def test_an_unknown_flag_or_a_withheld_number_is_refused_by_its_cell(empty_engine: Engine) -> None:
    bad = "kunta;vuosi;indikaattori;arvo;merkintä\n398;2024;cw_urgent;35;tarkistettava\n098;2024;cw_urgent;7;salattu\n"
    result = ingest_bytes(empty_engine, bad.encode(), "virhe.csv")
    assert not result.ok
    got = [(e.type, e.row, e.column, e.key) for e in result.report.errors]
    assert got == [
        ("type-error", 2, "E", "err.type.not-flag"),
        ("constraint-error", 3, "E", "err.suppressed-with-value"),
    ]
    assert "'tarkistettava' ei ole tiedon merkintä" in result.report.errors[0].message("fi")
    assert urgent(empty_engine) == []


def test_a_merged_municipality_makes_the_sum_preliminary(empty_engine: Engine) -> None:
    # Nastola (532) joined Lahti in 2016: its 2015 rows are summed into Lahti's 2025 area
    text = "kunta;vuosi;indikaattori;arvo;merkintä\n398;2015;cw_urgent;100;ennakkotieto\n532;2015;cw_urgent;20;\n"
    result = ingest_bytes(empty_engine, text.encode(), "2015.csv")
    assert result.ok, result.report.errors
    assert urgent(empty_engine) == [("398", 2015, 120.0, "preliminary")]


def test_roll_up_carries_preliminary_and_leaves_out_withheld() -> None:
    munis = pd.DataFrame([r for r in region_rows() if r["level"] == "municipality"])[
        ["code", "county_code", "region_code"]
    ]
    kymi = {"075": 4, "285": 16, "286": 18, "489": 1, "624": 2, "935": 3}  # Kymenlaakso's six
    meta = pd.DataFrame([{"code": "cw_urgent", "unit": "count", "per": 1000}])

    def obs(flags: dict[str, str]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"indicator_code": "cw_urgent", "region_level": "municipality", "region_code": c, "year": 2024,
                 "month": 0, "sex": "total", "value": None if flags.get(c) == "suppressed_at_source" else float(n),
                 "numerator": None, "denominator": None, "flag": flags.get(c)}
                for c, n in kymi.items()
            ]
        )  # fmt: skip

    county = roll_up(obs({"489": "preliminary", "624": "estimate"}), munis, meta).query("region_level == 'county'")
    assert county[["region_code", "value", "flag"]].values.tolist() == [["10", 44.0, "preliminary"]]
    estimated = roll_up(obs({"624": "estimate"}), munis, meta).query("region_level == 'county'")
    assert estimated[["value", "flag"]].values.tolist() == [[44.0, "estimate"]]
    final = roll_up(obs({}), munis, meta).query("region_level == 'county'")
    assert final["flag"].tolist() == [None]
    withheld = roll_up(obs({"489": "suppressed_at_source"}), munis, meta)
    assert withheld.query("region_level == 'county'").empty  # a withheld part: no county sum at all


def test_preliminary_then_final_through_replace_and_back(empty_engine: Engine) -> None:
    # THL publishes child-welfare figures first as preliminary (April), then final (June)
    head = "kunta;vuosi;indikaattori;arvo;merkintä\n"
    april = head + "398;2024;cw_urgent;35;ennakkotieto\n098;2024;cw_urgent;7;ennakkotieto\n"
    june = "kunta;vuosi;indikaattori;arvo\n398;2024;cw_urgent;36\n098;2024;cw_urgent;7\n"
    first = ingest_bytes(empty_engine, april.encode(), "huhtikuu.csv")
    assert first.ok
    refused = ingest_bytes(empty_engine, june.encode(), "kesakuu.csv")
    assert not refused.ok and refused.report.errors[0].type == "overlap"  # never silently over a preliminary
    second = ingest_bytes(empty_engine, june.encode(), "kesakuu.csv", replace=True)
    assert second.ok and second.replaced == 2
    assert "2 ennakkotietoa korvattiin lopullisilla" in " ".join(second.report.note_texts("fi"))
    assert urgent(empty_engine) == [("098", 2024, 7.0, None), ("398", 2024, 36.0, None)]
    archived = fresh(
        empty_engine, "SELECT region_code, value, flag, replaced_by FROM observation_archive ORDER BY region_code"
    )
    assert archived == [("098", 7.0, "preliminary", second.upload_id), ("398", 35.0, "preliminary", second.upload_id)]
    items = {it["id"]: it for it in history(empty_engine)}
    assert (items[second.upload_id]["finalised"], items[second.upload_id]["preliminary"]) == (2, 0)
    # the April upload still says it brought two preliminary values, now replaced by June's
    assert (items[first.upload_id]["preliminary"], items[first.upload_id]["replaced_by"]) == (2, second.upload_id)
    # rolling the final values back brings the preliminary ones back, flag and all
    assert second.upload_id is not None
    rollback_upload(empty_engine, second.upload_id, actor="test")
    assert urgent(empty_engine) == [("098", 2024, 7.0, "preliminary"), ("398", 2024, 35.0, "preliminary")]
    items = {it["id"]: it for it in history(empty_engine)}
    assert items[first.upload_id]["preliminary"] == 2 and items[second.upload_id]["finalised"] == 0
