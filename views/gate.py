"""The one disclosure gate: every number that reaches a person passes through here.

For each indicator, all its stored annual observations (every level, area, year and sex) form
one table. The suppression pattern is decided once over that whole table and its published
hierarchy (metrics.suppression), remembered under the data version stamp, and applied before
any rate, share, change or label is made. So a hidden value is hidden the same way whichever
page, area, tooltip, download or slide shows it, and nothing computed from it gets out.

Rows leaving the gate carry `shown` (the displayed measure, rounded to the decimals shown),
`value`, `numerator`, `denominator` (NaN where hidden), `suppressed`, `reason` and `measure`
('rate', 'value', or 'count' where a rate's denominator is missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from metrics.rates import rate as per_unit
from metrics.suppression import area_links, disclosure_pattern, follow_pattern
from store import queries
from store.catalogue import AMOUNT_OF
from views.cache import memo
from views.context import Context, engine_for

KEY = ["region_level", "region_code", "year", "sex"]
OUT_COLUMNS = [
    "indicator_code",
    "region_level",
    "region_code",
    "year",
    "sex",
    "shown",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "reason",
    "measure",
    "flag",
    "upload_id",
]
_UNIT_SUFFIX = re.compile(r",\s*(%|€|EUR|vrk|dygn|days)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class IndicatorInfo:
    """What the gate and the labels need to know of one indicator."""

    code: str
    name_fi: str
    name_sv: str
    name_en: str
    unit: str
    domain: str
    direction: int
    denominator_code: str | None
    per: float
    rule: str
    amount_of: str | None
    decimals: int
    display_unit: str
    source: str

    @property
    def rated(self) -> bool:
        return self.denominator_code is not None and self.unit in ("count", "eur")

    def name(self, lang: str) -> str:
        """The name without a trailing unit (the unit is written once, beside the value)."""
        full = str(getattr(self, f"name_{lang}", None) or self.name_fi)
        return _UNIT_SUFFIX.sub("", full).strip()


def _rule(unit: str, domain: str, code: str) -> str:
    if domain == "population" or unit == "index":
        return "none"
    if unit == "eur":
        return "amount" if code in AMOUNT_OF else "none"
    return {"count": "count", "percent": "share", "days": "mean"}.get(unit, "numerator")


def _display_unit(unit: str, domain: str, den: str | None, per: float) -> tuple[str, int]:
    """The message key of the shown measure's unit, and its decimals."""
    if den and unit == "count":
        if den == "pop_0_17" and per == 1000:
            return "per_1000_children", 1
        if den == "pop_total" and per == 1000:
            return "per_1000_inhabitants", 1
        return "per_n", 1
    if den and unit == "eur":
        return ("eur_per_child" if den == "pop_0_17" else "eur_per_n"), 0
    if domain == "population":
        return "persons", 0
    return {"count": ("count", 0), "eur": ("eur", 0), "percent": ("percent", 1), "days": ("days", 1)}.get(
        unit, ("index", 1) if unit == "index" else ("value", 1)
    )


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if number != number else number


@memo(maxsize=16)
def indicator_info(url: str, version: int) -> dict[str, IndicatorInfo]:
    """Every indicator of the catalogue (national and the region's own) by code."""
    meta = queries.indicators_frame(engine_for(url))
    out: dict[str, IndicatorInfo] = {}
    for row in meta.to_dict("records"):
        den = (
            str(row["denominator_code"])
            if isinstance(row["denominator_code"], str) and row["denominator_code"]
            else None
        )
        per = _number(row["per"], 1.0)
        display, decimals = _display_unit(str(row["unit"]), str(row["domain"]), den, per)
        if display == "value":
            decimals = int(_number(row["decimals"], decimals))
        code = str(row["code"])
        out[code] = IndicatorInfo(
            code=code,
            name_fi=str(row["name_fi"]),
            name_sv=str(row["name_sv"]),
            name_en=str(row["name_en"]),
            unit=str(row["unit"]),
            domain=str(row["domain"]),
            direction=int(_number(row["direction"], 0)),
            denominator_code=den,
            per=per,
            rule=_rule(str(row["unit"]), str(row["domain"]), code),
            amount_of=AMOUNT_OF.get(code),
            decimals=decimals,
            display_unit=display,
            source=str(row["source"] or ""),
        )
    return out


@memo(maxsize=16)
def regions(url: str, version: int) -> pd.DataFrame:
    """The regions of every level (read-only, shared)."""
    return queries.regions_frame(engine_for(url))


@memo(maxsize=16)
def links(url: str, version: int) -> pd.DataFrame:
    """The published area hierarchy that secondary suppression protects."""
    return area_links(regions(url, version))


@memo(maxsize=2048)
def _raw(url: str, version: int, code: str) -> pd.DataFrame:
    return queries.indicator_observations(engine_for(url), code)


def _cells(url: str, version: int, info: IndicatorInfo) -> pd.DataFrame:
    """The indicator's stored cells with numerator and denominator in place, and each cell's rule."""
    raw = _raw(url, version, info.code)
    cells = raw.drop(columns=["month"]).assign(month=0)
    if info.rated and info.denominator_code is not None:
        den = _raw(url, version, info.denominator_code)[[*KEY, "value"]].rename(columns={"value": "_den"})
        den = den.drop_duplicates(KEY)
        cells = cells.merge(den, on=KEY, how="left")
        cells["numerator"] = cells["value"]
        cells["denominator"] = cells["_den"]
        cells = cells.drop(columns=["_den"])
    rule = info.rule
    if rule == "numerator":  # an imported indicator of unknown unit: its numerator counts persons
        cells["rule"] = np.where(cells["numerator"].notna(), "count", "none")
    else:
        cells["rule"] = rule
    return cells


