"""Files as Statistics Finland, THL Sotkanet, R and pandas publish them (made here, in their shapes):
PxWeb exports with title lines, 'Tiedot' measures and 'KU091 Helsinki' labels, the municipal key
figures of 2018, a years-across population table from 2000, the year in a header, a title or the file
name, area kinds the app does not hold, classification keys."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from tests.data_loaders.conftest import fresh_rows


def load(engine: Engine, text: str | bytes, name: str = "file.csv", **options: object) -> dict:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return ingest_bytes(engine, data, name, **options).as_json("en")  # type: ignore[arg-type]


def values(engine: Engine) -> dict[tuple[str, str, str, int], float]:
    return {(r[0], r[1], r[2], r[3]): r[6] for r in fresh_rows(engine)}


def warning_types(result: dict) -> list[str]:
    return sorted(w["type"] for w in result["warnings"])


PXWEB_CSV = """\
"Väestö 31.12. muuttujina Alue, Tiedot ja Vuosi"
""
"Alue";"Tiedot";"2018";"2019"
"SSS KOKO MAA";"Väkiluku";5517919;5525292
"KU091 Helsinki";"Väkiluku";648042;653835
"KU091 Helsinki";"0-17-vuotiaat";109583;110128
"KU091 Helsinki";"Taajama-aste, %";99,4;99,4
"KU049 Espoo";"Väkiluku";283632;289731
"MK01 Uusimaa";"Väkiluku";1671024;1689725
"SK011 Helsingin seutukunta";"Väkiluku";1495371;1512941
""
"Lähde: Tilastokeskus, väestörakenne"
"""


def test_pxweb_csv_with_prefixed_labels_and_a_measure_dimension(engine: Engine) -> None:
    result = load(engine, PXWEB_CSV, "statfin_vaerak.csv")
    assert result["ok"] is True, result["errors"]
    got = values(engine)
    assert got[("pop_total", "municipality", "091", 2019)] == 653835.0
    assert got[("pop_0_17", "municipality", "091", 2018)] == 109583.0
    assert got[("pop_total", "region", "01", 2018)] == 1671024.0  # MK01: a region (maakunta), not a county
    assert got[("pop_total", "country", "SSS", 2019)] == 5525292.0
    assert len(got) == 10
    messages = {w["type"]: w["message"] for w in result["warnings"]}
    assert (
        messages["area-kind"]
        == "2 rows were skipped: the app holds no areas of the kind sub-region (e.g. 'SK011 Helsingin seutukunta')."
    )
    assert "'Taajama-aste, %'" in messages["indicators-skipped"]


def pxweb_xlsx(area_header: str, measure_header: str, labels: list[str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Taulukko"
    ws.append(["Väestö 31.12. muuttujina Alue, Tiedot ja Vuosi"])
    ws.append([])
    ws.append([area_header, measure_header, "2020", "2021"])
    for i, label in enumerate(labels):
        ws.append([label, "Väkiluku", 1000 + i, 1010 + i])
    ws.append([])
    ws.append(["Lähde: Tilastokeskus"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("area_header", "measure_header", "labels"),
    [
        ("Alue", "Tiedot", ["091 Helsinki", "049 Espoo", "09 Päijät-Hämeen hyvinvointialue"]),
        ("Område", "Uppgifter", ["091 Helsingfors", "049 Esbo", "HV09 Päijänne-Tavastlands välfärdsområde"]),
        ("Area", "Information", ["KU091 Helsinki", "KU049 Espoo", "Päijät-Häme wellbeing services county"]),
    ],
)
def test_pxweb_xlsx_in_three_languages(
    engine: Engine, area_header: str, measure_header: str, labels: list[str]
) -> None:
    result = load(engine, pxweb_xlsx(area_header, measure_header, labels), "pxweb.xlsx")
    assert result["ok"] is True, result["errors"]
    got = values(engine)
    assert got[("pop_total", "municipality", "091", 2020)] == 1000.0
    assert got[("pop_total", "municipality", "049", 2021)] == 1011.0
    assert got[("pop_total", "county", "09", 2021)] == 1012.0  # the name beside '09' says county


def test_a_code_and_a_name_that_disagree(engine: Engine) -> None:
    result = load(engine, pxweb_xlsx("Alue", "Tiedot", ["091 Espoo"]), "x.xlsx")
    assert result["ok"] is False
    assert result["errors"][0]["message"] == (
        "sheet Taulukko, row 4, column A: '091 Espoo': the code and the name are different areas "
        "(code 091 is a municipality). Correct the code or the name."
    )


KEY_FIGURES_2018 = """\
"Kuntien avainluvut 2018 aluejaolla 2019"
"Alue 2018";"Väkiluku";"Väestönmuutos edellisestä vuodesta, %";"Alle 15-vuotiaiden osuus väestöstä, %";"0-17-vuotiaat"
"KOKO MAA";5517919;0,1;15,9;1062367
"Helsinki";648042;1,2;14,8;109583
"Kankaanpää";11437;-1,0;15,7;2063
"Honkajoki";1707;-2,3;14,3;281
"Espoo";283632;1,7;19,2;63111
"""


def test_municipal_key_figures_2018_with_a_merged_municipality(engine: Engine) -> None:
    """Statistics Finland's key figures of 2018 (the division of 2019): the year in the area header,
    measures this app has no indicator for skipped, Honkajoki added to Kankaanpää."""
    result = load(engine, KEY_FIGURES_2018, "kuntien_avainluvut.csv")
    assert result["ok"] is True, result["errors"]
    got = values(engine)
    assert got[("pop_total", "municipality", "214", 2018)] == 11437.0 + 1707.0  # Kankaanpää 2018 includes Honkajoki
    assert got[("pop_0_17", "municipality", "214", 2018)] == 2063.0 + 281.0
    assert got[("pop_total", "country", "SSS", 2018)] == 5517919.0
    assert {k[3] for k in got} == {2018}
    assert warning_types(result) == ["indicators-skipped", "merged"]


YEARS_ACROSS_2000 = """\
Väkiluku 31.12. muuttujina Alue ja Vuosi
Alue;2000;2001;2002
Koko maa;5181115;5194901;5206295
Jämsä;12512;13437;13310
Jämsänkoski;7869;7787;7705
Kuorevesi;3057;;
Längelmäki;1922;1878;1820
Mikkeli;46476;52353;52384
Mikkelin mlk;5210;;
Anttola;1596;;
Haukivuori;2488;2431;2385
Ristiina;5003;4977;4920
Suomenniemi;845;837;830
"""


def test_years_across_population_table_from_2000(engine: Engine) -> None:
    """Every part of today's Jämsä and Mikkeli, as the years' divisions had them: Kuorevesi (into Jämsä),
    Mikkelin mlk and Anttola (into Mikkeli) until 1.1.2001; Jämsänkoski, Längelmäki, Haukivuori,
    Ristiina and Suomenniemi later. Each year's figures add up to the 2025 municipality."""
    result = load(engine, YEARS_ACROSS_2000, "vaesto_2000_2002.csv")
    assert result["ok"] is True, result["errors"]
    got = values(engine)
    assert got[("pop_total", "municipality", "182", 2000)] == 12512.0 + 7869.0 + 3057.0 + 1922.0
    assert got[("pop_total", "municipality", "182", 2001)] == 13437.0 + 7787.0 + 1878.0  # Kuorevesi in Jämsä
    assert got[("pop_total", "municipality", "491", 2000)] == 46476.0 + 5210.0 + 1596.0 + 2488.0 + 5003.0 + 845.0
    assert got[("pop_total", "municipality", "491", 2002)] == 52384.0 + 2385.0 + 4920.0 + 830.0
    assert got[("pop_total", "country", "SSS", 2002)] == 5206295.0
    assert len(got) == 9


