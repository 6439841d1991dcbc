"""Overview: the chosen area's key numbers against the whole country, its peers and a trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import SUPPRESSED, format_number
from metrics.balance import (
    BALANCE_INPUTS,
    CORRECTIVE,
    CORRECTIVE_COSTS,
    PREVENTIVE,
    PREVENTIVE_COSTS,
    balance,
)
from metrics.pain_points import peers
from views import charts
from views.cache import memo
from views.common import COUNTRY
from views.context import Context
from views.gate import info, values, values_in, years_of
from views.labels import (
    area_name,
    area_names,
    data_date,
    indicator_name,
    indicator_unit,
    label_of,
    name_with_unit,
    sort_key,
    sources_line,
    value_labels,
)
from views.model import Chart, KeyFigure, Table
from views.quality import AT_SOURCE, SHOWN_FLAGS, break_marks, chart_notes, flag_word, flagged_labels

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
# the key figures and the LAPE balance gated together, in one pass over the same years
OVERVIEW_CODES = tuple(sorted(set(KEY_INDICATORS) | set(BALANCE_INPUTS)))
SPARK_YEARS = 10  # a key figure's sparkline covers at most the last ten years


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
    reference: str | None = None  # how to get the national reference when the country has no values


def signed(ctx: Context, value: float, decimals: int) -> str:
    """+1,2 or −1,2 (a real minus), 0 without a sign."""
    text = format_number(abs(value), ctx.lang, decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


DELTA_WORDS = {"green": "overview.delta_better", "red": "overview.delta_worse", "gray": "overview.delta_vs_country"}


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


def _key_figure(
    ctx: Context, code: str, own: dict[int, dict], country: dict[int, dict], year: int, level: str
) -> KeyFigure:
    """One key figure from the area's and the country's gated rows of an indicator by year."""
    item = info(ctx, code)
    row = own[year]

    def label(rec: dict) -> str:
        return label_of(ctx, rec["suppressed"], rec["measure"], rec["value"], rec["shown"], item.decimals)

    text = label(row)
    helps = []
    delta = None
    colour, arrow = "gray", "off"
    nat = country.get(year)
    if level != "country" and nat is not None:
        helps.append(ctx.t("overview.vs_country", value=label(nat)))
        here, there = row["shown"], nat["shown"]
        if here == here and there == there:  # both shown (NaN != NaN)
            delta, colour, arrow = delta_of(ctx, float(here) - float(there), item.decimals, item.direction)
    if item.direction:
        helps.append(ctx.t("overview.better_higher") if item.direction > 0 else ctx.t("overview.better_lower"))
    if row["suppressed"]:
        helps.append(ctx.t("overview.hidden_help", n=ctx.threshold))
    if row["measure"] == "count":
        helps.append(ctx.t("overview.no_denominator"))
    spark = sparkline([(y, float(r["shown"])) for y, r in own.items()], year)
    if spark:
        helps.append(ctx.t("overview.sparkline_years", start=year - len(spark) + 1, end=year))
    name = name_with_unit(ctx, code) if row["measure"] != "count" else indicator_name(ctx, code)
    flagged = "" if row["suppressed"] else flag_word(ctx, row.get("flag"))
    if flagged:  # a preliminary or estimated figure says so where it is read
        name = f"{name} – {flagged}"
        helps.append(ctx.t(f"quality.help.{row.get('flag')}"))
    return KeyFigure(
        code=code,
        label=name,
        value=text,
        help=" ".join(h if h.endswith(".") else h + "." for h in helps),
        delta=delta,
        delta_color=colour,
        delta_arrow=arrow,
        # the meaning in words too, never by the colour alone: "better than the whole country"
        delta_description=ctx.t(DELTA_WORDS[colour]) if delta else None,
        sparkline=spark,
        suppressed=text == SUPPRESSED,
        spark_text=spark_text(ctx, indicator_name(ctx, code), spark, year, item.decimals),
    )


def spark_text(ctx: Context, label: str, spark: tuple[float, ...] | None, year: int, decimals: int) -> str:
    """The sparkline in words (its alt text): name, years, first and last value."""
    if not spark:
        return ""
    return ctx.t(
        "overview.spark_alt",
        name=label,
        start=year - len(spark) + 1,
        end=year,
        first=format_number(spark[0], ctx.lang, decimals),
        last=format_number(spark[-1], ctx.lang, decimals),
    )


def level_years(ctx: Context, codes: tuple[str, ...], level: str) -> tuple[int, ...]:
    """The years any of the indicators has at a level, oldest first."""
    return tuple(sorted({y for c in codes for y in years_of(ctx.url, ctx.version, c, level)}))


def balance_frame(
    ctx: Context, area: tuple[str, str], first: int, last: int, gated_with: tuple[str, ...] = OVERVIEW_CODES
) -> pd.DataFrame:
    """The LAPE balance of one area by year (first..last), from gated counts: a hidden input hides
    the share ('..'), a missing one leaves it out. `gated_with`: the indicators the page gates
    together anyway (the inputs are cut from that one pass)."""
    years = tuple(y for y in level_years(ctx, BALANCE_INPUTS, area[0]) if first <= y <= last)
    frame = _balance_level(ctx, area[0], years, gated_with)
    return frame[frame["region_code"] == area[1]].reset_index(drop=True)


@memo(maxsize=256)
def _balance_level(ctx: Context, level: str, years: tuple[int, ...], gated_with: tuple[str, ...]) -> pd.DataFrame:
    """The balance of every area of a level at once (one metrics call, then a row look-up per area)."""
    rows = values_in(ctx, gated_with, years, level=level)
    rows = rows[rows["indicator_code"].isin(BALANCE_INPUTS)]
    columns = ["region_code", "year", "preventive_share", "preventive_cost_share", "share_hidden", "cost_hidden"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = balance(rows)

    def hidden_in(codes: tuple[str, ...]) -> pd.Series:
        part = rows[rows["indicator_code"].isin(codes)]
        flags = part.groupby(["region_code", "year"])["suppressed"].any()
        keys = pd.MultiIndex.from_arrays([out["region_code"], out["year"]])
        return pd.Series(flags.reindex(keys).fillna(False).to_numpy(dtype=bool), index=out.index)

    return out.assign(
        preventive_share=out["preventive_share"].round(1),
        preventive_cost_share=out["preventive_cost_share"].round(1),
        share_hidden=hidden_in(CORRECTIVE + PREVENTIVE),
        cost_hidden=hidden_in(CORRECTIVE_COSTS + PREVENTIVE_COSTS),
    )[columns]


def _balance_figure(ctx: Context, area: tuple[str, str], year: int) -> KeyFigure | None:
    bal = balance_frame(ctx, area, year - SPARK_YEARS + 1, year)
    now = bal[bal["year"] == year]
    if now.empty:
        return None
    share = now["preventive_share"].iloc[0]
    hidden = bool(now["share_hidden"].iloc[0])
    if share != share and not hidden:
        return None  # an input is missing: nothing to show, and nothing hidden
    points = list(zip(bal["year"].astype(int), bal["preventive_share"].astype(float), strict=True))
    return KeyFigure(
        code="preventive_share",
        label=ctx.t("overview.balance") + " (%)",
        value=SUPPRESSED if hidden else format_number(share, ctx.lang, 1),
        help=ctx.t("overview.balance_help") + (" " + ctx.t("overview.hidden_help", n=ctx.threshold) if hidden else ""),
        sparkline=sparkline(points, year),
        suppressed=bool(hidden),
        spark_text=spark_text(ctx, ctx.t("overview.balance"), sparkline(points, year), year, 1),
    )


def grid(ctx: Context, rows: pd.DataFrame, level: str, columns: list[str], chosen: str | None) -> Table:
    """Areas down (alphabetical, the chosen one highlighted), indicators across, labels in the cells."""
    names = area_names(ctx, level)
    cells: dict[str, dict[str, str]] = {}
    for code, ind, label in zip(rows["region_code"], rows["indicator_code"], value_labels(ctx, rows), strict=True):
        cells.setdefault(names.get(code, code), {})[ind] = label
    area_col = ctx.t("col.area")
    order = sorted(cells, key=sort_key)
    frame = pd.DataFrame(
        {area_col: order, **{name_with_unit(ctx, c): [cells[a].get(c, "") for a in order] for c in columns}}
    )
    chosen_name = names.get(chosen or "")
    highlight = order.index(chosen_name) if chosen_name in order else None
    return Table(frame, highlight, ctx.t("common.suppressed_note", n=ctx.threshold))


def _peer_table(ctx: Context, level: str, code: str, year: int) -> Table:
    population = values(ctx, ["pop_0_17"], level=level, year=year)
    near = peers(population[["region_code", "value"]], code, 5)
    rows = values(ctx, PEER_INDICATORS, areas=[(level, a) for a in (code, *near)], year=year)
    present = [c for c in PEER_INDICATORS if (rows["indicator_code"] == c).any()]
    return grid(ctx, rows, level, present, code)


@memo(maxsize=2048)
def overview(ctx: Context, level: str, code: str, year: int | None = None) -> Overview:
    """Everything the overview shows for an area (and a year; default the latest)."""
    from views.common import has_demo

    name = area_name(ctx, level, code)
    title = ctx.t("overview.title", area=name)
    intro = ctx.t("overview.intro")
    areas = [(level, code)] if level == "country" else [(level, code), COUNTRY]
    years = tuple(reversed(level_years(ctx, KEY_INDICATORS, level)))
    chosen = year if year in years else (years[0] if years else 0)
    window = tuple(y for y in years if chosen - SPARK_YEARS < y <= chosen)
    rows = values_in(ctx, OVERVIEW_CODES, window, areas=areas)
    rows = rows[rows["indicator_code"].isin(KEY_INDICATORS)]
    own = rows[(rows["region_level"] == level) & (rows["region_code"] == code)]
    trend_names = {c: indicator_name(ctx, c) for c in KEY_INDICATORS}
    sources = sources_line(ctx, has_demo(ctx), KEY_INDICATORS)
    if own.empty:
        return Overview(
            title, intro, (), None, (), None, None, KEY_INDICATORS, trend_names, sources, ctx.t("common.no_data_area")
        )
    by_key: dict[tuple[str, str], dict[int, dict]] = {}
    for rec in rows.to_dict("records"):
        by_key.setdefault((rec["indicator_code"], rec["region_level"]), {})[int(rec["year"])] = rec
    figures = []
    for ind in KEY_INDICATORS:
        mine = by_key.get((ind, level), {})
        if chosen not in mine:
            continue
        figures.append(
            _key_figure(ctx, ind, dict(sorted(mine.items())), by_key.get((ind, "country"), {}), chosen, level)
        )
    peer = _peer_table(ctx, level, code, chosen) if level != "country" else None
    has_country = any(chosen in by_key.get((ind, "country"), {}) for ind in KEY_INDICATORS)
    reference = ctx.t("common.get_reference") if level != "country" and not has_country else None
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
        None,
        reference,
    )


def trend_series(ctx: Context, rows: pd.DataFrame, roles: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Gated rows as chart rows: year, series (shown name), role, shown, label, tip (the label with its flag
    said, for the tooltip: '12,3 (ennakkotieto)'), flag (of a shown value: preliminary, estimate or None)."""
    names = {key: area_name(ctx, *key) for key in roles}
    keys = list(zip(rows["region_level"], rows["region_code"], strict=True))
    hidden = rows["suppressed"].astype(bool).tolist()
    flags = [
        f if (f in SHOWN_FLAGS and not h) or f == AT_SOURCE else None for f, h in zip(rows["flag"], hidden, strict=True)
    ]
    labels = value_labels(ctx, rows)
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int).to_numpy(),
            "series": [names[k] for k in keys],
            "role": [roles[k] for k in keys],
            "shown": rows["shown"].astype(float).to_numpy(),
            "label": labels,
            # a gap has no point to hover: its tooltip text stays the plain label ('..' or '')
            "tip": [
                tip if shown == shown else label
                for tip, label, shown in zip(
                    flagged_labels(ctx, labels, flags, hidden), labels, rows["shown"], strict=True
                )
            ],
            "flag": pd.Series(flags, dtype=object).to_numpy(),
        }
    )


