"""Sending one message over SMTP: STARTTLS and a login when the settings say so, every step
bounded by ``KPI_SMTP_TIMEOUT`` so a server that hangs costs one timeout, never a stuck run."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from kpi_model.notify.settings import SmtpSettings

__all__ = ["Refused", "send_message"]


class Refused(Exception):
    """The server refused the recipient for good (a 5xx answer): not retried."""


def send_message(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send ``message``; :class:`Refused` for a permanent refusal of its recipient, any other
    exception (timeout, refused connection, 4xx) for a failure worth retrying."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.user and settings.password:
            smtp.login(settings.user, settings.password)
        try:
            smtp.send_message(message, from_addr=settings.sender)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(500 <= c < 600 for c in codes):
                raise Refused(
                    "; ".join(f"{r}: {c} {m.decode(errors='replace')}" for r, (c, m) in exc.recipients.items())
                ) from exc
            raise
