"""Password hashes: PBKDF2-SHA256 with a fresh salt, in one text field.

Used by the local accounts of ``secrets.toml`` (:mod:`ui.auth`) and by the accounts of the
follow-up database (:mod:`kpi_model.followup.accounts`): one formula for both.

    >>> verify_password("s3cret", hash_password("s3cret", iterations=1_000))
    True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["DUMMY_HASH", "hash_password", "verify_password"]

_SCHEME = "pbkdf2_sha256"
_MAX_ITERATIONS = 5_000_000
#: Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
DUMMY_HASH = "pbkdf2_sha256$600000$00$00"


def hash_password(password: str, iterations: int = 600_000) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` for ``password`` (a fresh 16-byte
    salt each call; the password itself is never in the result)."""
    salt = secrets.token_bytes(16)
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
