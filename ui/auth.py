"""Who is signed in, and the sign-in widget of the sidebar.

Two modes, chosen by ``.streamlit/secrets.toml`` (never in the repository; see
``.streamlit/secrets.toml.example``):

- **OpenID Connect** when secrets hold an ``[auth]`` section: Streamlit's own ``st.login()`` /
  ``st.logout()`` / ``st.user``. A person is matched by e-mail to an account of the follow-up
  database (:mod:`kpi_model.followup`), whose role decides; without one, the role comes from
  ``[roles] editors = ["a@bma.go.th"]`` (listed → editor, anyone else signed in → viewer).
  ``[roles] admins = ["a@bma.go.th"]`` bootstraps the database's first admin.
- **Local accounts** otherwise: the follow-up database's accounts (managed on the admin page
  or with ``python -m kpi_model followup accounts``), then ``[accounts.<username>]`` in secrets
  with ``password_hash`` (made by ``python -m ui.auth hash``) and ``role = "editor" |
  "viewer" | "admin"``; the first ``admin`` there bootstraps the database's first admin.

Failed sign-ins are counted in the follow-up database, so the limits hold across replicas.

Viewing stays open unless ``settings.require_login`` (or ``require_login = true`` in secrets)
says otherwise; importing always needs an editor.

Example::

    user = current_user()
    if is_editor(user):
        ...
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import ipaddress
import json
import math
import sys
import threading
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from kpi_model import config
from kpi_model.errors import ConfigError
from kpi_model.followup import (
    Account,
    account_by_email,
    account_by_username,
    bootstrap_admin,
    list_accounts,
    password_hash_of,
    sign_in_limits,
    store_role,
)
from kpi_model.i18n import t
from kpi_model.passwords import DUMMY_HASH, hash_password, verify_password
from ui.followup_db import followup_db, followup_db_url
from ui.ratelimit import Backoff, Limiter, client_address, is_trusted, minutes

__all__ = [
    "ROLES",
    "User",
    "check_secrets",
    "current_user",
    "hash_password",
    "is_editor",
    "login_required",
    "oidc_configured",
    "read_session_token",
    "session_token",
    "sign_in_prompt",
    "sign_in_widget",
    "verify_password",
    "visitor_address",
]

ROLES = ("viewer", "editor")
_SECRETS_ROLES = {"viewer": "viewer", "editor": "editor", "admin": "editor"}  # secrets role → store role
_SESSION_KEY = "auth_user"  # the signed-in local account; never a widget key, so no browser can set it
_DUMMY_HASH = DUMMY_HASH


@dataclass(frozen=True)
class User:
    """A signed-in person: ``name`` (the account or e-mail, written to the import log),
    ``role`` for the KPI store's pages (``viewer`` or ``editor``) and ``account``, their
    account in the follow-up database as it is now (None: a secrets-only account, or an
    e-mail the database does not know), which :func:`kpi_model.followup.can` checks."""

    name: str
    role: str
    account: Account | None = None

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


# ---- configuration (secrets) ----------------------------------------------------------------
_SECRETS_FILE = ".streamlit/secrets.toml"


_this_run = threading.local()  # the secrets entries one script run has read (see once_per_run)


@contextlib.contextmanager
def once_per_run() -> Iterator[None]:
    """Within the block (one script run: :func:`ui.router.run`), each secrets entry is read
    once and kept for the rest of the run: a run asked ~17 times, and without a secrets file
    Streamlit searched for one on every ask (~60 file opens a run). The next run reads them
    again, so a role taken away still takes effect at the next click."""
    outer = getattr(_this_run, "read", None)
    _this_run.read = {}
    try:
        yield
    finally:
        _this_run.read = outer


def _secret(name: str) -> Any:
    """A top-level secrets entry, or None (also when there is no secrets file at all); once a
    run (:func:`once_per_run`).

    A secrets file that exists but cannot be read (bad TOML, a bad secrets path) is a
    :class:`ConfigError`, never "nothing configured": a broken file that says
    ``require_login = true`` must not open viewing (never kept: raised on every read)."""
    read = getattr(_this_run, "read", None)
    if read is None:
        return _read_secret(name)
    if name not in read:
        read[name] = _read_secret(name)
    return read[name]


def _read_secret(name: str) -> Any:
    try:
        return st.secrets.get(name, None)
    except StreamlitSecretNotFoundError as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return None
        raise _unreadable_secrets(exc) from exc
    except Exception as exc:
        raise _unreadable_secrets(exc) from exc


def _unreadable_secrets(exc: BaseException) -> ConfigError:
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    detail = f"{type(cause).__name__}: {cause}" if isinstance(cause, tomllib.TOMLDecodeError) else type(cause).__name__
    return ConfigError(
        _SECRETS_FILE,
        f"อ่านไฟล์ตั้งค่า {_SECRETS_FILE} ไม่ได้ ({detail})",
        f"the settings file {_SECRETS_FILE} cannot be read ({detail})",
    )


# What secrets.toml may hold; anything else is a typo that would otherwise do nothing quietly
# (``Require_Login = true`` leaving viewing open, ``passwd_hash`` an account that never signs in).
_TOP_KEYS = frozenset({"auth", "accounts", "roles", "require_login"})
_ACCOUNT_KEYS = frozenset({"password_hash", "role"})
_ROLES_KEYS = frozenset({"editors", "admins"})


def check_secrets() -> None:
    """Read the secrets now (at start-up): :class:`ConfigError` when the file cannot be read,
    holds a key this app does not know (named), ``require_login`` is not true or false, or
    ``KPI_FOLLOWUP_URL`` names no database this app can use.
    ``[auth]`` is Streamlit's own section and is left to it."""
    _secret("auth")
    try:
        top = {str(k): v for k, v in st.secrets.items()}
    except Exception:
        top = {}  # no secrets file at all (an unreadable one raised in _secret above)
    unknown = [k for k in top if k not in _TOP_KEYS]
    for name, account in _as_dict(top.get("accounts")).items():
        if not isinstance(account, dict):
            unknown.append(f"accounts.{name}")
        else:
            unknown += [f"accounts.{name}.{k}" for k in account if k not in _ACCOUNT_KEYS]
    unknown += [f"roles.{k}" for k in _as_dict(top.get("roles")) if k not in _ROLES_KEYS]
    if unknown:
        key = unknown[0]
        raise ConfigError(
            f"{key} ({_SECRETS_FILE})",
            f"{_SECRETS_FILE} มีค่าที่ระบบไม่รู้จัก: {key} (ตัวสะกดและตัวพิมพ์ต้องตรงกับ {_SECRETS_FILE}.example)",
            f"{_SECRETS_FILE} holds a key this dashboard does not know: {key} "
            f"(spelling and case must match {_SECRETS_FILE}.example)",
        )
    login_required()
    followup_db_url()  # an unusable KPI_FOLLOWUP_URL stops the app naming it, before anyone signs in


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {str(k): (_as_dict(v) if isinstance(v, Mapping) else v) for k, v in value.items()}
    return {}


