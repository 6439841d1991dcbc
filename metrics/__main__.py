"""python -m metrics table INDICATOR [--level L] [--year Y] [--region CODE] [--format json|csv]

Prints the values exactly as the pages show them: a thin shell over views.map.indicator_table,
through the same disclosure gate (suppression decided over every level and area, never after
filtering to the --region asked for).
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
    from views.context import settings_problem

    problem = settings_problem()
    if problem:
        print(f"virhe / fel / error: {problem}", file=sys.stderr)
        return 2

    from views.common import area_from_code
    from views.context import ready_context
    from views.gate import all_regions, infos
    from views.map import indicator_table
    from views.text import spreadsheet_safe

    ctx = ready_context(args.lang, args.db)
    if args.indicator not in infos(ctx):
        print(f"error: unknown indicator {args.indicator!r}", file=sys.stderr)
        return 2
    level = args.level
    codes: tuple[str, ...] | None = None
    if args.region:
        try:
            area_level, area_code = area_from_code(args.region, None if args.level != "region" else "region")
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        regions = all_regions(ctx)
        if level is None or level == area_level:
            level, codes = area_level, (area_code,)
        elif level == "municipality" and area_level == "county":
            in_county = regions[(regions["level"] == "municipality") & (regions["county_code"] == area_code)]
            codes = tuple(in_county["code"])
        else:
            print("error: --region does not fit --level", file=sys.stderr)
            return 2
    out = indicator_table(ctx, args.indicator, level or "county", args.year, codes)
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
