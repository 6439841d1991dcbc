"""School absences, aggregated (poissaolot): per municipality, optionally per school, and term, the pupils and
the pupils whose absences exceed each hour limit of the region's ladder, as schools' student registers
(Wilma, Primus) report them.

Wide ("Kunta | Koulu | Lukukausi | Oppilaat | Yli 30 h | Yli 50 h | Yli 80 h") or long (one row a limit:
"... | Raja (h) | Yli rajan"), in Finnish, Swedish or English. Only counts are stored: a file of pupils
(names, identity codes) is refused whole, a share column is not a count and is left out with a note.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from data_loaders.layouts import col_letter
from data_loaders.parse import CellError, clean_text, parse_number
from data_loaders.readers import Sheet
from data_loaders.records import (
    LoadContext,
    RecordReader,
    area_code,
    blank,
    cell_of,
    column_name,
    header_key,
    roles_of,
)
from data_loaders.report import Report

ROLES: dict[str, tuple[str, ...]] = {
    "municipality": ("kunta", "kunnan nimi", "kuntanumero", "kuntakoodi", "kommun", "kommunnummer", "municipality"),
    "school": ("koulu", "koulun nimi", "skola", "skolans namn", "school", "school name"),
    "term": ("lukukausi", "jakso", "termin", "term", "semester"),
    "school_year": ("lukuvuosi", "läsår", "school year", "vuosi", "år", "year"),
    "pupils": (
        "oppilaat", "oppilaita", "oppilasmäärä", "oppilaita yhteensä", "oppilaat yhteensä", "elever", "antal elever",
        "elever totalt", "pupils", "number of pupils", "pupils total",
    ),
    "threshold": ("raja", "raja h", "tuntiraja", "poissaoloraja", "gräns", "gräns h", "timgräns", "threshold",
                  "limit", "limit h", "hours"),
    "over": ("yli rajan", "rajan ylittäneet", "rajan ylittäneitä", "över gränsen", "over the limit", "over limit"),
    # a file about pupils one by one is not what this page takes (and must not be kept)
    "person": ("oppilas", "oppilaan nimi", "nimi", "henkilötunnus", "hetu", "elev", "elevens namn", "namn",
               "personbeteckning", "pupil", "pupil name", "name"),
}  # fmt: skip
# "Yli 30 h", "över 30 h", "over 30 hours", "> 30 h", "30 h tai enemmän", "vähintään 30 tuntia", "30+ h"
_LIMIT = re.compile(
    r"^(?:yli|över|over|more than|>|≥|>=|vähintään|minst|at least)?\s*(\d{1,4})\s*\+?\s*"
    r"(?:h|t|tuntia|tunnin|timmar|hours)?\s*(?:tai enemmän|tai yli|eller mer|eller fler|or more)?\s*$"
)
_SHARE_WORDS = ("%", "osuus", "andel", "share", "prosentti", "procent", "percent")
AUTUMN_WORDS = ("syksy", "syyslukukausi", "syys", "ht", "hösttermin", "höst", "hösten", "autumn", "fall", "s")
SPRING_WORDS = ("kevät", "kevätlukukausi", "kl", "vt", "vårtermin", "vår", "våren", "spring", "k")


def limit_of(header: Any) -> int | None:
    """The hour limit a column header names ('Yli 30 h' -> 30), None for other headers. A header must say
    'over' or 'hours' (a bare number is a year or a count, not a limit)."""
    text = header_key(header)
    if not text or any(w in text for w in _SHARE_WORDS):
        return None
    m = _LIMIT.match(text)
    if m is None or not re.search(r"[a-zåäö>≥+]", text):
        return None
    hours = int(m.group(1))
    return hours if 0 < hours < 2000 else None


def parse_term(value: Any, school_year: Any = None) -> tuple[int, str]:
    """(calendar year, 'spring' | 'autumn') from 'syksy 2024', '2025 kevät', 'HT 2024', 'vårterminen 2025',
    'autumn 2024'; a school year '2024–2025' (in the cell or a column beside) gives autumn 2024, spring 2025."""
    text = clean_text(value).lower().replace("–", "-").replace("—", "-")
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    short = re.search(r"(?<!\d)(\d{4})\s*-\s*(\d{2})(?!\d)", text)  # 2024-25
    if short and len(years) == 1:
        years.append(int(str(years[0])[:2] + short.group(2)))
    words = re.findall(r"[a-zåäö]+", text)
    term = None
    for word in words:
        if word in AUTUMN_WORDS or word.startswith(("syys", "höst", "autumn")):
            term = "autumn"
        elif word in SPRING_WORDS or word.startswith(("kevä", "vår", "spring")):
            term = "spring"
    if term is None:
        raise CellError("not-term")
    if not years and school_year is not None:
        return parse_term(f"{term} {clean_text(school_year)}")
    if not years:
        raise CellError("not-term")
    year = years[0] if term == "autumn" or len(years) == 1 else years[1]
    if not 2000 <= year <= 2100:
        raise CellError("not-term")
    return year, term


def _header(sheet: Sheet, scan: int = 10) -> tuple[int, dict[str, int], dict[int, int]] | None:
    """(row, roles, {column: hour limit}) of the first row naming a municipality, a term, the pupils and
    either limit columns (wide) or a limit and its count (long)."""
    for i, row in enumerate(sheet.rows[:scan]):
        found = roles_of(row, ROLES)
        limits = {j: h for j, c in enumerate(row) if j not in found.values() and (h := limit_of(c)) is not None}
        has_counts = bool(limits) or ("threshold" in found and "over" in found)
        if all(r in found for r in ("municipality", "term", "pupils")) and has_counts:
            return i, found, limits
    return None


def _count(value: Any) -> int | None:
    number = parse_number(value, "any")
    if number is None:
        return None
    if number < 0 or not float(number).is_integer():
        raise CellError("not-count")
    return int(number)


def read_absences(sheet: Sheet, report: Report, load: LoadContext) -> list[dict[str, Any]] | None:
    found = _header(sheet)
    if found is None:
        return None
    header, roles, limits = found
    headers = sheet.rows[header]
    if "person" in roles:  # one pupil a row: refused whole, nothing of it kept
        report.error("personal-data", "err.absence-person-level", column=column_name(headers, roles, "person"))
        return []
    shares = [clean_text(h) for h in headers if any(w in header_key(h) for w in _SHARE_WORDS) and header_key(h)]
    if shares:
        report.note("note.absence-shares-dropped", columns=", ".join(shares[:5]))
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1
        if blank(cells):
            continue
        raw_area = cell_of(cells, roles, "municipality")
        if clean_text(raw_area).lower() in ("yhteensä", "totalt", "total", "summa", "kaikki"):
            continue  # a total row under the table: the page sums the municipalities itself
        municipality = area_code(load, raw_area, "municipality", report)
        if municipality is None:
            column = column_name(headers, roles, "municipality")
            report.error("unknown-region", "err.absence-municipality", row=line, column=column,
                         value=clean_text(raw_area)[:40])  # fmt: skip
            continue
        try:
            year, term = parse_term(cell_of(cells, roles, "term"), cell_of(cells, roles, "school_year"))
        except CellError:
            report.error("type-error", "err.type.not-term", row=line, column=column_name(headers, roles, "term"),
                         value=clean_text(cell_of(cells, roles, "term"))[:40])  # fmt: skip
            continue
        school = " ".join(clean_text(cell_of(cells, roles, "school")).split())[:120]
        try:
            pupils = _count(cell_of(cells, roles, "pupils"))
        except CellError:
            pupils = None
        if pupils is None:
            report.error("type-error", "err.absence-pupils", row=line, column=column_name(headers, roles, "pupils"),
                         value=clean_text(cell_of(cells, roles, "pupils"))[:40])  # fmt: skip
            continue
        if limits:
            pairs = [(hours, j) for j, hours in sorted(limits.items(), key=lambda kv: kv[1])]
        else:
            try:
                hours = _count(cell_of(cells, roles, "threshold"))
            except CellError:
                hours = None
            if not hours:
                report.error("type-error", "err.absence-limit", row=line,
                             column=column_name(headers, roles, "threshold"),
                             value=clean_text(cell_of(cells, roles, "threshold"))[:40])  # fmt: skip
                continue
            pairs = [(hours, roles["over"])]
        previous: int | None = None
        for hours, j in pairs:
            col = col_letter(j)
            try:
                over = _count(cells[j] if j < len(cells) else None)
            except CellError:
                report.error("type-error", "err.absence-over", row=line, column=col,
                             value=clean_text(cells[j])[:40])  # fmt: skip
                break
            if over is None:
                continue  # this limit not reported for this row
            if over > pupils:
                report.error("constraint-error", "err.absence-over-pupils", row=line, column=col, over=over,
                             pupils=pupils)  # fmt: skip
                break
            if previous is not None and over > previous:
                report.error("constraint-error", "err.absence-not-nested", row=line, column=col, hours=hours)
                break
            previous = over
            key = (municipality, school, year, term, hours)
            if key in seen:
                report.error("duplicate-row", "err.absence-repeat", row=line, first=seen[key])
                break
            seen[key] = line
            rows.append({"municipality": municipality, "school": school, "year": year, "term": term,
                         "threshold": hours, "pupils": pupils, "over": over})  # fmt: skip
    return rows


def _preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["municipality", "year", "term"])
    return frame.groupby(["municipality"]).size().reset_index(name="n").rename(columns={"municipality": "area"})


READER = RecordReader("absences", lambda s: _header(s) is not None, read_absences, _preview)
