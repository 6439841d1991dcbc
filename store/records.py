"""Uploaded records that are not observations: client episodes, parent-survey responses, the family-centre
registry and the centres' monthly activity. Each kind has a live table and an archive; one file is one
upload, written in one transaction (a dry run rolls it back), and a rollback takes the upload's records
away and puts back what it replaced.

A kind says what makes a record a repeat (`key`: the same episode, the same municipality's round of a
survey, the same centre) and what a replacing file takes over (`scope`: every live record sharing those
values with the file, e.g. all episodes of the file's municipalities). A repeat without replacing refuses
the whole file. Real records of a kind put the demo's records of that kind aside; rolling back the last
real upload brings them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, and_, delete, func, insert, literal, or_, select, tuple_, update

from store import audit, state
from store.engine import create_upload
from store.schema import (
    ABSENCE_COLUMNS,
    ACTIVITY_COLUMNS,
    CENTRE_COLUMNS,
    EPISODE_COLUMNS,
    LADDER_COLUMNS,
    SURVEY_COLUMNS,
    TARGET_COLUMNS,
    absence_archive,
    absence_counts,
    absence_ladder,
    activity_archive,
    centre_activity,
    centre_archive,
    client_episodes,
    episode_archive,
    family_centres,
    ladder_archive,
    survey_archive,
    survey_responses,
    target_archive,
    targets,
    uploads,
)
from store.uploads import UploadRefused, WriteResult

CHUNK = 400


@dataclass(frozen=True)
class Kind:
    """One kind of uploaded record and how its uploads replace each other."""

    name: str  # the upload's format
    table: Table
    archive: Table
    columns: tuple[str, ...]
    key: tuple[str, ...]  # a live record with the same key is a repeat
    scope: tuple[str, ...]  # replacing archives every live record sharing these values with the file
    area: str  # the column naming the record's area (for an uploader's scope)
    area_level: str  # municipality | county (or the column naming the level, when it starts with "region_")
    duplicate: str  # the refusal's message key


KINDS: dict[str, Kind] = {
    "episodes": Kind(
        "episodes", client_episodes, episode_archive, EPISODE_COLUMNS, ("client", "service", "start_date"),
        ("municipality",), "municipality", "municipality", "err.episode-duplicate",
    ),
    "survey": Kind(
        "survey", survey_responses, survey_archive, SURVEY_COLUMNS, ("round", "municipality"),
        ("round", "municipality"), "municipality", "municipality", "err.survey-duplicate",
    ),
    "centres": Kind(
        "centres", family_centres, centre_archive, CENTRE_COLUMNS, ("centre",), ("county",), "county", "county",
        "err.centre-duplicate",
    ),
    "activity": Kind(
        "activity", centre_activity, activity_archive, ACTIVITY_COLUMNS,
        ("centre", "year", "month", "measure", "channel"), ("centre", "year", "month"), "county", "county",
        "err.activity-duplicate",
    ),
    "targets": Kind(
        "targets", targets, target_archive, TARGET_COLUMNS, ("indicator_code", "region_level", "region_code"),
        ("indicator_code", "region_level", "region_code"), "region_code", "region_level", "err.target-duplicate",
    ),
    "absences": Kind(
        "absences", absence_counts, absence_archive, ABSENCE_COLUMNS,
        ("municipality", "school", "year", "term", "threshold"), ("municipality", "year", "term"), "municipality",
        "municipality", "err.absence-duplicate",
    ),
    "ladder": Kind(
        "ladder", absence_ladder, ladder_archive, LADDER_COLUMNS, ("county", "threshold"), ("county",), "county",
        "county", "err.ladder-duplicate",
    ),
}  # fmt: skip


def area_of(kind: Kind, row: dict[str, Any]) -> tuple[str, str]:
    """The (level, code) area a record belongs to."""
    level = str(row.get(kind.area_level)) if kind.area_level.startswith("region_") else kind.area_level
    return level, str(row.get(kind.area) or "-")


def _values(rows: Sequence[dict[str, Any]], cols: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return sorted({tuple(r.get(c) for c in cols) for r in rows}, key=repr)


def _matching(kind: Kind, cols: tuple[str, ...], values: list[tuple[Any, ...]]) -> Any:
    """SQL condition: the live record's `cols` are one of `values` (chunked into ORed IN lists)."""
    t = kind.table.c
    target = tuple_(*[t[c] for c in cols]) if len(cols) > 1 else t[cols[0]]
    parts = []
    for start in range(0, len(values), CHUNK):
        part = values[start : start + CHUNK]
        parts.append(target.in_(part if len(cols) > 1 else [v[0] for v in part]))
    return or_(*parts) if parts else literal(False)


def _archive(conn: Any, kind: Kind, where: Any, replaced_by: int) -> int:
    t = kind.table.c
    sel = select(t.id, *[t[c] for c in (*kind.columns, "upload_id")], literal(replaced_by)).where(where)
    conn.execute(insert(kind.archive).from_select(["id", *kind.columns, "upload_id", "replaced_by"], sel))
    return int(conn.execute(delete(kind.table).where(where)).rowcount or 0)


