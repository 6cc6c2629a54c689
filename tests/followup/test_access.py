"""can(): every check tested as a user who should not pass (fail closed)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpi_model.followup import Account, Operator, can

AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def account(role: str, agencies: tuple[str, ...] = (), active: bool = True) -> Account:
    return Account(1, "somchai", None, "", role, frozenset(agencies), active, AT)


EDITOR = account("agency_editor", ("0402",))
ANALYST = account("analyst")
ADMIN = account("admin")
VIEWER = account("viewer")


def test_an_editor_writes_and_comments_for_its_own_agency():
    assert can(EDITOR, "write", "0402").allowed
    assert can(EDITOR, "comment", "0402").allowed


@pytest.mark.parametrize("action", ["write", "comment"])
def test_an_editor_of_another_agency_is_refused_saying_which_agencies_are_its_own(action: str):
    decision = can(EDITOR, action, "0501")
    assert not decision.allowed
    assert decision.reason_en == "you edit for agency 0402 only, not agency 0501"
    assert decision.reason_th == "ท่านเป็นผู้แก้ไขของหน่วยงาน 0402 เท่านั้น ไม่ใช่หน่วยงาน 0501"
    assert not decision  # falsy when refused


@pytest.mark.parametrize("role_user", [ANALYST, ADMIN])
def test_analysts_and_admins_write_for_every_agency(role_user: Account):
    assert can(role_user, "write", "0501").allowed
    assert can(role_user, "comment", "9999").allowed


@pytest.mark.parametrize("action", ["write", "comment", "review", "manage_accounts"])
def test_a_viewer_can_only_read(action: str):
    assert not can(VIEWER, action, "0402").allowed
    assert can(VIEWER, "view").allowed


@pytest.mark.parametrize("user", [EDITOR, VIEWER])
def test_only_analysts_and_admins_review(user: Account):
    decision = can(user, "review")
    assert not decision.allowed
    assert decision.reason_en == "only an analyst or an admin may review"
    assert can(ANALYST, "review").allowed and can(ADMIN, "review").allowed


@pytest.mark.parametrize("user", [EDITOR, ANALYST, VIEWER])
def test_only_admins_manage_accounts(user: Account):
    assert not can(user, "manage_accounts").allowed
    assert can(ADMIN, "manage_accounts").allowed


def test_no_user_is_refused_everything():
    for action in ("view", "write", "comment", "review", "manage_accounts"):
        decision = can(None, action, "0402")
        assert not decision.allowed
        assert decision.reason_en == "sign in first"


def test_something_that_is_not_an_account_is_refused():
    assert not can(Operator("cli:root"), "write", "0402").allowed  # type: ignore[arg-type]
    assert can("admin", "view").reason_en == "unknown user"  # type: ignore[arg-type]


@pytest.mark.parametrize("user", [EDITOR, ANALYST, ADMIN, VIEWER])
def test_a_deactivated_account_is_refused_everything(user: Account):
    gone = account(user.role, tuple(user.agencies), active=False)
    for action in ("view", "write", "review", "manage_accounts"):
        decision = can(gone, action, "0402")
        assert not decision.allowed
        assert decision.reason_en == "the account somchai is deactivated"


def test_an_unknown_role_is_refused_even_reading():
    decision = can(account("superuser"), "view")
    assert not decision.allowed
    assert decision.reason_en == "unknown role 'superuser'"


def test_an_unknown_action_is_refused_even_for_an_admin():
    decision = can(ADMIN, "delete", "0402")
    assert not decision.allowed
    assert decision.reason_en == "unknown action 'delete'"


@pytest.mark.parametrize("agency", [None, "", "  ", "04 02", "0402;DROP", "x" * 21])
def test_a_missing_or_malformed_agency_is_refused_even_for_an_admin(agency: str | None):
    decision = can(ADMIN, "write", agency)
    assert not decision.allowed
    assert decision.reason_en == f"unknown agency {agency!r}"


def test_an_agency_not_in_the_data_is_refused_when_the_known_agencies_are_given():
    assert not can(ADMIN, "write", "9999", known_agencies={"0402"}).allowed
    assert can(ADMIN, "write", "0402", known_agencies={"0402"}).allowed
    assert not can(EDITOR, "write", "0402", known_agencies={"0501"}).allowed
