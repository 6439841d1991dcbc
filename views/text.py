"""Plain-text safety for what views hand out (see i18n.text): pages and exports use these."""

from __future__ import annotations

from i18n.text import markdown_plain, printable, spreadsheet_safe

__all__ = ["markdown_plain", "printable", "spreadsheet_safe"]
