"""One golden fixture per loading case of BAD_INPUTS.md (1-29, 32); whole reports pinned.

After every failure the database is reopened through a fresh connection and counted.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from tests.conftest import FIXTURES
from tests.data_loaders.conftest import errors, fresh_counts, fresh_rows, load

UNKNOWN_COLUMN = (
    "Saraketta ei tunnistettu. Otsikoiksi käyvät esimerkiksi kunta, hyvinvointialue, indikaattori, vuosi, "
    "kuukausi, sukupuoli, arvo, osoittaja ja nimittäjä."
)
HEADER_NOT_FOUND = (
    "Otsikkoriviä ei löytynyt 30 ensimmäiseltä riviltä. Otsikkorivillä pitää olla alue (esim. 'kunta' tai "
    "'hyvinvointialue') ja vuodet, mittarit tai sarakkeet indikaattori, vuosi ja arvo. Taulukot: -."
)


def rejected(engine: Engine, result: dict) -> None:
    """A refused file: not ok, no upload id, nothing written (fresh connection)."""
    assert result["ok"] is False
    assert "upload_id" not in result
    assert result["rows_accepted"] == 0
    assert fresh_counts(engine) == (0, 0)


def test_01_empty_file(engine: Engine) -> None:
    result = load(engine, "empty.csv")
    assert result["errors"] == [
        {
            "type": "empty-file",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "Tiedosto on tyhjä (siinä ei ole muuta kuin tyhjää tai tavujärjestysmerkki). "
            "Valitse tiedosto, jossa on tiedot.",
        }
    ]
    rejected(engine, result)


def test_02_not_excel_by_content(engine: Engine) -> None:
    result = load(engine, "not_excel.xlsx")
    assert result["errors"] == [
        {
            "type": "format-error",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "Tiedoston nimi päättyy .xlsx, mutta sisältö ei ole Excel-työkirja. "
            "Avaa tiedosto Excelissä ja tallenna se uudelleen muodossa .xlsx.",
        }
    ]
    rejected(engine, result)


def test_02_csv_content_named_xlsx_is_still_refused(engine: Engine) -> None:
    data = (FIXTURES / "dialect_semicolon.csv").read_bytes()
    result = ingest_bytes(engine, data, "renamed.xlsx").as_json("en")
    assert errors(result) == [("format-error", None, None, None)]
    assert result["errors"][0]["message"].startswith("The file name ends in .xlsx but its content is not")
    rejected(engine, result)


def test_03_macros_refused(engine: Engine) -> None:
    result = load(engine, "macros.xlsm")
    assert result["errors"][0]["message"] == (
        "Tiedostossa on makroja (.xlsm). Makroja ei ajeta eikä tiedostoa oteta vastaan: tallenna se muodossa "
        ".xlsx (Excel-työkirja)."
    )
    assert errors(result) == [("format-error", None, None, None)]
    rejected(engine, result)


def test_03_encrypted_refused(engine: Engine) -> None:
    result = load(engine, "encrypted.xlsx", lang="sv")
    assert result["errors"] == [
        {
            "type": "format-error",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "Filen är lösenordsskyddad. Spara den som .xlsx utan lösenord.",
        }
    ]
    rejected(engine, result)


def test_04_entity_bomb(engine: Engine) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = load(engine, "entity_bomb.xlsx")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert errors(result) == [("format-error", None, None, None)]
    assert "XML-määrittelyjä" in result["errors"][0]["message"]
    assert after - before < 50_000  # KiB: memory stayed flat
    rejected(engine, result)


def test_04_defusedxml_is_active() -> None:
    from openpyxl.xml import DEFUSEDXML

    import data_loaders.readers  # noqa: F401  (asserts at import)

    assert DEFUSEDXML is True


def test_05_zip_bomb_rejected_from_directory(engine: Engine) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 2 * 1024 * 1024
    result = ingest_bytes(engine, data, "bomb.xlsx").as_json("fi")
    assert result["errors"] == [
        {
            "type": "limit-exceeded",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "Excel-tiedosto purkautuisi liian suureksi (300 Mt, raja 400 Mt). "
            "Tarkista tiedosto tai jaa tiedot pienempiin tiedostoihin.",
        }
    ]
    rejected(engine, result)


def test_06_size_and_row_limits(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPE_MAX_UPLOAD_MB", "1")
    big = ("kunta;indikaattori;vuosi;arvo\n" + "091;cw_placed;2024;5\n" * 60_000).encode()
    result = ingest_bytes(engine, big, "big.csv").as_json("fi")
    assert errors(result) == [("limit-exceeded", None, None, None)]
    assert (
        result["errors"][0]["message"]
        == "Tiedosto on liian suuri (1,2 Mt, raja 1 Mt). Jaa tiedot useampaan tiedostoon."
    )
    monkeypatch.setenv("LAPE_MAX_UPLOAD_MB", "50")
    monkeypatch.setenv("LAPE_MAX_ROWS", "10")
    rows = ("kunta;indikaattori;vuosi;arvo\n" + "".join(f"{c};cw_placed;2024;5\n" for c in range(5, 75))).encode()
    result = ingest_bytes(engine, rows, "rows.csv").as_json("fi")
    assert errors(result) == [("limit-exceeded", None, None, None)]
    assert (
        result["errors"][0]["message"] == "Tiedostossa on liikaa rivejä (71, raja 10). Jaa tiedot useampaan tiedostoon."
    )
    rejected(engine, result)


def test_07_several_sheets(engine: Engine) -> None:
    result = load(engine, "multi_sheet.xlsx")
    assert result["ok"] is True and result["rows_accepted"] == 2
    assert result["warnings"] == [
        {
            "type": "hidden-sheet",
            "sheet": "Vanhat",
            "row": None,
            "column": None,
            "message": "taulukko Vanhat: Piilotettu taulukko ohitettiin. Jos sen tiedot kuuluvat mukaan, "
            "näytä taulukko ja lataa uudelleen.",
        }
    ]
    assert "Taulukko Tiedot: otsikkorivi 1." in result["notes"]
    assert fresh_rows(engine) == [
        ("cw_placed", "municipality", "111", 2024, None, "total", 30.0, None, None, None),
        ("cw_placed", "municipality", "398", 2024, None, "total", 150.0, None, None, None),
    ]


def test_08_title_rows_and_merged_cells(engine: Engine) -> None:
    result = load(engine, "title_rows.xlsx")
    assert result["ok"] is True and result["format"] == "wide"
    assert result["warnings"] == [
        {
            "type": "total-row",
            "sheet": "Sijoitukset",
            "row": 8,
            "column": None,
            "message": "taulukko Sijoitukset, rivi 8: Yhteensä-rivi ohitettiin (summat lasketaan alueista).",
        }
    ]
    rows = fresh_rows(engine)
    assert len(rows) == 15
    assert ("cw_placed", "municipality", "016", 2020, None, "total", 10.0, None, None, None) in rows
    assert ("cw_placed", "municipality", "098", 2021, None, "total", None, None, None, "suppressed_at_source") in rows
    assert ("cw_placed", "municipality", "398", 2024, None, "total", 141.0, None, None, None) in rows


def test_08_header_not_found(engine: Engine) -> None:
    result = load(engine, "no_header.csv")
    assert result["errors"] == [
        {"type": "header-not-found", "sheet": None, "row": None, "column": None, "message": HEADER_NOT_FOUND}
    ]
    rejected(engine, result)


def test_09_formulas_without_values(engine: Engine) -> None:
    result = load(engine, "formulas.xlsx")
    assert result["errors"] == [
        {
            "type": "formula-error",
            "sheet": "Sheet",
            "row": None,
            "column": "D",
            "message": "taulukko Sheet, sarake D: Sarakkeessa on kaavoja ilman laskettuja arvoja. "
            "Avaa tiedosto Excelissä, anna sen laskea ja tallenna.",
        },
    ]
    rejected(engine, result)


def test_10_bom_is_not_part_of_the_first_header(engine: Engine) -> None:
    result = load(engine, "dialect_bom.csv")
    assert result["ok"] is True and result["rows_accepted"] == 4


def test_11_windows_1252(engine: Engine) -> None:
    result = load(engine, "cp1252.csv")
    assert result["ok"] is True
    assert result["notes"] == [
        "'Hämeenlinna' tulkittiin alueeksi 109 (kunta).",
        "'Äänekoski' tulkittiin alueeksi 992 (kunta).",
    ]
    assert [r[2] for r in fresh_rows(engine)] == ["109", "992"]


def test_13_point_in_comma_file(engine: Engine) -> None:
    result = load(engine, "point_in_comma.csv")
    assert result["errors"] == [
        {
            "type": "type-error",
            "sheet": None,
            "row": 4,
            "column": "D",
            "message": "rivi 4, sarake D: '12.5': tiedostossa desimaalierotin on pilkku, joten pisteellinen luku on "
            "epäselvä. Kirjoita desimaalit pilkulla (esim. 12,5).",
        }
    ]
    rejected(engine, result)


def test_14_nbsp_thin_space_and_unicode_minus(engine: Engine) -> None:
    result = load(engine, "nbsp_minus.csv")
    assert result["ok"] is True
    values = {r[2]: r[6] for r in fresh_rows(engine)}
    assert values == {"091": 1234.5, "049": 2345.0, "092": -5.0}


def test_15_ragged_rows_blank_and_duplicate_headers(engine: Engine) -> None:
    result = load(engine, "ragged.csv")
    assert errors(result) == [
        ("blank-header", None, 1, "C"),
        ("duplicate-header", None, 1, "F"),
        ("missing-cell", None, 4, "E"),
    ]
    # text beyond the header (row 5, 'extra') is a note beside the table, not data without a header
    assert [w["type"] for w in result["warnings"]] == ["notes-beside"]
    assert result["errors"][1]["message"] == (
        "rivi 1, sarake F: Otsikko 'vuosi' on jo sarakkeessa D. Anna sarakkeille eri otsikot."
    )
    rejected(engine, result)


def test_16_codes_that_lost_their_zeros(engine: Engine) -> None:
    result = load(engine, "codes_no_zeros.csv")
    assert result["errors"] == [
        {
            "type": "unknown-region",
            "sheet": None,
            "row": 4,
            "column": "A",
            "message": "rivi 4, sarake A: Aluekoodia '999' ei ole vuoden 2025 aluejaossa. Tarkista koodi "
            "(kunnat kolminumeroisia, esim. 091).",
        }
    ]
    rejected(engine, result)
    fixed = (FIXTURES / "codes_no_zeros.csv").read_text().replace("999;cw_placed;2024;3\n", "")
    ok = ingest_bytes(engine, fixed.encode(), "fixed.csv").as_json("fi")
    assert ok["ok"] is True
    assert [r[2] for r in fresh_rows(engine)] == ["005", "091"]


def test_17_swedish_names_case_spacing_merged(engine: Engine) -> None:
    result = load(engine, "names.csv")
    assert result["ok"] is True
    assert result["notes"] == [
        "'Helsingfors' tulkittiin alueeksi 091 (kunta).",
        "'päijät-HÄME' tulkittiin alueeksi 09 (hyvinvointialue).",
        "'Pertunmaa' tulkittiin alueeksi 507 (kunta).",
        "'Åbo' tulkittiin alueeksi 853 (kunta).",
        "'Siun sote' tulkittiin alueeksi 14 (hyvinvointialue).",
        "'Mäntyharju' tulkittiin alueeksi 507 (kunta).",
    ]
    assert [(r[1], r[2]) for r in fresh_rows(engine)] == [
        ("county", "09"),
        ("county", "14"),
        ("municipality", "091"),
        ("municipality", "507"),
        ("municipality", "853"),
    ]
    # Pertunmaa (2024) lies in Mäntyharju since 2025: its 2 children are added to Mäntyharju's 9
    assert {r[2]: r[6] for r in fresh_rows(engine)}["507"] == 11.0
    assert [w["message"] for w in result["warnings"]] == [
        "Pertunmaa (588) liittyi kuntaan Mäntyharju (507) 1.1.2025: sen rivit laskettiin yhteen tämän kunnan rivien "
        "kanssa."
    ]


def test_18_dates_day_first(engine: Engine) -> None:
    assert load(engine, "dates.csv")["ok"] is True
    assert {(r[2], r[3], r[4]) for r in fresh_rows(engine)} == {("091", 2024, 2), ("049", 2024, 2), ("092", 2024, 2)}


def test_19_constraints(engine: Engine) -> None:
    result = load(engine, "constraints.csv")
    assert errors(result) == [
        ("constraint-error", None, 2, "D"),
        ("constraint-error", None, 3, "D"),
        ("constraint-error", None, 4, "D"),
        ("constraint-error", None, 4, "E"),
        ("type-error", None, 5, "D"),
        ("type-error", None, 6, "D"),
    ]
    assert [e["message"] for e in result["errors"]] == [
        "rivi 2, sarake D: Lukumäärä ei voi olla negatiivinen (-3). Korjaa arvo.",
        "rivi 3, sarake D: Prosenttiosuuden pitää olla välillä 0–100. Korjaa arvo.",
        "rivi 4, sarake D: Prosenttiosuuden pitää olla välillä 0–100. Korjaa arvo.",
        "rivi 4, sarake E: Osoittaja on suurempi kuin nimittäjä. Tarkista, ovatko sarakkeet oikein päin.",
        "rivi 5, sarake D: 'NaN' ei ole äärellinen luku. Korjaa kaava tai kirjoita '..' puuttuvalle tiedolle.",
        "rivi 6, sarake D: 'inf' ei ole äärellinen luku. Korjaa kaava tai kirjoita '..' puuttuvalle tiedolle.",
    ]
    rejected(engine, result)


def test_20_source_markers_are_flagged_never_zero(engine: Engine) -> None:
    assert load(engine, "markers.csv")["ok"] is True
    rows = fresh_rows(engine)
    assert [(r[2], r[6], r[9]) for r in rows] == [
        ("005", None, "suppressed_at_source"),
        ("049", None, "suppressed_at_source"),
        ("091", None, "suppressed_at_source"),
        ("092", None, "suppressed_at_source"),
    ]


def test_21_formula_looking_text_is_never_run(engine: Engine) -> None:
    result = load(engine, "formula_text.csv")
    assert errors(result) == [
        ("unknown-region", None, 2, "A"),
        ("unknown-indicator", None, 3, "B"),
        ("type-error", None, 4, "D"),
    ]
    assert result["errors"][0]["message"].startswith('rivi 2, sarake A: Aluetta \'=HYPERLINK("http://x","y")\'')
    rejected(engine, result)


def test_21_exports_prefix_formula_text() -> None:
    from i18n.text import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("+358401234567") == "'+358401234567"
    assert spreadsheet_safe("\tx") == "'\tx"
    assert spreadsheet_safe("-5") == "-5"  # a plain negative number stays a number
    assert spreadsheet_safe("Lahti") == "Lahti"
    assert spreadsheet_safe(12.5) == 12.5


def test_22_markup_is_literal_text(engine: Engine) -> None:
    result = load(engine, "markup_region.csv")
    assert result["errors"][0]["message"] == (
        "rivi 2, sarake A: Aluetta '<img src=x onerror=alert(1)>' ei tunnistettu. Käytä kunnan tai "
        "hyvinvointialueen nimeä tai koodia vuoden 2025 aluejaon mukaan."
    )
    rejected(engine, result)


def test_23_sql_in_a_header_is_an_unknown_column(engine: Engine) -> None:
    result = load(engine, "sql_header.csv")
    assert result["errors"] == [
        {
            "type": "unknown-column",
            "sheet": None,
            "row": 1,
            "column": c,
            "message": f"rivi 1, sarake {c}: {UNKNOWN_COLUMN}",
        }
        for c in "ABC"
    ] + [{"type": "header-not-found", "sheet": None, "row": None, "column": None, "message": HEADER_NOT_FOUND}]
    rejected(engine, result)
    # the table is still there and untouched
    assert fresh_counts(engine) == (0, 0)


def test_24_personal_identity_code_not_echoed(engine: Engine) -> None:
    result = load(engine, "hetu.csv")
    assert errors(result) == [("personal-id", None, 3, "E")]
    assert "010203A123X" not in json.dumps(result)
    rejected(engine, result)


def test_25_same_file_twice(engine: Engine) -> None:
    first = load(engine, "dialect_semicolon.csv")
    assert first["ok"] is True and first["upload_id"] == 1
    counts = fresh_counts(engine)
    second = load(engine, "dialect_semicolon.csv")
    assert errors(second) == [("already-uploaded", None, None, None)]
    assert second["errors"][0]["message"].startswith("Sama tiedosto on jo ladattu ")
    assert second["errors"][0]["message"].endswith(" (käyttäjä testaaja, lataus 1). Mitään ei tallennettu.")
    assert fresh_counts(engine) == counts == (4, 1)


def test_26_corrected_file_needs_replace(engine: Engine) -> None:
    load(engine, "dialect_semicolon.csv")
    before = fresh_rows(engine)
    refused = load(engine, "corrected.csv")
    assert errors(refused) == [("overlap", None, None, None)]
    assert refused["errors"][0]["message"] == (
        "2 arvoa on jo tietokannassa aiemmasta latauksesta (1), esim. cw_placed 005 2024; cw_placed 091 2024. "
        "Jos tiedosto on korjattu versio, lataa se korvaavana (--replace)."
    )
    assert fresh_rows(engine) == before
    replaced = load(engine, "corrected.csv", replace=True)
    assert replaced["ok"] is True and replaced["upload_id"] == 2  # the refused attempt left no id behind
    rows = {(r[0], r[2]): r[6] for r in fresh_rows(engine)}
    assert rows[("cw_placed", "005")] == 13.0 and rows[("cw_placed", "091")] == 1240.0
    assert rows[("ecec_share", "398")] == 78.5  # untouched rows of the first upload stay


def test_27_database_error_rolls_back_everything(engine: Engine) -> None:
    import sqlite3

    with sqlite3.connect(str(engine.url.database)) as conn:
        conn.execute(
            "CREATE TRIGGER fail_late BEFORE INSERT ON observations WHEN NEW.year = 2027 "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    lines = ["kunta;indikaattori;vuosi;arvo"]
    years = list(range(1946, 2028))
    codes = [
        r["code"] for r in __import__("store.reference", fromlist=["x"]).region_rows() if r["level"] == "municipality"
    ]
    for code in codes[:122]:
        lines += [f"{code};cw_placed;{y};5" for y in years if y != 2027]
    lines.append(f"{codes[0]};cw_placed;2027;5")  # the last data row fails in the database
    assert len(lines) - 1 == 122 * 81 + 1 == 9883
    result = ingest_bytes(engine, ("\n".join(lines) + "\n").encode(), "big.csv").as_json("fi")
    assert errors(result) == [("database-error", None, None, None)]
    assert fresh_counts(engine) == (0, 0)


def test_32_unknown_indicator_with_closest_names(engine: Engine) -> None:
    result = load(engine, "unknown_indicator.csv")
    assert [e["message"] for e in result["errors"]] == [
        "rivi 2, sarake B: Indikaattoria 'cw_plaed' ei tunnistettu. Lähimmät tunnetut: cw_placed, "
        "cost_cw_placements, cw_notified. Käytä indikaattorin koodia tai nimeä (ks. Tietolähteet-sivu) tai poista "
        "sarake.",
        "rivi 3, sarake B: Indikaattoria 'Kodin ulkopuolelle sijoitetut' ei tunnistettu. Lähimmät tunnetut: Kodin "
        "ulkopuolelle sijoitetut lapset, Kiireellisesti sijoitetut lapset. Käytä indikaattorin koodia tai nimeä "
        "(ks. Tietolähteet-sivu) tai poista sarake.",
    ]
    rejected(engine, result)
