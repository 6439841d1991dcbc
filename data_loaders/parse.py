"""Parsing cells the Finnish way: decimal comma, space thousands, Unicode minus, source markers,
dates day-first, personal identity codes detected (never echoed)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

# Source markers meaning "no value here" (THL/Tilastokeskus conventions). Never read as 0.
MISSING_MARKERS = frozenset({"..", ".", "-", "x", "X", "–", "—", "...", "…"})
SUPPRESSED_FLAG = "suppressed_at_source"
PRELIMINARY_FLAG = "preliminary"
ESTIMATE_FLAG = "estimate"

# A flag column's words (THL "ennakkotieto", Statistics Finland "ennakko"/"*", estimates "arvio"),
# in Finnish, Swedish and English; a blank cell or "lopullinen"/"final" is no flag.
_FLAG_WORDS = {
    PRELIMINARY_FLAG: {
        "preliminary", "ennakko", "ennakkotieto", "ennakollinen", "ennakkotiedot", "ennak.", "*", "p",
        "prel", "prel.", "preliminär", "preliminärt", "förhandsuppgift", "förhandsuppgifter", "förhandsdata",
        "provisional", "ennakkoarvio",
    },
    ESTIMATE_FLAG: {
        "e", "estimate", "arvio", "arvioitu", "estimoitu", "est.", "uppskattning", "uppskattad", "estimated",
    },
    SUPPRESSED_FLAG: {
        "suppressed_at_source", "salattu", "tietosuoja", "suojattu", "sekretess", "suppressed", "confidential",
        "salassa pidettävä",
    },
}  # fmt: skip
_FINAL_WORDS = frozenset({"", "lopullinen", "final", "slutlig", "slutgiltig", "lopullinen tieto", "-"})
_FLAG_LOOKUP = {word: flag for flag, words in _FLAG_WORDS.items() for word in words}
# A year or a period header marked preliminary the way Statistics Finland writes it ("2024*") or in words.
_YEAR_MARK = re.compile(
    r"^(\d{4})\s*(\*|\(?\s*(?:ennakko(?:tieto)?|ennakollinen|prel\.?|preliminary|preliminär|förhandsuppgift|p)\s*\)?)$",
    re.IGNORECASE,
)

_SPACE_CHARS = "\u0020\u00a0\u2009\u202f\u2007\u2008\u200a"
_SPACES_RE = re.compile(f"(?<=\\d)[{_SPACE_CHARS}](?=\\d)")
# No leading "+": "+358..." is a phone number or a formula in a spreadsheet, never a level.
_COMMA_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
_POINT_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ANY_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
MAX_DIGITS = 15  # what a float holds exactly; a longer number is a mistake (or an identifier)
_UNIT_SUFFIX = re.compile(r"\s*(%|€|eur|e)$", re.IGNORECASE)

# ddmmyy, century sign, individual number, check character (the check itself is not required:
# anything shaped like a henkilötunnus is refused).
HETU_RE = re.compile(
    r"(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])"
)

EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be read as the column's type; args[0] is an i18n key suffix."""


_LINE_CHARS = frozenset("\n\r\t")


def clean_text(value: Any) -> str:
    """A cell as trimmed text: NFC, without invisible format characters (BOM, zero-width space,
    soft hyphen, word joiner) and control characters (escape codes); line breaks and tabs kept."""
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = unicodedata.normalize("NFC", str(value))
    if not text.isprintable():
        text = "".join(
            ch for ch in text if ch in _LINE_CHARS or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs")
        )
    return text.strip()


# A henkilötunnus however it is dressed: invisible characters removed first, then spaces and any
# dash allowed between its parts ("010115 - 123A", "010115–123A").
_HETU_LOOSE = re.compile(
    r"(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])\s*(0[1-9]|1[0-2])\s*\d{2}\s*[-+A-FU-Y]\s*\d{3}\s*[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])"
)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"})


def contains_hetu(value: Any) -> bool:
    """True for text holding anything shaped like a henkilötunnus (the check character not required)."""
    if not isinstance(value, str):
        return False
    if value.isascii() and value.isprintable():
        return _HETU_LOOSE.search(value.upper()) is not None
    text = unicodedata.normalize("NFKC", value)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch in _LINE_CHARS)
    return _HETU_LOOSE.search(text.translate(_DASHES).upper()) is not None


def mask_hetu(text: str) -> str:
    """The text with anything shaped like a henkilötunnus replaced (for a file name in a message)."""
    if not contains_hetu(text):
        return text
    plain = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) not in ("Cf", "Cc"))
    return re.sub(_HETU_LOOSE.pattern, "XXXXXX-XXXX", plain.translate(_DASHES), flags=re.IGNORECASE)


def parse_number(value: Any, decimal: str) -> float | None:
    """A number from a cell. decimal: 'comma', 'point' or 'any'.

    Returns None for a source marker (.. . - x); raises CellError for text that is not a
    number in the file's convention (e.g. "12.5" where numbers use a decimal comma).
    """
    if isinstance(value, bool):
        raise CellError("not-number")
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise CellError("not-finite")
        return number
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise CellError("not-number")
    text = clean_text(value)
    if text in MISSING_MARKERS:
        return None
    text = text.replace("\u2212", "-").replace("\u2013", "-") if len(text) > 1 else text
    text = _SPACES_RE.sub("", text)
    text = _UNIT_SUFFIX.sub("", text)
    if text.lower() in {"nan", "inf", "-inf", "+inf", "infinity", "#div/0!", "#n/a", "#value!", "#num!"}:
        raise CellError("not-finite")
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        raise CellError("too-many-digits")
    if _DOT_THOUSANDS.match(text):
        # "1.234" / "1.234.567": a thousands dot where numbers are written the Finnish way, never a
        # decimal there; in a file with a decimal point and ';' between cells it could be either
        if decimal == "comma" or text.count(".") > 1:
            return float(text.replace(".", ""))
        if decimal == "point-semicolon":
            raise CellError("ambiguous-dot")
    if decimal == "point-semicolon":
        decimal = "point"
    if decimal == "comma":
        if not _COMMA_NUMBER.match(text):
            raise CellError("point-in-comma-file" if _POINT_NUMBER.match(text) else "not-number")
        return float(text.replace(",", "."))
    if decimal == "point":
        if not _POINT_NUMBER.match(text):
            raise CellError("comma-in-point-file" if _COMMA_NUMBER.match(text) else "not-number")
        return float(text)
    if not _ANY_NUMBER.match(text):
        raise CellError("not-number")
    return float(text.replace(",", "."))


