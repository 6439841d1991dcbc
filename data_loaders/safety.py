"""Safety on the way out: text that a spreadsheet program would run as a formula gets a leading '."""

from __future__ import annotations

import re
from typing import Any

_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def spreadsheet_safe(value: Any) -> Any:
    """Prefix ' to text starting with = + - @ tab or CR (CSV/xlsx injection), except plain negative numbers."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in ("=", "+", "-", "@", "\t", "\r"):
        if value[0] == "-" and _NUMBER.match(value):
            return value
        return "'" + value
    return value
