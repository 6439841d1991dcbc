"""Recognising a sheet's layout and turning its cells into raw records with positions.

Layouts: long (one value a row), wide by period (regions down, years or months across),
wide by indicator (regions down, one indicator a column), THL Sotkanet CSV and JSON rows,
and the project's own template (a long sheet beside a hidden `_lape` sheet).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from data_loaders.parse import clean_text, looks_numeric, period_from_header, strip_year_mark
from data_loaders.readers import Sheet, Workbook
from data_loaders.report import LoaderError, Report

HEADER_SCAN_ROWS = 30
TEMPLATE_MARKER_SHEET = "_lape"

_ROLE_WORDS: dict[str, dict[str, str | None]] = {
    "region": {
        # word -> level hint (None: any level, resolved by code length or name)
        "alue": None,
        "aluekoodi": None,
        "alueen nimi": None,
        "område": None,
        "region": None,
        "area": None,
        "kunta": "municipality",
        "kuntanumero": "municipality",
        "kuntanro": "municipality",
        "kuntakoodi": "municipality",
        "kunnan nimi": "municipality",
        "kommun": "municipality",
        "kommunnummer": "municipality",
        "kommunkod": "municipality",
        "municipality": "municipality",
        "municipality code": "municipality",
        "hyvinvointialue": "county",
        "hyvinvointialuekoodi": "county",
        "välfärdsområde": "county",
        "wellbeing services county": "county",
        "county": "county",
        "maakunta": "region",
        "landskap": "region",
    },
    "indicator": {
        "indikaattori": None,
        "mittari": None,
        "indikator": None,
        "indicator": None,
        "muuttuja": None,
        # PxWeb's measure dimension (Statistics Finland): a table of many measures, the unknown ones skipped
        "tiedot": "dimension",
        "uppgifter": "dimension",
        "information": "dimension",
    },
    "year": {"vuosi": None, "år": None, "year": None, "tilastovuosi": None},
    "month": {"kuukausi": None, "månad": None, "month": None, "kk": None},
    "date": {"päivämäärä": None, "pvm": None, "datum": None, "date": None, "ajankohta": None},
    "sex": {"sukupuoli": None, "kön": None, "sex": None, "gender": None},
    # "primary value": the value column of THL Sotkanet's R client (rOpenGov/sotkanet, geofi)
    "value": {"arvo": None, "värde": None, "value": None, "lukumäärä": None, "määrä": None, "primary value": None},
    "numerator": {"osoittaja": None, "täljare": None, "numerator": None},
    "denominator": {"nimittäjä": None, "nämnare": None, "denominator": None},
    # a data-quality flag per value: ennakkotieto (preliminary), arvio (estimate), salattu (suppressed)
    "flag": {
        "merkintä": None,
        "tilastomerkintä": None,
        "tiedon tila": None,
        "tiedon laatu": None,
        "laatu": None,
        "flag": None,
        "status": None,
        "quality": None,
        "anmärkning": None,
        "uppgiftens status": None,
        "kvalitet": None,
    },
}
_ROLE_LOOKUP = {word: (role, hint) for role, words in _ROLE_WORDS.items() for word, hint in words.items()}
SOTKANET_CATEGORIES = {
    "KUNTA": "municipality",
    "HYVINVOINTIALUE": "county",
    "MAAKUNTA": "region",
    "MAA": "country",
    "SUOMI": "country",
}
TOTAL_WORDS = ("yhteensä", "totalt", "total", "summa", "yht.", "sum", "kaikki yhteensä", "sammanlagt")


@dataclass(slots=True)
class RawRecord:
    """One value's cells before validation; cols are spreadsheet column letters."""

    sheet: str | None
    row: int
    region: Any
    region_col: str
    region_level: str | None
    indicator: Any
    indicator_col: str | None
    year: Any
    year_col: str | None
    month: Any
    month_col: str | None
    sex: Any
    sex_col: str | None
    value: Any
    value_col: str | None
    numerator: Any = None
    numerator_col: str | None = None
    denominator: Any = None
    denominator_col: str | None = None
    date: Any = None
    date_col: str | None = None
    indicator_title: str | None = None
    indicator_row: int | None = None  # where a column header names the indicator
    region_name: str | None = None  # the area's name written beside its code (Sotkanet exports)
    optional: bool = False  # an indicator the file may carry among many (a wide column, a PxWeb measure)
    flag: Any = None  # a flag cell ("ennakkotieto") or a period header's mark ("2024*" -> preliminary)
    flag_col: str | None = None


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def normalise_header(cell: Any) -> str:
    text = clean_text(cell).lower()
    text = re.sub(r"-\s*\n\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip(" :*")
    return text


def role_of(header: str) -> tuple[str, str | None] | None:
    if not header:
        return None
    if header in _ROLE_LOOKUP:
        return _ROLE_LOOKUP[header]
    tokens = header.split(" ")
    if tokens[0] in _ROLE_LOOKUP and len(tokens) <= 4:
        return _ROLE_LOOKUP[tokens[0]]
    spaced = re.sub(r"[_.]+", " ", header).strip()  # R and database names: municipality_code, primary.value
    if spaced != header:
        return role_of(spaced)
    return None


@dataclass
class Layout:
    """What was recognised in one sheet."""

    kind: str  # long | wide-period | wide-indicator | sotkanet-csv
    header_row: int  # index in sheet.rows
    roles: dict[str, int]
    region_level: str | None
    value_columns: list[tuple[int, Any]]  # (column index, (year, month) or indicator header)
    indicator: str | None = None
    period: tuple[int, int] | None = None
    name_column: int | None = None  # the area's name beside its code column
    skipped: list[str] = field(default_factory=list)  # headers of columns that are none of the roles
    row_names: bool = False  # an R/pandas export: data rows start with a row name the header lacks
    dimension: bool = False  # the indicator column is a PxWeb measure dimension


def _is_blank(row: list[Any]) -> bool:
    return all(clean_text(c) == "" for c in row)


def _title_texts(sheet: Sheet, header_index: int) -> list[str]:
    return [clean_text(c) for row in sheet.rows[:header_index] for c in row if clean_text(c)]


def _year_in(texts: list[str]) -> int | None:
    years = {int(m) for text in texts for m in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}
    return years.pop() if len(years) == 1 else None


def _header_period(header: str) -> tuple[int, int] | None:
    """A year or month embedded in a column's header: 'Väkiluku 31.12.2015' -> 2015, 'Alue 2018',
    'Väkiluku, 2018', 'population_2001_12_31'."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})[_.-]\d{1,2}[_.-]\d{1,2}(?!\d)", header)
    if m:
        return (int(m.group(1)), 0)
    for token in reversed(re.split(r"[\s,_]+", header)):
        period = period_from_header(token)
        if period:
            return period
        m = re.fullmatch(r"\d{1,2}\.\d{1,2}\.((?:19|20)\d{2})", token)
        if m:
            return (int(m.group(1)), 0)
    return None


CODE_WORDS = ("koodi", "numero", "nro", "kod", "code", "nummer", "nr")
KEY_WORDS = ("sairaanhoitopiiri", "shp", "shp:n koodi", "erva-alue", "erva", "sjukvårdsdistrikt", "seutukunta")


def _roles(headers: list[str]) -> tuple[dict[str, int], str | None, list[int], bool]:
    """Roles of a header row: role -> column, the area level its header names, every area column,
    and whether the indicator column is a PxWeb measure dimension."""
    roles: dict[str, int] = {}
    region_level = None
    area_columns = []
    dimension = False
    for j, h in enumerate(headers):
        found = role_of(h)
        if not found:
            continue
        if found[0] == "region":
            area_columns.append(j)
        if found[0] not in roles:
            roles[found[0]] = j
            if found[0] == "region":
                region_level = found[1]
            if found[0] == "indicator":
                dimension = found[1] == "dimension"
        elif found[0] == "region" and region_level is None:
            region_level = found[1]
    return roles, region_level, area_columns, dimension


def _code_and_name(headers: list[str], area_columns: list[int]) -> tuple[int, int | None]:
    """Of several area columns, the code column and the name column beside it."""
    coded = [j for j in area_columns if any(w in headers[j] for w in CODE_WORDS)]
    code = coded[0] if coded else area_columns[0]
    names = [j for j in area_columns if j != code and j not in coded]
    return code, (names[0] if names else None)


def _row_names(rows: list[list[Any]], header: int, width: int) -> bool:
    """An R or pandas export: the header is one cell short, each data row starts with a row name."""
    data = [r for r in rows[header + 1 : header + 8] if any(clean_text(c) for c in r)]
    if len(data) < 2:
        return False
    beyond = [r for r in data if len(r) > width and clean_text(r[width])]
    return len(beyond) == len(data)


def _is_key(headers: list[str], roles: dict[str, int], area_columns: list[int], levels: set[str]) -> bool:
    """A classification key (municipality -> county, region or hospital district), not data."""
    if "value" in roles or "indicator" in roles:
        return False
    named_kinds = any(h in KEY_WORDS or kind_word(h) for h in headers if h)
    return named_kinds or len(levels) >= 2


def kind_word(header: str) -> bool:
    from data_loaders.regions import kind_of

    return kind_of(header) is not None


def detect_layout(
    sheet: Sheet, report: Report, indicator_lookup: Any, defaults: Defaults | None = None
) -> Layout | None:
    """Find the header row and the layout of a sheet; None for a sheet without a table."""
    defaults = defaults or Defaults()
    rows = sheet.rows
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = [normalise_header(c) for c in row]
        roles, region_level, area_columns, dimension = _roles(headers)
        if "region" not in roles:
            continue
        width = len(headers)
        while width and not headers[width - 1]:
            width -= 1
        row_names = _row_names(rows, i, width) and role_of(headers[0]) is not None
        if row_names:  # the header names the columns after the row names: read it one cell to the right
            headers = ["", *headers]
            row = ["", *row]
            roles, region_level, area_columns, dimension = _roles(headers)
        levels = {lv for j in area_columns if (lv := (role_of(headers[j]) or ("", None))[1])}
        if _is_key(headers, roles, area_columns, levels):
            return Layout("key", i, roles, region_level, [])
        name_column = None
        if len(area_columns) > 1:
            roles["region"], name_column = _code_and_name(headers, area_columns)
            region_level = (role_of(headers[roles["region"]]) or ("", None))[1] or region_level
        others = [j for j, h in enumerate(headers) if h and j not in roles.values() and role_of(h) is None]
        # header continuation rows (e.g. a reference date under "Asukasluku"): append their text
        extra_rows = 0
        for nxt in rows[i + 1 : i + 3]:
            nxt = ["", *nxt] if row_names else nxt
            region_cell = nxt[roles["region"]] if roles["region"] < len(nxt) else None
            cells = [c for c in nxt if clean_text(c)]
            if clean_text(region_cell) or not cells or any(looks_numeric(c) and not _date_like(c) for c in cells):
                break
            for j, c in enumerate(nxt):
                if clean_text(c) and j < len(headers):
                    headers[j] = (headers[j] + " " + _date_text(c)).strip()
            extra_rows += 1
        layout_header = i + extra_rows
        has_value = "value" in roles or ("numerator" in roles and "denominator" in roles)
        # the year where people put it: a year column, the area header ("Alue 2018"), the sheet, the
        # title lines, the file name, or the command line
        period = fallback_period(sheet, i, headers[roles["region"]], defaults)
        common: dict[str, Any] = {"name_column": name_column, "row_names": row_names, "dimension": dimension}
        if has_value and ("indicator" in roles or _sheet_indicator(sheet, i, indicator_lookup) or defaults.indicator):
            indicator = (
                None if "indicator" in roles else (_sheet_indicator(sheet, i, indicator_lookup) or defaults.indicator)
            )
            skipped = [clean_text(row[j]) for j in others if j < len(row)]
            return Layout(
                "long",
                layout_header,
                roles,
                region_level,
                [],
                indicator=indicator,
                period=period,
                skipped=skipped,
                **common,
            )
        periods = [(j, period_from_header(row[j] if j < len(row) else None)) for j in others]
        period_cols = [(j, p) for j, p in periods if p is not None]
        if period_cols:
            indicator = None
            if "indicator" not in roles:
                indicator = _sheet_indicator(sheet, i, indicator_lookup) or defaults.indicator
            skipped = [clean_text(row[j]) for j, p in periods if p is None and j < len(row)]
            return Layout(
                "wide-period",
                layout_header,
                roles,
                region_level,
                period_cols,
                indicator=indicator,
                skipped=skipped,
                **common,
            )
        if others:
            measures = [(j, (headers[j], indicator_header_text(row[j] if j < len(row) else ""))) for j in others]
            if len(measures) == 1 and defaults.indicator and not indicator_lookup(measures[0][1][1]):
                # one measure the catalogue does not know, and the person said which indicator it is
                measures = [(measures[0][0], (measures[0][1][0], defaults.indicator))]
            return Layout(
                "wide-indicator",
                layout_header,
                roles,
                region_level,
                measures,
                period=period,
                **common,
            )
    return None


def infer_layout(sheet: Sheet, indicator_lookup: Any, defaults: Defaults | None = None) -> Layout | None:
    """A table whose area columns have no header ('', '', 'Asukasluku' over codes and names): a header
    cell that names an indicator, over rows whose first columns are municipality codes (and names)."""
    defaults = defaults or Defaults()
    rows = sheet.rows
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        named = [j for j, c in enumerate(row) if clean_text(c) and indicator_lookup(indicator_header_text(c))]
        if not named:
            continue
        data = [r for r in rows[i + 1 : i + 40] if any(clean_text(c) for c in r)]
        for j in range(min(named)):
            cells = [clean_text(r[j]) for r in data if j < len(r) and clean_text(r[j])]
            codes = [c for c in cells if c.isdigit() and len(c) <= 3]
            if len(codes) >= 10 and len(codes) >= 0.8 * len(cells):
                headers = [normalise_header(c) for c in row]
                # a reference date under the header ('31.12.2012' under 'Asukasluku') belongs to it
                extra = 0
                for nxt in rows[i + 1 : i + 3]:
                    filled = [c for c in nxt if clean_text(c)]
                    if (
                        clean_text(_cell(nxt, j))
                        or not filled
                        or any(looks_numeric(c) and not _date_like(c) for c in filled)
                    ):
                        break
                    for k, c in enumerate(nxt):
                        if clean_text(c) and k < len(headers):
                            headers[k] = (headers[k] + " " + _date_text(c)).strip()
                    extra += 1
                name_col = j + 1 if j + 1 < min(named) else None
                period = fallback_period(sheet, i, "", defaults)
                return Layout(
                    "wide-indicator",
                    i + extra,
                    {"region": j},
                    "municipality",
                    [(k, (headers[k], indicator_header_text(row[k]))) for k in named],
                    period=period,
                    name_column=name_col,
                )
    return None


@dataclass(frozen=True)
class Defaults:
    """What the person says about a file that names neither (ingest --year / --indicator), and the file's name."""

    year: int | None = None
    indicator: str | None = None
    filename: str = ""


def fallback_period(sheet: Sheet, header: int, area_header: str, defaults: Defaults) -> tuple[int, int] | None:
    """The period of a sheet without a year column: the area column's header ('Alue 2018'), the
    sheet's name, a title line, the file's name, or --year."""
    for found in (
        _header_period(area_header),
        period_from_header(sheet.name),
        (_year_in(_title_texts(sheet, header)), 0),
        (_year_in([_stem(defaults.filename)]), 0),
        (defaults.year, 0),
    ):
        if found and found[0]:
            return (int(found[0]), int(found[1]))
    return None


def _stem(filename: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename).replace("_", " ")


def indicator_header_text(cell: Any) -> str:
    """A wide sheet's column header as the person wrote it, minus an embedded date or year:
    'Väkiluku \n31.12.2015' -> 'Väkiluku'."""
    text = re.sub(r"-\s*\n\s*", "", clean_text(cell))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"[\s_,]*(?<![0-9])(\d{1,2}\.\d{1,2}\.)?(19|20)\d{2}([_.-]\d{1,2}[_.-]\d{1,2})?$", "", text)
    return text.strip(" :*,_") or clean_text(cell)


