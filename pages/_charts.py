"""Altair chart builders shared by the pages (no Streamlit here)."""

from __future__ import annotations

import altair as alt
import pandas as pd


def number_expr(lang: str, decimals: int, field: str = "datum.value") -> str:
    """A Vega expression formatting a number as 1 234,5 (fi, sv) or 1,234.5 (en)."""
    spec = f",.{decimals}f"
    base = f"format({field}, '{spec}')"
    if lang == "en":
        return base
    # d3 gives 1,234.5: swap the separators; thousands become a no-break space.
    return f"replace(replace(replace({base}, /,/g, '#'), /[.]/g, ','), /#/g, '\u00a0')"


def trend_chart(
    df: pd.DataFrame,
    *,
    lang: str,
    decimals: int,
    y_title: str,
    series_title: str,
    year_title: str,
) -> alt.LayerChart:
    """Lines of `shown` by year for each `series`; suppressed years are gaps.

    df columns: year, series, shown, label (the formatted value for tooltips).
    """
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title=year_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("shown:Q", title=y_title, axis=alt.Axis(labelExpr=number_expr(lang, 0))),
        color=alt.Color("series:N", title=series_title, legend=alt.Legend(orient="bottom", labelLimit=0)),
        tooltip=[
            alt.Tooltip("series:N", title=series_title),
            alt.Tooltip("year:O", title=year_title),
            alt.Tooltip("label:N", title=y_title),
        ],
    )
    chart = base.mark_line(point=True, strokeWidth=3) + base.mark_point(size=60, filled=True)
    return chart.properties(height=320)


def trend_with_event(df: pd.DataFrame, event_year: int, event_label: str, **kwargs: object) -> alt.TopLevelMixin:
    """trend_chart with a dashed rule and a label at the year a change started."""
    base = trend_chart(df, **kwargs)  # type: ignore[arg-type]
    rule = (
        alt.Chart(pd.DataFrame({"year": [event_year], "text": [event_label]}))
        .mark_rule(strokeDash=[6, 4], color="#b35900")
        .encode(x="year:O")
    )
    note = rule.mark_text(align="left", dx=4, y=8, color="#b35900").encode(text="text:N")
    return alt.layer(base, rule, note)


def heat_frame(
    gaps: pd.DataFrame, area_names: pd.Series, names: dict[str, str], decimals: dict[str, int], lang: str
) -> pd.DataFrame:
    """The heat map's rows: area and indicator names, the gap, and both formatted for the language."""
    from i18n import format_number

    return pd.DataFrame(
        {
            "area": gaps["region_code"].map(area_names).to_numpy(),
            "indicator": gaps["indicator_code"].map(names).to_numpy(),
            "gap": gaps["gap"].to_numpy(),
            "gap_label": [format_number(v, lang, 2) for v in gaps["gap"]],
            "value_label": [
                format_number(v, lang, decimals.get(i, 1))
                for v, i in zip(gaps["shown"], gaps["indicator_code"], strict=True)
            ],
        }
    )


def heat_map(heat: pd.DataFrame, *, gap_title: str, titles: dict[str, str]) -> alt.Chart:
    """Areas x indicators coloured by standardised gap (red worse, blue better)."""
    return (
        alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("indicator:N", title=None, axis=alt.Axis(labelAngle=-90, labelLimit=230, labelOverlap=False)),
            y=alt.Y("area:N", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "gap:Q",
                title=gap_title,
                scale=alt.Scale(scheme="redblue", reverse=True, domain=[-2.5, 2.5], clamp=True),
            ),
            tooltip=[
                alt.Tooltip("area:N", title=titles["area"]),
                alt.Tooltip("indicator:N", title=titles["indicator"]),
                alt.Tooltip("value_label:N", title=titles["value"]),
                alt.Tooltip("gap_label:N", title=gap_title),
            ],
        )
        .properties(height=alt.Step(22))
    )
