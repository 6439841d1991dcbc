"""Load benchmark at the protocol level: N concurrent sessions against one Streamlit server process.

Each session is what a browser tab does, without a browser: it opens Streamlit's websocket, asks for the
overview, then the map, then the baseline (each a rerun_script message with the page and a county's link),
and reads every message until the run's script_finished. Time from request to the last element delivered,
errors (a lost connection, an exception element, a run that did not finish), and what the server process
spent (peak RSS from /proc, CPU seconds) are measured for N = 1, 10, 50 on the national-scale store
(bench.pages.build_store: every area x 58 indicators x 20 years, ~1 million rows). Sessions are spread over
the 23 counties. With --pg URL a second run puts the national demo into PostgreSQL and spreads the
sessions over two server processes (replicas) on it.

Usage: python -m bench.load [--json] [--sizes 1,10,50] [--pg postgresql+psycopg://...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("", "map", "baseline")  # "" is the default page, the overview
COUNTIES = [f"{c:02d}" for c in range(1, 22)] + ["90", "91"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "LAPE_DB_URL": url, "LAPE_SEED_DEMO": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, port
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the server did not start")


def rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def session(port: int, county: str, times: list[float], errors: list[str], timeout: float = 600) -> None:
    """One tab: the three pages in turn over one websocket, each timed to its script_finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=f"http://127.0.0.1:{port}", max_size=None, open_timeout=timeout,  # type: ignore[arg-type]
        ) as ws:  # fmt: skip
            for page in PAGES:
                msg = BackMsg()
                msg.rerun_script.query_string = f"lang=fi&county={county}"
                msg.rerun_script.page_name = page
                start = time.perf_counter()
                await ws.send(msg.SerializeToString())
                while True:
                    fm = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), timeout))
                    kind = fm.WhichOneof("type")
                    if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
                        errors.append(f"exception on {page or 'overview'} for {county}")
                    if kind == "script_finished":
                        if fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                            break
                        if fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            errors.append(f"run ended {fm.script_finished} on {page or 'overview'}")
                            break
                times.append(time.perf_counter() - start)
    except Exception as exc:
        errors.append(f"{type(exc).__name__} for {county}")


async def wave(ports: list[int], n: int) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    await asyncio.gather(*[session(ports[i % len(ports)], COUNTIES[i % len(COUNTIES)], times, errors)
                           for i in range(n)])  # fmt: skip
    return times, errors, time.perf_counter() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def measure(urls: list[str], sizes: list[int], label: str) -> dict[str, Any]:
    servers = [start_server(u) for u in urls]
    procs, ports = [s[0] for s in servers], [s[1] for s in servers]
    try:
        asyncio.run(wave(ports, len(ports)))  # warm: each server computes the shared views once
        out: dict[str, Any] = {"label": label, "replicas": len(urls), "runs": {}}
        for n in sizes:
            cpu = [cpu_seconds(p.pid) for p in procs]
            times, errors, wall = asyncio.run(wave(ports, n))
            spent = sum(cpu_seconds(p.pid) - c for p, c in zip(procs, cpu, strict=True))
            out["runs"][str(n)] = {
                "sessions": n,
                "page_runs": len(times),
                "median_s": round(statistics.median(times), 3) if times else None,
                "p95_s": round(p95(times), 3),
                "max_s": round(max(times), 3) if times else None,
                "errors": len(errors),
                "error_kinds": sorted(set(errors))[:5],
                "wall_s": round(wall, 2),
                "server_cpu_s": round(spent, 2),
                "server_cpu_per_run_s": round(spent / max(len(times), 1), 3),
                "server_peak_rss_mb": round(max(rss_peak_mb(p.pid) for p in procs), 1),
            }
        return out
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--pg", default="", help="a PostgreSQL URL for the second run (two replicas)")
    parser.add_argument("--keep", default="", help="keep the national-scale store in this folder")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    from bench.pages import build_store

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lape-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "national.sqlite"
    rows = build_store(path) if not path.exists() else -1
    results: dict[str, Any] = {"rows": rows, "cores": os.cpu_count(), "runs": []}
    results["runs"].append(measure([f"sqlite:///{path}"], sizes, "one server, SQLite, national-scale store"))
    if args.pg:
        from data_loaders.demo import seed_demo
        from store.engine import init_db, make_engine
        from store.migrate import drop_everything

        engine = make_engine(args.pg)
        drop_everything(engine)
        init_db(engine)
        seed_demo(engine, "national")
        engine.dispose()
        results["runs"].append(measure([args.pg, args.pg], sizes, "two replicas, PostgreSQL, national demo"))
    if args.json:
        print(json.dumps(results))
    else:
        for run in results["runs"]:
            print(run["label"])
            for n, r in run["runs"].items():
                print(f"  N={n:>3}: median {r['median_s']} s, p95 {r['p95_s']} s, errors {r['errors']}, "
                      f"CPU {r['server_cpu_per_run_s']} s/run, peak RSS {r['server_peak_rss_mb']} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
