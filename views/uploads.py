"""Upload history and rollback for uploaders (their counties' uploads) and admins; the audit log for admins."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd

from i18n.text import printable, spreadsheet_safe
from store import audit, queries
from store.uploads import UploadRefused, history, rollback_upload
from views.access import Identity, require, scope
from views.context import Context


@dataclass
class Effect:
    """What rolling an upload back would do (a dry run of the real rollback), or why it is refused."""

    upload_id: int
    allowed: bool
    removed: int = 0
    restored: int = 0
    message: str = ""


def _when(ctx: Context, value: str | None) -> str:
    if not value:
        return ""
    when = dt.datetime.fromisoformat(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone()
    return f"{local.day}.{local.month}.{local.year} {local:%H.%M}"


def history_frame(ctx: Context, identity: Identity | None) -> pd.DataFrame:
    """Every upload, newest first: who, when, file, rows, status, what it replaced and what replaced it."""
    require(ctx, identity, "history")
    items = history(ctx.engine)
    replaced: dict[int, list[int]] = {}
    for it in items:
        if it["replaced_by"] is not None:
            replaced.setdefault(int(it["replaced_by"]), []).append(int(it["id"]))
    statuses = {s: ctx.t(f"upload.status.{s}") for s in ("accepted", "rolled_back", "demo")}
    rows = []
    for it in items:
        source = it.get("source")
        rows.append(
            {
                ctx.t("col.upload"): int(it["id"]),
                ctx.t("col.time"): _when(ctx, it["uploaded_at"]),
                ctx.t("col.user"): printable(str(it["uploaded_by"])),
                ctx.t("col.file"): printable(str(it["filename"])),
                ctx.t("col.format"): str(it["format"]),
                ctx.t("col.rows"): ctx.fmt(it["rows"], 0),
                ctx.t("uploads.col.live"): ctx.fmt(it["live_rows"], 0),
                ctx.t("uploads.col.preliminary"): ctx.fmt(it["preliminary"], 0) if it["preliminary"] else "",
                ctx.t("uploads.col.finalised"): ctx.fmt(it["finalised"], 0) if it["finalised"] else "",
                ctx.t("col.status"): statuses.get(str(it["status"]), str(it["status"])),
                ctx.t("uploads.col.replaced"): ", ".join(str(u) for u in sorted(replaced.get(int(it["id"]), []))),
                ctx.t("uploads.col.replaced_by"): "" if it["replaced_by"] is None else str(it["replaced_by"]),
                ctx.t("col.source"): printable(str(source.get("name", ""))) if isinstance(source, dict) else "",
            }
        )
    return pd.DataFrame(rows)


def rollback_choices(ctx: Context, identity: Identity | None) -> list[int]:
    """The uploads that can be rolled back (accepted, not the demo), newest first."""
    require(ctx, identity, "history")
    return [int(it["id"]) for it in history(ctx.engine) if it["status"] == "accepted"]


def upload_report(ctx: Context, identity: Identity | None, upload_id: int) -> list[str]:
    """The warnings and notes kept with an upload (its report as written then)."""
    require(ctx, identity, "history")
    frame = queries.uploads_frame(ctx.engine)
    found = frame.loc[frame["id"] == upload_id, "report_json"]
    raw = found.iloc[0] if len(found) else None
    try:
        report = json.loads(raw) if raw else {}
    except ValueError:
        report = {}
    lines = [printable(str(w.get("message", ""))) for w in report.get("warnings", []) if isinstance(w, dict)]
    return lines + [printable(str(n)) for n in report.get("notes", [])]


def _refusal(ctx: Context, exc: UploadRefused) -> str:
    return ctx.t(exc.key, **exc.params)


def rollback_effect(ctx: Context, identity: Identity | None, upload_id: int) -> Effect:
    """The real rollback done and undone: how many rows would go and come back, or why it is refused."""
    who = require(ctx, identity, "upload")
    try:
        done = rollback_upload(ctx.engine, upload_id, actor=who.username, allowed=scope(ctx, who), dry_run=True)
    except UploadRefused as exc:
        return Effect(upload_id, False, message=_refusal(ctx, exc))
    message = ctx.t(
        "uploads.effect",
        upload_id=upload_id,
        removed=ctx.fmt(done["removed"], 0),
        restored=ctx.fmt(done["restored"], 0),
    )
    return Effect(upload_id, True, done["removed"], done["restored"], message)


def rollback(ctx: Context, identity: Identity | None, upload_id: int) -> tuple[bool, str]:
    """Roll one upload back for an uploader of its areas or an admin (checked here, on the server)."""
    who = require(ctx, identity, "upload")
    try:
        done = rollback_upload(ctx.engine, upload_id, actor=who.username, allowed=scope(ctx, who))
    except UploadRefused as exc:
        return False, _refusal(ctx, exc)
    return True, ctx.t("cli.rolled-back", upload_id=upload_id, **{k: ctx.fmt(v, 0) for k, v in done.items()})


def audit_frame(ctx: Context, identity: Identity | None) -> pd.DataFrame:
    """The audit log, newest first (admins only): who, when, what, which upload; never contents."""
    require(ctx, identity, "audit")
    rows = []
    for item in audit.entries(ctx.engine):
        at = item["at"]
        when = _when(ctx, at.isoformat() if isinstance(at, dt.datetime) else str(at))
        detail = ", ".join(f"{k}={v}" for k, v in item["detail"].items())
        rows.append(
            {
                ctx.t("audit.col.when"): when,
                ctx.t("audit.col.who"): printable(str(item["actor"])),
                ctx.t("audit.col.action"): ctx.t(f"audit.action.{item['action']}"),
                ctx.t("audit.col.target"): printable(str(item["target"] or "")),
                ctx.t("audit.col.upload"): "" if item["upload_id"] is None else str(item["upload_id"]),
                ctx.t("audit.col.detail"): printable(detail),
            }
        )
    columns = [ctx.t(f"audit.col.{c}") for c in ("when", "who", "action", "target", "upload", "detail")]
    return pd.DataFrame(rows, columns=columns)


def audit_csv(frame: pd.DataFrame) -> bytes:
    """The audit log as a ';' CSV for Excel (UTF-8 with BOM; formula-looking text defused)."""
    safe = frame.map(spreadsheet_safe)
    return ("\ufeff" + safe.to_csv(sep=";", index=False, lineterminator="\r\n")).encode("utf-8")


def users_frame(ctx: Context, identity: Identity | None) -> pd.DataFrame:
    from store.users import list_users

    require(ctx, identity, "audit")
    return pd.DataFrame(
        [
            {
                ctx.t("users.col.name"): u.username,
                ctx.t("users.col.role"): ctx.t(f"role.{u.role}"),
                ctx.t("users.col.counties"): ", ".join(u.counties),
                ctx.t("users.col.email"): u.email or "",
            }
            for u in list_users(ctx.engine)
        ]
    )
