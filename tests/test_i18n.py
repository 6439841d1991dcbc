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


FINNISH = re.compile(
    r"\b(ja|tai|on|ei|ovat|vuosi|vuodet|vuosina|tiedot|tietoja|lähde|koko maa|alue|alueen|kunta|kunnan|"
    r"hyvinvointialue|lapset|lasten|perhe|kaavio|kartta|taulukko|lataa|seuraava|edellinen|salattu)\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(
    r"\b(the|and|or|of|with|data|year|years|area|areas|download|table|chart|map|next|previous|hidden)\b",
    re.IGNORECASE,
)
# Texts that are the same in every language by nature: placeholders only, symbols, names, codes.
# Swedish words spelled like the Finnish or English ones, and names: checked by hand, kept as they are.
SAME_WORD = {
    "nav.info": "Information",
    "demo.label": "demo",
    "upload.status.demo": "demo",
    "source.thl": "THL Sotkanet (CC BY 4.0)",
    "unit.index": "index",
    "col.format": "Format",
    "upload.template.kind": "Format",
    "col.status": "Status",
    "targets.col.version": "Version",  # the same word in Swedish
    "page.admin": "Administration",
    "page.presentation": "Presentation",
}


def _neutral(text: str) -> bool:
    words = re.sub(r"{\w+}", "", text)
    return not re.search(r"[A-Za-zÅÄÖåäö]{4,}", words) or text.startswith(("LAPE", "SSS", "http"))


def test_swedish_has_no_finnish_or_english_left() -> None:
    """Every Swedish text is Swedish: not the Finnish or English text copied, no Finnish or English
    words in it (names and codes aside)."""
    fi, sv, en = catalogue("fi"), catalogue("sv"), catalogue("en")
    problems: list[tuple[str, ...]] = []
    for key, text in sv.items():
        plain = re.sub(r"{\w+}", "", text)
        plain = re.sub(
            r"--?[a-z][\w-]*|python -m [\w .|]+|LAPE-\w+|THL|Sotkanet|CC BY 4\.0|Excel|PowerPoint|PDF|CSV|"
            r"SVG|PNG|xlsx|F11|Difference-in-differences|difference-in-differences",
            "",
            plain,
        )
        if (text == fi[key] or text == en[key]) and not _neutral(text) and SAME_WORD.get(key) != text:
            problems.append((key, "copied", text))
        elif found := FINNISH.search(plain) or ENGLISH.search(plain):
            problems.append((key, "finnish or english", found.group(0), text))
    assert problems == []


def test_tile_abbreviations_in_every_language() -> None:
    from geo.tiles import LABELS, TILE_GRID

    for lang in LANGUAGES:
        assert set(LABELS[lang]) == set(TILE_GRID), lang
        assert len(set(LABELS[lang].values())) == len(TILE_GRID), lang  # no two tiles alike
    assert LABELS["sv"]["90"] == "HFS" and LABELS["sv"]["91"] == "ÅL" and LABELS["fi"]["91"] == "AHV"


def test_no_command_line_in_what_visitors_read() -> None:
    """Visitors (pages without a sign-in) never read a command; commands belong to the command line's
    own messages (err., warn., geo.) and to the administrator's page."""
    for_operators = ("err.", "warn.", "geo.", "admin.", "cli.", "note.")
    for lang in LANGUAGES:
        leaks = [k for k, v in catalogue(lang).items() if "python -m" in v and not k.startswith(for_operators)]
        assert leaks == [], lang
