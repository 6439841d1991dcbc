"""Every setting of LAPE-seuranta, declared once: name, default, help.

Each can be overridden by an environment variable of the same name. The README
lists them all (a test checks that it does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One tunable value with its documentation."""

    name: str
    default: str
    help: str

    def raw(self) -> str:
        return os.environ.get(self.name, self.default)

    def as_int(self) -> int:
        return int(self.raw())

    def as_float(self) -> float:
        return float(self.raw())


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
        Setting("LAPE_SEED_DEMO", "1", "Seed the demo data into an empty database on first start (1/0)."),
        Setting("LAPE_SMALL_N", "5", "Counts below this (1..N-1) are shown as '..' (small-number protection)."),
        Setting("LAPE_MAX_UPLOAD_MB", "50", "Largest file the loaders accept, in megabytes."),
        Setting("LAPE_MAX_ROWS", "1000000", "Most data rows one uploaded file may have."),
        Setting("LAPE_MAX_CELLS", "20000000", "Most cells one uploaded file may have."),
        Setting("LAPE_MAX_ERRORS", "100", "Most errors listed in one validation report."),
        Setting(
            "LAPE_ZIP_MAX_UNCOMPRESSED_MB",
            "400",
            "Largest total uncompressed size of an xlsx archive, checked before parsing.",
        ),
        Setting("LAPE_ZIP_MAX_RATIO", "200", "Largest compression ratio of an xlsx archive member (zip-bomb check)."),
        Setting("LAPE_CHANGE_WARN_PCT", "50", "Warn when a value differs from the stored one by more than this %."),
    ]
}


def get_int(name: str) -> int:
    return SETTINGS[name].as_int()


def get_str(name: str) -> str:
    return SETTINGS[name].raw()
