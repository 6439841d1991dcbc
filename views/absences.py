"""School absences as a person sees them: the county's absence ladder (at each hour limit, who acts) with
the share of pupils over each limit in the chosen area and term, the shares over the terms, and the areas
below it (a county's municipalities, a municipality's schools), every share protected against small groups
and differencing (metrics.absences) before it is formatted.

The ladder is a county's setting: an uploader of that county or an admin edits it (written as one upload,
so every earlier ladder stays in the history and a rollback brings it back). A county without its own
ladder sees the example ladder, said so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select

from i18n import SUPPRESSED
from metrics.absences import area_counts, bands, protect, term_key
from store.settings import get_int
from views import charts
from views.access import Identity, require, scope
from views.cache import memo
from views.common import county_map, parent_at
from views.context import Context, engine_for
from views.labels import area_name, area_names, data_date, sorted_by_name
from views.model import Chart, Table

# The example ladder a county without its own sees (hours, step key): the three steps the issue names.
EXAMPLE_LADDER = ((30, "absences.step.teacher"), (50, "absences.step.welfare"), (80, "absences.step.meeting"))
MISSING = "–"


def min_n() -> int:
    """Fewest pupils for showing an area-term (LAPE_ABSENCE_MIN_N)."""
    return get_int("LAPE_ABSENCE_MIN_N")


@memo(maxsize=8)
def _rows(url: str, version: int) -> pd.DataFrame:
    from store.schema import ABSENCE_COLUMNS, absence_counts

    with engine_for(url).connect() as conn:
        rows = conn.execute(select(*[absence_counts.c[c] for c in ABSENCE_COLUMNS])).all()
    frame = pd.DataFrame(rows, columns=list(ABSENCE_COLUMNS))
    return frame.astype({"municipality": str, "school": str})


@memo(maxsize=8)
def _demo_absences(url: str, version: int) -> bool:
    """Whether the absence figures shown are the demo's (records of a kind stay demo until real ones of that
    kind arrive, whatever happened to the demo's indicator values)."""
    from store.schema import absence_counts, uploads

    with engine_for(url).connect() as conn:
        row = conn.execute(
            select(uploads.c.format).join(absence_counts, absence_counts.c.upload_id == uploads.c.id).limit(1)
        ).first()
    return row is not None and row[0] == "demo"


@memo(maxsize=8)
def _ladders(url: str, version: int) -> pd.DataFrame:
    from store.schema import LADDER_COLUMNS, absence_ladder

    with engine_for(url).connect() as conn:
        rows = conn.execute(select(*[absence_ladder.c[c] for c in LADDER_COLUMNS])).all()
    return pd.DataFrame(rows, columns=list(LADDER_COLUMNS))


def _protected(ctx: Context, smallest: int) -> pd.DataFrame:
    """Every area-term's bands, shown flag and shares: decided once over the whole store."""
    return _protect_all(*ctx.data_key, smallest, ctx.threshold)


@memo(maxsize=32)
def _protect_all(url: str, version: int, smallest: int, threshold: int) -> pd.DataFrame:
    counts = area_counts(_rows(url, version), county_map(url, version))
    if counts.empty:
        return pd.DataFrame(columns=["area", "level", "parent", "year", "term", "n", "limits", "shares", "shown"])
    return protect(bands(counts), smallest, threshold)


def _key(level: str, code: str) -> str:
    return "country" if level == "country" else f"{level}:{code}"


@dataclass(frozen=True)
class Step:
    hours: int
    text: str


def ladder(ctx: Context, county: str | None) -> tuple[tuple[Step, ...], bool]:
    """The county's ladder in the context's language (the step in another language where it has none in
    this one), and whether it is the example ladder (the county has set none)."""
    frame = _ladders(*ctx.data_key)
    mine = frame[frame["county"] == county] if county else frame.iloc[:0]
    if mine.empty:
        return tuple(Step(h, ctx.t(key)) for h, key in EXAMPLE_LADDER), True
    order = [ctx.lang, *[x for x in ("fi", "sv", "en") if x != ctx.lang]]
    steps = []
    for _, row in mine.sort_values("threshold").iterrows():
        text = next((str(row[f"step_{x}"]) for x in order if str(row[f"step_{x}"] or "").strip()), "")
        steps.append(Step(int(row["threshold"]), text))
    return tuple(steps), False


def term_label(ctx: Context, year: int, term: str) -> str:
    return ctx.t(f"absences.term.{term}", year=year)


def terms_for(ctx: Context, level: str, code: str) -> tuple[tuple[int, str], ...]:
    """The terms with figures for the area, newest first."""
    frame = _protected(ctx, min_n())
    mine = frame[frame["area"] == _key(level, code)]
    terms = {(int(y), str(t)) for y, t in zip(mine["year"], mine["term"], strict=True)}
    return tuple(sorted(terms, key=lambda yt: term_key(*yt), reverse=True))


