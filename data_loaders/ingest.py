"""Ingest one file: sniff, read, recognise, validate, write in one transaction; or refuse with a report.

The command line and the upload page call `ingest_bytes` / `ingest_path`; nothing here
prints or imports streamlit.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from itertools import chain
from pathlib import Path
from typing import Any, ParamSpec

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_loaders.costs import add_totals, as_indicator_sheet
from data_loaders.fastpath import make_fast_path
from data_loaders.indicators import IndicatorResolver
from data_loaders.layouts import Defaults, RawRecord, workbook_records
from data_loaders.parse import PRELIMINARY_FLAG, clean_text, contains_hetu, mask_hetu
from data_loaders.plausible import check_population
from data_loaders.readers import Workbook, read_workbook
from data_loaders.records import LoadContext, RecordReader, readers
from data_loaders.regions import RegionResolver
from data_loaders.report import LoaderError, Report
from data_loaders.validate import validate_records
from i18n.text import printable
from store.engine import init_db
from store.schema import KEY_COLUMNS, ROW_COLUMNS
from store.settings import get_int, get_number
from store.uploads import UploadRefused, write_upload

Progress = Callable[[float, str], None]


@dataclass
class IngestResult:
    """The outcome of one file, shaped for the --json contract by `as_json`."""

    file: str
    ok: bool
    upload_id: int | None
    rows_accepted: int
    report: Report
    format: str | None = None
    dry_run: bool = False
    replaced: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    rows: list[tuple[Any, ...]] | None = None  # the checked rows, kept on a dry run (the upload page's preview)

    def as_json(self, lang: str = "fi") -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "ok": self.ok}
        if self.upload_id is not None:
            out["upload_id"] = self.upload_id
        out["rows_accepted"] = self.rows_accepted
        out["errors"] = self.report.error_dicts(lang)
        out["warnings"] = self.report.warning_dicts(lang)
        out["format"] = self.format
        out["notes"] = self.report.note_texts(lang)
        if self.dry_run:
            out["dry_run"] = True
        return out


def scan_personal_ids(wb: Workbook, report: Report) -> None:
    """Refuse any cell, sheet name, JSON key or nested value shaped like a henkilötunnus; the value
    itself is never echoed (only where it is)."""
    from data_loaders.layouts import col_letter

    check = lru_cache(maxsize=65536)(contains_hetu)  # cells repeat: test each distinct text once
    for n, sheet in enumerate(wb.sheets, start=1):
        if contains_hetu(sheet.name):
            report.error("personal-id", "err.personal-id-sheet", n=n)
            continue
        # the distinct texts first (one pass in C for the usual sheet without any); places only on a hit
        texts = {c for c in chain.from_iterable(sheet.rows) if type(c) is str and len(c) >= 11}
        if not any(check(t) for t in texts):
            continue
        for i, row in enumerate(sheet.rows):
            for j, cell in enumerate(row):
                if type(cell) is str and len(cell) >= 11 and check(cell):
                    report.error("personal-id", sheet=sheet.name or None, row=i + 1, column=col_letter(j))
    for i, item in enumerate(wb.json_rows or []):
        for key, value in item.items():
            if contains_hetu(str(key)):
                report.error("personal-id", "err.personal-id-key", row=i + 1)
            elif _nested_hetu(value):
                report.error("personal-id", row=i + 1, column=printable(str(key))[:40])


def _nested_hetu(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return contains_hetu(value)
    if depth > 50:
        return False
    if isinstance(value, dict):
        return any(contains_hetu(str(k)) or _nested_hetu(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_nested_hetu(v, depth + 1) for v in value)
    return False


def check_json_cells(wb: Workbook, report: Report) -> None:
    """A JSON row's values are single values: a list or object where a cell belongs is an error."""
    for i, item in enumerate(wb.json_rows or []):
        for key, value in item.items():
            if isinstance(value, dict) and key in ("region", "indicator"):
                continue  # Sotkanet's REST rows: {"region": {"id", "code", "category"}, "indicator": {"id"}}
            if isinstance(value, list | dict):
                report.error("type-error", "err.json-nested", row=i + 1, column=printable(str(key))[:40])


