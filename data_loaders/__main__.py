"""Command line: python -m data_loaders ingest|sotkanet|history|rollback|indicators|regions|template|seed-demo|init.

Exit codes: 0 accepted / done, 1 rejected (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Engine

from i18n import t
from i18n.text import printable
from store.engine import init_db, make_engine
from store.settings import SettingError, check_all


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: virhe / fel / error: {message}\n")


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"not a year: {text!r} (four digits, e.g. 2024)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m data_loaders", description="LAPE-seuranta: tietojen tuonti / data loading")
    parser.add_argument("--db", help="database URL (default: LAPE_DB_URL or data/lape.sqlite)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("init", help="create the database and seed the demo data if it is empty")
    ing = sub.add_parser("ingest", help="load Excel/CSV/Sotkanet files into the store")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--replace", action="store_true", help="replace overlapping rows of earlier uploads")
    ing.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    ing.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    ing.add_argument("--user", default=None, help="who uploads (default: the login name)")
    ing.add_argument("--lang", choices=["fi", "sv", "en"], default="fi", help="language of the messages")
    ing.add_argument("--progress", action="store_true", help="print progress to stderr")
    ing.add_argument("--year", type=_year, metavar="YYYY", help="the year of a file that names none")
    ing.add_argument("--indicator", metavar="CODE", help="the indicator of a file that names none")
    ing.add_argument(
        "--include-hidden", action="store_true", help="load the values in hidden rows and columns too (listed)"
    )
    ing.add_argument(
        "--level",
        choices=["municipality", "county", "region"],
        help="what the file's area codes are, where they could be counties or regions",
    )
    tpl = sub.add_parser("template", help="write the upload template (xlsx, or csv when PATH ends in .csv)")
    tpl.add_argument("path", metavar="PATH")
    tpl.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    tpl.add_argument("--indicators", default="", help="ready rows for these indicator codes (comma-separated)")
    tpl.add_argument("--counties", default="", help="... and the municipalities of these counties, e.g. 09")
    tpl.add_argument("--year", type=int, default=None, help="... and this year")
    reg = sub.add_parser("regions", help="compare or apply a Statistics Finland classification key (CSV)")
    reg.add_argument("path", metavar="PATH")
    reg.add_argument("--apply", action="store_true", help="write the key into the regions table")
    reg.add_argument("--json", action="store_true")
    hist = sub.add_parser("history", help="list the uploads")
    hist.add_argument("--json", action="store_true")
    hist.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    rb = sub.add_parser("rollback", help="remove one upload's rows and restore what it replaced")
    rb.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    rb.add_argument("--user", default=None, help="who rolls back (default: the login name)")
    rb.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    ind = sub.add_parser("indicators", help="the region's own indicators beside the national catalogue")
    ind_sub = ind.add_subparsers(dest="action", required=True, parser_class=_Parser)
    ind_list = ind_sub.add_parser("list", help="every indicator: code, names, unit, source")
    ind_list.add_argument("--json", action="store_true")
    ind_add = ind_sub.add_parser("add", help="add (or redefine) one of the region's own indicators")
    ind_add.add_argument("code", help="lower case letters, digits and _ (e.g. perhekeskus_chat)")
    ind_add.add_argument("--fi", required=True, help="the name in Finnish")
    ind_add.add_argument("--sv", default="", help="the name in Swedish")
    ind_add.add_argument("--en", default="", help="the name in English")
    ind_add.add_argument("--unit", default="count", choices=["count", "percent", "eur", "days", "value"])
    ind_add.add_argument("--direction", type=int, default=0, choices=[-1, 0, 1], help="1 higher is better, -1 lower")
    ind_add.add_argument("--denominator", help="rate per this indicator (e.g. pop_0_17)")
    ind_add.add_argument("--per", type=float, help="rate per how many (default 1000 with a denominator)")
    ind_add.add_argument("--domain", default="wellbeing")
    ind_add.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    sot = sub.add_parser("sotkanet", help="fetch the national reference values from THL Sotkanet's REST API")
    sot.add_argument(
        "--indicators",
        nargs="+",
        default=["all"],
        metavar="ID",
        help="all (default: every catalogue indicator Sotkanet publishes), Sotkanet ids or catalogue codes",
    )
    sot.add_argument("--years", default="2015-2025", help="e.g. 2015-2025, 2023 or 2019,2021 (default 2015-2025)")
    sot.add_argument("--replace", action="store_true", help="replace the values of an earlier fetch")
    sot.add_argument("--dry-run", action="store_true", help="fetch and check everything, write nothing")
    sot.add_argument("--json", action="store_true", help="one JSON object (the ingest shape and the source)")
    sot.add_argument("--user", default=None, help="who loads (default: the login name)")
    sot.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    sot.add_argument("--quiet", action="store_true", help="no progress on stderr")
    seed = sub.add_parser("seed-demo", help="(re)generate the demo data")
    seed.add_argument("--scale", choices=["small", "national"], default="national")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_all()
    except SettingError as exc:
        print(f"virhe / fel / error: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(args.db)
    if args.command == "init":
        from data_loaders.setup import ensure_ready

        seeded = ensure_ready(engine)
        print("Tietokanta valmis / databasen klar / database ready" + (" (demo)" if seeded else ""))
        return 0
    if args.command == "ingest":
        return _ingest(engine, args)
    if args.command == "template":
        from data_loaders.template import template_areas, template_bytes, template_csv
        from store.queries import indicators_frame, regions_frame

        init_db(engine)
        catalogue = indicators_frame(engine)
        chosen = [c.strip() for c in args.indicators.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in set(catalogue["code"])]
        counties = [c.strip().zfill(2) for c in args.counties.split(",") if c.strip()]
        regs = regions_frame(engine)
        known_counties = set(regs.loc[regs["level"] == "county", "code"])
        if unknown or [c for c in counties if c not in known_counties]:
            bad = ", ".join(unknown + [c for c in counties if c not in known_counties])
            print(t("cli.template-unknown", args.lang, codes=bad), file=sys.stderr)
            return 2
        areas = template_areas(regs, counties, args.lang)
        if args.path.lower().endswith(".csv"):
            Path(args.path).write_bytes(template_csv(chosen, areas, args.year, args.lang))
        else:
            Path(args.path).write_bytes(template_bytes(catalogue, args.lang, chosen, areas, args.year))
        print(args.path)
        return 0
    if args.command == "regions":
        return _regions(engine, args)
    if args.command == "history":
        return _history(engine, args)
    if args.command == "rollback":
        return _rollback(engine, args)
    if args.command == "indicators":
        return _indicators(engine, args)
    if args.command == "sotkanet":
        return _sotkanet(engine, args)
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


def _ingest(engine: Engine, args: argparse.Namespace) -> int:
    from data_loaders.ingest import ingest_path

    missing = [p for p in args.paths if not Path(p).is_file()]
    if missing:
        print(f"virhe / fel / error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    user = args.user or getpass.getuser()
    all_ok = True
    for path in args.paths:

        def progress(fraction: float, stage: str, _name: str = Path(path).name) -> None:
            if args.progress:
                print(f"[{fraction * 100:5.1f}%] {stage} {_name}", file=sys.stderr, flush=True)

        result = ingest_path(
            engine,
            path,
            user=user,
            replace=args.replace,
            dry_run=args.dry_run,
            progress=progress,
            year=args.year,
            indicator=args.indicator,
            level=args.level,
            include_hidden=args.include_hidden,
        )
        all_ok &= result.ok
        if args.json:
            print(json.dumps(result.as_json(args.lang), ensure_ascii=False, default=str), flush=True)
            continue
        _print_result(result.file, result.as_json(args.lang), result.ok, args.dry_run, result.upload_id, args.lang)
    return 0 if all_ok else 1


def _print_result(name: str, data: dict[str, Any], ok: bool, dry_run: bool, upload_id: int | None, lang: str) -> None:
    if ok:
        what = t("cli.dry-run-ok" if dry_run else "cli.accepted", lang)
        print(f"OK  {name}: {what} {data['rows_accepted']} ({data['format']})"
              + (f", upload {upload_id}" if upload_id else ""))  # fmt: skip
    else:
        print(f"ERR {name}: {t('cli.rejected', lang, n=len(data['errors']))}")
    for err in data["errors"]:
        print(f"    - {err['message']}")
    for warn in data["warnings"]:
        print(f"    ! {warn['message']}")
    for note in data["notes"]:
        print(f"    · {note}")


def _sotkanet(engine: Engine, args: argparse.Namespace) -> int:
    from data_loaders.sotkanet import fetch_sotkanet, parse_years

    try:
        years = parse_years(args.years)
    except ValueError:
        print(f"virhe / fel / error: --years {args.years!r}: e.g. 2015-2025, 2023 or 2019,2021", file=sys.stderr)
        return 2
    wanted = None if [w.lower() for w in args.indicators] == ["all"] else list(args.indicators)

    def progress(fraction: float, stage: str) -> None:
        if not args.quiet and not args.json:
            print(f"[{fraction * 100:5.1f}%] {stage}", file=sys.stderr, flush=True)

    result = fetch_sotkanet(
        engine,
        wanted,
        years,
        user=args.user or getpass.getuser(),
        replace=args.replace,
        dry_run=args.dry_run,
        progress=progress,
    )
    data = result.as_json(args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, default=str), flush=True)
    else:
        upload_id = result.ingest.upload_id if result.ingest else None
        _print_result(str(data["file"]), data, result.ok, args.dry_run, upload_id, args.lang)
    return 0 if result.ok else 1


def _regions(engine: Engine, args: argparse.Namespace) -> int:
    from data_loaders.classification import apply, compare, parse_key
    from data_loaders.report import LoaderError

    init_db(engine)
    if not Path(args.path).is_file():
        print(f"virhe / fel / error: no such file: {args.path}", file=sys.stderr)
        return 2
    try:
        key = parse_key(Path(args.path).read_bytes())
    except LoaderError as exc:
        print(t(exc.key, "fi"), file=sys.stderr)
        return 1
    diff = compare(engine, key)
    if args.apply:
        apply(engine, key)
    if args.json:
        print(
            json.dumps({"key": key.source_id, "rows": len(key.rows), "applied": args.apply, **diff}, ensure_ascii=False)
        )
    else:
        print(f"{key.source_id}: {len(key.rows)} kuntaa / kommuner / municipalities")
        for kind, items in diff.items():
            print(f"  {kind}: {len(items)}")
            for item in items[:20]:
                print("    " + ", ".join(f"{k}={v}" for k, v in item.items()))
    return 0


def _indicators(engine: Engine, args: argparse.Namespace) -> int:
    from data_loaders.own_indicators import Definition, check, save
    from store.queries import indicators_frame

    init_db(engine)
    frame = indicators_frame(engine)
    if args.action == "list":
        rows = [
            {k: (None if v != v else v) for k, v in r.items()}
            for r in frame[
                ["code", "name_fi", "name_sv", "name_en", "unit", "direction", "denominator_code", "source"]
            ].to_dict("records")
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for r in rows:
                print(f"{r['code']:<34} {r['unit']:<8} {r['name_fi']}  [{r['source'] or ''}]")
        return 0
    definition = check(
        Definition(
            code=args.code,
            name_fi=args.fi,
            name_sv=args.sv,
            name_en=args.en,
            unit=args.unit,
            direction=args.direction,
            denominator=args.denominator,
            per=args.per,
            domain=args.domain,
        ),
        set(frame["code"]),
    )
    if definition.problems:
        for key, params in definition.problems:
            print(t(key, args.lang, **params), file=sys.stderr)
        return 1
    outcome = save(engine, definition)
    print(t(f"cli.indicator-{outcome}", args.lang, code=args.code))
    return 0


def _history(engine: Engine, args: argparse.Namespace) -> int:
    from store.uploads import history

    init_db(engine)
    items = history(engine)
    if args.json:
        print(json.dumps(items, ensure_ascii=False))
        return 0
    for it in items:
        quality = []  # preliminary values still live, and preliminary values this upload made final
        if it["preliminary"]:
            quality.append(f"{t('uploads.col.preliminary', args.lang)}: {it['preliminary']}")
        if it["finalised"]:
            quality.append(f"{t('uploads.col.finalised', args.lang)}: {it['finalised']}")
        print(
            f"{it['id']:>5}  {it['uploaded_at'][:19]}  {it['status']:<11} {it['live_rows']:>8}  "
            f"{printable(it['uploaded_by']):<12} {it['format']:<13} {printable(it['filename'])}"
            + (f"  ({'; '.join(quality)})" if quality else "")
        )
    return 0


def _rollback(engine: Engine, args: argparse.Namespace) -> int:
    from store.uploads import UploadRefused, rollback_upload

    init_db(engine)
    try:
        done = rollback_upload(engine, args.upload_id, actor=printable(args.user or getpass.getuser())[:120])
    except UploadRefused as exc:
        print(t(exc.key, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(t("cli.rolled-back", args.lang, upload_id=args.upload_id, **done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
