"""The cost template: euros per area, year, service area and way of production (own or purchased).

A region's finance office keeps costs as rows of area, year, service area (tehtäväalue: child-welfare
placements, child-welfare open care, preventive family services), production (oma tuotanto /
ostopalvelu / yhteensä) and euros. The sheet is read as an indicator file: each row's service area and
production become an indicator code (cost_cw_placements_own, ..._purchased, or the total cost_cw_placements)
in the service-area column, so every other check (areas, years, numbers, the uploader's counties, replace,
rollback) is the indicator loader's, and errors name the file's own lines and columns. After the checks the
total of a service area is the sum of its own and purchased parts where the file gives both.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from data_loaders.layouts import col_letter
from data_loaders.parse import clean_text
from data_loaders.readers import Sheet
from data_loaders.records import roles_of
from data_loaders.report import Report
from store.catalogue import PURCHASED

SERVICE_AREAS: dict[str, tuple[str, ...]] = {
    "cost_cw_placements": ("lastensuojelun laitos- ja perhehoito", "laitos- ja perhehoito", "sijaishuolto",
                           "lastensuojelun sijaishuolto", "sijoitukset", "anstalts- och familjevård",
                           "barnskyddets anstalts- och familjevård", "vård utom hemmet", "placements",
                           "institutional and family care", "child welfare placements", "child-welfare placements"),
    "cost_cw_open_care": ("lastensuojelun avohuolto", "avohuolto", "avohuollon tukitoimet", "öppenvård",
                          "barnskyddets öppenvård", "open care", "child welfare open care",
                          "child-welfare open care"),
    "cost_preventive": ("ehkäisevät perhepalvelut", "lapsiperheiden ehkäisevät palvelut", "perhepalvelut",
                        "ehkäisevä perhetyö", "förebyggande familjetjänster", "preventive family services",
                        "preventive services"),
}  # fmt: skip
MODES: dict[str, tuple[str, ...]] = {
    "own": ("oma", "oma tuotanto", "omatuotanto", "oma toiminta", "egen", "egen produktion", "own",
            "own production"),
    "purchased": ("osto", "ostopalvelu", "ostopalvelut", "ostot", "köpt", "köpta tjänster", "köptjänster",
                  "purchased", "purchased services", "bought"),
    "total": ("yhteensä", "kaikki", "totalt", "sammanlagt", "total", "all"),
}  # fmt: skip
ROLES: dict[str, tuple[str, ...]] = {
    "service_area": ("palvelualue", "tehtäväalue", "tehtävä", "palvelu", "tjänsteområde", "uppgift",
                     "uppgiftsområde", "service area", "function"),
    "mode": ("tuotantotapa", "oma osto", "oma vai osto", "produktionssätt", "egen köpt", "production",
             "production mode", "own purchased"),
    "euros": ("euroa", "eur", "euros", "€", "kustannukset", "kustannus", "kustannukset €", "kustannukset eur",
              "menot", "kostnader", "kostnader €", "euro", "costs", "costs eur", "cost"),
}  # fmt: skip


def _area_lookup() -> dict[str, str]:
    """Service-area words, and the names the app itself writes (its templates) in every language."""
    from i18n import LANGUAGES, t

    out = {word: code for code, words in SERVICE_AREAS.items() for word in (code, *words)}
    for code in SERVICE_AREAS:
        for lang in LANGUAGES:
            out[t(f"costs.area.{code}", lang).lower()] = code
    return out


_AREA_LOOKUP = _area_lookup()
_MODE_LOOKUP = {word: mode for mode, words in MODES.items() for word in (mode, *words)}


def code_for(service_area: Any, mode: Any) -> str | None:
    """The indicator code of a service area's costs in one way of production."""
    area = _AREA_LOOKUP.get(clean_text(service_area).lower().rstrip("."))
    how = _MODE_LOOKUP.get(clean_text(mode).lower().rstrip("."))
    if area is None or how is None:
        return None
    return area if how == "total" else PURCHASED[area] if how == "purchased" else f"{area}_own"


def as_indicator_sheet(sheet: Sheet, report: Report) -> Sheet | None:
    """The cost sheet read as a long indicator sheet (same lines, same columns), or None when the sheet has
    no service-area, production and euro columns."""
    for i, row in enumerate(sheet.rows[:10]):
        roles = roles_of(row, ROLES)
        if not {"service_area", "mode", "euros"} <= set(roles):
            continue
        out = [list(r) for r in sheet.rows]
        header = out[i]
        header[roles["service_area"]] = "indikaattori"
        header[roles["euros"]] = "arvo"
        s, m = roles["service_area"], roles["mode"]
        for line in range(i + 1, len(out)):
            cells = out[line]
            if s >= len(cells) or not clean_text(cells[s]):
                continue
            mode = cells[m] if m < len(cells) else None
            code = code_for(cells[s], mode)
            if code is not None:
                cells[s] = code
            elif clean_text(cells[s]).lower().rstrip(".") in _AREA_LOOKUP:
                report.error("bad-value", "err.cost-mode", row=line + 1, column=col_letter(m),
                             value=clean_text(mode)[:40])  # fmt: skip
            else:
                report.error("unknown-indicator", "err.cost-area", row=line + 1, column=col_letter(s),
                             value=clean_text(cells[s])[:60])  # fmt: skip
        report.note("note.cost-template", sheet=sheet.name or "-")
        return Sheet(sheet.name, out, sheet.hidden, (clean_text(header[m]),))
    return None


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (row[1], row[2], row[3], row[4], row[5])


def add_totals(rows: list[tuple[Any, ...]], report: Report) -> list[tuple[Any, ...]]:
    """Checked rows (indicator, level, area, year, month, sex, value, ...) with each service area's total
    added where the file gives its own and purchased parts but not the total."""
    parts: dict[tuple[str, tuple[Any, ...]], dict[str, float]] = defaultdict(dict)
    given = set()
    for row in rows:
        code = str(row[0])
        for total, purchased in PURCHASED.items():
            if code == total:
                given.add((total, _key(row)))
            elif code in (purchased, f"{total}_own") and row[6] is not None:
                parts[(total, _key(row))]["purchased" if code == purchased else "own"] = float(row[6])
    added: list[tuple[Any, ...]] = []
    partial = set()
    for (total, key), found in parts.items():
        if (total, key) in given:
            continue
        if len(found) < 2:
            partial.add(total)
            continue
        level, code, year, month, sex = key
        added.append((total, level, code, year, month, sex, found["own"] + found["purchased"], None, None, None))
    for total in sorted(partial):
        report.warn("cost-partial", "warn.cost-partial", indicator=total)
    return rows + added
