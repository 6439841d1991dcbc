"""Careless and hostile inputs beyond BAD_INPUTS.md: each ends in its report (or a usage error),
never a traceback, an echoed identity code or a number other than the one the file means.
Files are made here; every report is asserted whole (type, position, message)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from tests.conftest import ROOT
from tests.data_loaders.conftest import fresh_counts, fresh_rows

HEAD = "alue;indikaattori;vuosi;arvo\n"
NEXT = dt.date.today().year + 1  # the last year the app holds
FOUR_DIGITS = "Write the year with four digits (e.g. 2024)."
HETU = "010115-123A"


def load(engine: Engine, data: bytes | str, name: str = "file.csv", **options: Any) -> dict[str, Any]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return ingest_bytes(engine, raw, name, user="testaaja", **options).as_json("en")


def report(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(e["type"], e["sheet"], e["row"], e["column"], e["message"]) for e in result["errors"]]


def refused(engine: Engine, result: dict[str, Any]) -> None:
    assert result["ok"] is False and result["rows_accepted"] == 0 and "upload_id" not in result
    assert fresh_counts(engine) == (0, 0)


def xlsx(rows: list[list[Any]], title: str = "Data", edit: Any = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if edit:
        edit(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_parts(data: bytes, extra: dict[str, bytes], rewrite: dict[str, tuple[bytes, bytes]] | None = None) -> bytes:
    """An xlsx with archive members added or rewritten (as hand-edited or other tools' files are)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if rewrite and info.filename in rewrite:
                body = body.replace(*rewrite[info.filename])
            z.writestr(info.filename, body)
        for name, body in extra.items():
            z.writestr(name, body)
    return out.getvalue()


PLAIN: list[list[Any]] = [["alue", "indikaattori", "vuosi", "arvo"], ["Hollola", "cw_placed", 2022, 5]]

# --- identity codes ------------------------------------------------------------------------------

ID_MESSAGE = (
    "The cell holds what looks like a personal identity code. Identity codes must not be stored: "
    "remove the column or value and upload again. The whole file was rejected."
)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("zwsp.csv", HEAD + "Hollola;cw_placed;2022;5\n0101\u200b15-123A;cw_placed;2022;5\n", [(None, 3, "A")]),
        ("shy.csv", HEAD + "Hollola;cw_placed;2022;5\n010115\u00ad-123A;cw_placed;2022;5\n", [(None, 3, "A")]),
        ("spaced.csv", HEAD + "Hollola;cw_placed;2022;5\nHollola;010115 - 123A;2022;5\n", [(None, 3, "B")]),
        ("dash.csv", HEAD + "Hollola;cw_placed;2022;5\nHollola;cw_placed;2022;010115\u2013123A\n", [(None, 3, "D")]),
        ("header.csv", "alue;indikaattori;vuosi;arvo;" + HETU + "\nHollola;cw_placed;2022;5;x\n", [(None, 1, "E")]),
        (
            "nested.json",
            json.dumps([{"region": "098", "indicator": "cw_placed", "year": 2022, "value": 5, "x": {"who": [HETU]}}]),
            [(None, 1, "x")],
        ),
    ],
)
def test_identity_codes_anywhere_refuse_the_file_unechoed(
    engine: Engine, name: str, data: str, expected: list[tuple[Any, ...]]
) -> None:
    result = load(engine, data, name)
    assert report(result) == [("personal-id", s, r, c, f"row {r}, column {c}: {ID_MESSAGE}") for s, r, c in expected]
    assert "123A" not in json.dumps(result, ensure_ascii=False)
    refused(engine, result)


def test_identity_code_in_a_sheet_name_a_json_key_or_the_file_name(engine: Engine) -> None:
    sheet = load(engine, xlsx(PLAIN, title=HETU), "book.xlsx")
    assert report(sheet) == [
        (
            "personal-id",
            None,
            None,
            None,
            "The name of sheet 1 looks like a personal identity code. Identity codes must not be stored: "
            "rename the sheet. The whole file was rejected.",
        )
    ]
    key = load(engine, json.dumps([{"region": "098", "indicator": "cw_placed", "year": 2022, HETU: 5}]), "a.json")
    assert [e[:4] for e in report(key)] == [("personal-id", None, 1, None)]
    named = load(engine, HEAD + "Hollola;cw_placed;2022;5\n", f"lista {HETU.lower()}.csv")
    assert named["file"] == "lista XXXXXX-XXXX.csv"
    assert [e[0] for e in report(named)] == ["personal-id"]
    for result in (sheet, key, named):
        assert "123A" not in json.dumps(result).upper()
    refused(engine, named)