def _date_like(cell: Any) -> bool:
    import datetime as dt

    return isinstance(cell, dt.date)


def _date_text(cell: Any) -> str:
    import datetime as dt

    if isinstance(cell, dt.date):
        return f"{cell.day}.{cell.month}.{cell.year}"
    return normalise_header(cell)


def _sheet_indicator(sheet: Sheet, header_index: int, indicator_lookup: Any) -> str | None:
    """The indicator of a wide sheet: named by the sheet or by a title row above the header
    ('Väkiluku 31.12. muuttujina Alue ja Vuosi', as PxWeb titles its exports)."""
    for text in [sheet.name, *_title_texts(sheet, header_index)]:
        for candidate in _title_candidates(text):
            found = indicator_lookup(candidate)
            if found:
                return str(found)
    return None


def _title_candidates(text: str) -> list[str]:
    """A title line and the indicator name it may start with."""
    head = re.split(r"\s+(?:muuttujina|efter|by)\s+", text, maxsplit=1)[0]
    bare = re.sub(r"[\s,]*(\d{1,2}\.\d{1,2}\.((19|20)\d{2})?|(19|20)\d{2}(-(19|20)\d{2})?)\s*$", "", head).strip(" ,:")
    return list(dict.fromkeys([text, head, bare]))


@lru_cache(maxsize=65536)
def _is_total_cell(text: str) -> bool:
    return is_total_row(clean_text(text))


