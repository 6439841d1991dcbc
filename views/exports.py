"""Files that leave the app: charts as PNG and SVG, tables as CSV and xlsx.

Every export is made from a view (Chart, Table), so suppression and labels are the ones on the screen:
a hidden cell is '..' in the file too, and a number is the number shown (rounded as shown). Numbers
are written as numbers (xlsx with a number format that Excel shows as 1 234,5 in Finnish), text as
text: a text cell that a spreadsheet could read as a formula (starting with = + - @, tab or CR) is
neutralised (CSV: a leading apostrophe; xlsx: a string cell with Excel's quote prefix, never a formula).
Charts are drawn offline by vl-convert with their title, unit, source line and data date on the image.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from i18n import SUPPRESSED
from views.charts import wrap_lines
from views.context import Context
from views.model import Chart, Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_WIDTH = 960
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


@dataclass(frozen=True)
class Cell:
    """One exported cell: a number (with its decimals as shown) or text."""

    value: float | str
    decimals: int = 0

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, float)


def parse_shown(text: Any, lang: str) -> Cell:
    """A cell as shown on screen back to a number where it is one ('1 234,5' -> 1234.5, one decimal);
    '..', codes with a leading zero ('091'), percentages and words stay text."""
    if isinstance(text, bool) or text is None:
        return Cell("" if text is None else str(text))
    if isinstance(text, int | float):
        if text != text:  # NaN
            return Cell("")
        return Cell(float(text), 0 if float(text).is_integer() else 2)
    raw = str(text)
    plain = _SPACES.sub("", raw).replace("\u2212", "-")
    plain = plain.replace(",", "") if lang == "en" else plain.replace(",", ".")
    if _PLAIN_NUMBER.match(plain):
        decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
        return Cell(float(plain), decimals)
    return Cell(raw)


def neutralise(text: str) -> str:
    """Text that a spreadsheet will not run: a leading apostrophe before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cells(frame: pd.DataFrame, lang: str) -> list[list[Cell]]:
    return [[parse_shown(v, lang) for v in row] for row in frame.itertuples(index=False, name=None)]


def _csv_number(cell: Cell, lang: str) -> str:
    assert isinstance(cell.value, float)
    text = f"{cell.value:.{cell.decimals}f}"
    return text if lang == "en" else text.replace(".", ",")