def looks_numeric(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = _SPACES_RE.sub("", clean_text(value)).replace("\u2212", "-")
    return bool(_ANY_NUMBER.match(text))


# The years the app holds: from the municipality history it knows (abolitions since 1946) to next year.
FIRST_YEAR = 1945


def last_year() -> int:
    return dt.date.today().year + 1


def year_window() -> dict[str, int]:
    """The window as message parameters: {first}–{last}."""
    return {"first": FIRST_YEAR, "last": last_year()}


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= last_year():
        raise CellError("year-out-of-range")
    return year


def parse_year(value: Any) -> int:
    """A year in the window from 2024, 2024.0 or '2024'."""
    if isinstance(value, dt.date):
        return check_year(value.year)
    text = clean_text(value)
    if re.fullmatch(r"\d{4}", text):
        return check_year(int(text))
    raise CellError("not-year")


def parse_flag(value: Any) -> str | None:
    """A data-quality flag from a flag column: preliminary, estimate, suppressed at source, or None."""
    text = clean_text(value).lower().strip()
    if text in _FINAL_WORDS:
        return None
    if text in _FLAG_LOOKUP:
        return _FLAG_LOOKUP[text]
    raise CellError("not-flag")


def parse_year_flag(value: Any) -> tuple[int, str | None]:
    """A year and whether it is marked preliminary: 2024 -> (2024, None); '2024*' or
    '2024 (ennakko)' -> (2024, 'preliminary')."""
    try:
        return parse_year(value), None
    except CellError:
        m = _YEAR_MARK.match(clean_text(value))
        if m is None:
            raise
        return check_year(int(m.group(1))), PRELIMINARY_FLAG


def strip_year_mark(value: Any) -> tuple[Any, str | None]:
    """A column header without its preliminary mark ('2024*' -> '2024', 'preliminary')."""
    if isinstance(value, str):
        m = _YEAR_MARK.match(clean_text(value))
        if m is not None:
            return m.group(1), PRELIMINARY_FLAG
    return value, None


_MONTHS = {
    name: i + 1
    for names in (
        "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu",
        "januari februari mars april maj juni juli augusti september oktober november december",
        "january february march april may june july august september october november december",
    )
    for i, name in enumerate(names.split())
}


def parse_date(value: Any) -> dt.date:
    """A date, day first: 1.2.2024, 2024-02-01, an Excel serial 45323 or a datetime cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < float(value) < 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("not-date")
    text = clean_text(value)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if re.fullmatch(r"\d{5}(\.0)?", text):
            return parse_date(float(text))
    except ValueError as exc:
        raise CellError("not-date") from exc
    raise CellError("not-date")


def parse_month(value: Any) -> int:
    """A month 1-12 from 2, '02', 'helmikuu', or a date."""
    if isinstance(value, dt.date):
        return value.month
    text = clean_text(value).lower()
    if re.fullmatch(r"\d{1,2}", text) and 1 <= int(text) <= 12:
        return int(text)
    if text in _MONTHS:
        return _MONTHS[text]
    try:
        return parse_date(value).month
    except CellError:
        raise CellError("not-month") from None


def period_from_header(value: Any) -> tuple[int, int] | None:
    """(year, month) from a column header of a wide sheet: 2024 -> (2024, 0);
    2024-02, 02/2024, 2/2024, 'helmikuu 2024', a date cell -> (2024, 2)."""
    if isinstance(value, dt.date):
        return (value.year, value.month)
    value = strip_year_mark(value)[0]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (int(value), 0) if float(value).is_integer() and 1900 <= value <= 2100 else None
    text = clean_text(value).lower()
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return (int(text), 0)
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})", text) or None
    if m and 1 <= int(m.group(2)) <= 12:
        return (int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return (int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"([a-zåäö]+)\s+(\d{4})", text)
    if m and m.group(1) in _MONTHS:
        return (int(m.group(2)), _MONTHS[m.group(1)])
    return None


_SEXES = {
    "total": {"total", "totalt", "yhteensä", "sukupuolet yhteensä", "molemmat", "kaikki", "t", "all", "båda könen"},
    "male": {"male", "males", "m", "mies", "miehet", "poika", "pojat", "man", "män", "pojkar", "boys", "boy"},
    "female": {"female", "females", "f", "n", "nainen", "naiset", "tyttö", "tytöt", "kvinna", "kvinnor", "flickor"}
    | {"girls", "girl", "k"},
}
_SEX_LOOKUP = {alias: sex for sex, aliases in _SEXES.items() for alias in aliases}


def parse_sex(value: Any) -> str:
    text = clean_text(value).lower()
    if not text:
        return "total"
    if text in _SEX_LOOKUP:
        return _SEX_LOOKUP[text]
    raise CellError("not-sex")