def is_total_row(text: str) -> bool:
    low = text.lower().strip()
    return low in TOTAL_WORDS or low.startswith(("yhteensä ", "totalt ", "total "))


def _cell(row: list[Any], j: int | None) -> Any:
    if j is None or j >= len(row):
        return None
    return row[j]


def records_from_sheet(
    sheet: Sheet, layout: Layout, report: Report, fast: FastPath | None = None
) -> list[RawRecord] | list[tuple[Any, ...]]:
    """Raw records of a recognised sheet; structural problems go into the report.

    With `fast`, a clean long sheet may come back already validated as observation rows
    (a list of tuples); any doubt and the row-by-row path runs, so reports never differ.
    """
    rows = sheet.rows
    hdr_index = _header_index(sheet, layout)
    headers = [normalise_header(c) for c in rows[hdr_index]]
    if layout.row_names:  # an R export's rows start with a row name its header lacks
        headers = ["", *headers]
    sheet_name = sheet.name or None
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    skipped = [h for h in layout.skipped if h not in sheet.consumed]
    if skipped:
        report.warn("columns-skipped", sheet=sheet_name, columns=", ".join(f"'{h}'" for h in skipped))
    # header problems
    roles = layout.roles
    seen: dict[str, int] = {}
    for j, h in enumerate(headers[:width]):
        if not h:
            has_data = any(clean_text(_cell(r, j)) for r in rows[layout.header_row + 1 :])
            unnamed_area = j == roles.get("region") or j == layout.name_column  # found by content
            if has_data and not unnamed_area and not (j == 0 and _is_row_index(rows[layout.header_row + 1 :])):
                report.error("blank-header", sheet=sheet_name, row=hdr_index + 1, column=col_letter(j))
        elif h in seen:
            report.error(
                "duplicate-header",
                sheet=sheet_name,
                row=hdr_index + 1,
                column=col_letter(j),
                header=clean_text(rows[hdr_index][j]),
                first=col_letter(seen[h]),
            )
        else:
            seen[h] = j
    plain = not (layout.row_names or layout.name_column is not None or layout.indicator or layout.dimension)
    if fast is not None and layout.kind == "long" and not report.errors and plain and "year" in roles:
        done = fast(sheet, layout, width)
        if done is not None:
            return done
    r_col = roles["region"]
    r_letter = col_letter(r_col)
    fields = ("indicator", "year", "month", "sex", "value", "numerator", "denominator", "date")
    idx = [roles.get(f, -1) for f in fields]
    let = [_letter(roles.get(f)) for f in fields]
    level = layout.region_level
    is_long = layout.kind == "long"
    period_year = layout.period[0] if layout.period else None
    name_col = layout.name_column
    optional = layout.dimension or layout.kind == "wide-indicator"
    notes_beside = 0
    # a period column marked preliminary in its header ("2024*", "2024 ennakko")
    header_row = rows[hdr_index] if 0 <= hdr_index < len(rows) else []
    header_flags = {
        j: flag
        for j, _key in layout.value_columns
        if j < len(header_row) and (flag := strip_year_mark(header_row[j])[1]) is not None
    }
    out: list[RawRecord] = []
    for i in range(layout.header_row + 1, len(rows)):
        row = rows[i]
        line = i + 1
        if not any(row) and _is_blank(row):
            continue
        n = len(row)
        if n > width:
            for j in range(width, n):
                if clean_text(row[j]):
                    if looks_numeric(row[j]):  # a number without a header: data that would be lost
                        report.error("extra-cell", sheet=sheet_name, row=line, column=col_letter(j))
                    else:  # a note beside the table ("Peräseinäjoki => Seinäjoki")
                        notes_beside += 1
                    break
        region = row[r_col] if r_col < n else None
        if isinstance(region, str) and region and _is_total_cell(region):
            report.warn("total-row", sheet=sheet_name, row=line)
            continue
        area_name = clean_text(row[name_col]) if name_col is not None and name_col < n else None
        if area_name and not clean_text(region):  # a total row names its area without a code: "Koko maa"
            region, area_name = area_name, None
        if is_long:
            v = [row[j] if 0 <= j < n else None for j in idx]
            out.append(
                RawRecord(
                    sheet_name,
                    line,
                    region,
                    r_letter,
                    level,
                    v[0] if idx[0] >= 0 else layout.indicator,
                    let[0],
                    v[1] if idx[1] >= 0 else period_year,
                    let[1],
                    v[2],
                    let[2],
                    v[3],
                    let[3],
                    v[4],
                    let[4],
                    v[5],
                    let[5],
                    v[6],
                    let[6],
                    v[7],
                    let[7],
                    region_name=area_name or None,
                    optional=optional,
                    flag=_cell(row, roles.get("flag")),
                    flag_col=_letter(roles.get("flag")),
                )
            )
            continue
        values = [(j, key, _cell(row, j)) for j, key in layout.value_columns]
        if not any(clean_text(v) for _, _, v in values):
            continue  # a note or an empty line under the table
        for j, key, v in values:
            if clean_text(v) == "":
                continue  # no value for this period or indicator
            if layout.kind == "wide-period":
                year, month = key
                indicator = _cell(row, roles.get("indicator")) if "indicator" in roles else layout.indicator
                ind_col = _letter(roles.get("indicator"))
            else:
                norm, indicator = key
                period = _header_period(norm) or layout.period
                ind_col = col_letter(j)
                year, month = period if period else (None, None)
                if "year" in roles:
                    year = _cell(row, roles["year"])
                if "month" in roles:
                    month = _cell(row, roles["month"])
            out.append(
                RawRecord(
                    sheet_name,
                    line,
                    region,
                    col_letter(r_col),
                    layout.region_level,
                    indicator,
                    ind_col,
                    year,
                    _letter(roles.get("year")) or col_letter(j),
                    month or None,
                    _letter(roles.get("month")) or col_letter(j),
                    _cell(row, roles.get("sex")),
                    _letter(roles.get("sex")),
                    v,
                    col_letter(j),
                    indicator_row=hdr_index + 1 if layout.kind == "wide-indicator" else None,
                    region_name=area_name or None,
                    optional=optional,
                    flag=_cell(row, roles.get("flag")) if "flag" in roles else header_flags.get(j),
                    flag_col=_letter(roles.get("flag")) or (col_letter(j) if j in header_flags else None),
                )
            )
    if notes_beside:
        report.warn("notes-beside", sheet=sheet_name, n=notes_beside)
    return out


