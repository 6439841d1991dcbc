"""Resolve indicator codes and names (Finnish, Swedish, English, Sotkanet ids) to catalogue codes."""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from store.catalogue import NAME_ALIASES, SOTKANET_SOURCES
from store.reference import alias_key
from store.schema import indicators


class IndicatorResolver:
    """Maps what a file calls an indicator to its code; suggests close names for unknown ones."""

    def __init__(self, frame: pd.DataFrame):
        self.meta = frame.set_index("code")
        self._keys: dict[str, str] = {}
        for row in frame.itertuples(index=False):
            for text in (row.code, row.name_fi, row.name_sv, row.name_en):
                if text:
                    self._keys.setdefault(alias_key(str(text)), str(row.code))
                    # names without the unit suffix: "Toimeentulotukea saaneet lapsiperheet, %"
                    base = str(text).rsplit(",", 1)[0] if str(text).endswith(("%", "€", "EUR", "vrk", "dygn")) else ""
                    if base:
                        self._keys.setdefault(alias_key(base), str(row.code))
        for alias, code in NAME_ALIASES.items():
            self._keys.setdefault(alias_key(alias), code)
        self._sotkanet = {
            int(sid): str(code) for sid, code in zip(frame["sotkanet_id"], frame["code"], strict=True) if pd.notna(sid)
        }
        self._units = {str(c): str(u) for c, u in zip(frame["code"], frame["unit"], strict=True)}
        self._pers = {
            str(c): float(p) if p is not None and p == p else 1.0
            for c, p in zip(frame["code"], frame["per"], strict=True)
        }
        self._cache: dict[str, str | None] = {}
        self._choices = sorted({*frame["code"].astype(str), *frame["name_fi"].astype(str), *frame["name_sv"]})

    @classmethod
    def from_engine(cls, engine: Engine) -> IndicatorResolver:
        with engine.connect() as conn:
            frame = pd.DataFrame(conn.execute(select(indicators)).mappings().all())
        return cls(frame)

    def resolve(self, text: Any) -> str | None:
        if text is None:
            return None
        key = str(text)
        if key not in self._cache:
            self._cache[key] = self._resolve(key)
        return self._cache[key]

    def _resolve(self, text: str) -> str | None:
        raw = text.strip()
        if raw.startswith("sotkanet:"):
            ident = raw.split(":", 1)[1]
            return self._sotkanet.get(int(ident)) if ident.isdigit() and len(ident) <= 9 else None
        return self._keys.get(alias_key(raw))

    def add_sotkanet(self, sotkanet_id: int, code: str) -> None:
        """Know a Sotkanet id found for a catalogue indicator (by its title in Sotkanet's list)."""
        self._sotkanet[int(sotkanet_id)] = code
        self._cache.clear()

    @staticmethod
    def sotkanet_count(code: str) -> bool:
        """True where the catalogue keeps Sotkanet's absValue (the count behind its percentage)."""
        src = SOTKANET_SOURCES.get(code)
        return src is not None and src.field == "abs"

    def add(self, row: dict[str, Any]) -> None:
        """Know an indicator this upload defines (the region's own, from the template)."""
        code = str(row["code"])
        for text in (code, row["name_fi"], row["name_sv"], row["name_en"]):
            if text:
                self._keys.setdefault(alias_key(str(text)), code)
        self._units[code] = str(row["unit"])
        self._pers[code] = float(row["per"]) if row.get("per") else 1.0
        self._cache.clear()

    def codes(self) -> set[str]:
        return set(self._units)

    def suggestions(self, text: Any, n: int = 3) -> list[str]:
        return difflib.get_close_matches(str(text).strip(), self._choices, n=n, cutoff=0.5)

    def known(self, code: str) -> bool:
        return code in self._units

    def unit(self, code: str) -> str:
        return self._units[code]

    def per(self, code: str) -> float:
        return self._pers[code]
