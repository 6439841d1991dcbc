"""Map: one indicator for every area of a level, and the indicator table `python -m metrics table` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.boundaries import stored_layer
from geo.embedded import embedded_layer
from geo.maps import choropleth, classed, tile_map
from i18n import format_number
from views import charts
from views.access import Identity
from views.cache import memo
from views.common import has_demo, parent_at
from views.context import Context, engine_for
from views.gate import info, infos, values
from views.labels import (
    area_names,
    count_labels,
    data_date,
    indicator_name,
    indicator_unit,
    sorted_by_name,
    sources_line,
    value_labels,
)
from views.model import Chart, Table
from views.quality import area_flag_notes, flagged_labels, year_note_texts

LEVELS = ("county", "municipality", "region")
STYLES = ("boundaries", "tiles")
FIT = {"type": "fit", "contains": "padding"}
HIDDEN_FROM_PICKERS = ("pop_0_17", "pop_total", "price_index_public")
TABLE_COLUMNS = ["region_code", "region_name", "year", "value", "numerator", "denominator", "suppressed"]


def indicator_options(ctx: Context) -> tuple[list[str], dict[str, str]]:
    """Indicators a person can pick (not the population or price index), in alphabetical order."""
    from views.labels import sort_key

    names = {code: indicator_name(ctx, code) for code in infos(ctx) if code not in HIDDEN_FROM_PICKERS}
    return sorted(names, key=lambda c: sort_key(names[c])), names


@memo(maxsize=1024)
def indicator_table(
    ctx: Context, indicator: str, level: str, year: int | None = None, codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The values of one indicator for the areas of a level, exactly as every page shows them.

    Columns: region_code, region_name, year, value (the shown measure), numerator, denominator,
    suppressed. Suppression is the gate's, decided over every level and area, so filtering to some
    areas (`codes`) never uncovers what the full table hides.
    """
    rows = values(ctx, [indicator], level=level, year=year)
    if codes is not None:
        rows = rows[rows["region_code"].isin(list(codes))]
    names = area_names(ctx, level)
    out = pd.DataFrame(
        {
            "region_code": rows["region_code"].astype(str),
            "region_name": rows["region_code"].map(names),
            "year": rows["year"].astype(int),
            "value": rows["shown"].astype(float),
            "numerator": rows["numerator"].astype(float),
            "denominator": rows["denominator"].astype(float),
            "suppressed": rows["suppressed"].astype(bool),
        }
    )
    return out.sort_values(["region_code", "year"]).reset_index(drop=True)[TABLE_COLUMNS]


@dataclass(frozen=True)
class MapView:
    years: tuple[int, ...]
    year: int | None
    chart: Chart | None
    table: Table
    kind: str  # 'tiles' | 'boundaries' | 'none'
    boundary_source: str = ""
    heading: str = ""


@memo(maxsize=16)
def _layer(url: str, version: int, level: str) -> dict[str, Any] | None:
    """A layer loaded with `python -m geo load|fetch` (or by an admin) wins; else the embedded one."""
    return stored_layer(engine_for(url), level) or embedded_layer(level)


def boundary_credit(ctx: Context, source: str) -> str:
    """The line under every real map and in every export of one: the NLS attribution (CC BY 4.0)."""
    if source == "embedded":
        return ctx.t("map.nls_attribution")
    return ctx.t("map.boundary_source", source=source)