def table_csv(ctx: Context, table: Table, sources: str = "") -> bytes:
    """CSV as Excel opens it in the language's locale: UTF-8 with BOM, ';' and decimal comma (fi, sv)
    or ',' and decimal point (en); numbers plain (no thousands separator), '..' where withheld;
    the note and sources as the last lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if ctx.lang == "en" else ";", lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in table.frame.columns])
    for row in _cells(table.frame, ctx.lang):
        writer.writerow([_csv_number(c, ctx.lang) if c.is_number else neutralise(str(c.value)) for c in row])
    for line in (table.note, sources):
        if line:
            writer.writerow([neutralise(line)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def table_xlsx(ctx: Context, table: Table, title: str = "", sources: str = "", date: str = "") -> bytes:
    """An xlsx workbook: the title, the table (numbers as numbers with thousands separators and the
    decimals shown; '..' as text), then the note, sources and data date."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (ctx.t("export.sheet") or "Data")[:31]
    row_no = 1

    def text_cell(row: int, col: int, value: str, bold: bool = False) -> None:
        cell = sheet.cell(row=row, column=col)
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)

    if title:
        text_cell(row_no, 1, title, bold=True)
        sheet.cell(row=row_no, column=1).font = Font(bold=True, size=13)
        row_no += 2
    for col, name in enumerate(table.frame.columns, start=1):
        text_cell(row_no, col, str(name), bold=True)
        sheet.cell(row=row_no, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    header_row = row_no
    for values in _cells(table.frame, ctx.lang):
        row_no += 1
        for col, cell in enumerate(values, start=1):
            if cell.is_number:
                target = sheet.cell(row=row_no, column=col, value=cell.value)
                target.number_format = _number_format(cell.decimals)
            else:
                text_cell(row_no, col, str(cell.value))
                if cell.value == SUPPRESSED:
                    sheet.cell(row=row_no, column=col).alignment = Alignment(horizontal="right")
    row_no += 1
    for line in (table.note, sources, date):
        if line:
            row_no += 1
            text_cell(row_no, 1, line)
    for col, name in enumerate(table.frame.columns, start=1):
        longest = max([len(str(name))] + [len(str(v)) for v in table.frame.iloc[:, col - 1]])
        sheet.column_dimensions[sheet.cell(row=header_row, column=col).column_letter].width = min(40, longest + 3)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def footer_lines(chart: Chart) -> list[str]:
    """What stands under a chart on every image: sources, notes (boundaries' credit), data date."""
    return [line for line in (chart.sources, *chart.notes, chart.date) if line]


def export_spec(chart: Chart, width: int = EXPORT_WIDTH) -> dict[str, Any]:
    """The chart as one self-contained spec for an image: its own title on top, the footer lines
    under it, a fixed width (the screen's 'container' width means nothing in a file)."""
    spec = chart.spec
    inner = {k: v for k, v in spec.items() if k not in ("$schema", "datasets", "config", "params", "description")}
    if "width" not in inner and not _stepped(inner):
        inner["width"] = width - 200
    out: dict[str, Any] = {
        "$schema": spec.get("$schema", "https://vega.github.io/schema/vega-lite/v6.json"),
        "vconcat": [inner],
        "title": {
            "text": [part for line in footer_lines(chart) for part in wrap_lines(line, 120)],
            "orient": "bottom",
            "anchor": "start",
            "fontSize": 12,
            "fontWeight": "normal",
            "color": "#333333",
            "offset": 16,
        },
        "padding": 20,
        "background": "white",
        "description": chart.alt,
    }
    for key in ("datasets", "config", "params"):
        if key in spec:
            out[key] = spec[key]
    return out


def _stepped(spec: dict[str, Any]) -> bool:
    width = spec.get("width")
    return isinstance(width, dict) and "step" in width


def bare_spec(chart: Chart, width: int, height: int) -> dict[str, Any]:
    """The chart alone (no title, no footer) sized for a slide that has its own title and sources."""
    spec = {k: v for k, v in chart.spec.items() if k != "title"}
    spec["background"] = "white"
    spec["padding"] = 8
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    if not _stepped(spec):
        spec["width"] = width
    spec["height"] = height
    return spec


def chart_png_bare(chart: Chart, width: int, height: int, scale: float = 2.0) -> bytes:
    """PNG of `bare_spec` (for slides)."""
    import vl_convert as vlc

    png: bytes = vlc.vegalite_to_png(bare_spec(chart, width, height), scale=scale)
    return png


def chart_svg(chart: Chart) -> bytes:
    """The chart as SVG (offline), its title and alt text as the SVG's <title>, <desc> and aria-label."""
    from xml.sax.saxutils import escape, quoteattr

    import vl_convert as vlc

    svg: str = vlc.vegalite_to_svg(export_spec(chart))
    head, rest = svg.split(">", 1)  # the <svg ...> start tag: a role, a label, a title and a description
    labelled = f'{head} role="img" aria-label={quoteattr(chart.alt)}>'
    return (labelled + f"<title>{escape(chart.title)}</title><desc>{escape(chart.alt)}</desc>" + rest).encode("utf-8")


def chart_png(chart: Chart, scale: float = 2.0) -> bytes:
    """The chart as PNG (offline, twice the pixels for a projector), its title and alt text stored in
    the PNG's text chunks (Title, Description) for screen readers and file managers."""
    import vl_convert as vlc
    from PIL import Image, PngImagePlugin

    png: bytes = vlc.vegalite_to_png(export_spec(chart), scale=scale)
    image = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", chart.title)
    info.add_itxt("Description", chart.alt)
    info.add_itxt("Source", " ".join(footer_lines(chart)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, optimize=True)
    return buffer.getvalue()


def file_stem(title: str, fallback: str = "lape") -> str:
    """A file name from a title: letters, digits and dashes (ä, ö, å kept), at most 60 characters."""
    stem = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-_")[:60].strip("-_")
    return stem or fallback
