"""What every page shares: the state of the store, the area pickers, titles and source lines."""

from __future__ import annotations

from sqlalchemy import select

from store import queries
from store.reference import area_from_cli
from store.schema import observations
from views.cache import memo
from views.context import Context
from views.gate import all_regions, regions
from views.labels import sort_key
from views.model import Choice

COUNTRY = ("country", "SSS")


@memo(maxsize=32)
def _status(url: str, version: int) -> tuple[bool, bool]:
    from views.context import engine_for

    engine = engine_for(url)
    with engine.connect() as conn:
        has_data = conn.execute(select(observations.c.id).limit(1)).first() is not None
    return has_data, queries.has_demo_data(engine)


def has_data(ctx: Context) -> bool:
    """True when the store holds any observation (else pages show how to bring data in)."""
    return _status(*ctx.data_key)[0]


def has_demo(ctx: Context) -> bool:
    """True when the demo data is live: every page then says so."""
    return _status(*ctx.data_key)[1]


def county_choice(ctx: Context) -> Choice:
    """The whole country, then the 23 county-level areas in alphabetical order."""
    regs = all_regions(ctx)
    counties = regs[regs["level"] == "county"]
    names = dict(zip(counties["code"], counties[f"name_{ctx.lang}"], strict=True))
    order = sorted(names, key=lambda c: sort_key(names[c]))
    names["SSS"] = ctx.t("sidebar.whole_country")
    return Choice(("SSS", *order), names, "SSS")


def municipality_choice(ctx: Context, county: str) -> Choice:
    """The whole county, then its municipalities in alphabetical order."""
    regs = all_regions(ctx)
    munis = regs[(regs["level"] == "municipality") & (regs["county_code"] == county)]
    names = dict(zip(munis["code"], munis[f"name_{ctx.lang}"], strict=True))
    order = sorted(names, key=lambda c: sort_key(names[c]))
    names["ALL"] = ctx.t("sidebar.whole_county")
    return Choice(("ALL", *order), names, "ALL")


def area_from_code(code: str, level: str | None = None) -> tuple[str, str]:
    """A command line's area: 2 digits a county, 3 a municipality, SSS the country; a region
    (maakunta) only with level 'region'. ValueError for anything else."""
    return area_from_cli(code, level)


def area_of(county: str, municipality: str) -> tuple[str, str]:
    """The (level, code) the pickers point at."""
    if county == "SSS":
        return COUNTRY
    if municipality == "ALL":
        return ("county", county)
    return ("municipality", municipality)


@memo(maxsize=8)
def county_map(url: str, version: int) -> dict[str, str]:
    """Municipality code -> county code, for every municipality (read-only, shared)."""
    regs = regions(url, version)
    munis = regs[(regs["level"] == "municipality") & regs["county_code"].notna()]
    return dict(zip(munis["code"].astype(str), munis["county_code"].astype(str), strict=True))


def municipality_counties(ctx: Context) -> dict[str, str]:
    """Municipality code -> county code, for every municipality (read-only, shared)."""
    return county_map(*ctx.data_key)


def parent_at(ctx: Context, area: tuple[str, str], level: str) -> str | None:
    """The code of the area itself, or of the area containing it, at `level` (None: no such)."""
    own_level, code = area
    if own_level == level:
        return code
    if own_level != "municipality" or level not in ("county", "region"):
        return None
    regs = all_regions(ctx)
    row = regs[(regs["level"] == "municipality") & (regs["code"] == code)]
    if row.empty:
        return None
    value = row.iloc[0][f"{level}_code"]
    return str(value) if value is not None else None
