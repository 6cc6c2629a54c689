"""One-click unsubscribe: a subscription's id signed with HMAC-SHA256 (``KPI_NOTIFY_SECRET``),
so a link works without signing in and cannot be forged for someone else's subscription."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

__all__ = ["UNSUBSCRIBE_PARAM", "unsubscribe_token", "unsubscribe_url", "verify_token"]

UNSUBSCRIBE_PARAM = "unsubscribe"


def _mac(secret: bytes, subscription_id: int) -> str:
    return hmac.new(secret, f"unsubscribe:{subscription_id}".encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(secret: bytes, subscription_id: int) -> str:
    """``<id>.<mac>``: the token of an unsubscribe link."""
    return f"{subscription_id}.{_mac(secret, subscription_id)}"


def verify_token(secret: bytes, token: str) -> int | None:
    """The subscription id a token was signed for; None for anything else (compared in
    constant time)."""
    ident, _, mac = str(token).strip().partition(".")
    if not ident.isdigit() or len(ident) > 12 or not mac:
        return None
    return int(ident) if hmac.compare_digest(mac, _mac(secret, int(ident))) else None


def unsubscribe_url(base_url: str | None, secret: bytes, subscription_id: int) -> str | None:
    """The dashboard's address with ``?unsubscribe=<token>``; None without ``KPI_BASE_URL``."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/?{urlencode({UNSUBSCRIBE_PARAM: unsubscribe_token(secret, subscription_id)})}"
