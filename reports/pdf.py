"""The region profile as PDF: the same slides as the PPTX, one 16:9 page each, with the speaker notes
as a last section (the exact numbers and their sources). A Unicode TrueType font is used when the
machine has one (DejaVu or Liberation, as Debian installs them); otherwise PDF's own Helvetica with
the few characters it lacks spelled plainly."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from reports import render as r
from views.slides import Deck, Slide

W, H = r.WIDTH_IN * 72, r.HEIGHT_IN * 72  # points
M = 0.6 * 72
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/dejavu"),
)
FONT_FILES = (("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"))
PLAIN = str.maketrans(
    {
        "\u2212": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "▲": "+",
        "▼": "-",
        "·": "-",
        "€": "EUR",
        "…": "...",
    }
)


def _font() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (folder / regular).is_file() and (folder / bold).is_file():
                return folder / regular, folder / bold
    return None


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="pt", format=(H, W))
        self.set_auto_page_break(False)
        self.set_margins(M, M, M)
        found = _font()
        self.unicode = found is not None
        if found is not None:
            self.add_font("Sans", "", str(found[0]))
            self.add_font("Sans", "B", str(found[1]))
            self.family = "Sans"
        else:
            self.family = "Helvetica"

    def txt(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")

    def write_block(
        self,
        x: float,
        y: float,
        w: float,
        lines: list[str],
        size: float,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = r.DARK,
    ) -> float:
        """Wrapped lines from (x, y); returns the y under them."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_xy(x, y)
        for line in lines:
            self.set_x(x)
            self.multi_cell(w, size * 1.25, self.txt(line), align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_y(self.get_y() + size * 0.35)
        return float(self.get_y())


def _title(pdf: _Pdf, slide: Slide) -> float:
    y = pdf.write_block(M, 0.35 * 72, W - 2 * M, [slide.title], r.TITLE_PT, bold=True)
    if slide.subtitle:
        y = pdf.write_block(M, y - 4, W - 2 * M, [slide.subtitle], r.SUBTITLE_PT - 2, colour=r.GREY)
    return y + 6


def _figures(pdf: _Pdf, slide: Slide, x: float, y: float, w: float, h: float, cols: int) -> None:
    figures = slide.figures
    rows = max(1, -(-len(figures) // cols))
    cw, ch = w / cols, h / rows
    for i, figure in enumerate(figures):
        cx, cy = x + (i % cols) * cw, y + (i // cols) * ch
        pdf.set_fill_color(0xF3, 0xF6, 0xFA)
        pdf.set_draw_color(0xC8, 0xD3, 0xE0)
        pdf.rect(cx + 4, cy + 4, cw - 8, ch - 8, style="DF")
        inner = cw - 28
        pdf.write_block(cx + 14, cy + 12, inner, [figure.label], r.LABEL_PT - 2, colour=r.GREY)
        pdf.write_block(cx + 14, cy + 0.45 * ch, inner, [figure.value], r.FIGURE_PT - 6, bold=True, colour=r.BLUE)
        line = r.delta_line(figure)
        if line:
            pdf.write_block(cx + 14, cy + ch - 40, inner, [line], r.LABEL_PT - 3, colour=r.delta_colour(figure))


def _footer(pdf: _Pdf, lines: list[str]) -> None:
    pdf.write_block(M, H - 0.75 * 72, W - 2 * M, [" ".join(x for x in lines if x)], r.FOOTER_PT, colour=r.GREY)


def _table(pdf: _Pdf, slide: Slide, y: float) -> None:
    assert slide.table is not None
    frame = slide.table.frame.head(8)
    pdf.set_font(pdf.family, "", r.LABEL_PT - 2)
    pdf.set_text_color(*r.DARK)
    pdf.set_xy(M, y)
    with pdf.table(width=int(W - 2 * M), line_height=(r.LABEL_PT - 2) * 1.4, text_align="LEFT") as table:
        head = table.row()
        for name in frame.columns:
            head.cell(pdf.txt(str(name)))
        for values in frame.itertuples(index=False, name=None):
            row = table.row()
            for value in values:
                row.cell(pdf.txt(str(value)))


def deck_pdf(deck: Deck) -> bytes:
    """The deck as PDF bytes."""
    pdf = _Pdf()
    pdf.set_title(pdf.txt(deck.title))
    pdf.set_author("LAPE-seuranta")
    pdf.set_lang({"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[deck.lang])
    pdf.set_creator("LAPE-seuranta")
    for slide in deck.slides:
        pdf.add_page()
        if slide.kind == "title":
            pdf.set_fill_color(*r.BLUE)
            pdf.rect(0, 0, W, 0.35 * 72, style="F")
            pdf.write_block(M, 2.2 * 72, W - 2 * M, [slide.title], 40, bold=True)
            pdf.write_block(M, 3.9 * 72, W - 2 * M, [slide.subtitle], 22, colour=r.GREY)
            if slide.lines:
                pdf.write_block(M, 5.2 * 72, W - 2 * M, list(slide.lines), 18, colour=r.RED)
            continue
        top = _title(pdf, slide)
        body_h = H - top - 0.9 * 72
        if slide.kind == "figures":
            cols = 3 if len(slide.figures) > 2 else max(1, len(slide.figures))
            _figures(pdf, slide, M, top, W - 2 * M, body_h, cols)
            _footer(pdf, [slide.footer])
        elif slide.kind == "chart" and slide.chart is not None:
            side = bool(slide.figures)
            chart_w = (W - 2 * M) * (0.68 if side else 1.0)
            image = r.chart_image(slide.chart, int(chart_w * 96 / 72), int(body_h * 96 / 72))
            pdf.image(io.BytesIO(image), M, top, chart_w, body_h, alt_text=pdf.txt(slide.chart.alt))
            if side:
                left = M + chart_w + 14
                _figures(pdf, slide, left, top, W - M - left, body_h, 1)
            _footer(pdf, [slide.chart.sources, *slide.chart.notes, slide.chart.date])
        elif slide.kind == "table" and slide.table is not None:
            _table(pdf, slide, top)
            _footer(pdf, [slide.table.note, slide.footer])
        else:
            pdf.write_block(M, top, W - 2 * M, list(slide.lines), r.BODY_PT)
    notes = [(s.title, s.notes) for s in deck.slides if s.notes]
    if notes:
        pdf.add_page()
        y = pdf.write_block(M, 0.35 * 72, W - 2 * M, [f"{deck.title} – {deck.notes_title}"], 20, bold=True)
        for title, text in notes:
            if y > H - 1.2 * 72:
                pdf.add_page()
                y = M
            y = pdf.write_block(M, y, W - 2 * M, [title], 12, bold=True)
            for line in text.splitlines():
                if y > H - 0.8 * 72:
                    pdf.add_page()
                    y = M
                y = pdf.write_block(M, y - 4, W - 2 * M, [line], 10)
    return bytes(pdf.output())
