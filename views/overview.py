"""Overview: the chosen area's key numbers against the whole country, its peers and a trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import SUPPRESSED, format_number
from metrics.balance import BALANCE_INPUTS, balance
from metrics.pain_points import peers
from views import charts
from views.cache import memo
from views.common import COUNTRY
from views.context import Context
from views.gate import info, values
from views.labels import (
    area_name,
    area_names,
    indicator_name,
    indicator_unit,
    name_with_unit,
    sorted_by_name,
    sources_line,
    value_labels,
)
from views.model import Chart, KeyFigure, Table

KEY_INDICATORS = (
    "cw_notified",
    "cw_open_care",
    "cw_placed",
    "cw_urgent",
    "family_work",
    "home_help",
    "ecec_share",
    "school_health_poor",
    "cost_cw_placements",
    "cost_preventive",
    "fc_wait_days",
    "parent_survey_timely_help",
)
PEER_INDICATORS = KEY_INDICATORS[:6]


@dataclass(frozen=True)
class Overview:
    title: str
    intro: str
    years: tuple[int, ...]
    year: int | None
    key_figures: tuple[KeyFigure, ...]
    balance: KeyFigure | None
    peers: Table | None
    trend_options: tuple[str, ...]
    trend_names: dict[str, str]
    sources: str
    empty: str | None = None


def signed(ctx: Context, value: float, decimals: int) -> str:
    """+1,2 or −1,2 (a real minus), 0 without a sign."""
    text = format_number(abs(value), ctx.lang, decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def delta_of(ctx: Context, diff: float, decimals: int, direction: int) -> tuple[str, str, str]:
    """The signed text, colour (green better, red worse, grey neither) and arrow of a difference.

    The text carries a real minus sign, so the arrow and colour are given, not read from it."""
    rounded = round(diff, decimals)
    arrow = "up" if rounded > 0 else "down" if rounded < 0 else "off"
    colour = "gray" if rounded == 0 or direction == 0 else "green" if rounded * direction > 0 else "red"
    return signed(ctx, diff, decimals), colour, arrow


def sparkline(points: list[tuple[int, float]], year: int) -> tuple[float, ...] | None:
    """The visible values of the consecutive years that end at `year` (no line across a hidden year)."""
    by_year = dict(points)
    run: list[float] = []
    current = year
    while current in by_year and by_year[current] == by_year[current]:
        run.append(by_year[current])
        current -= 1
    return tuple(reversed(run)) if len(run) >= 2 else None


def _key_figure(ctx: Context, code: str, area: pd.DataFrame, country: pd.DataFrame, year: int, level: str) -> KeyFigure:
    item = info(ctx, code)
    row = area[area["year"] == year].iloc[0]
    label = value_labels(ctx, area[area["year"] == year].iloc[:1])[0]
    better = ctx.t("overview.better_higher") if item.direction > 0 else ctx.t("overview.better_lower")
    helps = []
    delta = None
    colour, arrow = "gray", "off"
    nat = country[country["year"] == year]
    if level != "country" and len(nat):
        nat_label = value_labels(ctx, nat.iloc[:1])[0]
        helps.append(ctx.t("overview.vs_country", value=nat_label))
        here, there = row["shown"], nat.iloc[0]["shown"]
        if here == here and there == there:  # both shown (NaN != NaN)
            delta, colour, arrow = delta_of(ctx, float(here) - float(there), item.decimals, item.direction)
    if item.direction:
        helps.append(better)
    if bool(row["suppressed"]):
        helps.append(ctx.t("overview.hidden_help", n=ctx.threshold))
    if row["measure"] == "count":
        helps.append(ctx.t("overview.no_denominator"))
    points = list(zip(area["year"].astype(int), area["shown"].astype(float), strict=True))
    spark = sparkline(points, year)
    if spark:
        helps.append(ctx.t("overview.sparkline_years", start=year - len(spark) + 1, end=year))
    return KeyFigure(
        code=code,
        label=name_with_unit(ctx, code) if row["measure"] != "count" else indicator_name(ctx, code),
        value=label,
        help=" ".join(h if h.endswith(".") else h + "." for h in helps),
        delta=delta,
        delta_color=colour,
        delta_arrow=arrow,
        delta_description=ctx.t("overview.delta_vs_country") if delta else None,
        sparkline=spark,
        suppressed=label == SUPPRESSED,
    )


def balance_frame(ctx: Context, area: tuple[str, str]) -> pd.DataFrame:
    """The LAPE balance of one area by year, from gated counts: a hidden input hides the share."""
    rows = values(ctx, BALANCE_INPUTS, areas=[area])
    if rows.empty:
        return pd.DataFrame(columns=["year", "preventive_share", "preventive_cost_share"])
    out = balance(rows)
    return out.assign(
        preventive_share=out["preventive_share"].round(1), preventive_cost_share=out["preventive_cost_share"].round(1)
    )


def _balance_figure(ctx: Context, area: tuple[str, str], year: int) -> KeyFigure | None:
    bal = balance_frame(ctx, area)
    now = bal[bal["year"] == year]
    if now.empty:
        return None
    share = now["preventive_share"].iloc[0]
    points = list(zip(bal["year"].astype(int), bal["preventive_share"].astype(float), strict=True))
    hidden = share != share
    return KeyFigure(
        code="preventive_share",
        label=ctx.t("overview.balance") + " (%)",
        value=SUPPRESSED if hidden else format_number(share, ctx.lang, 1),
        help=ctx.t("overview.balance_help") + (" " + ctx.t("overview.hidden_help", n=ctx.threshold) if hidden else ""),
        sparkline=sparkline(points, year),
        suppressed=bool(hidden),
    )


def _peer_table(ctx: Context, level: str, code: str, year: int) -> Table:
    population = values(ctx, ["pop_0_17"], level=level, year=year)
    near = peers(population[["region_code", "value"]], code, 5)
    rows = values(ctx, PEER_INDICATORS, level=level, year=year)
    rows = rows[rows["region_code"].isin([code, *near])]
    names = area_names(ctx, level)
    area_col = ctx.t("col.area")
    table = rows.assign(
        area=rows["region_code"].map(names),
        indicator=[name_with_unit(ctx, i) for i in rows["indicator_code"]],
        label=value_labels(ctx, rows),
    ).pivot_table(index="area", columns="indicator", values="label", aggfunc="first", sort=False)
    columns = [name_with_unit(ctx, i) for i in PEER_INDICATORS if name_with_unit(ctx, i) in table.columns]
    frame = table.reindex(columns=columns).fillna("").reset_index().rename(columns={"area": area_col})
    frame = sorted_by_name(frame, area_col)
    chosen = names.get(code)
    where = frame.index[frame[area_col] == chosen]
    return Table(frame, int(where[0]) if len(where) else None, ctx.t("common.suppressed_note", n=ctx.threshold))


@memo(maxsize=2048)
def overview(ctx: Context, level: str, code: str, year: int | None = None) -> Overview:
    """Everything the overview shows for an area (and a year; default the latest)."""
    from views.common import has_demo

    name = area_name(ctx, level, code)
    title = ctx.t("overview.title", area=name)
    intro = ctx.t("overview.intro")
    areas = [(level, code)] if level == "country" else [(level, code), COUNTRY]
    rows = values(ctx, KEY_INDICATORS, areas=areas)
    own = rows[(rows["region_level"] == level) & (rows["region_code"] == code)]
    years = tuple(sorted({int(y) for y in own["year"]}, reverse=True))
    trend_names = {c: indicator_name(ctx, c) for c in KEY_INDICATORS}
    sources = sources_line(ctx, has_demo(ctx), KEY_INDICATORS)
    if not years:
        return Overview(
            title, intro, (), None, (), None, None, KEY_INDICATORS, trend_names, sources, ctx.t("common.no_data_area")
        )
    chosen = year if year in years else years[0]
    country = rows[rows["region_level"] == "country"]
    figures = []
    for ind in KEY_INDICATORS:
        mine = own[own["indicator_code"] == ind]
        if not (mine["year"] == chosen).any():
            continue
        figures.append(_key_figure(ctx, ind, mine, country[country["indicator_code"] == ind], chosen, level))
    peer = _peer_table(ctx, level, code, chosen) if level != "country" else None
    return Overview(
        title,
        intro,
        years,
        chosen,
        tuple(figures),
        _balance_figure(ctx, (level, code), chosen),
        peer,
        KEY_INDICATORS,
        trend_names,
        sources,
    )


def trend_series(ctx: Context, rows: pd.DataFrame, roles: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Gated rows as chart rows: year, series (shown name), role, shown, label."""
    names = {key: area_name(ctx, *key) for key in roles}
    keys = list(zip(rows["region_level"], rows["region_code"], strict=True))
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int).to_numpy(),
            "series": [names[k] for k in keys],
            "role": [roles[k] for k in keys],
            "shown": rows["shown"].astype(float).to_numpy(),
            "label": value_labels(ctx, rows),
        }
    )


