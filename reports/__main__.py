"""python -m reports profile --region CODE --lang fi|sv|en --format pptx|pdf --out PATH [--year Y] [--db URL]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m reports")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    profile = sub.add_parser("profile", help="the region profile of an area as slides (PPTX) or PDF")
    profile.add_argument("--region", required=True, help="3 digits a municipality, 2 a county, SSS the country")
    profile.add_argument("--level", choices=["region"], help="'region': --region is a maakunta code")
    profile.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    profile.add_argument("--format", choices=["pptx", "pdf"], default="pptx")
    profile.add_argument("--out", required=True, help="file to write")
    profile.add_argument("--year", type=int, help="default: the latest year with data")
    profile.add_argument("--db", help="database URL (default LAPE_DB_URL)")
    args = parser.parse_args(argv)
    from views.context import settings_problem

    problem = settings_problem()
    if problem:
        print(f"virhe / fel / error: {problem}", file=sys.stderr)
        return 2

    from views.common import area_from_code
    from views.context import ready_context
    from views.slides import profile as make_profile

    ctx = ready_context(args.lang, args.db)
    try:
        level, code = area_from_code(args.region, args.level)
    except ValueError:
        print(ctx.t("profile.bad-region", code=args.region), file=sys.stderr)
        return 2
    deck = make_profile(ctx, level, code, args.year)
    if args.format == "pptx":
        from reports.pptx import deck_pptx

        data = deck_pptx(deck)
    else:
        from reports.pdf import deck_pdf

        data = deck_pdf(deck)
    out = Path(args.out)
    if out.parent and not out.parent.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(ctx.t("profile.done", path=out, slides=len(deck.slides)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