def oidc_configured() -> bool:
    """True when secrets hold an ``[auth]`` section: Streamlit's OpenID Connect sign-in."""
    return bool(_as_dict(_secret("auth")))


def login_required() -> bool:
    """Whether a visitor must sign in before seeing any data (settings, or ``require_login``
    in secrets)."""
    override = _secret("require_login")
    if override is None:
        return config.settings.require_login
    if not isinstance(override, bool):  # "false" or 0 would read as true or false by accident
        raise ConfigError(
            f"require_login ({_SECRETS_FILE})",
            f"require_login = {override!r} ใน {_SECRETS_FILE} ใช้ไม่ได้: ต้องเป็น true หรือ false",
            f"require_login = {override!r} in {_SECRETS_FILE} cannot be used: it must be true or false",
        )
    return override


def _accounts() -> dict[str, dict[str, Any]]:
    return {name: acc for name, acc in _as_dict(_secret("accounts")).items() if isinstance(acc, dict)}


def _editors() -> set[str]:
    roles = _as_dict(_secret("roles"))
    listed = roles.get("editors") or []
    if isinstance(listed, str):
        listed = [listed]
    return {str(e).strip().lower() for e in listed}


def _listed(key: str) -> list[str]:
    listed = _as_dict(_secret("roles")).get(key) or []
    return [listed] if isinstance(listed, str) else [str(x) for x in listed]


