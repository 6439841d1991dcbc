"""Family centres (perhekeskukset): the registry and the centres' monthly activity.

Registry, one row a centre: name (and an optional id), county, the municipalities it serves, opening date,
the services on site (child-health clinic, family counselling, family work, home help, early childhood
education, meeting place, ...) and NGO partners. Loading a county's registry again replaces that county's
centres.

Activity, one row a centre and month: visits, contacts (in total and by channel), days from first contact
to first service (a median) and the new clients behind it. The centre is named as in the registry (its
name or id), so the registry is loaded first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import pandas as pd

from data_loaders.parse import CellError, clean_text, parse_date, parse_month
from data_loaders.readers import Sheet
from data_loaders.records import (
    LoadContext,
    RecordReader,
    area_code,
    blank,
    cell_of,
    centre_key,
    column_name,
    extra_columns,
    find_header,
    header_rows,
    split_list,
)
from data_loaders.report import Report

CENTRE_SERVICES: dict[str, tuple[str, ...]] = {
    "child_health_clinic": ("neuvola", "äitiys- ja lastenneuvola", "lastenneuvola", "rådgivning", "barnrådgivning",
                            "child-health clinic", "child health clinic", "maternity and child-health clinic"),
    "family_counselling": ("perheneuvola", "kasvatus- ja perheneuvonta", "familjerådgivning",
                           "uppfostrings- och familjerådgivning", "family counselling"),
    "family_work": ("perhetyö", "familjearbete", "family work"),
    "home_help": ("kotipalvelu", "lapsiperheiden kotipalvelu", "hemservice", "home help"),
    "ecec": ("varhaiskasvatus", "småbarnspedagogik", "early childhood education", "ecec"),
    "meeting_place": ("kohtaamispaikka", "perheiden kohtaamispaikka", "mötesplats", "meeting place"),
    "social_work": ("sosiaalityö", "lapsiperheiden sosiaalityö", "socialarbete", "social work"),
    "mental_health": ("mielenterveyspalvelut", "lasten ja nuorten mielenterveyspalvelut", "mentalvårdstjänster",
                      "mental health services"),
    "parenting_support": ("vanhemmuuden tuki", "eroauttaminen", "föräldraskapsstöd", "parenting support"),
}  # fmt: skip
_SERVICE_LOOKUP = {word: code for code, words in CENTRE_SERVICES.items() for word in (code, *words)}

REGISTRY_ROLES: dict[str, tuple[str, ...]] = {
    "id": ("tunnus", "perhekeskuksen tunnus", "id", "kod", "code"),
    "name": ("perhekeskus", "nimi", "perhekeskuksen nimi", "familjecentral", "familjecentrets namn", "namn",
             "name", "family centre"),
    "county": ("hyvinvointialue", "välfärdsområde", "county", "wellbeing services county"),
    "municipalities": ("kunnat", "palvelee kuntia", "toiminta-alue", "kommuner", "municipalities",
                       "municipalities served"),
    "opened": ("avattu", "avauspäivä", "avautui", "toiminta alkoi", "öppnades", "öppningsdatum", "opened",
               "opening date"),
    "services": ("palvelut", "palvelut paikan päällä", "tjänster", "tjänster på plats", "services",
                 "services on site"),
    "partners": ("järjestökumppanit", "kumppanit", "järjestöt", "partners", "ngo partners", "organisationer",
                 "samarbetspartner"),
}  # fmt: skip

ACTIVITY_ROLES: dict[str, tuple[str, ...]] = {
    "centre": ("perhekeskus", "perhekeskuksen nimi", "tunnus", "familjecentral", "family centre", "centre"),
    "year": ("vuosi", "år", "year"),
    "month": ("kuukausi", "kk", "månad", "month"),
    "period": ("kausi", "ajanjakso", "period", "kuukausi ja vuosi"),
}
# a measure column -> (measure, channel)
MEASURES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("käynnit", "käyntejä", "käyntimäärä", "besök", "visits"), ("visits", "total")),
    **dict.fromkeys(("yhteydenotot", "yhteydenotot yhteensä", "kontakter", "contacts", "contacts total"),
                    ("contacts", "total")),
    **dict.fromkeys(("yhteydenotot puhelin", "puhelinyhteydenotot", "kontakter telefon", "contacts phone"),
                    ("contacts", "phone")),
    **dict.fromkeys(("yhteydenotot paikan päällä", "yhteydenotot käynti", "kontakter på plats",
                     "contacts in person"), ("contacts", "in_person")),
    **dict.fromkeys(("yhteydenotot chat", "yhteydenotot verkossa", "kontakter chatt", "kontakter på nätet",
                     "contacts online", "contacts chat"), ("contacts", "online")),
    **dict.fromkeys(("päiviä ensikontaktista palveluun", "päivät ensikontaktista palveluun",
                     "odotusaika päivinä", "dagar från första kontakt till tjänst", "days to first service",
                     "days from first contact to first service"), ("days_to_service", "total")),
    **dict.fromkeys(("uudet asiakkaat", "uusia asiakkaita", "nya klienter", "new clients"), ("new_clients", "total")),
}  # fmt: skip


def slug(name: str) -> str:
    """A centre's id from its name: lower-case ASCII words joined by dashes."""
    text = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "centre"


def registry_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    found = find_header(sheet, REGISTRY_ROLES, ("name", "county"))
    if found is None or not ({"opened", "services", "municipalities"} & set(found[1])):
        return None
    return found


def _activity_header(sheet: Sheet) -> tuple[int, dict[str, int], dict[int, tuple[str, str]]] | None:
    for i, roles, measures in header_rows(sheet, ACTIVITY_ROLES, ("centre",), MEASURES):
        if ({"year", "month"} <= set(roles) or "period" in roles) and measures:
            return i, roles, measures
    return None


