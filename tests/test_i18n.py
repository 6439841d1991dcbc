"""Catalogues complete in every language; numbers and dates formatted per language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from i18n import LANGUAGES, catalogue, format_date, format_number, t

ROOT = Path(__file__).resolve().parent.parent


def test_every_key_in_every_language() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    assert all(catalogue(lang)[k].strip() for lang in LANGUAGES for k in keys[lang])


def test_placeholders_match() -> None:
    pattern = re.compile(r"{(\w+)}")
    for key, text in catalogue("fi").items():
        for lang in ("sv", "en"):
            assert set(pattern.findall(text)) == set(pattern.findall(catalogue(lang)[key])), (key, lang)


def test_every_key_used_in_code_exists() -> None:
    sources = [p.read_text(encoding="utf-8") for p in [ROOT / "dashboard.py", *ROOT.glob("pages/*.py")]]
    used = set()
    for src in sources:
        used |= set(re.findall(r"""\b(?:t|tr)\(\s*["']([a-z_]+\.[a-z_.]+)["']""", src))
    missing = sorted(k for k in used if k not in catalogue("fi"))
    assert missing == []


def test_numbers_finnish_and_swedish() -> None:
    assert format_number(1234.5, "fi", 1) == "1\u00a0234,5"
    assert format_number(1234.5, "sv", 1) == "1\u00a0234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(1234567, "fi", 0) == "1\u00a0234\u00a0567"
    assert format_number(0.05, "fi", 1) == "0,1"


def test_missing_is_two_dots() -> None:
    assert format_number(None, "fi") == ".."
    assert format_number(float("nan"), "sv") == ".."


def test_dates() -> None:
    d = dt.date(2024, 2, 1)
    assert format_date(d, "fi") == "1.2.2024"
    assert format_date(d, "sv") == "1.2.2024"
    assert format_date(d, "en") == "1 Feb 2024"


def test_t_fills_placeholders_and_falls_back() -> None:
    assert t("overview.title", "sv", area="Åland") == "Översikt: Åland"
    assert t("no.such.key", "en") == "no.such.key"
    assert t("page.overview", "xx") == "Yleiskuva"
