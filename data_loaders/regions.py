"""Area resolution: what people write for an area (code, name, alias, Swedish name, Statistics Finland
label, old municipality) to (level, code). The facts are data: store/reference (classification,
aliases, municipality history) and the label shapes below.

Shapes understood: a code ("091", "91" that lost its zero, "09"), a prefixed code ("KU091", "MK07",
"HV09"), code and name ("091 Helsinki", "KU091 Helsingfors", "MK07 Päijät-Häme"), a name or a
bilingual pair ("Maarianhamina - Mariehamn"), a brand ("Siun sote"), an old municipality
("Honkajoki", "099"). Areas of kinds the app does not hold (sub-regional units, hospital districts,
electoral districts, postal-code areas, the mainland) come back as kind matches, to be skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from store.reference import alias_key, former_names, merged_names, mergers
from store.schema import COUNTRY_CODE, region_aliases, regions

_DIGITS = re.compile(r"^\d{1,3}$")
# Where a name is ambiguous (Helsinki: municipality and county), the first level wins
# unless the column or command says which level is meant.
LEVEL_PREFERENCE = ("municipality", "county", "country", "region")
# Statistics Finland's code prefixes: the level they mean, or the kind of area the app does not hold.
PREFIXES = {
    "KU": "municipality",
    "MK": "region",
    "HV": "county",
    "HYV": "county",
    "SK": "kind:sub-region",
    "SA": "kind:major-region",
    "SHP": "kind:hospital-district",
    "ERVA": "kind:hospital-district",
    "AVI": "kind:avi",
    "ELY": "kind:ely",
    "VP": "kind:electoral-district",
    "TK": "kind:commuting-area",
}
_LABEL = re.compile(r"^(?P<prefix>[A-Za-z]{2,4})?(?P<code>\d{1,5})(?:\s*[-–:]?\s+(?P<name>\S.*))?$")
# Words that name an area kind the app does not hold (Finnish and Swedish, as published).
KIND_WORDS = {
    "seutukunta": "kind:sub-region",
    "ekonomisk region": "kind:sub-region",
    "suuralue": "kind:major-region",
    "storområde": "kind:major-region",
    "sairaanhoitopiiri": "kind:hospital-district",
    "sjukvårdsdistrikt": "kind:hospital-district",
    "vaalipiiri": "kind:electoral-district",
    "valkrets": "kind:electoral-district",
    "ely-keskus": "kind:ely",
    "ntm-central": "kind:ely",
    "aluehallintovirasto": "kind:avi",
    "regionförvaltningsverk": "kind:avi",
    "työssäkäyntialue": "kind:commuting-area",
    "postinumeroalue": "kind:postal-code",
    "manner-suomi": "kind:mainland",
    "fastlandsfinland": "kind:mainland",
    "mainland finland": "kind:mainland",
}
# Two-digit codes that only a county can have (no region, maakunta, is numbered 03, 20, 90 or 91).
COUNTY_ONLY_CODES = frozenset({"03", "20", "90", "91"})


@dataclass(frozen=True)
class RegionMatch:
    """A resolved area and how it was found (for the upload report). level 'kind' is an area kind
    the app does not hold (code: the kind), level 'ambiguous' a two-digit code nothing decides."""

    level: str
    code: str
    how: str  # code | name | alias | merged | kind | ambiguous | mismatch
    merged_from: str | None = None  # the abolished municipality's own code, when how == "merged"


def two_digit_level(cells: Iterable[Any]) -> str | None:
    """What two-digit codes in one area column mean, judged from the whole column.

    '09' (a leading zero, as text) is a two-digit area code; a column that also has three-digit
    codes and no such '0x' codes holds municipality codes that lost their zeros ('91' = 091);
    03, 20, 90 or 91 can only be counties. None: nothing decides between county and region.
    """
    texts = []
    for cell in cells:
        if isinstance(cell, bool) or cell is None:
            continue
        numeric = isinstance(cell, int | float)
        text = str(int(cell)) if numeric and float(cell).is_integer() else str(cell).strip()
        if text.isdigit():
            texts.append((text, numeric))
    two = [(t, numeric) for t, numeric in texts if len(t) == 2]
    if not two:
        return None
    leading_zero = any(t.startswith("0") and not numeric for t, numeric in two)
    if any(len(t) == 3 for t, _ in texts) and not leading_zero:
        return "municipality"
    if {t for t, _ in two} & COUNTY_ONLY_CODES:
        return "county"
    return None


class RegionResolver:
    """Maps codes, names and labels to areas; built once per upload from the regions tables."""

    def __init__(self, codes: set[tuple[str, str]], aliases: dict[tuple[str, str], str], sotkanet: dict[int, str]):
        self._codes = codes
        self._aliases = aliases
        self._sotkanet = sotkanet
        self._cache: dict[tuple[str, str | None, str | None, str | None], RegionMatch | None] = {}

    @classmethod
    def from_engine(cls, engine: Engine) -> RegionResolver:
        with engine.connect() as conn:
            codes = {(r.level, r.code) for r in conn.execute(select(regions.c.level, regions.c.code))}
            aliases = {
                (r.alias_key, r.level): r.code
                for r in conn.execute(select(region_aliases.c.alias_key, region_aliases.c.level, region_aliases.c.code))
            }
            sotkanet = {
                int(r.sotkanet_id): r.code
                for r in conn.execute(select(regions.c.sotkanet_id, regions.c.code).where(regions.c.level == "county"))
                if r.sotkanet_id is not None
            }
        return cls(codes, aliases, sotkanet)

    def by_sotkanet_id(self, region_id: int) -> RegionMatch | None:
        code = self._sotkanet.get(region_id)
        return RegionMatch("county", code, "code") if code else None

    def resolve(
        self, text: object, level: str | None = None, two_digit: str | None = None, name: str | None = None
    ) -> RegionMatch | None:
        """Resolve a cell. `level`: what the column's header says; `two_digit`: what two-digit codes
        of this column mean (two_digit_level); `name`: the area's name written beside its code."""
        raw = str(text).strip() if text is not None else ""
        if raw.endswith(".0") and raw[:-2].isdigit():  # Excel numbers: 91.0
            raw = raw[:-2]
        key = (raw, level, two_digit, name)
        if key not in self._cache:
            self._cache[key] = self._resolve(raw, level, two_digit, name)
        return self._cache[key]

    def _resolve(self, raw: str, level: str | None, two_digit: str | None, name: str | None) -> RegionMatch | None:
        if not raw:
            return None
        if raw.upper() == COUNTRY_CODE or raw.upper().startswith(COUNTRY_CODE + " "):  # "SSS Koko maa"
            return RegionMatch("country", COUNTRY_CODE, "code") if level in (None, "country") else None
        label = _LABEL.match(raw)
        if label is not None:
            return self._label(
                label.group("prefix"), label.group("code"), label.group("name") or name, level, two_digit
            )
        kind = kind_of(raw)
        if kind is not None:
            return RegionMatch("kind", kind, "kind")
        return self._by_name(raw, level)

    def _label(
        self, prefix: str | None, code: str, name: str | None, level: str | None, two_digit: str | None
    ) -> RegionMatch | None:
        if prefix is not None:
            meaning = PREFIXES.get(prefix.upper())
            if meaning is None:
                return None
            if meaning.startswith("kind:"):
                return RegionMatch("kind", meaning, "kind")
            by_code = self._by_code(code, meaning)
        elif len(code) == 5:
            return RegionMatch("kind", "kind:postal-code", "kind")
        elif len(code) > 3:
            return None
        else:
            by_code = self._by_code(code, self._code_level(code, level, two_digit, name))
        if by_code is None or name is None or by_code.level in ("ambiguous", "kind"):
            return by_code
        # a name beside a code must be the same area (in any language, or its old name)
        by_name = self._by_name(name, by_code.level if by_code.level != "municipality" else "municipality")
        if by_name is None or (by_name.level, by_name.code) == (by_code.level, by_code.code):
            return by_code
        return RegionMatch(by_code.level, by_code.code, "mismatch")

    def _code_level(self, code: str, level: str | None, two_digit: str | None, name: str | None) -> str | None:
        """The level a bare code is read at."""
        if level is not None:
            return level
        if len(code) != 2:
            return "municipality"
        if name is not None:  # "Päijät-Hämeen hyvinvointialue;09": the name decides
            for lvl in ("county", "region", "municipality"):
                match = self._by_name(name, lvl)
                if match is not None and match.code == code.zfill(3 if lvl == "municipality" else 2):
                    return lvl
        return two_digit

    def _by_code(self, code: str, level: str | None) -> RegionMatch | None:
        if level is None:
            return RegionMatch("ambiguous", code, "ambiguous")
        if level in ("county", "region"):
            padded = code.zfill(2)
            return RegionMatch(level, padded, "code") if (level, padded) in self._codes else None
        if level == "municipality":
            padded = code.zfill(3)
            if ("municipality", padded) in self._codes:
                return RegionMatch("municipality", padded, "code")
            merger = mergers().get(padded)
            if merger is not None:
                return RegionMatch("municipality", merger.code_2025, "merged", merger.code)
        return None

    def _by_name(self, raw: str, level: str | None) -> RegionMatch | None:
        akey = alias_key(raw)
        # a "Koko maa" total row is the country whatever the column's level
        for lvl in (level, "country") if level else LEVEL_PREFERENCE:
            found = self._aliases.get((akey, lvl))
            if found is not None and (lvl, found) in self._codes:
                return RegionMatch(lvl, found, "name")
        former = former_names().get(akey) if level in (None, "municipality") else None
        if former is not None:  # a name the municipality had before it was renamed (Muonionniska: Muonio)
            return RegionMatch("municipality", former, "name")
        old = merged_names().get(akey) if level in (None, "municipality") else None
        if old is not None:  # the name of an abolished municipality: its area lies in a 2025 one
            return RegionMatch("municipality", mergers()[old].code_2025, "merged", old)
        # bilingual labels: "Koko maa - Hela landet", "Vaasa / Vasa"
        parts = re.split(r"\s+[-–/]\s+|\s*/\s*", raw)
        if len(parts) > 1:
            for part in parts:
                match = self._by_name(part, level)
                if match is not None:
                    return match
        return None


def kind_of(text: str) -> str | None:
    """The area kind a name says it is, when the app does not hold that kind ('Helsingin seutukunta')."""
    low = alias_key(text)
    for word, kind in KIND_WORDS.items():
        if low == word or low.endswith(" " + word) or low.startswith(word + " ") or f" {word} " in f" {low} ":
            return kind
    return None