def _is_row_index(rows: list[list[Any]]) -> bool:
    """A first column of row names written with the data: a pandas index (0, 1, 2 ... or what is
    left of it after filtering) or R's row names ("127.1", "127.2" ...), every one different."""
    cells = [clean_text(r[0]) for r in rows[:200] if r and clean_text(r[0])]
    if len(cells) < 2 or not all(re.fullmatch(r"\d+(\.\d+)?", c) for c in cells):
        return False
    return len(set(cells)) == len(cells)


def _header_index(sheet: Sheet, layout: Layout) -> int:
    """The row index of the header's first line (continuation rows follow it)."""
    for i in range(layout.header_row, -1, -1):
        row = ["", *sheet.rows[i]] if layout.row_names else sheet.rows[i]
        if layout.roles["region"] < len(row) and role_of(normalise_header(row[layout.roles["region"]])):
            return i
    return layout.header_row


def _letter(j: int | None) -> str | None:
    return None if j is None else col_letter(j)


def is_sotkanet_csv(sheet: Sheet) -> bool:
    """Headerless THL Sotkanet export: title;indicator id;region;code;gender;year;value;absValue."""
    data = [r for r in sheet.rows[:20] if not _is_blank(r)]
    if not data:
        return False
    for r in data[:5]:
        if len(r) < 7:
            return False
        if not clean_text(r[1]).isdigit() or not re.fullmatch(r"(19|20)\d{2}", clean_text(r[5])):
            return False
    return True


