"""The region profile and every export, opened as a person (or a program) would open them.

- The PPTX opens with python-pptx, has the expected slides, names the area, and its key numbers equal
  `python -m metrics table` for the same indicator, area and year.
- A planted hidden value never leaves: a distinctive value (987,6 days) is stored for a municipality
  whose figure is withheld (one first contact); it must not appear in the PPTX (text, tables, notes,
  alt texts), the PDF, any chart's SVG or PNG text, or any table's CSV or xlsx. A control plants the
  same value where it is shown, and finds it there: the search can fail.
- Formula injection: text cells starting with = + - @ tab or CR are neutralised in CSV and xlsx.
- PNG exports are not blank.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from i18n import format_number
from metrics.__main__ import main as metrics_main
from reports.__main__ import main as reports_main
from reports.pdf import deck_pdf
from reports.pptx import deck_pptx
from views import exports
from views.context import forget_engines, open_context
from views.gate import info
from views.map import map_view
from views.model import Chart, Table
from views.slides import Deck, profile

PLANTED = 987.6


def pptx_texts(data: bytes) -> list[list[str]]:
    """Every text of every slide (shapes, table cells, picture alt texts, notes), slide by slide."""
    prs = Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        texts: list[str] = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            texts += [str(d) for d in descr]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
        out.append(texts)
    return out


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def table_exports(ctx: object, table: Table) -> str:
    """A table's CSV and xlsx, as text."""
    assert hasattr(ctx, "lang")
    text = exports.table_csv(ctx, table).decode("utf-8-sig")  # type: ignore[arg-type]
    book = load_workbook(io.BytesIO(exports.table_xlsx(ctx, table, "t", "s")))  # type: ignore[arg-type]
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]  # type: ignore[union-attr]
    numbers = [
        format_number(c.value, "fi", 1) for row in book.active.iter_rows() for c in row if isinstance(c.value, float)
    ]  # type: ignore[union-attr]
    return "\n".join([text, *cells, *numbers])


def chart_exports(ctx: object, chart: Chart) -> str:
    svg = exports.chart_svg(chart).decode("utf-8")
    png = Image.open(io.BytesIO(exports.chart_png(chart)))
    chunks = " ".join(str(v) for v in png.info.values() if isinstance(v, str))
    return "\n".join([svg, chunks, table_exports(ctx, chart.table)])


def every_export(ctx: object, deck: Deck) -> str:
    """Everything a person could take away from a deck: PPTX, PDF, each chart's and table's files."""
    parts = [t for slide in pptx_texts(deck_pptx(deck)) for t in slide]
    parts.append(pdf_text(deck_pdf(deck)))
    for slide in deck.slides:
        if slide.chart is not None:
            parts.append(chart_exports(ctx, slide.chart))
        if slide.table is not None:
            parts.append(table_exports(ctx, slide.table))
    return "\n".join(parts)


