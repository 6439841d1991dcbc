"""Municipality history in uploads: a row of an abolished municipality is added to the 2025
municipality its area lies in, never stored as that municipality's own value.

The facts are data (store/reference/municipality_mergers.csv). For a value of year Y, the 2025
municipality X was made up of X itself (unless X was formed later) and every municipality abolished
after Y whose area now lies in X. A file that names some of those parts must name all of them, or
the sum would be silently short; a rate or share without numerator and denominator cannot be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from metrics.aggregate import SOFT_FLAGS
from store.reference import mergers

ADDITIVE_UNITS = ("count", "eur")


@dataclass
class Part:
    """One row of a file that lands on a (possibly merged) 2025 municipality."""

    source: str  # the municipality code the row is about (old or current)
    sheet: str | None
    line: int
    value: float | None
    numerator: float | None
    denominator: float | None
    flag: str | None
    value_col: str | None


@lru_cache(maxsize=1)
def _formed() -> dict[str, int]:
    """Municipality codes formed by a merger (a new municipality), with the year they were formed."""
    out: dict[str, int] = {}
    for merger in mergers().values():
        if merger.formed:
            out[merger.formed] = min(out.get(merger.formed, 9999), merger.date.year)
    return out


def existed(code: str, year: int) -> bool:
    """Whether a municipality code was in use in `year` (abolished ones until their abolition)."""
    merger = mergers().get(code)
    if merger is not None and merger.date.year <= year:
        return False
    return _formed().get(code, 0) <= year


@lru_cache(maxsize=4096)
def parts_of(code_2025: str, year: int) -> frozenset[str]:
    """The municipalities whose areas made up the 2025 municipality in `year`."""
    parts = {m.code for m in mergers().values() if m.code_2025 == code_2025 and existed(m.code, year)}
    if existed(code_2025, year):
        parts.add(code_2025)
    return frozenset(parts)


@lru_cache(maxsize=4096)
def required_parts(code_2025: str, year: int) -> frozenset[str]:
    """The parts a file of `year` must name for the 2025 area's sum to be whole.

    A municipality abolished on 1 January of the next year may be absent: year-end figures are
    published in the next year's division, where its inhabitants are already in the receiving
    municipality (Statistics Finland's population on 31.12.2000 by the division of 1.1.2001).
    The receiving municipality itself is then required in its place.
    """
    parts = parts_of(code_2025, year)
    boundary = {m.code for m in mergers().values() if m.code in parts and m.date.year == year + 1}
    return frozenset(parts - boundary)


def combine(parts: list[Part], unit: str, per: float) -> tuple[float | None, float | None, float | None, str | None]:
    """The 2025 area's value from its parts: sums of counts and euros, of numerators and denominators
    (the rate recomputed). Raises ValueError('rate') where a part is a rate without both."""
    # a withheld part withholds the sum; a preliminary or estimated part makes the sum preliminary or estimated
    flagged = [p.flag for p in parts if p.flag and p.flag not in SOFT_FLAGS]
    soft = sorted((p.flag for p in parts if p.flag in SOFT_FLAGS), key=SOFT_FLAGS.__getitem__, reverse=True)
    carried = soft[0] if soft else None
    if unit in ADDITIVE_UNITS:
        if flagged:
            return None, None, None, flagged[0]
        values = [p.value for p in parts]
        total = None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
        nums = [p.numerator for p in parts]
        dens = [p.denominator for p in parts]
        num = None if any(v is None for v in nums) else float(sum(v for v in nums if v is not None))
        den = None if any(v is None for v in dens) else float(sum(v for v in dens if v is not None))
        return total, num, den, carried
    if any(p.numerator is None or p.denominator is None for p in parts):
        raise ValueError("rate")
    if flagged:
        return None, None, None, flagged[0]
    num = float(sum(p.numerator or 0.0 for p in parts))
    den = float(sum(p.denominator or 0.0 for p in parts))
    return (num / den * per if den else None), num, den, carried
