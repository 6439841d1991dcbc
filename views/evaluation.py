"""Evaluation: the trend since a baseline year against comparison areas and the country, the
difference-in-differences estimate, the corrective/preventive balance and costs per child."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from i18n import SUPPRESSED, format_number
from metrics.balance import BALANCE_INPUTS, cost_groups, did
from metrics.change import change_since, comparison_mean
from metrics.pain_points import peers
from views import charts
from views.cache import memo
from views.common import COUNTRY, has_demo
from views.context import Context
from views.gate import info, values, values_in
from views.labels import (
    area_name,
    area_names,
    data_date,
    difference_unit,
    indicator_name,
    indicator_unit,
    sort_key,
    sources_line,
)
from views.model import Chart, Choice, KeyFigure
from views.overview import balance_frame, delta_of, level_years, signed, spark_text, trend_series, year_table
from views.quality import break_marks, chart_notes

MEAN = "__comparison__"


@dataclass(frozen=True)
class Setup:
    """The choices the page offers for an indicator: years, baseline years, comparison areas."""

    years: tuple[int, ...]
    base_years: tuple[int, ...]
    default_base: int | None
    comparison: Choice
    default_comparison: tuple[str, ...]
    events: dict[int, str] = field(default_factory=dict)  # family-centre opening years -> centres

    def event_years(self, base: int) -> tuple[list[int], int]:
        """The years an event can mark after the baseline, and the default's index: the first family-centre
        opening among them, else the first year."""
        years = [y for y in self.years if y > base]
        opened = [years.index(y) for y in self.events if y in years]
        return years, opened[0] if opened else 0


@dataclass(frozen=True)
class Evaluation:
    trend: Chart
    change: tuple[KeyFigure, ...]
    did: KeyFigure | None
    did_text: str
    did_caveat: str
    balance: tuple[KeyFigure, ...]
    costs: Chart | None
    cost_note: str


@memo(maxsize=1024)
def setup(ctx: Context, level: str, code: str, indicator: str) -> Setup:
    rows = values(ctx, [indicator], level=level)
    years = tuple(sorted({int(y) for y in rows["year"]}))
    names = area_names(ctx, level)
    others = tuple(sorted((c for c in names if c != code), key=lambda c: sort_key(names[c])))
    population = values(ctx, ["pop_0_17"], level=level, year=years[-1] if years else None)
    default = tuple(peers(population[["region_code", "value"]], code, 5)) if len(population) else ()
    base_years = years[:-2]
    default_base = base_years[min(2, len(base_years) - 1)] if base_years else None
    from views.centres import events_for

    return Setup(years, base_years, default_base, Choice(others, names), default, events_for(ctx, level, code))


def _balance_figures(ctx: Context, area: tuple[str, str], base: int) -> tuple[KeyFigure, ...]:
    bal = balance_frame(ctx, area, base, 9999, BALANCE_INPUTS)
    if bal.empty:
        return ()
    out = []
    for column, flag, key in (
        ("preventive_share", "share_hidden", "evaluation.preventive_share"),
        ("preventive_cost_share", "cost_hidden", "evaluation.preventive_cost_share"),
    ):
        first, last = bal.iloc[0][column], bal.iloc[-1][column]
        if last != last and not bool(bal.iloc[-1][flag]):
            continue  # an input is missing: nothing to show
        known = [float(v) for v in bal[column] if v == v]
        spark = tuple(known) if len(known) == len(bal) and len(known) >= 2 else None
        hidden = last != last
        delta = None if hidden or first != first else delta_of(ctx, float(last) - float(first), 1, 1)
        out.append(
            KeyFigure(
                code=column,
                label=ctx.t(key),
                value=SUPPRESSED if hidden else format_number(last, ctx.lang, 1),
                help=ctx.t("overview.balance_help")
                + (" " + ctx.t("overview.hidden_help", n=ctx.threshold) if hidden else ""),
                delta=delta[0] if delta else None,
                delta_color=delta[1] if delta else "gray",
                delta_arrow=delta[2] if delta else "off",
                delta_description=ctx.t("evaluation.since", year=int(bal.iloc[0]["year"])) if delta else None,
                sparkline=spark,
                suppressed=bool(hidden),
                spark_text=spark_text(ctx, ctx.t(key), spark, int(bal.iloc[-1]["year"]), 1),
            )
        )
    return tuple(out)


def price_index(ctx: Context) -> pd.Series:
    index_rows = values(ctx, ["price_index_public"], areas=[COUNTRY])
    return index_rows.set_index("year")["value"].dropna() if len(index_rows) else pd.Series(dtype=float)


def price_years(ctx: Context) -> tuple[int, ...]:
    """Years whose prices costs can be shown at (the price index's years), newest first."""
    return tuple(sorted((int(y) for y in price_index(ctx).index), reverse=True))


def _costs(ctx: Context, area: tuple[str, str], base: int, price_year: int | None) -> tuple[Chart | None, str]:
    years = tuple(y for y in level_years(ctx, BALANCE_INPUTS, area[0]) if y >= base)
    rows = values_in(ctx, BALANCE_INPUTS, years, areas=[area])
    index = price_index(ctx)
    use_index = len(index) and price_year in index.index
    costs = cost_groups(rows, index if use_index else None, price_year if use_index else None)
    costs = costs[costs["year"] >= base]
    if costs.empty:
        return None, ""
    measure = "real" if "real" in costs else "nominal"
    note = "" if measure == "real" else ctx.t("evaluation.no_index")
    names = {"corrective": ctx.t("evaluation.cost_corrective"), "preventive": ctx.t("evaluation.cost_preventive")}
    series = pd.DataFrame(
        {
            "year": costs["year"].astype(int).to_numpy(),
            "series": costs["group"].map(names).to_numpy(),
            "shown": costs[measure].round(0).to_numpy(),
        }
    )
    series["label"] = [format_number(v, ctx.lang, 0) for v in series["shown"]]
    y_title = ctx.t("evaluation.real", year=price_year) if measure == "real" else ctx.t("evaluation.nominal")
    spec = charts.trend_chart(
        series,
        [(names["corrective"], "corrective"), (names["preventive"], "preventive")],
        lang=ctx.lang,
        decimals=0,
        y_title=y_title,
        series_title="",
        year_title=ctx.t("col.year"),
    )
    alt_text = ctx.t("evaluation.cost_alt", start=base, end=int(series["year"].max()), area=area_name(ctx, *area))
    table = year_table(ctx, series, [names["corrective"], names["preventive"]])
    sources = sources_line(ctx, has_demo(ctx), BALANCE_INPUTS)
    title = ctx.t("evaluation.cost_title", area=area_name(ctx, *area), start=base, end=int(series["year"].max()))
    spec = charts.titled(spec, title, description=alt_text)
    return Chart(spec, alt_text, table, sources, title=title, date=data_date(ctx)), note


def _event_label(ctx: Context, level: str, code: str, event: int) -> str:
    """The event marker's text: the family centres that opened that year, else the generic label."""
    from views.centres import events_for

    names = events_for(ctx, level, code).get(event)
    return ctx.t("evaluation.event_centre", names=names) if names else ctx.t("evaluation.event_label")


@memo(maxsize=2048)
def evaluation(
    ctx: Context,
    level: str,
    code: str,
    indicator: str,
    base: int,
    event: int,
    comparison: tuple[str, ...],
    price_year: int | None = None,
) -> Evaluation:
    """Everything below the pickers of the evaluation page."""
    item = info(ctx, indicator)
    unit = indicator_unit(ctx, indicator)
    change_unit = difference_unit(ctx, indicator)
    rows = values(ctx, [indicator], level=level)
    rows = rows[rows["year"] >= base]
    own = rows[rows["region_code"] == code]
    country = values(ctx, [indicator], areas=[COUNTRY])
    country = country[country["year"] >= base]
    name = area_name(ctx, level, code)
    mean_name = ctx.t("evaluation.comparison_mean")
    parts = [trend_series(ctx, own, {(level, code): "area"})]
    mean = comparison_mean(rows, comparison) if comparison else pd.DataFrame(columns=["year", "shown"])
    if comparison:
        parts.append(
            pd.DataFrame(
                {
                    "year": mean["year"].to_numpy(),
                    "series": mean_name,
                    "role": "comparison",
                    "shown": mean["shown"].round(item.decimals).to_numpy(),
                    "label": [format_number(v, ctx.lang, item.decimals) for v in mean["shown"]],
                }
            )
        )
    parts.append(trend_series(ctx, country, {COUNTRY: "country"}))
    from views.targets import target_rows

    target = target_rows(ctx, indicator, level, code)  # the area's shared target as a dashed line
    parts.append(target)
    series = pd.concat([p for p in parts if len(p)], ignore_index=True)
    roles = (
        [(name, "area")] + ([(mean_name, "comparison")] if comparison else []) + [(area_name(ctx, *COUNTRY), "country")]
    )
    if len(target):
        roles.append((ctx.t("targets.line"), "target"))
    spec = charts.trend_chart(
        series,
        roles,
        lang=ctx.lang,
        decimals=item.decimals,
        y_title=unit,
        series_title=ctx.t("col.area"),
        year_title=ctx.t("col.year"),
        event=(event, _event_label(ctx, level, code, event)),
        marks=break_marks(ctx, [indicator], sorted(int(y) for y in series["year"])),
    )
    last = int(series["year"].max()) if len(series) else base
    alt_text = ctx.t("overview.chart_alt", indicator=indicator_name(ctx, indicator), area=name, start=base, end=last)
    notes: tuple[str, ...] = (ctx.t("evaluation.mean_note"),) if comparison else ()
    if country.empty and level != "country":  # no line for the country: say where it comes from
        notes = (*notes, ctx.t("common.get_reference"))
    notes = (*notes, *chart_notes(ctx, [indicator], series))  # preliminary values, series breaks
    title = ctx.t("overview.chart_title", indicator=indicator_name(ctx, indicator), area=name, start=base, end=last)
    trend = Chart(
        charts.titled(spec, title, description=alt_text),
        alt_text,
        year_table(ctx, series, [r[0] for r in roles]),
        sources_line(ctx, has_demo(ctx), [indicator]),
        notes,
        title=title,
        date=data_date(ctx),
    )

    change_rows = own.assign(indicator_code=indicator)
    change = change_since(change_rows, base)
    figures: tuple[KeyFigure, ...] = ()
    if not change.empty:
        row = change.iloc[0]
        known = row["change"] == row["change"]
        figures = (
            KeyFigure(
                "change",
                ctx.t("evaluation.change", start=base, end=int(row["latest_year"])) + f" ({change_unit})",
                signed(ctx, row["change"], item.decimals) if known else SUPPRESSED,
                ctx.t("evaluation.change_help"),
            ),
            KeyFigure(
                "change_pct",
                ctx.t("evaluation.change_pct"),
                (signed(ctx, row["change_pct"], 1) + " %") if row["change_pct"] == row["change_pct"] else SUPPRESSED,
                ctx.t("evaluation.change_help"),
            ),
            KeyFigure(
                "change_per_year",
                ctx.t("evaluation.per_year_label") + f" ({change_unit})",
                signed(ctx, row["change_per_year"], 2)
                if row["change_per_year"] == row["change_per_year"]
                else SUPPRESSED,
                ctx.t("evaluation.change_help"),
            ),
        )

    did_figure = None
    did_text = ""
    caveat = ""
    if comparison:
        pair = pd.concat(
            [
                own[["year", "shown"]].assign(region_code=code),
                mean[["year", "shown"]].assign(region_code=MEAN),
            ],
            ignore_index=True,
        ).rename(columns={"shown": "value"})
        result = did(pair, code, [MEAN], event)
        estimate = result["estimate"]
        if estimate == estimate:
            did_figure = KeyFigure(
                "did",
                ctx.t("evaluation.did"),
                f"{signed(ctx, estimate, item.decimals)} {change_unit}",
                ctx.t("evaluation.did_help"),
            )
            did_text = ctx.t(
                "evaluation.did_result", start=event, value=signed(ctx, estimate, item.decimals), unit=change_unit
            )
            slope = result["pre_trend_gap_per_year"]
            big = slope != slope or (abs(estimate) > 0 and abs(slope) * 3 > abs(estimate))
            caveat = ctx.t(
                "evaluation.did_caveat",
                slope=format_number(slope, ctx.lang, 2),
                unit=change_unit,
                warning=ctx.t("evaluation.did_warning") if big else "",
            )
        else:
            did_text = ctx.t("evaluation.did_unavailable")
    costs, cost_note = _costs(ctx, (level, code), base, price_year)
    return Evaluation(
        trend,
        figures,
        did_figure,
        did_text,
        caveat,
        _balance_figures(ctx, (level, code), base),
        costs,
        cost_note,
    )
