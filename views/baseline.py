"""Baseline (lähtötilanneanalyysi): where the area is worse than the country, and a heat map."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from i18n import format_number
from metrics.pain_points import pain_points, peers, ranked_gaps, standardised_gaps
from views import charts
from views.cache import memo
from views.common import COUNTRY, has_demo, parent_at
from views.context import Context
from views.gate import all_regions, info, infos, values, values_in, years_of
from views.labels import (
    area_name,
    area_names,
    data_date,
    difference_unit,
    indicator_name,
    sorted_by_name,
    sources_line,
    value_labels,
)
from views.model import Chart, Table
from views.overview import grid, signed


@dataclass(frozen=True)
class Baseline:
    title: str
    intro: str
    view_level: str
    years: tuple[int, ...]
    year: int | None
    pain_points: Table | None
    pain_message: str
    heat: Chart | None
    peers: Table | None
    sources: str
    reference: bool = False  # True: the country has no values, so nothing could be compared


def baseline_codes(ctx: Context) -> tuple[str, ...]:
    """Indicators with a direction (better is higher or lower), not euros or population."""
    out = [
        code
        for code, item in infos(ctx).items()
        if item.direction != 0 and item.unit != "eur" and item.domain not in ("population", "cost")
    ]
    return tuple(sorted(out))


def used_years(ctx: Context, view_level: str, year: int) -> dict[str, int]:
    """Each indicator at its latest year up to `year` at the level (surveys run every other year)."""
    out = {}
    for code in baseline_codes(ctx):
        earlier = [y for y in years_of(ctx.url, ctx.version, code, view_level) if y <= year]
        if earlier:
            out[code] = earlier[-1]
    return out


def _by_year(ctx: Context, view_level: str, year: int) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for code, used in used_years(ctx, view_level, year).items():
        grouped.setdefault(used, []).append(code)
    return {y: tuple(codes) for y, codes in grouped.items()}


def _rows_at(ctx: Context, view_level: str, year: int, **where: object) -> pd.DataFrame:
    """Each indicator's gated rows at the year it is compared in (indicators of a year gated together)."""
    parts = [values_in(ctx, codes, [y], **where) for y, codes in _by_year(ctx, view_level, year).items()]  # type: ignore[arg-type]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else values(ctx, [])


@memo(maxsize=256)
def _level_rows(ctx: Context, view_level: str, year: int) -> pd.DataFrame:
    """Every area's gated row of each indicator at the year it is compared in."""
    return _rows_at(ctx, view_level, year, level=view_level)


@memo(maxsize=256)
def _gaps(ctx: Context, view_level: str, year: int) -> pd.DataFrame:
    used = used_years(ctx, view_level, year)
    directions = pd.Series({c: infos(ctx)[c].direction for c in used})
    country_rows = _rows_at(ctx, view_level, year, areas=[COUNTRY])
    gaps = standardised_gaps(_level_rows(ctx, view_level, year), country_rows, directions)
    return gaps.assign(gap=gaps["gap"].round(2))


@memo(maxsize=256)
def _cells(ctx: Context, view_level: str, year: int) -> pd.DataFrame:
    """Every area's gated row of each indicator at the year its gap uses, with the gap (NaN if hidden)."""
    gaps = _gaps(ctx, view_level, year)
    rows = _level_rows(ctx, view_level, year)
    return rows.merge(gaps[["indicator_code", "region_code", "gap"]], on=["indicator_code", "region_code"], how="left")


@memo(maxsize=256)
def _heat_rows(ctx: Context, view_level: str, year: int, county: str | None) -> pd.DataFrame:
    """The heat map's cells: a level's areas (or one county's municipalities) x indicators."""
    frame = _cells(ctx, view_level, year)
    if county is not None:
        regs = all_regions(ctx)
        in_county = regs[(regs["level"] == "municipality") & (regs["county_code"] == county)]["code"]
        frame = frame[frame["region_code"].isin(in_county)]
    names = area_names(ctx, view_level)
    rows = pd.DataFrame(
        {
            "area": [names.get(c, c) for c in frame["region_code"]],
            "indicator": [indicator_name(ctx, i) for i in frame["indicator_code"]],
            "gap": frame["gap"].to_numpy(),
            "gap_label": [
                "" if s else format_number(v, ctx.lang, 2)
                for v, s in zip(frame["gap"], frame["suppressed"], strict=True)
            ],
            "value_label": value_labels(ctx, frame),
        }
    )
    # a hidden value has no gap: its cell says '..' like the value
    rows["gap_label"] = rows["gap_label"].where(rows["value_label"] != "..", "..")
    return sorted_by_name(rows, "area")


@memo(maxsize=256)
def _heat_base(ctx: Context, view_level: str, year: int, county: str | None) -> Chart:
    rows = _heat_rows(ctx, view_level, year, county)
    titles = {"area": ctx.t("col.area"), "indicator": ctx.t("col.indicator"), "value": ctx.t("col.value")}
    spec = charts.heat_map(rows, gap_title=ctx.t("col.gap"), titles=titles)
    area_col = ctx.t("col.area")
    cells: dict[str, dict[str, str]] = {}
    for area, indicator, label in zip(rows["area"], rows["indicator"], rows["gap_label"], strict=True):
        cells.setdefault(area, {})[indicator] = label
    indicators = list(dict.fromkeys(rows["indicator"]))
    order = list(cells)
    frame = pd.DataFrame({area_col: order, **{i: [cells[a].get(i, "") for a in order] for i in indicators}})
    alt_text = ctx.t("baseline.heatmap_alt", n=len(order), m=len(indicators))
    sources = sources_line(ctx, has_demo(ctx), baseline_codes(ctx))
    return Chart(spec, alt_text, Table(frame, None, ctx.t("baseline.gap_note")), sources)