def read_registry(sheet: Sheet, report: Report, load: LoadContext) -> list[dict[str, Any]] | None:
    found = registry_header(sheet)
    if found is None:
        return None
    header, roles = found
    headers = sheet.rows[header]
    dropped = extra_columns(headers, set(roles.values()))
    if dropped:
        report.warn("columns-dropped", "warn.records-columns-dropped", columns=", ".join(dropped[:10]))
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1
        if blank(cells):
            continue
        name = clean_text(cell_of(cells, roles, "name"))[:120]
        if not name:
            report.error("missing-cell", "err.centre-name", row=line, column=column_name(headers, roles, "name"))
            continue
        county = area_code(load, cell_of(cells, roles, "county"), "county", report)
        if county is None:
            report.error("unknown-region", "err.centre-county", row=line,
                         column=column_name(headers, roles, "county"),
                         value=clean_text(cell_of(cells, roles, "county"))[:40])  # fmt: skip
            continue
        ident = slug(clean_text(cell_of(cells, roles, "id")) or name)
        if ident in seen:
            report.error("duplicate", "err.centre-twice", row=line, value=name, first=seen[ident])
            continue
        seen[ident] = line
        municipalities = []
        bad = False
        for part in split_list(cell_of(cells, roles, "municipalities")):
            code = area_code(load, part, "municipality", report)
            if code is None or load.municipality_county.get(code) != county:
                report.error("unknown-region", "err.centre-municipality", row=line,
                             column=column_name(headers, roles, "municipalities"), value=part[:40])  # fmt: skip
                bad = True
            elif code not in municipalities:
                municipalities.append(code)
        services = []
        for part in split_list(cell_of(cells, roles, "services")):
            code = _SERVICE_LOOKUP.get(part.lower())
            if code is None:
                report.error("bad-value", "err.centre-service", row=line,
                             column=column_name(headers, roles, "services"), value=part[:40])  # fmt: skip
                bad = True
            elif code not in services:
                services.append(code)
        opened = None
        if clean_text(cell_of(cells, roles, "opened")):
            try:
                opened = parse_date(cell_of(cells, roles, "opened"))
            except CellError:
                report.error("bad-date", "err.centre-opened", row=line, column=column_name(headers, roles, "opened"))
                bad = True
        if bad:
            continue
        partners = ", ".join(p[:80] for p in split_list(cell_of(cells, roles, "partners")))[:400]
        rows.append(
            {
                "centre": ident,
                "name": name,
                "county": county,
                "municipalities": ",".join(municipalities),
                "opened": opened,
                "services": ",".join(services),
                "partners": partners,
            }
        )
    return rows


def _period(cells: list[Any], roles: dict[str, int]) -> tuple[int, int] | None:
    if "period" in roles:
        value = cell_of(cells, roles, "period")
        if isinstance(value, dt.date):
            return value.year, value.month
        text = clean_text(value)
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text) or re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text)
        if m is None:
            return None
        a, b = int(m.group(1)), int(m.group(2))
        year, month = (a, b) if a > 12 else (b, a)
        return (year, month) if 1 <= month <= 12 else None
    year_text = clean_text(cell_of(cells, roles, "year")).removesuffix(".0")
    try:
        month = parse_month(cell_of(cells, roles, "month"))
    except CellError:
        return None
    return (int(year_text), month) if year_text.isdigit() else None


def read_activity(
    sheet: Sheet, report: Report, load: LoadContext, today: dt.date | None = None
) -> list[dict[str, Any]] | None:
    found = _activity_header(sheet)
    if found is None:
        return None
    header, roles, measures = found
    headers = sheet.rows[header]
    today = today or dt.date.today()
    dropped = extra_columns(headers, set(roles.values()) | set(measures))
    if dropped:
        report.warn("columns-dropped", "warn.records-columns-dropped", columns=", ".join(dropped[:10]))
    rows: list[dict[str, Any]] = []
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1
        if blank(cells):
            continue
        raw = clean_text(cell_of(cells, roles, "centre"))
        centre = load.centres.get(centre_key(raw)) or load.centres.get(centre_key(slug(raw)))
        if centre is None:
            report.error("unknown-region", "err.activity-centre", row=line,
                         column=column_name(headers, roles, "centre"), value=raw[:60])  # fmt: skip
            continue
        period = _period(cells, roles)
        if period is None or not (2000 <= period[0] <= today.year) or period > (today.year, today.month):
            report.error("bad-date", "err.activity-period", row=line)
            continue
        for j, (measure, channel) in measures.items():
            value = cells[j] if j < len(cells) else None
            text = clean_text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
            if text in ("", "-", ".."):
                continue
            try:
                number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else float(text)
            except ValueError:
                number = float("nan")
            if number != number or number < 0 or number > 1e7:
                report.error("bad-value", "err.activity-value", row=line, column=clean_text(headers[j]),
                             value=clean_text(value)[:20])  # fmt: skip
                continue
            rows.append(
                {
                    "centre": centre[0],
                    "county": centre[1],
                    "year": period[0],
                    "month": period[1],
                    "measure": measure,
                    "channel": channel,
                    "value": number,
                }
            )
    return rows


def _registry_preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["county", "name"])
    return frame.rename(columns={"name": "centre"})


def _activity_preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["county", "centre", "year", "measure"])
    return frame.groupby(["county", "centre", "measure"]).size().reset_index(name="n")


REGISTRY_READER = RecordReader("centres", lambda s: registry_header(s) is not None, read_registry, _registry_preview)
ACTIVITY_READER = RecordReader(
    "activity",
    lambda s: _activity_header(s) is not None,
    lambda s, r, load: read_activity(s, r, load),
    _activity_preview,
)
