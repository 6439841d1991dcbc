"""From raw records to observation rows: resolve regions and indicators, parse, check constraints."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from data_loaders.history import Part, combine, required_parts
from data_loaders.indicators import IndicatorResolver
from data_loaders.layouts import RawRecord
from data_loaders.parse import (
    SUPPRESSED_FLAG,
    CellError,
    check_year,
    clean_text,
    parse_date,
    parse_flag,
    parse_month,
    parse_number,
    parse_sex,
    parse_year,
    parse_year_flag,
    year_window,
)
from data_loaders.regions import RegionMatch, RegionResolver, two_digit_level
from data_loaders.report import Report
from i18n.text import printable
from store.reference import mergers, municipality_names

MAX_ECHO = 60

# Cells repeat (a few hundred areas, a few years): parse each distinct cell once.
_text = lru_cache(maxsize=65536)(clean_text)
_year = lru_cache(maxsize=4096)(parse_year)
_year_flag = lru_cache(maxsize=4096)(parse_year_flag)
_flag = lru_cache(maxsize=256)(parse_flag)
_month = lru_cache(maxsize=4096)(parse_month)
_sex = lru_cache(maxsize=1024)(parse_sex)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float | int):
        return False
    return _text(value) == ""


def _echo(value: Any) -> str:
    """A cell's own text to quote in a message: cleaned, on one line, cut short."""
    text = printable(clean_text(value))
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def note_mapping(report: Report, text: str, match: RegionMatch, noted: set[str]) -> None:
    """Tell once per name how a name (or an old code) was read as a region."""
    if match.how not in ("name", "merged") or text in noted:
        return
    noted.add(text)
    if match.how == "merged" or text.casefold() != match.code.casefold():
        report.note("note.region-mapped", text=_echo(text), level=match.level, code=match.code, how=match.how)


def settle_value(
    value: float | None, marked: bool, num: float | None, den: float | None, per: float, has_value_col: bool
) -> tuple[float | None, str | None, bool]:
    """(value to store, flag, missing?): a source marker is kept as a flagged missing value; a blank
    value with numerator and denominator is computed from them; otherwise a blank value is missing."""
    if value is None and marked:
        return None, SUPPRESSED_FLAG, False
    if value is None and num is not None and den is not None:
        if num == 0 and den == 0:  # nothing out of nothing: no value, and the flag says why
            return None, ZERO_OVER_ZERO, False
        return (num / den * per if den else None), None, False
    if value is None and (has_value_col or (num is None and den is None)):
        return None, None, True
    return value, None, False


ZERO_OVER_ZERO = "zero_over_zero"
# The number rules, stated once (both validators use them): no count of anything in Finland
# (5.6 million people) reaches MAX_COUNT, no euro sum here reaches MAX_EUR.
MAX_COUNT = 100_000_000
MAX_EUR = 100_000_000_000


def plain_count(unit: str, value: float | None, num: float | None, den: float | None) -> bool:
    """A whole count 0 <= n < MAX_COUNT without parts: passes every rule below (the common clean row,
    checked without building the list; NaN and infinities fail the comparisons)."""
    return (
        unit == "count"
        and num is None
        and den is None
        and value is not None
        and 0 <= value < MAX_COUNT
        and value % 1 == 0
    )


