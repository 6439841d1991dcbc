"""Shared targets as a person sees and sets them: the area's targets with their progress against a straight
path from baseline to target, every earlier version (who changed what, when), the target line on the
indicator charts, and setting a target (an uploader of that county, or an admin), which is written as one
upload like a targets file, so it has the same history, replace and rollback.

A target is on the indicator's shown measure (the rate per 1 000 children where the indicator has one);
progress is read from the gated values, so a withheld latest value says so instead of a status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from i18n import SUPPRESSED
from metrics.targets import progress
from views.access import Identity, require, scope
from views.cache import memo
from views.context import Context, engine_for
from views.gate import info, infos, values
from views.labels import area_name, indicator_name
from views.model import Table


@memo(maxsize=8)
def _targets(url: str, version: int) -> pd.DataFrame:
    from store.schema import TARGET_COLUMNS, targets

    with engine_for(url).connect() as conn:
        rows = conn.execute(select(*[targets.c[c] for c in TARGET_COLUMNS], targets.c.upload_id)).all()
    return pd.DataFrame(rows, columns=[*TARGET_COLUMNS, "upload_id"])


@memo(maxsize=8)
def _history(url: str, version: int) -> pd.DataFrame:
    """Every version of every target: live and archived, with the upload that set it (who, when)."""
    from store.schema import TARGET_COLUMNS, target_archive, targets, uploads

    cols = [*TARGET_COLUMNS, "upload_id"]
    with engine_for(url).connect() as conn:
        live = conn.execute(select(*[targets.c[c] for c in cols])).all()
        old = conn.execute(select(*[target_archive.c[c] for c in cols], target_archive.c.replaced_by)).all()
        ups = conn.execute(select(uploads.c.id, uploads.c.uploaded_by, uploads.c.uploaded_at, uploads.c.filename)).all()
    frame = pd.concat(
        [
            pd.DataFrame(live, columns=cols).assign(replaced_by=None),
            pd.DataFrame(old, columns=[*cols, "replaced_by"]),
        ],
        ignore_index=True,
    )
    who = pd.DataFrame(ups, columns=["upload_id", "uploaded_by", "uploaded_at", "filename"])
    return frame.merge(who, on="upload_id", how="left").sort_values("upload_id", ascending=False)


def target_for(ctx: Context, indicator: str, level: str, code: str) -> dict[str, object] | None:
    """The live target of an indicator and area, or None."""
    frame = _targets(*ctx.data_key)
    mine = frame[
        (frame["indicator_code"] == indicator) & (frame["region_level"] == level) & (frame["region_code"] == code)
    ]
    return None if mine.empty else {str(k): v for k, v in mine.iloc[0].to_dict().items()}


def target_rows(ctx: Context, indicator: str, level: str, code: str) -> pd.DataFrame:
    """The target as two chart rows (its baseline and its target: a straight dashed line), or none."""
    target = target_for(ctx, indicator, level, code)
    if target is None:
        return pd.DataFrame(columns=["year", "series", "role", "shown", "label"])
    from metrics.targets import path_value

    decimals = info(ctx, indicator).decimals
    name = ctx.t("targets.line")
    first, last = int(target["baseline_year"]), int(target["target_year"])  # type: ignore[call-overload]
    ends = (float(target["baseline_value"]), float(target["target_value"]))  # type: ignore[arg-type]
    # every year of the straight path (the chart's years are categories: none may be skipped)
    points = [(y, path_value(first, ends[0], last, ends[1], y)) for y in range(first, last + 1)]
    return pd.DataFrame(
        {
            "year": [y for y, _ in points],
            "series": name,
            "role": "target",
            "shown": [round(v, decimals) for _, v in points],
            "label": [ctx.fmt(v, decimals) for _, v in points],
        }
    )


def _series(ctx: Context, indicator: str, level: str, code: str) -> pd.DataFrame:
    rows = values(ctx, [indicator], areas=[(level, code)])
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int).to_numpy(),
            "value": rows["shown"].astype(float).to_numpy(),
            "hidden": rows["suppressed"].astype(bool).to_numpy(),
        }
    )


@dataclass(frozen=True)
class TargetsView:
    title: str
    intro: str
    table: Table
    history: Table
    statuses: dict[str, str]  # indicator -> status (for tests and the overview)


@memo(maxsize=256)
def targets_view(ctx: Context, level: str, code: str) -> TargetsView:
    t = ctx.t
    name = area_name(ctx, level, code)
    frame = _targets(*ctx.data_key)
    mine = frame[(frame["region_level"] == level) & (frame["region_code"] == code)]
    rows, statuses = [], {}
    for target in mine.to_dict("records"):
        indicator = str(target["indicator_code"])
        if indicator not in infos(ctx):
            continue
        item = info(ctx, indicator)
        found = progress(
            int(target["baseline_year"]), float(target["baseline_value"]), int(target["target_year"]),
            float(target["target_value"]), item.direction, _series(ctx, indicator, level, code),
        )  # fmt: skip
        statuses[indicator] = found.status
        dec = item.decimals
        rows.append(
            {
                t("col.indicator"): indicator_name(ctx, indicator),
                t("targets.col.baseline"): f"{target['baseline_year']}: {ctx.fmt(target['baseline_value'], dec)}",
                t("targets.col.target"): f"{target['target_year']}: {ctx.fmt(target['target_value'], dec)}",
                t("targets.col.latest"): (
                    f"{found.year}: {SUPPRESSED}" if found.status == "hidden"
                    else f"{found.year}: {ctx.fmt(found.value, item.decimals)}" if found.value is not None else ""
                ),
                t("targets.col.expected"): "" if found.expected is None else ctx.fmt(found.expected, item.decimals),
                t("targets.col.status"): t(f"targets.status.{found.status}"),
                t("targets.col.set_by"): str(target["set_by"]),
                t("targets.col.note"): str(target["note"]),
            }
        )  # fmt: skip
    history = _history(*ctx.data_key)
    history = history[(history["region_level"] == level) & (history["region_code"] == code)]
    hist_rows = []
    for h in history.to_dict("records"):
        replaced = h["replaced_by"]
        code_ = str(h["indicator_code"])
        hist_rows.append(
            {
                t("col.time"): "" if h["uploaded_at"] is None else f"{pd.Timestamp(h['uploaded_at']):%d.%m.%Y %H.%M}",
                t("col.user"): str(h["uploaded_by"] or ""),
                t("col.indicator"): indicator_name(ctx, code_) if code_ in infos(ctx) else code_,
                t("targets.col.baseline"): f"{h['baseline_year']}: {ctx.fmt(h['baseline_value'], 2)}",
                t("targets.col.target"): f"{h['target_year']}: {ctx.fmt(h['target_value'], 2)}",
                t("targets.col.version"): t("targets.version.live") if replaced is None or replaced != replaced
                else t("targets.version.replaced", upload=int(replaced)),
                t("col.upload"): str(h["upload_id"]),
            }
        )  # fmt: skip
    return TargetsView(
        t("targets.title", area=name),
        t("targets.intro"),
        Table(pd.DataFrame(rows), None, t("targets.note")),
        Table(pd.DataFrame(hist_rows), None, t("targets.history_note")),
        statuses,
    )


def suggested_baseline(ctx: Context, indicator: str, level: str, code: str, year: int) -> float | None:
    """The shown value of the indicator in the baseline year (None when missing or withheld)."""
    series = _series(ctx, indicator, level, code)
    row = series[series["year"] == year]
    if row.empty or bool(row["hidden"].iloc[0]) or row["value"].iloc[0] != row["value"].iloc[0]:
        return None
    return float(row["value"].iloc[0])


class TargetError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def set_target(
    ctx: Context,
    identity: Identity | None,
    indicator: str,
    level: str,
    code: str,
    baseline_year: int,
    baseline_value: float,
    target_year: int,
    target_value: float,
    note: str = "",
) -> int:
    """Write (or replace) the area's target for the indicator as one upload; returns its id. An uploader
    may set targets only for their counties and their municipalities."""
    from store.records import KINDS, write_records

    who = require(ctx, identity, "upload")
    allowed = scope(ctx, who)
    if allowed is not None and (level, code) not in allowed:
        raise TargetError("err.target-scope", area=area_name(ctx, level, code))
    if indicator not in infos(ctx):
        raise TargetError("err.target-indicator")
    if not target_year > baseline_year:
        raise TargetError("err.target-years")
    if not all(v == v and abs(v) < 1e12 for v in (baseline_value, target_value)):
        raise TargetError("err.target-value")
    row = {
        "indicator_code": indicator, "region_level": level, "region_code": code, "baseline_year": int(baseline_year),
        "baseline_value": float(baseline_value), "target_year": int(target_year), "target_value": float(target_value),
        "set_by": who.username, "note": " ".join(note.split())[:500],
    }  # fmt: skip
    stamp = f"{row}|{dt.datetime.now(dt.UTC).isoformat()}"
    written = write_records(
        ctx.engine, KINDS["targets"], [row], filename=ctx.t("targets.upload_name", indicator=indicator),
        sha256=hashlib.sha256(stamp.encode()).hexdigest(), user=who.username, report={"format": "targets"},
        replace=True,
    )  # fmt: skip
    return int(written.upload_id or 0)
