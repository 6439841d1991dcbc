"""The region profile as slides: what a person shows at a council or board meeting.

One list of slides for an area, a language and a year, taken from the pages' own views (so the
suppression, labels and colours are the screen's): the title, key numbers against the country, the
map, pain points, trends since the baseline year, the corrective/preventive balance, costs per child
and sources. `reports/` turns it into PPTX and PDF; `pages/presentation.py` shows it one slide at a
time. Each slide carries speaker notes with the exact numbers and their sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from views.cache import memo
from views.common import has_demo
from views.context import Context
from views.labels import area_name, data_date
from views.model import Chart, KeyFigure, Table

TREND_INDICATORS = ("cw_placed", "family_work")
MAP_INDICATOR = "cw_placed"


@dataclass(frozen=True)
class Slide:
    """One slide: kind 'title' | 'figures' | 'chart' | 'table' | 'text'."""

    key: str  # stable name for links (?slide=map) and tests
    kind: str
    title: str
    subtitle: str = ""
    figures: tuple[KeyFigure, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    lines: tuple[str, ...] = ()
    notes: str = ""
    footer: str = ""  # the source line (demo named) and data date under a slide without a chart


@dataclass(frozen=True)
class Deck:
    area: tuple[str, str]
    area_name: str
    lang: str
    year: int | None
    title: str
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = ()
    notes_title: str = ""


def profile_file_stem(ctx: Context, level: str, code: str) -> str:
    """The profile's file name without building it (the deck is made only when its download is pressed)."""
    from views.exports import file_stem
    from views.overview import overview

    title = ctx.t("profile.title", area=area_name(ctx, level, code))
    return file_stem(f"{title}-{overview(ctx, level, code).year or ''}")


def figure_line(ctx: Context, figure: KeyFigure) -> str:
    """A key figure as one line of notes: name (code): value; difference to the country; help."""
    parts = [f"{figure.label} [{figure.code}]: {figure.value}"]
    if figure.delta:
        parts.append(f"{figure.delta} ({figure.delta_description or ''})".replace(" ()", ""))
    if figure.help:
        parts.append(figure.help)
    return " – ".join(parts)


def table_lines(table: Table) -> list[str]:
    """A table as lines of notes: 'column: value; column: value'."""
    columns = [str(c) for c in table.frame.columns]
    out = []
    for row in table.frame.itertuples(index=False, name=None):
        out.append("; ".join(f"{c}: {v}" for c, v in zip(columns, row, strict=True) if str(v) != ""))
    return out


def chart_notes(chart: Chart) -> str:
    lines = [chart.title, chart.alt, *table_lines(chart.table), chart.table.note, chart.sources, *chart.notes]
    return "\n".join(x for x in (*lines, chart.date) if x)


def _map_level(area: tuple[str, str]) -> str:
    return "municipality" if area[0] == "municipality" else "county"