def year_table(ctx: Context, series: pd.DataFrame, order: list[str]) -> Table:
    """Years down, series across, labels in the cells ('' where a series has no row)."""
    table = series.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    table = table.reindex(columns=[o for o in order if o in table.columns]).fillna("")
    frame = table.reset_index().rename(columns={"year": ctx.t("col.year")})
    frame[ctx.t("col.year")] = frame[ctx.t("col.year")].astype(str)
    return Table(frame, None, ctx.t("common.suppressed_note", n=ctx.threshold))


@memo(maxsize=2048)
def overview_trend(ctx: Context, level: str, code: str, indicator: str) -> Chart:
    """The chosen indicator for the area and the country over the years."""
    from views.common import has_demo

    areas = [(level, code)] if level == "country" else [(level, code), COUNTRY]
    roles = {(level, code): "area", **({COUNTRY: "country"} if level != "country" else {})}
    rows = values(ctx, [indicator], areas=areas)
    series = trend_series(ctx, rows, roles)
    order = [area_name(ctx, *key) for key in roles]
    item = info(ctx, indicator)
    years = sorted(int(y) for y in series["year"])
    spec = charts.trend_chart(
        series,
        [(area_name(ctx, *key), role) for key, role in roles.items()],
        lang=ctx.lang,
        decimals=item.decimals,
        y_title=indicator_unit(ctx, indicator),
        series_title=ctx.t("col.area"),
        year_title=ctx.t("col.year"),
    )
    alt_text = ctx.t(
        "overview.chart_alt",
        indicator=indicator_name(ctx, indicator),
        area=order[0],
        start=years[0] if years else "",
        end=years[-1] if years else "",
    )
    return Chart(spec, alt_text, year_table(ctx, series, order), sources_line(ctx, has_demo(ctx), [indicator]))
