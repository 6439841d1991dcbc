"""What the loaders of non-observation records share: finding the header row by its column roles (fi, sv,
en words), resolving areas (codes, names, abolished municipalities), and the readers in the order ingest
tries them. Each reader returns checked rows ready for store.records, or None when the sheet is not its kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from data_loaders.layouts import normalise_header
from data_loaders.parse import clean_text
from data_loaders.readers import Sheet
from data_loaders.regions import RegionResolver
from data_loaders.report import Report


def header_key(cell: Any) -> str:
    """A header as a lookup key: lower case, single spaces, no brackets, colons or underscores."""
    text = normalise_header(cell).replace("_", " ")
    text = re.sub(r"[()\[\]:,;/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def roles_of(headers: list[Any], roles: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index of each role found in a header row (the first column naming a role wins)."""
    found: dict[str, int] = {}
    for j, cell in enumerate(headers):
        text = header_key(cell)
        for role, words in roles.items():
            if role not in found and text in words:
                found[role] = j
    return found


def find_header(
    sheet: Sheet, roles: dict[str, tuple[str, ...]], required: tuple[str, ...], scan: int = 10
) -> tuple[int, dict[str, int]] | None:
    """(header row index, roles) of the first row within `scan` lines that names every required role."""
    for i, row in enumerate(sheet.rows[:scan]):
        found = roles_of(row, roles)
        if all(r in found for r in required):
            return i, found
    return None


def header_rows(
    sheet: Sheet, roles: dict[str, tuple[str, ...]], required: tuple[str, ...], lookup: dict[str, Any], scan: int = 10
) -> Iterator[tuple[int, dict[str, int], dict[int, Any]]]:
    """Rows within `scan` lines that name every required role: (row index, roles, {column: lookup value}
    for the other headers `lookup` knows, e.g. a survey's question columns or activity measures)."""
    for i, row in enumerate(sheet.rows[:scan]):
        found = roles_of(row, roles)
        if all(r in found for r in required):
            yield i, found, {j: lookup[header_key(c)] for j, c in enumerate(row) if header_key(c) in lookup}


def extra_columns(headers: list[Any], used: set[int]) -> list[str]:
    """Named columns no role took (dropped: never stored)."""
    return [clean_text(h) for j, h in enumerate(headers) if j not in used and clean_text(h)]


def column_name(headers: list[Any], roles: dict[str, int], role: str) -> str | None:
    j = roles.get(role)
    return clean_text(headers[j]) if j is not None and j < len(headers) else None


def cell_of(cells: list[Any], roles: dict[str, int], role: str) -> Any:
    j = roles.get(role)
    return cells[j] if j is not None and j < len(cells) else None


def blank(cells: list[Any]) -> bool:
    return all(clean_text(c) == "" for c in cells)


def area_code(load: LoadContext, value: Any, level: str, report: Report) -> str | None:
    """The current code of a municipality or county written as a code or a name; an abolished
    municipality's code or name becomes the municipality it merged into (noted once per code)."""
    text = clean_text(value)
    if not text:
        return None
    match = load.resolver.resolve(text, level)
    if match is None or match.level != level:
        return None
    old = match.merged_from or text
    if match.how == "merged" and old not in load.noted:
        load.noted.add(old)
        report.note("note.records-merged", old=old, new=match.code)
    return match.code


def centre_key(text: Any) -> str:
    """A family centre's name or id as a lookup key (case, spaces and dashes do not matter)."""
    return re.sub(r"[\s\-–_]+", " ", clean_text(text).lower()).strip()


def split_list(value: Any) -> list[str]:
    """A list written in one cell: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]+", clean_text(value)) if part.strip()]


@dataclass
class LoadContext:
    """What a reader needs besides the sheet: areas, the installation secret, live family centres."""

    resolver: RegionResolver
    municipality_county: dict[str, str]
    secret: Callable[[], bytes]
    centres: dict[str, tuple[str, str]] = field(default_factory=dict)  # key (id or name) -> (id, county)
    noted: set[str] = field(default_factory=set)  # abolished municipalities already named in the report
    indicator: Callable[[Any], str | None] | None = None  # a file's indicator name or code -> catalogue code

    @classmethod
    def from_engine(cls, engine: Any) -> LoadContext:
        from sqlalchemy import select

        from data_loaders.episodes import installation_secret
        from store.schema import family_centres, regions

        with engine.connect() as conn:
            pairs = conn.execute(
                select(regions.c.code, regions.c.county_code).where(
                    regions.c.level == "municipality", regions.c.valid_to.is_(None)
                )
            ).all()
            centre_rows = conn.execute(
                select(family_centres.c.centre, family_centres.c.name, family_centres.c.county)
            ).all()
        centres: dict[str, tuple[str, str]] = {}
        for centre, name, county in centre_rows:
            centres[centre_key(centre)] = centres[centre_key(name)] = (centre, county)
        from data_loaders.indicators import IndicatorResolver

        return cls(
            RegionResolver.from_engine(engine), {m: c for m, c in pairs if c}, installation_secret, centres,
            indicator=IndicatorResolver.from_engine(engine).resolve,
        )  # fmt: skip


@dataclass
class RecordReader:
    """A kind of record file: how its sheets are recognised and read."""

    kind: str
    detect: Callable[[Sheet], bool]
    read: Callable[[Sheet, Report, LoadContext], list[dict[str, Any]] | None]
    preview: Callable[[list[dict[str, Any]]], Any]


def readers() -> list[RecordReader]:
    """The record kinds in the order they are tried (the first whose columns a sheet has wins)."""
    from data_loaders import absences, centres, episodes, survey, targets

    return [
        episodes.READER,
        targets.READER,
        absences.READER,
        centres.ACTIVITY_READER,
        centres.REGISTRY_READER,
        survey.READER,
    ]