@pytest.fixture()
def planted(demo_db: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two copies of the demo store: 987,6 days for Alavus (035, one first contact: withheld), and
    987,6 days for Helsinki (091, 2 772 first contacts: shown) as the control."""
    source = Path(demo_db.removeprefix("sqlite:///"))
    urls = []
    for name, code, contacts in (("hidden", "035", 1), ("shown", "091", 2772)):
        path = tmp_path / f"{name}.sqlite"
        shutil.copy(source, path)
        with sqlite3.connect(path) as conn:
            changed = conn.execute(
                "UPDATE observations SET value = ?, numerator = ?, denominator = ? "
                "WHERE indicator_code = 'fc_wait_days' AND region_code = ? AND year = 2025 AND sex = 'total'",
                (PLANTED, PLANTED * contacts, contacts, code),
            ).rowcount
            conn.execute("UPDATE store_state SET value = value + 1 WHERE key = 'data_version'")
        assert changed == 1
        urls.append(f"sqlite:///{path}")
    yield urls[0], urls[1]
    forget_engines()


def test_a_planted_hidden_value_never_leaves_and_the_control_finds_it(planted: tuple[str, str]) -> None:
    hidden_url, shown_url = planted
    needle = format_number(PLANTED, "fi", 1)  # '987,6'
    for url, code, expect in ((hidden_url, "035", False), (shown_url, "091", True)):
        ctx = open_context("fi", url)
        deck = profile(ctx, "municipality", code, 2025)
        wait = [f for s in deck.slides for f in s.figures if f.code == "fc_wait_days"]
        assert wait and all(f.suppressed == (not expect) for f in wait)
        taken = every_export(ctx, deck)
        mapped = map_view(ctx, "fc_wait_days", "municipality", 2025, ("municipality", code))
        assert mapped.chart is not None
        taken += chart_exports(ctx, mapped.chart) + table_exports(ctx, mapped.table)
        found = needle in taken or "987.6" in taken or "9876" in taken.replace("\u00a0", "").replace(" ", "")
        assert found == expect, (code, expect)


@pytest.fixture(scope="module")
def ph_deck(demo_db: str) -> Deck:
    return profile(open_context("fi", demo_db), "county", "09", 2025)


def test_pptx_opens_has_the_slides_names_the_area_and_numbers_equal_metrics_table(
    demo_db: str, ph_deck: Deck, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAPE_DB_URL", demo_db)
    data = deck_pptx(ph_deck)
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width is not None and prs.slide_height is not None
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    keys = [s.key for s in ph_deck.slides]
    assert keys == [
        "title", "figures1", "figures2", "map", "pain", "trend_cw_placed", "trend_family_work", "balance", "costs",
        "sources",
    ]  # fmt: skip
    texts = pptx_texts(data)
    assert len(texts) == len(keys)
    assert "Päijät-Hämeen hyvinvointialue" in texts[0][0] or "Päijät-Hämeen hyvinvointialue" in " ".join(texts[0])
    checked = 0
    for slide, shown in zip(ph_deck.slides, texts, strict=True):
        assert slide.notes, slide.key  # every slide has speaker notes
        for figure in slide.figures if slide.key.startswith("figures") else ():
            assert metrics_main(["table", figure.code, "--region", "09", "--year", "2025"]) == 0
            row = json.loads(capsys.readouterr().out)
            row = row[0] if isinstance(row, list) else row["rows"][0]
            expected = (
                ".." if row["suppressed"] else format_number(row["value"], "fi", info_decimals(demo_db, figure.code))
            )
            assert expected in shown, (figure.code, expected, shown)  # on the slide
            assert f"[{figure.code}]: {expected}" in shown[-1]  # and in the speaker notes
            checked += 1
    assert checked >= 10


def info_decimals(url: str, code: str) -> int:
    return info(open_context("fi", url), code).decimals


def test_pdf_has_the_same_slides_and_numbers(ph_deck: Deck) -> None:
    reader = PdfReader(io.BytesIO(deck_pdf(ph_deck)))
    first = reader.pages[0]
    assert round(float(first.mediabox.width) / float(first.mediabox.height), 3) == round(16 / 9, 3)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Päijät-Hämeen hyvinvointialue" in text
    for slide in ph_deck.slides:
        assert slide.title.split(":")[0] in text
        for figure in slide.figures:
            assert figure.value.replace("\u00a0", " ") in text.replace("\u00a0", " "), figure.code
    assert reader.metadata is not None and reader.metadata.title == ph_deck.title


def test_profile_on_the_command_line_in_swedish(demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPE_DB_URL", demo_db)
    out = tmp_path / "pohjanmaa.pptx"
    assert reports_main(["profile", "--region", "17", "--lang", "sv", "--format", "pptx", "--out", str(out)]) == 0
    texts = pptx_texts(out.read_bytes())
    assert "Områdesprofil: Österbottens välfärdsområde" in texts[0]
    from tests.test_i18n import FINNISH

    everything = "\n".join(t for slide in texts for t in slide)
    assert not FINNISH.findall(everything)  # the Swedish deck speaks Swedish, notes included
    assert zipfile.is_zipfile(out)
    pdf = tmp_path / "pohjanmaa.pdf"
    assert reports_main(["profile", "--region", "17", "--lang", "sv", "--format", "pdf", "--out", str(pdf)]) == 0
    assert "Österbottens välfärdsområde" in pdf_text(pdf.read_bytes())
    assert reports_main(["profile", "--region", "9999", "--out", str(pdf)]) == 2


FORMULAS = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def test_formula_injection_is_neutralised_in_csv_and_xlsx(demo_db: str) -> None:
    ctx = open_context("fi", demo_db)
    frame = pd.DataFrame({"=Alue": FORMULAS, "Arvo": ["1 234,5", "..", "\u22121,2", "091", "12,0", ""]})
    table = Table(frame, None, "=note")
    rows = list(csv.reader(io.StringIO(exports.table_csv(ctx, table, "@source").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["'=Alue", "Arvo"]
    assert [r[0] for r in rows[1:7]] == ["'" + f for f in FORMULAS]
    assert [r[1] for r in rows[1:7]] == ["1234,5", "..", "-1,2", "091", "12,0", ""]  # numbers as numbers
    assert rows[-2:] == [["'=note"], ["'@source"]]
    data = exports.table_xlsx(ctx, table, "+title", "=source", "")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    book = load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws is not None
    values = {(c.row, c.column): c for row in ws.iter_rows() for c in row if c.value is not None}
    texts = [
        c for c in values.values() if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert len(texts) == 10 and all(c.data_type == "s" and c.quotePrefix for c in texts)
    numbers = {c.value: c.number_format for c in values.values() if isinstance(c.value, int | float)}
    assert numbers == {1234.5: "#,##0.0", -1.2: "#,##0.0", 12.0: "#,##0.0"}
    assert "091" in [c.value for c in values.values()]  # a code stays text


def test_png_exports_are_not_blank_and_svg_says_what_the_chart_is(demo_db: str) -> None:
    ctx = open_context("sv", demo_db)
    deck = profile(ctx, "county", "17", 2025)
    charts = [s.chart for s in deck.slides if s.chart is not None]
    assert len(charts) >= 4
    for chart in charts:
        image = Image.open(io.BytesIO(exports.chart_png(chart))).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50, chart.title
        assert image.getbbox() is not None and image.size[0] > 1000
        assert image.info.get("Title") == chart.title
        svg = exports.chart_svg(chart).decode()
        assert chart.title.split(":")[0][:20] in svg.replace("&amp;", "&")
        assert f'aria-label="{chart.alt[:20]}' in svg or chart.alt[:20] in svg
