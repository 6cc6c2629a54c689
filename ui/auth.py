"""Who is signed in, and the sign-in widget of the sidebar.

Two modes, chosen by ``.streamlit/secrets.toml`` (never in the repository; see
``.streamlit/secrets.toml.example``):

- **OpenID Connect** when secrets hold an ``[auth]`` section: Streamlit's own ``st.login()`` /
  ``st.logout()`` / ``st.user``. The role comes from ``[roles] editors = ["a@bma.go.th"]``
  (listed → editor, anyone else signed in → viewer).
- **Local accounts** otherwise: ``[accounts.<username>]`` with ``password_hash`` (made by
  ``python -m ui.auth hash``) and ``role = "editor" | "viewer"``.

Viewing stays open unless ``settings.require_login`` (or ``require_login = true`` in secrets)
says otherwise; importing always needs an editor.

Example::

    user = current_user()
    if is_editor(user):
        ...
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as _secrets
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from kpi_model import config
from kpi_model.errors import ConfigError
from kpi_model.i18n import t
from ui.ratelimit import Limiter, minutes

__all__ = [
    "ROLES",
    "User",
    "check_secrets",
    "current_user",
    "hash_password",
    "is_editor",
    "login_required",
    "oidc_configured",
    "sign_in_prompt",
    "sign_in_widget",
    "verify_password",
    "visitor_address",
]

ROLES = ("viewer", "editor")
_SCHEME = "pbkdf2_sha256"
_SESSION_KEY = "auth_user"  # the signed-in local account; never a widget key, so no browser can set it
_MAX_ITERATIONS = 5_000_000
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = "pbkdf2_sha256$600000$00$00"


@dataclass(frozen=True)
class User:
    """A signed-in person: ``name`` (the account or e-mail, written to the import log) and
    ``role`` (``viewer`` or ``editor``)."""

    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


# ---- passwords ------------------------------------------------------------------------------
def hash_password(password: str, iterations: int = 600_000) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` for ``password`` (a fresh 16-byte
    salt each call; the password itself is never in the result).

    >>> verify_password("s3cret", hash_password("s3cret", iterations=1_000))
    True
    """
    salt = _secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded`` (constant-time compare); False for a malformed
    hash, never an exception."""
    try:
        scheme, iterations_text, salt_hex, hash_hex = str(encoded).split("$")
        iterations = int(iterations_text)
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except (ValueError, TypeError):
        return False
    if scheme != _SCHEME or not 1 <= iterations <= _MAX_ITERATIONS or not expected:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


# ---- configuration (secrets) ----------------------------------------------------------------
_SECRETS_FILE = ".streamlit/secrets.toml"


def _secret(name: str) -> Any:
    """A top-level secrets entry, or None (also when there is no secrets file at all).

    A secrets file that exists but cannot be read (bad TOML, a bad secrets path) is a
    :class:`ConfigError`, never "nothing configured": a broken file that says
    ``require_login = true`` must not open viewing."""
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


def check_secrets() -> None:
    """Read the secrets now (at start-up): :class:`ConfigError` when the file cannot be read
    or ``require_login`` is not true or false."""
    _secret("auth")
    login_required()


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
    return User(name, "editor" if email and email.lower() in _editors() else "viewer")


def _local_user() -> User | None:
    name = st.session_state.get(_SESSION_KEY)
    if not isinstance(name, str):
        return None
    account = _accounts().get(name)
    if account is None:  # the account was removed from secrets: the session ends with it
        st.session_state.pop(_SESSION_KEY, None)
        return None
    role = str(account.get("role", "viewer"))
    return User(name, role if role in ROLES else "viewer")


def current_user() -> User | None:
    """The signed-in user, or None. The role is read from secrets on every run, so a role
    taken away takes effect at the next click."""
    return _oidc_user() if oidc_configured() else _local_user()


def is_editor(user: User | None) -> bool:
    return user is not None and user.is_editor


def _check_local(username: str, password: str) -> bool:
    account = _accounts().get(username.strip())
    encoded = str(account.get("password_hash", "")) if account else _DUMMY_HASH
    ok = verify_password(password, encoded)
    return ok and account is not None


# ---- sign-in rate limits --------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _sign_in_limits() -> tuple[Limiter, Limiter]:
    """Failed sign-ins per account and per address, within the window (one pair per process)."""
    cfg = config.settings
    window = cfg.sign_in_window_minutes * 60
    return Limiter(cfg.sign_in_attempts, window), Limiter(cfg.sign_in_attempts_per_address, window)


def visitor_address() -> str | None:
    """The visitor's address as Streamlit sees it (None when it does not know it)."""
    try:
        ip = st.context.ip_address
    except Exception:
        return None
    return str(ip) if ip else None


def _sign_in_keys(username: str) -> list[tuple[Limiter, tuple[str, str]]]:
    per_account, per_address = _sign_in_limits()
    keys = [(per_account, ("account", username[:256]))]
    address = visitor_address()
    if address:
        keys.append((per_address, ("address", address)))
    return keys


def _sign_in_wait(username: str) -> float:
    """Seconds before ``username`` may try again from this address (0: now). While it is
    positive no password is even checked, so guessing (and hashing) stops."""
    return max(limiter.wait(key) for limiter, key in _sign_in_keys(username))


def _sign_in_failed(username: str) -> None:
    for limiter, key in _sign_in_keys(username):
        limiter.add(key)


def _sign_in_succeeded(username: str) -> None:
    """The account's failures are forgotten; the address's stay (an attacker signing in to an
    account of their own must not reset the count of guesses at others)."""
    per_account, _ = _sign_in_limits()
    per_account.clear(("account", username[:256]))


# ---- widgets --------------------------------------------------------------------------------
def sign_in_widget(lang: str) -> None:
    """The sidebar block: who is signed in and a sign-out button, or the sign-in form."""
    box = st.sidebar.container(border=True)
    user = current_user()
    if user is not None:
        box.caption(t("signed_in_as", lang, role=t(f"role_{user.role}", lang)))
        box.text(user.name)
        if box.button(t("sign_out", lang), key="auth_sign_out", icon=":material/logout:"):
            if oidc_configured():
                st.logout()
            else:
                st.session_state.pop(_SESSION_KEY, None)
                st.rerun()
        return
    if oidc_configured():
        if box.button(t("sign_in", lang), key="auth_sign_in", icon=":material/login:"):
            st.login(_oidc_provider())
        return
    if not _accounts():
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
        wait = _sign_in_wait(name)
        if wait > 0:
            box.error(t("sign_in_throttled", lang, minutes=minutes(wait)), icon=":material/timer:")
            return
        if username and password and _check_local(username, password):
            _sign_in_succeeded(name)
            st.session_state[_SESSION_KEY] = name
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
