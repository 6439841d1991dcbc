"""Vega-Lite chart specs built with Altair (no Streamlit here): trends, heat maps.

Colours belong to roles, never to names or their alphabetical order: the chosen area is always
the same strong blue, comparison areas a muted ochre, the country grey (and dashed, so the lines
differ without colour too), in every language. Hidden values are gaps in lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

AREA_COLOUR = "#1f5fa8"
COMPARISON_COLOUR = "#b8863b"
COUNTRY_COLOUR = "#7a7a7a"
ROLE_COLOURS = {
    "area": AREA_COLOUR,
    "comparison": COMPARISON_COLOUR,
    "country": COUNTRY_COLOUR,
    "corrective": "#c4572f",
    "preventive": "#2a7f62",
    # the service areas of family-service costs (placements, open care, preventive)
    "cost_cw_placements": "#b3261e",
    "cost_cw_open_care": "#c46a1c",
    "cost_preventive": "#1f5fa8",
    "target": "#0f7b4d",  # a shared target: the straight path from its baseline
    # the steps of a ladder (school-absence limits), lowest first
    "step1": "#1f5fa8",
    "step2": "#c46a1c",
    "step3": "#b3261e",
    "step4": "#5b3f8c",
    "step5": "#2a7f62",
}
ROLE_DASH = {
    "area": [1, 0],
    "comparison": [6, 3],
    "country": [2, 2],
    "corrective": [1, 0],
    "preventive": [6, 3],
    "cost_cw_placements": [1, 0],
    "cost_cw_open_care": [6, 3],
    "cost_preventive": [2, 2],
    "target": [8, 4],
    "step1": [1, 0],
    "step2": [6, 3],
    "step3": [2, 2],
    "step4": [8, 2, 2, 2],
    "step5": [1, 0],
}
AXIS_FONT = 14
TITLE_FONT = 18
# Readable from the back of a meeting room: dark text, 14 px labels, an 18 px title (WCAG contrast > 7:1).
READABLE_CONFIG: dict[str, Any] = {
    "axis": {
        "labelFontSize": AXIS_FONT,
        "titleFontSize": AXIS_FONT,
        "labelColor": "#222222",
        "titleColor": "#222222",
        "titleFontWeight": "normal",
        "gridColor": "#e3e3e3",
        "domainColor": "#666666",
        "tickColor": "#666666",
    },
    "legend": {
        "labelFontSize": AXIS_FONT,
        "titleFontSize": AXIS_FONT,
        "labelColor": "#222222",
        "titleColor": "#222222",
        "labelLimit": 0,
        "titleLimit": 0,
    },
    "title": {
        "fontSize": TITLE_FONT,
        "subtitleFontSize": AXIS_FONT,
        "anchor": "start",
        "color": "#111111",
        "subtitleColor": "#333333",
        "limit": 0,
        "offset": 12,
    },
    "text": {"fontSize": AXIS_FONT},
}


def number_expr(lang: str, decimals: int, field: str = "datum.value") -> str:
    """A Vega expression formatting a number as 1 234,5 (fi, sv) or 1,234.5 (en), with a real minus."""
    base = f"format({field}, ',.{decimals}f')"
    if lang == "en":
        return f"replace({base}, /[-\u2212]/g, '\u2212')"
    # d3 gives 1,234.5: swap the separators; thousands become a no-break space.
    swapped = f"replace(replace(replace({base}, /,/g, '#'), /[.]/g, ','), /#/g, '\u00a0')"
    return f"replace({swapped}, /[-\u2212]/g, '\u2212')"


TITLE_CHARS = 44  # a title longer than this goes on two lines or more: a phone shows it whole


def wrap_lines(text: str, limit: int) -> list[str]:
    """Text broken into lines of at most `limit` characters at spaces."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def wrapped(text: str, limit: int) -> str | list[str]:
    """`wrap_lines`, one line staying a string (what Vega takes as a title)."""
    lines = wrap_lines(text, limit)
    return lines[0] if len(lines) == 1 else lines


