"""E-mail that comes to people (issue 28): the quarterly briefing pack to its subscribers,
reporting reminders before a quarter's deadline (and the overdue list after it), and a daily
digest of alerts (indicators turned behind, follow-up actions overdue).

State lives in the follow-up database (migration 0100: ``subscriptions``, ``sent_items``,
``mail_log``); the only SQL is SQLAlchemy Core. ``python -m kpi_model notify run`` sends what is
due, idempotently, for cron or a systemd timer.

Example::

    db = open_followup(store.root)
    subscribe(db, "somchai@bma.go.th", "cli:admin", agency="0402")
    notify_run(db, store, smtp_settings(), notify_settings())
"""

from kpi_model.fiscal import BANGKOK
from kpi_model.notify.mail import Mail, to_message
from kpi_model.notify.run import LogEntry, RunReport, due_mails, mail_log, notify_run, retry_delay
from kpi_model.notify.settings import (
    SECRET_VARIABLE,
    NotifySettings,
    SmtpSettings,
    notify_settings,
    smtp_settings,
    valid_address,
)
from kpi_model.notify.smtp import Refused, send_message
from kpi_model.notify.subscriptions import (
    NotifyInputError,
    Subscription,
    end_subscription,
    list_subscriptions,
    subscribe,
)
from kpi_model.notify.tokens import UNSUBSCRIBE_PARAM, unsubscribe_token, unsubscribe_url, verify_token

__all__ = [
    "BANGKOK",
    "SECRET_VARIABLE",
    "UNSUBSCRIBE_PARAM",
    "LogEntry",
    "Mail",
    "NotifyInputError",
    "NotifySettings",
    "Refused",
    "RunReport",
    "SmtpSettings",
    "Subscription",
    "due_mails",
    "end_subscription",
    "list_subscriptions",
    "mail_log",
    "notify_run",
    "notify_settings",
    "retry_delay",
    "send_message",
    "smtp_settings",
    "subscribe",
    "to_message",
    "unsubscribe_token",
    "unsubscribe_url",
    "valid_address",
    "verify_token",
]