@memo(maxsize=128)
def profile(ctx: Context, level: str, code: str, year: int | None = None) -> Deck:
    """The region profile of an area (the latest year by default)."""
    from views.baseline import baseline
    from views.evaluation import evaluation, price_years, setup
    from views.map import map_view
    from views.overview import overview, overview_trend

    area = (level, code)
    name = area_name(ctx, level, code)
    first = overview(ctx, level, code, year)
    chosen = first.year
    date = data_date(ctx)
    demo = has_demo(ctx)
    deck_title = ctx.t("profile.title", area=name)
    slides: list[Slide] = []
    subtitle = " · ".join(x for x in (ctx.t("profile.subtitle", year=chosen or ""), date) if x)
    title_lines = [ctx.t("profile.demo")] if demo else []
    slides.append(
        Slide(
            "title", "title", deck_title, subtitle, lines=tuple(title_lines), notes="\n".join([subtitle, *title_lines])
        )
    )
    if first.empty or chosen is None:
        slides.append(Slide("empty", "text", name, lines=(first.empty or ctx.t("common.no_data_area"),)))
        return Deck(area, name, ctx.lang, chosen, deck_title, tuple(slides), (first.sources,), ctx.t("profile.notes"))

    # key numbers against the country
    figures = tuple(first.key_figures)
    notes = [ctx.t("profile.figures_notes", year=chosen), *(figure_line(ctx, f) for f in figures), first.sources]
    for half, part in enumerate((figures[:6], figures[6:12])):
        if part:
            slides.append(
                Slide(
                    f"figures{half + 1}",
                    "figures",
                    ctx.t("profile.figures", area=name, year=chosen),
                    ctx.t("profile.figures_sub") if level != "country" else "",
                    figures=part,
                    notes="\n".join(notes if half == 0 else [notes[0], *(figure_line(ctx, f) for f in part)]),
                )
            )

    # the map, the chosen area outlined
    mapped = map_view(ctx, MAP_INDICATOR, _map_level(area), chosen, area)
    if mapped.chart is not None:
        beside = tuple(f for f in figures if f.code == MAP_INDICATOR)  # the area's own figure beside its map
        slides.append(
            Slide(
                "map", "chart", mapped.chart.title, figures=beside, chart=mapped.chart, notes=chart_notes(mapped.chart)
            )
        )

    # pain points
    base_view = baseline(ctx, level, code, chosen)
    if level != "country":
        if base_view.pain_points is not None:
            slides.append(
                Slide(
                    "pain",
                    "table",
                    ctx.t("profile.pain", area=name, year=base_view.year or chosen),
                    ctx.t("baseline.gap_note"),
                    table=base_view.pain_points,
                    notes="\n".join([*table_lines(base_view.pain_points), base_view.sources]),
                )
            )
        else:
            slides.append(
                Slide("pain", "text", ctx.t("profile.pain", area=name, year=chosen), lines=(base_view.pain_message,))
            )

    # trends since the baseline year, the balance and costs per child
    prices = price_years(ctx)
    last_eval = None
    for indicator in TREND_INDICATORS:
        if level == "country":
            trend = overview_trend(ctx, level, code, indicator)
            slides.append(Slide(f"trend_{indicator}", "chart", trend.title, chart=trend, notes=chart_notes(trend)))
            continue
        plan = setup(ctx, level, code, indicator)
        if not plan.base_years or plan.default_base is None:
            continue
        events = [y for y in plan.years if y > plan.default_base]
        if not events:
            continue
        view = evaluation(
            ctx,
            level,
            code,
            indicator,
            plan.default_base,
            events[0],
            plan.default_comparison,
            prices[0] if prices else None,
        )
        last_eval = view
        change_lines = [figure_line(ctx, f) for f in view.change]
        slides.append(
            Slide(
                f"trend_{indicator}",
                "chart",
                view.trend.title,
                ctx.t("profile.since", year=plan.default_base),
                figures=view.change,
                chart=view.trend,
                notes="\n".join([chart_notes(view.trend), *change_lines]),
            )
        )
    balance = tuple(last_eval.balance) if last_eval is not None else ((first.balance,) if first.balance else ())
    if balance:
        slides.append(
            Slide(
                "balance",
                "figures",
                ctx.t("profile.balance", area=name),
                ctx.t("overview.balance_help"),
                figures=balance,
                notes="\n".join([*(figure_line(ctx, f) for f in balance), first.sources]),
            )
        )
    costs = last_eval.costs if last_eval is not None else None
    if costs is not None:
        slides.append(
            Slide(
                "costs",
                "chart",
                costs.title,
                last_eval.cost_note if last_eval else "",
                chart=costs,
                notes=chart_notes(costs),
            )
        )

    # sources
    source_lines = [first.sources]
    if mapped.chart is not None:
        source_lines += list(mapped.chart.notes)
    source_lines += [ctx.t("profile.made_with"), date]
    source_lines = [s for s in dict.fromkeys(source_lines) if s]
    footer = " ".join(x for x in (first.sources, date) if x)
    slides = [replace(s, footer=footer) if s.kind in ("figures", "table") else s for s in slides]
    slides.append(
        Slide("sources", "text", ctx.t("profile.sources"), lines=tuple(source_lines), notes="\n".join(source_lines))
    )
    return Deck(area, name, ctx.lang, chosen, deck_title, tuple(slides), tuple(source_lines), ctx.t("profile.notes"))


def slide_index(deck: Deck, wanted: str | None) -> int:
    """The slide a link names (?slide=map, or its number from 1), else the first."""
    if not wanted:
        return 0
    keys = [s.key for s in deck.slides]
    if wanted in keys:
        return keys.index(wanted)
    if wanted.isdigit() and 1 <= int(wanted) <= len(keys):
        return int(wanted) - 1
    return 0


def projected(chart: Chart, zoom: float = 1.4, height: int = 330) -> dict[str, object]:
    """The chart's spec with its text larger and without its own title (the slide's heading says it),
    for a projector (the numbers are the same)."""
    spec = {k: v for k, v in chart.spec.items() if k != "title"}
    config = {k: dict(v) if isinstance(v, dict) else v for k, v in (spec.get("config") or {}).items()}
    for part in config.values():
        if isinstance(part, dict):
            for key, value in list(part.items()):
                if key.endswith("FontSize") or key == "fontSize":
                    part[key] = round(float(value) * zoom)
    spec["config"] = config
    if not isinstance(spec.get("height"), dict):  # a step height (heat map) grows with its rows
        spec["height"] = height  # the slide fits a 1280x720 projector without scrolling
    return spec


def chosen(deck: Deck, keys: tuple[str, ...] | None) -> Deck:
    """The deck with only the slides a presenter chose (in the profile's order); all when none match."""
    if not keys:
        return deck
    slides = tuple(s for s in deck.slides if s.key in keys)
    return replace(deck, slides=slides) if slides else deck
