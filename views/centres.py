"""Family centres (perhekeskukset) as a person may see them: the registry of the area's centres and their
monthly activity (visits, contacts by channel, days from first contact to first service) with trends.

Visits and contacts are counts of events a centre publishes about itself, not of persons. The days from
first contact to first service are a median over the month's new clients: a month is shown only when at
least the small-number threshold of new clients is behind it (a month without that count is not shown).
Opening dates also mark the evaluation page's charts (events_for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd
from sqlalchemy import select

from i18n import SUPPRESSED, format_date, format_number
from views import charts
from views.cache import memo
from views.common import has_demo
from views.context import Context, engine_for
from views.gate import all_regions
from views.labels import area_name, area_names, data_date, sources_line
from views.model import Chart, Table

CHANNELS = ("in_person", "phone", "online")
CHANNEL_COLOURS = {"in_person": "#1f5fa8", "phone": "#c46a1c", "online": "#2a7f62"}
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [3, 6]]


@memo(maxsize=8)
def _registry(url: str, version: int) -> pd.DataFrame:
    from store.schema import family_centres

    c = family_centres.c
    with engine_for(url).connect() as conn:
        rows = conn.execute(
            select(c.centre, c.name, c.county, c.municipalities, c.opened, c.services, c.partners).order_by(c.name)
        ).all()
    return pd.DataFrame(rows, columns=["centre", "name", "county", "municipalities", "opened", "services", "partners"])


@memo(maxsize=8)
def _activity(url: str, version: int) -> pd.DataFrame:
    from store.schema import centre_activity

    c = centre_activity.c
    with engine_for(url).connect() as conn:
        rows = conn.execute(select(c.centre, c.county, c.year, c.month, c.measure, c.channel, c.value)).all()
    return pd.DataFrame(rows, columns=["centre", "county", "year", "month", "measure", "channel", "value"])


def centres_of(ctx: Context, level: str, code: str) -> pd.DataFrame:
    """The centres of an area: the county's, those serving a municipality, every one for the country."""
    reg = _registry(*ctx.data_key)
    if level == "country" or reg.empty:
        return reg
    if level == "county":
        return reg[reg["county"] == code]
    if level == "municipality":
        return reg[[code in str(m).split(",") for m in reg["municipalities"]]]
    regs = all_regions(ctx)
    munis = set(regs.loc[(regs["level"] == "municipality") & (regs["region_code"] == code), "code"].astype(str))
    return reg[[bool(munis & set(str(m).split(","))) for m in reg["municipalities"]]]


def events_for(ctx: Context, level: str, code: str) -> dict[int, str]:
    """Opening years of the area's family centres -> the centres' names (the evaluation page's events)."""
    out: dict[int, list[str]] = {}
    for name, opened in zip(*[centres_of(ctx, level, code)[c] for c in ("name", "opened")], strict=True):
        if opened is not None and opened == opened:
            out.setdefault(pd.Timestamp(opened).year, []).append(str(name))
    return {year: ", ".join(names) for year, names in sorted(out.items())}


@dataclass(frozen=True)
class CentresView:
    title: str
    intro: str
    empty: str = ""
    registry: Table | None = None
    visits: Chart | None = None
    channels: Chart | None = None
    waits: Chart | None = None
    sources: str = ""


def _date(ctx: Context, value: object) -> str:
    if value is None or value != value:
        return ""
    return format_date(pd.Timestamp(value).date(), ctx.lang)  # type: ignore[arg-type]


def _month_date(year: int, month: int) -> str:
    return dt.date(int(year), int(month), 1).isoformat()


