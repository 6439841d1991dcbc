"""Labels: names, units and numbers as a person reads them, in Finnish, Swedish or English."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from i18n import SUPPRESSED, format_number
from views.cache import memo
from views.context import Context
from views.gate import IndicatorInfo, info, infos, regions

MISSING = ""  # no value stored: an empty cell, never "None" or "nan"
_COLLATE = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y", "w": "v"})


def sort_key(name: str) -> str:
    """Finnish and Swedish alphabetical order: ... x y z å ä ö (Ü as Y, W as V)."""
    return str(name).casefold().translate(_COLLATE)


def sorted_by_name(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in alphabetical order of the shown name."""
    keys = [sort_key(v) for v in frame[column].tolist()]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return frame.iloc[order].reset_index(drop=True)


def unit_text(ctx: Context, item: IndicatorInfo) -> str:
    """The unit of the shown measure: / 1 000 0–17-v., %, € / 0–17-v., vrk, henkilöä ..."""
    key = item.display_unit
    if key in ("per_n", "eur_per_n"):
        den = infos(ctx).get(item.denominator_code or "")
        den_name = den.name(ctx.lang) if den else (item.denominator_code or "")
        return ctx.t(f"unit.{key}", per=ctx.fmt(item.per, 0), denominator=den_name)
    return ctx.t(f"unit.{key}")


def indicator_unit(ctx: Context, code: str) -> str:
    return unit_text(ctx, info(ctx, code))


def difference_unit(ctx: Context, code: str) -> str:
    """The unit of a difference between two values: percentage points for a percentage."""
    item = info(ctx, code)
    return ctx.t("unit.percent_points") if item.display_unit == "percent" else unit_text(ctx, item)


def indicator_name(ctx: Context, code: str) -> str:
    item = infos(ctx).get(code)
    return item.name(ctx.lang) if item else code


def name_with_unit(ctx: Context, code: str) -> str:
    """'Kodin ulkopuolelle sijoitetut lapset, / 1 000 0–17-v.': the unit written once."""
    unit = indicator_unit(ctx, code)
    name = indicator_name(ctx, code)
    return f"{name} ({unit})" if unit else name


@memo(maxsize=256)
def _area_names(url: str, version: int, lang: str, level: str) -> dict[str, str]:
    regs = regions(url, version)
    part = regs[regs["level"] == level]
    return dict(zip(part["code"], part[f"name_{lang}"], strict=True))


def area_names(ctx: Context, level: str) -> dict[str, str]:
    """Code -> the area's name in the context's language, for one level (shared, read-only)."""
    return _area_names(ctx.url, ctx.version, ctx.lang, level)


def area_name(ctx: Context, level: str, code: str) -> str:
    return area_names(ctx, level).get(code, code)


def label_of(ctx: Context, suppressed: bool, measure: str, value: Any, shown: Any, decimals: int) -> str:
    """One gated value as text: '..' when hidden, the count with its unit when a rate's denominator
    is missing (never a count under a rate's label), '' when there is nothing."""
    if suppressed:
        return SUPPRESSED
    if measure == "count":
        return f"{format_number(value, ctx.lang, 0)} {ctx.t('unit.count')}"
    if shown is None or shown != shown:
        return MISSING
    return format_number(shown, ctx.lang, decimals)


def value_labels(ctx: Context, frame: pd.DataFrame) -> list[str]:
    """label_of for every row of a gated frame (each row's own indicator decimals)."""
    table = infos(ctx)
    return [
        label_of(ctx, bool(sup), measure, value, shown, table[code].decimals)
        for sup, measure, value, shown, code in zip(
            frame["suppressed"], frame["measure"], frame["value"], frame["shown"], frame["indicator_code"], strict=True
        )
    ]


def count_labels(ctx: Context, values: Iterable[Any], suppressed: Iterable[bool]) -> list[str]:
    """Whole numbers (numerators, denominators) as text, '..' where the row is hidden."""
    return [
        SUPPRESSED if s else (MISSING if v is None or v != v else format_number(v, ctx.lang, 0))
        for v, s in zip(values, suppressed, strict=True)
    ]


def suppressed_note(ctx: Context) -> str:
    return ctx.t("common.suppressed_note", n=ctx.threshold)


def sources_line(ctx: Context, demo: bool, codes: Iterable[str] = ()) -> str:
    """Where the numbers come from: the demo, or THL Sotkanet and the region's own uploads."""
    if demo:
        sources = [ctx.t("source.demo")]
    else:
        table = infos(ctx)
        own = any(table[c].source and "Sotkanet" not in table[c].source for c in codes if c in table)
        sources = [ctx.t("source.thl")] + ([ctx.t("source.own")] if own or not codes else [])
    return ctx.t("common.source", sources="; ".join(sources)) + " " + suppressed_note(ctx)


@memo(maxsize=32)
def _last_change(url: str, version: int) -> Any:
    from sqlalchemy import func, select

    from store.schema import uploads
    from views.context import engine_for

    with engine_for(url).connect() as conn:
        return conn.execute(
            select(func.max(uploads.c.uploaded_at)).where(uploads.c.status.in_(("accepted", "demo")))
        ).scalar()


def data_date(ctx: Context) -> str:
    """'Tiedot päivitetty 26.11.2026': when the data shown last changed (the newest accepted upload)."""
    from i18n import format_date

    when = _last_change(*ctx.data_key)
    if when is None:
        return ""
    return ctx.t("common.data_date", date=format_date(when.date() if hasattr(when, "date") else when, ctx.lang))


def question_text(ctx: Context, code: str) -> str:
    """A parent-survey question's text in the reader's language (its code where the catalogue lacks it)."""
    key = f"survey.q.{code}"
    text = ctx.t(key)
    return code if text == key else text
