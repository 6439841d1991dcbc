"""Text on the way out: file-borne text shown as plain text, and cells that a spreadsheet would run.

Indicator names, notes and file names come from uploads. Streamlit renders titles, captions,
metric labels and help texts as Markdown (links, images that fetch from outside, colour and icon
directives, LaTeX); `markdown_plain` escapes every character that Markdown or those directives
give a meaning to, so such text reads exactly as written. HTML is never enabled anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
# every ASCII punctuation character CommonMark lets a backslash escape, plus the directive colon
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def spreadsheet_safe(value: Any) -> Any:
    """Prefix ' to text starting with = + - @ tab or CR (CSV/xlsx injection), except plain negative numbers."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in ("=", "+", "-", "@", "\t", "\r"):
        if value[0] == "-" and _NUMBER.match(value):
            return value
        return "'" + value
    return value


def printable(text: Any) -> str:
    """The text with control and invisible format characters removed (new lines become spaces)."""
    out = []
    for ch in str(text):
        if ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


WORD_JOINER = "\u2060"
# GFM turns URLs and e-mail addresses in plain text into links even after escaping (it works on the
# parsed text): an invisible word joiner inside "://", "www." and "@" keeps them text.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def markdown_plain(text: Any) -> str:
    """Text that Streamlit's Markdown shows exactly as written (no link, image, emphasis, directive).

    It reads the same; copied, it carries an invisible word joiner (U+2060) where a URL or an
    e-mail address would otherwise become a link."""
    joined = _AUTOLINK.sub(WORD_JOINER, printable(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", joined)