@st.cache_resource(show_spinner=False)
def _bootstrapped(url: str, local_admin: tuple[str, str] | None, oidc_admins: tuple[str, ...]) -> str | None:
    """Once per process and database: the first admin from secrets, if the database has none."""
    local = {local_admin[0]: {"role": "admin", "password_hash": local_admin[1]}} if local_admin else {}
    made = bootstrap_admin(followup_db(), local, oidc_admins)
    return None if made is None else made.username


def _bootstrap() -> None:
    """Make the database's first admin from secrets (see :func:`bootstrap_admin`)."""
    admins = sorted(n for n, a in _accounts().items() if str(a.get("role", "")) == "admin")
    local = (admins[0], str(_accounts()[admins[0]].get("password_hash", ""))) if admins else None
    oidc = tuple(sorted(_listed("admins"))) if oidc_configured() else ()
    if local is not None or oidc:
        _bootstrapped(followup_db_url(), local, oidc)


def _oidc_provider() -> str | None:
    """``None`` for a single provider written straight into ``[auth]``; the name of the one
    ``[auth.<name>]`` block otherwise (the first, if there are several)."""
    section = _as_dict(_secret("auth"))
    if "client_id" in section:
        return None
    named = [k for k, v in section.items() if isinstance(v, dict)]
    return named[0] if named else None


# ---- who is signed in -----------------------------------------------------------------------
def _oidc_user() -> User | None:
    info = st.user.to_dict()
    if info.get("is_logged_in") is not True:
        return None
    email = str(info.get("email") or "").strip()
    name = email or str(info.get("name") or info.get("sub") or "").strip()
    if not name:
        return None
    account = account_by_email(followup_db(), email) if email else None
    if account is not None:  # the database decides (a deactivated account reads only)
        return User(name, store_role(account), account)
    return User(name, "editor" if email and email.lower() in _editors() else "viewer")


class _SignInRecords(Mapping[str, Mapping[str, Any]]):
    """What a session cookie is checked against, by name: the database's account (its
    password hash) first, then the secrets' account. Looked up one name at a time."""

    def __getitem__(self, name: str) -> Mapping[str, Any]:
        record = _sign_in_record(name)
        if record is None:
            raise KeyError(name)
        return record[0]

    def __iter__(self):  # only looked up by name, never listed
        return iter(())

    def __len__(self) -> int:
        return 0


def _sign_in_record(name: str) -> tuple[Mapping[str, Any], Account | None] | None:
    """(what the cookie is signed against, the database account or None) for ``name``.
    An account of that name in the database decides (None when it is deactivated or has no
    password, even if secrets hold the name: deactivating in the database ends it); else a
    secrets account; else None."""
    db = followup_db()
    found = account_by_username(db, name)
    if found is not None:
        db_hash = password_hash_of(db, name)
        return None if db_hash is None else ({"password_hash": db_hash}, found)
    account = _accounts().get(name)
    return None if account is None else (account, None)


def _local_user() -> User | None:
    name = st.session_state.get(_SESSION_KEY)
    if not isinstance(name, str) and not st.session_state.get(_SIGNED_OUT):
        name = read_session_token(_cookie(), _SignInRecords(), time.time(), _cookie_key())
        if name is not None:  # a reload (or another replica): the signed cookie names the account
            st.session_state[_SESSION_KEY] = name
    if not isinstance(name, str):
        return None
    found = _sign_in_record(name)
    if found is None:  # the account was removed or deactivated: the session ends with it
        st.session_state.pop(_SESSION_KEY, None)
        return None
    record, account = found
    if account is not None:
        return User(name, store_role(account), account)
    return User(name, _SECRETS_ROLES.get(str(record.get("role", "viewer")), "viewer"))


