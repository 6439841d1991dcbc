"""The project's own upload template: an xlsx with a data sheet, instructions and the indicator list."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from data_loaders.layouts import TEMPLATE_MARKER_SHEET
from data_loaders.own_indicators import SHEET_COLUMNS
from i18n import t
from i18n.text import spreadsheet_safe

TEMPLATE_VERSION = "2"
OWN_ROWS = 200  # rows left for the region's own indicators in the indicator sheet
HEADERS = {
    "fi": ["alue", "indikaattori", "vuosi", "kuukausi", "sukupuoli", "arvo", "osoittaja", "nimittäjä"],
    "sv": ["område", "indikator", "år", "månad", "kön", "värde", "täljare", "nämnare"],
    "en": ["region", "indicator", "year", "month", "sex", "value", "numerator", "denominator"],
}


def template_bytes(
    indicators: pd.DataFrame,
    lang: str = "fi",
    chosen: list[str] | None = None,
    areas: list[tuple[str, str]] | None = None,
    year: int | None = None,
) -> bytes:
    """An xlsx the loaders recognise as format 'template'. With `chosen` indicators and `areas`
    ((code, name) pairs), the data sheet has a ready row for each area and indicator (and `year`):
    the person fills the values; rows left empty are skipped when it is uploaded."""
    import datetime as dt

    wb = Workbook()
    data = wb.active
    data.title = t("template.sheet.data", lang)
    data.append(HEADERS[lang])
    for cell in data[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F5FA8")
    data.freeze_panes = "A2"
    widths = [30, 28, 8, 10, 12, 12, 12, 12]
    for i, width in enumerate(widths):
        data.column_dimensions[chr(65 + i)].width = width
    labels = [f"{code} {name}" for code, name in areas or []]
    for label in labels:
        for code in chosen or []:
            data.append([spreadsheet_safe(label), spreadsheet_safe(code), year])
    last = max(data.max_row, 2) + 5000
    for row in data.iter_rows(min_row=2, max_row=last, min_col=3, max_col=8):
        row[0].number_format = "0"  # year
        row[1].number_format = "0"  # month
        row[3].number_format = "#,##0.0##"  # value
        row[4].number_format = "#,##0"  # numerator
        row[5].number_format = "#,##0"  # denominator
    codes = wb.create_sheet(t("template.sheet.indicators", lang))
    # the catalogue, and room below it for the region's own indicators (same columns)
    codes.append(list(SHEET_COLUMNS))
    for row in indicators.sort_values("code").to_dict("records"):
        per = row["per"]
        codes.append(
            [
                spreadsheet_safe(str(row["code"])),
                spreadsheet_safe(str(row["name_fi"])),
                spreadsheet_safe(str(row["name_sv"])),
                spreadsheet_safe(str(row["name_en"])),
                row["unit"],
                row["direction"],
                row["denominator_code"],
                per if isinstance(per, int | float) and per == per else None,
            ]
        )
    for cell in codes[1]:
        cell.font = Font(bold=True)
    codes.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (30, 50, 50, 50, 10, 10, 14, 8), strict=True):
        codes.column_dimensions[column].width = width
    n = len(indicators) + 1 + OWN_ROWS
    dv = DataValidation(type="list", formula1=f"='{codes.title}'!$A$2:$A${n}", allow_blank=False)
    data.add_data_validation(dv)
    dv.add("B2:B50000")
    sexes = DataValidation(type="list", formula1='"total,male,female"', allow_blank=True)
    data.add_data_validation(sexes)
    sexes.add("E2:E50000")
    years = DataValidation(
        type="whole", operator="between", formula1="1945", formula2=str(dt.date.today().year + 1), allow_blank=True
    )
    data.add_data_validation(years)
    years.add("C2:C50000")
    months = DataValidation(type="whole", operator="between", formula1="1", formula2="12", allow_blank=True)
    data.add_data_validation(months)
    months.add("D2:D50000")
    guide = wb.create_sheet(t("template.sheet.guide", lang))
    # instructions in Finnish and Swedish always (and English when asked for)
    for i, guide_lang in enumerate(["fi", "sv"] + (["en"] if lang == "en" else [])):
        if i:
            guide.append([])
        for line in t("template.guide", guide_lang).split("\n"):
            guide.append([line])
    guide.column_dimensions["A"].width = 110
    marker = wb.create_sheet(TEMPLATE_MARKER_SHEET)
    marker.append(["lape-seuranta-template", TEMPLATE_VERSION, lang])
    if labels:  # the areas' drop-down list lives on the hidden marker sheet, which is never read as data
        for i, label in enumerate(labels, start=1):
            marker.cell(row=i, column=5, value=spreadsheet_safe(label))
        areas_dv = DataValidation(
            type="list", formula1=f"='{TEMPLATE_MARKER_SHEET}'!$E$1:$E${len(labels)}", allow_blank=False
        )
        data.add_data_validation(areas_dv)
        areas_dv.add("A2:A50000")
    marker.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_areas(regions: pd.DataFrame, counties: list[str], lang: str) -> list[tuple[str, str]]:
    """(code, name) of the municipalities of some counties, by name: the template's ready rows."""
    munis = regions[(regions["level"] == "municipality") & regions["county_code"].isin(counties)]
    munis = munis.sort_values("name_fi")
    return list(zip(munis["code"].astype(str), munis[f"name_{lang}"].astype(str), strict=True))