@memo(maxsize=2048)
def block(url: str, version: int, code: str, threshold: int) -> pd.DataFrame:
    """One indicator's every annual cell, gated: the pattern decided over all of it at once."""
    infos = indicator_info(url, version)
    info = infos[code]
    cells = _cells(url, version, info)
    if cells.empty:
        return pd.DataFrame(columns=OUT_COLUMNS)
    if info.rule == "amount" and info.amount_of in infos:
        pattern = follow_pattern(cells, block(url, version, info.amount_of, threshold))
    elif info.rule == "none":
        pattern = pd.DataFrame({"suppressed": False, "reason": ""}, index=cells.index)
    else:
        pattern = disclosure_pattern(cells, links(url, version), threshold)
    hidden = pattern["suppressed"].to_numpy(dtype=bool)
    value = cells["value"].astype(float)
    num = cells["numerator"].astype(float)
    den = cells["denominator"].astype(float)
    if info.rated:
        rate = per_unit(num, den, info.per)
        measure = np.where(rate.notna(), "rate", np.where(value.notna(), "count", "rate"))
        shown = rate
    else:
        measure = np.full(len(cells), "value")
        shown = value
    out = pd.DataFrame(
        {
            "indicator_code": code,
            "region_level": cells["region_level"].to_numpy(),
            "region_code": cells["region_code"].to_numpy(),
            "year": cells["year"].astype(int).to_numpy(),
            "sex": cells["sex"].to_numpy(),
            "shown": np.where(hidden, np.nan, shown.round(info.decimals).to_numpy()),
            "value": np.where(hidden, np.nan, value.to_numpy()),
            "numerator": np.where(hidden, np.nan, num.to_numpy()),
            "denominator": np.where(hidden, np.nan, den.to_numpy()),
            "suppressed": hidden,
            "reason": pattern["reason"].to_numpy(),
            "measure": measure,
            "flag": cells["flag"].to_numpy(),
            "upload_id": cells["upload_id"].to_numpy(),
        }
    )
    return out.sort_values(["region_level", "region_code", "sex", "year"], kind="stable").reset_index(drop=True)


@memo(maxsize=2048)
def _positions(url: str, version: int, code: str, threshold: int) -> dict[object, np.ndarray]:
    """Row positions of the gated block by area (level, code) and by level: filters touch only those rows."""
    frame = block(url, version, code, threshold)
    out: dict[object, np.ndarray] = {}
    levels = frame["region_level"].to_numpy(dtype=object)
    codes = frame["region_code"].to_numpy(dtype=object)
    for key, idx in pd.Series(np.arange(len(frame))).groupby([levels, codes]).indices.items():
        out[key] = np.asarray(idx)
    for level, idx in pd.Series(np.arange(len(frame))).groupby(levels).indices.items():
        out[level] = np.asarray(idx)
    # the filter columns as plain arrays, converted once (not on every filter)
    out[("_col", "level")] = levels
    out[("_col", "sex")] = frame["sex"].to_numpy(dtype=object)
    out[("_col", "year")] = frame["year"].to_numpy()
    return out


@memo(maxsize=8192)
def _filtered(
    url: str,
    version: int,
    code: str,
    threshold: int,
    level: str | None,
    year: int | None,
    areas: tuple[tuple[str, str], ...] | None,
    sex: str | None,
) -> pd.DataFrame:
    frame = block(url, version, code, threshold)
    index = _positions(url, version, code, threshold)
    empty = np.zeros(0, dtype=np.int64)
    if areas is not None:
        rows = np.concatenate([index.get(a, empty) for a in areas]) if areas else empty
        if level is not None:
            rows = rows[index[("_col", "level")][rows] == level]
    elif level is not None:
        rows = index.get(level, empty)
    else:
        rows = np.arange(len(frame))
    if sex is not None:
        rows = rows[index[("_col", "sex")][rows] == sex]
    if year is not None:
        rows = rows[index[("_col", "year")][rows] == year]
    return frame.iloc[np.sort(rows)].reset_index(drop=True)


def values(
    ctx: Context,
    codes: Iterable[str],
    *,
    level: str | None = None,
    year: int | None = None,
    areas: Sequence[tuple[str, str]] | None = None,
    sex: str | None = "total",
) -> pd.DataFrame:
    """Gated rows of the indicators, filtered to a level, year, areas and sex (None: all)."""
    infos = indicator_info(*ctx.data_key)
    area_key = tuple(areas) if areas is not None else None
    parts = [
        _filtered(ctx.url, ctx.version, code, ctx.threshold, level, year, area_key, sex)
        for code in codes
        if code in infos
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=OUT_COLUMNS)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def info(ctx: Context, code: str) -> IndicatorInfo:
    return indicator_info(*ctx.data_key)[code]


def infos(ctx: Context) -> dict[str, IndicatorInfo]:
    return indicator_info(*ctx.data_key)


def all_regions(ctx: Context) -> pd.DataFrame:
    return regions(*ctx.data_key)
