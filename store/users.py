"""Accounts and roles: viewer, uploader (scoped to counties), admin.

Passwords are kept only as argon2id hashes (argon2-cffi). A login is refused without checking the
password once a user name has LAPE_LOGIN_MAX_FAILURES failed logins within LAPE_LOGIN_LOCK_MINUTES
(throttling, counted from the audit log, so it holds across app processes). Every change of an
account is written to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, func, insert, select, update

from store import audit
from store.schema import COUNTRY_CODE, ROLES, regions, users
from store.settings import get_int

_HASHER = PasswordHasher()  # argon2id with the library's current parameters
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,119}$")
MIN_PASSWORD = 10
# a hash checked when the user name does not exist, so a refusal takes as long either way
_DUMMY_HASH = _HASHER.hash("lape-seuranta: no such user")


class UserError(ValueError):
    """A refused account operation; `key` names the message, `params` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class User:
    username: str
    role: str
    counties: tuple[str, ...] = ()
    email: str | None = None

    @property
    def can_upload(self) -> bool:
        return self.role in ("uploader", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    reason: str  # ok | bad-credentials | throttled


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _check_name(username: str) -> str:
    name = username.strip()
    if not _NAME.match(name):
        raise UserError("user.bad-name", name=name[:40])
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError("user.short-password", n=MIN_PASSWORD)


def _check_role(engine: Engine, role: str, counties: list[str]) -> tuple[str, ...]:
    if role not in ROLES:
        raise UserError("user.bad-role", role=role[:20], roles=", ".join(ROLES))
    if role != "uploader":
        return ()
    if not counties:
        raise UserError("user.needs-counties")
    with engine.connect() as conn:
        known = set(conn.execute(select(regions.c.code).where(regions.c.level == "county")).scalars())
    codes = tuple(sorted({c.strip().zfill(2) for c in counties if c.strip()}))
    unknown = [c for c in codes if c not in known]
    if unknown or not codes:
        raise UserError("user.bad-county", codes=", ".join(unknown)[:60])
    return codes


def _row_user(row: object) -> User:
    counties = tuple(c for c in (row.counties or "").split(",") if c)  # type: ignore[attr-defined]
    return User(row.username, row.role, counties, row.email)  # type: ignore[attr-defined]


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username.strip())).first()
    return _row_user(row) if row is not None else None


def user_by_email(engine: Engine, email: str) -> User | None:
    """The account an OIDC identity (st.login) maps to, by e-mail address (case-insensitive)."""
    if not email.strip():
        return None
    with engine.connect() as conn:
        row = conn.execute(select(users).where(func.lower(users.c.email) == email.strip().lower())).first()
    return _row_user(row) if row is not None else None


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        return [_row_user(r) for r in conn.execute(select(users).order_by(users.c.username))]


def add_user(
    engine: Engine,
    username: str,
    password: str | None,
    role: str,
    counties: list[str] | None = None,
    email: str | None = None,
    actor: str = "cli",
) -> User:
    """A new account. A password is needed unless the account signs in through OIDC (an e-mail)."""
    name = _check_name(username)
    if password is None and not email:
        raise UserError("user.needs-password")
    if password is not None:
        _check_password(password)
    codes = _check_role(engine, role, counties or [])
    with engine.begin() as conn:
        if conn.execute(select(users.c.username).where(users.c.username == name)).first() is not None:
            raise UserError("user.exists", name=name)
        conn.execute(
            insert(users).values(
                username=name,
                password_hash=hash_password(password) if password is not None else None,
                role=role,
                counties=",".join(codes),
                email=(email or None) and email.strip()[:255],
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        audit.record(conn, actor, "user-add", name, role=role, counties=list(codes))
    return User(name, role, codes, email)


def remove_user(engine: Engine, username: str, actor: str = "cli") -> None:
    with engine.begin() as conn:
        done = conn.execute(delete(users).where(users.c.username == username.strip()))
        if not done.rowcount:
            raise UserError("user.not-found", name=username.strip()[:40])
        audit.record(conn, actor, "user-remove", username.strip())


def set_role(engine: Engine, username: str, role: str, counties: list[str] | None = None, actor: str = "cli") -> User:
    codes = _check_role(engine, role, counties or [])
    with engine.begin() as conn:
        done = conn.execute(
            update(users).where(users.c.username == username.strip()).values(role=role, counties=",".join(codes))
        )
        if not done.rowcount:
            raise UserError("user.not-found", name=username.strip()[:40])
        audit.record(conn, actor, "user-set-role", username.strip(), role=role, counties=list(codes))
    user = get_user(engine, username)
    assert user is not None
    return user


def set_password(engine: Engine, username: str, password: str, actor: str = "cli") -> None:
    _check_password(password)
    with engine.begin() as conn:
        done = conn.execute(
            update(users).where(users.c.username == username.strip()).values(password_hash=hash_password(password))
        )
        if not done.rowcount:
            raise UserError("user.not-found", name=username.strip()[:40])
        audit.record(conn, actor, "user-set-password", username.strip())


def authenticate(engine: Engine, username: str, password: str) -> LoginResult:
    """Check a user name and password; every try goes to the audit log (never the password)."""
    name = username.strip()[:120]
    # failures within the lock window since the last successful login
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=get_int("LAPE_LOGIN_LOCK_MINUTES"))
    last_ok = audit.last_at(engine, name, "login")
    if last_ok is not None and last_ok > since:
        since = last_ok
    if audit.count_since(engine, name, "login-failed", since) >= get_int("LAPE_LOGIN_MAX_FAILURES"):
        audit.record_now(engine, name or "-", "login-throttled")
        return LoginResult(None, "throttled")
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
    stored = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
    try:
        ok = _HASHER.verify(stored, password) and row is not None and bool(row.password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None:
        audit.record_now(engine, name or "-", "login-failed")
        return LoginResult(None, "bad-credentials")
    if _HASHER.check_needs_rehash(row.password_hash):
        with engine.begin() as conn:
            conn.execute(update(users).where(users.c.username == name).values(password_hash=hash_password(password)))
    audit.record_now(engine, name, "login", via="password")
    return LoginResult(_row_user(row), "ok")


def scope_areas(engine: Engine, user: User) -> set[tuple[str, str]] | None:
    """The areas whose data the user may change: None for an admin (all); an uploader's counties,
    their municipalities and any region (maakunta) whose municipalities all lie in them; nothing for
    a viewer. The country is an admin's."""
    if user.is_admin:
        return None
    if user.role != "uploader":
        return set()
    counties = set(user.counties)
    with engine.connect() as conn:
        munis = conn.execute(
            select(regions.c.code, regions.c.county_code, regions.c.region_code).where(
                regions.c.level == "municipality", regions.c.valid_to.is_(None)
            )
        ).all()
    allowed = {("county", c) for c in counties}
    by_region: dict[str, set[bool]] = {}
    for code, county, region in munis:
        inside = county in counties
        if inside:
            allowed.add(("municipality", code))
        by_region.setdefault(region, set()).add(inside)
    allowed |= {("region", r) for r, inside in by_region.items() if inside == {True}}
    allowed.discard(("country", COUNTRY_CODE))
    return allowed
