"""The audit log: who did what, when, from which upload. Written inside the transaction of the
change it records (an upload, a rollback, an account change), so the log and the data never
disagree. Never holds file contents or passwords: callers pass names, counts and ids only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from store.schema import audit_log

ACTIONS = (
    "login",
    "login-failed",
    "login-throttled",
    "logout",
    "session-expired",
    "upload",
    "replace",
    "rollback",
    "user-add",
    "user-remove",
    "user-set-role",
    "user-set-password",
    "boundary-load",
    "refused",
)
FORBIDDEN_DETAIL_KEYS = ("password", "password_hash", "data", "content", "contents", "bytes")


def record(
    conn: Connection,
    actor: str,
    action: str,
    target: str | None = None,
    upload_id: int | None = None,
    **detail: Any,
) -> None:
    """One audit row inside the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    bad = [k for k in detail if k in FORBIDDEN_DETAIL_KEYS]
    if bad:
        raise ValueError(f"audit detail may not hold {bad}")
    conn.execute(
        insert(audit_log).values(
            at=dt.datetime.now(dt.UTC),
            actor=(actor or "-")[:120],
            action=action,
            target=(target or None) and str(target)[:255],
            upload_id=upload_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        )
    )


def record_now(engine: Engine, actor: str, action: str, target: str | None = None, **detail: Any) -> None:
    """One audit row in its own transaction (logins, refusals)."""
    with engine.begin() as conn:
        record(conn, actor, action, target, **detail)


def entries(engine: Engine, limit: int = 5000) -> list[dict[str, Any]]:
    """The newest entries first."""
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)).mappings().all()
    out = []
    for r in rows:
        item = dict(r)
        item["detail"] = json.loads(r["detail"]) if r["detail"] else {}
        out.append(item)
    return out


def count_since(engine: Engine, actor: str, action: str, since: dt.datetime) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(audit_log)
                .where(audit_log.c.actor == actor, audit_log.c.action == action, audit_log.c.at >= since)
            ).scalar_one()
        )


def last_at(engine: Engine, actor: str, action: str) -> dt.datetime | None:
    with engine.connect() as conn:
        when = conn.execute(
            select(func.max(audit_log.c.at)).where(audit_log.c.actor == actor, audit_log.c.action == action)
        ).scalar()
    if isinstance(when, str):  # SQLite without type detection
        when = dt.datetime.fromisoformat(when)
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when