def current_user() -> User | None:
    """The signed-in user, or None. The role is read (from the database, or secrets) on
    every run, so a role taken away takes effect at the next click."""
    _bootstrap()
    return _oidc_user() if oidc_configured() else _local_user()


def is_editor(user: User | None) -> bool:
    return user is not None and user.is_editor


def _check_local(username: str, password: str) -> str | None:
    """The account's name when ``password`` is its password (a database account, by its
    lower-case username, before a secrets account), else None."""
    name = username.strip()
    if account_by_username(followup_db(), name) is not None:  # the database decides (see _sign_in_record)
        db_hash = password_hash_of(followup_db(), name)
        ok = verify_password(password, db_hash or _DUMMY_HASH)
        return name.lower() if ok and db_hash is not None else None
    account = _accounts().get(name)
    encoded = str(account.get("password_hash", "")) if account else _DUMMY_HASH
    ok = verify_password(password, encoded)
    return name if ok and account is not None else None


# ---- a sign-in that survives a reload: a signed cookie -----------------------------------------
_COOKIE = "kpi_session"
_SIGNED_OUT = "auth_signed_out"  # this session signed out: the cookie it opened with no longer counts
_COOKIE_TODO = "auth_cookie_todo"  # the cookie to write (or clear) on the next run


def cookie_key(secret: str) -> bytes:
    """The key that signs session cookies for the ``server.cookieSecret`` ``secret``."""
    return hashlib.sha256(b"kpi-session\0" + secret.encode("utf-8")).digest()


def _cookie_key() -> bytes:
    """The key that signs session cookies, derived from ``server.cookieSecret``: the same on
    every replica (``make cluster`` gives them one), so a reload sent to another replica keeps
    the sign-in; a process without a configured secret has a random one (a restart signs out)."""
    return cookie_key(str(st.get_option("server.cookieSecret")))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _account_mac(key: bytes, payload: str, account: Mapping[str, Any]) -> str:
    """The signature of ``payload``, bound to the account's password hash: a new password
    (or a removed account) ends every session signed before it."""
    bound = f"{payload}.{account.get('password_hash', '')}".encode()
    return _b64(hmac.new(key, bound, hashlib.sha256).digest())


def session_token(name: str, account: Mapping[str, Any], expires: float, key: bytes) -> str:
    """``<payload>.<signature>`` naming ``name`` until ``expires`` (seconds since the epoch)."""
    payload = _b64(json.dumps([name, int(expires)], ensure_ascii=False).encode("utf-8"))
    return f"{payload}.{_account_mac(key, payload, account)}"


def read_session_token(
    token: str | None, accounts: Mapping[str, Mapping[str, Any]], now: float, key: bytes
) -> str | None:
    """The account a cookie names, or None: unsigned, forged, expired, malformed, or for an
    account no longer in secrets (or whose password changed) is None, never an error.

    >>> acc = {"somchai": {"password_hash": "h"}}
    >>> read_session_token(session_token("somchai", acc["somchai"], 100, b"k"), acc, 99, b"k")
    'somchai'
    >>> read_session_token(session_token("somchai", acc["somchai"], 100, b"k"), acc, 101, b"k") is None
    True
    """
    if not token or len(token) > 4096 or token.count(".") != 1:
        return None
    payload, mac = token.split(".")
    try:
        name, expires = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(name, str) or not isinstance(expires, int) or expires <= now:
        return None
    account = accounts.get(name)
    if account is None or not hmac.compare_digest(mac, _account_mac(key, payload, account)):
        return None
    return name


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(_COOKIE)
    except Exception:
        return None
    return str(value) if value else None


