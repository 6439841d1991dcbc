"""The command line contract: exit codes 0/1/2 and the --json shape, one object per file per line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"LAPE_DB_URL": f"sqlite:///{db}", "LAPE_SEED_DEMO": "0", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "data_loaders", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_ingest_json_one_line_per_file_and_exit_codes(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    good, bad = FIXTURES / "dialect_semicolon.csv", FIXTURES / "point_in_comma.csv"
    proc = run(db, "ingest", "--json", "--user", "maija", str(good), str(bad))
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first == {
        "file": "dialect_semicolon.csv",
        "ok": True,
        "upload_id": 1,
        "rows_accepted": 4,
        "errors": [],
        "warnings": [],
        "format": "long",
        "notes": [],
    }
    assert second["ok"] is False and "upload_id" not in second
    assert second["errors"] == [
        {
            "type": "type-error",
            "sheet": None,
            "row": 4,
            "column": "D",
            "message": "rivi 4, sarake D: '12.5': tiedostossa desimaalierotin on pilkku, joten pisteellinen luku "
            "on epäselvä. Kirjoita desimaalit pilkulla (esim. 12,5).",
        }
    ]
    assert run(db, "ingest", str(FIXTURES / "cp1252.csv")).returncode == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    assert run(db, "ingest").returncode == 2
    assert run(db, "ingest", str(tmp_path / "missing.csv")).returncode == 2
    assert run(db, "frobnicate").returncode == 2
    assert run(db, "rollback", "abc").returncode == 2


def test_history_and_rollback(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run(db, "ingest", "--user", "maija", str(FIXTURES / "dialect_semicolon.csv"))
    hist = json.loads(run(db, "history", "--json").stdout)
    assert [(h["id"], h["uploaded_by"], h["rows"], h["live_rows"], h["status"]) for h in hist] == [
        (1, "maija", 4, 4, "accepted")
    ]
    done = run(db, "rollback", "1", "--lang", "en")
    assert done.returncode == 0
    assert done.stdout.strip() == "Upload 1 rolled back: 4 rows removed, 0 restored."
    assert run(db, "rollback", "1").returncode == 1
    hist = json.loads(run(db, "history", "--json").stdout)
    assert (hist[0]["status"], hist[0]["live_rows"]) == ("rolled_back", 0)


def test_dry_run_and_human_output(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    proc = run(db, "ingest", "--dry-run", str(FIXTURES / "names.csv"))
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == "OK  names.csv: kelpaisi (ei tallennettu), rivejä 5 (long)"
    assert json.loads(run(db, "history", "--json").stdout) == []


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "pohja.xlsx"
    proc = run(tmp_path / "c.sqlite", "template", str(out))
    assert proc.returncode == 0 and out.read_bytes()[:4] == b"PK\x03\x04"


def test_indicator_option_names_a_single_unknown_measure(tmp_path: Path) -> None:
    """A PxWeb table whose one measure the catalogue does not know: --indicator says which it is."""
    from data_loaders.ingest import ingest_bytes
    from store.engine import make_engine

    data = b'"Alue";"2020 Lastensuojelun avohuollon asiakkaat"\n"KU016 Asikkala";"9"\n"KU081 Hartola";"4"\n'
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    assert not ingest_bytes(engine, data, "avo.csv").ok
    done = ingest_bytes(engine, data, "avo.csv", indicator="cw_open_care")
    assert done.ok and done.rows_accepted == 2