def test_a_year_with_a_part_of_the_area_missing_is_left_out_and_said(engine: Engine) -> None:
    text = "Väkiluku 31.12. muuttujina Alue ja Vuosi\nAlue;2000\nJämsä;12512\nKuorevesi;3057\nLahti;97398\n"
    result = load(engine, text, "osa.csv")
    assert result["ok"] is True
    assert list(values(engine)) == [("pop_total", "municipality", "398", 2000)]
    assert [w["message"] for w in result["warnings"] if w["type"] == "merged-incomplete"] == [
        "Jämsä (182), years 2000: the file has rows of a merged municipality of the area but not "
        "Jämsänkoski (183), Längelmäki (443). The sum would be short, so these rows were not stored; add the "
        "missing municipalities to include them."
    ]


def test_year_from_the_file_name_or_the_command(engine: Engine) -> None:
    text = "kunta;indikaattori;arvo\nLahti;cw_placed;120\nHeinola;cw_placed;40\n"
    named = load(engine, text, "lastensuojelu_2023.csv")
    assert named["ok"] is True, named["errors"]
    assert {k[3] for k in values(engine)} == {2023}
    nameless = load(engine, text.replace("120", "121"), "lastensuojelu.csv")
    assert nameless["ok"] is False
    assert nameless["errors"][0]["message"] == (
        "No year was found in the file. Add a year column, write the year in the header or the file name, "
        "or give it when loading (--year 2024)."
    )  # a CSV is never told to 'name the sheet'
    given = load(engine, text.replace("120", "122"), "lastensuojelu.csv", year=2022)
    assert given["ok"] is True
    assert values(engine)[("cw_placed", "municipality", "398", 2022)] == 122.0


