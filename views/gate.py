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

from metrics.aggregate import roll_up
from metrics.rates import rate as per_unit
from metrics.suppression import area_links, disclosure_pattern, follow_pattern
from store import queries
from store.catalogue import AMOUNT_OF
from views.cache import memo
from views.context import Context, engine_for

KEY = ["region_level", "region_code", "year", "sex"]
ROLL_KEY = ["indicator_code", "year", "month", "sex"]
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
    "derived",
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


TEXT_COLUMNS = ["indicator_code", "region_level", "region_code", "sex", "flag"]


@memo(maxsize=512)
def _raw_set(url: str, version: int, codes: tuple[str, ...], years: tuple[int, ...] | None) -> dict[str, pd.DataFrame]:
    """Stored annual rows of some indicators (and years), by indicator: one query."""
    frame = queries.observations_of(engine_for(url), codes, years)
    # plain Python strings: the gate's merges and takes are several times faster than on Arrow strings
    frame = frame.astype({c: object for c in TEXT_COLUMNS if c in frame})
    frame = _with_roll_up(url, version, frame)
    parts = {str(code): part.reset_index(drop=True) for code, part in frame.groupby("indicator_code", sort=False)}
    return {code: parts.get(code, frame.iloc[:0]) for code in codes}


PARENT_AREAS = 23 + 19 + 1  # counties, regions and the country: a key with all of them stored needs no sum


def _with_roll_up(url: str, version: int, frame: pd.DataFrame) -> pd.DataFrame:
    """Stored rows, and counties, regions and the country summed from municipalities where nothing is
    stored for them (metrics.aggregate.roll_up: only parents whose every municipality has the value)."""
    frame = frame.assign(derived=False)
    parents = frame[frame["region_level"] != "municipality"]
    have = parents.groupby(ROLL_KEY).size()
    keys = pd.MultiIndex.from_frame(frame[ROLL_KEY])
    complete = keys.isin(have[have >= PARENT_AREAS].index)
    candidates = frame[~complete]
    if not (candidates["region_level"] == "municipality").any():
        return frame
    infos = indicator_info(url, version)
    meta = pd.DataFrame(
        {"code": list(infos), "unit": [i.unit for i in infos.values()], "per": [i.per for i in infos.values()]}
    )
    regs = regions(url, version)
    munis = regs[regs["level"] == "municipality"][["code", "county_code", "region_code"]]
    summed = roll_up(candidates, munis, meta)
    if summed.empty:
        return frame
    summed = summed.assign(upload_id=None, derived=True).astype({c: object for c in TEXT_COLUMNS})
    return pd.concat([frame, summed[frame.columns]], ignore_index=True)


def _cells(raw: dict[str, pd.DataFrame], info: IndicatorInfo) -> pd.DataFrame:
    """An indicator's stored cells with numerator and denominator in place, and each cell's rule."""
    cells = raw[info.code].assign(month=0)
    if info.rated and info.denominator_code is not None:
        den = raw[info.denominator_code][[*KEY, "value"]].rename(columns={"value": "_den"}).drop_duplicates(KEY)
        cells = cells.merge(den, on=KEY, how="left")
        cells["numerator"] = cells["value"]
        cells["denominator"] = cells["_den"]
        cells = cells.drop(columns=["_den"])
    if info.rule == "numerator":  # an imported indicator of unknown unit: its numerator counts persons
        cells["rule"] = np.where(cells["numerator"].notna(), "count", "none")
    else:
        cells["rule"] = info.rule
    return cells


def _shown(info: IndicatorInfo, cells: pd.DataFrame, pattern: pd.DataFrame) -> pd.DataFrame:
    """Gated rows: the shown measure rounded as shown, every number NaN where the cell is hidden."""
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
            "indicator_code": info.code,
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
            "derived": cells["derived"].to_numpy(dtype=bool) if "derived" in cells else False,
        }
    )
    out = out.astype({c: object for c in TEXT_COLUMNS if c in out})  # plain strings: fast row takes
    return out.sort_values(["region_level", "region_code", "sex", "year"], kind="stable").reset_index(drop=True)


@memo(maxsize=1024)
def gate_set(
    url: str, version: int, codes: tuple[str, ...], years: tuple[int, ...] | None, threshold: int
) -> pd.DataFrame:
    """Indicators' annual cells (every year, or the years given), gated in one pass.

    The pattern is decided per indicator and year over every level, area and sex at once (the
    blocks are independent), so asking for a year, a set of years or several indicators together
    always gives the same pattern as asking for each alone.
    """
    infos = indicator_info(url, version)
    wanted = [c for c in codes if c in infos]
    counts_for = {infos[c].amount_of for c in wanted if infos[c].rule == "amount" and infos[c].amount_of in infos}
    patterned = sorted({c for c in wanted if infos[c].rule not in ("none", "amount")} | {c for c in counts_for if c})
    dens = {infos[c].denominator_code for c in [*wanted, *patterned] if infos[c].rated}
    needed = tuple(sorted({*wanted, *patterned, *(d for d in dens if d in infos)}))
    raw = _raw_set(url, version, needed, years)
    links_frame = links(url, version)
    cells = {c: _cells(raw, infos[c]) for c in sorted({*wanted, *patterned})}
    together = [cells[c] for c in patterned if len(cells[c])]
    gated: dict[str, pd.DataFrame] = {}
    if together:
        joined = pd.concat(together, ignore_index=True)
        pattern = disclosure_pattern(joined, links_frame, threshold)
        start = 0
        for c in patterned:
            n = len(cells[c])
            if n:
                gated[c] = _shown(infos[c], cells[c], pattern.iloc[start : start + n].reset_index(drop=True))
            start += n
    out = []
    for c in wanted:
        part = cells[c]
        if not len(part):
            continue
        if c in gated:
            out.append(gated[c])
            continue
        info = infos[c]
        if info.rule == "amount" and info.amount_of in gated:
            pattern = follow_pattern(part, gated[info.amount_of])
        else:  # never hidden (population, price index), or an amount whose count has no rows
            pattern = pd.DataFrame({"suppressed": np.zeros(len(part), dtype=bool), "reason": ""})
        out.append(_shown(info, part, pattern))
    if not out:
        return pd.DataFrame(columns=OUT_COLUMNS)
    return out[0] if len(out) == 1 else pd.concat(out, ignore_index=True)


