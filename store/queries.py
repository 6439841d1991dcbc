"""Read queries the pages and command lines use. Each returns a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine, and_, select

from store.schema import indicators, observations, regions, uploads


def regions_frame(engine: Engine) -> pd.DataFrame:
    """All regions of every level."""
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(regions).order_by(regions.c.level, regions.c.code)).mappings().all())


def indicators_frame(engine: Engine) -> pd.DataFrame:
    """The indicator catalogue."""
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(indicators).order_by(indicators.c.code)).mappings().all())


_OBS_COLS = [
    observations.c.indicator_code,
    observations.c.region_level,
    observations.c.region_code,
    observations.c.year,
    observations.c.month,
    observations.c.sex,
    observations.c.value,
    observations.c.numerator,
    observations.c.denominator,
    observations.c.flag,
    observations.c.upload_id,
]


def _frame(engine: Engine, stmt: object) -> pd.DataFrame:
    names = [c.name for c in _OBS_COLS]
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()  # type: ignore[call-overload]
    # column-wise: building a frame from a million Row objects costs seconds in pandas' row path
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pd.DataFrame({name: list(col) for name, col in zip(names, columns, strict=True)}, columns=names)


def area_observations(
    engine: Engine,
    areas: Sequence[tuple[str, str]],
    indicator_codes: Sequence[str] | None = None,
    sex: str = "total",
) -> pd.DataFrame:
    """Annual observations of the given (level, code) areas, optionally of some indicators."""
    conds = [observations.c.sex == sex, observations.c.month == 0]
    frames = []
    for level, code in areas:
        stmt = select(*_OBS_COLS).where(
            and_(observations.c.region_level == level, observations.c.region_code == code, *conds)
        )
        if indicator_codes:
            stmt = stmt.where(observations.c.indicator_code.in_(list(indicator_codes)))
        frames.append(_frame(engine, stmt))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[c.name for c in _OBS_COLS])


def level_observations(
    engine: Engine,
    indicator_codes: Sequence[str],
    level: str,
    year: int | None = None,
    sex: str = "total",
) -> pd.DataFrame:
    """Annual observations of every area of one level for some indicators (and a year)."""
    stmt = select(*_OBS_COLS).where(
        observations.c.indicator_code.in_(list(indicator_codes)),
        observations.c.region_level == level,
        observations.c.sex == sex,
        observations.c.month == 0,
    )
    if year is not None:
        stmt = stmt.where(observations.c.year == year)
    return _frame(engine, stmt)


def indicator_observations(engine: Engine, indicator_code: str, year: int | None = None) -> pd.DataFrame:
    """Every annual observation of one indicator (of one year): all levels, areas and sexes."""
    return observations_of(engine, [indicator_code], None if year is None else [year])


def observations_of(engine: Engine, indicator_codes: Sequence[str], years: Sequence[int] | None = None) -> pd.DataFrame:
    """Every annual observation of some indicators (in some years): all levels, areas and sexes."""
    stmt = select(*_OBS_COLS).where(observations.c.indicator_code.in_(list(indicator_codes)), observations.c.month == 0)
    if years is not None:
        stmt = stmt.where(observations.c.year.in_(list(years)))
    return _frame(engine, stmt)


def observation_years(engine: Engine) -> pd.DataFrame:
    """Which years each indicator has at each level (annual values): indicator_code, region_level, year."""
    stmt = (
        select(observations.c.indicator_code, observations.c.region_level, observations.c.year)
        .where(observations.c.month == 0)
        .distinct()
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["indicator_code", "region_level", "year"])


def uploads_frame(engine: Engine) -> pd.DataFrame:
    """Every upload, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(uploads).order_by(uploads.c.id.desc())).mappings().all()
        return pd.DataFrame(rows, columns=list(uploads.c.keys()))


def has_demo_data(engine: Engine) -> bool:
    """True when any observation comes from the demo generator."""
    with engine.connect() as conn:
        row = conn.execute(
            select(uploads.c.id)
            .where(uploads.c.format == "demo", uploads.c.replaced_by.is_(None), uploads.c.status == "demo")
            .limit(1)
        ).first()
        return row is not None


def has_rows_above_municipalities(engine: Engine) -> bool:
    """True when any uploaded (not demo) observation is for a county, region or the country."""
    demo = select(uploads.c.id).where(uploads.c.format == "demo")
    with engine.connect() as conn:
        row = conn.execute(
            select(observations.c.id)
            .where(observations.c.region_level != "municipality", observations.c.upload_id.not_in(demo))
            .limit(1)
        ).first()
        return row is not None


def observations_any_month(engine: Engine, indicator_codes: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Every observation (annual and monthly) of some indicators in some years: what an upload would meet."""
    stmt = select(*_OBS_COLS).where(
        observations.c.indicator_code.in_(list(indicator_codes)), observations.c.year.in_(list(years))
    )
    return _frame(engine, stmt)
