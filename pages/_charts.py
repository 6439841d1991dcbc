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