def test_indicator_from_the_command(engine: Engine) -> None:
    text = "kunta;2023;2024\nLahti;120;118\n"
    missing = load(engine, text, "x.csv")
    assert [e["type"] for e in missing["errors"]] == ["unknown-indicator"]
    given = load(engine, text, "x.csv", indicator="cw_placed")
    assert given["ok"] is True
    assert values(engine)[("cw_placed", "municipality", "398", 2024)] == 118.0
    wrong = load(engine, text, "y.csv", indicator="no_such")
    assert wrong["errors"][0]["message"] == (
        "--indicator 'no_such' is no known indicator. See the codes with python -m data_loaders indicators list."
    )


def test_r_export_with_a_header_one_cell_short(engine: Engine) -> None:
    text = '"kunta","population_2001_12_31"\n"1","Helsinki",559716\n"2","Espoo",216836\n"3","Vantaa",179856\n'
    result = load(engine, text, "r_export.csv")
    assert result["ok"] is True, result["errors"]
    assert values(engine)[("pop_total", "municipality", "049", 2001)] == 216836.0


def test_pandas_export_with_its_index(engine: Engine) -> None:
    text = ",kunta,vuosi,indikaattori,arvo\n0,091,2024,cw_placed,1200\n1,049,2024,cw_placed,500\n"
    result = load(engine, text, "pandas.csv")
    assert result["ok"] is True, result["errors"]
    assert values(engine)[("cw_placed", "municipality", "049", 2024)] == 500.0


def test_r_sotkanet_client_frame_written_with_write_csv(engine: Engine) -> None:
    """rOpenGov's sotkanet/geofi frames saved with write.csv: quoted R row names ("127.1"), names
    with dots and underscores (municipality_code, primary.value), codes that lost their zeros."""
    text = (
        '"","municipality_code","primary.value","year"\n'
        '"127.1",91,664028,2022\n"127.2",49,305274,2022\n"127.3",588,1693,2022\n"127.4",507,5564,2022\n'
    )
    result = load(engine, text, "sotkadata_population.csv", indicator="pop_total")
    assert result["ok"] is True, result["errors"]
    assert warning_types(result) == ["merged"]  # Pertunmaa (588) joined Mäntyharju (507) on 1.1.2025
    got = values(engine)
    assert got[("pop_total", "municipality", "091", 2022)] == 664028.0
    assert got[("pop_total", "municipality", "507", 2022)] == 5564.0 + 1693.0


def test_real_sotkanet_population_series_from_geofi(engine: Engine) -> None:
    """The real population series 2000-2022 (Sotkanet 127 as rOpenGov/geofi ships it), written with
    write.csv: the country summed from 308 municipalities equals Statistics Finland's published
    totals (5 181 115 on 31.12.2000, 5 517 919 in 2018, 5 563 970 in 2022)."""
    rdata = pytest.importorskip("rdata")
    from tests.conftest import shared_path
    from views.context import open_context
    from views.gate import values as gated

    path = shared_path("data", "sotkanet-samples", "geofi_sotkadata_population.rda")
    frame = rdata.conversion.convert(rdata.parser.parse_file(path), default_encoding="utf8")["sotkadata_population"]
    buffer = io.StringIO()
    frame.to_csv(buffer, quoting=2)  # R's write.csv: quoted strings, row names first
    result = load(engine, buffer.getvalue(), "sotkadata_population.csv", indicator="pop_total")
    assert result["ok"] is True, result["errors"]
    assert warning_types(result) == ["merged"]
    assert result["rows_accepted"] == len(frame) - 23  # Pertunmaa's 23 years added to Mäntyharju
    stored = values(engine)
    file_value = {(int(c), int(y)): int(v) for c, v, y in frame.itertuples(index=False)}
    for year in range(2000, 2023):
        assert stored[("pop_total", "municipality", "507", year)] == file_value[(507, year)] + file_value[(588, year)]
    ctx = open_context("fi", engine.url.render_as_string(hide_password=False))
    country = gated(ctx, ["pop_total"], areas=[("country", "SSS")])
    by_year = dict(zip(country["year"].astype(int), country["value"], strict=True))
    assert (by_year[2000], by_year[2018], by_year[2022]) == (5_181_115, 5_517_919, 5_563_970)
    assert all(by_year[y] == sum(v for (_, yy), v in file_value.items() if yy == y) for y in range(2000, 2023))