def records_from_sotkanet_csv(sheet: Sheet, report: Report) -> list[RawRecord]:
    out = []
    empty = 0
    for i, r in enumerate(sheet.rows):
        if _is_blank(r):
            continue
        r = list(r) + [None] * (8 - len(r))
        if not clean_text(r[6]):
            empty += 1  # Sotkanet leaves a value empty where it has none
            continue
        code = clean_text(r[3])
        out.append(
            RawRecord(
                None,
                i + 1,
                code or r[2],
                "D" if code else "C",
                None,
                "sotkanet:" + clean_text(r[1]),
                "B",
                r[5],
                "F",
                None,
                None,
                r[4],
                "E",
                r[6],
                "G",
                r[7] if clean_text(r[7]) else None,
                "H",
                None,
                None,
                indicator_title=clean_text(r[0]),
                region_name=clean_text(r[2]) if code else None,
            )
        )
    if empty:
        report.warn("empty-values", n=empty)
    return out


def records_from_json(rows: list[dict[str, Any]]) -> list[RawRecord]:
    """THL Sotkanet REST rows: {"indicator", "region", "year", "gender", "value", "absolute.value"}."""
    out = []
    for i, r in enumerate(rows):
        region = r.get("region")
        level = None
        if isinstance(region, dict):
            level = SOTKANET_CATEGORIES.get(str(region.get("category", "")).upper())
            region = region.get("code") or region.get("id")
        if "region.code" in r:
            region = r["region.code"]
            level = SOTKANET_CATEGORIES.get(str(r.get("region.category", "")).upper())
        if isinstance(region, int | float) and not isinstance(region, bool):
            finite_whole = isinstance(region, int) or (math.isfinite(region) and region.is_integer())
            region = f"sotkanet-id:{int(region)}" if finite_whole and 0 <= region < 10**9 else str(region)
        title = r.get("indicator.title.fi") or r.get("title")
        indicator = r.get("indicator")
        if isinstance(indicator, dict):
            indicator = indicator.get("id")
        # Sotkanet's rows name an indicator by its number; other JSON by code or name
        sotkanet = (isinstance(indicator, int) and not isinstance(indicator, bool)) or str(indicator).isdigit()
        out.append(
            RawRecord(
                None,
                i + 1,
                region,
                "region",
                level,
                ("sotkanet:" + clean_text(indicator)) if sotkanet else indicator,
                "indicator",
                r.get("year"),
                "year",
                r.get("month"),
                "month",
                r.get("gender", r.get("sex")),
                "gender",
                r.get("value"),
                "value",
                r.get("absolute.value", r.get("absValue")),
                "absolute.value",
                None,
                None,
                indicator_title=clean_text(title) if title else None,
            )
        )
    return out


