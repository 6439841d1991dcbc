"""Counts of people or families can not exceed the area's population where it is known (in the
file itself, else in the store): 5 000 placed children in a municipality of 4 000 people is a
mistyped number or a wrong area, and it is refused with both numbers in the message."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from data_loaders.report import Report
from store import queries
from store.catalogue import PERSON_COUNTS
from store.schema import KEY_COLUMNS

_COLUMNS = [*KEY_COLUMNS, "value"]
MOST = 20


def check_population(engine: Engine, rows: list[tuple[Any, ...]], report: Report) -> None:
    """Error for every person count above its area's population (aged 0-17 where the count is of
    children or families with children; all ages for the 0-17 population itself)."""
    counts = [r for r in rows if r[0] in PERSON_COUNTS and r[6] is not None]
    if not counts:
        return
    population: dict[tuple[str, str, str, int, str], float] = {}
    years = sorted({int(r[3]) for r in counts})
    db = queries.observations_of(engine, ["pop_total", "pop_0_17"], years)
    if len(db):
        demo = set(queries.uploads_frame(engine).query("format == 'demo'")["id"])
        db = db[~db["upload_id"].isin(demo)]
        for code, level, area, year, _month, sex, value in db[_COLUMNS].itertuples(index=False, name=None):
            if value is not None and value == value:
                population[(str(code), str(level), str(area), int(year), str(sex))] = float(value)
    for r in rows:  # the file's own population wins over the store's
        if r[0] in ("pop_total", "pop_0_17") and r[4] == 0 and r[6] is not None:
            population[(str(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[5]))] = float(r[6])
    if not population:  # no population known for these years: nothing to compare with
        return
    names: dict[tuple[str, str], str] | None = None
    found = 0
    for r in counts:
        key = (str(r[1]), str(r[2]), int(r[3]), str(r[5]))
        which = PERSON_COUNTS[str(r[0])]
        limit = population.get((which, *key))
        if limit is None and which == "pop_0_17":
            which = "pop_total"
            limit = population.get((which, *key))
        if limit is None or float(r[6]) <= limit:
            continue
        found += 1
        if found > MOST:
            continue
        if names is None:
            regs = queries.regions_frame(engine)
            names = {
                (str(lv), str(cd)): str(nm)
                for lv, cd, nm in regs[["level", "code", "name_fi"]].itertuples(index=False, name=None)
            }
        report.error(
            "constraint-error",
            "err.over-population",
            indicator=str(r[0]),
            area=names.get((key[0], key[1]), key[1]),
            year=key[2],
            value=float(r[6]),
            population=which,
            limit=limit,
        )
    if found > MOST:
        report.error("constraint-error", "err.over-population-more", n=found - MOST)
