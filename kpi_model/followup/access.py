"""Who may do what: one function, :func:`can`, that every write asks first and that fails
closed (no account, a deactivated one, an unknown role, action or agency → refused, with the
reason in Thai and English for the page to show).

    >>> from kpi_model.followup.model import Account
    >>> import datetime as dt
    >>> editor = Account(1, "somchai", None, "", "agency_editor", frozenset({"0402"}), True, dt.datetime(2026, 1, 1))
    >>> can(editor, "write", "0402").allowed, can(editor, "write", "0501").allowed
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from kpi_model.followup.model import ROLES, Account, Decision

__all__ = ["ACTIONS", "OPERATOR_PREFIX", "Operator", "can"]

#: view: read notes and export them; write: an analysis or an action (also by import) for an
#: agency; comment: write in an indicator's thread; review: an analyst's work (inferences,
#: every agency); manage_accounts: add accounts and change roles.
ACTIONS = ("view", "write", "comment", "review", "manage_accounts")
_NEEDS_AGENCY = ("write", "comment")
_AGENCY = re.compile(r"^[0-9A-Za-z]{1,20}$")
OPERATOR_PREFIX = "cli:"


@dataclass(frozen=True)
class Operator:
    """Whoever runs the command line on the server (``name`` is ``cli:<login>``): trusted with
    accounts because they can read the database file or its URL anyway. Pages never build one."""

    name: str


def _no(th: str, en: str) -> Decision:
    return Decision(False, th, en)


def can(
    user: Account | None, action: str, agency_code: str | None = None, known_agencies: Collection[str] | None = None
) -> Decision:
    """Whether ``user`` may do ``action`` (one of :data:`ACTIONS`) for ``agency_code``.

    ``write`` and ``comment`` need an agency code; an agency editor may do them only for its
    own agencies, an analyst and an admin for every agency. ``review`` is for analysts and
    admins, ``manage_accounts`` for admins. With ``known_agencies`` an agency not in it is
    refused too. Anything not understood is refused."""
    if user is None:
        return _no("กรุณาเข้าสู่ระบบก่อน", "sign in first")
    if not isinstance(user, Account):
        return _no("ไม่รู้จักผู้ใช้นี้", "unknown user")
    if not user.active:
        return _no(f"บัญชี {user.username} ถูกระงับ", f"the account {user.username} is deactivated")
    if user.role not in ROLES:
        return _no(f"ไม่รู้จักบทบาท {user.role!r}", f"unknown role {user.role!r}")
    if action not in ACTIONS:
        return _no(f"ไม่รู้จักการกระทำ {action!r}", f"unknown action {action!r}")
    agency = (agency_code or "").strip()
    if action in _NEEDS_AGENCY:
        if not _AGENCY.match(agency):
            return _no(f"ไม่รู้จักหน่วยงาน {agency_code!r}", f"unknown agency {agency_code!r}")
        if known_agencies is not None and agency not in known_agencies:
            return _no(f"ไม่มีหน่วยงาน {agency} ในข้อมูล", f"agency {agency} is not in the data")
    role = user.role
    if action == "view":
        return Decision(True, "ดูได้", "may view")
    if action == "manage_accounts":
        if role == "admin":
            return Decision(True, "ผู้ดูแลระบบจัดการบัญชีได้", "an admin manages accounts")
        return _no("เฉพาะผู้ดูแลระบบจัดการบัญชีได้", "only an admin manages accounts")
    if action == "review":
        if role in ("analyst", "admin"):
            return Decision(True, "นักวิเคราะห์ สยป. ตรวจทานได้", "an analyst may review")
        return _no("เฉพาะนักวิเคราะห์ สยป. หรือผู้ดูแลระบบตรวจทานได้", "only an analyst or an admin may review")
    # write, comment
    if role in ("analyst", "admin"):
        return Decision(True, "นักวิเคราะห์และผู้ดูแลระบบเขียนได้ทุกหน่วยงาน", "analysts and admins write for every agency")
    if role == "agency_editor":
        if agency in user.agencies:
            return Decision(True, f"เป็นผู้แก้ไขของหน่วยงาน {agency}", f"an editor of agency {agency}")
        mine = ", ".join(sorted(user.agencies)) or "-"
        return _no(
            f"ท่านเป็นผู้แก้ไขของหน่วยงาน {mine} เท่านั้น ไม่ใช่หน่วยงาน {agency}",
            f"you edit for agency {mine} only, not agency {agency}",
        )
    return _no("ผู้ชมอ่านได้อย่างเดียว", "a viewer can only read")
