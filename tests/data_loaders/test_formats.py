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
        ("ecec_share", "municipality", "009", 2024, 3, "total", 82.0, 410.0, 500.0, None),
    ]


def test_county_code_in_generic_column_is_a_municipality(engine: Engine) -> None:
    """'09' in a generic area column is Alavieska (009) with zeros lost, as the template guide warns."""
    data = b"alue;indikaattori;vuosi;arvo\n09;cw_placed;2024;3\n"
    assert ingest_bytes(engine, data, "x.csv").ok
    assert fresh_rows(engine)[0][1:3] == ("municipality", "009")


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


def test_real_workbook_with_title_rows_finds_header_and_reports_columns(engine: Engine) -> None:
    path = shared_path("data", "real-spreadsheets", "Kopio Kuntien pinta-alat ja asukastiheydet 2016.xlsx")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("fi")
    assert result["ok"] is False
    unknown = [(e["sheet"], e["row"], e["column"]) for e in result["errors"] if e["type"] == "unknown-indicator"]
    # header found on line 9 below 8 title rows; area columns and 'Väkiluku 31.12.2015' understood,
    # the land-area and density columns are not indicators of this product
    assert unknown[:6] == [("Kuntien pinta-alat 2016", 9, c) for c in "DEFGIJ"]
    assert not any(e["column"] == "H" and e["sheet"] == "Kuntien pinta-alat 2016" for e in result["errors"])
    assert not any("Koko maa" in e["message"] for e in result["errors"])
    assert "Taulukko Kuntien pinta-alat 2016: otsikkorivi 9." in result["notes"]
    # 2016 municipalities merged since then are named, once a row
    regions = [e for e in result["errors"] if e["type"] == "unknown-region"]
    assert len(regions) == len({(e["sheet"], e["row"]) for e in regions})


def test_real_xls_year_per_sheet(engine: Engine) -> None:
    path = shared_path("data", "real-spreadsheets", "Kuntajaot ja asukasluvut 2000-2016.xls")
    result = ingest_bytes(engine, path.read_bytes(), path.name).as_json("fi")
    assert result["ok"] is False
    types = {e["type"] for e in result["errors"]}
    # free-text merger notes without a header, and municipalities that no longer exist
    assert types <= {"extra-cell", "unknown-region", "limit-exceeded"}
    assert result["errors"][-1]["type"] == "limit-exceeded"  # capped at LAPE_MAX_ERRORS


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
