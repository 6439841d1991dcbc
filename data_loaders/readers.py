"""Reading uploaded bytes into sheets of cells, after sniffing the content (never the name).

xlsx/xls with python-calamine (fast, never runs macros, does not expand XML entities);
csv/txt with the csv module after detecting encoding, delimiter and decimal convention;
THL Sotkanet REST JSON rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl.xml import DEFUSEDXML

from data_loaders.report import LoaderError
from store.settings import get_int

# openpyxl parses our own template downloads; it must use defusedxml (pinned in requirements).
assert DEFUSEDXML, "defusedxml must be installed: openpyxl would parse XML unsafely without it"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
MOJIBAKE = re.compile("Ã[¤¶¥„–…]")
_CELL_RE = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.DOTALL)
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE_RE = re.compile(rb"<v>[^<]+</v>")


@dataclass
class Sheet:
    """One table of cells. rows[i] is spreadsheet line i+1."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False


@dataclass
class Workbook:
    """What a file holds: its container kind, sheets, and how its text numbers are written."""

    kind: str  # xlsx | xls | csv | json
    sheets: list[Sheet]
    decimal: str = "comma"  # comma | point | any
    delimiter: str | None = None
    encoding: str | None = None
    json_rows: list[dict[str, Any]] | None = None
    formula_cells: dict[str, list[str]] = field(default_factory=dict)


def sniff_kind(data: bytes, filename: str) -> str:
    """The container kind from the bytes: xlsx, ole, json or text. Raises LoaderError."""
    if not data:
        raise LoaderError("empty-file")
    if len(data) > get_int("LAPE_MAX_UPLOAD_MB") * 1024 * 1024:
        raise LoaderError(
            "limit-exceeded",
            "err.file-too-large",
            mb=round(len(data) / 1048576, 1),
            limit=get_int("LAPE_MAX_UPLOAD_MB"),
        )
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if ext in ("xlsx", "xlsm", "xls"):
        raise LoaderError("format-error", "err.not-excel", ext=ext)
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoaderError("format-error", "err.not-spreadsheet")
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "text"


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open an xlsx archive after checking its directory: macros, size and ratio (zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoaderError("format-error", "err.broken-zip") from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise LoaderError("format-error", "err.not-excel", ext="xlsx")
    if "xl/vbaProject.bin" in names:
        raise LoaderError("format-error", "err.macros")
    if "xl/workbook.bin" in names:
        raise LoaderError("format-error", "err.xlsb")
    total = sum(i.file_size for i in infos)
    limit_mb = get_int("LAPE_ZIP_MAX_UNCOMPRESSED_MB")
    max_ratio = get_int("LAPE_ZIP_MAX_RATIO")
    if total > limit_mb * 1024 * 1024:
        raise LoaderError("limit-exceeded", "err.zip-bomb", mb=round(total / 1048576), limit=limit_mb)
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise LoaderError("limit-exceeded", "err.zip-bomb", mb=round(total / 1048576), limit=limit_mb)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as fh:
                head = fh.read(8192)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise LoaderError("format-error", "err.xml-entities")
    return archive


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet XML path, from workbook.xml and its relationships."""
    from defusedxml import ElementTree

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    wb = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", ns)}
    out = {}
    for sheet in wb.findall("m:sheets/m:sheet", ns):
        rid = sheet.get(f"{{{ns['r']}}}id")
        target = targets.get(rid, "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def formulas_without_values(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name -> columns whose formula cells carry no computed value."""
    found: dict[str, list[str]] = {}
    try:
        paths = _sheet_paths(archive)
    except (KeyError, SyntaxError):
        return found
    for name, path in paths.items():
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        cols: list[str] = []
        for attrs, inner in _CELL_RE.findall(xml):
            if b"<f" in inner and not _VALUE_RE.search(inner):
                ref = _REF_RE.search(attrs)
                col = ref.group(1).decode() if ref else "?"
                if col not in cols:
                    cols.append(col)
        if cols:
            found[name] = cols
    return found


def _check_limits(rows: list[list[Any]]) -> None:
    if len(rows) > get_int("LAPE_MAX_ROWS") + 50:
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(rows), limit=get_int("LAPE_MAX_ROWS"))
    cells = sum(len(r) for r in rows)
    if cells > get_int("LAPE_MAX_CELLS"):
        raise LoaderError("limit-exceeded", "err.too-many-cells", cells=cells, limit=get_int("LAPE_MAX_CELLS"))


def read_excel(data: bytes, kind: str) -> Workbook:
    """xlsx or xls through python-calamine; hidden sheets are marked, not dropped."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    formula_cells: dict[str, list[str]] = {}
    if kind == "xlsx":
        archive = check_zip(data)
        formula_cells = formulas_without_values(archive)
    elif ENCRYPTED_OOXML in data:
        raise LoaderError("format-error", "err.encrypted")
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in wb.sheets_metadata:
            rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            _check_limits(rows)
            sheets.append(Sheet(meta.name, rows, hidden=meta.visible != SheetVisibleEnum.Visible))
    except CalamineError as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise LoaderError("format-error", "err.encrypted") from exc
        raise LoaderError("format-error", "err.broken-excel") from exc
    except (ValueError, KeyError, OSError) as exc:
        raise LoaderError("format-error", "err.broken-excel") from exc
    return Workbook("xlsx" if kind == "xlsx" else "xls", sheets, "comma", formula_cells=formula_cells)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise LoaderError("encoding-error", "err.encoding") from exc
    if MOJIBAKE.search(text):
        raise LoaderError("encoding-error", "err.mojibake")
    return text, enc


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of columns."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ";", -1.0
    for delim in (";", "\t", ",", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) * min(mode, 10)
        if score > best_score:
            best, best_score = delim, score
    return best


_COMMA_DEC = re.compile(r"^[+\-\u2212]?\d{1,3}([ \u00a0\u2009\u202f]?\d{3})*,\d+$")
_POINT_DEC = re.compile(r"^[+\-\u2212]?\d+\.\d+$")


def detect_decimal(rows: list[list[str]], delimiter: str) -> str:
    """Decimal comma or point, by which one the number cells use most (ties: by delimiter)."""
    comma = point = 0
    for row in rows[:2000]:
        for cell in row:
            cell = cell.strip()
            if _COMMA_DEC.match(cell):
                comma += 1
            elif _POINT_DEC.match(cell):
                point += 1
    if comma == point:
        return "point" if delimiter == "," else "comma"
    return "comma" if comma > point else "point"


def read_text(data: bytes) -> Workbook:
    text, enc = decode_text(data)
    delimiter = detect_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    _check_limits(rows)
    decimal = detect_decimal(rows, delimiter)
    return Workbook("csv", [Sheet("", rows)], decimal, delimiter=delimiter, encoding=enc)


def read_json(data: bytes) -> Workbook:
    text, enc = decode_text(data)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoaderError("format-error", "err.broken-json", line=exc.lineno) from exc
    if isinstance(payload, dict):
        payload = payload.get("data") or payload.get("rows") or [payload]
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise LoaderError("format-error", "err.json-shape")
    if len(payload) > get_int("LAPE_MAX_ROWS"):
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(payload), limit=get_int("LAPE_MAX_ROWS"))
    return Workbook("json", [], "any", encoding=enc, json_rows=payload)


def read_workbook(data: bytes, filename: str) -> Workbook:
    """Sniff the bytes and read them into a Workbook. Raises LoaderError with a report type."""
    kind = sniff_kind(data, filename)
    if kind in ("xlsx", "ole"):
        return read_excel(data, kind)
    if kind == "json":
        return read_json(data)
    return read_text(data)
