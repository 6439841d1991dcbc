"""Writing one upload as one transaction, its history, and rollback (which restores what it replaced)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, literal, or_, select, update

from store import audit, state
from store.engine import create_upload, insert_observations
from store.schema import KEY_COLUMNS, OBSERVATION_COLUMNS, indicators, observation_archive, observations, uploads

PRELIMINARY = "preliminary"

ARCHIVE_COLUMNS = (*OBSERVATION_COLUMNS,)
WRITE_CHUNK = 5000


class UploadRefused(Exception):
    """The upload cannot be written; `key` and `params` make the report message."""

    def __init__(self, type_: str, key: str, **params: Any):
        super().__init__(key)
        self.type = type_
        self.key = key
        self.params = params


@dataclass
class WriteResult:
    upload_id: int | None
    rows: int
    replaced: int = 0
    demo_replaced: bool = False
    changes: list[tuple[tuple[Any, ...], float, float]] = field(default_factory=list)
    replaced_uploads: list[int] = field(default_factory=list)
    finalised: int = 0  # preliminary values this upload replaced with final ones


def _archive_and_delete(conn: Any, where: Any, replaced_by: int) -> int:
    cols = [observations.c[c] for c in ARCHIVE_COLUMNS]
    sel = select(observations.c.id, *cols, literal(replaced_by)).where(where)
    conn.execute(insert(observation_archive).from_select(["id", *ARCHIVE_COLUMNS, "replaced_by"], sel))
    return int(conn.execute(delete(observations).where(where)).rowcount or 0)


def write_upload(
    engine: Engine,
    rows: Sequence[tuple[Any, ...]],
    *,
    filename: str,
    sha256: str,
    fmt: str,
    user: str,
    report: dict[str, Any],
    replace: bool = False,
    dry_run: bool = False,
    new_indicators: Sequence[dict[str, Any]] = (),
    change_warn_pct: float = 50.0,
    progress: Callable[[float, str], None] | None = None,
) -> WriteResult:
    """Write rows (OBSERVATION_COLUMNS without upload_id) as one upload, in one transaction.

    Refuses (UploadRefused) a file already uploaded, and rows that overlap another upload's
    rows unless `replace`; with `replace` the old rows move to the archive in the same
    transaction. Demo rows are always replaced, all of them, so demo and real data never mix.
    `dry_run` does everything and rolls back.
    """
    with engine.connect().execution_options(immediate=True) as conn:
        trans = conn.begin()
        try:
            prev = conn.execute(
                select(uploads.c.uploaded_at, uploads.c.uploaded_by, uploads.c.id)
                .where(uploads.c.sha256 == sha256, uploads.c.status == "accepted")
                .limit(1)
            ).first()
            if prev is not None:
                when = prev.uploaded_at
                raise UploadRefused(
                    "already-uploaded",
                    "err.already-uploaded",
                    date=when.date() if isinstance(when, dt.datetime) else when,
                    user=prev.uploaded_by,
                    upload_id=prev.id,
                )
            if new_indicators:
                existing = set(conn.execute(select(indicators.c.code)).scalars())
                fresh = [i for i in new_indicators if i["code"] not in existing]
                if fresh:
                    conn.execute(insert(indicators), fresh)
            upload_id = create_upload(
                conn, filename=filename, sha256=sha256, fmt=fmt, user=user, rows=len(rows), report=report
            )
            result = WriteResult(upload_id, len(rows))
            demo_ids = list(
                conn.execute(
                    select(uploads.c.id).where(uploads.c.format == "demo", uploads.c.replaced_by.is_(None))
                ).scalars()
            )
            if demo_ids:
                _archive_and_delete(conn, observations.c.upload_id.in_(demo_ids), upload_id)
                conn.execute(update(uploads).where(uploads.c.id.in_(demo_ids)).values(replaced_by=upload_id))
                result.demo_replaced = True
            # overlap with other uploads: the existing keys of the indicators and years involved
            new_keys = {r[:6]: r[6] for r in rows}
            new_flags = {r[:6]: r[9] for r in rows}
            codes = sorted({r[0] for r in rows})
            years = [r[3] for r in rows]
            overlap: dict[tuple[Any, ...], tuple[int, int, float | None]] = {}
            old_flags: dict[tuple[Any, ...], str | None] = {}
            if rows:
                existing_rows = conn.execute(
                    select(
                        observations.c.id,
                        *[observations.c[c] for c in KEY_COLUMNS],
                        observations.c.value,
                        observations.c.upload_id,
                        observations.c.flag,
                    ).where(
                        observations.c.indicator_code.in_(codes),
                        observations.c.year.between(min(years), max(years)),
                    )
                )
                for row in existing_rows:
                    key = tuple(row[1:7])
                    if key in new_keys:
                        overlap[key] = (row.id, row.upload_id, row.value)
                        old_flags[key] = row.flag
            if overlap and not replace:
                sample = sorted(overlap)[:3]
                raise UploadRefused(
                    "overlap",
                    "err.overlap",
                    n=len(overlap),
                    uploads=", ".join(str(u) for u in sorted({v[1] for v in overlap.values()})),
                    sample="; ".join(f"{k[0]} {k[2]} {k[3]}" for k in sample),
                )
            if overlap:
                for key, (_id, _up, old) in overlap.items():
                    new = new_keys[key]
                    if old and new is not None and abs(new - old) / abs(old) * 100 > change_warn_pct:
                        result.changes.append((key, old, new))
                result.finalised = sum(
                    1 for k in overlap if old_flags.get(k) == PRELIMINARY and new_flags[k] != PRELIMINARY
                )
                ids = [v[0] for v in overlap.values()]
                for start in range(0, len(ids), 500):
                    result.replaced += _archive_and_delete(
                        conn, observations.c.id.in_(ids[start : start + 500]), upload_id
                    )
                replaced_uploads = sorted({v[1] for v in overlap.values()})
                conn.execute(update(uploads).where(uploads.c.id.in_(replaced_uploads)).values(replaced_by=upload_id))
            total = len(rows)
            for start in range(0, total, WRITE_CHUNK):
                chunk = rows[start : start + WRITE_CHUNK]
                insert_observations(conn, [(*r, upload_id) for r in chunk])
                if progress:
                    progress(min(start + WRITE_CHUNK, total) / max(total, 1), "write")
            state.bump(conn)
            audit.record(
                conn,
                user,
                "replace" if result.replaced else "upload",
                filename,
                upload_id,
                rows=len(rows),
                replaced=result.replaced,
                replaced_uploads=sorted({v[1] for v in overlap.values()}),
                demo_aside=result.demo_replaced,
                finalised=result.finalised,
            )
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


def _restore(conn: Any, where: Any) -> int:
    """Move archived rows back into observations with their own ids; returns how many."""
    archived = observation_archive.c
    # counted first: drivers differ in what rowcount says for INSERT ... SELECT
    count = int(conn.execute(select(func.count()).select_from(observation_archive).where(where)).scalar_one())
    if count:
        cols = [archived[c] for c in ARCHIVE_COLUMNS]
        conn.execute(
            insert(observations).from_select(["id", *ARCHIVE_COLUMNS], select(archived.id, *cols).where(where))
        )
        conn.execute(delete(observation_archive).where(where))
    return count


def upload_areas(conn: Any, upload_id: int, demo_ids: set[int]) -> set[tuple[str, str]]:
    """Every (level, code) an upload touches: its live rows, its archived rows and the real rows it
    replaced (the demo it put aside is everyone's and comes back by itself)."""
    archived = observation_archive.c
    not_demo = archived.upload_id.not_in(demo_ids) if demo_ids else literal(True)
    out: set[tuple[str, str]] = set()
    for table, where in (
        (observations, observations.c.upload_id == upload_id),
        (observation_archive, archived.upload_id == upload_id),
        (observation_archive, and_(archived.replaced_by == upload_id, not_demo)),
    ):
        rows = conn.execute(select(table.c.region_level, table.c.region_code).where(where).distinct())
        out |= {(str(level), str(code)) for level, code in rows}
    from store.records import record_areas

    out |= record_areas(conn, upload_id)
    return out


class _DryRun(Exception):
    def __init__(self, result: dict[str, int]) -> None:
        super().__init__("dry run")
        self.result = result


def rollback_upload(
    engine: Engine,
    upload_id: int,
    actor: str = "cli",
    allowed: set[tuple[str, str]] | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Remove one upload's rows and put back the rows it replaced; see _rollback. With `dry_run`
    everything is done and checked and then undone: the counts say what a rollback would do."""
    try:
        return _rollback(engine, upload_id, actor, allowed, dry_run)
    except _DryRun as done:
        return done.result


def _rollback(
    engine: Engine, upload_id: int, actor: str, allowed: set[tuple[str, str]] | None, dry_run: bool
) -> dict[str, int]:
    """Remove one upload's rows and put back the rows it replaced, in one transaction.

    Refused (nothing changed) when rows it would put back now belong to a later upload: that one is
    rolled back first. Demo rows it replaced come back only when no real data is left; otherwise
    they stay aside under the newest live upload, so demo and real numbers never mix and rolling
    back the last real upload brings the demo back.
    """
    if not 0 < upload_id < 2**63:
        raise UploadRefused("not-found", "err.no-such-upload", upload_id=upload_id)
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        row = conn.execute(select(uploads.c.status).where(uploads.c.id == upload_id)).first()
        if row is None:
            raise UploadRefused("not-found", "err.no-such-upload", upload_id=upload_id)
        if row.status == "rolled_back":
            raise UploadRefused("not-found", "err.already-rolled-back", upload_id=upload_id)
        demo_ids = set(conn.execute(select(uploads.c.id).where(uploads.c.format == "demo")).scalars())
        if allowed is not None:  # an uploader: every area the upload touches must be theirs
            outside = sorted(upload_areas(conn, upload_id, demo_ids) - allowed)
            if outside:
                raise UploadRefused(
                    "forbidden",
                    "err.rollback-out-of-scope",
                    upload_id=upload_id,
                    areas=", ".join(f"{code}" for _level, code in outside[:10]),
                )
        archived = observation_archive.c
        live = observations.c
        # rows this upload replaced whose key a later upload now holds: refuse, naming that upload
        clash = conn.execute(
            select(live.upload_id)
            .select_from(observation_archive.join(observations, and_(*[live[c] == archived[c] for c in KEY_COLUMNS])))
            .where(
                archived.replaced_by == upload_id,
                live.upload_id != upload_id,
                archived.upload_id.not_in(demo_ids) if demo_ids else literal(True),
            )
            .limit(1)
        ).first()
        if clash is not None:
            raise UploadRefused("superseded", "err.rollback-superseded", upload_id=upload_id, later=clash.upload_id)
        from store.records import rollback_records

        records_removed, records_restored = rollback_records(conn, upload_id)
        removed = conn.execute(delete(observations).where(live.upload_id == upload_id)).rowcount
        removed = int(removed or 0) + records_removed
        # this upload's rows that a later upload replaced are gone with it
        conn.execute(delete(observation_archive).where(archived.upload_id == upload_id))
        from_demo = archived.upload_id.in_(demo_ids) if demo_ids else literal(False)
        restored = _restore(conn, and_(archived.replaced_by == upload_id, ~from_demo)) + records_restored
        not_demo = live.upload_id.not_in(demo_ids) if demo_ids else literal(True)
        newest = conn.execute(select(func.max(live.upload_id)).where(not_demo)).scalar()
        if newest is not None and demo_ids:
            # real data is left: the demo stays aside, now under the newest live upload
            conn.execute(
                update(observation_archive)
                .where(archived.replaced_by == upload_id, from_demo)
                .values(replaced_by=newest)
            )
            conn.execute(
                update(uploads)
                .where(uploads.c.id.in_(demo_ids), uploads.c.replaced_by == upload_id)
                .values(replaced_by=newest)
            )
        else:
            restored += _restore(conn, archived.replaced_by == upload_id)
        conn.execute(update(uploads).where(uploads.c.replaced_by == upload_id).values(replaced_by=None))
        conn.execute(update(uploads).where(uploads.c.id == upload_id).values(status="rolled_back"))
        state.bump(conn)
        audit.record(
            conn, actor, "rollback", str(upload_id), upload_id, removed=int(removed or 0), restored=int(restored or 0)
        )
        result = {"removed": int(removed or 0), "restored": int(restored or 0)}
        if dry_run:
            raise _DryRun(result)  # leaves the transaction block by an exception: everything rolled back
    return result


def _source_of(report_json: str | None) -> Any:
    """Where an upload came from when it was not a file (e.g. Sotkanet's API), else None."""
    try:
        return json.loads(report_json).get("source") if report_json else None
    except (ValueError, AttributeError):
        return None


def history(engine: Engine) -> list[dict[str, Any]]:
    """Every upload, newest first, with the rows it has in the store now, the preliminary values it brought
    and how many preliminary values of earlier uploads it replaced with final ones."""
    with engine.connect() as conn:
        live: dict[int, int] = dict(
            conn.execute(select(observations.c.upload_id, func.count()).group_by(observations.c.upload_id)).all()
        )
        preliminary: dict[int, int] = {}  # the preliminary values each upload brought, live or replaced since
        for table in (observations, observation_archive):
            for upload_id, n in conn.execute(
                select(table.c.upload_id, func.count()).where(table.c.flag == PRELIMINARY).group_by(table.c.upload_id)
            ).all():
                preliminary[upload_id] = preliminary.get(upload_id, 0) + int(n)
        archived, now = observation_archive.c, observations.c
        finalised: dict[int, int] = dict(
            conn.execute(
                select(archived.replaced_by, func.count())
                .select_from(
                    observation_archive.join(
                        observations,
                        and_(
                            *[now[c] == archived[c] for c in KEY_COLUMNS],
                            now.upload_id == archived.replaced_by,
                        ),
                    )
                )
                .where(archived.flag == PRELIMINARY, or_(now.flag.is_(None), now.flag != PRELIMINARY))
                .group_by(archived.replaced_by)
            ).all()
        )
        out = []
        for r in conn.execute(select(uploads).order_by(uploads.c.id.desc())).mappings():
            item = {k: r[k] for k in ("id", "filename", "format", "uploaded_by", "rows", "status", "replaced_by")}
            item["uploaded_at"] = r["uploaded_at"].isoformat() if r["uploaded_at"] else None
            item["sha256"] = r["sha256"]
            item["live_rows"] = int(live.get(r["id"], 0))
            item["preliminary"] = int(preliminary.get(r["id"], 0))
            item["finalised"] = int(finalised.get(r["id"], 0))
            item["source"] = _source_of(r["report_json"])
            out.append(item)
    return out