@dataclass(frozen=True)
class AbsenceView:
    title: str
    intro: str
    message: str | None = None  # instead of figures: why there are none
    terms: tuple[tuple[int, str], ...] = ()
    term: tuple[int, str] | None = None
    ladder: Table | None = None
    example_ladder: bool = False
    trend: Chart | None = None
    areas: Table | None = None
    notes: tuple[str, ...] = ()
    sources: str = ""


def _share_text(ctx: Context, value: float | None, shown: bool) -> str:
    if not shown:
        return SUPPRESSED
    return MISSING if value is None else ctx.fmt(value, 1)


def _shares_by_limit(row: pd.Series) -> dict[int, float | None]:
    return dict(zip(row["limits"], row["shares"], strict=True))


@memo(maxsize=1024)
def absences(ctx: Context, level: str, code: str, term: tuple[int, str] | None = None) -> AbsenceView:
    """Everything on the absences page for the area (and term: the newest by default)."""
    title = ctx.t("absences.title", area=area_name(ctx, level, code))
    intro = ctx.t("absences.intro")
    if level == "region":
        return AbsenceView(title, intro, ctx.t("absences.choose_county"))
    frame = _protected(ctx, min_n())
    county = parent_at(ctx, (level, code), "county")
    steps, example = ladder(ctx, county)
    terms = terms_for(ctx, level, code)
    if not terms:
        return AbsenceView(
            title, intro, ctx.t("absences.no_data"), ladder=_ladder_table(ctx, steps, None), example_ladder=example
        )
    chosen = term if term in terms else terms[0]
    key = _key(level, code)
    mine = frame[frame["area"] == key]
    now = mine[(mine["year"] == chosen[0]) & (mine["term"] == chosen[1])].iloc[0]
    notes = []
    if example:
        notes.append(ctx.t("absences.example_note" if county else "absences.country_note"))
    if level != "municipality" and int(now["reporting"]) > 0:
        notes.append(ctx.t("absences.coverage", n=int(now["reporting"])))
    notes.append(ctx.t("absences.suppressed_note", n=min_n(), k=ctx.threshold - 1))
    demo = _demo_absences(*ctx.data_key)
    sources = ctx.t("common.source", sources=ctx.t("source.demo") if demo else ctx.t("source.own"))
    return AbsenceView(
        title,
        intro,
        None,
        terms,
        chosen,
        _ladder_table(ctx, steps, now),
        example,
        _trend(ctx, level, code, mine, steps, sources),
        _areas_table(ctx, frame, key, chosen, steps),
        tuple(notes),
        sources,
    )


def _ladder_table(ctx: Context, steps: tuple[Step, ...], now: pd.Series | None) -> Table:
    """The ladder: each limit, who acts there, and the share of pupils over it in the chosen area and term."""
    shares = _shares_by_limit(now) if now is not None else {}
    shown = bool(now["shown"]) if now is not None else True
    frame = pd.DataFrame(
        {
            ctx.t("absences.col.limit"): [ctx.t("absences.over_hours", hours=s.hours) for s in steps],
            ctx.t("absences.col.step"): [s.text for s in steps],
            ctx.t("absences.col.share"): [
                _share_text(ctx, shares.get(s.hours), shown) if now is not None else MISSING for s in steps
            ],
        }
    )
    if now is not None:
        frame[ctx.t("absences.col.pupils")] = ctx.fmt(int(now["n"]), 0)
    return Table(frame, None, "")


def _trend(ctx: Context, level: str, code: str, mine: pd.DataFrame, steps: tuple[Step, ...], sources: str) -> Chart:
    """The shares over each ladder limit by term for the area; hidden terms are gaps."""
    ordered = mine.assign(k=[term_key(y, t) for y, t in zip(mine["year"], mine["term"], strict=True)]).sort_values("k")
    labels = [term_label(ctx, int(y), str(t)) for y, t in zip(ordered["year"], ordered["term"], strict=True)]
    records = []
    for label, (_, row) in zip(labels, ordered.iterrows(), strict=True):
        shares = _shares_by_limit(row)
        for step in steps:
            value = shares.get(step.hours)
            records.append(
                {
                    "year": label,  # the term, on the axis in calendar order
                    "series": ctx.t("absences.over_hours", hours=step.hours),
                    "shown": None if not row["shown"] or value is None else round(float(value), 1),
                    "label": _share_text(ctx, value, bool(row["shown"]))
                    if value is not None or not row["shown"]
                    else "",
                }
            )
    data = pd.DataFrame(records, columns=["year", "series", "shown", "label"])
    names = [ctx.t("absences.over_hours", hours=s.hours) for s in steps]
    spec = charts.trend_chart(
        data,
        [(name, f"step{min(i, 4) + 1}") for i, name in enumerate(names)],
        lang=ctx.lang,
        decimals=0,
        y_title=ctx.t("absences.y_title"),
        series_title=ctx.t("absences.col.limit"),
        year_title=ctx.t("absences.col.term"),
        x_order=list(dict.fromkeys(labels)),
    )
    area = area_name(ctx, level, code)
    title = ctx.t("absences.chart_title", area=area)
    alt_text = ctx.t("absences.chart_alt", area=area, first=labels[0], last=labels[-1])
    table = data.pivot_table(index="year", columns="series", values="label", aggfunc="first")
    table = table.reindex(index=[x for x in dict.fromkeys(labels)], columns=[n for n in names if n in table.columns])
    frame = table.fillna(MISSING).reset_index().rename(columns={"year": ctx.t("absences.col.term")})
    return Chart(
        charts.titled(spec, title, description=alt_text),
        alt_text,
        Table(frame, None, ctx.t("absences.suppressed_note", n=min_n(), k=ctx.threshold - 1)),
        sources,
        title=title,
        date=data_date(ctx),
    )


