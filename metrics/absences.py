"""School absences: pupils over each hour limit by area and term, summed up the area hierarchy (schools,
municipality, county, country) and protected against small groups and differencing. Pure functions on
DataFrames.

A term's pupils fall into bands by the limits (under the first, between two limits, over the last); the
share over a limit is the bands above it. An area-term is shown only when it has at least `min_n` pupils
and no band holds 1 to threshold-1 pupils (then no cumulative count or its complement does either).
Differencing is closed as for the parent survey: a parent minus its shown children must itself be a group
that could be shown, and a hidden parent may not equal the sum of its shown children.
"""

from __future__ import annotations

import pandas as pd

TERM_ORDER = {"spring": 0, "autumn": 1}
KEY = ["area", "year", "term"]


def term_key(year: int, term: str) -> int:
    """A sortable number for a term: spring 2025 comes after autumn 2024."""
    return int(year) * 2 + TERM_ORDER[term]


def area_counts(rows: pd.DataFrame, parents: dict[str, str]) -> pd.DataFrame:
    """Counts per area, term and limit, from the stored rows.

    rows: municipality, school ('' = the whole municipality), year, term, threshold, pupils, over.
    parents: municipality code -> county code. Areas are named 'school:<municipality>:<school>',
    'municipality:<code>', 'county:<code>' and 'country'. A municipality is its own row where the file gave
    one, else the sum of its schools; a county and the country sum the municipalities that reported (the
    limits every one of them reported). Columns: area, level, parent, year, term, threshold, pupils, over,
    reporting (municipalities summed).
    """
    cols = ["area", "level", "parent", "year", "term", "threshold", "pupils", "over", "reporting"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.assign(school=rows["school"].fillna(""))
    schools = rows[rows["school"] != ""]
    own = rows[rows["school"] == ""]
    school_part = schools.assign(
        area="school:" + schools["municipality"] + ":" + schools["school"],
        level="school",
        parent="municipality:" + schools["municipality"],
        reporting=1,
    )
    summed = _sum_children(schools, "municipality")
    summed = summed.rename(columns={"group": "municipality"})
    have = set(zip(own["municipality"], own["year"], own["term"], strict=True))
    summed = summed[
        [(m, y, t) not in have for m, y, t in zip(summed["municipality"], summed["year"], summed["term"], strict=True)]
    ]
    munis = pd.concat([own, summed], ignore_index=True)
    muni_part = munis.assign(
        area="municipality:" + munis["municipality"],
        level="municipality",
        parent="county:" + munis["municipality"].map(parents).fillna("?"),
        reporting=1,
    )
    county = _sum_children(munis.assign(county=munis["municipality"].map(parents).fillna("?")), "county")
    county_part = county.assign(area="county:" + county["group"], level="county", parent="country")
    country = _sum_children(munis.assign(all="country"), "all")
    country_part = country.assign(area="country", level="country", parent="")
    parts = [p for p in (school_part, muni_part, county_part, country_part) if len(p)]
    out = pd.concat([p.reindex(columns=cols) for p in parts], ignore_index=True)
    out["reporting"] = out["reporting"].fillna(1).astype(int)
    return out.astype({"year": int, "threshold": int, "pupils": int, "over": int})


def _sum_children(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sums per group, term and limit over the children that reported the limit; a limit missing for one of
    the group's children is left out (a partial sum would understate the share)."""
    if rows.empty:
        return pd.DataFrame(columns=["group", "year", "term", "threshold", "pupils", "over", "reporting"])
    child = "school" if by == "municipality" else "municipality"
    members = rows.groupby([by, "year", "term"])[child].nunique().rename("members")
    grouped = rows.groupby([by, "year", "term", "threshold"]).agg(
        pupils=("pupils", "sum"), over=("over", "sum"), reporting=(child, "nunique")
    )
    grouped = grouped.join(members, on=[by, "year", "term"])
    whole = grouped[grouped["reporting"] == grouped["members"]].reset_index().rename(columns={by: "group"})
    return whole.drop(columns="members")


def bands(counts: pd.DataFrame) -> pd.DataFrame:
    """Per area and term: pupils (n), the limits (ascending) and the band counts b0 (under the first limit),
    b1 ... bk (over limit i, under limit i+1; the last over the last limit). Columns: area, level, parent,
    year, term, n, limits (tuple), bands (tuple), overs (tuple)."""
    records = []
    for (area, year, term), part in counts.groupby(KEY, sort=False):
        part = part.sort_values("threshold")
        n = int(part["pupils"].max())
        overs = [int(v) for v in part["over"]]
        edges = [n, *overs]
        band = [edges[i] - edges[i + 1] for i in range(len(overs))] + [overs[-1]]
        first = part.iloc[0]
        records.append(
            {
                "area": area,
                "level": first["level"],
                "parent": first["parent"],
                "year": int(str(year)),
                "term": term,
                "n": n,
                "limits": tuple(int(t) for t in part["threshold"]),
                "bands": tuple(band),
                "overs": tuple(overs),
                "reporting": int(part["reporting"].max()),
            }
        )
    return pd.DataFrame(
        records,
        columns=["area", "level", "parent", "year", "term", "n", "limits", "bands", "overs", "reporting"],
    )


def _safe(band_counts: list[int], n: int, min_n: int, threshold: int) -> bool:
    return n >= min_n and not any(0 < b < threshold for b in band_counts)


def protect(table: pd.DataFrame, min_n: int, threshold: int) -> pd.DataFrame:
    """`bands` with `shown` and the shares over each limit (`shares`, a tuple of % or None where hidden).

    Primary: an area-term with fewer than min_n pupils or a band of 1..threshold-1 pupils is hidden.
    Differencing: for every parent and term, the parent minus its shown children (same limits) must be
    empty or safe, and a hidden parent must not be the sum of its shown children; otherwise the smallest
    shown child is hidden too, until both hold (repeated until nothing changes, over every level)."""
    table = table.reset_index(drop=True).copy()
    n_of = [int(n) for n in table["n"]]
    bands_of = [tuple(int(b) for b in bs) for bs in table["bands"]]
    limits_of = [tuple(ls) for ls in table["limits"]]
    areas = [str(a) for a in table["area"]]
    shown = [_safe(list(b), n, min_n, threshold) for b, n in zip(bands_of, n_of, strict=True)]
    terms = [(int(y), str(t)) for y, t in zip(table["year"], table["term"], strict=True)]
    index = {(a, *yt): i for i, (a, yt) in enumerate(zip(areas, terms, strict=True))}
    children: dict[tuple[str, int, str], list[int]] = {}
    for i, (par, yt) in enumerate(zip(table["parent"], terms, strict=True)):
        if par:
            children.setdefault((str(par), *yt), []).append(i)
    changed = True
    while changed:
        changed = False
        for parent_key, kids in children.items():
            p = index.get(parent_key)
            if p is None:
                continue
            while True:
                visible = [i for i in kids if shown[i] and limits_of[i] == limits_of[p]]
                if not visible:
                    break
                rest = [bands_of[p][k] - sum(bands_of[i][k] for i in visible) for k in range(len(bands_of[p]))]
                m = n_of[p] - sum(n_of[i] for i in visible)
                if m == 0 and shown[p]:
                    break
                if m > 0 and _safe(rest, m, min_n, threshold):
                    break
                smallest = min(visible, key=lambda i: (n_of[i], areas[i]))
                shown[smallest] = False
                changed = True
    table["shown"] = shown
    table["shares"] = [
        tuple(round(100.0 * o / n, 6) if n else None for o in overs) if ok else tuple(None for _ in overs)
        for overs, n, ok in zip(table["overs"], n_of, shown, strict=True)
    ]
    return table
