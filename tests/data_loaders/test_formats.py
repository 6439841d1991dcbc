"""Recognised formats: dialects give identical rows, xlsx equals csv, wide, Sotkanet, template."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from data_loaders.template import template_bytes
from store.queries import indicators_frame
from tests.conftest import FIXTURES, shared_path
from tests.data_loaders.conftest import fresh_rows, load

EXPECTED_LONG = [
    ("cw_placed", "municipality", "005", 2024, None, "total", 12.0, None, None, None),
    ("cw_placed", "municipality", "091", 2024, None, "total", 1234.0, None, None, None),
    ("ecec_share", "municipality", "398", 2024, None, "total", 78.5, None, None, None),
    ("fc_wait_days", "municipality", "167", 2023, None, "total", 12.25, None, None, None),
]


@pytest.mark.parametrize(
    "name", ["dialect_semicolon.csv", "dialect_comma.csv", "dialect_tab.tsv", "dialect_bom.csv", "dialect.xlsx"]
)
def test_every_dialect_gives_identical_rows(engine: Engine, name: str) -> None:
    result = load(engine, name)
    assert result["ok"] is True, result["errors"]
    assert result["rows_accepted"] == 4
    assert fresh_rows(engine) == EXPECTED_LONG


def test_json_shape(engine: Engine) -> None:
    result = load(engine, "dialect_semicolon.csv")
    assert list(result)[:5] == ["file", "ok", "upload_id", "rows_accepted", "errors"]
    assert result["file"] == "dialect_semicolon.csv"
    assert result["warnings"] == []


def test_wide_by_month(engine: Engine) -> None:
    result = load(engine, "wide_months.csv")
    assert result["ok"] is True and result["format"] == "wide"
    assert fresh_rows(engine) == [
        ("fc_visits", "county", "09", 2024, 1, "total", 5100.0, None, None, None),
        ("fc_visits", "county", "09", 2024, 2, "total", 4800.0, None, None, None),
        ("fc_visits", "county", "09", 2024, 3, "total", 5300.0, None, None, None),
        ("fc_visits", "county", "14", 2024, 1, "total", 3900.0, None, None, None),
        ("fc_visits", "county", "14", 2024, 2, "total", None, None, None, "suppressed_at_source"),
        ("fc_visits", "county", "14", 2024, 3, "total", 4100.0, None, None, None),
    ]


def test_sotkanet_json_rows(engine: Engine) -> None:
    result = load(engine, "sotkanet.json")
    assert result["ok"] is True and result["format"] == "sotkanet-json"
    assert fresh_rows(engine) == [
        ("pop_total", "county", "09", 2023, None, "total", 204635.0, 204635.0, None, None),
        ("pop_total", "municipality", "398", 2023, None, "total", 120763.0, None, None, None),
        ("sotkanet_5527", "county", "09", 2023, None, "male", 0.6, None, None, None),
    ]
    names = indicators_frame(engine).set_index("code")
    assert str(names.loc["sotkanet_5527", "name_fi"]).startswith("Kiireellisesti sijoitetut 0-17-vuotiaat")
    assert names.loc["sotkanet_5527", "unit"] == "percent"


def test_template_round_trip(engine: Engine) -> None:
    data = template_bytes(indicators_frame(engine), "sv")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Uppgifter", "Indikatorer", "Anvisning", "_lape"]
    assert wb["_lape"].sheet_state == "hidden"
    ws = wb["Uppgifter"]
    ws.append(["Lahtis", "cw_placed", 2024, None, "female", 70])
    ws.append(["09", "ecec_share", 2024, 3, None, None, 410, 500])
    buf = io.BytesIO()
    wb.save(buf)
    result = ingest_bytes(engine, buf.getvalue(), "mall.xlsx").as_json("sv")
    assert result["ok"] is True, result["errors"]
    assert result["format"] == "template"
    assert fresh_rows(engine) == [
        ("cw_placed", "municipality", "398", 2024, None, "female", 70.0, None, None, None),
        ("ecec_share", "county", "09", 2024, 3, "total", 82.0, 410.0, 500.0, None),  # the guide: 09 a county
    ]


def test_two_digit_code_in_a_generic_column_asks_for_the_level(engine: Engine) -> None:
    """'09' under 'alue' is county 09 (Päijät-Häme) or region 09 (Etelä-Karjala), never Alavieska (009)."""
    data = b"alue;indikaattori;vuosi;arvo\n09;cw_placed;2024;3\n"
    result = ingest_bytes(engine, data, "x.csv").as_json("en")
    assert result["ok"] is False
    assert [e["message"] for e in result["errors"]] == [
        "row 2, column A: The two-digit code '09' can be a wellbeing services county or a region, and the file does "
        "not say which. Name the column 'hyvinvointialue' (county) or 'maakunta' (region), write the name beside the "
        "code, or give the level (--level county or --level region)."
    ]


def test_two_digit_codes_decided_by_the_set_of_codes(engine: Engine) -> None:
    """90 and 91 exist only as counties; three-digit codes beside '91' (a number) mean zeros were lost."""
    counties = b"alue;indikaattori;vuosi;arvo\n09;cw_placed;2024;300\n90;cw_placed;2024;900\n"
    assert ingest_bytes(engine, counties, "c.csv").ok
    assert [r[1:3] for r in fresh_rows(engine)] == [("county", "09"), ("county", "90")]


def test_county_column_reads_two_digit_codes_as_counties(engine: Engine) -> None:
    data = b"hyvinvointialue;indikaattori;vuosi;arvo\n9;cw_placed;2024;300\n90;cw_placed;2024;900\n"
    assert ingest_bytes(engine, data, "x.csv").ok
    assert [r[1:3] for r in fresh_rows(engine)] == [("county", "09"), ("county", "90")]


def test_real_sotkanet_csv_mixed_decimals(engine: Engine) -> None:
    path = shared_path("data", "sotkanet-samples", "msathy_sotkanet_work.csv")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("fi")
    assert result["ok"] is True and result["format"] == "sotkanet-csv"
    # Valtimo's four 2015 values are in the sample but Nurmes's are not: Nurmes's 2025 area cannot be summed
    assert result["rows_accepted"] == 159 - 4
    assert [w["message"] for w in result["warnings"] if w["type"] == "merged-incomplete"] == [
        "Nurmes (541), vuodet 2015: tiedostossa on alueen yhdistyneen kunnan rivejä mutta ei kuntia Nurmes (541). "
        "Summa jäisi vajaaksi, joten näitä rivejä ei tallennettu; lisää puuttuvat kunnat, jos tiedot halutaan mukaan."
    ]
    rows = {(r[0], r[2]): r for r in fresh_rows(engine)}
    espoo = rows[("sotkanet_761", "049")]
    assert espoo[6] == 50.2  # "50,2" in a file that also writes "7.8"
    assert rows[("sotkanet_493", "049")][6:8] == (7.8, 21027.0)


def test_real_sotkanet_csv_second_sample(engine: Engine) -> None:
    path = shared_path("data", "sotkanet-samples", "msathy_sotkanet.csv")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("en")
    assert result["ok"] is True
    assert result["warnings"][0]["message"] == "1 rows without a value were skipped (no data in Sotkanet)."


def _sheet(path, name: str) -> list[list]:  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def _population(rows: list[list], code_col: int, value_col: int) -> dict[str, float]:
    out = {}
    for r in rows:
        cell = str(r[code_col]).strip().replace(".0", "")
        if cell.isdigit() and isinstance(r[value_col], float | int):
            out[f"{int(cell):03d}"] = float(r[value_col])
    return out


def test_real_workbook_with_title_rows_loads_with_warnings(engine: Engine) -> None:
    """A municipal area workbook of 2016: eight title lines, trilingual multi-line headers, code, Finnish
    and Swedish name columns, land-area columns this product has no indicator for, a regions sheet."""
    path = shared_path("data", "real-spreadsheets", "Kopio Kuntien pinta-alat ja asukastiheydet 2016.xlsx")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("en")
    assert result["ok"] is True, result["errors"]
    assert "Sheet Kuntien pinta-alat 2016: header row 9." in result["notes"]
    skipped = next(w["message"] for w in result["warnings"] if w["type"] == "indicators-skipped")
    assert "'Maata Land km2'" in skipped and "Väkiluku" not in skipped
    rows = {(r[1], r[2], r[3]): r[6] for r in fresh_rows(engine) if r[0] == "pop_total"}
    cells = _population(_sheet(path, "Kuntien pinta-alat 2016"), 0, 7)
    assert {y for _, _, y in rows} == {2015}  # 'Väkiluku 31.12.2015'
    # 2016's municipalities merged since: their inhabitants added to the 2025 municipality
    assert rows[("municipality", "214", 2015)] == cells["214"] + cells["099"]  # Kankaanpää + Honkajoki
    assert rows[("municipality", "297", 2015)] == cells["297"] + cells["174"]  # Kuopio + Juankoski
    assert rows[("municipality", "507", 2015)] == cells["507"] + cells["588"]  # Mäntyharju + Pertunmaa
    assert rows[("country", "SSS", 2015)] == 5487308.0  # 'Koko maa - Hela landet', on both sheets, once
    assert len([k for k in rows if k[0] == "municipality"]) == 308


def test_real_xls_year_per_sheet_loads_with_warnings(engine: Engine) -> None:
    """Municipal divisions and inhabitants 2000-2016, a sheet a year, merger notes beside the table,
    codes as text in some sheets and numbers in others: every year lands on the 2025 municipalities."""
    path = shared_path("data", "real-spreadsheets", "Kuntajaot ja asukasluvut 2000-2016.xls")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("en")
    assert result["ok"] is True, result["errors"][:3]
    assert {w["type"] for w in result["warnings"]} == {"notes-beside", "merged", "indicators-skipped"}
    # a column headed 'Yhdistyy seuraavan...' (merges next year) is no indicator: said, not guessed at
    assert "'Yhdistyy seuraavan'" in next(w["message"] for w in result["warnings"] if w["type"] == "indicators-skipped")
    rows = {(r[1], r[2], r[3]): r[6] for r in fresh_rows(engine)}
    # sheet 2006 is the division of 1.1.2006 with inhabitants on 31.12.2005
    cells = _population(_sheet(path, "2006"), 0, 2)
    assert rows[("municipality", "710", 2005)] == cells["220"] + cells["606"] + cells["835"]  # Raasepori's area
    assert rows[("municipality", "091", 2005)] == cells["091"]
    assert {y for _, _, y in rows} == set(range(1999, 2016))
    # every year whole: 31.12.2000 by the division of 1.1.2001 already has Kuorevesi inside Jämsä
    assert all(len([k for k in rows if k[0] == "municipality" and k[2] == y]) == 308 for y in range(1999, 2016))
    assert result["rows_accepted"] == 17 * 309  # 308 municipalities and the country, 17 years


def test_fixture_generator_is_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The committed csv fixtures are exactly what make_fixtures.py writes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("mf", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path  # type: ignore[attr-defined]
    module.main()
    for path in tmp_path.glob("*.csv"):
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), path.name