def _statfi_key(sheet: Sheet) -> bool:
    """Statistics Finland's correspondence export: sourcecode;sourcename;targetcode;targetname."""
    for row in sheet.rows[:HEADER_SCAN_ROWS]:
        headers = {normalise_header(c) for c in row}
        if {"sourcecode", "targetcode"} <= headers:
            return True
    return False


def _report_unknown_columns(sheet: Sheet, report: Report) -> None:
    """Where a row looks like a header but has no area column, say which columns were not understood."""
    best: tuple[int, int] | None = None
    for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        known = sum(1 for c in row if role_of(normalise_header(c)))
        if known >= 2 and (best is None or known > best[1]):
            best = (i, known)
    if best is None:
        return
    i = best[0]
    for j, cell in enumerate(sheet.rows[i]):
        if clean_text(cell) and role_of(normalise_header(cell)) is None:
            report.error("unknown-column", sheet=sheet.name or None, row=i + 1, column=col_letter(j))


FastPath = Callable[[Sheet, Layout, int], "list[tuple[Any, ...]] | None"]


def workbook_records(
    wb: Workbook,
    report: Report,
    indicator_lookup: Any,
    fast: FastPath | None = None,
    defaults: Defaults | None = None,
) -> tuple[str, list[RawRecord], list[tuple[Any, ...]]]:
    """(format name, raw records, rows already validated by `fast`) of a whole workbook.

    Raises LoaderError when no table is found."""
    if wb.json_rows is not None:
        return "sotkanet-json", records_from_json(wb.json_rows), []
    sheets = wb.sheets
    if wb.kind == "csv" and sheets and is_sotkanet_csv(sheets[0]):
        return "sotkanet-csv", records_from_sotkanet_csv(sheets[0], report), []
    is_template = any(s.name == TEMPLATE_MARKER_SHEET for s in sheets)
    candidates = [s for s in sheets if s.name != TEMPLATE_MARKER_SHEET]
    if is_template:  # the template's own indicator list and guide are not data (own indicators: own_indicators.py)
        from i18n import LANGUAGES, t

        skip = {t(f"template.sheet.{k}", lang) for k in ("indicators", "guide") for lang in LANGUAGES}
        candidates = [s for s in candidates if s.name not in skip]
    found: list[tuple[Sheet, Layout]] = []
    unread: list[str] = []
    for sheet in candidates:
        if not any(not _is_blank(r) for r in sheet.rows):
            continue
        layout = detect_layout(sheet, report, indicator_lookup, defaults)
        if layout is None:
            layout = infer_layout(sheet, indicator_lookup, defaults)
            if layout is not None:
                report.note(
                    "note.area-column-inferred", sheet=sheet.name or "-", column=col_letter(layout.roles["region"])
                )
        if layout is not None:
            found.append((sheet, layout))
        elif sum(looks_numeric(c) for r in sheet.rows[:200] for c in r) >= 5:  # numbers, not a guide sheet
            unread.append(sheet.name or "-")
    if found and unread:  # nothing vanishes unsaid: a sheet without a table is named
        report.warn("sheets-skipped", sheets=", ".join(unread))
    keys = [(s, lay) for s, lay in found if lay.kind == "key"]
    if keys and len(keys) == len(found):
        raise LoaderError("classification-key", "err.classification-key")
    for sheet, _layout in keys:
        report.warn("key-sheet", sheet=sheet.name or None)
    found = [(s, lay) for s, lay in found if lay.kind != "key"]
    if not found and any(_statfi_key(sheet) for sheet in candidates):
        raise LoaderError("classification-key", "err.classification-key")
    if not found or all(s.hidden for s, _ in found):
        for sheet in candidates:
            _report_unknown_columns(sheet, report)
        names = ", ".join(s.name for s in sheets if s.name) or "-"
        raise LoaderError("header-not-found", n=HEADER_SCAN_ROWS, sheets=names)
    records: list[RawRecord] = []
    validated: list[tuple[Any, ...]] = []
    kinds = set()
    visible = [(s, lay) for s, lay in found if not s.hidden]
    single = fast if len(visible) == 1 else None
    for sheet, layout in found:
        if sheet.hidden:
            report.warn("hidden-sheet", sheet=sheet.name)
            continue
        if wb.formula_cells.get(sheet.name):
            for col in wb.formula_cells[sheet.name]:
                report.error("formula-error", sheet=sheet.name, column=col)
            continue
        place = "sheet" if wb.kind in ("xlsx", "xls") and sheet.name else "file"
        if layout.kind == "wide-period" and layout.indicator is None and "indicator" not in layout.roles:
            report.error("unknown-indicator", f"err.no-indicator-for-{place}", sheet=sheet.name or None)
            continue
        no_year = layout.period is None and not ({"year", "date"} & set(layout.roles))
        if layout.kind == "wide-indicator" and no_year:
            missing = [h for _, (h, _t) in layout.value_columns if _header_period(h) is None]
            if missing:
                report.error("missing-cell", f"err.no-year-for-{place}", sheet=sheet.name or None)
                continue
        if layout.kind == "long" and no_year:
            report.error("missing-cell", f"err.no-year-for-{place}", sheet=sheet.name or None)
            continue
        if sheet.name and len(sheets) > 1:
            report.note("note.sheet-read", sheet=sheet.name, row=layout.header_row + 1)
        kinds.add(layout.kind)
        out = records_from_sheet(sheet, layout, report, single)
        if out and isinstance(out[0], tuple):
            validated.extend(out)  # type: ignore[arg-type]
        else:
            records.extend(out)  # type: ignore[arg-type]
    fmt = "template" if is_template else ("long" if kinds == {"long"} else "wide" if kinds else "long")
    return fmt, records, validated
