"""Client episodes (pseudonymised): recognised from their columns, checked row by row, pseudonyms hashed.

One row an episode: client pseudonym, family pseudonym, service, start date, end date (empty =
ongoing), municipality, child's birth year. The pseudonyms are replaced on the way in by an HMAC-SHA256
with a per-installation secret (LAPE_PSEUDONYM_SECRET, or a key file made once beside the data), so the
raw value is never stored and the same pseudonym links a client's episodes across files. A personal
identity code anywhere in the file rejects it before this reader runs (data_loaders.ingest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from data_loaders.parse import CellError, clean_text, parse_date
from data_loaders.readers import Sheet
from data_loaders.records import LoadContext, RecordReader, area_code, column_name, find_header
from data_loaders.report import Report
from metrics.lifecycle import SERVICES

KEY_FILE_DEFAULT = Path(__file__).resolve().parent.parent / "data" / "pseudonym.key"

ROLES: dict[str, tuple[str, ...]] = {
    "client": ("asiakas", "asiakastunnus", "asiakaspseudonyymi", "pseudonyymi", "client", "client id", "klient"),
    "family": ("perhe", "perhetunnus", "perhepseudonyymi", "family", "family id", "familj"),
    "service": ("palvelu", "palvelutehtävä", "service", "tjänst"),
    "start": ("alkupvm", "alkupäivä", "alkaa", "alku", "start", "start date", "startdatum", "början", "inleds"),
    "end": ("loppupvm", "loppupäivä", "päättyy", "loppu", "end", "end date", "slutdatum", "slut", "avslutas"),
    "municipality": ("kunta", "kuntanumero", "kuntakoodi", "kommun", "kommunnummer", "municipality"),
    "birth_year": ("syntymävuosi", "lapsen syntymävuosi", "födelseår", "barnets födelseår", "birth year"),
}
REQUIRED = ("client", "service", "start")

# service names as regions write them (fi, sv, en) -> catalogue code
SERVICE_NAMES: dict[str, str] = {
    **{code.replace("_", " "): code for code in SERVICES},
    **{code: code for code in SERVICES},
    "lastensuojelun avohuolto": "cw_open_care",
    "avohuolto": "cw_open_care",
    "avohuollon tukitoimet": "cw_open_care",
    "öppenvård inom barnskyddet": "cw_open_care",
    "child welfare open care": "cw_open_care",
    "sijoitus": "cw_placement",
    "kodin ulkopuolelle sijoitus": "cw_placement",
    "huostaanotto": "cw_placement",
    "placering": "cw_placement",
    "placering utom hemmet": "cw_placement",
    "placement": "cw_placement",
    "perhetyö": "family_work",
    "familjearbete": "family_work",
    "family work": "family_work",
    "kotipalvelu": "home_help",
    "lapsiperheiden kotipalvelu": "home_help",
    "hemservice": "home_help",
    "home help": "home_help",
    "kasvatus- ja perheneuvonta": "family_counselling",
    "perheneuvola": "family_counselling",
    "uppfostrings- och familjerådgivning": "family_counselling",
    "family counselling": "family_counselling",
    "lastenpsykiatria": "child_psychiatry",
    "nuorisopsykiatria": "child_psychiatry",
    "barnpsykiatri": "child_psychiatry",
    "child psychiatry": "child_psychiatry",
    "vanhempien mielenterveyspalvelut": "parent_mental_health",
    "aikuisten mielenterveyspalvelut": "parent_mental_health",
    "mielenterveyspalvelut": "parent_mental_health",
    "mentalvårdstjänster för föräldrar": "parent_mental_health",
    "parents' mental health services": "parent_mental_health",
    "päihdepalvelut": "parent_substance",
    "vanhempien päihdepalvelut": "parent_substance",
    "missbrukarvård": "parent_substance",
    "parents' substance abuse services": "parent_substance",
    "muu": "other",
    "annan": "other",
    "other": "other",
}


@dataclass
class Episodes:
    """Checked episodes (pseudonyms already hashed) and what the reader noticed."""

    frame: pd.DataFrame  # client, family, service, start, end, municipality, birth_year
    columns: dict[str, int] = field(default_factory=dict)


def episode_header(sheet: Sheet, scan: int = 10) -> tuple[int, dict[str, int]] | None:
    """(header row index, roles) when the sheet holds client episodes: a client, a service and a start."""
    return find_header(sheet, ROLES, REQUIRED, scan)


def installation_secret(env: dict[str, str] | None = None) -> bytes:
    """The per-installation secret: LAPE_PSEUDONYM_SECRET, else LAPE_PSEUDONYM_KEY_FILE (made once with
    32 random bytes, readable by its owner only). Losing it means new uploads no longer link to old ones."""
    if env is None:
        from store.settings import get_str

        env = {name: get_str(name) for name in ("LAPE_PSEUDONYM_SECRET", "LAPE_PSEUDONYM_KEY_FILE")}
    given = env.get("LAPE_PSEUDONYM_SECRET", "").strip()
    if given:
        return given.encode("utf-8")
    path = Path(env.get("LAPE_PSEUDONYM_KEY_FILE", "") or KEY_FILE_DEFAULT)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def pseudonymise(raw: Any, secret: bytes) -> str:
    """HMAC-SHA256 of the trimmed pseudonym: 32 hex characters, the raw value not recoverable."""
    text = clean_text(raw)
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _service(value: Any) -> str | None:
    return SERVICE_NAMES.get(clean_text(value).lower())


def read_episodes(sheet: Sheet, report: Report, load: LoadContext, today: dt.date | None = None) -> Episodes | None:
    """The sheet's episodes, every row checked (an error names its line and column); None when the
    sheet is not an episode sheet."""
    found = episode_header(sheet)
    if found is None:
        return None
    header, roles = found
    headers = sheet.rows[header]
    secret = load.secret()
    today = today or dt.date.today()
    extra = [clean_text(h) for j, h in enumerate(headers) if j not in roles.values() and clean_text(h)]
    if extra:  # free text (notes, names) never stored
        report.warn("episode-columns-dropped", "warn.episode-columns-dropped", columns=", ".join(extra[:10]))
    rows: list[dict[str, Any]] = []
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1

        def cell(role: str, cells: list[Any] = cells) -> Any:
            j = roles.get(role)
            return cells[j] if j is not None and j < len(cells) else None

        if all(clean_text(c) == "" for c in cells):
            continue
        client = clean_text(cell("client"))
        if not client:
            report.error("missing-cell", "err.episode-missing", row=line, column=column_name(headers, roles, "client"))
            continue
        service = _service(cell("service"))
        if service is None:
            report.error(
                "unknown-service",
                "err.episode-service",
                row=line,
                column=column_name(headers, roles, "service"),
                value=clean_text(cell("service"))[:60],
            )
            continue
        try:
            start = parse_date(cell("start"))
            end_raw = cell("end")
            end = parse_date(end_raw) if clean_text(end_raw) else None
        except CellError:
            report.error("bad-date", "err.episode-date", row=line, column=column_name(headers, roles, "start"))
            continue
        if end is not None and end < start:
            report.error("end-before-start", "err.episode-end-before-start", row=line)
            continue
        if start > today:
            report.error("future-date", "err.episode-future", row=line, column=column_name(headers, roles, "start"))
            continue
        municipality = area_code(load, cell("municipality"), "municipality", report)
        if "municipality" in roles and municipality is None:
            report.error(
                "unknown-region",
                "err.episode-municipality",
                row=line,
                value=clean_text(cell("municipality"))[:20],
            )
            continue
        birth = cell("birth_year")
        birth_year = None
        if clean_text(birth):
            text = clean_text(birth).removesuffix(".0")
            if not (text.isdigit() and 1990 <= int(text) <= today.year):
                report.error("bad-value", "err.episode-birth-year", row=line, value=text[:10])
                continue
            birth_year = int(text)
        family_raw = cell("family")
        rows.append(
            {
                "client": pseudonymise(client, secret),
                # a client without a family pseudonym is a family of their own
                "family": pseudonymise(family_raw if clean_text(family_raw) else "client:" + client, secret),
                "service": service,
                "start": start,
                "end": end,
                "municipality": municipality,
                "birth_year": birth_year,
            }
        )
    frame = pd.DataFrame(rows, columns=["client", "family", "service", "start", "end", "municipality", "birth_year"])
    return Episodes(frame, roles)


def _read(sheet: Sheet, report: Report, load: LoadContext) -> list[dict[str, Any]] | None:
    read = read_episodes(sheet, report, load)
    if read is None:
        return None
    return [
        {
            "client": r["client"],
            "family": r["family"],
            "service": r["service"],
            "start_date": r["start"],
            "end_date": r["end"],
            "municipality": r["municipality"],
            "birth_year": None if pd.isna(r["birth_year"]) else int(r["birth_year"]),
        }
        for r in read.frame.astype(object).where(read.frame.notna(), None).to_dict("records")
    ]


def _preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """What the upload page previews: episodes per municipality and service (the uploader's own data)."""
    frame = pd.DataFrame(rows, columns=["municipality", "service"])
    return frame.groupby(["municipality", "service"], dropna=False).size().reset_index(name="n")


READER = RecordReader("episodes", lambda sheet: episode_header(sheet) is not None, _read, _preview)
