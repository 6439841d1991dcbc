"""What both renderers share: slide size, type sizes, the chart images and how a key figure reads."""

from __future__ import annotations

from views.exports import chart_png_bare
from views.model import Chart, KeyFigure

# 16:9, in points (13.333 x 7.5 in): sizes readable from the back of a meeting room
WIDTH_IN = 13.333
HEIGHT_IN = 7.5
TITLE_PT = 30
SUBTITLE_PT = 18
BODY_PT = 20
FIGURE_PT = 40
LABEL_PT = 16
FOOTER_PT = 11
BLUE = (0x1F, 0x5F, 0xA8)
DARK = (0x11, 0x11, 0x11)
GREY = (0x44, 0x44, 0x44)
GREEN = (0x1B, 0x6E, 0x3C)
RED = (0xA8, 0x2A, 0x1F)


CHART_ZOOM = 1.45  # a chart's 14 px labels become about 15 pt on the slide


def chart_image(chart: Chart, width_px: int, height_px: int) -> bytes:
    """The chart without its title (the slide's title says it) as PNG, drawn smaller and scaled up so
    that its labels read like the slide's text."""
    return chart_png_bare(chart, int(width_px / CHART_ZOOM), int(height_px / CHART_ZOOM), scale=2 * CHART_ZOOM)


def delta_line(figure: KeyFigure) -> str:
    """'▲ +2,7 · heikompi kuin koko maa': the sign as a shape and the meaning in words (not colour)."""
    if not figure.delta:
        return ""
    arrow = {"up": "▲", "down": "▼"}.get(figure.delta_arrow, "")
    words = figure.delta_description or ""
    return " ".join(x for x in (arrow, figure.delta, "·" if words else "", words) if x)


def delta_colour(figure: KeyFigure) -> tuple[int, int, int]:
    return {"green": GREEN, "red": RED}.get(figure.delta_color, GREY)
