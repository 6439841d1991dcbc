"""Costs and resources (keskitetty resurssien johtaminen) as a person may see them: costs per child and per
client by service area at one year's prices, own production against purchased services, the corrective
share of family-service costs, and the area against the country and its peers.

Every input comes through the gate: euros spent on the children of a hidden count are hidden with it
(catalogue AMOUNT_OF), and any figure built on a hidden input is '..'.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from i18n import SUPPRESSED, format_number
from metrics.costs import INPUTS, SERVICE_AREAS, corrective_share, per_child_total, service_costs
from views import charts
from views.cache import memo
from views.common import has_demo
from views.context import Context
from views.evaluation import price_index, price_years
from views.gate import all_regions, values_in
from views.labels import area_name, data_date, sources_line
from views.model import Chart, Table
from views.overview import level_years

COUNTRY = ("country", "SSS")


@dataclass(frozen=True)
class CostsView:
    title: str
    intro: str
    empty: str = ""
    price_year: int | None = None
    per_child: Chart | None = None
    purchased: Chart | None = None
    corrective: Chart | None = None
    peers: Chart | None = None
    per_client: Table | None = None
    note: str = ""
    sources: str = ""


def _eur(ctx: Context, value: float) -> str:
    return SUPPRESSED if value != value else format_number(value, ctx.lang, 0) + " €"


def _pct(ctx: Context, value: float) -> str:
    return SUPPRESSED if value != value else format_number(value, ctx.lang, 1) + " %"


def peer_areas(ctx: Context, level: str, code: str) -> list[tuple[str, str]]:
    """The areas an area is set against: the other counties (for a county or the country), the other
    municipalities of the same county (for a municipality), the other regions (for a region)."""
    regs = all_regions(ctx)
    if level == "municipality":
        county = regs.loc[(regs["level"] == "municipality") & (regs["code"] == code), "county_code"]
        same = regs[
            (regs["level"] == "municipality") & (regs["county_code"] == (county.iloc[0] if len(county) else ""))
        ]
        return [("municipality", str(c)) for c in same["code"]]
    peer_level = "county" if level in ("county", "country") else level
    return [(peer_level, str(c)) for c in regs.loc[regs["level"] == peer_level, "code"]]


def _service_name(ctx: Context, area: str) -> str:
    return ctx.t(f"costs.area.{area}")


@memo(maxsize=512)
def costs(ctx: Context, level: str, code: str, price_year: int | None = None) -> CostsView:
    """Everything the costs page shows for an area, at price_year's prices (None: the newest index year)."""
    t = ctx.t
    name = area_name(ctx, level, code)
    title = t("costs.title", area=name)
    intro = t("costs.intro")
    years = tuple(y for y in level_years(ctx, SERVICE_AREAS, level))
    if not years:
        return CostsView(title, intro, t("costs.no_data"))
    prices = price_years(ctx)
    chosen = price_year if price_year in prices else (prices[0] if prices else None)
    index = price_index(ctx) if chosen is not None else None
    area = (level, code)
    areas = [area] if level == "country" else [area, COUNTRY]
    rows = values_in(ctx, INPUTS, years, areas=areas)
    table = service_costs(rows, index, chosen)
    mine = table[(table["region_level"] == level) & (table["region_code"] == code)]
    if mine["total"].isna().all():
        return CostsView(title, intro, t("costs.no_data_area"), chosen)
    first, last = int(mine["year"].min()), int(mine["year"].max())
    sources = sources_line(ctx, has_demo(ctx), SERVICE_AREAS)
    date = data_date(ctx)
    prices_text = t("costs.at_prices", year=chosen) if chosen is not None else t("evaluation.nominal")
    note = "" if chosen is not None else t("evaluation.no_index")
    names = [_service_name(ctx, a) for a in SERVICE_AREAS]
    colours = [charts.ROLE_COLOURS[a] for a in SERVICE_AREAS]

    # costs per child by service area, stacked; a year with a hidden part is left out of the stack
    measure = "per_child_real" if chosen is not None else "per_child_nominal"
    complete = mine.groupby("year")[measure].apply(lambda s: s.notna().all())
    stack = mine[mine["year"].map(complete)]
    data = pd.DataFrame(
        {
            "year": stack["year"].astype(int).to_numpy(),
            "series": [_service_name(ctx, a) for a in stack["service_area"]],
            "order": [SERVICE_AREAS.index(a) for a in stack["service_area"]],
            "value": stack[measure].round(0).to_numpy(),
        }
    )
    data["label"] = [_eur(ctx, v) for v in data["value"]]
    spec = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("col.year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=t("costs.axis.per_child", prices=prices_text),
                stack="zero",
                axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0)),
            ),
            color=alt.Color(
                "series:N", title=None, scale=alt.Scale(domain=names, range=colours), legend=alt.Legend(orient="bottom")
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("series:N", title=t("costs.col.area")),
                alt.Tooltip("year:O", title=t("col.year")),
                alt.Tooltip("label:N", title=t("costs.col.per_child")),
            ],
        )
        .properties(height=320)
    )
    per_child_rows = [
        {
            t("col.year"): str(y),
            **{
                _service_name(ctx, a): _eur(ctx, float(v))
                for a, v in zip(part["service_area"], part[measure], strict=True)
            },
        }
        for y, part in mine.groupby("year")
    ]
    chart_title = t("costs.per_child_title", area=name, start=first, end=last, prices=prices_text)
    alt_text = t("costs.per_child_alt", area=name, start=first, end=last)
    per_child = Chart(
        charts.titled(spec.to_dict(validate=False), chart_title, description=alt_text),
        alt_text,
        Table(pd.DataFrame(per_child_rows), None, t("common.suppressed_note", n=ctx.threshold)),
        sources,
        (note,) if note else (),
        title=chart_title,
        date=date,
    )

    # own production vs purchased services: the purchased share per service area
    share = pd.DataFrame(
        {
            "year": mine["year"].astype(int).to_numpy(),
            "series": [_service_name(ctx, a) for a in mine["service_area"]],
            "shown": mine["purchased_share"].round(1).to_numpy(),
        }
    )
    share["label"] = [_pct(ctx, v) for v in share["shown"]]
    purchased_chart = None
    if share["shown"].notna().any():
        spec = charts.trend_chart(
            share,
            list(zip(names, SERVICE_AREAS, strict=True)),
            lang=ctx.lang,
            decimals=1,
            y_title=t("costs.axis.purchased"),
            series_title=t("costs.col.area"),
            year_title=t("col.year"),
        )
        purchased_title = t("costs.purchased_title", area=name, start=first, end=last)
        purchased_alt = t("costs.purchased_alt", area=name, start=first, end=last)
        own_rows = []
        for (y, a), part in mine.groupby(["year", "service_area"]):
            r = part.iloc[0]
            own_rows.append(
                {
                    t("col.year"): str(int(y)),  # type: ignore[call-overload]
                    t("costs.col.area"): _service_name(ctx, str(a)),
                    t("costs.col.own"): _eur(ctx, float(r["own"])),
                    t("costs.col.purchased"): _eur(ctx, float(r["purchased"])),
                    t("costs.col.purchased_share"): _pct(ctx, float(r["purchased_share"])),
                }
            )
        purchased_chart = Chart(
            charts.titled(spec, purchased_title, description=purchased_alt),
            purchased_alt,
            Table(pd.DataFrame(own_rows), None, t("costs.nominal_note")),
            sources,
            title=purchased_title,
            date=date,
        )

    # the corrective share of family-service costs: the area against the country
    shares = corrective_share(rows)
    series = pd.DataFrame(
        {
            "year": shares["year"].astype(int).to_numpy(),
            "series": [
                area_name(ctx, lv, c) for lv, c in zip(shares["region_level"], shares["region_code"], strict=True)
            ],
            "shown": shares["corrective_share"].round(1).to_numpy(),
        }
    )
    series["label"] = [_pct(ctx, v) for v in series["shown"]]
    roles = [(name, "area")] + ([(area_name(ctx, *COUNTRY), "country")] if level != "country" else [])
    spec = charts.trend_chart(
        series,
        roles,
        lang=ctx.lang,
        decimals=1,
        y_title=t("costs.axis.corrective"),
        series_title=t("col.area"),
        year_title=t("col.year"),
    )
    corrective_title = t("costs.corrective_title", area=name, start=first, end=last)
    corrective_alt = t("costs.corrective_alt", area=name, start=first, end=last)
    year_rows = series.pivot_table(index="year", columns="series", values="label", aggfunc="first").fillna("")
    year_rows = year_rows.reindex(columns=[r[0] for r in roles if r[0] in year_rows.columns]).reset_index()
    year_rows = year_rows.rename(columns={"year": t("col.year")}).astype(str)
    corrective = Chart(
        charts.titled(spec, corrective_title, description=corrective_alt),
        corrective_alt,
        Table(year_rows, None, t("costs.corrective_note")),
        sources,
        title=corrective_title,
        date=date,
    )

    # the area among its peers in the latest year: all family-service costs per child
    peers = peer_areas(ctx, level, code)
    peer_rows = values_in(ctx, INPUTS, (last,), areas=[*peers, COUNTRY] if level != "country" else [*peers, area])
    totals = per_child_total(peer_rows, index, chosen) if chosen is not None else None
    peers_chart = None
    if totals is not None and totals["per_child_real"].notna().any():
        country_value = totals.loc[totals["region_level"] == "country", "per_child_real"]
        ranked = totals[totals["region_level"] != "country"].copy()
        ranked["name"] = [
            area_name(ctx, lv, c) for lv, c in zip(ranked["region_level"], ranked["region_code"], strict=True)
        ]
        ranked["role"] = [
            "area" if (lv, c) == area else "peer"
            for lv, c in zip(ranked["region_level"], ranked["region_code"], strict=True)
        ]
        ranked = ranked.sort_values("per_child_real", ascending=False, na_position="last")
        ranked["label"] = [_eur(ctx, v) for v in ranked["per_child_real"]]
        ranked["value"] = ranked["per_child_real"].round(0)
        order = ranked["name"].tolist()
        bars = (
            alt.Chart(ranked[["name", "role", "value", "label"]])
            .mark_bar()
            .encode(
                y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
                x=alt.X(
                    "value:Q",
                    title=t("costs.axis.per_child", prices=prices_text),
                    axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0)),
                ),
                color=alt.Color(
                    "role:N",
                    scale=alt.Scale(domain=["area", "peer"], range=[charts.AREA_COLOUR, "#b9c4d0"]),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("name:N", title=t("col.area")),
                    alt.Tooltip("label:N", title=t("costs.col.per_child")),
                ],
            )
        )
        text = bars.mark_text(align="left", dx=4, color="#111111").encode(text="label:N", color=alt.value("#111111"))
        layers = [bars, text]
        if len(country_value) and country_value.notna().all():
            layers.append(
                alt.Chart(pd.DataFrame({"value": [round(float(country_value.iloc[0]))]}))
                .mark_rule(color=charts.COUNTRY_COLOUR, strokeDash=[4, 3], strokeWidth=2)
                .encode(x="value:Q")
            )
        peers_title = t("costs.peers_title", area=name, year=last, prices=prices_text)
        peers_alt = t(
            "costs.peers_alt",
            area=name,
            year=last,
            country=_eur(ctx, float(country_value.iloc[0])) if len(country_value) else SUPPRESSED,
        )
        peer_table = pd.DataFrame({t("col.area"): ranked["name"], t("costs.col.per_child"): ranked["label"]})
        peers_chart = Chart(
            charts.titled(
                alt.layer(*layers).properties(height=alt.Step(18)).to_dict(validate=False),
                peers_title,
                description=peers_alt,
            ),
            peers_alt,
            Table(
                peer_table.reset_index(drop=True), order.index(name) if name in order else None, t("costs.peers_note")
            ),
            sources,
            title=peers_title,
            date=date,
        )

    # per client in the latest year: the area and the country
    latest = table[table["year"] == last]
    client_rows = []
    for a in SERVICE_AREAS:
        line = {t("costs.col.area"): _service_name(ctx, a)}
        for key in areas:
            part = latest[
                (latest["region_level"] == key[0]) & (latest["region_code"] == key[1]) & (latest["service_area"] == a)
            ]
            value = float(part["per_client_real"].iloc[0]) if len(part) else float("nan")
            line[area_name(ctx, *key)] = _eur(ctx, value)
        client_rows.append(line)
    per_client = Table(pd.DataFrame(client_rows), None, t("costs.per_client_note", year=last, prices=prices_text))
    return CostsView(
        title,
        intro,
        price_year=chosen,
        per_child=per_child,
        purchased=purchased_chart,
        corrective=corrective,
        peers=peers_chart,
        per_client=per_client,
        note=note,
        sources=sources,
    )
