"""Altair map builders: a tile map of the 23 county-level areas and a choropleth of real boundaries.

Colours are classed (quantiles); suppressed areas are grey and say '..'; tooltips give the
name, the value, the numerator and the denominator, all formatted for the language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from geo.tiles import tile_frame
from metrics.classes import assign_classes, quantile_breaks

PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
SUPPRESSED_COLOUR = "#bdbdbd"
NO_DATA_COLOUR = "#f0f0f0"


def classed(table: pd.DataFrame, fmt: Callable[[Any], str], k: int = 5) -> tuple[pd.DataFrame, list[str]]:
    """Add `klass` (a range label like '12,3–15,0', '..' or '') to a table with `value`."""
    out = table.copy()
    breaks = quantile_breaks(out["value"], k)
    classes = assign_classes(out["value"], breaks)
    labels = [f"{fmt(breaks[i])}–{fmt(breaks[i + 1])}" for i in range(len(breaks) - 1)]
    out["klass"] = [
        ".." if s else (labels[int(c) - 1] if c == c and labels else "")
        for s, c in zip(out["suppressed"], classes, strict=True)
    ]
    return out, labels


def _colour(labels: list[str], legend_title: str, field: str = "klass") -> alt.Color:
    domain = [*labels, ".."]
    range_ = [*PALETTE[-len(labels) :], SUPPRESSED_COLOUR] if labels else [SUPPRESSED_COLOUR]
    return alt.Color(
        f"{field}:N",
        title=legend_title,
        scale=alt.Scale(domain=domain, range=range_),
        legend=alt.Legend(
            orient="bottom", direction="horizontal", columns=3, labelLimit=0, symbolType="square", symbolSize=200
        ),
    )


def _tooltip(prefix: str, titles: dict[str, str]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{prefix}name:N", title=titles["area"]),
        alt.Tooltip(f"{prefix}label:N", title=titles["value"]),
        alt.Tooltip(f"{prefix}num_label:N", title=titles["numerator"]),
        alt.Tooltip(f"{prefix}den_label:N", title=titles["denominator"]),
    ]


HIGHLIGHT_STROKE = "#111111"


def tile_map(
    table: pd.DataFrame,
    labels: list[str],
    *,
    legend_title: str,
    titles: dict[str, str],
    highlight: str | None = None,
    lang: str = "fi",
) -> Any:
    """County-level areas as tiles (abbreviations in the language); table: region_code, name, klass,
    label, num_label, den_label. The tile of `highlight` (a county code) is outlined."""
    tiles = tile_frame(lang).merge(table, left_on="code", right_on="region_code", how="left")
    for column in ("klass", "label", "num_label", "den_label"):  # a tile without data: blank, not "null"
        tiles[column] = tiles[column].fillna("")
    tiles["name"] = tiles["name"].fillna(tiles["abbr"])
    base = alt.Chart(tiles).encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=4).encode(
        color=alt.condition("datum.klass === ''", alt.value(NO_DATA_COLOUR), _colour(labels, legend_title)),
        tooltip=_tooltip("", titles),
    )
    dark = alt.condition(f"indexof({labels[-2:]!r}, datum.klass) >= 0", alt.value("white"), alt.value("#222"))
    abbr = base.mark_text(fontSize=12, fontWeight="bold", baseline="bottom", dy=-2).encode(text="abbr:N", color=dark)
    value = base.mark_text(fontSize=11, baseline="top", dy=2).encode(text="label:N", color=dark)
    layers: list[Any] = [rect, abbr, value]
    if highlight is not None and (tiles["code"] == highlight).any():
        chosen = alt.Chart(tiles[tiles["code"] == highlight]).encode(
            x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None)
        )
        layers.append(chosen.mark_rect(fill=None, stroke=HIGHLIGHT_STROKE, strokeWidth=4, cornerRadius=4, aria=False))
    return alt.layer(*layers).properties(width=alt.Step(78), height=alt.Step(58))


def choropleth(
    collection: dict[str, Any],
    table: pd.DataFrame,
    labels: list[str],
    *,
    legend_title: str,
    titles: dict[str, str],
    highlight: str | None = None,
) -> Any:
    """Real boundaries from a stored FeatureCollection, joined to the table by code; the area
    `highlight` (a code of the layer's level) is outlined."""
    by_code = table.set_index("region_code")
    features = []
    for feature in collection["features"]:
        code = feature["properties"]["code"]
        props: dict[str, Any] = {"code": code, "klass": "", "name": code, "label": "", "num_label": "", "den_label": ""}
        if code in by_code.index:
            row = by_code.loc[code]
            for key in ("klass", "name", "label", "num_label", "den_label"):
                props[key] = str(row[key])
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    chart = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.condition(
                "datum.properties.klass === ''",
                alt.value(NO_DATA_COLOUR),
                _colour(labels, legend_title, "properties.klass"),
            ),
            tooltip=_tooltip("properties.", titles),
        )
        .project(type="mercator")
        .properties(height=560)
    )
    chosen = [f for f in features if f["properties"]["code"] == highlight]
    if not chosen:
        return chart
    outline = (
        alt.Chart(alt.Data(values=chosen))
        .mark_geoshape(
            fill=None, stroke=HIGHLIGHT_STROKE, strokeWidth=2.5, aria=False
        )  # decorative: the alt text says it
        .project(type="mercator")
    )
    return alt.layer(chart, outline)