def block(url: str, version: int, code: str, threshold: int, year: int | None = None) -> pd.DataFrame:
    """One indicator's gated annual cells: every year, or one (gated alone, or cut from the whole
    indicator when that was computed already)."""
    if year is None:
        return gate_set(url, version, (code,), None, threshold)
    whole = gate_set.peek(url, version, (code,), None, threshold)  # type: ignore[attr-defined]
    if whole is not None:
        return _year_of(url, version, code, threshold, year)
    return gate_set(url, version, (code,), (year,), threshold)


@memo(maxsize=8192)
def _year_of(url: str, version: int, code: str, threshold: int, year: int) -> pd.DataFrame:
    whole = gate_set(url, version, (code,), None, threshold)
    return whole[whole["year"] == year].reset_index(drop=True)


@memo(maxsize=16)
def _years_index(url: str, version: int) -> dict[tuple[str, str | None], tuple[int, ...]]:
    found: dict[tuple[str, str | None], set[int]] = {}
    for code, level, year in queries.observation_years(engine_for(url)).itertuples(index=False):
        found.setdefault((str(code), str(level)), set()).add(int(year))
        found.setdefault((str(code), None), set()).add(int(year))
        if level == "municipality":  # a year of municipalities may be summed up (where they are all there)
            for parent in ("county", "region", "country"):
                found.setdefault((str(code), parent), set()).add(int(year))
    return {key: tuple(sorted(years)) for key, years in found.items()}


def years_of(url: str, version: int, code: str, level: str | None) -> tuple[int, ...]:
    """The years an indicator has at a level (that a year exists tells nothing about any count)."""
    return _years_index(url, version).get((code, level), ())


def _index(frame: pd.DataFrame) -> dict[object, np.ndarray]:
    """Row positions by area (level, code) and by level, and the filter columns as plain arrays."""
    out: dict[object, np.ndarray] = {}
    levels = frame["region_level"].to_numpy(dtype=object)
    codes = frame["region_code"].to_numpy(dtype=object)
    rows = pd.Series(np.arange(len(frame)))
    for key, idx in rows.groupby([levels, codes]).indices.items():
        out[key] = np.asarray(idx)
    for level, idx in rows.groupby(levels).indices.items():
        out[level] = np.asarray(idx)
    out[("_col", "level")] = levels
    out[("_col", "sex")] = frame["sex"].to_numpy(dtype=object)
    return out


def _select(
    frame: pd.DataFrame,
    index: dict[object, np.ndarray],
    level: str | None,
    areas: tuple[tuple[str, str], ...] | None,
    sex: str | None,
) -> pd.DataFrame:
    """The rows of some areas or a level and a sex, through the index (touching only those rows)."""
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
    return frame.iloc[np.sort(rows)].reset_index(drop=True)


@memo(maxsize=8192)
def _positions(url: str, version: int, code: str, threshold: int, year: int | None) -> dict[object, np.ndarray]:
    return _index(block(url, version, code, threshold, year))


@memo(maxsize=1024)
def _set_positions(
    url: str, version: int, codes: tuple[str, ...], years: tuple[int, ...], threshold: int
) -> dict[object, np.ndarray]:
    return _index(gate_set(url, version, codes, years, threshold))


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
    frame = block(url, version, code, threshold, year)
    if frame.empty:
        return frame
    return _select(frame, _positions(url, version, code, threshold, year), level, areas, sex)


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


@memo(maxsize=8192)
def _set_filtered(
    url: str,
    version: int,
    codes: tuple[str, ...],
    years: tuple[int, ...],
    threshold: int,
    level: str | None,
    areas: tuple[tuple[str, str], ...] | None,
    sex: str | None,
) -> pd.DataFrame:
    frame = gate_set(url, version, codes, years, threshold)
    if frame.empty:
        return frame
    return _select(frame, _set_positions(url, version, codes, years, threshold), level, areas, sex)


def values_in(
    ctx: Context,
    codes: Iterable[str],
    years: Iterable[int],
    *,
    level: str | None = None,
    areas: Sequence[tuple[str, str]] | None = None,
    sex: str | None = "total",
) -> pd.DataFrame:
    """Gated rows of several indicators in some years, gated together in one pass (cheap for a
    page that needs a few years of many indicators)."""
    key_codes = tuple(sorted(set(codes)))
    key_years = tuple(sorted(set(years)))
    if not key_codes or not key_years:
        return pd.DataFrame(columns=OUT_COLUMNS)
    area_key = tuple(areas) if areas is not None else None
    return _set_filtered(ctx.url, ctx.version, key_codes, key_years, ctx.threshold, level, area_key, sex)


def info(ctx: Context, code: str) -> IndicatorInfo:
    return indicator_info(*ctx.data_key)[code]


def infos(ctx: Context) -> dict[str, IndicatorInfo]:
    return indicator_info(*ctx.data_key)


def all_regions(ctx: Context) -> pd.DataFrame:
    return regions(*ctx.data_key)