def titled(spec: dict[str, Any], title: str, subtitle: str = "", description: str = "") -> dict[str, Any]:
    """A spec that speaks on its own: its title (indicator, area, year) and subtitle inside the chart,
    the readable fonts, and the alt text as the Vega description (the SVG's aria-label)."""
    out = dict(spec)
    head: dict[str, Any] = {"text": wrapped(title, TITLE_CHARS)}
    if subtitle:
        head["subtitle"] = subtitle
    out["title"] = head
    if description:
        out["description"] = description
    config = dict(out.get("config") or {})
    for key, value in READABLE_CONFIG.items():
        config[key] = {**value, **config.get(key, {})}
    out["config"] = config
    # the page's width, the spec's own height for the plot: Streamlit's theme fits the whole chart
    # (title lines, legend, axes) into that height, which squeezed a three-line title's plot flat
    # (a facet or concatenation cannot fit: it keeps its own sizes, or the browser draws nothing)
    composed = any(key in out for key in ("facet", "hconcat", "vconcat", "concat", "repeat"))
    out.setdefault("autosize", {"type": "pad"} if composed else {"type": "fit-x", "contains": "padding"})
    return out


def _spec(chart: Any) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def trend_chart(
    df: pd.DataFrame,
    series: Sequence[tuple[str, str]],
    *,
    lang: str,
    decimals: int,
    y_title: str,
    series_title: str,
    year_title: str,
    event: tuple[int, str] | None = None,
    marks: Sequence[tuple[int, str]] = (),
    x_order: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Lines of `shown` by year for each series; hidden years are gaps.

    df columns: year, series (the shown name), shown (rounded), label (formatted for tooltips), and
    optionally flag: a preliminary value is a hollow circle, an estimate a hollow diamond, a final one
    filled (the shape says it without colour). series: (name, role) in legend order; the role fixes the
    colour and dash. marks: (year, label) of series breaks and changes of definition, drawn as grey rules.
    x_order: where `year` holds other periods as text (terms: 'syksy 2024'), their order on the axis.
    """
    names = [name for name, _ in series]
    colours = [ROLE_COLOURS.get(role, COMPARISON_COLOUR) for _, role in series]
    dashes = [ROLE_DASH.get(role, [1, 0]) for _, role in series]
    data = df[df["series"].isin(names)]
    flags = data["flag"] if "flag" in data else pd.Series(None, index=data.index, dtype=object)
    tips = data["tip"].where(data["tip"].notna(), data["label"]) if "tip" in data else data["label"]
    data = data[["year", "series", "shown", "label"]].assign(
        label=tips.to_numpy(), quality=[f if f in ("preliminary", "estimate") else "final" for f in flags]
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "year:O",
            title=year_title,
            sort=list(x_order) if x_order is not None else "ascending",
            axis=alt.Axis(labelAngle=0, labelFontSize=AXIS_FONT),
        ),
        y=alt.Y(
            "shown:Q",
            title=y_title,
            axis=alt.Axis(labelExpr=number_expr(lang, decimals), labelFontSize=AXIS_FONT, titleFontSize=AXIS_FONT),
        ),
        color=alt.Color(
            "series:N",
            title=series_title,
            scale=alt.Scale(domain=names, range=colours),
            legend=alt.Legend(orient="bottom", labelLimit=0, labelFontSize=AXIS_FONT, direction="vertical"),
        ),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=names, range=dashes), legend=None),
        tooltip=[
            alt.Tooltip("series:N", title=series_title),
            alt.Tooltip("year:O", title=year_title),
            alt.Tooltip("label:N", title=y_title),
        ],
    )
    lines = base.mark_line(strokeWidth=3, invalid="break-paths-show-domains")
    final = alt.datum.quality == "final"
    points = base.mark_point(size=60, filled=True, invalid="filter").transform_filter(final)
    layers: list[Any] = [lines, points]
    for quality, shape in (("preliminary", "circle"), ("estimate", "diamond")):
        if (data["quality"] == quality).any():
            hollow = base.mark_point(
                size=110, filled=False, fill="white", strokeWidth=2.5, shape=shape, invalid="filter"
            )
            layers.append(hollow.transform_filter(alt.datum.quality == quality))
    for year, text in marks:  # a series break or a change of definition
        marker = pd.DataFrame({"year": [year], "text": [text]})
        rule = alt.Chart(marker).mark_rule(strokeDash=[2, 3], strokeWidth=2, color="#555555", aria=False)
        layers += [
            rule.encode(x="year:O"),
            rule.mark_text(align="right", dx=-4, y=8, color="#444444", fontSize=AXIS_FONT, aria=False).encode(
                x="year:O", text="text:N"
            ),
        ]
    if event is not None:
        year, text = event
        marker = pd.DataFrame({"year": [year], "text": [text]})
        rule = alt.Chart(marker).mark_rule(strokeDash=[6, 4], color="#8a4b00", aria=False).encode(x="year:O")
        layers += [
            rule,
            rule.mark_text(align="left", dx=4, y=8, color="#8a4b00", fontSize=AXIS_FONT, aria=False).encode(
                text="text:N"
            ),
        ]
    return _spec(alt.layer(*layers).properties(height=320))


def heat_map(rows: pd.DataFrame, *, gap_title: str, titles: dict[str, str]) -> dict[str, Any]:
    """Areas x indicators coloured by standardised gap (red worse, blue better), hidden cells grey.

    rows: area, indicator, gap, gap_label, value_label. The chosen area is a parameter `chosen`
    (its row outlined, its name bold): `with_chosen` sets it on a built spec without rebuilding.
    """
    order = list(dict.fromkeys(rows["area"]))
    chosen = alt.param(name="chosen", value=None)
    base = alt.Chart(rows).encode(
        x=alt.X(
            "indicator:N",
            title=None,
            axis=alt.Axis(labelAngle=-90, labelLimit=420, labelOverlap=False, labelFontSize=13),
        ),
        y=alt.Y(
            "area:N",
            title=None,
            sort=order,
            axis=alt.Axis(
                labelLimit=320,
                labelFontSize=13,
                labelFontWeight=alt.ExprRef(expr="datum.value === chosen ? 'bold' : 'normal'"),
                labelColor=alt.ExprRef(expr=f"datum.value === chosen ? '{AREA_COLOUR}' : '#333'"),
            ),
        ),
    )
    tips = [
        alt.Tooltip("area:N", title=titles["area"]),
        alt.Tooltip("indicator:N", title=titles["indicator"]),
        alt.Tooltip("value_label:N", title=titles["value"]),
    ]
    blank = base.mark_rect(color="#d9d9d9").encode(tooltip=tips)
    cells = (
        base.transform_filter("isValid(datum.gap)")
        .mark_rect()
        .encode(
            color=alt.Color(
                "gap:Q",
                title=gap_title,
                scale=alt.Scale(scheme="redblue", reverse=True, domain=[-2.5, 2.5], clamp=True),
            ),
            tooltip=[*tips, alt.Tooltip("gap_label:N", title=gap_title)],
        )
    )
    # the gap written in the cell too, so that the colour is never the only carrier of the meaning
    numbers = (
        base.transform_filter("isValid(datum.gap)")
        .mark_text(fontSize=10)
        .encode(
            text=alt.Text("gap_label:N"),
            color=alt.condition("abs(datum.gap) > 1.4", alt.value("white"), alt.value("#111111")),
            tooltip=[*tips, alt.Tooltip("gap_label:N", title=gap_title)],
        )
    )
    outline = base.transform_filter("datum.area === chosen").mark_rect(
        fill=None, stroke="#111", strokeWidth=2.5, aria=False
    )
    return _spec(alt.layer(blank, cells, numbers, outline).add_params(chosen).properties(height=alt.Step(24)))


def with_chosen(spec: dict[str, Any], name: str | None) -> dict[str, Any]:
    """The same spec with its `chosen` parameter set (a shallow copy; the cached spec is untouched)."""
    params = [({**p, "value": name} if p.get("name") == "chosen" else p) for p in spec.get("params", [])]
    return {**spec, "params": params}


SPARK_COLOURS = {"green": "#0f7b4d", "red": "#b3261e", "gray": "#555555"}


def sparkline(values: Sequence[float], colour: str, description: str) -> dict[str, Any]:
    """A small line of a key figure's recent years: no axes, its meaning in `description` (the SVG's
    aria-label) and, beside it, the difference in words and with an arrow (never the colour alone)."""
    data = pd.DataFrame({"i": list(range(len(values))), "v": list(values)})
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2, color=SPARK_COLOURS.get(colour, SPARK_COLOURS["gray"]), aria=False)
        .encode(x=alt.X("i:Q", axis=None), y=alt.Y("v:Q", axis=None, scale=alt.Scale(zero=False)))
        .properties(height=48, description=description)
        .configure_view(stroke=None)
    )
    return _spec(chart)