def test_area_kinds_the_app_does_not_hold_are_skipped_and_unknown_names_are_errors(engine: Engine) -> None:
    text = (
        "alue;indikaattori;vuosi;arvo\n"
        "Lahti;cw_placed;2024;120\n"
        "Lahden seutukunta;cw_placed;2024;160\n"
        "Hämeen vaalipiiri;cw_placed;2024;400\n"
        "00100;cw_placed;2024;3\n"
    )
    result = load(engine, text)
    assert result["ok"] is True
    assert [w["message"] for w in result["warnings"]] == [
        "1 rows were skipped: the app holds no areas of the kind electoral-district (e.g. 'Hämeen vaalipiiri').",
        "1 rows were skipped: the app holds no areas of the kind postal-code (e.g. '00100').",
        "1 rows were skipped: the app holds no areas of the kind sub-region (e.g. 'Lahden seutukunta').",
    ]
    assert list(values(engine)) == [("cw_placed", "municipality", "398", 2024)]
    typo = load(engine, "alue;indikaattori;vuosi;arvo\nLahtti;cw_placed;2024;120\n", "t.csv")
    assert typo["errors"][0]["type"] == "unknown-region"


def test_two_digit_codes_with_a_level_given(engine: Engine) -> None:
    text = "alue;indikaattori;vuosi;arvo\n07;cw_placed;2024;300\n14;cw_placed;2024;280\n"
    assert load(engine, text, "a.csv")["ok"] is False  # county 14 is Pohjois-Karjala, region 14 Etelä-Pohjanmaa
    assert load(engine, text, "a.csv", level="region")["ok"] is True
    assert sorted(k[1:3] for k in values(engine)) == [("region", "07"), ("region", "14")]


def test_sotkanet_export_rows_of_counties_land_on_counties(engine: Engine) -> None:
    text = (
        '"Lastensuojelun avohuollon asiakkaat";"1244";"Päijät-Hämeen hyvinvointialue";"09";"yhteensä";2023;30,1;1234\n'
        '"Lastensuojelun avohuollon asiakkaat";"1244";"Helsingin kaupunki";"90";"yhteensä";2023;25,4;3300\n'
        '"Lastensuojelun avohuollon asiakkaat";"1244";"Ahvenanmaa";"91";"yhteensä";2023;20,0;120\n'
        '"Lastensuojelun avohuollon asiakkaat";"1244";"Alavieska";"009";"yhteensä";2023;20,0;12\n'
    )
    result = load(engine, text, "sotkanet.csv")
    assert result["ok"] is True, result["errors"]
    assert sorted(k[1:3] for k in values(engine)) == [
        ("county", "09"),
        ("county", "90"),
        ("county", "91"),
        ("municipality", "009"),
    ]


def test_a_classification_key_points_to_the_regions_command(engine: Engine) -> None:
    text = (
        "\n\nWindows-1252;;kunta_1_20220101#hyvinvointialue_1_20220101;;\n"
        "sourcecode;sourcename;targetcode;targetname\n"
        "\"'005'\";Alajärvi;\"'16'\";Etelä-Pohjanmaan hyvinvointialue\n"
    )
    result = load(engine, text, "key.csv")
    assert result["ok"] is False
    assert "python -m data_loaders regions" in result["errors"][0]["message"]
    hospital = "kunta-koodi;kunta;shp:n koodi;sairaanhoitopiiri\n153;Imatra;9;Etelä-Karjala\n"
    hospital += "405;Lappeenranta;9;Etelä-Karjala\n"
    assert load(engine, hospital, "shp.csv")["errors"][0]["type"] == "classification-key"
