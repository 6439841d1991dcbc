"""One app replica for tests/test_replicas.py: a long-lived process that answers JSON commands on its
standard input, each as a page rerun would (a fresh context: the data version read, the cached views used
when it has not changed)."""

from __future__ import annotations

import json
import sys
from typing import Any

from data_loaders.ingest import ingest_bytes
from store.uploads import UploadRefused, rollback_upload
from views.context import open_context
from views.gate import values


def answer(cmd: dict[str, Any]) -> dict[str, Any]:
    ctx = open_context("fi")
    if cmd["op"] == "read":
        rows = values(ctx, [cmd["indicator"]], areas=[tuple(a) for a in cmd["areas"]], year=cmd["year"])
        shown = {
            str(c): (None if v != v else float(v)) for c, v in zip(rows["region_code"], rows["value"], strict=True)
        }
        return {"version": ctx.version, "values": shown}
    if cmd["op"] == "upload":
        result = ingest_bytes(ctx.engine, cmd["text"].encode(), cmd["name"], replace=cmd.get("replace", False))
        return {"ok": result.ok, "upload_id": result.upload_id, "errors": [e.type for e in result.report.errors]}
    if cmd["op"] == "rollback":
        try:
            done = rollback_upload(ctx.engine, cmd["upload_id"])
        except UploadRefused as exc:
            return {"ok": False, "error": exc.type}
        return {"ok": True, **{k: int(v) for k, v in done.items()}}
    raise ValueError(cmd["op"])


for line in sys.stdin:
    try:
        reply = answer(json.loads(line))
    except Exception as exc:  # the test sees every failure as an answer
        reply = {"exception": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(reply), flush=True)
