"""A column-wise validator for clean long sheets (the common large upload).

It returns observation rows only when every cell passes; on the first doubt it returns
None and the row-by-row validator (validate.py) runs instead and writes the report, so a
report never depends on which path ran. Same rules, same notes, in the same order.
"""

from __future__ import annotations

import math
from typing import Any

from data_loaders.indicators import IndicatorResolver
from data_loaders.layouts import FastPath, Layout, _is_total_cell
from data_loaders.parse import CellError, clean_text, parse_number
from data_loaders.readers import Sheet
from data_loaders.regions import RegionMatch, RegionResolver
from data_loaders.report import Report
from data_loaders.validate import (
    ZERO_OVER_ZERO,
    _blank,
    _month,
    _sex,
    _year,
    constraint_problems,
    note_mapping,
    plain_count,
    settle_value,
)


def make_fast_path(regions: RegionResolver, indicators: IndicatorResolver, decimal: str, report: Report) -> FastPath:
    def fast(sheet: Sheet, layout: Layout, width: int) -> list[tuple[Any, ...]] | None:
        try:
            return _fast(sheet, layout, width, regions, indicators, decimal, report)
        except CellError:
            return None

    return fast


def _fast(
    sheet: Sheet,
    layout: Layout,
    width: int,
    regions: RegionResolver,
    indicators: IndicatorResolver,
    decimal: str,
    report: Report,
) -> list[tuple[Any, ...]] | None:
    roles = layout.roles
    if "date" in roles or "flag" in roles:  # dates and data-quality flags: the row-by-row path reads them
        return None
    data = [r for r in sheet.rows[layout.header_row + 1 :] if any(r)]
    if not data:
        return None
    for r in data:
        if len(r) > width and any(clean_text(c) for c in r[width:]):
            return None

    lengths = set(map(len, data))
    columns = list(zip(*data, strict=True)) if len(lengths) == 1 else None  # a rectangular sheet: transposed once

    def col(name: str) -> list[Any] | None:
        j = roles.get(name)
        if j is None:
            return None
        if columns is not None:
            return list(columns[j]) if j < len(columns) else [None] * len(data)
        return [r[j] if j < len(r) else None for r in data]

    n = len(data)
    region_cells = col("region")
    assert region_cells is not None
    matches: dict[Any, RegionMatch] = {}
    for cell in set(region_cells):
        if _blank(cell) or (isinstance(cell, str) and _is_total_cell(cell)):
            return None
        found = regions.resolve(clean_text(cell), layout.region_level)
        if found is None or found.how not in ("code", "name"):
            return None  # errors, abolished municipalities, kinds and ambiguous codes go the row-by-row way
        matches[cell] = found
    ind_cells = col("indicator") or [None] * n
    ind_codes: dict[Any, str] = {}
    for cell in set(ind_cells):
        code = indicators.resolve(clean_text(cell)) if cell is not None else None
        if code is None:
            return None
        ind_codes[cell] = code
    year_cells = col("year") or [None] * n
    years = {cell: _year(cell) for cell in set(year_cells) if not _blank(cell)}
    if len(years) != len(set(year_cells)):
        return None  # a blank year
    month_cells = col("month") or [None] * n
    months = {cell: 0 if (_blank(cell) or cell == 0 or cell == "0") else _month(cell) for cell in set(month_cells)}
    sex_cells = col("sex") or [None] * n
    sexes = {cell: "total" if cell is None else _sex(cell) for cell in set(sex_cells)}

    def numbers(name: str) -> tuple[list[float | None], list[bool]] | None:
        cells = col(name)
        if cells is None:
            return [None] * n, [False] * n
        values: list[float | None] = []
        markers: list[bool] = []
        for cell in cells:
            if type(cell) is float or type(cell) is int:
                if math.isnan(cell) or math.isinf(cell):
                    return None
                values.append(float(cell))
                markers.append(False)
            elif _blank(cell):
                values.append(None)
                markers.append(False)
            else:
                number = parse_number(cell, decimal)
                values.append(number)
                markers.append(number is None)
        return values, markers

    got = [numbers("value"), numbers("numerator"), numbers("denominator")]
    if any(g is None for g in got):
        return None
    (vals, vmark), (nums, _nm), (dens, _dm) = got  # type: ignore[misc]
    has_value_col = "value" in roles
    rows: list[tuple[Any, ...]] = []
    seen: set[tuple[Any, ...]] = set()
    units = {code: indicators.unit(code) for code in set(ind_codes.values())}
    pers = {code: indicators.per(code) for code in units}
    for i in range(n):
        code = ind_codes[ind_cells[i]]
        unit, per = units[code], pers[code]
        num, den, value = nums[i], dens[i], vals[i]
        if value is None:  # a value given is kept as it is (settle_value's last case)
            value, flag, missing = settle_value(value, vmark[i], num, den, per, has_value_col)
            if missing or flag == ZERO_OVER_ZERO:
                return None
        else:
            flag = None
        if not plain_count(unit, value, num, den) and constraint_problems(unit, value, num, den, per):
            return None
        match = matches[region_cells[i]]
        key = (code, match.level, match.code, years[year_cells[i]], months[month_cells[i]], sexes[sex_cells[i]])
        if key in seen:
            return None
        seen.add(key)
        rows.append((*key, value, num, den, flag))
    # the same notes as the row-by-row path, in first-appearance order
    noted: set[str] = set()
    for cell in dict.fromkeys(region_cells):  # each distinct cell once, in first-appearance order
        note_mapping(report, clean_text(cell), matches[cell], noted)
    return rows
