"""How the follow-up's times and codes read on a page: Bangkok time with a BE date, an
action's status and an account's role in the page's language.
"""

from __future__ import annotations

import datetime as dt

from kpi_model import followup as fu
from kpi_model.i18n import date_label, t

__all__ = ["BANGKOK", "_role_label", "_status_label", "today", "when_label"]


BANGKOK = dt.timezone(dt.timedelta(hours=7))


def today() -> dt.date:
    """Today in Bangkok: what "overdue" is measured against (due today is not overdue)."""
    return dt.datetime.now(BANGKOK).date()


def when_label(at: dt.datetime, lang: str) -> str:
    """A moment in Bangkok time with a BE date: '7 ธันวาคม 2569 16:05'."""
    local = at.astimezone(BANGKOK) if at.tzinfo is not None else at.replace(tzinfo=dt.UTC).astimezone(BANGKOK)
    return f"{date_label(local.date(), lang)} {local:%H:%M}"


def _status_label(status: str, lang: str) -> str:
    return t(f"fu_action_status_{status}", lang) if status in fu.ACTION_STATUSES else str(status)


def _role_label(role: str, lang: str) -> str:
    return t(f"fu_role_{role}", lang) if role in fu.ROLES else str(role)