def _heat(ctx: Context, view_level: str, year: int, county: str | None, highlight: str | None) -> Chart:
    """The heat map with the chosen area's row outlined (the spec built once per level, year and county)."""
    base = _heat_base(ctx, view_level, year, county)
    chosen = area_names(ctx, view_level).get(highlight or "")
    order = list(base.table.frame.iloc[:, 0])
    where = order.index(chosen) if chosen in order else None
    title = ctx.t("baseline.chart_title", area=chosen or ctx.t(f"level.{view_level}"), year=year)
    spec = charts.titled(charts.with_chosen(base.spec, chosen), title, ctx.t("baseline.chart_subtitle"), base.alt)
    return replace(base, spec=spec, table=replace(base.table, highlight=where), title=title, date=data_date(ctx))


def _pain_table(ctx: Context, view_level: str, year: int, code: str) -> Table:
    own = pain_points(_gaps(ctx, view_level, year), code, 6)
    country = _rows_at(ctx, view_level, year, areas=[COUNTRY])
    nat = {(i, int(y)): s for i, y, s in zip(country["indicator_code"], country["year"], country["shown"], strict=True)}
    worse = []
    for ind, year, shown in zip(own["indicator_code"], own["year"], own["shown"], strict=True):
        item = info(ctx, ind)
        diff = abs(float(shown) - float(nat.get((ind, int(year)), float("nan"))))
        worse.append(f"{signed(ctx, diff, item.decimals).lstrip('+')} {difference_unit(ctx, ind)}".strip())
    frame = pd.DataFrame(
        {
            ctx.t("col.indicator"): [indicator_name(ctx, i) for i in own["indicator_code"]],
            ctx.t("col.year_used"): own["year"].astype(int).astype(str).to_numpy(),
            ctx.t("col.value"): value_labels(ctx, own),
            ctx.t("col.country"): [
                format_number(nat.get((i, int(y))), ctx.lang, info(ctx, i).decimals)
                for i, y in zip(own["indicator_code"], own["year"], strict=True)
            ],
            ctx.t("col.worse_by"): worse,
            ctx.t("col.gap"): [format_number(v, ctx.lang, 2) for v in own["gap"]],
            ctx.t("col.rank"): [f"{int(r)}/{int(n)}" for r, n in zip(own["rank"], own["of"], strict=True)],
        }
    )
    return Table(frame, None, ctx.t("baseline.gap_note"))


def _peer_table(ctx: Context, view_level: str, code: str, year: int) -> Table:
    gaps = _gaps(ctx, view_level, year)
    population = values(ctx, ["pop_0_17"], level=view_level, year=year)
    near = peers(population[["region_code", "value"]], code)
    top = list(pain_points(gaps, code, 4)["indicator_code"])
    if not top:
        top = list(ranked_gaps(gaps)["indicator_code"].drop_duplicates()[:4])
    cells = _cells(ctx, view_level, year)
    rows = cells[cells["region_code"].isin([code, *near]) & cells["indicator_code"].isin(top)]
    return grid(ctx, rows, view_level, top, code)


@memo(maxsize=2048)
def baseline(ctx: Context, level: str, code: str, year: int | None = None) -> Baseline:
    """Pain points (only where the area is worse than the country), heat map and peers."""
    view_level = "county" if level == "country" else level
    title = ctx.t("baseline.title", area=area_name(ctx, level, code))
    sources = sources_line(ctx, has_demo(ctx), baseline_codes(ctx))
    found = {y for code in baseline_codes(ctx) for y in years_of(ctx.url, ctx.version, code, view_level)}
    years = tuple(sorted(found, reverse=True))
    if not years:
        return Baseline(
            title, ctx.t("baseline.intro"), view_level, (), None, None, ctx.t("common.no_data"), None, None, sources
        )
    chosen = year if year in years else years[0]
    county = parent_at(ctx, (level, code), "county") if view_level == "municipality" else None
    highlight = code if level != "country" else None
    heat = _heat(ctx, view_level, chosen, county, highlight)
    if level == "country":
        return Baseline(
            title,
            ctx.t("baseline.intro"),
            view_level,
            years,
            chosen,
            None,
            ctx.t("baseline.pick_area"),
            heat,
            None,
            sources,
        )
    pain = _pain_table(ctx, view_level, chosen, code)
    no_country = _rows_at(ctx, view_level, chosen, areas=[COUNTRY]).empty
    if no_country:  # "not worse than the country" would mislead: there is no country to compare with
        message = ctx.t("baseline.no_reference") + " " + ctx.t("common.get_reference")
    else:
        message = "" if len(pain.frame) else ctx.t("baseline.no_pain_points")
    peers_table = _peer_table(ctx, view_level, code, chosen)
    return Baseline(
        title,
        ctx.t("baseline.intro"),
        view_level,
        years,
        chosen,
        pain if len(pain.frame) else None,
        message,
        heat,
        peers_table,
        sources,
        no_country,
    )