def template_csv(chosen: list[str], areas: list[tuple[str, str]], year: int | None, lang: str = "fi") -> bytes:
    """The same rows as a ';' CSV (UTF-8 with BOM, so Excel opens it right): header and a ready row for
    each area and indicator; rows left without a value are errors in a CSV, so fill or delete them."""
    lines = [";".join(HEADERS[lang])]
    for code, name in areas:
        for indicator in chosen:
            cells = [f"{code} {name}", indicator, "" if year is None else str(year), "", "", "", "", ""]
            lines.append(";".join(str(spreadsheet_safe(c)).replace(";", ",") for c in cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# Templates of the other kinds of file (costs, survey answers, family centres, their activity, client
# episodes): a ';' CSV whose header each kind's reader recognises, in the chosen language.
RECORD_HEADERS: dict[str, dict[str, list[str]]] = {
    "costs": {
        "fi": ["hyvinvointialue", "vuosi", "tehtäväalue", "tuotantotapa", "euroa"],
        "sv": ["välfärdsområde", "år", "uppgiftsområde", "produktionssätt", "euro"],
        "en": ["county", "year", "service area", "production", "euros"],
    },
    "survey": {
        "fi": ["kunta", "kierros", "lapsen ikäryhmä"],
        "sv": ["kommun", "omgång", "barnets ålder"],
        "en": ["municipality", "round", "age group"],
    },
    "centres": {
        "fi": ["perhekeskus", "hyvinvointialue", "kunnat", "avattu", "palvelut", "järjestökumppanit"],
        "sv": ["familjecentral", "välfärdsområde", "kommuner", "öppnades", "tjänster", "organisationer"],
        "en": ["family centre", "county", "municipalities", "opened", "services", "partners"],
    },
    "activity": {
        "fi": [
            "perhekeskus",
            "vuosi",
            "kuukausi",
            "käynnit",
            "yhteydenotot paikan päällä",
            "yhteydenotot puhelin",
            "yhteydenotot chat",
            "uudet asiakkaat",
            "päiviä ensikontaktista palveluun",
        ],
        "sv": [
            "familjecentral",
            "år",
            "månad",
            "besök",
            "kontakter på plats",
            "kontakter telefon",
            "kontakter chatt",
            "nya klienter",
            "dagar från första kontakt till tjänst",
        ],
        "en": [
            "family centre",
            "year",
            "month",
            "visits",
            "contacts in person",
            "contacts phone",
            "contacts online",
            "new clients",
            "days to first service",
        ],
    },
    "targets": {
        "fi": ["indikaattori", "alue", "lähtövuosi", "lähtöarvo", "tavoitevuosi", "tavoitearvo", "asettaja", "huomio"],
        "sv": ["indikator", "område", "basår", "basvärde", "målår", "målvärde", "fastställd av", "anmärkning"],
        "en": ["indicator", "area", "baseline year", "baseline value", "target year", "target value", "set by", "note"],
    },
    "absences": {
        "fi": ["kunta", "koulu", "lukukausi", "oppilaat"],
        "sv": ["kommun", "skola", "termin", "elever"],
        "en": ["municipality", "school", "term", "pupils"],
    },
    "episodes": {
        "fi": ["asiakas", "perhe", "palvelu", "alkupvm", "loppupvm", "kunta", "lapsen syntymävuosi"],
        "sv": ["klient", "familj", "tjänst", "startdatum", "slutdatum", "kommun", "barnets födelseår"],
        "en": ["client", "family", "service", "start date", "end date", "municipality", "birth year"],
    },
}
RECORD_KINDS = tuple(RECORD_HEADERS)


def record_template(
    kind: str,
    lang: str = "fi",
    counties: list[tuple[str, str]] | None = None,
    year: int | None = None,
    centres: list[str] | None = None,
    municipalities: list[tuple[str, str]] | None = None,
    limits: tuple[int, ...] = (),
) -> bytes:
    """A CSV template of another kind of file. Costs: a row for each county, service area and way of
    production in the year (euros to fill); survey: a column for each catalogue question (one row a
    respondent); activity: a row for each given centre and month of the year (empty cells are no figure);
    absences: a column per limit of the county's ladder, a row for each municipality and term of the year
    (spring and autumn; a school's rows may be added below); the registry and episodes: the header only.
    UTF-8 with BOM, so Excel opens it right."""
    from data_loaders.costs import MODES, SERVICE_AREAS
    from metrics.survey import QUESTIONS

    lang = lang if lang in HEADERS else "fi"
    header = list(RECORD_HEADERS[kind][lang])
    rows: list[list[str]] = []
    if kind == "survey":
        header += [t(f"survey.q.{q}", lang) for q in QUESTIONS]
    elif kind == "costs":
        modes = {"fi": ("oma tuotanto", "ostopalvelu"), "sv": ("egen produktion", "köpta tjänster"),
                 "en": ("own production", "purchased")}[lang]  # fmt: skip
        assert all(m in MODES["own"] + MODES["purchased"] for m in modes)
        for code, name in counties or []:
            for area in SERVICE_AREAS:
                for mode in modes:
                    rows.append([f"{code} {name}", "" if year is None else str(year), t(f"costs.area.{area}", lang),
                                 mode, ""])  # fmt: skip
    elif kind == "absences":
        over = {"fi": "yli {h} h", "sv": "över {h} h", "en": "over {h} h"}[lang]
        header += [over.format(h=h) for h in limits]
        terms = {"fi": ("kevät", "syksy"), "sv": ("våren", "hösten"), "en": ("spring", "autumn")}[lang]
        for code, name in municipalities or []:
            for term in terms:
                rows.append([f"{code} {name}", "", f"{term} {'' if year is None else year}".strip(),
                             *[""] * (len(header) - 3)])  # fmt: skip
    elif kind == "activity":
        for centre in centres or []:
            for month in range(1, 13):
                rows.append([centre, "" if year is None else str(year), str(month), *[""] * (len(header) - 3)])
    lines = [";".join(header)] + [";".join(str(spreadsheet_safe(c)).replace(";", ",") for c in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
