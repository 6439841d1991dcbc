"""Recognising a sheet's layout and turning its cells into raw records with positions.

Layouts: long (one value a row), wide by period (regions down, years or months across),
wide by indicator (regions down, one indicator a column), THL Sotkanet CSV and JSON rows,
and the project's own template (a long sheet beside a hidden `_lape` sheet).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from data_loaders.parse import clean_text, looks_numeric, period_from_header
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
    "indicator": {"indikaattori": None, "mittari": None, "indikator": None, "indicator": None, "muuttuja": None},
    "year": {"vuosi": None, "år": None, "year": None, "tilastovuosi": None},
    "month": {"kuukausi": None, "månad": None, "month": None, "kk": None},
    "date": {"päivämäärä": None, "pvm": None, "datum": None, "date": None, "ajankohta": None},
    "sex": {"sukupuoli": None, "kön": None, "sex": None, "gender": None},
    "value": {"arvo": None, "värde": None, "value": None, "lukumäärä": None, "määrä": None},
    "numerator": {"osoittaja": None, "täljare": None, "numerator": None},
    "denominator": {"nimittäjä": None, "nämnare": None, "denominator": None},
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


def _is_blank(row: list[Any]) -> bool:
    return all(clean_text(c) == "" for c in row)


def _title_texts(sheet: Sheet, header_index: int) -> list[str]:
    return [clean_text(c) for row in sheet.rows[:header_index] for c in row if clean_text(c)]


def _year_in(texts: list[str]) -> int | None:
    years = {int(m) for text in texts for m in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}
    return years.pop() if len(years) == 1 else None


def _header_period(header: str) -> tuple[int, int] | None:
    """A year or month embedded in an indicator column's header: 'Väkiluku 31.12.2015' -> 2015."""
    for token in reversed(header.split(" ")):
        period = period_from_header(token)
        if period:
            return period
        m = re.fullmatch(r"\d{1,2}\.\d{1,2}\.((?:19|20)\d{2})", token)
        if m:
            return (int(m.group(1)), 0)
    return None


def detect_layout(sheet: Sheet, report: Report, indicator_lookup: Any) -> Layout | None:
    """Find the header row and the layout of a sheet; None for a sheet without a table."""
    rows = sheet.rows
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = [normalise_header(c) for c in row]
        roles: dict[str, int] = {}
        region_level = None
        for j, h in enumerate(headers):
            found = role_of(h)
            if found and found[0] not in roles:
                roles[found[0]] = j
                if found[0] == "region":
                    region_level = found[1]
            elif found and found[0] == "region" and region_level is None:
                region_level = found[1]
        if "region" not in roles:
            continue
        others = [j for j, h in enumerate(headers) if h and j not in roles.values() and role_of(h) is None]
        # header continuation rows (e.g. a reference date under "Asukasluku"): append their text
        extra_rows = 0
        for nxt in rows[i + 1 : i + 3]:
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
        if "indicator" in roles and ("year" in roles or "date" in roles) and has_value:
            return Layout("long", layout_header, roles, region_level, [])
        periods = [(j, period_from_header(row[j])) for j in others]
        period_cols = [(j, p) for j, p in periods if p is not None]
        if period_cols:
            indicator = None
            if "indicator" not in roles:
                indicator = _sheet_indicator(sheet, i, indicator_lookup)
            return Layout("wide-period", layout_header, roles, region_level, period_cols, indicator=indicator)
        if others:
            period = None
            if "year" not in roles and "date" not in roles:
                sheet_year = period_from_header(sheet.name)
                period = sheet_year or (
                    (_year_in(_title_texts(sheet, i)) or 0, 0) if _year_in(_title_texts(sheet, i)) else None
                )
            return Layout(
                "wide-indicator",
                layout_header,
                roles,
                region_level,
                [(j, (headers[j], indicator_header_text(row[j]))) for j in others],
                period=period,
            )
    return None


def indicator_header_text(cell: Any) -> str:
    """A wide sheet's column header as the person wrote it, minus an embedded date or year:
    'Väkiluku \n31.12.2015' -> 'Väkiluku'."""
    text = re.sub(r"-\s*\n\s*", "", clean_text(cell))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*\b(\d{1,2}\.\d{1,2}\.)?(19|20)\d{2}$", "", text)
    return text.strip(" :*") or clean_text(cell)


def _date_like(cell: Any) -> bool:
    import datetime as dt

    return isinstance(cell, dt.date)


def _date_text(cell: Any) -> str:
    import datetime as dt

    if isinstance(cell, dt.date):
        return f"{cell.day}.{cell.month}.{cell.year}"
    return normalise_header(cell)


def _sheet_indicator(sheet: Sheet, header_index: int, indicator_lookup: Any) -> str | None:
    """The indicator of a wide sheet: named by the sheet or by a title row above the header."""
    for text in [sheet.name, *_title_texts(sheet, header_index)]:
        found = indicator_lookup(text)
        if found:
            return str(found)
    return None


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
    sheet_name = sheet.name or None
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    # header problems
    seen: dict[str, int] = {}
    for j, h in enumerate(headers[:width]):
        if not h:
            has_data = any(clean_text(_cell(r, j)) for r in rows[layout.header_row + 1 :])
            if has_data:
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
    roles = layout.roles
    if fast is not None and layout.kind == "long" and not report.errors:
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
                    report.error("extra-cell", sheet=sheet_name, row=line, column=col_letter(j))
                    break
        region = row[r_col] if r_col < n else None
        if isinstance(region, str) and region and _is_total_cell(region):
            report.warn("total-row", sheet=sheet_name, row=line)
            continue
        if is_long:
            v = [row[j] if 0 <= j < n else None for j in idx]
            out.append(
                RawRecord(
                    sheet_name,
                    line,
                    region,
                    r_letter,
                    level,
                    v[0],
                    let[0],
                    v[1],
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
                )
            )
    return out


def _header_index(sheet: Sheet, layout: Layout) -> int:
    """The row index of the header's first line (continuation rows follow it)."""
    for i in range(layout.header_row, -1, -1):
        row = sheet.rows[i]
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
            region = f"sotkanet-id:{int(region)}"
        title = r.get("indicator.title.fi") or r.get("title")
        out.append(
            RawRecord(
                None,
                i + 1,
                region,
                "region",
                level,
                "sotkanet:" + clean_text(r.get("indicator")),
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
    wb: Workbook, report: Report, indicator_lookup: Any, fast: FastPath | None = None
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
    found: list[tuple[Sheet, Layout]] = []
    for sheet in candidates:
        if not any(not _is_blank(r) for r in sheet.rows):
            continue
        layout = detect_layout(sheet, report, indicator_lookup)
        if layout is not None:
            found.append((sheet, layout))
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
        if layout.kind == "wide-period" and layout.indicator is None and "indicator" not in layout.roles:
            report.error("unknown-indicator", "err.no-indicator-for-sheet", sheet=sheet.name or None)
            continue
        if layout.kind == "wide-indicator" and layout.period is None and not ({"year", "date"} & set(layout.roles)):
            missing = [h for _, (h, _t) in layout.value_columns if _header_period(h) is None]
            if missing:
                report.error("missing-cell", "err.no-year-for-sheet", sheet=sheet.name or None)
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
