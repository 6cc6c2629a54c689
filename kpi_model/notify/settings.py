"""The e-mail settings, read from the environment and checked together (fail closed).

``KPI_SMTP_HOST`` (none: nothing can be sent, the command stops naming it), ``KPI_SMTP_PORT``
(default 587), ``KPI_SMTP_FROM`` (needed with a host), ``KPI_SMTP_USER`` and
``KPI_SMTP_PASSWORD`` (a user needs a password; no user: no login), ``KPI_SMTP_STARTTLS``
(1/0, default 1), ``KPI_SMTP_TIMEOUT`` (seconds one SMTP step may take, default 30),
``KPI_NOTIFY_SECRET`` (signs unsubscribe links; at least 16 characters) and
``KPI_REPORTING_DAYS`` (days after a quarter ends that its results are due, default 30).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kpi_model.config import _env_bool, _env_int, _env_url
from kpi_model.errors import ConfigError

__all__ = ["SECRET_VARIABLE", "NotifySettings", "SmtpSettings", "notify_settings", "smtp_settings"]

SECRET_VARIABLE = "KPI_NOTIFY_SECRET"
_ADDRESS = re.compile(r"^[^@\s<>\"',;]{1,200}@[^@\s<>\"',;]{1,118}\.[^@\s<>\"',;]+$")


def valid_address(address: str) -> bool:
    """Whether ``address`` is one plain e-mail address (no display name, no list, no spaces)."""
    return bool(_ADDRESS.match(address))


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how mail is sent; the password is never shown in a repr."""

    host: str
    port: int
    sender: str
    user: str | None
    password: str | None = field(repr=False)
    starttls: bool
    timeout_seconds: int


@dataclass(frozen=True)
class NotifySettings:
    """What a run needs besides SMTP: the dashboard's address for links (None: the mail says
    there is no link), the signing secret and the reporting deadline in days."""

    base_url: str | None
    secret: bytes = field(repr=False)
    reporting_days: int


def _missing(name: str, th: str, en: str) -> ConfigError:
    return ConfigError(name, f"ต้องตั้ง {name}: {th}", f"{name} must be set: {en}")


def smtp_settings(environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """The ``KPI_SMTP_*`` variables; :class:`ConfigError` naming the variable that is missing
    or unusable."""
    env = os.environ if environ is None else environ
    host = env.get("KPI_SMTP_HOST", "").strip()
    if not host:
        raise _missing("KPI_SMTP_HOST", "ไม่มีเครื่องส่งอีเมลจึงส่งไม่ได้", "without a mail server nothing can be sent")
    sender = env.get("KPI_SMTP_FROM", "").strip()
    if not sender:
        raise _missing("KPI_SMTP_FROM", "ต้องมีที่อยู่ผู้ส่งเมื่อมี KPI_SMTP_HOST", "a sender is needed with KPI_SMTP_HOST")
    if not valid_address(sender):
        raise ConfigError(
            "KPI_SMTP_FROM", f"KPI_SMTP_FROM={sender!r} ไม่ใช่อีเมล", f"KPI_SMTP_FROM={sender!r} is not an e-mail address"
        )
    user = env.get("KPI_SMTP_USER", "").strip() or None
    password = env.get("KPI_SMTP_PASSWORD", "") or None
    if user and not password:
        raise _missing("KPI_SMTP_PASSWORD", "มี KPI_SMTP_USER แต่ไม่มีรหัสผ่าน", "KPI_SMTP_USER is set without a password")
    if password and not user:
        raise _missing("KPI_SMTP_USER", "มีรหัสผ่านแต่ไม่มีชื่อผู้ใช้", "KPI_SMTP_PASSWORD is set without a user")
    return SmtpSettings(
        host=host,
        port=_env_int(env, "KPI_SMTP_PORT", 587, 1, 65535),
        sender=sender,
        user=user,
        password=password,
        starttls=_env_bool(env, "KPI_SMTP_STARTTLS", True),
        timeout_seconds=_env_int(env, "KPI_SMTP_TIMEOUT", 30, 1, 600),
    )


def notify_settings(environ: Mapping[str, str] | None = None) -> NotifySettings:
    """``KPI_BASE_URL``, ``KPI_NOTIFY_SECRET`` (required: unsubscribe links are signed with it)
    and ``KPI_REPORTING_DAYS``."""
    env = os.environ if environ is None else environ
    secret = env.get(SECRET_VARIABLE, "")
    if not secret.strip():
        raise _missing(SECRET_VARIABLE, "ใช้ลงนามลิงก์ยกเลิกการรับอีเมล", "it signs the unsubscribe links")
    if len(secret.strip()) < 16:
        raise ConfigError(
            SECRET_VARIABLE,
            f"{SECRET_VARIABLE} สั้นเกินไป: ต้องยาวอย่างน้อย 16 ตัวอักษร",
            f"{SECRET_VARIABLE} is too short: it must be at least 16 characters",
        )
    return NotifySettings(
        base_url=_env_url(env, "KPI_BASE_URL"),
        secret=secret.strip().encode(),
        reporting_days=_env_int(env, "KPI_REPORTING_DAYS", 30, 1, 92),
    )
