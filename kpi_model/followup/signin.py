"""Sign-in against the follow-up database's accounts, for :mod:`ui.auth`: bootstrapping the
first admin from ``secrets.toml``, the limits every replica shares, and the role the rest of
the dashboard sees.

``secrets.toml`` only starts things: a local account there with ``role = "admin"`` (or, with
OpenID Connect, an e-mail in ``[roles] admins``) becomes the database's first admin when it
has none; after that accounts and roles are managed in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kpi_model.config import Settings
from kpi_model.followup.accounts import ensure_admin
from kpi_model.followup.db import FollowupDB
from kpi_model.followup.limits import SharedBackoff, SharedLimiter
from kpi_model.followup.model import Account

__all__ = ["STORE_ROLE", "bootstrap_admin", "sign_in_limits", "store_role"]

#: The KPI-store role (``ui.auth.User.role``) of each follow-up role: analysts and admins
#: import, review and set settings ("editor"); agency editors write follow-up only.
STORE_ROLE = {"admin": "editor", "analyst": "editor", "agency_editor": "viewer", "viewer": "viewer"}


def store_role(account: Account) -> str:
    """``editor`` or ``viewer`` for the KPI store's pages; ``viewer`` for anything unknown
    or a deactivated account (fail closed)."""
    return STORE_ROLE.get(account.role, "viewer") if account.active else "viewer"


def bootstrap_admin(
    db: FollowupDB, local_accounts: Mapping[str, Mapping[str, Any]], oidc_admins: Iterable[str] = ()
) -> Account | None:
    """Make the first admin from secrets when the database has no active admin: the first
    (by name) local account whose ``role`` is ``admin``, with its password hash, else the
    first e-mail of ``oidc_admins`` (its username is the e-mail). None when an admin exists
    or secrets name none."""
    local = sorted(name for name, acc in local_accounts.items() if str(acc.get("role", "")) == "admin")
    if local:
        name = local[0]
        return ensure_admin(db, name, password_hash=str(local_accounts[name].get("password_hash") or "") or None)
    emails = sorted(str(e).strip().lower() for e in oidc_admins if str(e).strip())
    if emails:
        return ensure_admin(db, emails[0], email=emails[0])
    return None


def sign_in_limits(db: FollowupDB, cfg: Settings) -> tuple[SharedBackoff, SharedLimiter]:
    """Failed sign-ins per account and address (growing delays) and per address (a hard stop
    for the window), counted in the database so every replica sees every failure: the pair
    :mod:`ui.auth` asks before checking a password."""
    window = cfg.sign_in_window_minutes * 60
    return (
        SharedBackoff(db, "sign_in_account", cfg.sign_in_attempts, window),
        SharedLimiter(db, "sign_in_address", cfg.sign_in_attempts_per_address, window),
    )
