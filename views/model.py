"""What a view hands to a page, a download or a slide: plain data, no Streamlit.

Text fields are plain text; some hold text from uploads (indicator names, file names), so a
renderer that interprets Markdown must escape them (i18n.text.markdown_plain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A table of formatted cells ('..' where hidden), the chosen area's row to highlight."""

    frame: pd.DataFrame
    highlight: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec with its alt text, the same numbers as a table, and their sources.

    The spec carries its own title (indicator, area, year); `title` repeats it for file names and
    slides, `date` says when the data were last changed (under the chart and on every export)."""

    spec: dict[str, Any]
    alt: str
    table: Table
    sources: str
    notes: tuple[str, ...] = ()
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class KeyFigure:
    """One number of the overview with its comparison and sparkline (visible years only)."""

    code: str
    label: str
    value: str
    help: str
    delta: str | None = None
    delta_color: str = "gray"  # green = better, red = worse (decided here, not from the sign's glyph)
    delta_arrow: str = "off"  # up / down / off, by the sign of the difference
    delta_description: str | None = None
    sparkline: tuple[float, ...] | None = None
    suppressed: bool = False
    spark_text: str = ""  # what the sparkline shows, in words (its alt text)


@dataclass(frozen=True)
class Choice:
    """Options of a picker with their shown names, and the one chosen by default."""

    options: tuple[Any, ...]
    names: dict[Any, str] = field(default_factory=dict)
    default: Any = None

    def index_of(self, value: Any) -> int:
        return self.options.index(value) if value in self.options else 0
