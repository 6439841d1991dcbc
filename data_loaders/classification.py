"""Statistics Finland classification exports (correspondence keys) into the regions table.

The service writes Windows-1252 text with `;`, codes quoted as "'020'", and title lines
before the header, e.g.

    Windows-1252;;kunta_1_20220101#hyvinvointialue_1_20220101;;
    sourcecode;sourcename;targetcode;targetname

Only municipality -> county (hyvinvointialue) and municipality -> region (maakunta) keys
are understood. `compare` lists what differs from the table; `apply` writes the key.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select, update

from data_loaders.readers import decode_text
from data_loaders.report import LoaderError
from store import state
from store.reference import alias_key
from store.schema import region_aliases, regions

_TARGETS = {"hyvinvointialue": "county_code", "maakunta": "region_code"}


@dataclass
class ClassificationKey:
    """municipality code -> (name, target code, target name), and what the key maps to."""

    target: str  # county_code | region_code
    source_id: str
    rows: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def _code(cell: str) -> str:
    return cell.strip().strip("'\"").strip()


def parse_key(data: bytes) -> ClassificationKey:
    """Parse a correspondence export; raises LoaderError when it is not one."""
    text, _enc = decode_text(data)
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    target = None
    source_id = ""
    header_at = None
    for i, row in enumerate(lines[:20]):
        joined = ";".join(row).lower()
        m = re.search(r"kunta_\d+_\d+#(hyvinvointialue|maakunta)_\d+_\d+", joined)
        if m:
            target = _TARGETS[m.group(1)]
            source_id = m.group(0)
        if [c.strip().lower() for c in row[:4]] == ["sourcecode", "sourcename", "targetcode", "targetname"]:
            header_at = i
            break
    if target is None or header_at is None:
        raise LoaderError("format-error", "err.not-classification")
    key = ClassificationKey(target, source_id)
    for row in lines[header_at + 1 :]:
        if len(row) < 4 or not _code(row[0]):
            continue
        code = _code(row[0]).zfill(3)
        key.rows[code] = (row[1].strip(), _code(row[2]).zfill(2), row[3].strip())
    return key


def compare(engine: Engine, key: ClassificationKey) -> dict[str, list[dict[str, Any]]]:
    """What applying the key would change: new municipalities, moved ones, renamed ones, missing ones."""
    with engine.connect() as conn:
        current = {r.code: r for r in conn.execute(select(regions).where(regions.c.level == "municipality"))}
    out: dict[str, list[dict[str, Any]]] = {"new": [], "moved": [], "renamed": [], "not_in_key": []}
    for code, (name, target, _tname) in sorted(key.rows.items()):
        row = current.get(code)
        if row is None:
            out["new"].append({"code": code, "name": name, "target": target})
            continue
        if getattr(row, key.target) != target:
            out["moved"].append({"code": code, "name": name, "from": getattr(row, key.target), "to": target})
        if row.name_fi != name:
            out["renamed"].append({"code": code, "from": row.name_fi, "to": name})
    out["not_in_key"] = [{"code": c, "name": current[c].name_fi} for c in sorted(set(current) - set(key.rows))]
    return out


def apply(engine: Engine, key: ClassificationKey) -> dict[str, int]:
    """Write the key in one transaction: move and rename municipalities, add new ones. Never deletes."""
    diff = compare(engine, key)
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        for item in diff["moved"]:
            conn.execute(
                update(regions)
                .where(regions.c.level == "municipality", regions.c.code == item["code"])
                .values({key.target: item["to"]})
            )
        for item in diff["renamed"]:
            conn.execute(
                update(regions)
                .where(regions.c.level == "municipality", regions.c.code == item["code"])
                .values(name_fi=item["to"])
            )
        for item in diff["new"]:
            conn.execute(
                insert(regions).values(
                    level="municipality",
                    code=item["code"],
                    name_fi=item["name"],
                    name_sv=item["name"],
                    name_en=item["name"],
                    county_code=item["target"] if key.target == "county_code" else None,
                    region_code=item["target"] if key.target == "region_code" else None,
                    valid_from=dt.date.today(),
                )
            )
            akey = alias_key(item["name"])
            exists = conn.execute(
                select(region_aliases.c.code).where(
                    region_aliases.c.alias_key == akey, region_aliases.c.level == "municipality"
                )
            ).first()
            if exists is None:
                conn.execute(
                    insert(region_aliases).values(
                        alias_key=akey, level="municipality", alias=item["name"], code=item["code"], kind="name_fi"
                    )
                )
        state.bump(conn)
    return {k: len(v) for k, v in diff.items()}