@memo(maxsize=256)
def family_centres(ctx: Context, level: str, code: str) -> CentresView:
    """Everything the family-centres page shows for an area."""
    t = ctx.t
    name = area_name(ctx, level, code)
    title = t("centres.title", area=name)
    intro = t("centres.intro", n=ctx.threshold)
    mine = centres_of(ctx, level, code)
    if _registry(*ctx.data_key).empty:
        return CentresView(title, intro, t("centres.no_data"))
    if mine.empty:
        return CentresView(title, intro, t("centres.no_data_area"))
    sources = sources_line(ctx, has_demo(ctx))
    date = data_date(ctx)
    munis = area_names(ctx, "municipality")
    counties = area_names(ctx, "county")
    registry = Table(
        pd.DataFrame(
            {
                t("centres.col.name"): mine["name"].astype(str).to_numpy(),
                t("centres.col.county"): [counties.get(str(c), str(c)) for c in mine["county"]],
                t("centres.col.municipalities"): [
                    ", ".join(munis.get(m, m) for m in str(ms).split(",") if m) for ms in mine["municipalities"]
                ],
                t("centres.col.opened"): [_date(ctx, d) for d in mine["opened"]],
                t("centres.col.services"): [
                    ", ".join(t(f"centres.service.{s}") for s in str(ss).split(",") if s) for ss in mine["services"]
                ],
                t("centres.col.partners"): mine["partners"].astype(str).to_numpy(),
            }
        ),
        None,
        t("centres.registry_note"),
    )
    act = _activity(*ctx.data_key)
    act = act[act["centre"].isin(set(mine["centre"]))]
    names = dict(zip(mine["centre"], mine["name"].astype(str), strict=True))
    if act.empty:
        return CentresView(title, intro, registry=registry, sources=sources)
    act = act.assign(month_date=[_month_date(y, m) for y, m in zip(act["year"], act["month"], strict=True)])
    first, last = (f"{int(m[5:7])}/{m[:4]}" for m in (act["month_date"].min(), act["month_date"].max()))
    order = [names[c] for c in mine["centre"] if c in set(act["centre"])]

    # visits per centre and month
    visits = act[(act["measure"] == "visits") & (act["channel"] == "total")]
    visit_chart = None
    if len(visits):
        data = pd.DataFrame(
            {
                "month": visits["month_date"].to_numpy(),
                "series": [names[c] for c in visits["centre"]],
                "value": visits["value"].to_numpy(),
            }
        )
        data["label"] = [format_number(v, ctx.lang, 0) for v in data["value"]]
        spec = _lines(ctx, data, order, t("centres.axis.visits"))
        visit_title = t("centres.visits_title", area=name, start=first, end=last)
        visit_alt = t("centres.visits_alt", area=name, start=first, end=last, n=len(order))
        visit_chart = Chart(
            charts.titled(spec, visit_title, description=visit_alt),
            visit_alt,
            _month_table(ctx, data, order),
            sources,
            title=visit_title,
            date=date,
        )

    # contacts by channel, all the area's centres together
    contacts = act[(act["measure"] == "contacts") & act["channel"].isin(CHANNELS)]
    channel_chart = None
    if len(contacts):
        summed = contacts.groupby(["month_date", "channel"], as_index=False)["value"].sum()
        channel_names = [t(f"centres.channel.{c}") for c in CHANNELS]
        data = pd.DataFrame(
            {
                "month": summed["month_date"].to_numpy(),
                "series": [t(f"centres.channel.{c}") for c in summed["channel"]],
                "order": [CHANNELS.index(c) for c in summed["channel"]],
                "value": summed["value"].to_numpy(),
            }
        )
        data["label"] = [format_number(v, ctx.lang, 0) for v in data["value"]]
        spec = (
            alt.Chart(data)
            .mark_area()
            .encode(
                x=alt.X("month:T", title=t("centres.axis.month"), axis=alt.Axis(format="%Y")),
                y=alt.Y(
                    "value:Q",
                    title=t("centres.axis.contacts"),
                    stack="zero",
                    axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0)),
                ),
                color=alt.Color(
                    "series:N",
                    title=None,
                    scale=alt.Scale(domain=channel_names, range=[CHANNEL_COLOURS[c] for c in CHANNELS]),
                    legend=alt.Legend(orient="bottom"),
                ),
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip("series:N", title=t("centres.col.channel")),
                    alt.Tooltip("month:T", title=t("centres.axis.month"), format="%m/%Y"),
                    alt.Tooltip("label:N", title=t("centres.axis.contacts")),
                ],
            )
            .properties(height=300)
            .to_dict(validate=False)
        )
        channel_title = t("centres.channels_title", area=name, start=first, end=last)
        channel_alt = t("centres.channels_alt", area=name, start=first, end=last)
        channel_chart = Chart(
            charts.titled(spec, channel_title, description=channel_alt),
            channel_alt,
            _month_table(ctx, data, channel_names),
            sources,
            title=channel_title,
            date=date,
        )

    # days from first contact to first service: a month only with enough new clients behind its median
    days = act[act["measure"] == "days_to_service"]
    clients = act[act["measure"] == "new_clients"][["centre", "month_date", "value"]].rename(columns={"value": "n"})
    wait_chart = None
    if len(days):
        merged = days.merge(clients, on=["centre", "month_date"], how="left")
        enough = merged["n"].fillna(0) >= ctx.threshold
        data = pd.DataFrame(
            {
                "month": merged["month_date"].to_numpy(),
                "series": [names[c] for c in merged["centre"]],
                "value": merged["value"].where(enough).to_numpy(),
            }
        )
        data["label"] = [SUPPRESSED if v != v else format_number(v, ctx.lang, 0) for v in data["value"]]
        spec = _lines(ctx, data, order, t("centres.axis.days"))
        wait_title = t("centres.waits_title", area=name, start=first, end=last)
        wait_alt = t("centres.waits_alt", area=name, start=first, end=last)
        wait_chart = Chart(
            charts.titled(spec, wait_title, description=wait_alt),
            wait_alt,
            _month_table(ctx, data, order, t("centres.waits_note", n=ctx.threshold)),
            sources,
            title=wait_title,
            date=date,
        )
    return CentresView(
        title,
        intro,
        registry=registry,
        visits=visit_chart,
        channels=channel_chart,
        waits=wait_chart,
        sources=sources,
    )


def _lines(ctx: Context, data: pd.DataFrame, order: list[str], y_title: str) -> dict[str, object]:
    """One line per centre by month; each centre its own dash as well as its colour."""
    t = ctx.t
    palette = [charts.AREA_COLOUR, "#c46a1c", "#2a7f62", "#7b3fa0", "#555555"]
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("month:T", title=t("centres.axis.month"), axis=alt.Axis(format="%Y")),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0))),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=order, range=[palette[i % len(palette)] for i in range(len(order))]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=order, range=[DASHES[i % len(DASHES)] for i in range(len(order))]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("centres.col.name")),
                alt.Tooltip("month:T", title=t("centres.axis.month"), format="%m/%Y"),
                alt.Tooltip("label:N", title=y_title),
            ],
        )
        .properties(height=300)
        .to_dict(validate=False)
    )


def _month_table(ctx: Context, data: pd.DataFrame, order: list[str], note: str = "") -> Table:
    """Months down (newest first), series across, formatted labels in the cells."""
    table = data.pivot_table(index="month", columns="series", values="label", aggfunc="first").fillna("")
    table = table.reindex(columns=[o for o in order if o in table.columns]).sort_index(ascending=False)
    table.columns.name = None
    frame = table.reset_index()
    frame["month"] = [f"{m[5:7]}/{m[:4]}" for m in frame["month"]]
    return Table(frame.rename(columns={"month": ctx.t("centres.axis.month")}), None, note)