@memo(maxsize=1024)
def map_view(
    ctx: Context, indicator: str, level: str, year: int | None, area: tuple[str, str], style: str = "boundaries"
) -> MapView:
    """The map and its table, the chosen area outlined: real boundaries (a loaded layer, else the embedded
    NLS one), or with style='tiles' the county-level areas as equal tiles."""
    all_rows = values(ctx, [indicator], level=level)
    years = tuple(sorted({int(y) for y in all_rows["year"]}, reverse=True))
    empty = Table(pd.DataFrame(), None)
    if not years:
        return MapView((), None, None, empty, "none", heading=indicator_name(ctx, indicator))
    chosen = year if year in years else years[0]
    rows = all_rows[all_rows["year"] == chosen]
    item = info(ctx, indicator)
    names = area_names(ctx, level)
    unit = indicator_unit(ctx, indicator)
    if len(rows) and (rows["measure"] == "count").all():  # counts uploaded without their population
        unit = ctx.t("unit.count")
    labels = value_labels(ctx, rows)
    data = pd.DataFrame(
        {
            "region_code": rows["region_code"].astype(str).to_numpy(),
            "name": rows["region_code"].map(names).to_numpy(),
            "value": rows["shown"].astype(float).to_numpy(),
            "suppressed": rows["suppressed"].astype(bool).to_numpy(),
            "label": flagged_labels(ctx, labels, list(rows["flag"]), list(rows["suppressed"])),
            "num_label": count_labels(ctx, rows["numerator"], rows["suppressed"]),
            "den_label": count_labels(ctx, rows["denominator"], rows["suppressed"]),
        }
    )
    data, classes = classed(data, lambda v: format_number(v, ctx.lang, item.decimals))
    highlight = parent_at(ctx, area, level)
    titles = {
        "area": ctx.t("col.area"),
        "value": unit,
        "numerator": ctx.t("col.numerator"),
        "denominator": ctx.t("col.denominator"),
    }
    level_name = ctx.t(f"level.{level}")
    alt_text = ctx.t("map.alt", indicator=indicator_name(ctx, indicator), level=level_name, year=chosen)
    # the table keeps plain numbers (the downloads read them as numbers); its note names the flagged areas
    plain = dict(zip(rows["region_code"].astype(str), labels, strict=True))
    frame = sorted_by_name(
        data[["region_code", "name", "label", "num_label", "den_label"]].assign(
            label=lambda d: d["region_code"].map(plain)
        )[["name", "label", "num_label", "den_label"]],
        "name",
    )
    where = frame.index[frame["name"] == names.get(highlight or "", None)]
    frame = frame.rename(
        columns={
            "name": titles["area"],
            "label": unit,
            "num_label": titles["numerator"],
            "den_label": titles["denominator"],
        }
    )
    flagged = area_flag_notes(ctx, data["name"], rows["flag"], data["suppressed"])
    note = " ".join(
        [ctx.t("common.suppressed_note", n=ctx.threshold), *flagged, *year_note_texts(ctx, indicator, chosen)]
    )
    table = Table(frame, int(where[0]) if len(where) else None, note)
    sources = sources_line(ctx, has_demo(ctx), [indicator])
    heading = ctx.t("map.heading", indicator=indicator_name(ctx, indicator), unit=unit, year=chosen)
    title = ctx.t("map.chart_title", indicator=indicator_name(ctx, indicator), level=level_name, year=chosen)
    date = data_date(ctx)
    layer = _layer(ctx.url, ctx.version, level) if style != "tiles" or level != "county" else None
    if layer is not None:
        spec = choropleth(layer, data, classes, legend_title=unit, titles=titles, highlight=highlight)
        credit = boundary_credit(ctx, str(layer.get("source", "")))
        # a map keeps its whole (title, legend) within its height, as it was drawn to
        spec_dict = charts.titled({**spec.to_dict(validate=False), "autosize": FIT}, title, description=alt_text)
        chart = Chart(spec_dict, alt_text, table, sources, (credit,), title=title, date=date)
        return MapView(years, chosen, chart, table, "boundaries", credit, heading)
    if level == "county":
        spec = tile_map(data, classes, legend_title=unit, titles=titles, highlight=highlight, lang=ctx.lang)
        spec_dict = charts.titled({**spec.to_dict(validate=False), "autosize": FIT}, title, description=alt_text)
        chart = Chart(spec_dict, alt_text, table, sources, title=title, date=date)
        return MapView(years, chosen, chart, table, "tiles", heading=heading)
    return MapView(years, chosen, None, table, "none", heading=heading)


def load_boundary_file(
    ctx: Context, identity: Identity | None, data: bytes, filename: str, layer: str | None
) -> tuple[bool, str]:
    """Store an official boundary file for everyone (the data version changes: every app redraws).
    An admin's job: anyone else is refused here, however the call was reached."""
    import tempfile
    from pathlib import Path

    from geo.boundaries import BoundaryError, load_boundaries
    from store import audit
    from views.access import Forbidden, require
    from views.gate import all_regions

    try:
        who = require(ctx, identity, "boundaries")
    except Forbidden as exc:
        return False, ctx.t(exc.key, **exc.params)

    suffix = Path(filename).suffix or ".json"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as tmp:
        tmp.write(data)
    try:
        result = load_boundaries(ctx.engine, tmp.name, all_regions(ctx), layer)
    except BoundaryError as exc:
        return False, ctx.t(exc.key, **exc.params)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    audit.record_now(
        ctx.engine, who.username, "boundary-load", filename[:200], level=result.level, features=result.features
    )
    return True, ctx.t("geo.loaded", level=ctx.t(f"level.{result.level}"), n=result.features)
