"""The project's own upload template: an xlsx with a data sheet, instructions and the indicator list."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from data_loaders.layouts import TEMPLATE_MARKER_SHEET
from data_loaders.own_indicators import SHEET_COLUMNS
from i18n import t
from i18n.text import spreadsheet_safe

TEMPLATE_VERSION = "2"
OWN_ROWS = 200  # rows left for the region's own indicators in the indicator sheet
HEADERS = {
    "fi": ["alue", "indikaattori", "vuosi", "kuukausi", "sukupuoli", "arvo", "osoittaja", "nimittäjä"],
    "sv": ["område", "indikator", "år", "månad", "kön", "värde", "täljare", "nämnare"],
    "en": ["region", "indicator", "year", "month", "sex", "value", "numerator", "denominator"],
}


def template_bytes(indicators: pd.DataFrame, lang: str = "fi") -> bytes:
    """An xlsx the loaders recognise as format 'template'."""
    wb = Workbook()
    data = wb.active
    data.title = t("template.sheet.data", lang)
    data.append(HEADERS[lang])
    for cell in data[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F5FA8")
    widths = [22, 28, 8, 10, 12, 12, 12, 12]
    for i, width in enumerate(widths):
        data.column_dimensions[chr(65 + i)].width = width
    codes = wb.create_sheet(t("template.sheet.indicators", lang))
    # the catalogue, and room below it for the region's own indicators (same columns)
    codes.append(list(SHEET_COLUMNS))
    for row in indicators.sort_values("code").to_dict("records"):
        per = row["per"]
        codes.append(
            [
                spreadsheet_safe(str(row["code"])),
                spreadsheet_safe(str(row["name_fi"])),
                spreadsheet_safe(str(row["name_sv"])),
                spreadsheet_safe(str(row["name_en"])),
                row["unit"],
                row["direction"],
                row["denominator_code"],
                per if isinstance(per, int | float) and per == per else None,
            ]
        )
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (30, 50, 50, 50, 10, 10, 14, 8), strict=True):
        codes.column_dimensions[column].width = width
    n = len(indicators) + 1 + OWN_ROWS
    dv = DataValidation(type="list", formula1=f"='{codes.title}'!$A$2:$A${n}", allow_blank=False)
    data.add_data_validation(dv)
    dv.add("B2:B50000")
    sexes = DataValidation(type="list", formula1='"total,male,female"', allow_blank=True)
    data.add_data_validation(sexes)
    sexes.add("E2:E50000")
    guide = wb.create_sheet(t("template.sheet.guide", lang))
    for line in t("template.guide", lang).split("\n"):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    marker = wb.create_sheet(TEMPLATE_MARKER_SHEET)
    marker.append(["lape-seuranta-template", TEMPLATE_VERSION, lang])
    marker.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
