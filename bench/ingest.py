"""Ingest benchmark: a 200 000-row long-format xlsx through three paths, each in its own process.

(a) project: data_loaders.ingest (sniff, read, recognise, validate, write one transaction)
(b) floor:   python-calamine reading the same file + one sqlite3 executemany of the same tuples
             into the same observations table with the same indexes, in one transaction
(c) naive:   pandas.read_excel(engine="openpyxl") + DataFrame.to_sql into the same table

Usage: python -m bench.ingest [--json] [--rows N] [--keep DIR]
Prints {"rows", "project_s", "floor_s", "naive_s", "peak_rss_mb"} with --json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

INDICATORS = ("fc_visits", "cw_notified", "cw_open_care", "family_work", "home_help")


def make_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from store.reference import region_rows

    codes = [r["code"] for r in region_rows() if r["level"] == "municipality"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tiedot")
    ws.append(["kunta", "indikaattori", "vuosi", "kuukausi", "sukupuoli", "arvo"])
    n = 0
    for indicator in INDICATORS:
        for year in range(2000, 2026):
            for month in range(1, 13):
                for code in codes:
                    ws.append([code, indicator, year, month, "yhteensä", float((n * 7919) % 5000)])
                    n += 1
                    if n >= rows:
                        wb.save(path)
                        return
    wb.save(path)


def _fresh_db(folder: Path, name: str) -> str:
    from store.engine import init_db, make_engine

    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    init_db(engine)
    engine.dispose()
    return url


def run_project(xlsx: Path, folder: Path) -> dict[str, float]:
    from data_loaders.ingest import ingest_path
    from store.engine import make_engine

    url = _fresh_db(folder, "project.sqlite")
    engine = make_engine(url)
    start = time.perf_counter()
    result = ingest_path(engine, xlsx, user="bench")
    elapsed = time.perf_counter() - start
    assert result.ok, result.as_json("en")["errors"][:3]
    return {"seconds": elapsed, "rows": result.rows_accepted}


def run_floor(xlsx: Path, folder: Path) -> dict[str, float]:
    import sqlite3

    from python_calamine import CalamineWorkbook

    from store.schema import OBSERVATION_COLUMNS

    url = _fresh_db(folder, "floor.sqlite")
    path = url.removeprefix("sqlite:///")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(
        "INSERT INTO uploads (id, filename, sha256, format, uploaded_by, uploaded_at, rows, status) "
        "VALUES (1, 'x', 'x', 'long', 'bench', '2026-01-01', 0, 'accepted')"
    )
    start = time.perf_counter()
    rows: list[list[Any]] = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    tuples = [(r[1], "municipality", r[0], int(r[2]), int(r[3]), "total", r[5], None, None, None, 1) for r in rows[1:]]
    cols = ", ".join(OBSERVATION_COLUMNS)
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO observations ({cols}) VALUES ({', '.join('?' * len(OBSERVATION_COLUMNS))})", tuples)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return {"seconds": elapsed, "rows": len(tuples)}


def run_naive(xlsx: Path, folder: Path) -> dict[str, float]:
    import sqlite3

    import pandas as pd

    url = _fresh_db(folder, "naive.sqlite")
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    con.execute(
        "INSERT INTO uploads (id, filename, sha256, format, uploaded_by, uploaded_at, rows, status) "
        "VALUES (1, 'x', 'x', 'long', 'bench', '2026-01-01', 0, 'accepted')"
    )
    con.commit()
    start = time.perf_counter()
    df = pd.read_excel(xlsx, engine="openpyxl", dtype={"kunta": str})
    out = pd.DataFrame(
        {
            "indicator_code": df["indikaattori"],
            "region_level": "municipality",
            "region_code": df["kunta"],
            "year": df["vuosi"],
            "month": df["kuukausi"],
            "sex": "total",
            "value": df["arvo"],
            "upload_id": 1,
        }
    )
    out.to_sql("observations", con, if_exists="append", index=False)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return {"seconds": elapsed, "rows": len(out)}


def child(kind: str, xlsx: Path, folder: Path) -> None:
    fn = {"project": run_project, "floor": run_floor, "naive": run_naive}[kind]
    out = fn(xlsx, folder)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--keep", help="folder to keep the generated xlsx in (reused when present)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lape-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / f"long_{args.rows}.xlsx"
    if not xlsx.exists():
        make_xlsx(xlsx, args.rows)
    results = {}
    for kind in ("project", "floor", "naive"):
        if kind == "naive" and args.skip_naive:
            continue
        for old in folder.glob(f"{kind}.sqlite*"):
            old.unlink()
        proc = subprocess.run(
            [sys.executable, "-m", "bench.ingest", "--child", kind, str(xlsx), str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    summary = {
        "rows": results["project"]["rows"],
        "project_s": round(results["project"]["seconds"], 2),
        "floor_s": round(results["floor"]["seconds"], 2),
        "naive_s": round(results["naive"]["seconds"], 2) if "naive" in results else None,
        "peak_rss_mb": round(results["project"]["peak_rss_mb"], 1),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:>12}: {value}")


if __name__ == "__main__":
    main()
