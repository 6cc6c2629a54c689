"""Sign-in helpers: the first admin from secrets, and the store role of each follow-up role."""

from __future__ import annotations

import dataclasses

import pytest

from kpi_model.config import Settings
from kpi_model.followup import (
    Account,
    FollowupDB,
    account_by_username,
    add_account,
    bootstrap_admin,
    sign_in_limits,
    store_role,
)
from kpi_model.passwords import hash_password
from tests.followup.conftest import OPERATOR


def test_the_first_local_admin_of_secrets_becomes_the_databases_admin(db: FollowupDB):
    secrets = {
        "zed": {"role": "admin", "password_hash": "h-zed"},
        "anna": {"role": "admin", "password_hash": hash_password("pw-anna", 1000)},
        "bob": {"role": "editor", "password_hash": "h-bob"},
    }
    made = bootstrap_admin(db, secrets)
    assert made is not None and (made.username, made.role) == ("anna", "admin")
    assert bootstrap_admin(db, {"zed": {"role": "admin"}}) is None  # an admin exists: secrets change nothing
    assert account_by_username(db, "zed") is None and account_by_username(db, "bob") is None


def test_with_oidc_the_first_listed_email_becomes_the_admin(db: FollowupDB):
    made = bootstrap_admin(db, {}, ["Suda@BMA.go.th", "a@bma.go.th"])
    assert made is not None and (made.username, made.email) == ("a@bma.go.th", "a@bma.go.th")


def test_secrets_without_an_admin_bootstrap_nothing(db: FollowupDB):
    assert bootstrap_admin(db, {"bob": {"role": "editor", "password_hash": "h"}}, []) is None


@pytest.mark.parametrize(
    ("role", "active", "expected"),
    [
        ("admin", True, "editor"),
        ("analyst", True, "editor"),
        ("agency_editor", True, "viewer"),
        ("viewer", True, "viewer"),
        ("admin", False, "viewer"),
        ("superuser", True, "viewer"),
    ],
)
def test_the_store_role_of_each_account(people: dict[str, Account], role: str, active: bool, expected: str):
    account = dataclasses.replace(people["admin"], role=role, active=active)
    assert store_role(account) == expected


def test_sign_in_limits_follow_the_settings(db: FollowupDB):
    backoff, per_address = sign_in_limits(
        db, Settings(sign_in_attempts=3, sign_in_attempts_per_address=7, sign_in_window_minutes=10)
    )
    assert (backoff.free, backoff.window_s, per_address.limit, per_address.window_s) == (3, 600.0, 7.0, 600.0)
    add_account(db, OPERATOR, "x", "viewer")  # the limits share the database with the accounts
