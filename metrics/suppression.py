"""Small-number protection: one suppression pattern decided over a whole table and its hierarchy.

Stored data is never altered; these functions say which cells a person may not see. The views/
gate applies the pattern to every number that leaves (tables, charts, tooltips, exports).

Cells are observations of one indicator in a year (a *block*) at every level and for every sex.
Published totals tie them together: municipalities sum to their county and to their region,
counties and regions sum to the country, boys and girls sum to the total. Each tie is an
equation; the pattern must leave no hidden cell that an outsider can work out from the visible
cells of those equations:

1. primary: a count of 1..threshold-1 persons, and everything computed from one (by `rule`);
2. secondary: no equation with exactly one hidden cell (the next smallest part is hidden too);
3. bounds: the hidden parts of an equation with a visible total are not all at their least
   possible value (two hidden cells summing to 2 must both be 1);
4. verified: no hidden cell is fixed by the equations together (linear algebra over each block).

Rules (`rule` column): 'count' (value or numerator counts persons), 'share' (numerator and its
complement count persons: a survey share), 'mean' (the denominator counts persons: mean waiting
days), 'none' (never hidden: population, price index). Amounts tied to a count (euros of placements)
take that count's pattern (see `follow_pattern`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 5
BLOCK = ["indicator_code", "year", "month"]
CELL = ["region_level", "region_code", "sex"]
TOTAL_SEX = "total"
PART_SEXES = ("male", "female")


def _small(values: pd.Series, threshold: int) -> pd.Series:
    return (values > 0) & (values < threshold)


def primary_mask(cells: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Cells to hide for their own sake. Columns: rule, value, numerator, denominator."""
    rule = cells["rule"]
    num = cells["numerator"].astype(float)
    den = cells["denominator"].astype(float)
    count = num.where(num.notna(), cells["value"].astype(float))
    mask = (rule == "count") & _small(count, threshold)
    share = (rule == "share") & (_small(num, threshold) | _small(den - num, threshold) | _small(den, threshold))
    mask |= share
    mask |= (rule == "mean") & _small(den, threshold)
    return mask.fillna(False).astype(bool)


def sensitive_quantities(cells: pd.DataFrame) -> list[tuple[np.ndarray, float]]:
    """The additive person counts of each cell with the least value a hidden cell can have.

    A hidden count is at least 1 (zeros are shown); a hidden share's numerator or complement may be 0.
    Cells of other rules carry NaN (never compared).
    """
    rule = cells["rule"].to_numpy()
    num = cells["numerator"].to_numpy(dtype=float)
    den = cells["denominator"].to_numpy(dtype=float)
    value = cells["value"].to_numpy(dtype=float)
    count = np.where(np.isnan(num), value, num)
    nan = np.full(len(cells), np.nan)
    return [
        (np.where(rule == "count", count, nan), 1.0),
        (np.where(rule == "share", num, nan), 0.0),
        (np.where(rule == "share", den - num, nan), 0.0),
        (np.where(np.isin(rule, ["share", "mean"]), den, nan), 1.0),
    ]


def cell_size(cells: pd.DataFrame) -> np.ndarray:
    """How many persons a cell is about: the smallest visible one is hidden as the second cell."""
    num = cells["numerator"].to_numpy(dtype=float)
    den = cells["denominator"].to_numpy(dtype=float)
    value = cells["value"].to_numpy(dtype=float)
    rule = cells["rule"].to_numpy()
    return np.where(rule == "mean", den, np.where(np.isnan(num), value, num))


