"""Command line: python -m store users add|remove|list|set-role|set-password; migrate; backup PATH;
restore PATH; export PATH.zip; check.

Exit 0 done, 1 refused or unhealthy (nothing changed), 2 usage error. Passwords are read without echo (twice),
or one line from standard input with --password-stdin; they never appear in arguments, output or logs.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import NoReturn

from store.engine import init_db, make_engine
from store.schema import ROLES
from store.settings import SettingError, check_all
from store.users import UserError, add_user, list_users, remove_user, set_password, set_role

# store imports no other package of the project, so its few messages live here
MESSAGES: dict[str, dict[str, str]] = {
    "user.added": {
        "fi": "Käyttäjä {name} lisätty ({role}{counties}).",
        "sv": "Användaren {name} har lagts till ({role}{counties}).",
        "en": "User {name} added ({role}{counties}).",
    },
    "user.removed": {
        "fi": "Käyttäjä {name} poistettu.",
        "sv": "Användaren {name} har tagits bort.",
        "en": "User {name} removed.",
    },
    "user.role-set": {
        "fi": "Käyttäjän {name} rooli on nyt {role}{counties}.",
        "sv": "Användaren {name} har nu rollen {role}{counties}.",
        "en": "User {name} now has the role {role}{counties}.",
    },
    "user.password-set": {
        "fi": "Käyttäjän {name} salasana vaihdettu.",
        "sv": "Lösenordet för {name} har bytts.",
        "en": "Password of {name} changed.",
    },
    "user.bad-name": {
        "fi": "Käyttäjätunnus '{name}' ei kelpaa: käytä kirjaimia a–z, numeroita ja merkkejä . _ @ + - (enintään 120).",
        "sv": "Användarnamnet '{name}' duger inte: använd bokstäver a–z, siffror och tecknen . _ @ + - (högst 120).",
        "en": "User name '{name}' is not valid: use letters a-z, digits and . _ @ + - (at most 120).",
    },
    "user.short-password": {
        "fi": "Salasanassa on oltava vähintään {n} merkkiä.",
        "sv": "Lösenordet måste ha minst {n} tecken.",
        "en": "The password must have at least {n} characters.",
    },
    "user.bad-role": {
        "fi": "Rooli '{role}' ei kelpaa; valitse jokin näistä: {roles}.",
        "sv": "Rollen '{role}' duger inte; välj en av: {roles}.",
        "en": "Role '{role}' is not valid; choose one of: {roles}.",
    },
    "user.needs-counties": {
        "fi": "Tallentajalle on annettava hyvinvointialueet, esim. --counties 09 (Päijät-Häme).",
        "sv": "En inläsare behöver välfärdsområden, t.ex. --counties 09 (Päijänne-Tavastland).",
        "en": "An uploader needs counties, e.g. --counties 09 (Päijät-Häme).",
    },
    "user.bad-county": {
        "fi": "Tuntematon hyvinvointialueen koodi: {codes}. Koodit ovat kaksinumeroisia "
        "(09 Päijät-Häme, 14 Pohjois-Karjala).",
        "sv": "Okänd kod för välfärdsområde: {codes}. Koderna har två siffror "
        "(09 Päijänne-Tavastland, 14 Norra Karelen).",
        "en": "Unknown county code: {codes}. Codes have two digits (09 Päijät-Häme, 14 North Karelia).",
    },
    "user.needs-password": {
        "fi": "Anna salasana (tai --email, jos käyttäjä kirjautuu organisaation tunnuksella).",
        "sv": "Ange ett lösenord (eller --email om användaren loggar in med organisationens konto).",
        "en": "Give a password (or --email when the user signs in with the organisation's account).",
    },
    "user.exists": {
        "fi": "Käyttäjä {name} on jo olemassa; vaihda rooli komennolla set-role.",
        "sv": "Användaren {name} finns redan; byt roll med set-role.",
        "en": "User {name} already exists; change the role with set-role.",
    },
    "user.not-found": {
        "fi": "Käyttäjää {name} ei ole; katso käyttäjät komennolla list.",
        "sv": "Användaren {name} finns inte; se användarna med list.",
        "en": "There is no user {name}; see the users with list.",
    },
    "user.password-mismatch": {
        "fi": "Salasanat eivät täsmänneet; mitään ei muutettu.",
        "sv": "Lösenorden stämde inte överens; ingenting ändrades.",
        "en": "The passwords did not match; nothing was changed.",
    },
    "user.no-terminal": {
        "fi": "Salasanaa ei voi kysyä ilman päätettä: anna se syötteenä valitsimella --password-stdin.",
        "sv": "Lösenordet kan inte frågas utan terminal: ge det på standard in med --password-stdin.",
        "en": "No terminal to ask the password on: give it on standard input with --password-stdin.",
    },
    "user.password-prompt": {"fi": "Salasana: ", "sv": "Lösenord: ", "en": "Password: "},
    "user.password-again": {"fi": "Salasana uudelleen: ", "sv": "Lösenord igen: ", "en": "Password again: "},
    "ops.migrated": {
        "fi": "Tietokannan rakenne: {before} → {after}.",
        "sv": "Databasens struktur: {before} → {after}.",
        "en": "Database schema: {before} → {after}.",
    },
    "ops.backed-up": {
        "fi": "Varmuuskopio tallennettu: {path} ({size} kt).",
        "sv": "Säkerhetskopian sparades: {path} ({size} kB).",
        "en": "Backup written: {path} ({size} kB).",
    },
    "ops.restored": {
        "fi": "Palautettu varmuuskopiosta {path}; rakenne {before} → {after}. Sovellukset näyttävät palautetut "
        "tiedot seuraavalla päivityksellä.",
        "sv": "Återställd från {path}; struktur {before} → {after}. Apparna visar de återställda uppgifterna "
        "vid nästa uppdatering.",
        "en": "Restored from {path}; schema {before} → {after}. The apps show the restored data on their next rerun.",
    },
    "ops.exported": {
        "fi": "Vienti tallennettu: {path} ({tables} taulua, {rows} riviä; salasanatiivisteitä ei viety).",
        "sv": "Exporten sparades: {path} ({tables} tabeller, {rows} rader; lösenordshashar exporterades inte).",
        "en": "Export written: {path} ({tables} tables, {rows} rows; password hashes not exported).",
    },
    "ops.confirm-restore": {
        "fi": "Palautus korvaa koko tietokannan. Lisää --yes, jos tämä on tarkoitus.",
        "sv": "Återställningen ersätter hela databasen. Lägg till --yes om det är meningen.",
        "en": "A restore replaces the whole database. Add --yes if that is what you want.",
    },
    "ops.no-file": {
        "fi": "Muistissa olevaa tietokantaa ei voi varmuuskopioida; anna LAPE_DB_URL.",
        "sv": "En databas i minnet kan inte säkerhetskopieras; ange LAPE_DB_URL.",
        "en": "An in-memory database cannot be backed up; set LAPE_DB_URL.",
    },
    "ops.no-backup": {
        "fi": "Varmuuskopiota {path} ei ole.",
        "sv": "Säkerhetskopian {path} finns inte.",
        "en": "Backup {path} does not exist.",
    },
    "ops.not-a-backup": {
        "fi": "{path} ei ole LAPE-seurannan varmuuskopio (taulut puuttuvat); mitään ei muutettu.",
        "sv": "{path} är ingen säkerhetskopia av LAPE-uppföljningen (tabellerna saknas); inget ändrades.",
        "en": "{path} is not a LAPE-seuranta backup (its tables are missing); nothing was changed.",
    },
    "ops.tool-failed": {
        "fi": "{tool} epäonnistui: {detail}",
        "sv": "{tool} misslyckades: {detail}",
        "en": "{tool} failed: {detail}",
    },
    "ops.unsupported": {
        "fi": "Tietokantaa {dialect} ei tueta.",
        "sv": "Databasen {dialect} stöds inte.",
        "en": "Database {dialect} is not supported.",
    },
}


def say(key: str, lang: str, **params: object) -> str:
    return MESSAGES[key].get(lang, MESSAGES[key]["en"]).format(**params)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m store", description="LAPE-seuranta store administration")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    users = sub.add_parser("users", help="accounts and roles")
    act = users.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = act.add_parser("add", help="add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--counties", default="", help="an uploader's counties, e.g. 09 or 09,14")
    add.add_argument("--email", default=None, help="for sign-in through the organisation's OIDC (st.login)")
    add.add_argument("--no-password", action="store_true", help="OIDC sign-in only (needs --email)")
    rm = act.add_parser("remove", help="remove an account")
    rm.add_argument("username")
    ls = act.add_parser("list", help="list the accounts")
    ls.add_argument("--json", action="store_true")
    role = act.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--counties", default="")
    pw = act.add_parser("set-password", help="change an account's password")
    pw.add_argument("username")
    for p in (add, pw):
        p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ops = [sub.add_parser("migrate", help="bring the schema to the newest revision, keeping every row")]
    ops.append(sub.add_parser("backup", help="a consistent copy (SQLite file, or pg_dump custom format)"))
    ops[-1].add_argument("path")
    ops.append(sub.add_parser("restore", help="replace the whole database with a backup, then migrate"))
    ops[-1].add_argument("path")
    ops[-1].add_argument("--yes", action="store_true", help="confirm: the current data are replaced")
    ops.append(sub.add_parser("export", help="every table as CSV with a data dictionary (fi/en), zipped"))
    ops[-1].add_argument("path")
    ops.append(sub.add_parser("check", help="health check: connects, schema at head, counts (exit 1 if not)"))
    ops[-1].add_argument("--json", action="store_true")
    for p in (add, rm, ls, role, pw, *ops):
        p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    return parser


def _operation(args: argparse.Namespace) -> int:
    """migrate, backup, restore, export, check."""
    from store.migrate import migrate
    from store.ops import OpsError, backup, check, export_zip, restore

    lang = args.lang
    engine = make_engine()
    try:
        if args.command == "check":  # never creates or changes anything
            health = check(engine)
            if args.json:
                print(json.dumps(health.as_dict(), ensure_ascii=False))
            else:
                print(f"ok={health.ok} schema={health.revision}/{health.head} data_version={health.data_version} "
                      f"{' '.join(f'{k}={v}' for k, v in health.counts.items())} {health.problem}".strip())  # fmt: skip
            return 0 if health.ok else 1
        if args.command == "migrate":
            before, after = migrate(engine)
            print(say("ops.migrated", lang, before=before or "-", after=after))
            return 0
        if args.command == "backup":
            init_db(engine)
            out = backup(engine, args.path)
            print(say("ops.backed-up", lang, path=out, size=max(1, out.stat().st_size // 1024)))
            return 0
        if args.command == "restore":
            if not args.yes:
                print(say("ops.confirm-restore", lang), file=sys.stderr)
                return 2
            before, after = restore(engine, args.path)
            print(say("ops.restored", lang, path=args.path, before=before or "-", after=after))
            return 0
        init_db(engine)
        counts = export_zip(engine, args.path)
        print(say("ops.exported", lang, path=args.path, tables=len(counts), rows=sum(counts.values())))
        return 0
    except OpsError as exc:
        print(say(exc.key, lang, **exc.params), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print(say("user.no-terminal", args.lang), file=sys.stderr)
        return None
    first = getpass.getpass(say("user.password-prompt", args.lang))
    if getpass.getpass(say("user.password-again", args.lang)) != first:
        print(say("user.password-mismatch", args.lang), file=sys.stderr)
        return None
    return first


def _counties_text(counties: tuple[str, ...]) -> str:
    return f": {', '.join(counties)}" if counties else ""


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_all()
    except SettingError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.command != "users":
        return _operation(args)
    engine = make_engine()
    init_db(engine)
    actor = f"{getpass.getuser()} (cli)"
    lang = args.lang
    counties = [c for c in getattr(args, "counties", "").split(",") if c.strip()]
    try:
        if args.action == "list":
            found = list_users(engine)
            if args.json:
                print(json.dumps([{"username": u.username, "role": u.role, "counties": list(u.counties),
                                   "email": u.email} for u in found], ensure_ascii=False))  # fmt: skip
            else:
                for u in found:
                    print(f"{u.username:<30} {u.role:<9} {','.join(u.counties):<12} {u.email or ''}")
            return 0
        if args.action == "remove":
            remove_user(engine, args.username, actor=actor)
            print(say("user.removed", lang, name=args.username.strip()))
            return 0
        if args.action == "set-role":
            user = set_role(engine, args.username, args.role, counties, actor=actor)
            print(
                say("user.role-set", lang, name=user.username, role=user.role, counties=_counties_text(user.counties))
            )
            return 0
        password = None
        if args.action == "set-password" or not args.no_password:
            password = _password(args)
            if password is None:
                return 2
        if args.action == "set-password":
            assert password is not None
            set_password(engine, args.username, password, actor=actor)
            print(say("user.password-set", lang, name=args.username.strip()))
            return 0
        user = add_user(engine, args.username, password, args.role, counties, args.email, actor=actor)
        print(say("user.added", lang, name=user.username, role=user.role, counties=_counties_text(user.counties)))
        return 0
    except UserError as exc:
        print(say(exc.key, lang, **exc.params), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
