"""Resolve what users write for a region (code, name, alias, Swedish name) to (level, code)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, select

from store.reference import alias_key, merged_names, mergers
from store.schema import COUNTRY_CODE, region_aliases, regions

_DIGITS = re.compile(r"^\d{1,3}$")
# Where a name is ambiguous (Helsinki: municipality and county), the first level wins
# unless the column or command says which level is meant.
LEVEL_PREFERENCE = ("municipality", "county", "country", "region")


@dataclass(frozen=True)
class RegionMatch:
    """A resolved region and how it was found (for the upload report)."""

    level: str
    code: str
    how: str  # code | name | alias | merged
    merged_from: str | None = None  # the abolished municipality's own code, when how == "merged"


class RegionResolver:
    """Maps codes and names to regions; built once per upload from the regions tables."""

    def __init__(self, codes: set[tuple[str, str]], aliases: dict[tuple[str, str], str], sotkanet: dict[int, str]):
        self._codes = codes
        self._aliases = aliases
        self._sotkanet = sotkanet
        self._cache: dict[tuple[str, str | None], RegionMatch | None] = {}

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

    def resolve(self, text: object, level: str | None = None) -> RegionMatch | None:
        """Resolve a cell. Digits are a municipality code (leading zeros restored) unless
        `level` says county or region; names go through the alias table."""
        raw = str(text).strip() if text is not None else ""
        if raw.endswith(".0") and raw[:-2].isdigit():  # Excel numbers: 91.0
            raw = raw[:-2]
        key = (raw, level)
        if key not in self._cache:
            self._cache[key] = self._resolve(raw, level)
        return self._cache[key]

    def _resolve(self, raw: str, level: str | None) -> RegionMatch | None:
        if not raw:
            return None
        if raw.upper() == COUNTRY_CODE and level in (None, "country"):
            return RegionMatch("country", COUNTRY_CODE, "code")
        if _DIGITS.match(raw):
            if level in ("county", "region"):
                code = raw.zfill(2)
                return RegionMatch(level, code, "code") if (level, code) in self._codes else None
            if level in (None, "municipality"):
                code = raw.zfill(3)
                if ("municipality", code) in self._codes:
                    return RegionMatch("municipality", code, "code")
                merger = mergers().get(code)
                if merger is not None:
                    return RegionMatch("municipality", merger.code_2025, "merged", merger.code)
            return None
        akey = alias_key(raw)
        # a "Koko maa" total row is the country whatever the column's level
        for lvl in (level, "country") if level else LEVEL_PREFERENCE:
            found = self._aliases.get((akey, lvl))
            if found is not None:
                return RegionMatch(lvl, found, "name")
        old = merged_names().get(akey) if level in (None, "municipality") else None
        if old is not None:  # the name of an abolished municipality: its area lies in a 2025 one
            return RegionMatch("municipality", mergers()[old].code_2025, "merged", old)
        # bilingual labels: "Koko maa - Hela landet", "Vaasa / Vasa"
        parts = re.split(r"\s+[-–/]\s+|\s*/\s*", raw)
        if len(parts) > 1:
            for part in parts:
                match = self._resolve(part, level)
                if match is not None:
                    return match
        return None
