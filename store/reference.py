"""The official 2025 region classification, embedded as product data.

Source: Statistics Finland classifications (kunta 2025 -> hyvinvointialue 2025,
maakunta 2025), CC BY 4.0; municipality population 31.12.2022 from THL Sotkanet
(indicator 127, CC BY 4.0). See store/reference/*.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from store.schema import COUNTRY_CODE

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
ATTRIBUTION = "Lähde: Tilastokeskus, luokitukset (CC BY 4.0)"
VALID_FROM = dt.date(2025, 1, 1)

REGION_NAMES_EN = {
    "01": "Uusimaa",
    "02": "Southwest Finland",
    "04": "Satakunta",
    "05": "Kanta-Häme",
    "06": "Pirkanmaa",
    "07": "Päijät-Häme",
    "08": "Kymenlaakso",
    "09": "South Karelia",
    "10": "South Savo",
    "11": "North Savo",
    "12": "North Karelia",
    "13": "Central Finland",
    "14": "South Ostrobothnia",
    "15": "Ostrobothnia",
    "16": "Central Ostrobothnia",
    "17": "North Ostrobothnia",
    "18": "Kainuu",
    "19": "Lapland",
    "21": "Åland",
}

# Brand names the counties use of themselves; users write these in their files.
COUNTY_BRANDS = {
    "Siun sote": "14",
    "Eksote": "11",
    "Soite": "18",
    "Pohde": "19",
    "Pirha": "08",
    "Varha": "05",
    "Oma Häme": "07",
    "Kymenhoiva": "10",
    "Eloisa": "12",
    "Lapha": "21",
    "Hyvaks": "15",
    "Hyvaep": "16",
    "Vakehyva": "04",
}


COUNTRY_NAMES = {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"}
COUNTRY_ALIASES = ("Koko maa", "Hela landet", "Whole country", "Suomi", "Finland", "Manner-Suomi", "Koko Suomi")

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def alias_key(name: str) -> str:
    """Normalise a region name for matching: case, spacing and dash variants ignored."""
    text = unicodedata.normalize("NFC", str(name))
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    text = re.sub(r"\s*-\s*", "-", text)
    return text.casefold()


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Merger:
    """A municipality abolished since 1946 and where its area lies in 2025 (store/reference/
    municipality_mergers.csv: Statistics Finland's lists of abolished municipalities, CC BY 4.0)."""

    code: str
    name_fi: str
    name_sv: str
    date: dt.date
    receiver_code: str
    receiver_name: str
    code_2025: str
    split: bool  # divided between several; code_2025 is the part that took most inhabitants
    formed: str | None  # the code of a municipality this merger formed (Raasepori 710 in 2009), if any


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    """2025 municipality code -> Finnish name."""
    return {r["municipality_code"]: r["municipality_name_fi"] for r in _read("municipalities_2025.csv")}


@lru_cache(maxsize=1)
def mergers() -> dict[str, Merger]:
    """Every municipality code abolished from 1946 to 2025 by its old code."""
    out = {}
    for row in _read("municipality_mergers.csv"):
        out[row["old_code"]] = Merger(
            code=row["old_code"],
            name_fi=row["old_name_fi"],
            name_sv=row["old_name_sv"] or row["old_name_fi"],
            date=dt.date.fromisoformat(row["effective_date"]),
            receiver_code=row["new_code"],
            receiver_name=row["new_name_fi"],
            code_2025=row["code_2025"],
            split=row["note"].startswith("split"),
            formed=(m.group(1) if (m := re.search(r"new municipality (\d{3})", row["note"])) else None),
        )
    return out


@lru_cache(maxsize=1)
def merged_names() -> dict[str, str]:
    """alias_key(old Finnish or Swedish name) -> old code, for names no 2025 municipality has.
    Where two abolished municipalities shared a name, the later abolition wins."""
    current = {
        alias_key(r[k])
        for r in _read("municipalities_2025.csv")
        for k in ("municipality_name_fi", "municipality_name_sv")
    }
    out: dict[str, str] = {}
    for merger in sorted(mergers().values(), key=lambda m: m.date):
        for name in (merger.name_fi, merger.name_sv):
            key = alias_key(name)
            if key not in current:
                out[key] = merger.code
    for row in _read("municipality_renamings.csv"):  # names an abolished municipality had earlier
        if row["code"] in mergers():
            for name in (row["old_name"], row["old_name_sv"]):
                key = alias_key(name) if name else ""
                if key and key not in current:
                    out.setdefault(key, row["code"])
    return out


@lru_cache(maxsize=1)
def former_names() -> dict[str, str]:
    """alias_key(a name a municipality had before it was renamed) -> its code (the code did not change)."""
    out: dict[str, str] = {}
    current = {
        alias_key(r[k])
        for r in _read("municipalities_2025.csv")
        for k in ("municipality_name_fi", "municipality_name_sv")
    }
    codes = set(municipality_names())
    for row in _read("municipality_renamings.csv"):
        if row["code"] not in codes:
            continue  # renamed, and abolished later: merged_names has it
        for name in (row["old_name"], row["old_name_sv"]):
            key = alias_key(name) if name else ""
            if key and key not in current:
                out.setdefault(key, row["code"])
    return out


# Municipalities merged into another: old code -> (old name, code of the 2025 municipality it lies in).
MERGED_MUNICIPALITIES = {code: (m.name_fi, m.code_2025) for code, m in mergers().items()}


@lru_cache(maxsize=1)
def region_rows() -> list[dict[str, Any]]:
    """All regions of every level as rows for the regions table."""
    munis = _read("municipalities_2025.csv")
    counties = _read("counties_2025.csv")
    rows: list[dict[str, Any]] = []
    county_region: dict[str, str] = {}
    maakunnat: dict[str, dict[str, Any]] = {}
    for m in munis:
        county_region.setdefault(m["county_code"], m["region_code"])
        rows.append(
            {
                "level": "municipality",
                "code": m["municipality_code"],
                "name_fi": m["municipality_name_fi"],
                "name_sv": m["municipality_name_sv"],
                "name_en": m["municipality_name_fi"],
                "short_name_fi": None,
                "county_code": m["county_code"],
                "region_code": m["region_code"],
                "language_code": int(m["language_code"]),
                "population": int(m["population_2022"]),
                "sotkanet_id": None,
                "valid_from": VALID_FROM,
                "valid_to": None,
            }
        )
        mk = maakunnat.setdefault(
            m["region_code"],
            {
                "level": "region",
                "code": m["region_code"],
                "name_fi": m["region_name_fi"],
                "name_sv": m["region_name_sv"],
                "name_en": REGION_NAMES_EN[m["region_code"]],
                "short_name_fi": m["region_name_fi"],
                "county_code": None,
                "region_code": m["region_code"],
                "language_code": None,
                "population": 0,
                "sotkanet_id": None,
                "valid_from": VALID_FROM,
                "valid_to": None,
            },
        )
        mk["population"] += int(m["population_2022"])
    county_pop: dict[str, int] = {}
    for r in rows:
        county_pop[r["county_code"]] = county_pop.get(r["county_code"], 0) + r["population"]
    for c in counties:
        code = c["county_code"]
        rows.append(
            {
                "level": "county",
                "code": code,
                "name_fi": c["county_name_fi"],
                "name_sv": c["county_name_sv"],
                "name_en": c["county_name_en"],
                "short_name_fi": c["short_name_fi"],
                "county_code": code,
                # Uusimaa's counties and Helsinki share region 01; elsewhere one region each.
                "region_code": county_region[code],
                "language_code": None,
                "population": county_pop[code],
                "sotkanet_id": int(c["sotkanet_region_id"]),
                "valid_from": VALID_FROM,
                "valid_to": None,
            }
        )
    rows.extend(sorted(maakunnat.values(), key=lambda r: r["code"]))
    rows.append(
        {
            "level": "country",
            "code": COUNTRY_CODE,
            "name_fi": COUNTRY_NAMES["fi"],
            "name_sv": COUNTRY_NAMES["sv"],
            "name_en": COUNTRY_NAMES["en"],
            "short_name_fi": "Koko maa",
            "county_code": None,
            "region_code": None,
            "language_code": None,
            "population": sum(county_pop.values()),
            "sotkanet_id": None,
            "valid_from": VALID_FROM,
            "valid_to": None,
        }
    )
    return rows


@lru_cache(maxsize=1)
def alias_rows() -> list[dict[str, Any]]:
    """Names users write for regions, mapped to (level, code)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}

    def add(alias: str, level: str, code: str, kind: str) -> None:
        key = (alias_key(alias), level)
        out.setdefault(key, {"alias_key": key[0], "level": level, "alias": alias, "code": code, "kind": kind})

    for r in region_rows():
        add(r["name_fi"], r["level"], r["code"], "name_fi")
        add(r["name_sv"], r["level"], r["code"], "name_sv")
        add(r["name_en"], r["level"], r["code"], "name_en")
        if r["short_name_fi"]:
            add(r["short_name_fi"], r["level"], r["code"], "short_name")
        if r["level"] == "county":
            # "Päijät-Hämeen hyva", "Päijät-Häme hyvinvointialue" and similar spellings
            add(f"{r['short_name_fi']} hyvinvointialue", "county", r["code"], "short_name")
            add(f"{r['short_name_fi']} hva", "county", r["code"], "short_name")
    # "Norra Karelen", "North Karelia" in a county column: the county that covers that region (maakunta) alone,
    # as the Finnish short name "Pohjois-Karjala" already is (Uusimaa's region holds four counties and Helsinki)
    rows = region_rows()
    regions_by_code = {r["code"]: r for r in rows if r["level"] == "region"}
    counties_of: dict[str, list[str]] = {}
    for r in rows:
        if r["level"] == "county" and r["region_code"]:
            counties_of.setdefault(r["region_code"], []).append(r["code"])
    for region_code, codes in counties_of.items():
        if len(codes) == 1 and region_code in regions_by_code:
            for lang in ("fi", "sv", "en"):
                add(regions_by_code[region_code][f"name_{lang}"], "county", codes[0], "short_name")
    for brand, code in COUNTY_BRANDS.items():
        add(brand, "county", code, "brand")
    # abolished municipalities and former names are resolved from the history itself (mergers(),
    # merged_names(), former_names()), which also says when and into what
    for name in COUNTRY_ALIASES:
        add(name, "country", COUNTRY_CODE, "name_fi")
    return list(out.values())


def area_from_cli(code: str, level: str | None = None) -> tuple[str, str]:
    """Command-line area codes: 2 digits a county, 3 a municipality, SSS the country;
    a region (maakunta) only with --level region."""
    code = code.strip()
    if code.upper() == COUNTRY_CODE:
        return ("country", COUNTRY_CODE)
    if level:
        return (level, code)
    if len(code) == 2:
        return ("county", code)
    if len(code) == 3:
        return ("municipality", code)
    raise ValueError(f"unknown area code {code!r}: use 2 digits for a county, 3 for a municipality, SSS")