def _write_cookie() -> None:
    """Write (or clear) the session cookie asked for by the last run: a script in the page,
    since Streamlit has no response to set a header on. ``SameSite=Strict``, ``Secure`` over
    https; it is readable by the page's scripts, which run only our own code (issue 23)."""
    todo = st.session_state.pop(_COOKIE_TODO, None)
    if todo is None:
        return
    token, max_age = todo
    cookie = f"{_COOKIE}={token}; Path=/; Max-Age={int(max_age)}; SameSite=Strict"
    st.sidebar.html(
        f"<script>document.cookie = {json.dumps(cookie)} + "
        f"(location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


# ---- sign-in rate limits --------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _shared_limits(url: str, attempts: int, per_address: int, window_minutes: int) -> tuple[Backoff, Limiter]:
    return cast(tuple[Backoff, Limiter], sign_in_limits(followup_db(), config.settings))


def _sign_in_limits() -> tuple[Backoff, Limiter]:
    """Failed sign-ins per account *and* address (growing delays after the allowed number, so
    a guesser crawls while the owner at another address is not locked out), and per address
    across every account (a hard stop for the window), counted in the follow-up database so
    every replica meets the same count (:func:`kpi_model.followup.sign_in_limits`)."""
    cfg = config.settings
    return _shared_limits(
        followup_db_url(), cfg.sign_in_attempts, cfg.sign_in_attempts_per_address, cfg.sign_in_window_minutes
    )


def _peer_and_forwarded() -> tuple[str | None, str | None]:
    """The connection's own peer address (loopback included: ``st.context.ip_address`` says
    None for it, which once turned the per-address limit off behind HAProxy) and the
    ``X-Forwarded-For`` header it sent."""
    peer = None
    try:
        from streamlit.runtime.context import _get_client_context

        client = _get_client_context()
        peer = client.remote_ip if client is not None else None
    except Exception:
        peer = None
    if peer is None:
        try:
            peer = st.context.ip_address
        except Exception:
            peer = None
    try:  # every line of the header, in order: HAProxy adds its own line after the client's
        forwarded = ", ".join(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:
        forwarded = ""
    return (str(peer) if peer else None), (forwarded or None)


UNVERIFIED = "forwarded-unverified"  # one budget for every request whose forwarded address nobody vouches for


def visitor_address() -> str | None:
    """The visitor's address: the connection's peer, or, when that peer is a trusted proxy
    (``KPI_TRUSTED_PROXIES``), the address it forwarded (:func:`ui.ratelimit.client_address`).
    None only outside a served session.

    Streamlit's server (uvicorn) already replaces the peer of a connection from a host in
    ``FORWARDED_ALLOW_IPS`` (loopback by default) with the ``X-Forwarded-For`` address, so a
    peer that is one of the header's addresses came through such a host: taken as the visitor
    only when a proxy is configured here; otherwise every such request shares the one budget
    :data:`UNVERIFIED`, so changing the header from loopback changes nothing."""
    peer, forwarded = _peer_and_forwarded()
    cfg = config.settings
    trusted = cfg.trusted_proxies
    hops = [h.strip() for h in (forwarded or "").split(",") if h.strip()]
    if peer is not None and peer in hops and not is_trusted(peer, trusted):
        vouched = bool(trusted) and all(_inside(net, trusted) for net in cfg.server_forwarded_allow)
        return peer if vouched else UNVERIFIED
    return client_address(peer, forwarded, trusted)


def _inside(network: str, trusted: tuple[str, ...]) -> bool:
    """``network`` (one of uvicorn's trusted hosts) lies within one of ``trusted``."""
    net = ipaddress.ip_network(network, strict=False)
    return any(
        net.version == t.version and net.subnet_of(t)  # type: ignore[arg-type]
        for t in (ipaddress.ip_network(x, strict=False) for x in trusted)
    )


def _keys(username: str) -> tuple[tuple[str, str, str], tuple[str, str]]:
    address = visitor_address() or "unknown"
    return ("account", username[:256], address), ("address", address)


def _sign_in_wait(username: str) -> tuple[float, bool]:
    """Seconds before ``username`` may try again from this address (0: now), and whether it is
    the address that is stopped (True) rather than this account from it slowed. While it is
    positive no password is even checked, so guessing (and hashing) stops."""
    pair, per_address = _sign_in_limits()
    account_key, address_key = _keys(username)
    blocked = per_address.wait(address_key)
    return (blocked, True) if blocked > 0 else (pair.wait(account_key), False)


def _sign_in_failed(username: str) -> None:
    pair, per_address = _sign_in_limits()
    account_key, address_key = _keys(username)
    pair.fail(account_key)
    per_address.add(address_key)


def _sign_in_succeeded(username: str) -> None:
    """This account's failures from this address are forgotten; the address's stay (an
    attacker signing in to an account of their own must not reset the count of guesses at
    others)."""
    pair, _ = _sign_in_limits()
    pair.clear(_keys(username)[0])


# ---- widgets --------------------------------------------------------------------------------
def sign_in_widget(lang: str) -> None:
    """The sidebar block: who is signed in and a sign-out button, or the sign-in form."""
    box = st.sidebar.container(border=True)
    _write_cookie()
    user = current_user()
    if user is not None:
        role = user.account.role if user.account is not None and user.account.active else user.role
        box.caption(t("signed_in_as", lang, role=t(f"role_{role}", lang)))
        box.text(user.name)
        if box.button(t("sign_out", lang), key="auth_sign_out", icon=":material/logout:"):
            if oidc_configured():
                st.logout()
            else:
                st.session_state.pop(_SESSION_KEY, None)
                st.session_state[_SIGNED_OUT] = True
                st.session_state[_COOKIE_TODO] = ("", 0)
                st.rerun()
        return
    if oidc_configured():
        if box.button(t("sign_in", lang), key="auth_sign_in", icon=":material/login:"):
            st.login(_oidc_provider())
        return
    if not _accounts() and not any(a.active for a in list_accounts(followup_db())):
        box.caption(t("sign_in_not_configured", lang))
        return
    with box.form("signin", clear_on_submit=True, border=False):
        username = st.text_input(t("username", lang), key="signin_user", autocomplete="username")
        password = st.text_input(
            t("password", lang), key="signin_password", type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("sign_in", lang), icon=":material/login:")
    if submitted:
        name = username.strip()
        wait, address_stopped = _sign_in_wait(name)
        if wait > 0:
            message = (
                t("sign_in_throttled", lang, minutes=minutes(wait))
                if address_stopped
                else t("sign_in_slowed", lang, seconds=math.ceil(wait))
            )
            box.error(message, icon=":material/timer:")
            return
        signed = _check_local(username, password) if username and password else None
        record = _sign_in_record(signed) if signed else None
        if signed and record is not None:
            _sign_in_succeeded(name)
            hours = config.settings.session_hours
            token = session_token(signed, record[0], time.time() + hours * 3600, _cookie_key())
            st.session_state[_SESSION_KEY] = signed
            st.session_state.pop(_SIGNED_OUT, None)
            st.session_state[_COOKIE_TODO] = (token, hours * 3600)
            st.rerun()
        if username and password:
            _sign_in_failed(name)
        box.error(t("sign_in_failed", lang), icon=":material/error:")


def sign_in_prompt(lang: str) -> None:
    """The only page a visitor sees when the settings require signing in."""
    st.title(t("app_title", lang))
    st.info(t("sign_in_required", lang), icon=":material/lock:")


# ---- command line ---------------------------------------------------------------------------
def _main(argv: list[str]) -> int:
    """``python -m ui.auth hash``: ask for a password twice, print its hash for secrets.toml."""
    import getpass

    if argv[:1] != ["hash"]:
        print("usage: python -m ui.auth hash", file=sys.stderr)
        return 2
    password = getpass.getpass("Password: ")
    if not password or password != getpass.getpass("Again: "):
        print("the two passwords differ (or are empty); nothing printed", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
