"""The region's own indicators beside the national catalogue: defined on the command line
(`python -m data_loaders indicators add`) or in the template's indicator sheet, checked here.

An own indicator gets everything a national one has: the same disclosure rules (by its unit), pages,
tables and exports. National catalogue indicators are never redefined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select, update

from data_loaders.parse import clean_text
from store import catalogue, state
from store.schema import DOMAINS, indicators

UNITS = ("count", "percent", "eur", "days", "value")
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
OWN_SOURCE = "Hyvinvointialueen oma tieto"
# the indicator sheet of the template: these headers (any language), in this order
SHEET_COLUMNS = ("code", "name_fi", "name_sv", "name_en", "unit", "direction", "denominator", "per")


@dataclass
class Definition:
    """One indicator as a person defines it."""

    code: str
    name_fi: str
    name_sv: str = ""
    name_en: str = ""
    unit: str = "count"
    direction: int = 0
    denominator: str | None = None
    per: float | None = None
    domain: str = "wellbeing"
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        per = (
            self.per
            if self.per is not None
            else (100 if self.unit == "percent" else 1000 if self.denominator else None)
        )
        return {
            "code": self.code,
            "name_fi": self.name_fi,
            "name_sv": self.name_sv or self.name_fi,
            "name_en": self.name_en or self.name_fi,
            "unit": self.unit,
            "domain": self.domain,
            "direction": self.direction,
            "denominator_code": self.denominator,
            "per": per,
            "decimals": 0 if self.unit in ("count", "eur") else 1,
            "sotkanet_id": None,
            "description_fi": None,
            "description_sv": None,
            "description_en": None,
            "source": OWN_SOURCE,
        }


def check(definition: Definition, known: set[str]) -> Definition:
    """Fill `problems` with (message key, params) for everything wrong with a definition."""
    d = definition
    if not CODE.match(d.code):
        d.problems.append(("err.indicator-code", {"value": d.code[:40]}))
    if d.code in catalogue.INDICATOR_CODES:
        d.problems.append(("err.indicator-national", {"value": d.code}))
    if not d.name_fi.strip():
        d.problems.append(("err.indicator-name", {}))
    if d.unit not in UNITS:
        d.problems.append(("err.indicator-unit", {"value": d.unit[:20], "units": ", ".join(UNITS)}))
    if d.direction not in (-1, 0, 1):
        d.problems.append(("err.indicator-direction", {"value": d.direction}))
    if d.denominator and d.denominator not in known:
        d.problems.append(("err.indicator-denominator", {"value": d.denominator[:40]}))
    if d.denominator and d.unit not in ("count", "eur"):
        d.problems.append(("err.indicator-denominator-unit", {}))
    if d.domain not in DOMAINS:
        d.problems.append(("err.indicator-domain", {"value": d.domain[:30], "domains": ", ".join(DOMAINS)}))
    return d


def save(engine: Engine, definition: Definition) -> str:
    """Add an own indicator, or update the names and properties of one added before. Returns 'added' or
    'updated'. The definition must have been checked."""
    with engine.begin() as conn:
        existing = conn.execute(select(indicators.c.source).where(indicators.c.code == definition.code)).first()
        row = definition.row()
        if existing is None:
            conn.execute(insert(indicators).values(**row))
            outcome = "added"
        else:
            conn.execute(update(indicators).where(indicators.c.code == definition.code).values(**row))
            outcome = "updated"
        state.bump(conn)
    return outcome


def from_sheet_rows(rows: list[list[Any]]) -> list[tuple[int, Definition]]:
    """Definitions from the template's indicator sheet: (line, definition) for rows whose code is
    filled in; the header row is the first."""
    out = []
    for i, row in enumerate(rows[1:], start=2):
        cells = [clean_text(c) for c in row] + [""] * len(SHEET_COLUMNS)
        code = cells[0]
        if not code:
            continue
        direction = _int(cells[5])
        per = _float(cells[7])
        out.append(
            (
                i,
                Definition(
                    code=code,
                    name_fi=cells[1],
                    name_sv=cells[2],
                    name_en=cells[3],
                    unit=cells[4] or "count",
                    direction=direction if direction is not None else 99,
                    denominator=cells[6] or None,
                    per=per,
                ),
            )
        )
    return out


def _int(text: str) -> int | None:
    try:
        return int(float(text.replace("−", "-").replace(",", "."))) if text else 0
    except ValueError:
        return None


def _float(text: str) -> float | None:
    try:
        return float(text.replace(",", ".").replace(" ", "")) if text else None
    except ValueError:
        return None
