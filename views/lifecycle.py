"""Client lifecycle (asiakkuuksien elinkaarianalyysi) as a person may see it: how the area's clients
spread over the special services for families and for how long.

Counts of clients are protected like every other count: active and new clients per service and year are
decided over the whole area hierarchy (municipalities, counties, regions, the country) by the same
disclosure pattern as the indicators, so differencing a county against its municipalities uncovers
nothing. Durations (Kaplan-Meier) are shown only for groups of at least the threshold's episodes and
endings; combinations and pathways only where at least the threshold's families are behind a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd
from sqlalchemy import select

from i18n import SUPPRESSED, format_number
from metrics.lifecycle import (
    SERVICES,
    clients_by_year,
    combinations_count,
    days_preventive_to_child_welfare,
    durations,
    first_service_before_placement,
    kaplan_meier,
    reentry,
)
from metrics.suppression import area_links, disclosure_pattern
from views import charts
from views.cache import memo
from views.common import has_demo
from views.context import Context, engine_for
from views.gate import all_regions
from views.labels import area_name, data_date, sources_line
from views.model import Chart, Table

LEVELS = ("municipality", "county", "region", "country")


@memo(maxsize=8)
def _episodes(url: str, version: int) -> pd.DataFrame:
    from store.schema import client_episodes

    c = client_episodes.c
    with engine_for(url).connect() as conn:
        rows = conn.execute(
            select(c.client, c.family, c.service, c.start_date, c.end_date, c.municipality, c.birth_year)
        ).all()
    frame = pd.DataFrame(rows, columns=["client", "family", "service", "start", "end", "municipality", "birth_year"])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


def episodes(ctx: Context) -> pd.DataFrame:
    return _episodes(*ctx.data_key)


def censor_date(frame: pd.DataFrame) -> dt.date:
    """The data's extraction date: the latest start or end in it."""
    latest = max(frame["start"].max(), frame["end"].max() if frame["end"].notna().any() else frame["start"].max())
    return pd.Timestamp(latest).date()


def _areas_of(ctx: Context) -> pd.DataFrame:
    """municipality -> county, region, country."""
    regs = all_regions(ctx)
    munis = regs[regs["level"] == "municipality"]
    return pd.DataFrame(
        {
            "municipality": munis["code"].astype(str).to_numpy(),
            "county": munis["county_code"].astype(str).to_numpy(),
            "region": munis["region_code"].astype(str).to_numpy(),
            "country": "SSS",
        }
    )


