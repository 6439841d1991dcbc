"""python -m geo load PATH [--layer NAME] | fetch --year 2025 | embed NLS_FILE (developers)"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn

from i18n import t

WFS = (
    "https://geo.stat.fi/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature"
    "&typeName=tilastointialueet:kunta4500k_{year}&outputFormat=json&srsName=EPSG:4326"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m geo")
    parser.add_argument("--db", help="database URL (default LAPE_DB_URL)")
    parser.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    load = sub.add_parser("load", help="load an official boundary file into the database")
    load.add_argument("path")
    load.add_argument("--layer", help="layer of a TopoJSON or GeoPackage file")
    fetch = sub.add_parser("fetch", help="download Statistics Finland municipality boundaries (needs internet)")
    fetch.add_argument("--year", type=int, default=2025)
    fetch.add_argument("--timeout", type=float, default=20.0)
    embed = sub.add_parser("embed", help="rebuild the boundaries shipped with the product (developers)")
    embed.add_argument("path", help="NLS municipality GeoJSON, e.g. kuntarajat.2023.json")
    args = parser.parse_args(argv)
    from store.settings import SettingError, check_all

    try:
        check_all()
    except SettingError as exc:
        print(f"virhe / fel / error: {exc}", file=sys.stderr)
        return 2

    from geo.boundaries import BoundaryError, load_boundaries
    from store.engine import init_db, make_engine
    from store.queries import regions_frame

    engine = make_engine(args.db)
    init_db(engine)
    if args.command == "embed":
        from geo.embedded import PATH, build

        counts = build(Path(args.path), regions_frame(engine))
        print(f"{PATH}: {counts} ({PATH.stat().st_size / 1024:.0f} KB)")
        return 0
    if args.command == "fetch":
        url = WFS.format(year=args.year)
        try:
            with urllib.request.urlopen(url, timeout=args.timeout) as resp:  # noqa: S310 (fixed https URL)
                data = resp.read()
        except (urllib.error.URLError, TimeoutError, OSError):
            print(t("geo.offline", args.lang, year=args.year), file=sys.stderr)
            return 1
        with tempfile.NamedTemporaryFile(suffix=".geojson", delete=False) as tmp:
            tmp.write(data)
        path = Path(tmp.name)
    else:
        path = Path(args.path)
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
    try:
        result = load_boundaries(engine, path, regions_frame(engine), getattr(args, "layer", None))
    except BoundaryError as exc:
        print(t(exc.key, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(t("geo.loaded", args.lang, level=t(f"level.{result.level}", args.lang), n=result.features))
    for level, size in result.sizes.items():
        print(f"  {level}: {size / 1024:.0f} KB")
    if result.merged:
        print("  " + t("geo.merged", args.lang, codes=", ".join(result.merged)))
    if result.unknown:
        print("  " + t("geo.unknown", args.lang, codes=", ".join(result.unknown)))
    if result.missing:
        print("  " + t("geo.missing", args.lang, codes=", ".join(result.missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
