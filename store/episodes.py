"""Writing client episodes as one upload, and taking an upload's episodes back (rollback).

An episode is known by (client, service, start_date): the same episode uploaded twice is refused
unless the upload replaces; replacing archives the live episodes of the file's municipalities (and any
episode the file repeats) under the new upload, so a rollback puts them back. Every write is one
transaction; a dry run rolls it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, literal, or_, select, tuple_, update

from store import audit, state
from store.engine import create_upload
from store.schema import EPISODE_COLUMNS, client_episodes, episode_archive, uploads
from store.uploads import UploadRefused, WriteResult

CHUNK = 500


def _keys(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return sorted({(r["client"], r["service"], r["start_date"]) for r in rows})


def _live_with_keys(conn: Any, keys: list[tuple[str, str, Any]]) -> list[int]:
    c = client_episodes.c
    found: list[int] = []
    for start in range(0, len(keys), CHUNK):
        part = keys[start : start + CHUNK]
        found += list(conn.execute(select(c.id).where(tuple_(c.client, c.service, c.start_date).in_(part))).scalars())
    return found


def _archive(conn: Any, where: Any, replaced_by: int) -> int:
    cols = [client_episodes.c[name] for name in (*EPISODE_COLUMNS, "upload_id")]
    sel = select(client_episodes.c.id, *cols, literal(replaced_by)).where(where)
    conn.execute(insert(episode_archive).from_select(["id", *EPISODE_COLUMNS, "upload_id", "replaced_by"], sel))
    return int(conn.execute(delete(client_episodes).where(where)).rowcount or 0)


def write_episodes(
    engine: Engine,
    rows: Sequence[dict[str, Any]],
    *,
    filename: str,
    sha256: str,
    user: str,
    report: dict[str, Any],
    replace: bool = False,
    dry_run: bool = False,
) -> WriteResult:
    """Store one file's episodes (hashed pseudonyms) as one upload; refused without writing when it repeats
    stored episodes and does not replace."""
    result = WriteResult(None, len(rows))
    with engine.connect().execution_options(immediate=True) as conn:
        trans = conn.begin()
        try:
            repeated = _live_with_keys(conn, _keys(rows))
            if repeated and not replace:
                raise UploadRefused("duplicate", "err.episode-duplicate", n=len(repeated))
            upload_id = create_upload(
                conn, filename=filename, sha256=sha256, fmt="episodes", user=user, rows=len(rows), report=report
            )
            result.upload_id = upload_id
            c = client_episodes.c
            demo_ids = list(conn.execute(select(uploads.c.id).where(uploads.c.format == "demo")).scalars())
            if demo_ids:  # real episodes put the demo's aside (they come back when no real ones are left)
                aside = _archive(conn, c.upload_id.in_(demo_ids), upload_id)
                result.demo_replaced = aside > 0
            if replace:
                municipalities = sorted({r["municipality"] for r in rows if r.get("municipality")})
                where: Any = c.id.in_(repeated) if repeated else literal(False)
                if municipalities:
                    where = or_(where, c.municipality.in_(municipalities))
                before = set(conn.execute(select(c.upload_id).where(where).distinct()).scalars())
                result.replaced = _archive(conn, where, upload_id)
                result.replaced_uploads = sorted(before)
                if before:
                    conn.execute(update(uploads).where(uploads.c.id.in_(sorted(before))).values(replaced_by=upload_id))
            for start in range(0, len(rows), CHUNK):
                conn.execute(
                    insert(client_episodes),
                    [
                        {**{k: r.get(k) for k in EPISODE_COLUMNS}, "upload_id": upload_id}
                        for r in rows[start : start + CHUNK]
                    ],
                )
            state.bump(conn)
            audit.record(
                conn, user, "replace" if result.replaced else "upload", filename, upload_id, rows=len(rows),
                replaced=result.replaced, kind="episodes",
            )  # fmt: skip
            if dry_run:
                trans.rollback()
                result.upload_id = None
            else:
                trans.commit()
            return result
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise


def rollback_episodes(conn: Any, upload_id: int) -> tuple[int, int]:
    """Inside a rollback's transaction: remove the upload's episodes and put back the ones it replaced.
    Refused when an episode it would put back is now held by a later upload."""
    a, c = episode_archive.c, client_episodes.c
    clash = conn.execute(
        select(c.upload_id)
        .select_from(
            episode_archive.join(
                client_episodes, and_(c.client == a.client, c.service == a.service, c.start_date == a.start_date)
            )
        )
        .where(a.replaced_by == upload_id, c.upload_id != upload_id)
        .limit(1)
    ).first()
    if clash is not None:
        raise UploadRefused("superseded", "err.rollback-superseded", upload_id=upload_id, later=clash.upload_id)
    removed = int(conn.execute(delete(client_episodes).where(c.upload_id == upload_id)).rowcount or 0)
    conn.execute(delete(episode_archive).where(a.upload_id == upload_id))
    demo_ids = list(conn.execute(select(uploads.c.id).where(uploads.c.format == "demo")).scalars())
    newest = conn.execute(
        select(func.max(c.upload_id)).where(c.upload_id.not_in(demo_ids) if demo_ids else literal(True))
    ).scalar()
    if newest is not None and demo_ids:  # real episodes are left: the demo's stay aside, now under the newest
        conn.execute(
            update(episode_archive)
            .where(a.replaced_by == upload_id, a.upload_id.in_(demo_ids))
            .values(replaced_by=newest)
        )
    cols = ["id", *EPISODE_COLUMNS, "upload_id"]
    sel = select(*[a[name] for name in cols]).where(a.replaced_by == upload_id)
    conn.execute(insert(client_episodes).from_select(cols, sel))
    restored = int(conn.execute(delete(episode_archive).where(a.replaced_by == upload_id)).rowcount or 0)
    return removed, restored


def episode_municipalities(conn: Any, upload_id: int) -> set[str]:
    """The municipalities an upload's episodes belong to (for an uploader's scope)."""
    c = client_episodes.c
    return {
        str(m) for m in conn.execute(select(c.municipality).where(c.upload_id == upload_id).distinct()).scalars() if m
    }
