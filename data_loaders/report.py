"""The validation report: typed errors and warnings with position, rendered per language.

The error vocabulary is data (frictionless style): each type has a stable name and an
i18n message template `err.<type>` / `warn.<type>` that says how to fix the problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from i18n import LOCALES, format_date, t
from i18n.text import printable

ERROR_TYPES = (
    "forbidden",
    "blank-header",
    "duplicate-header",
    "missing-cell",
    "extra-cell",
    "type-error",
    "constraint-error",
    "unknown-region",
    "unknown-indicator",
    "unknown-column",
    "duplicate-row",
    "encoding-error",
    "format-error",
    "personal-id",
    "limit-exceeded",
    "header-not-found",
    "formula-error",
    "already-uploaded",
    "overlap",
    "empty-file",
    "database-error",
    "network-error",
    "usage-error",
)


def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, dt.datetime):
        return format_date(value.date(), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000):
        return format_decimal(value, format="#,##0.##", locale=LOCALES[lang])
    return value


class LoaderError(Exception):
    """A file-level problem that stops reading (the report gets one error of this type)."""

    def __init__(self, type_: str, key: str | None = None, **params: Any):
        super().__init__(type_)
        self.type = type_
        self.key = key or type_
        self.params = params


@dataclass
class Issue:
    """One error or warning at a position (row = line number as a spreadsheet shows it)."""

    type: str
    key: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        where = []
        if self.sheet:
            where.append(t("pos.sheet", lang, sheet=printable(self.sheet)[:60]))
        if self.row is not None:
            where.append(t("pos.row", lang, row=self.row))
        if self.column:
            where.append(t("pos.column", lang, column=printable(self.column)[:60]))
        # text from the file reaches the person without control characters (escape codes, new lines)
        params = {k: printable(v) if isinstance(v, str) else _fmt(v, lang) for k, v in self.params.items()}
        if "level" in params:
            params["level"] = t(f"level.{params['level']}", lang)
        text = t(self.key, lang, **params)
        return (", ".join(where) + ": " + text) if where else text

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "type": self.type,
            "sheet": printable(self.sheet) if self.sheet else self.sheet,
            "row": self.row,
            "column": printable(self.column) if self.column else self.column,
            "message": self.message(lang),
        }


@dataclass
class Report:
    """Errors and warnings of one file, collected past the first error up to a cap."""

    max_errors: int = 100
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    truncated: int = 0
    notes: list[Issue] = field(default_factory=list)
    warnings_truncated: int = 0
    max_warnings: int = 1000

    def error(self, type_: str, key: str | None = None, *, sheet: str | None = None, row: int | None = None,
              column: str | None = None, **params: Any) -> None:  # fmt: skip
        if len(self.errors) >= self.max_errors:
            self.truncated += 1
            return
        self.errors.append(Issue(type_, key or f"err.{type_}", sheet, row, column, params))

    def warn(self, type_: str, key: str | None = None, *, sheet: str | None = None, row: int | None = None,
             column: str | None = None, **params: Any) -> None:  # fmt: skip
        if len(self.warnings) < self.max_warnings:
            self.warnings.append(Issue(type_, key or f"warn.{type_}", sheet, row, column, params))
        else:  # never dropped unsaid: the report ends with how many more there were
            self.warnings_truncated += 1

    def note(self, key: str, **params: Any) -> None:
        """Information for the person (how names were mapped, which sheet was read)."""
        self.notes.append(Issue("note", key, params=params))

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_dicts(self, lang: str) -> list[dict[str, Any]]:
        out = [e.as_dict(lang) for e in self.errors]
        if self.truncated:
            out.append(
                {
                    "type": "limit-exceeded",
                    "sheet": None,
                    "row": None,
                    "column": None,
                    "message": t("err.too-many-errors", lang, n=_fmt(self.truncated, lang)),
                }
            )
        return out

    def warning_dicts(self, lang: str) -> list[dict[str, Any]]:
        out = [w.as_dict(lang) for w in self.warnings]
        if self.warnings_truncated:
            out.append(
                Issue("too-many-warnings", "warn.too-many-warnings", params={"n": self.warnings_truncated}).as_dict(
                    lang
                )
            )
        return out

    def note_texts(self, lang: str) -> list[str]:
        return [n.message(lang) for n in self.notes]