def in_area(ctx: Context, frame: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    if level == "country":
        return frame
    areas = _areas_of(ctx)
    codes = set(areas.loc[areas[level] == code, "municipality"])
    return frame[frame["municipality"].isin(codes)]


@memo(maxsize=8)
def _yearly(url: str, version: int, threshold: int) -> pd.DataFrame:
    """Active and new clients per service, year and area at every level, with the disclosure pattern.
    Columns: measure, service, year, region_level, region_code, value, suppressed."""
    frame = _episodes(url, version)
    ctx = Context(url, version, threshold=threshold)
    if frame.empty:
        return pd.DataFrame(
            columns=["measure", "service", "year", "region_level", "region_code", "value", "suppressed"]
        )
    placed = frame.merge(_areas_of(ctx), on="municipality", how="inner")
    last = censor_date(frame).year
    parts = [
        clients_by_year(placed, last, by=[level]).rename(columns={level: "region_code"}).assign(region_level=level)
        for level in LEVELS
    ]
    cells = pd.concat(parts, ignore_index=True)
    cells["indicator_code"] = cells["measure"] + ":" + cells["service"]
    cells["month"] = 0
    cells["sex"] = "total"
    cells["rule"] = "count"
    cells["numerator"] = cells["value"].astype(float)
    cells["denominator"] = float("nan")
    pattern = disclosure_pattern(cells, area_links(all_regions(ctx)), threshold)
    cells["suppressed"] = pattern["suppressed"].to_numpy()
    return cells[["measure", "service", "year", "region_level", "region_code", "value", "suppressed"]]


@memo(maxsize=8)
def _counts(url: str, version: int, threshold: int) -> dict[tuple[str, str, str], tuple[float, bool]]:
    """The lifecycle page's other counts for every area at every level, protected over the whole hierarchy
    like the indicators: per service the ended and ongoing episodes (durations), the families who reached
    a placement by their first service, and the episodes that ended with a follow-up and those followed by
    a new one (re-entry). (level, code, cell) -> (value, hidden); cell is e.g. 'ongoing:family_work'.

    A count is hidden for its own sake when small, and a share's part when its complement is small (the
    first services of an area's placed families); then as many more as the published totals (a county and
    its municipalities, the country and its counties) need, so that no hidden count follows from them."""
    frame = _episodes(url, version)
    if frame.empty:
        return {}
    ctx = Context(url, version, threshold=threshold)
    censor = censor_date(frame)
    areas = _areas_of(ctx)
    placed = frame.merge(areas, on="municipality", how="inner")
    rows: list[dict[str, object]] = []
    first_small: list[bool] = []
    for level in LEVELS:
        for code, mine in placed.groupby(level):
            spans = durations(mine, censor)
            for service, idx in mine.groupby("service").groups.items():
                ended = int(spans.loc[idx, "ended"].sum())
                for cell, value in ((f"ended:{service}", ended), (f"ongoing:{service}", len(idx) - ended)):
                    rows.append({"level": level, "code": str(code), "cell": cell, "value": float(value)})
                    first_small.append(0 < value < threshold)
            first = first_service_before_placement(mine)
            total = float(first["families"].sum()) if len(first) else 0.0
            for service, families in zip(first["service"], first["families"], strict=True):
                rows.append({"level": level, "code": str(code), "cell": f"first:{service}", "value": float(families)})
                first_small.append(0 < families < threshold or 0 < total - families < threshold)
            for services, families in zip(
                *[combinations_count(mine)[c] for c in ("services", "families")], strict=True
            ):
                rows.append(
                    {"level": level, "code": str(code), "cell": "combo:" + "+".join(services), "value": float(families)}
                )
                first_small.append(0 < families < threshold)
            back = reentry(mine, censor)
            for service, out, came in zip(back["service"], back["ended"], back["reentered"], strict=True):
                for cell, number, small in (
                    (f"reended:{service}", float(out), 0 < out < threshold),
                    (f"reentered:{service}", float(came), 0 < came < threshold or 0 < out - came < threshold),
                ):
                    rows.append({"level": level, "code": str(code), "cell": cell, "value": number})
                    first_small.append(bool(small))
    cells = pd.DataFrame(rows)
    cells = cells.rename(columns={"level": "region_level", "code": "region_code", "cell": "indicator_code"})
    cells["year"] = 0
    cells["month"] = 0
    cells["sex"] = "total"
    cells["rule"] = "count"
    cells["numerator"] = cells["value"]
    cells["denominator"] = float("nan")
    pattern = disclosure_pattern(cells, area_links(all_regions(ctx)), threshold, pd.Series(first_small))
    return {
        (str(lv), str(cd), str(cell)): (float(v), bool(h))
        for lv, cd, cell, v, h in zip(
            cells["region_level"], cells["region_code"], cells["indicator_code"], cells["value"],
            pattern["suppressed"], strict=True,
        )
    }  # fmt: skip


def service_name(ctx: Context, code: str) -> str:
    return ctx.t(f"service.{code}")


@dataclass(frozen=True)
class LifecycleView:
    title: str
    intro: str
    empty: str = ""
    durations: Table | None = None
    curves: Chart | None = None
    yearly: Table | None = None
    combinations: Table | None = None
    combinations_chart: Chart | None = None
    first_service: Table | None = None
    to_child_welfare: str = ""
    reentry: Table | None = None
    sources: str = ""
    censor: str = ""


def _count(ctx: Context, value: float, hidden: bool) -> str:
    return SUPPRESSED if hidden else format_number(value, ctx.lang, 0)


def _days(ctx: Context, value: float | None) -> str:
    return "" if value is None else format_number(value, ctx.lang, 0)


@memo(maxsize=256)
def lifecycle(ctx: Context, level: str, code: str) -> LifecycleView:
    """Everything the lifecycle page shows for an area."""
    name = area_name(ctx, level, code)
    title = ctx.t("lifecycle.title", area=name)
    intro = ctx.t("lifecycle.intro", n=ctx.threshold)
    all_episodes = episodes(ctx)
    if all_episodes.empty:
        return LifecycleView(title, intro, ctx.t("lifecycle.no_data"))
    mine = in_area(ctx, all_episodes, level, code)
    if mine.empty:
        return LifecycleView(title, intro, ctx.t("lifecycle.no_data_area"))
    censor = censor_date(all_episodes)
    threshold = ctx.threshold
    sources = sources_line(ctx, has_demo(ctx))
    t = ctx.t

    # durations: Kaplan-Meier per service, ongoing episodes censored at the extraction date
    counted = _counts(ctx.url, ctx.version, threshold)

    def count(cell: str) -> tuple[float, bool]:
        return counted.get((level, code, cell), (0.0, False))

    spans = durations(mine, censor)
    rows = []
    curves = []
    for service in [s for s in SERVICES if s in set(mine["service"])]:
        idx = mine.index[mine["service"] == service]
        est = kaplan_meier(spans.loc[idx, "days"], spans.loc[idx, "ended"])
        small = est.n < threshold or est.events < threshold
        ended, ended_hidden = count(f"ended:{service}")
        ongoing, ongoing_hidden = count(f"ongoing:{service}")
        rows.append(
            {
                t("lifecycle.col.service"): service_name(ctx, service),
                # all episodes only where both parts show (else the hidden part is their difference)
                t("lifecycle.col.episodes"): _count(ctx, ended + ongoing, ended_hidden or ongoing_hidden),
                t("lifecycle.col.ongoing"): _count(ctx, ongoing, ongoing_hidden),
                t("lifecycle.col.q25"): SUPPRESSED if small else _days(ctx, est.q25),
                t("lifecycle.col.median"): SUPPRESSED if small else _days(ctx, est.median),
                t("lifecycle.col.q75"): SUPPRESSED if small else _days(ctx, est.q75),
            }
        )
        if not small:
            curve = est.curve[est.curve["at_risk"] >= threshold]  # the tail of few episodes is not drawn
            curves.append(
                pd.DataFrame(
                    {
                        "series": service_name(ctx, service),
                        "days": curve["days"].to_numpy(),
                        "share": (100 * curve["survival"]).round(1).to_numpy(),
                    }
                )
            )
    duration_table = Table(pd.DataFrame(rows), None, t("lifecycle.durations_note", n=threshold, date=censor))
    curve_chart = None
    if curves:
        data = pd.concat(curves, ignore_index=True)
        data["label"] = [format_number(v, ctx.lang, 1) + " %" for v in data["share"]]
        spec = (
            alt.Chart(data)
            .mark_line(interpolate="step-after", strokeWidth=3)
            .encode(
                x=alt.X("days:Q", title=t("lifecycle.axis.days")),
                y=alt.Y("share:Q", title=t("lifecycle.axis.share"), scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("series:N", title=t("lifecycle.col.service"), legend=alt.Legend(orient="bottom")),
                strokeDash=alt.StrokeDash("series:N", legend=None),
                tooltip=[
                    alt.Tooltip("series:N", title=t("lifecycle.col.service")),
                    alt.Tooltip("days:Q", title=t("lifecycle.axis.days")),
                    alt.Tooltip("label:N", title=t("lifecycle.axis.share")),
                ],
            )
            .properties(height=320)
        )
        chart_title = t("lifecycle.curves_title", area=name)
        alt_text = t("lifecycle.curves_alt", area=name)
        curve_chart = Chart(
            charts.titled(spec.to_dict(validate=False), chart_title, description=alt_text),
            alt_text,
            duration_table,
            sources,
            title=chart_title,
            date=data_date(ctx),
        )

    # active and new clients per service and year, protected over the whole hierarchy
    yearly = _yearly(ctx.url, ctx.version, threshold)
    own = yearly[(yearly["region_level"] == level) & (yearly["region_code"] == code)]
    table_rows = []
    for key, part in own.groupby(["service", "year"], sort=True):
        service, year = key  # type: ignore[misc,assignment]
        cells = {
            str(m): _count(ctx, float(v), bool(h))
            for m, v, h in zip(part["measure"], part["value"], part["suppressed"], strict=True)
        }
        table_rows.append(
            {
                t("lifecycle.col.service"): service_name(ctx, str(service)),
                t("col.year"): str(year),
                t("lifecycle.col.active"): cells.get("active", "0"),
                t("lifecycle.col.new"): cells.get("new", "0"),
            }
        )
    yearly_table = Table(pd.DataFrame(table_rows), None, ctx.t("common.suppressed_note", n=threshold))

    # services used at the same time
    combos = combinations_count(mine)
    shown_combo = [not count("combo:" + "+".join(key))[1] for key in combos["services"]]
    combos = combos[pd.Series(shown_combo, index=combos.index, dtype=bool) & (combos["families"] >= threshold)].head(10)
    combo_names = [" + ".join(service_name(ctx, s) for s in key) for key in combos["services"]]
    combo_frame = pd.DataFrame(
        {
            t("lifecycle.col.combination"): combo_names,
            t("lifecycle.col.families"): [format_number(v, ctx.lang, 0) for v in combos["families"]],
        }
    )
    combo_table = Table(combo_frame, None, t("lifecycle.combinations_note", n=threshold))
    combo_chart = None
    if len(combos):
        # UpSet-style: a dot matrix of the services in each combination beside the families' bars
        data = pd.DataFrame({"combination": combo_names, "families": combos["families"].to_numpy()})
        data["label"] = [format_number(v, ctx.lang, 0) for v in data["families"]]
        members = [s for s in SERVICES if any(s in key for key in combos["services"])]
        matrix = pd.DataFrame(
            [
                {"combination": n, "service": service_name(ctx, s), "member": s in key}
                for n, key in zip(combo_names, combos["services"], strict=True)
                for s in members
            ]
        )
        y = alt.Y("combination:N", sort=combo_names, axis=None)
        dots = (
            alt.Chart(matrix)
            .mark_circle(size=220, opacity=1)
            .encode(
                x=alt.X(
                    "service:N",
                    sort=[service_name(ctx, s) for s in members],
                    title=None,
                    axis=alt.Axis(
                        orient="top", labelAngle=-60, labelLimit=220, labelOverlap=False, domain=False, ticks=False
                    ),
                ),
                y=y,
                color=alt.condition("datum.member", alt.value("#111111"), alt.value("#d5d5d5")),
                tooltip=[alt.Tooltip("combination:N", title=t("lifecycle.col.combination"))],
            )
            .properties(height=alt.Step(30), width=alt.Step(40))
        )
        bars = (
            alt.Chart(data)
            .mark_bar(color=charts.AREA_COLOUR)
            .encode(
                y=y,
                x=alt.X(
                    "families:Q",
                    title=t("lifecycle.col.families"),
                    axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0)),
                ),
                tooltip=[
                    alt.Tooltip("combination:N", title=t("lifecycle.col.combination")),
                    alt.Tooltip("label:N", title=t("lifecycle.col.families")),
                ],
            )
        )
        text = bars.mark_text(align="left", dx=4, color="#111111").encode(text="label:N")
        upset = alt.hconcat(dots, alt.layer(bars, text).properties(height=alt.Step(30), width=360), spacing=6)
        combo_title = t("lifecycle.combinations_title", area=name)
        combo_alt = t("lifecycle.combinations_alt", area=name, n=len(combos))
        combo_chart = Chart(
            charts.titled(
                upset.to_dict(validate=False),
                combo_title,
                description=combo_alt,
            ),
            combo_alt,
            combo_table,
            sources,
            title=combo_title,
            date=data_date(ctx),
        )

    # pathways
    first = first_service_before_placement(mine)
    first_rows = [
        {
            t("lifecycle.col.first_service"): service_name(ctx, str(s)),
            t("lifecycle.col.families"): _count(ctx, *count(f"first:{s}")),
        }
        for s in first["service"]
    ]
    first_table = Table(pd.DataFrame(first_rows), None, t("lifecycle.first_note", n=threshold))
    waits = days_preventive_to_child_welfare(mine)
    if len(waits) >= threshold:
        to_cw = t(
            "lifecycle.to_cw",
            days=format_number(float(waits.median()), ctx.lang, 0),
            n=format_number(len(waits), ctx.lang, 0),
        )
    else:
        to_cw = t("lifecycle.to_cw_few", n=threshold)
    back = reentry(mine, censor)
    back_rows = []
    for service, share in zip(back["service"], back["share"], strict=True):
        ended, ended_hidden = count(f"reended:{service}")
        _came, came_hidden = count(f"reentered:{service}")
        hide = ended_hidden or came_hidden or ended < threshold
        back_rows.append(
            {
                t("lifecycle.col.service"): service_name(ctx, str(service)),
                t("lifecycle.col.ended"): _count(ctx, ended, ended_hidden),
                t("lifecycle.col.reentry"): SUPPRESSED if hide else format_number(float(share), ctx.lang, 1),
            }
        )
    back_table = Table(pd.DataFrame(back_rows), None, t("lifecycle.reentry_note", n=threshold))
    return LifecycleView(
        title,
        intro,
        durations=duration_table,
        curves=curve_chart,
        yearly=yearly_table,
        combinations=combo_table,
        combinations_chart=combo_chart,
        first_service=first_table,
        to_child_welfare=to_cw,
        reentry=back_table,
        sources=sources,
        censor=str(censor),
    )


def clear_caches() -> None:
    """Forget every computed lifecycle table (tests that change how they are protected)."""
    for fn in (_episodes, _yearly, _counts, lifecycle):
        fn.cache_clear()  # type: ignore[union-attr]
