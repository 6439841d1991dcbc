"""The region profile as a PowerPoint deck (16:9): large type, one message a slide, speaker notes with
the exact numbers and their sources. Text goes in as text (never as fields or formulas)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Inches, Pt

from reports import render as r
from views.slides import Deck, Slide

MARGIN = Inches(0.6)


def _rgb(colour: tuple[int, int, int]) -> RGBColor:
    return RGBColor(*colour)


def _text(
    slide: PptxSlide,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: list[str],
    size: int,
    *,
    bold: bool = False,
    colour: tuple[int, int, int] = r.DARK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
        para.space_after = Pt(size * 0.4)


def _title(slide: PptxSlide, width: int, title: str, subtitle: str) -> int:
    _text(slide, MARGIN, Inches(0.35), width - 2 * MARGIN, Inches(1.0), [title], r.TITLE_PT, bold=True)
    top = Inches(1.25)
    if subtitle:
        _text(slide, MARGIN, top, width - 2 * MARGIN, Inches(0.6), [subtitle], r.SUBTITLE_PT - 2, colour=r.GREY)
        top = Inches(1.8)
    return int(top)


def _figures(slide: PptxSlide, deck_slide: Slide, left: int, top: int, width: int, height: int, cols: int) -> None:
    figures = deck_slide.figures
    rows = max(1, -(-len(figures) // cols))
    cell_w = width // cols
    cell_h = height // rows
    for i, figure in enumerate(figures):
        x = left + (i % cols) * cell_w
        y = top + (i // cols) * cell_h
        card = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Emu(x + Inches(0.05)),
            Emu(y + Inches(0.05)),
            Emu(cell_w - Inches(0.1)),
            Emu(cell_h - Inches(0.1)),
        )
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF3, 0xF6, 0xFA)
        card.line.color.rgb = RGBColor(0xC8, 0xD3, 0xE0)
        card.shadow.inherit = False
        pad = Inches(0.2)
        inner_w = cell_w - 2 * pad
        _text(slide, x + pad, y + Inches(0.12), inner_w, Inches(0.9), [figure.label], r.LABEL_PT, colour=r.GREY)
        _text(
            slide,
            x + pad,
            y + Inches(0.95),
            inner_w,
            Inches(0.8),
            [figure.value],
            r.FIGURE_PT,
            bold=True,
            colour=r.BLUE,
        )
        line = r.delta_line(figure)
        if line:
            _text(
                slide,
                x + pad,
                y + Inches(1.75),
                inner_w,
                Inches(0.5),
                [line],
                r.LABEL_PT,
                colour=r.delta_colour(figure),
            )


def _table(slide: PptxSlide, deck_slide: Slide, left: int, top: int, width: int) -> None:
    assert deck_slide.table is not None
    frame = deck_slide.table.frame.head(8)
    rows, cols = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, cols, Emu(left), Emu(top), Emu(width), Emu(Inches(0.55) * rows))
    table = shape.table
    for j, name in enumerate(frame.columns):
        cell = table.cell(0, j)
        cell.text = str(name)
        for para in cell.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(r.LABEL_PT)
                run.font.bold = True
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = str(value)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(r.LABEL_PT)


def _footer(slide: PptxSlide, width: int, height: int, lines: list[str]) -> None:
    text = [" ".join(x for x in lines if x)]
    _text(slide, MARGIN, height - Inches(0.75), width - 2 * MARGIN, Inches(0.6), text, r.FOOTER_PT, colour=r.GREY)


def deck_pptx(deck: Deck) -> bytes:
    """The deck as PPTX bytes."""
    prs = Presentation()
    prs.slide_width = Inches(r.WIDTH_IN)
    prs.slide_height = Inches(r.HEIGHT_IN)
    width, height = int(Inches(r.WIDTH_IN)), int(Inches(r.HEIGHT_IN))
    blank = prs.slide_layouts[6]
    prs.core_properties.title = deck.title
    prs.core_properties.language = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[deck.lang]
    prs.core_properties.author = "LAPE-seuranta"
    for item in deck.slides:
        slide = prs.slides.add_slide(blank)
        if item.kind == "title":
            band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Emu(width), Emu(Inches(0.35)))
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(r.BLUE)
            band.line.fill.background()
            _text(slide, MARGIN, Inches(2.2), width - 2 * MARGIN, Inches(1.6), [item.title], 40, bold=True)
            _text(slide, MARGIN, Inches(3.9), width - 2 * MARGIN, Inches(0.8), [item.subtitle], 22, colour=r.GREY)
            if item.lines:
                _text(slide, MARGIN, Inches(5.2), width - 2 * MARGIN, Inches(1.0), list(item.lines), 18, colour=r.RED)
        else:
            top = _title(slide, width, item.title, item.subtitle)
            body_h = height - top - Inches(0.9)
            if item.kind == "figures":
                cols = 3 if len(item.figures) > 2 else len(item.figures)
                _figures(slide, item, MARGIN, top, width - 2 * MARGIN, body_h, cols)
                _footer(slide, width, height, [item.footer])
            elif item.kind == "chart" and item.chart is not None:
                side = bool(item.figures)
                chart_w = (width - 2 * MARGIN) * (0.68 if side else 1.0)
                px_w, px_h = int(chart_w / 9525), int(body_h / 9525)  # EMU to pixels at 96 dpi
                image = r.chart_image(item.chart, px_w, px_h)
                slide.shapes.add_picture(io.BytesIO(image), Emu(MARGIN), Emu(top), Emu(int(chart_w)), Emu(body_h))
                picture = slide.shapes[-1]
                picture._element.nvPicPr.cNvPr.set("descr", item.chart.alt)  # alt text for screen readers
                if side:
                    left = MARGIN + int(chart_w) + Inches(0.2)
                    _figures(slide, item, left, top, width - MARGIN - left, body_h, 1)
                _footer(slide, width, height, [item.chart.sources, *item.chart.notes, item.chart.date])
            elif item.kind == "table" and item.table is not None:
                _table(slide, item, MARGIN, top, width - 2 * MARGIN)
                _footer(slide, width, height, [item.table.note, item.footer])
            else:
                _text(slide, MARGIN, top, width - 2 * MARGIN, body_h, list(item.lines), r.BODY_PT)
        if item.notes:
            slide.notes_slide.notes_text_frame.text = item.notes
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
