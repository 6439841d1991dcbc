"""Messages in Finnish, Swedish and English, and number/date formatting per language (Babel)."""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import NumberPattern, parse_pattern

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
SUPPRESSED = ".."
MINUS = "\u2212"
_DIR = Path(__file__).resolve().parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The message catalogue of one language (i18n/<lang>.json)."""
    with (_DIR / f"{lang}.json").open(encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def normalise_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Translate `key` into `lang`, filling {placeholders}; falls back to Finnish, then the key."""
    text = catalogue(normalise_language(lang)).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


def format_number(value: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """1 234,5 in Finnish and Swedish, 1,234.5 in English, −5 with a real minus; '..' for a missing value."""
    if value is None:
        return SUPPRESSED
    try:
        number = float(value)
    except (TypeError, ValueError):
        return SUPPRESSED
    if math.isnan(number) or math.isinf(number):
        return SUPPRESSED
    pattern, locale = _number_format(normalise_language(lang), decimals)
    text = str(pattern.apply(round(number, decimals), locale))
    # a real minus sign (U+2212), as typeset statistics use; "-0,0" is just 0
    return text.replace("-", MINUS) if any(ch not in "-0,.\u00a0" for ch in text) else text.lstrip("-")


@cache
def _number_format(lang: str, decimals: int) -> tuple[NumberPattern, Locale]:
    """Babel's parsed pattern and locale, made once (parsing them is most of the cost)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return parse_pattern(pattern), Locale.parse(LOCALES[lang])


def format_date(value: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """1.2.2024 in Finnish and Swedish (Finland), 1 Feb 2024 in English."""
    lang = normalise_language(lang)
    return _babel_format_date(value, format="d MMM yyyy" if lang == "en" else "d.M.yyyy", locale=LOCALES[lang])
