"""Sources: where every number comes from, the indicator catalogue and every upload."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import format_date, format_number
from i18n.text import printable
from store import queries
from views.cache import memo
from views.common import has_demo
from views.context import Context, engine_for
from views.gate import infos
from views.labels import indicator_name, unit_text
from views.model import Table
from views.quality import about


@dataclass(frozen=True)
class Sources:
    title: str
    intro: str
    sources: tuple[str, ...]
    catalogue: Table
    uploads: Table
    backend: str
    revision: str = ""  # the schema revision (store migrate)
    version: int = 0  # the data version stamp: changes with every write


@memo(maxsize=64)
def _uploads(url: str, version: int) -> pd.DataFrame:
    return queries.uploads_frame(engine_for(url))


@memo(maxsize=64)
def sources(ctx: Context) -> Sources:
    """Every source and licence, the catalogue (units written once) and the upload history."""
    listed = [ctx.t("sources.classification"), ctx.t("source.thl")]
    if has_demo(ctx):
        listed.append(ctx.t("source.demo"))
    table = infos(ctx)
    abouts = {c: about(ctx, c) for c in table}
    catalogue = pd.DataFrame(
        {
            ctx.t("col.code"): list(table),
            ctx.t("col.indicator"): [indicator_name(ctx, c) for c in table],
            ctx.t("col.unit"): [unit_text(ctx, item) for item in table.values()],
            ctx.t("col.domain"): [ctx.t(f"domain.{item.domain}") for item in table.values()],
            ctx.t("col.source"): [printable(item.source) for item in table.values()],
            ctx.t("quality.interpretation"): [abouts[c].interpretation for c in table],
            ctx.t("quality.limits"): [
                " ".join([abouts[c].limits, *(n.text for n in abouts[c].notes)]).strip() for c in table
            ],
        }
    )
    uploads = _uploads(*ctx.data_key)

    def status(state: str, replaced: object) -> str:
        if replaced is not None and replaced == replaced:
            return ctx.t("upload.status.replaced")
        return ctx.t(f"upload.status.{state}")

    history = pd.DataFrame(
        {
            ctx.t("col.upload"): uploads["id"].astype(str).to_numpy(),
            ctx.t("col.file"): [printable(f) for f in uploads["filename"]],
            ctx.t("col.format"): uploads["format"].to_numpy(),
            ctx.t("col.user"): [printable(u) for u in uploads["uploaded_by"]],
            ctx.t("col.time"): [
                format_date(t.date(), ctx.lang) if t is not None else "" for t in uploads["uploaded_at"]
            ],
            ctx.t("col.rows"): [format_number(n, ctx.lang, 0) for n in uploads["rows"]],
            ctx.t("col.status"): [status(s, r) for s, r in zip(uploads["status"], uploads["replaced_by"], strict=True)],
        }
    )
    return Sources(
        ctx.t("sources.title"),
        ctx.t("sources.intro"),
        tuple(listed),
        Table(catalogue),
        Table(history),
        ctx.url.split(":", 1)[0],
        _revision(*ctx.data_key),
        ctx.version,
    )


@memo(maxsize=8)
def _revision(url: str, version: int) -> str:
    from store.migrate import current_revision

    return current_revision(engine_for(url)) or "-"