def year_table(ctx: Context, series: pd.DataFrame, order: list[str]) -> Table:
    """Years down, series across, labels in the cells ('' where a series has no row); the note says which
    values are preliminary or estimates (the cells stay numbers for the downloads)."""
    table = series.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    table = table.reindex(columns=[o for o in order if o in table.columns]).fillna("")
    frame = table.reset_index().rename(columns={"year": ctx.t("col.year")})
    frame[ctx.t("col.year")] = frame[ctx.t("col.year")].astype(str)
    flagged = chart_notes(ctx, [], series) if "flag" in series else ()
    return Table(frame, None, " ".join([ctx.t("common.suppressed_note", n=ctx.threshold), *flagged]))


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
    from views.targets import target_rows

    target = target_rows(ctx, indicator, level, code)  # the area's shared target as a dashed line
    legend = [(area_name(ctx, *key), role) for key, role in roles.items()]
    if len(target):
        series = pd.concat([series, target], ignore_index=True)
        legend.append((ctx.t("targets.line"), "target"))
        order.append(ctx.t("targets.line"))
    spec = charts.trend_chart(
        series,
        legend,
        lang=ctx.lang,
        decimals=item.decimals,
        y_title=indicator_unit(ctx, indicator),
        series_title=ctx.t("col.area"),
        year_title=ctx.t("col.year"),
        marks=break_marks(ctx, [indicator], years),
    )
    alt_text = ctx.t(
        "overview.chart_alt",
        indicator=indicator_name(ctx, indicator),
        area=order[0],
        start=years[0] if years else "",
        end=years[-1] if years else "",
    )
    title = ctx.t(
        "overview.chart_title",
        indicator=indicator_name(ctx, indicator),
        area=order[0],
        start=years[0] if years else "",
        end=years[-1] if years else "",
    )
    return Chart(
        charts.titled(spec, title, description=alt_text),
        alt_text,
        year_table(ctx, series, order),
        sources_line(ctx, has_demo(ctx), [indicator]),
        notes=chart_notes(ctx, [indicator], series),
        title=title,
        date=data_date(ctx),
    )
