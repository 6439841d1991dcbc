"""Who may do what: identities from the users table, checked on the server in every function that writes.

Pages hide what a role cannot use, but that is only convenience: each writing view calls `require`,
which refuses (and audits) whatever the role or the uploader's counties do not cover, however the
call was reached (a typed address, a stale session, a removed account).
"""

from __future__ import annotations

from dataclasses import dataclass

from store import audit
from store.users import User, authenticate, get_user, scope_areas, user_by_email
from views.context import Context

ACTIONS = {
    "upload": ("uploader", "admin"),  # upload, replace, roll back (within the areas of the account)
    "history": ("uploader", "admin"),
    "boundaries": ("admin",),
    "audit": ("admin",),
    "view": ("viewer", "uploader", "admin"),
}


class Forbidden(PermissionError):
    """The identity may not do this; `key` is the message to show."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Identity:
    username: str
    role: str
    counties: tuple[str, ...] = ()
    via: str = "password"  # password | oidc


def _identity(user: User, via: str) -> Identity:
    return Identity(user.username, user.role, user.counties, via)


def login(ctx: Context, username: str, password: str) -> tuple[Identity | None, str]:
    """(identity, message key): a signed-in identity, or None with the reason to show."""
    if not username.strip() or not password:
        return None, "auth.missing"
    result = authenticate(ctx.engine, username, password)
    if result.user is None:
        return None, "auth.throttled" if result.reason == "throttled" else "auth.failed"
    return _identity(result.user, "password"), "auth.welcome"


def oidc_login(ctx: Context, email: str | None) -> Identity | None:
    """The account a sign-in through the organisation (st.login) maps to, by e-mail; audited."""
    user = user_by_email(ctx.engine, email or "")
    if user is None:
        audit.record_now(ctx.engine, (email or "-")[:120], "login-failed", via="oidc")
        return None
    audit.record_now(ctx.engine, user.username, "login", via="oidc")
    return _identity(user, "oidc")


def refresh(ctx: Context, identity: Identity | None) -> Identity | None:
    """The identity as the users table says now (a removed account or a changed role takes effect on
    the next rerun of every open session)."""
    if identity is None:
        return None
    user = get_user(ctx.engine, identity.username)
    return _identity(user, identity.via) if user is not None else None


def logout(ctx: Context, identity: Identity | None, expired: bool = False) -> None:
    if identity is not None:
        audit.record_now(ctx.engine, identity.username, "session-expired" if expired else "logout")


def session_expired(last_seen: float, now: float, minutes: int) -> bool:
    return now - last_seen > minutes * 60


def may(identity: Identity | None, action: str) -> bool:
    return identity is not None and identity.role in ACTIONS[action]


def require(ctx: Context, identity: Identity | None, action: str) -> Identity:
    """The identity, re-read from the users table, if it may do `action`; else Forbidden (audited)."""
    current = refresh(ctx, identity)
    if current is None:
        raise Forbidden("auth.login-needed")
    if not may(current, action):
        audit.record_now(ctx.engine, current.username, "refused", action)
        raise Forbidden("auth.forbidden", role=current.role)
    return current


def scope(ctx: Context, identity: Identity) -> set[tuple[str, str]] | None:
    """The (level, code) areas this identity (as `require` returned it, fresh) may change; None for all."""
    return scope_areas(ctx.engine, User(identity.username, identity.role, identity.counties))


def view_requires_login() -> bool:
    """LAPE_VIEW_REQUIRES_LOGIN: every page needs a login (else only what writes does)."""
    from store.settings import get_str

    return get_str("LAPE_VIEW_REQUIRES_LOGIN").strip() == "1"


def session_minutes() -> int:
    from store.settings import get_int

    return get_int("LAPE_SESSION_MINUTES")