def equations(cells: pd.DataFrame, links: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The published totals as (group id, cell position, is_parent) memberships.

    cells: positional index 0..n-1 with BLOCK and CELL columns. links: the area hierarchy as
    level, code, parent_level, parent_code (one row per child and parent). A group is a parent
    cell and the child cells of one level that sum to it; a sex group is a total and its parts.
    """
    keys = list(zip(*(cells[c].tolist() for c in (*BLOCK, "region_level", "region_code", "sex")), strict=True))
    pos = {key: i for i, key in reversed(list(enumerate(keys)))}
    parents_of: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for level, code, plevel, pcode in links[["level", "code", "parent_level", "parent_code"]].itertuples(index=False):
        parents_of.setdefault((level, code), []).append((plevel, pcode))
    groups: dict[tuple, int] = {}
    gid: list[int] = []
    cid: list[int] = []
    parent_of_group: list[int] = []
    for i, (ind, year, month, level, code, sex) in enumerate(keys):
        for plevel, pcode in parents_of.get((level, code), ()):
            p = pos.get((ind, year, month, plevel, pcode, sex))
            if p is None:
                continue
            g = groups.setdefault((ind, year, month, sex, plevel, pcode, level), len(groups))
            if g == len(parent_of_group):
                parent_of_group.append(p)
            gid.append(g)
            cid.append(i)
        if sex in PART_SEXES:
            p = pos.get((ind, year, month, level, code, TOTAL_SEX))
            if p is not None:
                g = groups.setdefault((ind, year, month, level, code, "sex"), len(groups))
                if g == len(parent_of_group):
                    parent_of_group.append(p)
                gid.append(g)
                cid.append(i)
    n_groups = len(parent_of_group)
    gid_all = np.array(gid + list(range(n_groups)), dtype=np.int64)
    cid_all = np.array(cid + parent_of_group, dtype=np.int64)
    is_parent = np.concatenate([np.zeros(len(gid), dtype=bool), np.ones(n_groups, dtype=bool)])
    return gid_all, cid_all, is_parent


def _first_per_group(groups: np.ndarray, cells: np.ndarray, size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each group, its candidate cell with the smallest size (ties: lowest position)."""
    order = np.lexsort((cells, size, groups))
    g = groups[order]
    first = np.ones(len(g), dtype=bool)
    first[1:] = g[1:] != g[:-1]
    return g[first], cells[order][first]


def _close_equations(
    hidden: np.ndarray,
    gid: np.ndarray,
    cid: np.ndarray,
    is_parent: np.ndarray,
    size: np.ndarray,
    quantities: Sequence[tuple[np.ndarray, float]],
    extra_need: np.ndarray | None = None,
) -> np.ndarray:
    """Hide cells until no equation has one hidden cell or hidden parts at their bounds."""
    n_groups = int(gid.max()) + 1 if len(gid) else 0
    hidden = hidden.copy()
    child = ~is_parent
    parent_cell = np.full(n_groups, -1, dtype=np.int64)
    parent_cell[gid[is_parent]] = cid[is_parent]
    first = True
    while n_groups:
        h_member = hidden[cid]
        count = np.bincount(gid, weights=h_member, minlength=n_groups)
        need = count == 1
        hidden_children = h_member & child
        n_hidden_children = np.bincount(gid, weights=hidden_children, minlength=n_groups)
        parent_visible = ~hidden[parent_cell]
        for q, low in quantities:
            qv = q[cid]
            known = hidden_children & ~np.isnan(qv)
            total = np.bincount(gid, weights=np.where(known, qv, 0.0), minlength=n_groups)
            n_known = np.bincount(gid, weights=known, minlength=n_groups)
            need |= (
                parent_visible & (n_hidden_children >= 2) & (n_known == n_hidden_children) & (total == n_known * low)
            )
        if first and extra_need is not None:
            need |= extra_need
        first = False
        if not need.any():
            break
        member_need = need[gid]
        visible = ~hidden[cid]
        cand = member_need & child & visible & (np.nan_to_num(size[cid], nan=0.0) > 0)
        chosen_groups, chosen = _first_per_group(gid[cand], cid[cand], np.nan_to_num(size[cid[cand]], nan=0.0))
        before = int(hidden.sum())
        hidden[chosen] = True
        # a needy group without a positive visible part: hide any visible part, else the parent
        rest = np.setdiff1d(np.flatnonzero(need), chosen_groups)
        if len(rest):
            loose = np.isin(gid, rest) & child & visible
            got_groups, got = _first_per_group(gid[loose], cid[loose], np.zeros(int(loose.sum())))
            hidden[got] = True
            still = np.setdiff1d(rest, got_groups)
            parents = parent_cell[still]
            hidden[parents[parents >= 0]] = True
        if int(hidden.sum()) == before:
            break
    return hidden


def _components(hidden: np.ndarray, gid: np.ndarray, cid: np.ndarray) -> list[np.ndarray]:
    """The membership rows of each set of equations linked by shared hidden cells (union-find)."""
    n_groups = int(gid.max()) + 1
    h_member = hidden[cid]
    parent = np.arange(n_groups)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_group: dict[int, int] = {}
    for gi, ci in zip(gid[h_member].tolist(), cid[h_member].tolist(), strict=True):
        if ci in first_group:
            a, b = find(first_group[ci]), find(gi)
            if a != b:
                parent[a] = b
        else:
            first_group[ci] = gi
    has_hidden = np.zeros(n_groups, dtype=bool)
    has_hidden[gid[h_member]] = True
    roots = np.array([find(g) if has_hidden[g] else -1 for g in range(n_groups)])
    comp = roots[gid]
    rows = np.flatnonzero(comp >= 0)
    rows = rows[np.argsort(comp[rows], kind="stable")]
    cuts = np.flatnonzero(np.diff(comp[rows])) + 1
    return np.split(rows, cuts) if len(rows) else []


def _solve_component(
    hidden: np.ndarray, gid: np.ndarray, cid: np.ndarray, is_parent: np.ndarray, members: np.ndarray, tol: float
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """The hidden cells that these equations fix, and for each the visible cells it is worked out from."""
    g, c = gid[members], cid[members]
    sign = np.where(is_parent[members], 1.0, -1.0)
    rows_u, rows = np.unique(g, return_inverse=True)
    cols_u, cols = np.unique(c, return_inverse=True)
    matrix = np.zeros((len(rows_u), len(cols_u)))
    np.add.at(matrix, (rows, cols), sign)
    is_hidden = hidden[cols_u]
    a_h, a_v = matrix[:, is_hidden], matrix[:, ~is_hidden]
    u, s, vt = np.linalg.svd(a_h, full_matrices=True)
    rank = int((s > tol * max(1.0, float(s.max()) if len(s) else 1.0)).sum())
    null = vt[rank:].T
    fixed = np.linalg.norm(null, axis=1) < 1e-7 if null.size else np.ones(a_h.shape[1], dtype=bool)
    hidden_cells = cols_u[is_hidden]
    sources: dict[int, np.ndarray] = {}
    if fixed.any() and rank:
        # y with y @ a_h = e_i: the combination of equations that fixes cell i; its visible terms
        # (y @ a_v) are the published cells it is worked out from
        y = (u[:, :rank] / s[:rank]) @ vt[:rank][:, fixed]
        weights = a_v.T @ y
        visible_cells = cols_u[~is_hidden]
        for k, cell in enumerate(hidden_cells[fixed]):
            sources[int(cell)] = visible_cells[np.abs(weights[:, k]) > 1e-7]
    return hidden_cells[fixed], sources


def determined_cells(
    hidden: np.ndarray, gid: np.ndarray, cid: np.ndarray, is_parent: np.ndarray, tol: float = 1e-9
) -> np.ndarray:
    """Positions of hidden cells that the published equations fix exactly (linear algebra).

    Each group says parent - sum(children) = 0; visible cells are known. A hidden cell is fixed
    when its unit vector lies in the row space of the equations restricted to hidden cells, i.e.
    when every null-space vector is zero at it. Solved per connected component.
    """
    return _determined(hidden, gid, cid, is_parent, tol)[0]


def _determined(
    hidden: np.ndarray, gid: np.ndarray, cid: np.ndarray, is_parent: np.ndarray, tol: float = 1e-9
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    if not len(gid) or not hidden[cid].any():
        return np.zeros(0, dtype=np.int64), {}
    out: list[int] = []
    sources: dict[int, np.ndarray] = {}
    for members in _components(hidden, gid, cid):
        fixed, found = _solve_component(hidden, gid, cid, is_parent, members, tol)
        out.extend(int(x) for x in fixed)
        sources.update(found)
    return np.array(sorted(out), dtype=np.int64), sources


def disclosure_pattern(
    cells: pd.DataFrame,
    links: pd.DataFrame,
    threshold: int = DEFAULT_THRESHOLD,
    primary: pd.Series | None = None,
) -> pd.DataFrame:
    """Which cells are hidden, and why: columns `suppressed` (bool) and `reason`
    ('small' for primary cells, 'secondary' for the cells hidden to protect them).

    cells: BLOCK + CELL columns, rule, value, numerator, denominator (one row per cell).
    links: level, code, parent_level, parent_code (the published area hierarchy).
    """
    cells = cells.reset_index(drop=True)
    first = primary_mask(cells, threshold) if primary is None else primary.reset_index(drop=True)
    hidden = first.to_numpy(dtype=bool).copy()
    gid, cid, is_parent = equations(cells, links)
    size = cell_size(cells)
    quantities = sensitive_quantities(cells)
    hidden = _close_equations(hidden, gid, cid, is_parent, size, quantities)
    # the equations together: while they fix a hidden cell, hide the smallest visible cell it is
    # worked out from, and close the single equations again (each round hides more: it ends)
    positive = np.nan_to_num(size, nan=0.0)
    while True:
        fixed, sources = _determined(hidden, gid, cid, is_parent)
        if not len(fixed):
            break
        before = int(hidden.sum())
        for cell in fixed.tolist():
            options = sources.get(cell, np.zeros(0, dtype=np.int64))
            options = options[~hidden[options]]
            if len(options):
                # the smallest positive one (a zero tells little when hidden), else any
                sized = options[positive[options] > 0]
                pick = sized[np.argmin(positive[sized])] if len(sized) else options[0]
                hidden[pick] = True
        if int(hidden.sum()) == before:  # nothing visible left to hide beside them: stop
            break
        hidden = _close_equations(hidden, gid, cid, is_parent, size, quantities)
    reason = np.where(first.to_numpy(dtype=bool), "small", np.where(hidden, "secondary", ""))
    return pd.DataFrame({"suppressed": hidden, "reason": reason}, index=cells.index)


def follow_pattern(cells: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Amounts tied to a count (e.g. euros of placements) hidden exactly where the count is.

    cells: the amounts with BLOCK (without indicator) + CELL keys; counts: the count's cells with
    the same keys and `suppressed`. Amounts without a count row stay visible.
    """
    keys = [k for k in ["year", "month", *CELL] if k in cells and k in counts]
    hidden = counts.set_index(keys)["suppressed"]
    hidden = hidden[~hidden.index.duplicated()]
    flags = hidden.reindex(pd.MultiIndex.from_frame(cells[keys])).fillna(False).to_numpy(dtype=bool)
    return pd.DataFrame(
        {"suppressed": flags, "reason": np.where(flags, "linked", "")},
        index=cells.index,
    )


def area_links(regions: pd.DataFrame, country_code: str = "SSS") -> pd.DataFrame:
    """The published hierarchy from the regions table: municipality -> county and region,
    county -> country, region -> country, and county -> region where a county lies wholly in one
    region (Uusimaa's four counties and Helsinki in Uusimaa; elsewhere a county is its region).
    The last is implied by the others, but stating it lets the quick closing step see it."""
    munis = regions[regions["level"] == "municipality"]
    pairs = munis[["county_code", "region_code"]].dropna().drop_duplicates()
    whole = pairs.groupby("county_code")["region_code"].nunique() == 1
    inside = pairs[pairs["county_code"].isin(whole[whole].index)]
    parts = [
        pd.DataFrame(
            {
                "level": "municipality",
                "code": munis["code"],
                "parent_level": "county",
                "parent_code": munis["county_code"],
            }
        ),
        pd.DataFrame(
            {
                "level": "municipality",
                "code": munis["code"],
                "parent_level": "region",
                "parent_code": munis["region_code"],
            }
        ),
    ]
    parts.append(
        pd.DataFrame(
            {
                "level": "county",
                "code": inside["county_code"],
                "parent_level": "region",
                "parent_code": inside["region_code"],
            }
        )
    )
    for level in ("county", "region"):
        codes = regions.loc[regions["level"] == level, "code"]
        parts.append(
            pd.DataFrame({"level": level, "code": codes, "parent_level": "country", "parent_code": country_code})
        )
    out = pd.concat(parts, ignore_index=True)
    return out.dropna().reset_index(drop=True)
