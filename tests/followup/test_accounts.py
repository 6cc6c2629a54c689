"""Accounts and roles in the database: adding, changing, bootstrapping the first admin,
matching an OpenID Connect e-mail, passwords; only admins (or the operator) manage them."""

from __future__ import annotations

import pytest

from kpi_model.followup import (
    Account,
    FollowupDB,
    Forbidden,
    Invalid,
    NotFound,
    account_by_email,
    account_by_username,
    add_account,
    authenticate,
    ensure_admin,
    list_accounts,
    set_password,
    update_account,
)
from kpi_model.passwords import hash_password
from tests.followup.conftest import OPERATOR


def test_the_fixture_accounts_are_stored_as_given(db: FollowupDB, people: dict[str, Account]):
    shown = [(a.username, a.role, sorted(a.agencies), a.active, a.email) for a in list_accounts(db)]
    assert shown == [
        ("admin", "admin", [], True, None),
        ("malee", "agency_editor", ["0501", "0502"], True, None),
        ("niran", "agency_editor", ["0402"], False, None),
        ("somchai", "agency_editor", ["0402"], True, "somchai@bma.go.th"),
        ("suda", "analyst", [], True, "suda@bma.go.th"),
        ("wichai", "viewer", [], True, None),
    ]


def test_an_oidc_sign_in_is_matched_by_email_in_any_case(db: FollowupDB, people: dict[str, Account]):
    found = account_by_email(db, "  SOMCHAI@bma.go.th ")
    assert found is not None and found.username == "somchai"
    assert account_by_email(db, "someone@else.org") is None
    assert account_by_email(db, "") is None


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"username": "Som Chai", "role": "viewer"}, "username"),
        ({"username": "", "role": "viewer"}, "username"),
        ({"username": "x", "role": "superuser"}, "role"),
        ({"username": "x", "role": "agency_editor"}, "agencies"),
        ({"username": "x", "role": "analyst", "agencies": ["0402"]}, "agencies"),
        ({"username": "x", "role": "agency_editor", "agencies": ["04 02"]}, "agencies"),
        ({"username": "x", "role": "viewer", "email": "not-an-email"}, "email"),
        ({"username": "somchai", "role": "viewer"}, "username"),
        ({"username": "x", "role": "viewer", "email": "SUDA@bma.go.th"}, "email"),
    ],
)
def test_a_bad_or_taken_account_is_refused_naming_the_field(
    db: FollowupDB, people: dict[str, Account], kwargs: dict, column: str
):
    before = list_accounts(db)
    with pytest.raises(Invalid) as caught:
        add_account(db, OPERATOR, **kwargs)
    assert caught.value.problems[0].column == column
    assert list_accounts(db) == before


@pytest.mark.parametrize("who", ["editor", "analyst", "viewer", "deactivated"])
def test_only_an_admin_manages_accounts(db: FollowupDB, people: dict[str, Account], who: str):
    before = list_accounts(db)
    with pytest.raises(Forbidden):
        add_account(db, people[who], "newcomer", "admin")
    with pytest.raises(Forbidden):
        update_account(db, people[who], people[who].id, role="admin")
    with pytest.raises(Forbidden):
        set_password(db, people[who], people["admin"].id, "takeover-password")
    assert list_accounts(db) == before


def test_an_admin_adds_and_changes_an_account(db: FollowupDB, people: dict[str, Account]):
    admin = people["admin"]
    made = add_account(db, admin, "Pranee", "agency_editor", ["0402", "0501"], display_name="ปราณี")
    assert (made.username, made.display_name, sorted(made.agencies)) == ("pranee", "ปราณี", ["0402", "0501"])
    analyst = update_account(db, admin, made.id, role="analyst")
    assert (analyst.role, analyst.agencies) == ("analyst", frozenset())  # agencies go with the editor role
    off = update_account(db, admin, made.id, active=False)
    assert not off.active
    assert account_by_username(db, "PRANEE") == off  # never deleted


def test_an_admin_cannot_lock_themself_out(db: FollowupDB, people: dict[str, Account]):
    admin = people["admin"]
    with pytest.raises(Invalid):
        update_account(db, admin, admin.id, active=False)
    with pytest.raises(Invalid):
        update_account(db, admin, admin.id, role="viewer")
    assert account_by_username(db, "admin") == admin


def test_changing_an_account_that_does_not_exist(db: FollowupDB, people: dict[str, Account]):
    with pytest.raises(NotFound):
        update_account(db, OPERATOR, 999, active=False)


def test_secrets_bootstrap_the_first_admin_only(db: FollowupDB):
    made = ensure_admin(db, "Root", password_hash=hash_password("first-admin-pw", iterations=1000))
    assert made is not None and (made.username, made.role) == ("root", "admin")
    assert ensure_admin(db, "intruder", password_hash=hash_password("x", iterations=1000)) is None
    assert account_by_username(db, "intruder") is None
    assert authenticate(db, "root", "first-admin-pw") == made


def test_bootstrap_promotes_an_existing_account_of_that_name(db: FollowupDB):
    add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"])
    made = ensure_admin(db, "somchai")
    assert made is not None and (made.role, made.agencies) == ("admin", frozenset())


def test_passwords(db: FollowupDB, people: dict[str, Account]):
    assert authenticate(db, "admin", "correct horse") == people["admin"]
    assert authenticate(db, "ADMIN ", "correct horse") == people["admin"]
    assert authenticate(db, "admin", "wrong horse") is None
    assert authenticate(db, "nobody", "correct horse") is None
    assert authenticate(db, "somchai", "") is None  # no password set: OIDC only
    with pytest.raises(Invalid):
        set_password(db, people["admin"], people["editor"].id, "short")
    set_password(db, people["admin"], people["editor"].id, "long enough now")
    assert authenticate(db, "somchai", "long enough now") == people["editor"]
    update_account(db, OPERATOR, people["editor"].id, active=False)
    assert authenticate(db, "somchai", "long enough now") is None  # deactivated


def test_account_history_never_holds_a_password_hash(db: FollowupDB, people: dict[str, Account]):
    import sqlalchemy as sa

    from kpi_model.followup import schema as t

    set_password(db, people["admin"], people["viewer"].id, "a new password")
    with db.reading() as conn:
        texts = conn.execute(sa.select(t.history.c.before_json, t.history.c.after_json)).all()
    joined = " ".join(str(x) for row in texts for x in row)
    assert "pbkdf2" not in joined
    assert '{"password": "(changed)"}' in joined


def test_the_history_of_an_account_says_who_changed_what(db: FollowupDB, people: dict[str, Account], clock):
    from kpi_model.followup import account_history

    clock.advance(3600)
    update_account(db, people["admin"], people["editor"].id, agencies=["0402", "0403"])
    set_password(db, people["admin"], people["editor"].id, "a long new password")
    changes = account_history(db, people["editor"].id)
    assert [
        (c.changed_by, c.before and c.before.get("agencies"), c.after and c.after.get("agencies")) for c in changes
    ] == [
        ("admin", None, None),  # the password: only that it changed
        ("admin", ["0402"], ["0402", "0403"]),
        ("cli:test", None, ["0402"]),
    ]
    assert changes[1].changed_at == clock.at
