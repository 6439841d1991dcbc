"""Page benchmark: AppTest run time of every page, cold and warm, against a blank page.

Builds a national-scale store (every municipality, county, region and the country x 58
indicators x 20 years, extra indicators in 3 sexes, about 1 million observations), then in one process:
for each page, clears Streamlit's caches and the views' memo and times the run that opens the page (cold),
then times it again (warm). The "empty page" is the dashboard itself (navigation, sidebar,
pickers, banner) with a blank page registered, so the ratio measures the page's own cost.

Usage: python -m bench.pages [--json] [--keep DIR]
Prints {"pages": {name: {"cold_s", "warm_s"}}, "empty_s", "rows"} with --json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "pages/overview.py",
    "map": "pages/map.py",
    "baseline": "pages/baseline.py",
    "evaluation": "pages/evaluation.py",
    "sources": "pages/sources.py",
}
YEARS = range(2006, 2026)


def build_store(path: Path) -> int:
    """The demo indicators at national scale over 20 years, plus extra count indicators (58 in all)."""
    from sqlalchemy import insert

    from data_loaders.demo import generate
    from store.engine import create_upload, init_db, insert_observations, make_engine
    from store.schema import OBSERVATION_COLUMNS, indicators

    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    demo = generate("national")
    rng = np.random.default_rng(7)
    areas = demo[["region_level", "region_code"]].drop_duplicates().to_numpy()
    existing = sorted(demo["indicator_code"].unique())
    # enough extra count indicators (3 sexes, 20 years, every area) for about a million rows
    extra = [f"bench_{i:02d}" for i in range(58 - len(existing))]
    with engine.begin() as conn:
        conn.execute(
            insert(indicators),
            [
                {
                    "code": code,
                    "name_fi": f"Testimittari {code}",
                    "name_sv": f"Testindikator {code}",
                    "name_en": f"Bench indicator {code}",
                    "unit": "count",
                    "domain": "wellbeing",
                    "direction": -1,
                    "denominator_code": "pop_0_17",
                    "per": 1000,
                    "decimals": 0,
                }
                for code in extra
            ],
        )
        upload = create_upload(conn, filename="bench", sha256="bench", fmt="demo", user="bench", rows=0, status="demo")
        rows: list[tuple] = []
        # the demo's own indicators over 20 years: earlier years repeat 2015's shape
        for offset in (0, -9):
            part = demo if offset == 0 else demo[demo["year"] <= 2015 + 8]
            for r in part.itertuples(index=False):
                year = int(str(r.year)) + offset
                if offset and year >= 2015:
                    continue
                key = (r.indicator_code, r.region_level, r.region_code, year, 0, r.sex)
                rows.append((*key, r.value, r.numerator, r.denominator, None, upload))
        for code in extra:
            for level, area in areas:
                base = rng.integers(0, 400)
                for year in YEARS:
                    for sex in ("total", "male", "female"):
                        value = float(base if sex == "total" else base // 2)
                        rows.append((code, level, area, year, 0, sex, value, None, None, None, upload))
        rows = [tuple(None if (isinstance(v, float) and v != v) else v for v in row) for row in rows]
        assert len(OBSERVATION_COLUMNS) == len(rows[0])
        insert_observations(conn, rows)
    engine.dispose()
    return len(rows)


def time_pages() -> tuple[dict[str, dict[str, float]], float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def open_page(page: str) -> float:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.query_params["county"] = "09"
        at.run()
        at.switch_page(page)
        at.query_params["county"] = "09"
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert not at.exception, at.exception
        return elapsed

    def cold_and_warm(page: str) -> dict[str, float]:
        from views.cache import clear_all

        st.cache_data.clear()
        st.cache_resource.clear()
        clear_all()  # the views' own memo (gated blocks, page views): cold means computed afresh
        cold = open_page(page)
        warm = min(open_page(page) for _ in range(3))
        return {"cold_s": round(cold, 3), "warm_s": round(warm, 3)}

    empty = cold_and_warm("bench/blank_page.py")["warm_s"]
    results = {name: cold_and_warm(path) for name, path in PAGES.items()}
    return results, empty


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", help="folder for the benchmark database (reused when present)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lape-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "national.sqlite"
    marker = folder / "rows.txt"
    if not db.exists() or not marker.exists():
        for old in folder.glob("national.sqlite*"):
            old.unlink()
        marker.write_text(str(build_store(db)))
    rows = int(marker.read_text())
    os.environ["LAPE_DB_URL"] = f"sqlite:///{db}"
    os.environ["LAPE_SEED_DEMO"] = "0"
    os.environ["LAPE_BENCH_BLANK_PAGE"] = "1"
    os.chdir(ROOT)
    pages, empty = time_pages()
    summary = {"pages": pages, "empty_s": empty, "rows": rows}
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"rows: {rows}  empty page (warm): {empty:.3f} s")
        for name, t in pages.items():
            print(
                f"{name:>11}: cold {t['cold_s']:.3f} s  warm {t['warm_s']:.3f} s  warm/empty {t['warm_s'] / empty:.1f}"
            )


if __name__ == "__main__":
    main()
