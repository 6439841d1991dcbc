"""Two processes on one database: the app (AppTest, this process) and the command line (a subprocess)
writing new numbers. The app must show every write on its next rerun, with no restart and no cache
clearing: every cache key carries the data version stamp that the write changed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

LABEL = "Kodin ulkopuolelle sijoitetut lapset"


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAPE_DB_URL": url, "LAPE_SEED_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "data_loaders", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def shown_value(at: AppTest) -> str:
    metric = next(m for m in at.metric if re.sub(r"\\(.)", r"\1", m.label).startswith(LABEL))
    return str(metric.value)


def write(folder: Path, name: str, placed: int) -> Path:
    path = folder / name
    path.write_text(f"hyvinvointialue;indikaattori;vuosi;arvo\n09;pop_0_17;2025;30000\n09;cw_placed;2025;{placed}\n")
    return path


def scenario(url: str, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = cli(url, "ingest", "--json", str(write(folder, "v1.csv", 300)))
    assert first.returncode == 0, first.stdout + first.stderr
    monkeypatch.setenv("LAPE_DB_URL", url)
    monkeypatch.setenv("LAPE_SEED_DEMO", "0")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["county"] = "09"
    at.run()
    assert not at.exception
    assert shown_value(at) == "10,0"  # 300 / 30 000 x 1 000

    corrected = cli(url, "ingest", "--replace", "--json", str(write(folder, "v2.csv", 330)))
    assert corrected.returncode == 0, corrected.stdout + corrected.stderr
    upload = json.loads(corrected.stdout)["upload_id"]
    at.run()  # the next rerun of the open app, nothing else
    assert not at.exception
    assert shown_value(at) == "11,0"

    undone = cli(url, "rollback", str(upload))
    assert undone.returncode == 0, undone.stderr
    at.run()
    assert shown_value(at) == "10,0"