# --- inputs that once crashed ----------------------------------------------------------------------


def test_a_stray_cell_at_the_last_cell_of_a_sheet_is_refused_before_reading(engine: Engine) -> None:
    def far(ws: Any) -> None:
        ws["XFD1048576"] = 1

    result = load(engine, xlsx(PLAIN, edit=far), "far.xlsx")
    assert report(result) == [
        (
            "limit-exceeded",
            None,
            None,
            None,
            "The sheet 'Data' reaches cell XFD1048576 (17,179,869,184 cells, limit 20,000,000). Delete the empty "
            "rows and columns after the table (Ctrl+End shows the last cell) and save again.",
        )
    ]
    refused(engine, result)


def test_a_dimension_that_lies_is_not_believed(engine: Engine) -> None:
    data = with_parts(
        xlsx(PLAIN),
        {},
        {"xl/worksheets/sheet1.xml": (b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')},
    )
    result = load(engine, data, "claims.xlsx")
    assert result["ok"] is True and result["rows_accepted"] == 1


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"),
    [
        (
            "big_cell.csv",
            HEAD + "Hollola;cw_placed;2022;" + "9" * 200_000 + "\n",
            "limit-exceeded",
            "Line 2 has a cell of more than 131,072 characters. Check the file: the cell is probably broken.",
        ),
        (
            "quote.csv",
            HEAD + 'Hollola;cw_placed;2022;"5\nHeinola;cw_placed;2022;6\n',
            "format-error",
            "A quote opens on line 2 and never closes, so the rest of the file would be one cell. "
            "Add the missing quote or remove the extra one.",
        ),
        (
            "deep.json",
            "[" * 10_000 + "]" * 10_000,
            "format-error",
            "The JSON file is nested too deep. Give the rows as a list of objects (as Sotkanet's API does).",
        ),
        (
            "digits.json",
            '[{"region": "098", "indicator": "cw_placed", "year": 2022, "value": ' + "1" * 5000 + "}]",
            "format-error",
            "The JSON file holds a value that is not a number (NaN, Infinity) or a number too long. "
            "Fix the value or write null.",
        ),
        (
            "nan.json",
            '[{"region": NaN, "indicator": "cw_placed", "year": 2022, "value": 5}]',
            "format-error",
            "The JSON file holds a value that is not a number (NaN, Infinity) or a number too long. "
            "Fix the value or write null.",
        ),
        (
            "bom.csv",
            "\ufeff  \n\n \n",
            "empty-file",
            "The file is empty (nothing but blank space or a byte-order mark). Choose a file that holds the data.",
        ),
    ],
)
def test_file_level_problems_end_in_one_error(engine: Engine, name: str, data: str, kind: str, message: str) -> None:
    result = load(engine, data, name)
    assert report(result) == [(kind, None, None, None, message)]
    refused(engine, result)


def test_cell_level_problems_point_at_their_cells(engine: Engine) -> None:
    text = (
        "alue;indikaattori;vuosi;kuukausi;arvo\n"
        "Hollola;fc_visits;2022;13;5\n"  # month: the month column
        "Hollola;fc_visits;kaksi;1;5\n"  # year: the cell's own text, not an internal key
        "Hollola;fc_visits;1900;2;5\n"
        "Hollola;cw_placed;2022;;" + "1" * 5000 + "\n"
        "Hollola;cw_placed;2023;;12,7\n"
        "Hollola;cw_placed;2024;;1000000000000\n"
        "Holl\x1b[31mola;cw_placed;2021;;5\n"  # an escape code never reaches the terminal
    )
    result = load(engine, text, "cells.csv")
    assert report(result) == [
        ("type-error", None, 2, "D", "row 2, column D: '13' is not a month. Write the month as a number 1–12."),
        (
            "type-error",
            None,
            3,
            "C",
            "row 3, column C: 'kaksi' is not a year. Write the year with four digits (e.g. 2024).",
        ),
        (
            "type-error",
            None,
            4,
            "C",
            "row 4, column C: '1900' is outside the years the app holds (1945–2027). Check the year.",
        ),
        (
            "type-error",
            None,
            5,
            "E",
            "row 5, column E: '" + "1" * 59 + "…' is too long a number (more than 15 digits). "
            "Check the cell: it may be an identifier, not a number.",
        ),
        (
            "constraint-error",
            None,
            6,
            "E",
            "row 6, column E: A count must be a whole number (12.7). Check the value: is it a rate, or is the "
            "decimal separator wrong?",
        ),
        (
            "constraint-error",
            None,
            7,
            "E",
            "row 7, column E: The value 1,000,000,000,000 is implausibly large (limit 100,000,000). Check the number.",
        ),
        (
            "unknown-region",
            None,
            8,
            "A",
            "row 8, column A: The area 'Holl[31mola' was not recognised. Use the municipality's or county's name "
            "or code in the 2025 classification.",
        ),
    ]
    assert "\x1b" not in json.dumps(result)
    refused(engine, result)


def test_values_of_the_wrong_shape(engine: Engine) -> None:
    listed = load(
        engine, json.dumps([{"region": ["098"], "indicator": "cw_placed", "year": 2022, "value": 5}]), "l.json"
    )
    assert report(listed) == [
        (
            "type-error",
            None,
            1,
            "region",
            "row 1, column region: The value is a list or an object where one value belongs. "
            "Give each field one number or text.",
        )
    ]
    huge = load(engine, '"X";"99999999999999999999";"Hollola";"098";"yhteensä";2022;5;5\n', "s.csv")
    assert [e[:4] for e in report(huge)] == [("unknown-indicator", None, 1, "B")]
    refused(engine, huge)


def test_json_with_catalogue_codes_is_not_read_as_sotkanet_ids(engine: Engine) -> None:
    rows = [{"region": "098", "indicator": "cw_placed", "year": 2022, "value": 7}]
    result = load(engine, json.dumps(rows), "own.json")
    assert result["ok"] is True
    assert fresh_rows(engine) == [("cw_placed", "municipality", "098", 2022, None, "total", 7.0, None, None, None)]


# --- numbers the file means --------------------------------------------------------------------------


def test_thousands_dot_is_read_right_or_refused(engine: Engine, empty_engine: Engine) -> None:
    # alone or beside decimal commas, "23.512" in a ';' file is 23 512 (a Finnish thousands dot)
    result = load(engine, HEAD + "Hollola;pop_total;2022;23.512\nHeinola;ecec_share;2022;78,5\n", "dots.csv")
    assert result["ok"] is True
    assert {(r[0], r[6]) for r in fresh_rows(engine)} == {("pop_total", 23512.0), ("ecec_share", 78.5)}
    # beside decimal points it could be either: refused, never read as 23.512 people
    text = HEAD + "Hollola;pop_total;2021;23.512\nHeinola;ecec_share;2022;78.55\nHartola;ecec_share;2022;70.25\n"
    mixed = ingest_bytes(engine, text.encode(), "mixed.csv").as_json("en")
    assert [e[:4] for e in report(mixed)] == [("type-error", None, 2, "D")]
    assert "'23.512': this file uses a decimal point" in mixed["errors"][0]["message"]


def test_percentages_agree_with_their_parts_and_zero_over_zero_is_flagged(engine: Engine) -> None:
    text = "alue;indikaattori;vuosi;arvo;osoittaja;nimittäjä\nHollola;ecec_share;2022;90;10;100\n"
    bad = load(engine, text, "pct.csv")
    assert report(bad) == [
        (
            "constraint-error",
            None,
            2,
            "D",
            "row 2, column D: The value 90 does not match its numerator and denominator (10 computed from them). "
            "Correct the value or the numbers, or leave the value empty and it is computed.",
        )
    ]
    ok = load(engine, "alue;indikaattori;vuosi;arvo;osoittaja;nimittäjä\nHollola;ecec_share;2022;33,3;1;3\n", "ok.csv")
    assert ok["ok"] is True  # a published value rounded to one decimal agrees
    zero = load(engine, "alue;indikaattori;vuosi;osoittaja;nimittäjä\nHeinola;ecec_share;2022;0;0\n", "zero.csv")
    assert zero["ok"] is True and [w["type"] for w in zero["warnings"]] == ["zero-over-zero"]
    stored = [r for r in fresh_rows(engine) if r[2] == "111"]
    assert stored == [("ecec_share", "municipality", "111", 2022, None, "total", None, 0.0, 0.0, "zero_over_zero")]
    nothing = load(engine, "alue;indikaattori;vuosi;osoittaja;nimittäjä\nHartola;ecec_share;2022;3;0\n", "n.csv")
    assert [e[:4] for e in report(nothing)] == [("constraint-error", None, 2, "E")]


def test_a_count_above_the_areas_population_is_refused(engine: Engine) -> None:
    text = HEAD + "Hollola;pop_0_17;2022;4210\nHollola;cw_placed;2022;5000\nHeinola;cw_placed;2022;40\n"
    result = load(engine, text, "pop.csv")
    assert report(result) == [
        (
            "constraint-error",
            None,
            None,
            None,
            "cw_placed, Hollola 2022: 5,000 is more than the area's population (pop_0_17: 4,210). "
            "Check the number or the area.",
        )
    ]
    refused(engine, result)


def test_hidden_rows_and_columns_are_listed_and_left_out_unless_asked(engine: Engine) -> None:
    def hide(ws: Any) -> None:
        ws.append(["Heinola", "cw_placed", 2022, 6])
        ws.append(["Hartola", "cw_placed", 2022, 7])
        ws.row_dimensions[3].hidden = True
        ws["E1"] = "muistiinpano"
        ws["E2"] = "tarkista"
        ws.column_dimensions["E"].hidden = True

    data = xlsx(PLAIN, edit=hide)
    result = load(engine, data, "hidden.xlsx")
    assert result["ok"] is True
    assert [w["message"] for w in result["warnings"]] == [
        "sheet Data: Hidden rows (1) hold data and were not loaded: rows 3. If they belong, unhide them or "
        "load with --include-hidden.",
        "sheet Data: Hidden columns (1) hold data and were not loaded: E. If they belong, unhide them or load "
        "with --include-hidden.",
    ]
    assert {r[2] for r in fresh_rows(engine)} == {"098", "081"}  # Heinola (111) was hidden
    again = load(engine, xlsx(PLAIN, title="Data2", edit=hide), "hidden2.xlsx", include_hidden=True, replace=True)
    assert again["ok"] is True
    # the note column, now read, is an extra column the loaders skip with their usual warning
    assert [w["type"] for w in again["warnings"]] == ["hidden-rows-loaded", "hidden-columns-loaded", "columns-skipped"]
    assert {r[2] for r in fresh_rows(engine)} == {"098", "081", "111"}


# --- containers ---------------------------------------------------------------------------------------

MACROS = (
    "The file contains macros (.xlsm). Macros are never run and the file is not accepted: save it as .xlsx "
    "(Excel workbook)."
)


@pytest.mark.parametrize(
    ("extra", "rewrite"),
    [
        ({"xl/vbaproject.bin": b"\0" * 64}, None),  # lower case
        ({"XL/VBAPROJECT.BIN": b"\0" * 64}, None),
        ({"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}, None),  # Excel 4.0 macros
        ({}, {"[Content_Types].xml": (b"sheet.main+xml", b"sheet.macroEnabled.main+xml")}),  # xlsm renamed
    ],
)
def test_macros_in_any_disguise(engine: Engine, extra: dict[str, bytes], rewrite: Any) -> None:
    result = load(engine, with_parts(xlsx(PLAIN), extra, rewrite), "book.xlsx")
    assert report(result) == [("format-error", None, None, None, MACROS)]
    refused(engine, result)


def test_an_ods_file_is_named_for_what_it_is(engine: Engine) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    result = load(engine, buf.getvalue(), "taulukko.xlsx")
    assert report(result) == [
        (
            "format-error",
            None,
            None,
            None,
            "The file is an OpenDocument spreadsheet (.ods). Save it as .xlsx or .csv and upload it again.",
        )
    ]


def test_many_unknown_names_stop_at_the_error_cap(engine: Engine) -> None:
    text = HEAD + "".join(f"Paikka{i};mittari{i};2022;5\n" for i in range(40_000))
    result = load(engine, text, "unknown.csv")
    assert len(result["errors"]) == 101  # 100 listed and one saying how many more (an area and an indicator a row)
    assert result["errors"][-1]["message"] == "79,900 more errors not listed. Fix the ones above and upload again."
    refused(engine, result)


# --- command line: settings, odd ids, printing --------------------------------------------------------


def _cli(args: list[str], env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    import os

    full = {**os.environ, "LAPE_SEED_DEMO": "0", **env}
    db = f"sqlite:///{tmp / 'cli.sqlite'}"
    return subprocess.run(
        [sys.executable, "-m", "data_loaders", "--db", db, *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=120,
    )


def test_settings_and_odd_arguments_never_trace(tmp_path: Path) -> None:
    csv_path = tmp_path / "esc\x1b[2Jname.csv"
    csv_path.write_text(HEAD + "Hollola;cw_placed;2022;5\n", encoding="utf-8")
    bad_setting = _cli(["ingest", str(csv_path), "--json"], {"LAPE_MAX_ERRORS": "0"}, tmp_path)
    assert bad_setting.returncode == 2
    assert bad_setting.stderr.strip() == "virhe / fel / error: LAPE_MAX_ERRORS='0': the value must be 1–100000."
    words = _cli(["ingest", str(csv_path)], {"LAPE_MAX_UPLOAD_MB": "lots"}, tmp_path)
    assert words.returncode == 2 and "LAPE_MAX_UPLOAD_MB='lots': give a number" in words.stderr
    half = _cli(["ingest", str(csv_path), "--json"], {"LAPE_MAX_UPLOAD_MB": "0.5"}, tmp_path)
    line = json.loads(half.stdout)
    assert half.returncode == 0 and line["ok"] is True and line["file"] == "esc[2Jname.csv"
    history = _cli(["history"], {}, tmp_path)
    assert "\x1b" not in history.stdout and "esc[2Jname.csv" in history.stdout
    far = _cli(["rollback", "99999999999999999999"], {}, tmp_path)
    assert far.returncode == 1 and "Traceback" not in far.stderr
    for run in (bad_setting, words, half, history, far):
        assert "Traceback" not in run.stderr + run.stdout


def test_garbage_collection_comes_back_after_every_ingest(tmp_path: Path) -> None:
    """Ingest pauses cyclic garbage collection while it works (bench/ingest.py); it is on again after a
    refused file, an accepted one, a crash inside, and when two ingests overlap (the app's threads)."""
    import gc
    import threading

    from data_loaders import ingest as ingest_module
    from store.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'gc.sqlite'}")
    assert gc.isenabled()
    assert not ingest_module.ingest_bytes(engine, b"\xef\xbb\xbf  \n", "empty.csv").ok
    assert gc.isenabled()
    assert ingest_module.ingest_bytes(engine, b"kunta;indikaattori;vuosi;arvo\n098;cw_placed;2023;5\n", "a.csv").ok
    assert gc.isenabled()
    with pytest.raises(RuntimeError), ingest_module.paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("inside")
    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with ingest_module.paused_gc():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(10)
    with ingest_module.paused_gc():
        pass
    assert not gc.isenabled()  # the other ingest is still working
    release.set()
    worker.join()
    assert gc.isenabled()
    gc.disable()  # a program that had it off keeps it off
    try:
        with ingest_module.paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_formula_cells_are_found_without_reading_past_their_row() -> None:
    """A formula without a cached value is reported by column; empty self-closing cells (what a template
    with number formats has by the thousand) and drop-down formulas (<formula1>) are not formulas, and
    a cell's content never runs into the next cell (the old pattern did, once per cell: 85 s)."""
    from data_loaders.readers import _formula_columns

    row = (b'<row r="1"><c r="A1"><f>SUM(B1)</f></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1" t="s"><v>0</v></c>'
           b'<c r="D1"><f t="shared" si="0"/></c><c r="E1" s="1"/></row>')  # fmt: skip
    empty = b"".join(b'<row r="%d"><c r="C%d" s="1"/><c r="F%d" s="2"/></row>' % (i, i, i) for i in range(2, 3000))
    validation = b"<dataValidations><dataValidation><formula1>1945</formula1></dataValidation></dataValidations>"
    assert _formula_columns(b"<sheetData>" + row + empty + b"</sheetData>" + validation) == ["A", "D"]
    assert _formula_columns(b"<sheetData>" + empty + b"</sheetData>" + validation) == []