def _areas_table(
    ctx: Context, frame: pd.DataFrame, key: str, chosen: tuple[int, str], steps: tuple[Step, ...]
) -> Table | None:
    """The areas below the chosen one in the chosen term: pupils and the share over each limit."""
    kids = frame[(frame["parent"] == key) & (frame["year"] == chosen[0]) & (frame["term"] == chosen[1])]
    if kids.empty:
        return None
    names: list[str] = []
    for area in kids["area"]:
        kind, _, rest = str(area).partition(":")
        if kind == "school":
            names.append(rest.partition(":")[2])
        else:
            names.append(area_names(ctx, kind).get(rest, rest))
    out = pd.DataFrame({ctx.t("col.area"): names})
    out[ctx.t("absences.col.pupils")] = [ctx.fmt(int(n), 0) for n in kids["n"]]
    for step in steps:
        out[ctx.t("absences.over_hours", hours=step.hours)] = [
            _share_text(ctx, _shares_by_limit(row).get(step.hours), bool(row["shown"])) for _, row in kids.iterrows()
        ]
    out = sorted_by_name(out, ctx.t("col.area")).reset_index(drop=True)
    return Table(out, None, ctx.t("absences.suppressed_note", n=min_n(), k=ctx.threshold - 1))


class LadderError(ValueError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def save_ladder(ctx: Context, identity: Identity | None, county: str, steps: Sequence[Mapping[Any, Any]]) -> int:
    """Write the county's ladder (replacing the one before, kept in the history) as one upload; returns
    its id. Each step: hours (a whole number 1-999, each once) and who acts (fi, sv, en; at least one).
    An uploader may edit only the ladders of their counties."""
    from store.records import KINDS, write_records

    who = require(ctx, identity, "upload")
    allowed = scope(ctx, who)
    if allowed is not None and ("county", county) not in allowed:
        raise LadderError("err.ladder-scope", area=area_name(ctx, "county", county))
    rows = []
    seen: set[int] = set()
    for step in steps:
        raw = step.get("hours")
        if raw is None or raw != raw:  # an empty line of the editor
            continue
        hours = float(str(raw).replace(",", "."))
        texts = {x: " ".join(str(step.get(f"step_{x}") or "").split())[:200] for x in ("fi", "sv", "en")}
        if not hours.is_integer() or not 0 < hours < 1000 or int(hours) in seen:
            raise LadderError("err.ladder-hours", hours=raw)
        if not any(texts.values()):
            raise LadderError("err.ladder-step", hours=int(hours))
        seen.add(int(hours))
        rows.append({"county": county, "threshold": int(hours), **{f"step_{x}": texts[x] for x in texts},
                     "set_by": who.username})  # fmt: skip
    if not rows:
        raise LadderError("err.ladder-empty")
    stamp = f"{rows}|{dt.datetime.now(dt.UTC).isoformat()}"
    name = ctx.t("absences.upload_name", area=area_name(ctx, "county", county))
    written = write_records(
        ctx.engine, KINDS["ladder"], rows, filename=name,
        sha256=hashlib.sha256(stamp.encode()).hexdigest(), user=who.username, report={"format": "ladder"},
        replace=True,
    )  # fmt: skip
    return int(written.upload_id or 0)


def ladder_rows(ctx: Context, county: str) -> pd.DataFrame:
    """The county's ladder as the editor shows it (hours, step_fi, step_sv, step_en); the example if none."""
    frame = _ladders(*ctx.data_key)
    mine = frame[frame["county"] == county].sort_values("threshold")
    if mine.empty:
        from i18n import t

        return pd.DataFrame(
            [{"hours": h, **{f"step_{x}": t(key, x) for x in ("fi", "sv", "en")}} for h, key in EXAMPLE_LADDER]
        )
    return mine.rename(columns={"threshold": "hours"})[["hours", "step_fi", "step_sv", "step_en"]].reset_index(
        drop=True
    )


def may_edit_ladder(ctx: Context, identity: Identity | None, county: str | None) -> bool:
    """Whether this person may edit the county's ladder (an admin, or an uploader of that county)."""
    if identity is None or county is None or identity.role not in ("uploader", "admin"):
        return False
    return identity.role == "admin" or county in identity.counties
