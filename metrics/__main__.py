"""python -m metrics table INDICATOR [--level L] [--year Y] [--region CODE] [--format json|csv]

Prints the computed, suppressed values exactly as the pages show them.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from typing import Any, NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m metrics")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    table = sub.add_parser("table", help="an indicator's values as the pages show them")
    table.add_argument("indicator")
    table.add_argument("--level", choices=["municipality", "county", "region", "country"])
    table.add_argument("--year", type=int)
    table.add_argument("--region", help="2 digits a county, 3 a municipality, SSS the country")
    table.add_argument("--format", choices=["json", "csv"], default="json")
    table.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    table.add_argument("--db", help="database URL (default LAPE_DB_URL)")
    args = parser.parse_args(argv)

    from data_loaders.regions import area_from_cli
    from data_loaders.safety import spreadsheet_safe
    from metrics.table import indicator_table
    from store import queries
    from store.engine import ensure_ready, make_engine
    from store.settings import get_int

    engine = make_engine(args.db)
    ensure_ready(engine)
    meta = queries.indicators_frame(engine)
    if args.indicator not in set(meta["code"]):
        print(f"error: unknown indicator {args.indicator!r}", file=sys.stderr)
        return 2
    regions = queries.regions_frame(engine)
    level = args.level
    codes: list[str] | None = None
    if args.region:
        try:
            area_level, area_code = area_from_cli(args.region, None if args.level != "region" else "region")
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if level is None or level == area_level:
            level, codes = area_level, [area_code]
        elif level == "municipality" and area_level == "county":
            codes = list(regions[(regions["level"] == "municipality") & (regions["county_code"] == area_code)]["code"])
        else:
            print("error: --region does not fit --level", file=sys.stderr)
            return 2
    level = level or "county"
    needed = [args.indicator, "pop_0_17"]
    obs = queries.level_observations(engine, needed, level, args.year)
    if codes is not None:
        obs = obs[obs["region_code"].isin(codes)]
    out = indicator_table(obs, meta, regions, args.indicator, args.lang, get_int("LAPE_SMALL_N"))
    from metrics.presentation import shown_decimals

    row_meta = meta.set_index("code").loc[args.indicator]
    decimals = shown_decimals(str(row_meta["unit"]), bool(row_meta["denominator_code"]))
    out["value"] = out["value"].round(decimals)
    records = [{k: _clean(v) for k, v in row.items()} for row in out.to_dict("records")]
    for rec in records:
        rec["year"] = int(rec["year"])
        rec["suppressed"] = bool(rec["suppressed"])
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False))
    else:
        writer = csv.writer(sys.stdout, delimiter=";")
        writer.writerow(["region_code", "region_name", "year", "value", "numerator", "denominator", "suppressed"])
        for rec in records:
            writer.writerow(
                [
                    spreadsheet_safe(rec["region_code"]),
                    spreadsheet_safe(rec["region_name"]),
                    rec["year"],
                    ".." if rec["suppressed"] else rec["value"],
                    ".." if rec["suppressed"] else rec["numerator"],
                    ".." if rec["suppressed"] else rec["denominator"],
                    rec["suppressed"],
                ]
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