def _record_count_check(records: list[RawRecord], report: Report) -> None:
    limit = get_int("LAPE_MAX_ROWS")
    if len(records) > limit:
        raise LoaderError("limit-exceeded", "err.too-many-rows", rows=len(records), limit=limit)


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True
P = ParamSpec("P")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while one file is read, checked and written: the rows are
    millions of small lists and tuples without cycles, and collections triggered by their allocation
    cost a tenth of a large upload's time (measured: bench/ingest.py). Counted, so concurrent ingests
    (app threads) pause it once and the last one out restores what was there."""
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


def _gc_paused(func: Callable[P, IngestResult]) -> Callable[P, IngestResult]:
    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> IngestResult:
        with paused_gc():
            return func(*args, **kwargs)

    return wrapper


@_gc_paused
def ingest_bytes(
    engine: Engine,
    data: bytes,
    filename: str,
    *,
    user: str = "cli",
    replace: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    provenance: dict[str, Any] | None = None,
    sotkanet_ids: dict[int, str] | None = None,
    include_hidden: bool = False,
    scope: set[tuple[str, str]] | None = None,
) -> IngestResult:
    """Load one file's bytes into the store as one upload, or refuse it with a report.

    provenance: where the bytes came from (kept in the upload's report); sotkanet_ids: Sotkanet ids
    found for catalogue indicators during this run (by title), known to this upload's checks; scope: the
    (level, code) areas the uploader may change (None: all), checked before anything is written."""
    report = Report(max_errors=get_int("LAPE_MAX_ERRORS"))
    raw_name = Path(filename).name
    user = printable(user)[:120] or "-"
    name = printable(mask_hetu(raw_name))[:200] or "-"  # what is printed and stored
    result = IngestResult(name, False, None, 0, report, dry_run=dry_run)
    if contains_hetu(raw_name):  # refused before reading: the name is never stored
        report.error("personal-id", "err.personal-id-filename")
        return result

    def step(fraction: float, stage: str) -> None:
        if progress:
            progress(fraction, stage)

    try:
        step(0.0, "read")
        init_db(engine)
        wb = read_workbook(data, name, include_hidden)
        for sheet_name, lines in wb.hidden_rows.items():
            report.warn("hidden-rows" if not include_hidden else "hidden-rows-loaded", sheet=sheet_name or None,
                        rows=_list(lines), n=len(lines))  # fmt: skip
        for sheet_name, cols in wb.hidden_columns.items():
            report.warn("hidden-columns" if not include_hidden else "hidden-columns-loaded",
                        sheet=sheet_name or None, columns=_list(cols), n=len(cols))  # fmt: skip
        step(0.2, "check")
        scan_personal_ids(wb, report)
        if not report.ok:
            return result
        check_json_cells(wb, report)
        if not report.ok:
            return result
        for reader in readers():  # episodes, survey, family centres: their own checks and tables, same report
            record_sheets = [sheet for sheet in wb.sheets if not sheet.hidden and reader.detect(sheet)]
            if record_sheets:
                step(0.35, "validate")
                return _ingest_records(engine, reader, record_sheets, data, result, user=user, replace=replace,
                                       dry_run=dry_run, scope=scope)  # fmt: skip
        costs = [as_indicator_sheet(sheet, report) for sheet in wb.sheets]  # the cost template
        wb.sheets = [c or s for c, s in zip(costs, wb.sheets, strict=True)]
        if not report.ok:
            return result
        indicators = IndicatorResolver.from_engine(engine)
        for sotkanet_id, code in (sotkanet_ids or {}).items():
            indicators.add_sotkanet(sotkanet_id, code)
        regions = RegionResolver.from_engine(engine)
        fast = make_fast_path(regions, indicators, wb.decimal, report)
        own = template_indicators(wb, indicators, report)
        if not report.ok:
            return result
        given = indicators.resolve(indicator) if indicator else None
        if indicator and given is None:
            report.error("unknown-indicator", "err.unknown-indicator-option", value=clean_text(indicator)[:60])
            return result
        defaults = Defaults(year=year, indicator=given, filename=name)
        fmt, records, prevalidated = workbook_records(wb, report, indicators.resolve, fast, defaults)
        if level is not None:  # the person said what the file's areas are
            for rec in records:
                rec.region_level = rec.region_level or level
        result.format = fmt
        if fmt == "template":  # the template's ready rows that were left empty are not data
            filled = [r for r in records if not all(_empty(v) for v in (r.value, r.numerator, r.denominator))]
            if len(filled) < len(records):
                report.note("note.template-empty-rows", n=len(records) - len(filled))
            records = filled
        _record_count_check(records, report)
        if len(prevalidated) > get_int("LAPE_MAX_ROWS"):
            raise LoaderError(
                "limit-exceeded", "err.too-many-rows", rows=len(prevalidated), limit=get_int("LAPE_MAX_ROWS")
            )
        step(0.35, "validate")
        # Sotkanet's own exports mix "7.8" and "50,2": both are read as decimals there.
        decimal = "any" if fmt.startswith("sotkanet") else wb.decimal
        # the template's guide says two digits are a county (091 a municipality, 09 a county)
        validated = validate_records(
            records, decimal, regions, indicators, report, "county" if fmt == "template" else None
        )
        validated.rows.extend(prevalidated)
        if any(costs) and report.ok:  # a service area's total from its own and purchased parts
            validated.rows = add_totals(validated.rows, report)
        if not report.ok:
            return result
        if not validated.rows:
            report.error("missing-cell", "err.no-rows")
            return result
        if scope is not None:
            check_scope(validated.rows, scope, report)
            if not report.ok:
                return result
        check_population(engine, validated.rows, report)
        if not report.ok:
            return result
        compare_sums(engine, validated.rows, indicators, report)
        if dry_run:
            result.rows = validated.rows
        step(0.5, "write")
        sha = hashlib.sha256(data).hexdigest()
        new_inds = [
            {
                "code": n.code,
                "name_fi": n.name,
                "name_sv": n.name,
                "name_en": n.name,
                "unit": n.unit,
                "domain": "wellbeing",
                "direction": 0,
                "denominator_code": None,
                "per": 100 if n.unit == "percent" else None,
                "decimals": 1,
                "sotkanet_id": n.sotkanet_id,
                "source": "THL Sotkanet (CC BY 4.0)",
            }
            for n in validated.new_indicators.values()
        ]
        summary = {
            "format": fmt,
            "rows": len(validated.rows),
            "warnings": report.warning_dicts("fi"),
            "notes": report.note_texts("fi"),
        }
        if provenance:
            summary["source"] = provenance
        written = write_upload(
            engine,
            validated.rows,
            filename=name,
            sha256=sha,
            fmt=fmt,
            user=user,
            report=summary,
            replace=replace,
            dry_run=dry_run,
            new_indicators=[*own, *new_inds],
            change_warn_pct=get_number("LAPE_CHANGE_WARN_PCT"),
            progress=lambda f, s: step(0.5 + 0.5 * f, s),
        )
        for key, old, new in written.changes[:20]:
            report.warn("large-change", indicator=key[0], region=key[2], year=key[3], old=old, new=new)
        if written.demo_replaced:
            report.warn("demo-replaced")
        if written.finalised:
            report.note("note.finalised", n=written.finalised)
        preliminary = sum(1 for r in validated.rows if r[9] == PRELIMINARY_FLAG)
        if preliminary:
            report.note("note.preliminary", n=preliminary)
        result.ok = True
        result.upload_id = written.upload_id
        result.rows_accepted = written.rows
        result.replaced = written.replaced
        step(1.0, "done")
    except LoaderError as exc:
        report.error(exc.type, f"err.{exc.key.removeprefix('err.')}", **exc.params)
    except UploadRefused as exc:
        report.error(exc.type, exc.key, **exc.params)
    except SQLAlchemyError as exc:
        report.error("database-error", detail=type(exc.orig if hasattr(exc, "orig") else exc).__name__)
    if not report.ok:
        result.ok = False
        result.upload_id = None
        result.rows_accepted = 0
    return result


def _ingest_records(
    engine: Engine,
    reader: RecordReader,
    sheets: list[Any],
    data: bytes,
    result: IngestResult,
    *,
    user: str,
    replace: bool,
    dry_run: bool,
    scope: set[tuple[str, str]] | None,
) -> IngestResult:
    """Records of one kind (episodes, survey responses, family centres, their activity): read and check every
    sheet, check the uploader's areas, write one upload (or refuse it whole)."""
    from store.records import KINDS, area_of, write_records

    report = result.report
    result.format = reader.kind
    kind = KINDS[reader.kind]
    load = LoadContext.from_engine(engine)
    rows: list[dict[str, Any]] = []
    for sheet in sheets:
        rows += reader.read(sheet, report, load) or []
    if not report.ok:
        return result
    if not rows:
        report.error("missing-cell", "err.no-rows")
        return result
    if len(rows) > get_int("LAPE_MAX_ROWS"):
        report.error("limit-exceeded", "err.too-many-rows", rows=len(rows), limit=get_int("LAPE_MAX_ROWS"))
        return result
    if scope is not None:  # an uploader: every record must belong to an area of their counties
        areas = [(None, *area_of(kind, r)) for r in rows]
        check_scope(areas, scope, report)
        if not report.ok:
            return result
    summary = {"format": reader.kind, "rows": len(rows), "warnings": report.warning_dicts("fi")}
    try:
        written = write_records(
            engine, kind, rows, filename=result.file, sha256=hashlib.sha256(data).hexdigest(), user=user,
            report=summary, replace=replace, dry_run=dry_run,
        )  # fmt: skip
    except UploadRefused as exc:
        report.error(exc.type, exc.key, **exc.params)
        return result
    result.ok = True
    result.upload_id = written.upload_id
    result.rows_accepted = written.rows
    result.replaced = written.replaced
    result.extra["replaced_uploads"] = written.replaced_uploads
    result.extra["demo_aside"] = written.demo_replaced
    result.extra["preview"] = reader.preview(rows)
    if written.demo_replaced and not dry_run:
        report.warn("demo-replaced")
    return result


def check_scope(rows: list[tuple[Any, ...]], scope: set[tuple[str, str]], report: Report) -> None:
    """An uploader may change only the areas of their counties: rows of any other area refuse the file,
    naming those areas (the whole file, so nothing of it is half-written)."""
    outside = sorted({(str(r[1]), str(r[2])) for r in rows} - scope)
    if outside:
        from store.reference import region_rows

        known = {(r["level"], r["code"]): r["name_fi"] for r in region_rows()}
        names = [f"{known.get((level, code), code)} ({code})" for level, code in outside[:10]]
        more = f" (+{len(outside) - 10})" if len(outside) > 10 else ""
        report.error("forbidden", "err.out-of-scope", areas=", ".join(names) + more, n=len(outside))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _list(items: list[Any], most: int = 20) -> str:
    shown = ", ".join(str(i) for i in items[:most])
    return shown + (f" … (+{len(items) - most})" if len(items) > most else "")


def template_indicators(wb: Workbook, indicators: IndicatorResolver, report: Report) -> list[dict[str, Any]]:
    """The region's own indicators a filled template defines in its indicator sheet (rows whose code the
    catalogue does not have), checked; the resolver learns them before the data rows are read."""
    from data_loaders.layouts import TEMPLATE_MARKER_SHEET
    from data_loaders.own_indicators import check, from_sheet_rows
    from i18n import LANGUAGES, t

    if not any(s.name == TEMPLATE_MARKER_SHEET for s in wb.sheets):
        return []
    names = {t("template.sheet.indicators", lang) for lang in LANGUAGES}
    sheet = next((s for s in wb.sheets if s.name in names), None)
    if sheet is None:
        return []
    known = indicators.codes()
    rows = []
    for line, definition in from_sheet_rows(sheet.rows):
        if definition.code in known:
            continue  # the catalogue (listed for reference) or an own indicator defined before
        check(definition, known)
        for key, params in definition.problems:
            report.error("constraint-error", key, sheet=sheet.name, row=line, **params)
        if not definition.problems:
            row = definition.row()
            indicators.add(row)
            known.add(definition.code)
            rows.append(row)
    for row in rows:
        report.note("note.own-indicator", code=row["code"], name=row["name_fi"])
    return rows


def compare_sums(engine: Engine, rows: list[tuple[Any, ...]], indicators: IndicatorResolver, report: Report) -> None:
    """Where a county, region or the country has a stored value (in this file or the database) and this
    file's municipalities sum to something else, say so: the stored value wins, and the person sees both."""
    import pandas as pd

    from metrics.aggregate import roll_up
    from store import queries

    if all(r[1] == "municipality" for r in rows) and not queries.has_rows_above_municipalities(engine):
        return  # nothing stored above the municipalities: nothing to compare (the common first upload)
    frame = pd.DataFrame(rows, columns=list(ROW_COLUMNS))
    munis = frame[frame["region_level"] == "municipality"]
    if munis.empty:
        return
    meta = pd.DataFrame(
        [
            {"code": c, "unit": indicators.unit(c), "per": indicators.per(c)}
            for c in munis["indicator_code"].unique()
            if indicators.known(c)
        ]
    )
    if meta.empty:
        return
    munis = munis[munis["indicator_code"].isin(meta["code"])]
    stored = frame[frame["region_level"] != "municipality"]
    years = sorted({int(y) for y in munis["year"].unique()})
    db = queries.observations_of(engine, list(munis["indicator_code"].unique()), years)
    demo = set(queries.uploads_frame(engine).query("format == 'demo'")["id"])
    db = db[(db["region_level"] != "municipality") & ~db["upload_id"].isin(demo)]  # the demo is replaced anyway
    keys = list(KEY_COLUMNS)
    known = pd.concat([stored[[*keys, "value"]], db[[*keys, "value"]]], ignore_index=True).drop_duplicates(keys)
    if known.empty:  # nothing stored above the municipalities: nothing to compare (and no sums to compute)
        return
    # only the indicators and years something is stored for are summed
    wanted = known[["indicator_code", "year"]].drop_duplicates()
    munis = munis.merge(wanted, on=["indicator_code", "year"])
    if munis.empty:
        return
    regs = queries.regions_frame(engine)
    sums = roll_up(munis, regs[regs["level"] == "municipality"], meta)
    if sums.empty:
        return
    both = sums.merge(known, on=keys, suffixes=("_sum", "_stored"))
    differ = both[(both["value_stored"] - both["value_sum"]).abs() > 1e-6 * both["value_sum"].abs().clip(lower=1)]
    for row in differ.head(20).to_dict("records"):
        report.warn(
            "sum-differs",
            indicator=row["indicator_code"],
            region=f"{row['region_level']} {row['region_code']}",
            year=row["year"],
            stored=float(row["value_stored"]),
            total=float(row["value_sum"]),
        )


def ingest_path(engine: Engine, path: str | Path, **kwargs: Any) -> IngestResult:
    """ingest_bytes for a file on disk (size checked before reading it all)."""
    p = Path(path)
    limit = get_number("LAPE_MAX_UPLOAD_MB") * 1024 * 1024
    if p.stat().st_size > limit:
        report = Report()
        report.error("limit-exceeded", "err.file-too-large", mb=round(p.stat().st_size / 1048576, 1),
                     limit=get_number("LAPE_MAX_UPLOAD_MB"))  # fmt: skip
        return IngestResult(p.name, False, None, 0, report)
    return ingest_bytes(engine, p.read_bytes(), p.name, **kwargs)


__all__ = ["IngestResult", "clean_text", "ingest_bytes", "ingest_path"]
