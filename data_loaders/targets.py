"""Shared targets from a file (the targets template): indicator, area, baseline year and value, target year
and value, who set it, a note. One row a target; a target already set for the indicator and area is
replaced only by an upload that replaces (its earlier version kept for the history and a rollback)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from data_loaders.parse import CellError, clean_text, parse_number
from data_loaders.readers import Sheet
from data_loaders.records import LoadContext, RecordReader, blank, cell_of, column_name, find_header
from data_loaders.report import Report

ROLES: dict[str, tuple[str, ...]] = {
    "indicator": ("indikaattori", "mittari", "indikator", "indicator"),
    "area": ("alue", "område", "area", "region"),
    "baseline_year": ("lähtövuosi", "lähtötason vuosi", "basår", "baseline year"),
    "baseline_value": ("lähtöarvo", "lähtötaso", "basvärde", "utgångsvärde", "baseline value", "baseline"),
    "target_year": ("tavoitevuosi", "målår", "target year"),
    "target_value": ("tavoitearvo", "tavoite", "målvärde", "mål", "target value", "target"),
    "set_by": ("asettaja", "kuka asetti", "fastställd av", "set by"),
    "note": ("huomio", "huomiot", "lisätieto", "anmärkning", "note"),
}
REQUIRED = ("indicator", "area", "baseline_year", "baseline_value", "target_year", "target_value")


def read_targets(sheet: Sheet, report: Report, load: LoadContext) -> list[dict[str, Any]] | None:
    found = find_header(sheet, ROLES, REQUIRED)
    if found is None:
        return None
    header, roles = found
    headers = sheet.rows[header]
    rows: list[dict[str, Any]] = []
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1
        if blank(cells):
            continue
        indicator = load.indicator(cell_of(cells, roles, "indicator")) if load.indicator else None
        if indicator is None:
            report.error("unknown-indicator", "err.target-indicator-file", row=line,
                         column=column_name(headers, roles, "indicator"),
                         value=clean_text(cell_of(cells, roles, "indicator"))[:60])  # fmt: skip
            continue
        match = load.resolver.resolve(clean_text(cell_of(cells, roles, "area")))
        if match is None or match.level not in ("municipality", "county", "region", "country"):
            report.error("unknown-region", "err.target-area", row=line, column=column_name(headers, roles, "area"),
                         value=clean_text(cell_of(cells, roles, "area"))[:40])  # fmt: skip
            continue
        try:
            numbers = {k: parse_number(cell_of(cells, roles, k), "any") for k in REQUIRED[2:]}
        except CellError:
            report.error("bad-value", "err.target-number", row=line)
            continue
        if any(v is None for v in numbers.values()) or not numbers["target_year"] > numbers["baseline_year"]:  # type: ignore[operator]
            report.error("bad-value", "err.target-years", row=line)
            continue
        rows.append(
            {
                "indicator_code": indicator,
                "region_level": match.level,
                "region_code": match.code,
                "baseline_year": int(numbers["baseline_year"]),  # type: ignore[arg-type]
                "baseline_value": float(numbers["baseline_value"]),  # type: ignore[arg-type]
                "target_year": int(numbers["target_year"]),  # type: ignore[arg-type]
                "target_value": float(numbers["target_value"]),  # type: ignore[arg-type]
                "set_by": clean_text(cell_of(cells, roles, "set_by"))[:200],
                "note": " ".join(clean_text(cell_of(cells, roles, "note")).split())[:500],
            }
        )
    return rows


def _preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region_code", "indicator_code"])
    return frame.groupby(["region_code"]).size().reset_index(name="n").rename(columns={"region_code": "area"})


READER = RecordReader("targets", lambda s: find_header(s, ROLES, REQUIRED) is not None, read_targets, _preview)
