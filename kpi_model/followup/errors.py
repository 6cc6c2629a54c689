"""What a follow-up write can be refused for: each a typed error with a Thai and an English
message a page shows as text, and nothing stored (every write is one transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpi_model.errors import KpiError, Problem

if TYPE_CHECKING:
    from kpi_model.followup.model import Analysis, Decision

__all__ = [
    "FollowupError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "RateLimited",
    "StaleAnalysis",
    "UnknownUser",
]


class FollowupError(KpiError):
    """Base of every refusal of the follow-up database; ``message_th`` / ``message_en`` say why."""

    def __init__(self, message_th: str, message_en: str):
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{message_th} / {message_en}")

    def message(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


class Forbidden(FollowupError):
    """The user may not do this; ``decision`` is the refusal of :func:`~kpi_model.followup.access.can`."""

    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__(decision.reason_th, decision.reason_en)


class UnknownUser(FollowupError):
    """No active account of that name or e-mail."""


class NotFound(FollowupError):
    """No row with that id (an action, an account)."""


class Invalid(FollowupError):
    """Input that cannot be stored: ``problems`` name the field (``column``) and say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{p.column}: {p.message_th}" if p.column else p.message_th for p in problems),
            "; ".join(f"{p.column}: {p.message_en}" if p.column else p.message_en for p in problems),
        )


class RateLimited(FollowupError):
    """Too many saves from one account within a minute; ``wait_seconds`` until the next fits."""

    def __init__(self, limit: int, window_seconds: int, wait_seconds: float):
        self.limit = limit
        self.window_seconds = window_seconds
        self.wait_seconds = wait_seconds
        super().__init__(
            f"บันทึกเกิน {limit} ครั้งใน {window_seconds} วินาที กรุณารออีก {wait_seconds:.0f} วินาที",
            f"more than {limit} saves within {window_seconds} seconds; wait {wait_seconds:.0f} seconds",
        )


class StaleAnalysis(FollowupError):
    """An analysis saved on a revision someone else has replaced since: nothing was stored.

    ``yours_why`` / ``yours_next_steps``: what this user typed; ``theirs``: the analysis as
    stored now (its text, revision, who saved it and when), so a page shows both and nothing
    is lost."""

    def __init__(self, base_revision: int, yours_why: str, yours_next_steps: str, theirs: Analysis):
        self.base_revision = base_revision
        self.yours_why = yours_why
        self.yours_next_steps = yours_next_steps
        self.theirs = theirs
        super().__init__(
            f"มีผู้อื่นบันทึกบทวิเคราะห์นี้ไปแล้ว (ฉบับที่ {theirs.revision} โดย {theirs.updated_by}) "
            f"หลังจากฉบับที่ {base_revision} ที่ท่านแก้ไข: ยังไม่ได้บันทึกข้อความของท่าน",
            f"someone else saved this analysis (revision {theirs.revision} by {theirs.updated_by}) after "
            f"revision {base_revision} you edited: your text was not saved",
        )