def constraint_problems(
    unit: str, value: float | None, num: float | None, den: float | None, per: float = 100.0
) -> list[tuple[str, str, dict[str, Any]]]:
    """(message key, field, params) for every rule the numbers of one row break."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for field_name, number in (("value", value), ("numerator", num), ("denominator", den)):
        if number is not None and (math.isnan(number) or math.isinf(number)):
            out.append(("err.not-finite", field_name, {}))
    if out:
        return out
    if value is not None and unit == "count":
        if not float(value).is_integer():
            out.append(("err.count-not-whole", "value", {"value": value}))
        if abs(value) >= MAX_COUNT:
            out.append(("err.implausible", "value", {"value": value, "limit": MAX_COUNT}))
    if value is not None and unit == "eur" and abs(value) >= MAX_EUR:
        out.append(("err.implausible", "value", {"value": value, "limit": MAX_EUR}))
    for field_name, number in (("numerator", num), ("denominator", den)):
        if number is not None and abs(number) >= MAX_COUNT:
            out.append(("err.implausible", field_name, {"value": number, "limit": MAX_COUNT}))
    if num is not None and den == 0 and num != 0:
        out.append(("err.zero-denominator", "denominator", {"value": num}))
    if unit in ("percent", "days") and value is not None and num is not None and den:
        computed = num / den * (per if unit == "percent" else 1.0)
        if abs(value - computed) > max(0.06, 0.005 * abs(computed)):  # published values are rounded
            out.append(("err.value-disagrees", "value", {"value": value, "computed": round(computed, 2)}))
    if value is not None and unit in ("count", "days") and value < 0:
        out.append(("err.negative", "value", {"value": value}))
    if unit == "percent" and value is not None and not 0 <= value <= 100:
        out.append(("err.percent-range", "value", {}))
    if (num is not None and num < 0) or (den is not None and den < 0):
        out.append(("err.negative", "numerator", {"value": num}))
    if unit == "percent" and num is not None and den and num > den:
        out.append(("err.num-over-den", "numerator", {}))
    return out


@dataclass
class NewIndicator:
    """An indicator a Sotkanet file brings that the catalogue does not have yet."""

    code: str
    name: str
    sotkanet_id: int
    unit: str


@dataclass
class Validated:
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # OBSERVATION_COLUMNS without upload_id
    new_indicators: dict[str, NewIndicator] = field(default_factory=dict)


def _new_sotkanet_indicator(raw: str, title: str | None) -> NewIndicator | None:
    ident = raw.split(":", 1)[1]
    if not ident.isdigit() or len(ident) > 9:  # Sotkanet's ids are small numbers
        return None
    name = title or f"Sotkanet {ident}"
    low = name.lower()
    unit = "percent" if "%" in low else "value"
    return NewIndicator(f"sotkanet_{ident}", name, int(ident), unit)


def validate_records(
    records: list[RawRecord],
    decimal: str,
    regions: RegionResolver,
    indicators: IndicatorResolver,
    report: Report,
    two_digit_default: str | None = None,
) -> Validated:
    """Check every record; collect errors past the first; return rows only meaningful if report.ok.

    two_digit_default: what a two-digit code means where the column does not decide (the project's
    template says: a county)."""
    out = Validated()
    # what two-digit codes mean is judged per area column from all of its cells
    area_columns: dict[tuple[str | None, str], list[Any]] = {}
    for rec in records:
        if rec.region_level is None and rec.region_name is None:
            area_columns.setdefault((rec.sheet, rec.region_col), []).append(rec.region)
    two_digit = {key: two_digit_level(cells) or two_digit_default for key, cells in area_columns.items()}
    skipped_kinds: dict[str, list[str]] = {}
    skipped_indicators: dict[str, int] = {}
    no_count: dict[str, int] = {}  # Sotkanet rows without the count the catalogue keeps
    same_twice: list[int] = []
    ambiguous_reported: set[tuple[str | None, str]] = set()
    entries: dict[tuple[Any, ...], list[Part]] = {}
    units: dict[str, str] = {}
    unknown_indicators: set[tuple[str, str | None]] = set()
    mapped_names: set[str] = set()
    bad_rows: set[tuple[str | None, int]] = set()
    region_cache: dict[tuple[str, str | None, str | None, str | None], Any] = {}
    for rec in records:
        sheet, line = rec.sheet, rec.row
        errors_before = len(report.errors) + report.truncated
        # region
        region_text = _text(rec.region) if not isinstance(rec.region, float) else clean_text(rec.region)
        match = None
        row_key = (sheet, line)
        if row_key in bad_rows:
            continue  # one region error a row is enough; the other values of the row wait for it
        if not region_text:
            bad_rows.add(row_key)
            report.error("missing-cell", "err.missing-region", sheet=sheet, row=line, column=rec.region_col)
        else:
            column_key = (sheet, rec.region_col)
            two = two_digit.get(column_key)
            ckey = (region_text, rec.region_level, two, rec.region_name)
            if ckey not in region_cache:
                if region_text.startswith("sotkanet-id:"):
                    region_cache[ckey] = regions.by_sotkanet_id(int(region_text.split(":")[1]))
                else:
                    region_cache[ckey] = regions.resolve(region_text, rec.region_level, two, rec.region_name)
            match = region_cache[ckey]
            if match is not None and match.level == "kind":
                skipped_kinds.setdefault(match.code, []).append(region_text)
                continue
            if match is not None and match.level == "ambiguous":
                bad_rows.add(row_key)
                if column_key not in ambiguous_reported:
                    ambiguous_reported.add(column_key)
                    report.error(
                        "unknown-region",
                        "err.ambiguous-level",
                        sheet=sheet,
                        row=line,
                        column=rec.region_col,
                        value=_echo(region_text),
                    )
                continue
            if match is not None and match.how == "mismatch":
                bad_rows.add(row_key)
                report.error(
                    "unknown-region",
                    "err.code-name-mismatch",
                    sheet=sheet,
                    row=line,
                    column=rec.region_col,
                    value=_echo(region_text if rec.region_name is None else f"{region_text} {rec.region_name}"),
                    code=match.code,
                    level=match.level,
                )
                continue
            if match is None:
                bad_rows.add(row_key)
                key = "err.unknown-region-code" if region_text.replace(".0", "").isdigit() else "err.unknown-region"
                report.error(
                    "unknown-region", key, sheet=sheet, row=line, column=rec.region_col, value=_echo(region_text)
                )
            else:
                note_mapping(report, region_text, match, mapped_names)
        # indicator
        ind_text = _text(rec.indicator) if rec.indicator is not None else ""
        code = indicators.resolve(ind_text) if ind_text else None
        if code is None and ind_text.startswith("sotkanet:"):
            new = _new_sotkanet_indicator(ind_text, rec.indicator_title)
            if new:
                out.new_indicators.setdefault(new.code, new)
                code = new.code
        if code is None and rec.optional and ind_text:  # one of many measures or columns: skipped, said once
            skipped_indicators.setdefault(ind_text, 0)
            skipped_indicators[ind_text] += 1
            continue
        if code is None:
            if not ind_text:
                report.error("missing-cell", "err.missing-indicator", sheet=sheet, row=line, column=rec.indicator_col)
            elif (ind_text, rec.indicator_col) not in unknown_indicators:
                unknown_indicators.add((ind_text, rec.indicator_col))
                # closest names are worked out only for errors that will be listed
                hints = indicators.suggestions(ind_text) if len(report.errors) < report.max_errors else []
                report.error(
                    "unknown-indicator",
                    sheet=sheet,
                    row=rec.indicator_row or line,
                    column=rec.indicator_col,
                    value=_echo(ind_text),
                    hints=", ".join(hints) if hints else "-",
                )
            continue
        unit = indicators.unit(code) if indicators.known(code) else out.new_indicators[code].unit
        raw_value, raw_num, value_col = rec.value, rec.numerator, rec.value_col
        if ind_text.startswith("sotkanet:") and indicators.sotkanet_count(code):
            # the catalogue keeps the count behind Sotkanet's percentage (its absValue)
            if _blank(rec.numerator):
                no_count[code] = no_count.get(code, 0) + 1
                continue
            raw_value, raw_num, value_col = rec.numerator, None, rec.numerator_col
        # period
        year: int | None = None
        year_flag: str | None = None
        month = 0
        # each cell's own error at its own column, echoing what the cell holds
        for part, raw, col in (
            ("date", rec.date, rec.date_col),
            ("year", rec.year, rec.year_col),
            ("month", rec.month, rec.month_col),
        ):
            try:
                if part == "date":
                    if rec.date is not None and not _blank(rec.date):
                        d = parse_date(rec.date)
                        year, month = check_year(d.year), d.month
                        break
                elif part == "year":
                    if _blank(rec.year):
                        report.error("missing-cell", "err.missing-year", sheet=sheet, row=line, column=rec.year_col)
                    else:
                        year, year_flag = _year_flag(rec.year)
                elif not _blank(rec.month) and rec.month != 0 and rec.month != "0":
                    month = _month(rec.month)
            except CellError as exc:
                report.error(
                    "type-error",
                    f"err.type.{exc.args[0]}",
                    sheet=sheet,
                    row=line,
                    column=col,
                    value=_echo(raw),
                    **year_window(),
                )
                if part == "date":
                    break
        # sex
        sex = "total"
        try:
            sex = _sex(rec.sex) if rec.sex is not None else "total"
        except CellError:
            report.error(
                "type-error", "err.type.not-sex", sheet=sheet, row=line, column=rec.sex_col, value=_echo(rec.sex)
            )
        # numbers
        nums: dict[str, float | None] = {}
        markers: dict[str, bool] = {}
        for name, raw, col in (
            ("value", raw_value, value_col),
            ("numerator", raw_num, rec.numerator_col),
            ("denominator", rec.denominator, rec.denominator_col),
        ):
            markers[name] = False
            if _blank(raw):
                nums[name] = None
                continue
            try:
                nums[name] = parse_number(raw, decimal)
                markers[name] = nums[name] is None
            except CellError as exc:
                nums[name] = None
                report.error(
                    "type-error", f"err.type.{exc.args[0]}", sheet=sheet, row=line, column=col, value=_echo(raw)
                )
        per = indicators.per(code) if indicators.known(code) else 1.0
        value, flag, missing = settle_value(
            nums["value"], markers["value"], nums["numerator"], nums["denominator"], per, value_col is not None
        )
        num, den = nums["numerator"], nums["denominator"]
        # a data-quality flag: the flag column's word, else the period's preliminary mark ("2024*")
        marked_flag = year_flag
        if rec.flag is not None and not _blank(rec.flag):
            try:
                marked_flag = _flag(rec.flag) or year_flag
            except CellError:
                report.error(
                    "type-error", "err.type.not-flag", sheet=sheet, row=line, column=rec.flag_col, value=_echo(rec.flag)
                )
        if marked_flag is not None and flag is None:
            if marked_flag == SUPPRESSED_FLAG:
                if value is not None:  # a number the source says it withholds: not shown, kept as withheld
                    report.error(
                        "constraint-error", "err.suppressed-with-value", sheet=sheet, row=line, column=rec.flag_col
                    )
                flag, missing = SUPPRESSED_FLAG, False
            elif not missing:
                flag = marked_flag
        if missing and len(report.errors) + report.truncated == errors_before:
            report.error("missing-cell", "err.missing-value", sheet=sheet, row=line, column=value_col)
        columns = {"value": value_col, "numerator": rec.numerator_col, "denominator": rec.denominator_col}
        for key, field_name, params in constraint_problems(unit, value, num, den, per):
            report.error("constraint-error", key, sheet=sheet, row=line, column=columns[field_name], **params)
        if match is None or year is None or len(report.errors) + report.truncated > errors_before:
            continue
        obs_key = (code, match.level, match.code, year, month, sex)
        source = match.merged_from or match.code
        if match.merged_from is not None:
            merger = mergers()[match.merged_from]
            if year >= merger.date.year:  # an abolished municipality has no values after its abolition
                report.error(
                    "constraint-error",
                    "err.merged-after",
                    sheet=sheet,
                    row=line,
                    column=rec.region_col,
                    **_merger_params(merger),
                    year=year,
                )
                continue
        parts = entries.setdefault(obs_key, [])
        first = next((p for p in parts if p.source == source), None)
        if first is not None:
            if (first.value, first.numerator, first.denominator, first.flag) == (value, num, den, flag):
                same_twice.append(line)  # the same number twice (a total on two sheets): kept once
            else:
                report.error("duplicate-row", sheet=sheet, row=line, first=first.line)
            continue
        parts.append(Part(source, sheet, line, value, num, den, flag, value_col))
        units[code] = unit
    _settle(entries, units, indicators, out, report)
    zero = sum(1 for r in out.rows if r[9] == ZERO_OVER_ZERO)
    if zero:
        report.warn("zero-over-zero", n=zero)
    if same_twice:
        report.warn("duplicate-same", n=len(same_twice))
    if no_count:
        report.warn("sotkanet-no-count", n=sum(no_count.values()), names=", ".join(sorted(no_count)))
    if skipped_indicators:
        names = ", ".join(f"'{_echo(n)}'" for n in skipped_indicators)
        report.warn("indicators-skipped", n=sum(skipped_indicators.values()), names=names)
    for kind, texts in sorted(skipped_kinds.items()):
        report.warn("area-kind", kind=kind.removeprefix("kind:"), n=len(texts), example=_echo(texts[0]))
    return out


def _merger_params(merger: Any) -> dict[str, Any]:
    return {
        "old": merger.name_fi,
        "old_code": merger.code,
        "new": municipality_names().get(merger.code_2025, merger.code_2025),
        "new_code": merger.code_2025,
        "date": merger.date,
    }


def _settle(
    entries: dict[tuple[Any, ...], list[Part]],
    units: dict[str, str],
    indicators: IndicatorResolver,
    out: Validated,
    report: Report,
) -> None:
    """One row per key: a municipality's own row, or the sum of the parts of its 2025 area."""
    warned: set[str] = set()
    short: dict[tuple[str, str], set[int]] = {}
    for key, parts in entries.items():
        code, area, year = key[0], key[2], key[3]
        if len(parts) == 1 and parts[0].source == area:
            p = parts[0]
            out.rows.append((*key, p.value, p.numerator, p.denominator, p.flag))
            continue
        merged = [p for p in parts if p.source != area]
        missing = sorted(required_parts(area, year) - {p.source for p in parts})
        if missing:
            # the 2025 area's sum would be short: its rows are left out (said once per area), never stored
            names = ", ".join(f"{_old_name(c)} ({c})" for c in missing)
            short.setdefault((area, names), set()).add(year)
            continue
        per = indicators.per(code) if indicators.known(code) else 1.0
        try:
            value, num, den, flag = combine(parts, units[code], per)
        except ValueError:
            p = merged[0]
            report.error(
                "constraint-error",
                "err.merged-rate",
                sheet=p.sheet,
                row=p.line,
                column=p.value_col,
                **_merger_params(mergers()[p.source]),
            )
            continue
        out.rows.append((*key, value, num, den, flag))
        for p in merged:
            if p.source not in warned:
                warned.add(p.source)
                report.warn("merged", **_merger_params(mergers()[p.source]))
    for (area, names), years in sorted(short.items()):
        report.warn(
            "merged-incomplete",
            new=municipality_names().get(area, area),
            new_code=area,
            missing=names,
            years=", ".join(str(y) for y in sorted(years)),
        )


def _old_name(code: str) -> str:
    merger = mergers().get(code)
    return merger.name_fi if merger else municipality_names().get(code, code)
