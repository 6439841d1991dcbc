"""Every setting of LAPE-seuranta, declared once: name, default, help.

Each can be overridden by an environment variable of the same name. The README
lists them all (a test checks that it does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A setting whose value cannot be used; the message names the variable and what it takes."""


@dataclass(frozen=True)
class Setting:
    """One tunable value with its documentation and the range it must keep."""

    name: str
    default: str
    help: str
    kind: str = "text"  # text | int | number | flag
    minimum: float | None = None
    maximum: float | None = None

    def raw(self) -> str:
        return os.environ.get(self.name, self.default)

    def _bounds(self) -> str:
        return f"{self.minimum:g}–{self.maximum:g}" if self.maximum is not None else f"≥ {self.minimum:g}"

    def as_number(self) -> float:
        text = self.raw().strip()
        try:
            value = int(text) if self.kind == "int" else float(text)
        except ValueError:
            what = "a whole number" if self.kind == "int" else "a number"
            raise SettingError(f"{self.name}={text[:40]!r}: give {what} ({self._bounds()}).") from None
        if (
            value != value
            or (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
        ):
            raise SettingError(f"{self.name}={text[:40]!r}: the value must be {self._bounds()}.")
        return value

    def as_int(self) -> int:
        return int(self.as_number())

    def as_float(self) -> float:
        return float(self.as_number())

    def check(self) -> None:
        """Raise SettingError when the value set cannot be used."""
        if self.kind in ("int", "number"):
            self.as_number()
        elif self.kind == "flag" and self.raw().strip() not in ("0", "1"):
            raise SettingError(f"{self.name}={self.raw()[:40]!r}: give 1 (on) or 0 (off).")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "LAPE_DB_URL",
            "",
            "SQLAlchemy database URL. Empty: a SQLite file data/lape.sqlite in the project, "
            "created and seeded with demo data on first start. PostgreSQL: "
            "postgresql+psycopg://user:pass@host/db",
        ),
        Setting("LAPE_SEED_DEMO", "1", "Seed the demo data into an empty database on first start (1/0).", "flag"),
        Setting(
            "LAPE_SMALL_N",
            "5",
            "Counts below this (1..N-1) are shown as '..' (small-number protection).",
            "int",
            2,
            1000,
        ),
        Setting(
            "LAPE_SURVEY_MIN_N",
            "15",
            "Fewest respondents for showing an area's parent-survey answers (THL uses 15 for its school survey).",
            "int",
            5,
            1000,
        ),
        Setting(
            "LAPE_ABSENCE_MIN_N",
            "10",
            "Fewest pupils for showing an area's school-absence shares in a term (groups under the small-number "
            "threshold are hidden too).",
            "int",
            5,
            1000,
        ),
        Setting("LAPE_MAX_UPLOAD_MB", "50", "Largest file the loaders accept, in megabytes.", "number", 0.001, 2000),
        Setting("LAPE_MAX_ROWS", "1000000", "Most data rows one uploaded file may have.", "int", 1, 50_000_000),
        Setting("LAPE_MAX_CELLS", "20000000", "Most cells one uploaded file may have.", "int", 1, 500_000_000),
        Setting("LAPE_MAX_ERRORS", "100", "Most errors listed in one validation report.", "int", 1, 100_000),
        Setting(
            "LAPE_ZIP_MAX_UNCOMPRESSED_MB",
            "400",
            "Largest total uncompressed size of an xlsx archive, checked before parsing.",
            "number",
            1,
            10_000,
        ),
        Setting(
            "LAPE_ZIP_MAX_RATIO",
            "200",
            "Largest compression ratio of an xlsx archive member (zip-bomb check).",
            "number",
            1,
            10_000,
        ),
        Setting(
            "LAPE_CHANGE_WARN_PCT",
            "50",
            "Warn when a value differs from the stored one by more than this %.",
            "number",
            0,
            100_000,
        ),
        Setting(
            "LAPE_VIEW_REQUIRES_LOGIN",
            "0",
            "1: every page needs a login (any role); 0: viewing is open and only what writes needs a login.",
            "flag",
        ),
        Setting(
            "LAPE_SESSION_MINUTES",
            "60",
            "A signed-in session ends after this many minutes without activity.",
            "int",
            1,
            7 * 24 * 60,
        ),
        Setting(
            "LAPE_LOGIN_MAX_FAILURES",
            "5",
            "Failed logins for one user name before further tries are refused for LAPE_LOGIN_LOCK_MINUTES.",
            "int",
            1,
            1000,
        ),
        Setting(
            "LAPE_LOGIN_LOCK_MINUTES",
            "15",
            "How long a user name stays locked after LAPE_LOGIN_MAX_FAILURES failed logins.",
            "int",
            1,
            24 * 60,
        ),
        Setting(
            "LAPE_PSEUDONYM_SECRET",
            "",
            "The installation's secret for hashing client and family pseudonyms (empty: the key file).",
        ),
        Setting(
            "LAPE_PSEUDONYM_KEY_FILE",
            "",
            "Where the pseudonym secret is kept when LAPE_PSEUDONYM_SECRET is empty (default data/pseudonym.key).",
        ),
    ]
}


def get_int(name: str) -> int:
    return SETTINGS[name].as_int()


def get_number(name: str) -> float:
    return SETTINGS[name].as_float()


def check_all() -> None:
    """Raise SettingError for the first setting whose value cannot be used (at every start)."""
    for setting in SETTINGS.values():
        setting.check()


def get_str(name: str) -> str:
    return SETTINGS[name].raw()
