"""The outsider: collects every number the views and `metrics table` publish and works out what it can.

Written apart from the defence (metrics.suppression) on purpose. What it knows:
- exact counts where a numerator is published, or where a rounded rate and its (published)
  population leave one whole number possible (rate x denominator);
- that published totals add up (municipalities to their county and region, counties and regions to
  the country) and that a hidden count is at least 1 (zeros are shown);
- shares of several counts (the LAPE balance) with all but one of their counts known (share inversion);
- and it solves all equations of an indicator-year together (linear algebra), not only one at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

Cell = tuple[str, str, str, int]  # indicator, level, area code, year
Area = tuple[str, str]


def parse_number(text: str) -> float | None:
    """A published label back to a number: '1 234,5' -> 1234.5, '−3' -> -3; '..' or '' -> None."""
    text = str(text).strip()
    if text in ("", "..", "."):
        return None
    text = text.split(" ")[0] if text.endswith((" lkm", " antal", " count")) else text
    text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


@dataclass
class Outsider:
    """What has been seen, and what follows from it."""

    totals: list[tuple[Area, list[Area]]]  # a published area and the areas of one level that sum to it
    counts: dict[Cell, int] = field(default_factory=dict)
    rates: dict[Cell, tuple[float, int, float]] = field(default_factory=dict)  # rate, decimals, per
    population: dict[tuple[str, str, int], float] = field(default_factory=dict)
    shares: list[tuple[Area, int, float, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    seen_hidden: set[Cell] = field(default_factory=set)

    def see_count(self, cell: Cell, value: float | None) -> None:
        if value is None:
            self.seen_hidden.add(cell)
        else:
            self.counts[cell] = round(value)

    def see_rate(self, cell: Cell, value: float | None, decimals: int, per: float) -> None:
        if value is None:
            self.seen_hidden.add(cell)
        else:
            self.rates[cell] = (value, decimals, per)

    def see_share(self, area: Area, year: int, value: float | None, upper: Iterable[str], lower: Iterable[str]) -> None:
        """A published share upper / (upper + lower) x 100, 1 decimal (the LAPE preventive share)."""
        if value is not None:
            self.shares.append((area, year, value, tuple(upper), tuple(lower)))

    # --- working it out ------------------------------------------------------------------------

    def _from_rates(self, known: dict[Cell, int]) -> None:
        for cell, (rate, decimals, per) in self.rates.items():
            if cell in known:
                continue
            den = self.population.get((cell[1], cell[2], cell[3]))
            if not den:
                continue
            low = int(np.floor((rate - 10**-decimals) * den / per))
            high = int(np.ceil((rate + 10**-decimals) * den / per))
            fits = [n for n in range(max(low, 0), high + 1) if round(n / den * per, decimals) == rate]
            if len(fits) == 1:
                known[cell] = fits[0]

    def _equations(self, cells: Iterable[Cell]) -> dict[tuple[str, int], list[tuple[Cell, list[Cell]]]]:
        by_block: dict[tuple[str, int], list[tuple[Cell, list[Cell]]]] = defaultdict(list)
        blocks = {(c[0], c[3]) for c in cells}
        for indicator, year in blocks:
            for (plevel, pcode), children in self.totals:
                parent = (indicator, plevel, pcode, year)
                kids = [(indicator, lv, cd, year) for lv, cd in children]
                by_block[(indicator, year)].append((parent, kids))
        return by_block

    def _differences(self, known: dict[Cell, int], universe: set[Cell]) -> bool:
        """One pass of parent minus visible parts, with the bound that a hidden count is at least 1."""
        changed = False
        for equations in self._equations(universe).values():
            for parent, kids in equations:
                kids = [k for k in kids if k in universe]
                if parent not in universe or not kids:
                    continue
                unknown = [k for k in kids if k not in known]
                if parent in known:
                    rest = known[parent] - sum(known[k] for k in kids if k in known)
                    if len(unknown) == 1:
                        known[unknown[0]] = rest
                        changed = True
                    elif unknown and rest == len(unknown):  # each hidden part is at least 1: all are 1
                        for k in unknown:
                            known[k] = 1
                        changed = True
                elif not unknown:
                    known[parent] = sum(known[k] for k in kids)
                    changed = True
        return changed

    def _linear_algebra(self, known: dict[Cell, int], universe: set[Cell]) -> bool:
        """Every equation of an indicator-year at once: unknowns fixed by the system are solved."""
        changed = False
        for equations in self._equations(universe).values():
            rows = []
            rhs = []
            unknown: dict[Cell, int] = {}
            for parent, kids in equations:
                kids = [k for k in kids if k in universe]
                if parent not in universe or not kids:
                    continue
                terms = [(parent, 1.0)] + [(k, -1.0) for k in kids]
                if all(c in known for c, _ in terms):
                    continue
                row: dict[int, float] = {}
                total = 0.0
                for c, sign in terms:
                    if c in known:
                        total -= sign * known[c]
                    else:
                        row[unknown.setdefault(c, len(unknown))] = sign
                rows.append(row)
                rhs.append(total)
            if not unknown:
                continue
            a = np.zeros((len(rows), len(unknown)))
            for i, row in enumerate(rows):
                for j, v in row.items():
                    a[i, j] = v
            solution, *_ = np.linalg.lstsq(a, np.array(rhs), rcond=None)
            _, s, vt = np.linalg.svd(a)
            rank = int((s > 1e-9 * max(1.0, float(s.max()) if len(s) else 1.0)).sum())
            null = vt[rank:].T
            for cell, j in unknown.items():
                if not null.size or np.linalg.norm(null[j]) < 1e-7:
                    known[cell] = round(float(solution[j]))
                    changed = True
        return changed

    def _invert_shares(self, known: dict[Cell, int]) -> bool:
        changed = False
        for (level, code), year, value, upper, lower in self.shares:
            cells = [(i, level, code, year) for i in (*upper, *lower)]
            missing = [c for c in cells if c not in known]
            if len(missing) != 1:
                continue
            up = sum(known.get((i, level, code, year), 0) for i in upper)
            low = sum(known.get((i, level, code, year), 0) for i in lower)
            n = np.arange(1, 200_000)
            if missing[0][0] in upper:
                shares = np.round(100 * (up + n) / (up + n + low), 1)
            else:
                shares = np.round(100 * up / (up + low + n), 1)
            fits = n[shares == value]
            if len(fits) == 1:
                known[missing[0]] = int(fits[0])
                changed = True
        return changed

    def work_out(self) -> dict[Cell, int]:
        """Everything that follows from what was seen."""
        known = dict(self.counts)
        self._from_rates(known)
        universe = set(self.counts) | set(self.rates) | self.seen_hidden
        for _ in range(20):
            changed = self._differences(known, universe)
            changed |= self._invert_shares(known)
            changed |= self._linear_algebra(known, universe)
            if not changed:
                break
        return known
