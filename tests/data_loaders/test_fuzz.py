"""Fuzzing the loaders: valid csv, xlsx and json files mutated by hypothesis (bytes, cells, values,
the sheet's XML) end in reports, write nothing on refusal and stay within memory. The run is its
own process with its address space capped (fuzz_worker.py), so a runaway allocation fails the test
instead of the machine; the same cases every run (FUZZ_RANDOM=1 explores new ones)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_mutated_files_end_in_reports() -> None:
    env = {**os.environ, "LAPE_SEED_DEMO": "0"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.data_loaders.fuzz_worker", "150"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    assert run.stdout.split() == [
        word
        for name in ("fuzz_csv_bytes", "fuzz_csv_cells", "fuzz_json_bytes", "fuzz_json_values", "fuzz_xlsx")
        for word in (f"{name}:", "150", "examples")
    ]
