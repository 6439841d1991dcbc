"""Command line: python -m data_loaders ingest|history|rollback|seed-demo|init.

Exit codes: 0 accepted / done, 1 rejected (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from store.engine import init_db, make_engine


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: virhe / fel / error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m data_loaders", description="LAPE-seuranta: tietojen tuonti / data loading")
    parser.add_argument("--db", help="database URL (default: LAPE_DB_URL or data/lape.sqlite)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("init", help="create the database and seed the demo data if it is empty")
    seed = sub.add_parser("seed-demo", help="(re)generate the demo data")
    seed.add_argument("--scale", choices=["small", "national"], default="national")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = make_engine(args.db)
    if args.command == "init":
        from store.engine import ensure_ready

        seeded = ensure_ready(engine)
        print("Tietokanta valmis / databasen klar / database ready" + (" (demo)" if seeded else ""))
        return 0
    if args.command == "seed-demo":
        from data_loaders.demo import seed_demo

        init_db(engine)
        try:
            upload_id = seed_demo(engine, args.scale)
        except ValueError as exc:
            print(f"virhe / fel / error: {exc}", file=sys.stderr)
            return 1
        print(f"demo seeded as upload {upload_id} ({args.scale})")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
