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
import zlib
from dataclasses import dataclass, field
from typing import Any

from openpyxl.xml import DEFUSEDXML

from data_loaders.report import LoaderError
from store.settings import get_int, get_number

# openpyxl parses our own template downloads; it must use defusedxml (pinned in requirements).
assert DEFUSEDXML, "defusedxml must be installed: openpyxl would parse XML unsafely without it"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
MOJIBAKE = re.compile("Ã[¤¶¥„–…]")
# A cell with content: its attributes (not self-closing) and what lies before its </c>, never crossing
# into the next cell or row, so a sheet of empty self-closing cells is scanned once, not once per cell.
_CELL_RE = re.compile(rb"<c\b([^>]*?)(?<!/)>((?:[^<]|<(?!/c>|c[\s>/]|/row>))*)</c>")
_FORMULA_RE = re.compile(rb"<f[\s>/]")
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE_RE = re.compile(rb"<v>[^<]+</v>")


@dataclass
class Sheet:
    """One table of cells. rows[i] is spreadsheet line i+1."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    consumed: tuple[str, ...] = ()  # headers a transform has already read (the cost template's production)


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
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)  # sheet -> hidden lines holding data
    hidden_columns: dict[str, list[str]] = field(default_factory=dict)  # sheet -> hidden columns holding data


def sniff_kind(data: bytes, filename: str) -> str:
    """The container kind from the bytes: xlsx, ole, json or text. Raises LoaderError."""
    if not data:
        raise LoaderError("empty-file")
    if len(data) > get_number("LAPE_MAX_UPLOAD_MB") * 1024 * 1024:
        raise LoaderError(
            "limit-exceeded",
            "err.file-too-large",
            mb=round(len(data) / 1048576, 1),
            limit=get_number("LAPE_MAX_UPLOAD_MB"),
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
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n\x0b\x0c")
    if not stripped or not stripped.strip(b" \t\r\n;,|\x0b\x0c"):  # a BOM, spaces, empty lines only
        raise LoaderError("empty-file")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "text"


def check_zip(data: bytes, ext: str = "xlsx") -> zipfile.ZipFile:
    """Open an xlsx archive after checking its directory: macros, size and ratio (zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoaderError("format-error", "err.broken-zip") from exc
    names = {i.filename.lower() for i in infos}  # archive names are matched in any letter case
    if "mimetype" in names and "content.xml" in names:
        raise LoaderError("format-error", "err.ods")
    if "xl/workbook.bin" in names:
        raise LoaderError("format-error", "err.xlsb")
    if "xl/workbook.xml" not in names:
        raise LoaderError("format-error", "err.not-excel", ext=ext or "xlsx")
    macro_parts = ("xl/macrosheets/", "xl/dialogsheets/", "xl/vbaproject", "xl/activex/")
    if any(n.startswith(macro_parts) for n in names) or _macro_content_type(archive, infos):
        raise LoaderError("format-error", "err.macros")
    total = sum(i.file_size for i in infos)
    limit_mb = get_number("LAPE_ZIP_MAX_UNCOMPRESSED_MB")
    max_ratio = get_number("LAPE_ZIP_MAX_RATIO")
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


def _macro_content_type(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """An xlsm (macro-enabled) or Excel 4.0 macro sheet declared in [Content_Types].xml."""
    for info in infos:
        if info.filename.lower() == "[content_types].xml" and info.file_size < 1024 * 1024:
            types = archive.read(info).lower()
            return b"macroenabled" in types or b"macrosheet" in types or b"vbaproject" in types
    return False


_HIDDEN_ROW_RE = re.compile(rb'<row\b([^>]*?\bhidden="(?:1|true)"[^>]*)>')
_HIDDEN_COL_RE = re.compile(rb'<col\b([^>]*?\bhidden="(?:1|true)"[^>]*)/?>')
_MIN_MAX_RE = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"')


def col_number(letters: str) -> int:
    """A1-style column letters to 1-based number: A -> 1, XFD -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(number: int) -> str:
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class SheetScan:
    """What a worksheet's XML declares, read before the sheet is built."""

    rows: int = 0
    cols: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[int] = field(default_factory=list)


_DIM_RE = re.compile(rb'<dimension\b[^>]*?\bref="[A-Z]*\d*:?([A-Z]{1,3})(\d{1,7})"')
_ROW_NUM_RE = re.compile(rb'<row\b[^>]*?\br="(\d{1,9})"')
_ODD_SPACE = (b'\tr="', b'\nr="', b'\rr="')  # XML allows any white space before an attribute


def _ref_letters(xml: bytes, letters: bytes, odd_space: bool) -> set[bytes]:
    """The distinct column letters of cell references matching `letters` (a regex fragment).
    Searched from the literal ' r="' (fast); a tab or newline before r= (rare) gets the slow pattern."""
    found = set(re.findall(rb' r="(' + letters + rb")\d", xml))
    if odd_space:
        found |= set(re.findall(rb'\sr="(' + letters + rb")\d", xml))
    return found


def scan_sheet_xml(xml: bytes, limit: int | None = None) -> SheetScan:
    """The used area (last row, widest column any cell reaches) and the hidden rows and columns.
    A few regular-expression scans from literal prefixes, most of which find nothing in a normal sheet.
    With `limit` (most cells allowed), a sheet whose references all have one letter gets the upper
    bound 26 columns when even that fits the limit (the exact width does not matter then)."""
    scan = SheetScan()
    dim = _DIM_RE.search(xml, 0, 4096)
    dim_col = col_number(dim.group(1).decode()) if dim else 1
    scan.rows = max((int(r) for r in _ROW_NUM_RE.findall(xml)), default=0)
    # the white space itself is looked for first (fast), after the XML declaration and its line break
    body = xml.find(b"?>", 0, 512) + 2 if xml.startswith(b"<?xml") else 0
    odd = any(xml.find(sep[:1], body) != -1 and sep in xml for sep in _ODD_SPACE)
    wide = _ref_letters(xml, rb"[A-Z]{2,3}", odd)
    if wide:
        scan.cols = max(col_number(r.decode()) for r in wide)
    elif limit is not None and scan.rows * 26 <= limit:
        scan.cols = 26
    else:  # one letter: only letters after the declared last column need a look
        scan.cols = min(dim_col, 26)
        if scan.cols < 26:
            beyond = _ref_letters(xml, rb"[%c-Z]" % (64 + scan.cols + 1), odd)
            if beyond:
                scan.cols = max(col_number(r.decode()) for r in beyond)
    if b'hidden="' in xml:
        for attrs in _HIDDEN_ROW_RE.findall(xml):
            m = re.search(rb'\br="(\d+)"', attrs)
            if m:
                scan.hidden_rows.append(int(m.group(1)))
        for attrs in _HIDDEN_COL_RE.findall(xml):
            m = _MIN_MAX_RE.search(attrs)
            if m:
                lo, hi = int(m.group(1)), int(m.group(2))
                scan.hidden_cols.extend(range(lo, min(hi, lo + 16384) + 1))
    return scan


def scan_sheets(archive: zipfile.ZipFile) -> tuple[dict[str, list[str]], dict[str, SheetScan]]:
    """One pass over each worksheet's XML: columns whose formulas carry no value, and the scan.
    Refuses a sheet whose used area is larger than LAPE_MAX_CELLS before anything is built."""
    formulas: dict[str, list[str]] = {}
    scans: dict[str, SheetScan] = {}
    try:
        paths = _sheet_paths(archive)
    except (KeyError, SyntaxError):
        return formulas, scans
    limit = get_int("LAPE_MAX_CELLS")
    for name, path in paths.items():
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        scan = scan_sheet_xml(xml, limit)
        scans[name] = scan
        if scan.rows * scan.cols > limit:
            raise LoaderError(
                "limit-exceeded",
                "err.used-area",
                name=printable_name(name),
                cell=f"{col_letters(scan.cols)}{scan.rows}",
                cells=scan.rows * scan.cols,
                limit=limit,
            )
        cols = _formula_columns(xml)
        if cols:
            formulas[name] = cols
    return formulas, scans


def printable_name(text: str) -> str:
    """A sheet or file name fit to print: control characters out, cut to 60 characters."""
    cleaned = "".join(ch for ch in str(text) if ch.isprintable())
    return cleaned[:60] + ("…" if len(cleaned) > 60 else "")


def _formula_columns(xml: bytes) -> list[str]:
    if not _FORMULA_RE.search(xml):  # <f>, <f t="shared" .../>; not <formula1> of a drop-down list
        return []
    cols: list[str] = []
    for attrs, inner in _CELL_RE.findall(xml):
        if b"<f" in inner and not _VALUE_RE.search(inner):
            ref = _REF_RE.search(attrs)
            col = ref.group(1).decode() if ref else "?"
            if col not in cols:
                cols.append(col)
    return cols


def _check_limits(rows: list[list[Any]]) -> None:
    if len(rows) > get_int("LAPE_MAX_ROWS") + 50:
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(rows), limit=get_int("LAPE_MAX_ROWS"))
    cells = sum(len(r) for r in rows)
    if cells > get_int("LAPE_MAX_CELLS"):
        raise LoaderError("limit-exceeded", "err.too-many-cells", cells=cells, limit=get_int("LAPE_MAX_CELLS"))


def read_excel(data: bytes, kind: str, ext: str = "xlsx", include_hidden: bool = False) -> Workbook:
    """xlsx or xls through python-calamine; hidden sheets are marked, not dropped; hidden rows and
    columns that hold data are left out (and listed) unless include_hidden."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    formula_cells: dict[str, list[str]] = {}
    scans: dict[str, SheetScan] = {}
    if kind == "xlsx":
        try:
            archive = check_zip(data, ext)
            formula_cells, scans = scan_sheets(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            raise LoaderError("format-error", "err.broken-zip") from exc
    elif ENCRYPTED_OOXML in data:
        raise LoaderError("format-error", "err.encrypted")
    hidden_rows: dict[str, list[int]] = {}
    hidden_columns: dict[str, list[str]] = {}
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in wb.sheets_metadata:
            rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            _check_limits(rows)
            scan = scans.get(meta.name)
            if scan and (scan.hidden_rows or scan.hidden_cols):
                lines, cols = _hidden_with_data(rows, scan, blank=not include_hidden)
                if lines:
                    hidden_rows[meta.name] = lines
                if cols:
                    hidden_columns[meta.name] = cols
            sheets.append(Sheet(meta.name, rows, hidden=meta.visible != SheetVisibleEnum.Visible))
    except CalamineError as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise LoaderError("format-error", "err.encrypted") from exc
        raise LoaderError("format-error", "err.broken-excel") from exc
    except (ValueError, KeyError, OSError, OverflowError, MemoryError) as exc:
        raise LoaderError("format-error", "err.broken-excel") from exc
    return Workbook(
        "xlsx" if kind == "xlsx" else "xls",
        sheets,
        "comma",
        formula_cells=formula_cells,
        hidden_rows=hidden_rows,
        hidden_columns=hidden_columns,
    )


def _hidden_with_data(rows: list[list[Any]], scan: SheetScan, blank: bool) -> tuple[list[int], list[str]]:
    """The hidden lines and columns that hold something; blanked in place when `blank`."""

    def filled(cell: Any) -> bool:
        return cell is not None and cell != ""

    lines = [n for n in scan.hidden_rows if 0 < n <= len(rows) and any(filled(c) for c in rows[n - 1])]
    cols = [c for c in scan.hidden_cols if any(len(r) >= c and filled(r[c - 1]) for r in rows)]
    if blank:
        for n in lines:
            rows[n - 1] = [""] * len(rows[n - 1])
        for c in cols:
            for r in rows:
                if len(r) >= c:
                    r[c - 1] = ""
    return lines, [col_letters(c) for c in cols]


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        tries = [("utf-8-sig", data[3:], "utf-8")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        tries = [("utf-16", data, "utf-16")]
    else:
        tries = [("utf-8", data, "utf-8"), ("cp1252", data, "cp1252")]
    for name, raw, codec in tries:
        try:
            text, enc = raw.decode(codec), name
            break
        except UnicodeDecodeError:  # e.g. a byte-order mark the rest of the file does not keep
            continue
    else:
        raise LoaderError("encoding-error", "err.encoding")
    if MOJIBAKE.search(text):
        raise LoaderError("encoding-error", "err.mojibake")
    return text, enc


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of columns."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ";", -1.0
    for delim in (";", "\t", ",", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:  # a cell past the field limit: read_text reports it with its line
            continue
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) * min(mode, 10)
        if score > best_score:
            best, best_score = delim, score
    return best


_COMMA_DEC = re.compile(r"^[+\-\u2212]?\d{1,3}([ \u00a0\u2009\u202f]?\d{3})*,\d+$")
_POINT_DEC = re.compile(r"^[+\-\u2212]?\d+\.\d+$")
_DOT_GROUPS = re.compile(r"^[+\-\u2212]?\d{1,3}(\.\d{3})+$")


def detect_decimal(rows: list[list[str]], delimiter: str) -> str:
    """Decimal comma or point, by which one the number cells use most (ties: by delimiter)."""
    comma = point = 0
    for row in rows[:2000]:
        for cell in row:
            cell = cell.strip()
            if _COMMA_DEC.match(cell):
                comma += 1
            elif _POINT_DEC.match(cell) and not _DOT_GROUPS.match(cell):  # "1.234" votes for neither
                point += 1
    if comma == point:
        return "point" if delimiter == "," else "comma"
    return "comma" if comma > point else "point"


def _csv_rows(text: str, delimiter: str, strict: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    limit = get_int("LAPE_MAX_ROWS") + 50
    rows: list[list[str]] = []
    start = 1
    extra = 0
    try:
        for row in reader:
            start = reader.line_num + 1
            if len(rows) < limit:
                rows.append(row)
            else:  # past the limit only counted, so the message gives the file's real row count
                extra += 1
    except csv.Error as exc:
        message = str(exc)
        if "field larger" in message:
            raise LoaderError(
                "limit-exceeded", "err.cell-too-long", line=reader.line_num, limit=csv.field_size_limit()
            ) from exc
        if "unexpected end of data" in message:  # a quoted cell opens and never closes
            raise LoaderError("format-error", "err.unbalanced-quote", line=start) from exc
        if strict:
            raise
        raise LoaderError("format-error", "err.broken-csv", line=reader.line_num) from exc
    if extra:
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(rows) + extra, limit=limit - 50)
    return rows


def read_text(data: bytes) -> Workbook:
    text, enc = decode_text(data)
    if not text.strip(" \t\r\n\ufeff;,|"):
        raise LoaderError("empty-file")
    delimiter = detect_delimiter(text)
    try:
        rows = _csv_rows(text, delimiter, strict=True)
    except csv.Error:  # a quote inside a cell ("12"3): read as the spreadsheet programs do
        rows = _csv_rows(text, delimiter, strict=False)
    _check_limits(rows)
    decimal = detect_decimal(rows, delimiter)
    if decimal == "point" and delimiter == ";":  # "1.234" there may be a thousands dot: never guessed
        decimal = "point-semicolon"
    return Workbook("csv", [Sheet("", rows)], decimal, delimiter=delimiter, encoding=enc)


def read_json(data: bytes) -> Workbook:
    text, enc = decode_text(data)
    try:
        payload = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise LoaderError("format-error", "err.broken-json", line=exc.lineno) from exc
    except RecursionError as exc:
        raise LoaderError("format-error", "err.json-too-deep") from exc
    except ValueError as exc:  # NaN, Infinity, or a number too long to read (CPython's digit limit)
        raise LoaderError("format-error", "err.json-number") from exc
    if isinstance(payload, dict):
        payload = payload.get("data") or payload.get("rows") or [payload]
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise LoaderError("format-error", "err.json-shape")
    if len(payload) > get_int("LAPE_MAX_ROWS"):
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(payload), limit=get_int("LAPE_MAX_ROWS"))
    return Workbook("json", [], "any", encoding=enc, json_rows=payload)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def read_workbook(data: bytes, filename: str, include_hidden: bool = False) -> Workbook:
    """Sniff the bytes and read them into a Workbook. Raises LoaderError with a report type."""
    kind = sniff_kind(data, filename)
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind in ("xlsx", "ole"):
        return read_excel(data, kind, ext, include_hidden)
    if kind == "json":
        return read_json(data)
    return read_text(data)
