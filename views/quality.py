"""Data quality as a person sees it: a value's flag (preliminary, estimate) beside the number, the
indicator's series breaks and changes of definition marked on its charts and said under them, and what
the indicator means, where it misleads and where it comes from (interpretation, limits, source) beside
every chart of it, in Finnish, Swedish and English.

The flags are the observations' own (stored from the file: "ennakkotieto", "2024*"); the notes are the
indicator_notes table (store/about.py keeps the catalogue's in step; a region may add its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from metrics.aggregate import SOFT_FLAGS
from views.cache import memo
from views.context import Context, engine_for
from views.gate import info
from views.labels import indicator_name

SHOWN_FLAGS = tuple(SOFT_FLAGS)  # preliminary, estimate: they qualify a shown number
AT_SOURCE = "suppressed_at_source"  # the source published no number ("..", "x"): a gap that says why


@memo(maxsize=8)
def _notes(url: str, version: int) -> pd.DataFrame:
    from store.schema import indicator_notes

    cols = ["indicator_code", "year", "kind", "text_fi", "text_sv", "text_en", "origin"]
    with engine_for(url).connect() as conn:
        rows = conn.execute(select(*[indicator_notes.c[c] for c in cols]).order_by(indicator_notes.c.id)).all()
    return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True)
class YearNote:
    """A note on one year of an indicator: a series break or a change of definition."""

    indicator: str
    year: int
    kind: str  # break | definition
    text: str


@dataclass(frozen=True)
class About:
    """What an indicator means, where it misleads, where it comes from, and its notes on particular years."""

    indicator: str
    name: str
    interpretation: str
    limits: str
    source: str
    notes: tuple[YearNote, ...]

    def lines(self, ctx: Context) -> list[str]:
        """The texts in reading order, each with its heading (for a page, an export or a slide's notes)."""
        out = []
        for key, text in (
            ("quality.interpretation", self.interpretation),
            ("quality.limits", self.limits),
            ("quality.source", self.source),
        ):
            if text:
                out.append(f"{ctx.t(key)}: {text}")
        out += [n.text for n in self.notes]
        return out


def _text(ctx: Context, row: pd.Series) -> str:
    return str(row[f"text_{ctx.lang}"] or row["text_fi"])


def year_notes(ctx: Context, codes: Iterable[str], years: Sequence[int] | None = None) -> list[YearNote]:
    """The series breaks and changes of definition of these indicators (within `years`, if given)."""
    frame = _notes(*ctx.data_key)
    wanted = list(dict.fromkeys(codes))
    part = frame[frame["indicator_code"].isin(wanted) & frame["kind"].isin(["break", "definition"])]
    if years is not None and len(years):
        part = part[part["year"].between(min(years), max(years))]
    notes = [
        YearNote(str(r["indicator_code"]), int(r["year"]), str(r["kind"]), _text(ctx, r)) for _, r in part.iterrows()
    ]
    return sorted(notes, key=lambda n: (n.year, wanted.index(n.indicator)))


def about(ctx: Context, code: str) -> About:
    """The indicator's interpretation, limits, source and year notes, in the context's language."""
    frame = _notes(*ctx.data_key)
    mine = frame[frame["indicator_code"] == code]

    def kind(name: str) -> str:
        rows = mine[mine["kind"] == name]
        return " ".join(_text(ctx, r) for _, r in rows.iterrows())

    item = info(ctx, code)
    return About(
        code,
        indicator_name(ctx, code),
        kind("interpretation"),
        kind("limits"),
        str(item.source or ""),
        tuple(year_notes(ctx, [code])),
    )


def flag_word(ctx: Context, flag: object) -> str:
    """'ennakkotieto' / 'arvio' for a shown value's flag, '' for none."""
    return ctx.t(f"quality.flag.{flag}") if flag in (*SHOWN_FLAGS, AT_SOURCE) else ""


def flagged_labels(ctx: Context, labels: Sequence[str], flags: Sequence[object], hidden: Sequence[bool]) -> list[str]:
    """Labels with the flag said beside a shown number: '12,3 (ennakkotieto)'."""
    return [
        f"{label} ({flag_word(ctx, flag)})" if (not hide and flag in SHOWN_FLAGS) or flag == AT_SOURCE else label
        for label, flag, hide in zip(labels, flags, hidden, strict=True)
    ]


def chart_notes(ctx: Context, codes: Sequence[str], series: pd.DataFrame) -> tuple[str, ...]:
    """What is said under a trend chart: which points are preliminary or estimates (and how they are
    drawn), and each series break or change of definition in the chart's years."""
    out: list[str] = []
    if "flag" in series and len(series):
        shown = series[series["shown"].notna()] if "shown" in series else series
        for flag in SHOWN_FLAGS:
            years = sorted({int(y) for y in shown.loc[shown["flag"] == flag, "year"]})
            if years:
                out.append(ctx.t(f"quality.note.{flag}", years=", ".join(str(y) for y in years)))
        withheld = sorted({int(y) for y in series.loc[series["flag"] == AT_SOURCE, "year"]})
        if withheld:
            out.append(ctx.t("quality.note.suppressed_at_source", years=", ".join(str(y) for y in withheld)))
    years = sorted(int(y) for y in series["year"]) if len(series) else []
    for note in year_notes(ctx, codes, years or None):
        prefix = f"{indicator_name(ctx, note.indicator)}: " if len(set(codes)) > 1 else ""
        out.append(prefix + note.text)
    return tuple(out)


def break_marks(ctx: Context, codes: Sequence[str], years: Sequence[int]) -> list[tuple[int, str]]:
    """(year, short label) for the chart's marked breaks: a series break or a change of definition."""
    marks: dict[int, str] = {}
    for note in year_notes(ctx, codes, years or None):
        marks.setdefault(note.year, ctx.t(f"quality.mark.{note.kind}"))
    return sorted(marks.items())


def area_flag_notes(ctx: Context, names: Iterable[str], flags: Iterable[object], hidden: Iterable[bool]) -> list[str]:
    """Under a map or a table of areas: which areas' values are preliminary or estimates."""
    out = []
    rows = [
        (str(n), f)
        for n, f, h in zip(names, flags, hidden, strict=True)
        if (not h and f in SHOWN_FLAGS) or f == AT_SOURCE
    ]
    for flag in (*SHOWN_FLAGS, AT_SOURCE):
        areas = sorted({n for n, f in rows if f == flag})
        if areas:
            shown = ", ".join(areas[:12]) + (f" (+{len(areas) - 12})" if len(areas) > 12 else "")
            out.append(ctx.t(f"quality.areas.{flag}", areas=shown))
    return out


def year_note_texts(ctx: Context, code: str, year: int) -> list[str]:
    """The notes on one year of an indicator (a series break or a change of definition that year)."""
    return [n.text for n in year_notes(ctx, [code], [year])]
