"""The upload page's views: check a file (the same ingestion engine as the command line, as a dry run),
show what it would change, write it, and build templates. Every function that writes, and every
check of a file, requires an uploader or admin and keeps to the uploader's areas (views.access)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_loaders.ingest import IngestResult, ingest_bytes
from data_loaders.parse import SUPPRESSED_FLAG
from data_loaders.template import RECORD_KINDS as RECORD_KINDS  # the kinds of file with a template
from i18n.text import spreadsheet_safe
from store import queries
from store.schema import KEY_COLUMNS, ROW_COLUMNS
from views.access import Identity, require, scope
from views.context import Context
from views.labels import area_name, area_names, indicator_name, question_text

PREVIEW_ROWS = 200
LARGEST = 20
KEY = list(KEY_COLUMNS)
# what a file can leave open, and the report entry that says so
QUESTIONS = {
    "err.no-year-for-file": "year",
    "err.no-indicator-for-file": "indicator",
    "err.ambiguous-level": "level",
    "warn.hidden-rows": "hidden",
    "warn.hidden-columns": "hidden",
}


@dataclass(frozen=True)
class Answers:
    """What the person said about a file that leaves something open (the command line's options)."""

    year: int | None = None
    indicator: str | None = None
    level: str | None = None
    include_hidden: bool = False


@dataclass
class Comparison:
    new: int
    changed: int
    unchanged: int
    over_limit: int
    replaces: list[int]  # uploads whose rows it would replace
    largest: pd.DataFrame  # the largest changes, formatted
    demo_aside: bool  # the demo data would be put aside

    @property
    def replaced(self) -> int:
        """Stored values the file would replace (changed or not): writing it needs a confirmation."""
        return self.changed + self.unchanged


@dataclass
class FileCheck:
    ok: bool
    format: str | None
    rows: int
    report: pd.DataFrame  # kind, sheet, row, column, type, message
    notes: list[str]
    questions: list[str]
    preview: pd.DataFrame
    comparison: Comparison | None = None
    indicators: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


@dataclass
class Committed:
    ok: bool
    upload_id: int | None
    rows: int
    replaced: int
    report: pd.DataFrame
    message: str


def _report_frame(ctx: Context, result: IngestResult, checking: bool = False) -> pd.DataFrame:
    """Errors and warnings with where they are (blank where a message is about the whole file). While a
    file is only checked, the warning that the demo data was put aside is left to the comparison."""
    kinds = {"error": ctx.t("upload.kind.error"), "warning": ctx.t("upload.kind.warning")}
    items = [("error", i) for i in result.report.error_dicts(ctx.lang)]
    items += [
        ("warning", i) for i in result.report.warning_dicts(ctx.lang) if not (checking and i["type"] == "demo-replaced")
    ]
    columns = ["kind", "sheet", "row", "column", "type", "message"]
    rows = [[kinds[kind], *("" if item.get(c) is None else str(item[c]) for c in columns[1:])] for kind, item in items]
    return pd.DataFrame(rows, columns=[ctx.t(f"upload.col.{c}") for c in columns])


def _questions(result: IngestResult) -> list[str]:
    keys = [i.key for i in result.report.errors] + [i.key for i in result.report.warnings]
    out: list[str] = []
    if "err.no-rows" in keys and "warn.indicators-skipped" in keys:  # its only measure is not in the catalogue
        out.append("indicator")
    for key in keys:
        question = QUESTIONS.get(key)
        if question and question not in out:
            out.append(question)
    return out


def _rows_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def _preview(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """The first rows as the file was read: the area and indicator named, numbers formatted."""
    head = frame.head(PREVIEW_ROWS)
    sexes = {s: ctx.t(f"sex.{s}") for s in ("total", "male", "female")}
    return pd.DataFrame(
        {
            ctx.t("upload.col.area"): [
                f"{area_name(ctx, lv, code)} ({code})"
                for lv, code in zip(head["region_level"], head["region_code"], strict=True)
            ],
            ctx.t("upload.col.indicator"): [indicator_name(ctx, c) for c in head["indicator_code"]],
            ctx.t("upload.col.year"): [str(y) for y in head["year"]],
            ctx.t("upload.col.month"): [str(m) if m else "" for m in head["month"]],
            ctx.t("upload.col.sex"): [sexes.get(s, s) for s in head["sex"]],
            ctx.t("upload.col.value"): [
                ".." if flag == SUPPRESSED_FLAG else _num(ctx, v)  # a source marker stays a marker
                for v, flag in zip(head["value"], head["flag"], strict=True)
            ],
            ctx.t("upload.col.numerator"): [_num(ctx, v) for v in head["numerator"]],
            ctx.t("upload.col.denominator"): [_num(ctx, v) for v in head["denominator"]],
        }
    )


def _num(ctx: Context, value: Any) -> str:
    if value is None or value != value:
        return ""
    decimals = 0 if float(value).is_integer() else 2
    return ctx.fmt(value, decimals)


def compare(ctx: Context, frame: pd.DataFrame, limit_pct: float) -> Comparison:
    """What the rows would do to the store: new keys, changed and unchanged values, the largest changes."""
    demo = set(queries.uploads_frame(ctx.engine).query("format == 'demo'")["id"])
    stored = queries.observations_any_month(
        ctx.engine, sorted(set(frame["indicator_code"])), sorted({int(y) for y in frame["year"]})
    )
    demo_aside = bool(len(stored)) and bool(stored["upload_id"].isin(demo).any())
    stored = stored[~stored["upload_id"].isin(demo)]
    both = frame.merge(stored[[*KEY, "value", "upload_id"]], on=KEY, how="left", suffixes=("", "_old"))
    met = both[both["upload_id"].notna()]
    same = (met["value"] == met["value_old"]) | (met["value"].isna() & met["value_old"].isna())
    changed = met[~same].copy()
    old = changed["value_old"].astype(float)
    changed["pct"] = ((changed["value"].astype(float) - old) / old.abs().where(old != 0)) * 100
    changed["size"] = (changed["value"].astype(float) - old).abs()
    changed = changed.sort_values(["size"], ascending=False)
    top = changed.head(LARGEST)
    largest = pd.DataFrame(
        {
            ctx.t("upload.col.area"): [
                area_name(ctx, lv, c) for lv, c in zip(top["region_level"], top["region_code"], strict=True)
            ],
            ctx.t("upload.col.indicator"): [indicator_name(ctx, c) for c in top["indicator_code"]],
            ctx.t("upload.col.year"): [str(y) for y in top["year"]],
            ctx.t("upload.col.old"): [_num(ctx, v) for v in top["value_old"]],
            ctx.t("upload.col.new"): [_num(ctx, v) for v in top["value"]],
            ctx.t("upload.col.change_pct"): ["" if p != p else ctx.fmt(p, 1) + " %" for p in top["pct"]],
            ctx.t("upload.col.over_limit"): ["⚠️" if p == p and abs(p) > limit_pct else "" for p in top["pct"]],
        }
    )
    over = int(((changed["pct"].abs() > limit_pct) & changed["pct"].notna()).sum())
    return Comparison(
        new=int(both["upload_id"].isna().sum()),
        changed=len(changed),
        unchanged=int(same.sum()),
        over_limit=over,
        replaces=sorted({int(u) for u in met["upload_id"]}),
        largest=largest,
        demo_aside=demo_aside,
    )


def check_file(ctx: Context, identity: Identity | None, data: bytes, name: str, answers: Answers) -> FileCheck:
    """Read and check a file as the command line would, writing nothing; what it would change."""
    from store.settings import get_number

    who = require(ctx, identity, "upload")
    result = ingest_bytes(
        ctx.engine,
        data,
        name,
        user=who.username,
        dry_run=True,
        replace=True,  # overlaps are shown in the comparison; writing them needs the person's confirmation
        year=answers.year,
        indicator=answers.indicator,
        level=answers.level,
        include_hidden=answers.include_hidden,
        scope=scope(ctx, who),
    )
    if result.format in RECORD_PAGES:
        return _record_check(ctx, result)
    frame = _rows_frame(result.rows or [])
    check = FileCheck(
        ok=result.ok,
        format=result.format,
        rows=len(frame),
        report=_report_frame(ctx, result, checking=True),
        notes=result.report.note_texts(ctx.lang),
        questions=_questions(result),
        preview=_preview(ctx, frame) if len(frame) else pd.DataFrame(),
    )
    if result.ok and len(frame):
        check.comparison = compare(ctx, frame, get_number("LAPE_CHANGE_WARN_PCT"))
        check.indicators = sorted(set(frame["indicator_code"]))
        check.years = sorted({int(y) for y in frame["year"]})
    return check


RECORD_PAGES = {
    "episodes": "lifecycle",
    "survey": "survey",
    "centres": "family_centres",
    "activity": "family_centres",
    "targets": "targets",
}


def _preview_cell(ctx: Context, column: str, value: object) -> str:
    if value is None or value != value:
        return ""
    if column in ("municipality", "county"):
        names = area_names(ctx, column)
        return f"{names.get(str(value), str(value))} ({value})"
    if column == "service":
        return ctx.t(f"service.{value}")
    if column == "question":
        return question_text(ctx, str(value))
    if column == "measure":
        return ctx.t(f"centres.measure.{value}")
    if column == "n":
        return ctx.fmt(float(value), 0)  # type: ignore[arg-type]
    return str(value)


def _record_check(ctx: Context, result: IngestResult) -> FileCheck:
    """A file of records (client episodes, survey responses, family centres, their activity): what it holds
    per area (the uploader's own data, counted) and what it would put aside."""
    counted = result.extra.get("preview")
    preview = pd.DataFrame()
    if isinstance(counted, pd.DataFrame) and len(counted):
        preview = pd.DataFrame(
            {
                ctx.t(f"upload.count.{result.format}" if col == "n" else f"upload.preview.{col}"): [
                    _preview_cell(ctx, col, v) for v in counted[col]
                ]
                for col in counted.columns
            }
        )
    check = FileCheck(
        ok=result.ok,
        format=result.format,
        rows=result.rows_accepted,
        report=_report_frame(ctx, result, checking=True),
        notes=result.report.note_texts(ctx.lang),
        questions=[],
        preview=preview,
    )
    if result.ok:
        replaces = [int(u) for u in result.extra.get("replaced_uploads", [])]
        check.comparison = Comparison(
            new=result.rows_accepted,
            changed=0,
            unchanged=result.replaced,  # records the file would put aside: writing them needs a confirmation
            over_limit=0,
            replaces=replaces,
            largest=pd.DataFrame(),
            demo_aside=bool(result.extra.get("demo_aside")),
        )
    return check


def commit(
    ctx: Context,
    identity: Identity | None,
    data: bytes,
    name: str,
    answers: Answers,
    replace: bool,
    progress: Callable[[float, str], None] | None = None,
) -> Committed:
    """Write the file as one upload (replacing overlapping rows only when `replace`, which the page asks
    the person to confirm); the same function the command line calls."""
    who = require(ctx, identity, "upload")
    result = ingest_bytes(
        ctx.engine,
        data,
        name,
        user=who.username,
        replace=replace,
        year=answers.year,
        indicator=answers.indicator,
        level=answers.level,
        include_hidden=answers.include_hidden,
        scope=scope(ctx, who),
        progress=progress,
    )
    if not result.ok:
        return Committed(False, None, 0, 0, _report_frame(ctx, result), ctx.t("upload.refused"))
    message = ctx.t(
        "upload.saved",
        upload_id=result.upload_id,
        n=ctx.fmt(result.rows_accepted, 0),
        replaced=ctx.fmt(result.replaced, 0),
    )
    return Committed(True, result.upload_id, result.rows_accepted, result.replaced, _report_frame(ctx, result), message)


def filter_report(frame: pd.DataFrame, kinds: list[str], text: str) -> pd.DataFrame:
    """The report rows of the chosen kinds whose message holds the text (any case)."""
    shown = frame[frame[frame.columns[0]].isin(kinds)]
    if text:
        shown = shown[shown[frame.columns[-1]].str.contains(text, case=False, regex=False)]
    return shown


def links_for(ctx: Context, check: FileCheck, area: tuple[str, str] | None) -> list[tuple[str, str]]:
    """Addresses of the pages that show the new numbers (the map of each indicator in its latest year)."""
    from urllib.parse import urlencode

    out = []
    if check.format in RECORD_PAGES:  # episodes, survey answers and family centres have pages of their own
        page = RECORD_PAGES[check.format]
        where = {"lang": ctx.lang, **({"county": area[1]} if area is not None and area[0] == "county" else {})}
        return [(ctx.t(f"upload.link.{page}"), f"{page}?{urlencode(where)}")]
    year = check.years[-1] if check.years else None
    for code in check.indicators[:5]:
        params: dict[str, str] = {"indicator": code, "lang": ctx.lang}
        if year is not None:
            params["year"] = str(year)
        if area is not None and area[0] == "county":
            params["county"] = area[1]
        out.append((ctx.t("upload.link.map", indicator=indicator_name(ctx, code)), f"map?{urlencode(params)}"))
    return out


def report_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """The validation report as an xlsx (text that a spreadsheet would run as a formula defused)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([None if (v is None or v is pd.NA or v != v) else spreadsheet_safe(v) for v in row])
    ws.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (10, 18, 8, 10, 18, 110), strict=False):
        ws.column_dimensions[column].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_choices(ctx: Context, identity: Identity | None) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """(indicator codes, their names, {county code: name} the person may upload for) for the template form."""
    from views.gate import infos

    who = require(ctx, identity, "upload")
    codes = sorted(infos(ctx), key=lambda c: indicator_name(ctx, c).lower())
    names = {c: indicator_name(ctx, c) for c in codes}
    regions = queries.regions_frame(ctx.engine)
    counties = regions[regions["level"] == "county"].sort_values("code")
    if who.role == "uploader":
        counties = counties[counties["code"].isin(who.counties)]
    return codes, names, {str(r.code): f"{r[f'name_{ctx.lang}']} ({r.code})" for _, r in counties.iterrows()}


def template(
    ctx: Context,
    identity: Identity | None,
    indicators: list[str],
    counties: list[str],
    year: int | None,
    kind: str = "xlsx",
    lang: str | None = None,
) -> bytes:
    """A template for the chosen indicators and the municipalities of the chosen counties (rows ready to
    fill), in the page's language with Finnish and Swedish instructions; kind 'xlsx' or 'csv'."""
    from data_loaders.template import template_areas, template_bytes, template_csv

    who = require(ctx, identity, "upload")
    allowed = set(who.counties) if who.role == "uploader" else None
    counties = [c for c in counties if allowed is None or c in allowed]
    regions = queries.regions_frame(ctx.engine)
    language = lang or ctx.lang
    area_rows = template_areas(regions, counties, language)
    own = regions[(regions["level"] == "county") & regions["code"].isin(counties)]  # and the counties themselves
    area_rows += list(zip(own["code"].astype(str), own[f"name_{language}"].astype(str), strict=True))
    if kind == "csv":
        return template_csv(indicators, area_rows, year, language)
    return template_bytes(queries.indicators_frame(ctx.engine), language, indicators, area_rows, year)


def record_template(ctx: Context, identity: Identity | None, kind: str, counties: list[str], year: int | None,
                    lang: str | None = None) -> bytes:  # fmt: skip
    """A CSV template of another kind of file (costs, survey, family centres, activity, episodes) for the
    counties the person may upload for: cost rows for each county, activity rows for their live centres."""
    from data_loaders import template as templates
    from views.centres import centres_of

    who = require(ctx, identity, "upload")
    allowed = set(who.counties) if who.role == "uploader" else None
    counties = [c for c in counties if allowed is None or c in allowed]
    language = lang or ctx.lang
    names = area_names(ctx, "county") if language == ctx.lang else {}
    pairs = [(c, names.get(c) or area_name(ctx, "county", c)) for c in counties]
    centres = [str(n) for c in counties for n in centres_of(ctx, "county", c)["name"]]
    municipalities: list[tuple[str, str]] = []
    limits: tuple[int, ...] = ()
    if kind == "absences":  # a row per municipality and term, a column per limit of the (first) county's ladder
        from views.absences import ladder
        from views.gate import regions as all_regions

        regs = all_regions(*ctx.data_key)
        munis = regs[(regs["level"] == "municipality") & regs["county_code"].isin(counties)]
        municipalities = list(zip(munis["code"].astype(str), munis[f"name_{language}"].astype(str), strict=True))
        first: str | None = counties[0] if counties else None
        limits = tuple(sorted(s.hours for s in ladder(ctx, first)[0]))
    return templates.record_template(kind, language, pairs, year, centres, municipalities, limits)
