"""The fuzz run, in its own process under a memory limit (`python -m tests.data_loaders.fuzz_worker`):
hypothesis mutates a valid csv, xlsx and json file (bytes, cells, the sheet's XML) and every
mutant must end in a report: no exception, nothing written on refusal, the rows it says on
acceptance. The process's address space is capped, so an allocation like the 512 GB one of a
stray far cell kills the run instead of the machine, and the test sees it."""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

MEMORY_LIMIT = 4 * 1024**3  # bytes of address space for the whole process
EXAMPLES = int(sys.argv[1]) if len(sys.argv) > 1 else 120

CSV = (
    "alue;indikaattori;vuosi;arvo;osoittaja;nimittäjä\n"
    "Hollola;cw_placed;2022;41;;\n"
    "Heinola;cw_placed;2022;38;;\n"
    "Hollola;pop_0_17;2022;4210;;\n"
    "Päijät-Häme;ecec_share;2023;;1520;2010\n"
    "091 Helsinki;family_work;2021;1 234;;\n"
).encode()

JSON = json.dumps(
    [
        {
            "indicator": 127,
            "region": {"id": 975, "code": "09", "category": "HYVINVOINTIALUE"},
            "year": 2023,
            "gender": "total",
            "value": 204635.0,
            "absValue": 204635,
        },
        {"region": "098", "indicator": "cw_placed", "year": 2022, "value": 7},
    ]
).encode()


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiedot"
    ws.append(["Lastensuojelu 2022"])
    ws.append([])
    ws.append(["Kunta", 2021, 2022, 2023])
    ws.append(["Hollola", 40, 41, 44])
    ws.append(["Heinola", 35, 38, 35])
    ws.append(["Yhteensä", 75, 79, 79])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx()

# cell texts people and tools produce: numbers in every dress, markers, dates, odd unicode, formulas
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "..",
            "-",
            "x",
            "1 234,5",
            "1.234",
            "−5",
            "12,7",
            "1e999",
            "NaN",
            "=1+1",
            "+358401234567",
            "010115-123A",
            "0101\u200b15-123A",
            "\u202e2202",
            "2022-13-45",
            "31.2.2024",
            "",
            " ",
            "\x00",
            "9" * 30,
            "Pertunmaa",
            "KU091",
            "MK07 Päijät-Häme",
            "SSS KOKO MAA",
            "Tiedot",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _check(data: bytes, name: str) -> None:
    from data_loaders.ingest import ingest_bytes
    from store.engine import init_db, make_engine
    from store.uploads import rollback_upload

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'f.sqlite'}")
        init_db(engine)
        result = ingest_bytes(engine, data, name, user="fuzz")
        out = result.as_json("fi")
        json.dumps(out)  # every report is printable as the --json line
        with engine.connect() as conn:
            from sqlalchemy import text

            rows = conn.execute(text("SELECT count(*) FROM observations")).scalar_one()
            uploads = conn.execute(text("SELECT count(*) FROM uploads")).scalar_one()
        if result.ok:
            assert result.upload_id is not None and rows == result.rows_accepted and uploads == 1, out
            rollback_upload(engine, result.upload_id)
        else:
            assert rows == 0 and uploads == 0 and out["errors"], out
        engine.dispose()


def _mutate(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, pos, chunk in ops:
        if not out:
            out += chunk
            continue
        at = pos % len(out)
        if kind == 0:  # overwrite
            out[at : at + len(chunk)] = chunk
        elif kind == 1:  # insert
            out[at:at] = chunk
        elif kind == 2:  # delete
            del out[at : at + max(1, len(chunk))]
        else:  # duplicate a stretch
            out[at:at] = out[at : at + 1 + len(chunk) * 8]
    return bytes(out)


OPS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.binary(min_size=1, max_size=12)), min_size=1, max_size=6
)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",  # CI replays the same cases; FUZZ_RANDOM=1 explores
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(OPS)
def fuzz_csv_bytes(ops: list[tuple[int, int, bytes]]) -> None:
    _check(_mutate(CSV, ops), "tiedosto.csv")


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 5), CELL), min_size=1, max_size=8))
def fuzz_csv_cells(edits: list[tuple[int, int, str]]) -> None:
    lines = [line.split(";") for line in CSV.decode().splitlines()]
    for r, c, text_ in edits:
        lines[r][c] = text_.replace("\n", " ")
    _check(("\n".join(";".join(line) for line in lines) + "\n").encode("utf-8", "surrogatepass"), "solut.csv")


@SETTINGS
@given(OPS)
def fuzz_json_bytes(ops: list[tuple[int, int, bytes]]) -> None:
    _check(_mutate(JSON, ops), "rivit.json")


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CELL,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
KEYS = ["region", "indicator", "year", "month", "gender", "value", "absValue", "numerator", "denominator"]


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), JSON_VALUE, max_size=7), max_size=5))
def fuzz_json_values(rows: list[dict[str, object]]) -> None:
    _check(json.dumps(rows).encode(), "arvot.json")


@SETTINGS
@given(OPS, st.booleans())
def fuzz_xlsx(ops: list[tuple[int, int, bytes]], inside: bool) -> None:
    if not inside:  # the archive's own bytes
        _check(_mutate(XLSX, ops), "taulukko.xlsx")
        return
    src = zipfile.ZipFile(io.BytesIO(XLSX))  # the sheet's XML, re-zipped as a tool would
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = _mutate(body, ops)
            z.writestr(info.filename, body)
    _check(buf.getvalue(), "taulukko.xlsx")


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    for run in (fuzz_csv_bytes, fuzz_csv_cells, fuzz_json_bytes, fuzz_json_values, fuzz_xlsx):
        run()
        print(f"{run.__name__}: {EXAMPLES} examples", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