def write_records(
    engine: Engine,
    kind: Kind,
    rows: Sequence[dict[str, Any]],
    *,
    filename: str,
    sha256: str,
    user: str,
    report: dict[str, Any],
    replace: bool = False,
    dry_run: bool = False,
) -> WriteResult:
    """Store one file's records as one upload; refused without writing when it repeats stored records and
    does not replace."""
    result = WriteResult(None, len(rows))
    t = kind.table.c
    with engine.connect().execution_options(immediate=True) as conn:
        trans = conn.begin()
        try:
            demo_ids = list(conn.execute(select(uploads.c.id).where(uploads.c.format == "demo")).scalars())
            not_demo = t.upload_id.not_in(demo_ids) if demo_ids else literal(True)
            repeat = and_(_matching(kind, kind.key, _values(rows, kind.key)), not_demo)
            repeated = int(conn.execute(select(func.count()).select_from(kind.table).where(repeat)).scalar() or 0)
            if repeated and not replace:
                raise UploadRefused("duplicate", kind.duplicate, n=repeated)
            upload_id = create_upload(
                conn, filename=filename, sha256=sha256, fmt=kind.name, user=user, rows=len(rows), report=report
            )
            result.upload_id = upload_id
            if demo_ids:  # real records put the demo's aside (they come back when no real ones are left)
                aside = _archive(conn, kind, t.upload_id.in_(demo_ids), upload_id)
                result.demo_replaced = aside > 0
            if replace:
                where = or_(repeat, _matching(kind, kind.scope, _values(rows, kind.scope)))
                before = set(conn.execute(select(t.upload_id).where(where).distinct()).scalars())
                result.replaced = _archive(conn, kind, where, upload_id)
                result.replaced_uploads = sorted(before)
                if before:
                    conn.execute(update(uploads).where(uploads.c.id.in_(sorted(before))).values(replaced_by=upload_id))
            for start in range(0, len(rows), CHUNK):
                conn.execute(
                    insert(kind.table),
                    [
                        {**{k: r.get(k) for k in kind.columns}, "upload_id": upload_id}
                        for r in rows[start : start + CHUNK]
                    ],
                )
            state.bump(conn)
            audit.record(
                conn, user, "replace" if result.replaced else "upload", filename, upload_id, rows=len(rows),
                replaced=result.replaced, kind=kind.name,
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


def _rollback_kind(conn: Any, kind: Kind, upload_id: int, demo_ids: list[int]) -> tuple[int, int]:
    a, t = kind.archive.c, kind.table.c
    clash = conn.execute(
        select(t.upload_id)
        .select_from(kind.archive.join(kind.table, and_(*[t[c] == a[c] for c in kind.key])))
        .where(a.replaced_by == upload_id, t.upload_id != upload_id)
        .limit(1)
    ).first()
    if clash is not None:
        raise UploadRefused("superseded", "err.rollback-superseded", upload_id=upload_id, later=clash.upload_id)
    removed = int(conn.execute(delete(kind.table).where(t.upload_id == upload_id)).rowcount or 0)
    conn.execute(delete(kind.archive).where(a.upload_id == upload_id))
    newest = conn.execute(
        select(func.max(t.upload_id)).where(t.upload_id.not_in(demo_ids) if demo_ids else literal(True))
    ).scalar()
    if newest is not None and demo_ids:  # real records are left: the demo's stay aside, now under the newest
        conn.execute(
            update(kind.archive).where(a.replaced_by == upload_id, a.upload_id.in_(demo_ids)).values(replaced_by=newest)
        )
    cols = ["id", *kind.columns, "upload_id"]
    conn.execute(insert(kind.table).from_select(cols, select(*[a[c] for c in cols]).where(a.replaced_by == upload_id)))
    restored = int(conn.execute(delete(kind.archive).where(a.replaced_by == upload_id)).rowcount or 0)
    return removed, restored


def rollback_records(conn: Any, upload_id: int) -> tuple[int, int]:
    """Inside a rollback's transaction: remove the upload's records of every kind and put back the ones it
    replaced. Refused when a record it would put back is now held by a later upload."""
    demo_ids = list(conn.execute(select(uploads.c.id).where(uploads.c.format == "demo")).scalars())
    removed = restored = 0
    for kind in KINDS.values():
        r, s = _rollback_kind(conn, kind, upload_id, demo_ids)
        removed, restored = removed + r, restored + s
    return removed, restored


def record_areas(conn: Any, upload_id: int) -> set[tuple[str, str]]:
    """The (level, code) areas an upload's records touch: its own, the ones it archived and its replaced."""
    out: set[tuple[str, str]] = set()
    for kind in KINDS.values():
        for table, where in (
            (kind.table, kind.table.c.upload_id == upload_id),
            (kind.archive, kind.archive.c.upload_id == upload_id),
            (kind.archive, kind.archive.c.replaced_by == upload_id),
        ):
            if kind.area_level.startswith("region_"):
                pairs = conn.execute(select(table.c[kind.area_level], table.c[kind.area]).where(where).distinct())
                out |= {(str(level), str(code)) for level, code in pairs if code}
            else:
                codes = conn.execute(select(table.c[kind.area]).where(where).distinct()).scalars()
                out |= {(kind.area_level, str(code)) for code in codes if code}
    return out
