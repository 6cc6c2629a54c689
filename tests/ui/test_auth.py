"""Sign-in: password hashes, local accounts, OpenID Connect roles, and closed viewing."""

from __future__ import annotations

import os

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kpi_model.errors import ConfigError
from ui import auth
from ui.auth import hash_password, verify_password

APP = "../../dashboard.py"
VISITOR_ADDRESS = auth.visitor_address
FAST = 1_000  # iterations for tests; production hashes use 600,000


def accounts(**roles: str) -> dict:
    """Local accounts whose password is ``pw-<name>``."""
    return {name: {"password_hash": hash_password(f"pw-{name}", FAST), "role": role} for name, role in roles.items()}


@pytest.fixture
def app(demo_store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    return AppTest.from_file(APP, default_timeout=60)


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(password)
    return at.form_submit_button[0].click().run()


def page_titles(at: AppTest) -> set[str]:
    return {str(info.get("page_name")) for info in at._registered_pages.values()}


# ---- hashes ---------------------------------------------------------------------------------
def test_a_hash_verifies_its_password_and_nothing_else():
    encoded = hash_password("รหัสลับ-123", FAST)
    assert verify_password("รหัสลับ-123", encoded)
    assert not verify_password("รหัสลับ-124", encoded)
    assert not verify_password("", encoded)


def test_the_hash_never_contains_the_password_and_is_salted():
    one, two = hash_password("hunter2hunter2", FAST), hash_password("hunter2hunter2", FAST)
    assert "hunter2" not in one
    assert one != two  # a fresh salt each time
    scheme, iterations, salt, digest = one.split("$")
    assert (scheme, iterations, len(salt), len(digest)) == ("pbkdf2_sha256", str(FAST), 32, 64)


def test_the_default_cost_is_600000_iterations():
    assert hash_password("x").split("$")[1] == "600000"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "plain-text",
        "md5$1$00$00",
        "pbkdf2_sha256$x$00$00",
        "pbkdf2_sha256$1000$zz$00",
        "pbkdf2_sha256$999999999$00$00",
    ],
)
def test_a_malformed_hash_never_verifies_and_never_raises(bad):
    assert verify_password("anything", bad) is False


def test_the_hash_command_prints_a_hash_of_the_password_typed_twice(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "s3cret-pass")
    assert auth._main(["hash"]) == 0
    printed = capsys.readouterr().out.strip()
    assert verify_password("s3cret-pass", printed) and "s3cret" not in printed


# ---- local accounts -------------------------------------------------------------------------
def test_a_wrong_password_fails_without_saying_which_part_was_wrong(app):
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "somchai", "not-the-password")
    assert not at.exception
    wrong_password = [e.value for e in at.sidebar.error]
    at = sign_in(at, "nobody", "pw-somchai")
    wrong_name = [e.value for e in at.sidebar.error]
    assert wrong_password == wrong_name == ["เข้าสู่ระบบไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"]
    assert "auth_user" not in at.session_state
    assert "นำเข้าข้อมูล" not in page_titles(at)


def test_an_editor_signs_in_sees_the_import_page_and_signs_out(app):
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "somchai", "pw-somchai")
    assert not at.exception
    assert "somchai" in [x.value for x in at.sidebar.text]
    assert "นำเข้าข้อมูล" in page_titles(at)
    at.button(key="auth_sign_out").click().run()
    assert "นำเข้าข้อมูล" not in page_titles(at)
    assert [x.label for x in at.text_input] == ["ชื่อผู้ใช้", "รหัสผ่าน"]


def test_a_viewer_account_signs_in_but_gets_no_import_page(app):
    app.secrets["accounts"] = accounts(malee="viewer")
    at = sign_in(app.run(), "malee", "pw-malee")
    assert not at.exception
    assert any("ผู้ชม" in c.value for c in at.sidebar.caption)
    assert "นำเข้าข้อมูล" not in page_titles(at)
    with pytest.raises(ValueError):
        at.switch_page("pages/import_data.py")


def test_an_account_removed_from_secrets_ends_its_session(app):
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "somchai", "pw-somchai")
    at.secrets["accounts"] = accounts(other="editor")
    at.run()
    assert "นำเข้าข้อมูล" not in page_titles(at)


def test_without_accounts_the_sidebar_says_sign_in_is_not_configured(app):
    at = app.run()
    assert not at.text_input
    assert any("ยังไม่ได้ตั้งค่าบัญชีผู้ใช้" in c.value for c in at.sidebar.caption)


# ---- OpenID Connect -------------------------------------------------------------------------
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "x",
    "client_secret": "y",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


@pytest.mark.parametrize("email, editor", [("Analyst@BMA.go.th", True), ("someone@bma.go.th", False)])
def test_with_auth_configured_the_role_comes_from_the_editor_list(app, email, editor):
    app.secrets["auth"] = OIDC
    app.secrets["roles"] = {"editors": ["analyst@bma.go.th"]}
    app.secrets["accounts"] = accounts(somchai="editor")  # ignored when [auth] exists
    app.user = {"is_logged_in": True, "email": email, "name": "ทดสอบ"}
    at = app.run()
    assert not at.exception
    assert ("นำเข้าข้อมูล" in page_titles(at)) is editor
    assert not at.text_input  # no local form in this mode
    assert at.button(key="auth_sign_out")


def test_with_auth_configured_a_visitor_not_logged_in_gets_a_sign_in_button(app):
    app.secrets["auth"] = OIDC
    app.secrets["roles"] = {"editors": ["test@example.com"]}
    app.user = {"is_logged_in": False}
    at = app.run()
    assert not at.exception
    assert at.button(key="auth_sign_in").label == "เข้าสู่ระบบ"
    assert "นำเข้าข้อมูล" not in page_titles(at)


# ---- closed viewing -------------------------------------------------------------------------
def test_when_login_is_required_a_visitor_sees_only_the_sign_in_prompt(app, demo_store):
    app.secrets["require_login"] = True
    app.secrets["accounts"] = accounts(malee="viewer")
    at = app.run()
    assert not at.exception
    assert page_titles(at) == {"เข้าสู่ระบบ"}
    assert not at.metric and not at.dataframe
    assert any("โปรดเข้าสู่ระบบ" in i.value for i in at.info)
    at = sign_in(at, "malee", "pw-malee")
    assert not at.exception
    assert at.title[0].value == "ภาพรวมตัวชี้วัดกรุงเทพมหานคร"
    assert at.metric


def test_viewing_is_open_by_default(app):
    at = app.run()
    assert at.title[0].value == "ภาพรวมตัวชี้วัดกรุงเทพมหานคร"
    assert "นำเข้าข้อมูล" not in page_titles(at)


# ---- fail closed (issue 11, item 3) ---------------------------------------------------------
@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """Point Streamlit's secrets at a file of ours (a fresh, unparsed secrets object)."""
    from streamlit import config as st_config
    from streamlit.runtime.secrets import Secrets

    path = tmp_path / "secrets.toml"
    saved = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(path)])
    monkeypatch.setattr(st, "secrets", Secrets())
    yield path
    st_config.set_option("secrets.files", saved)


MALFORMED = 'require_login = true\n[accounts.somchai\npassword_hash = "x"\n'  # a ] forgotten


def test_a_malformed_secrets_file_is_an_error_not_open_viewing(secrets_file):
    secrets_file.write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        auth.login_required()
    assert err.value.name == ".streamlit/secrets.toml"
    assert "cannot be read" in err.value.message_en and "line 2" in err.value.message_en
    assert "password_hash" not in str(err.value)  # the file's contents are never shown


def test_no_secrets_file_at_all_is_nothing_configured(secrets_file):
    assert not secrets_file.exists()
    assert auth.login_required() is False and not auth.oidc_configured()


@pytest.mark.parametrize("value", ['"false"', "1", '"yes"'])
def test_require_login_must_be_true_or_false(secrets_file, value):
    secrets_file.write_text(f"require_login = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="require_login"):
        auth.login_required()


def test_the_app_with_a_malformed_secrets_file_shows_one_error_and_no_data(app, secrets_file):
    secrets_file.write_text(MALFORMED, encoding="utf-8")
    at = app.run()
    assert not at.exception
    assert len(at.error) == 1
    shown = at.error[0].value
    assert "secrets.toml" in shown and "ค่าตั้งค่าไม่ถูกต้อง" in shown and "setting is wrong" in shown
    assert not at.metric and not at.dataframe and not at.title and not at.sidebar.radio


def test_the_app_with_an_unreadable_environment_setting_shows_it_and_no_data(app, monkeypatch):
    from kpi_model import config

    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "abc")
    monkeypatch.setattr(config, "settings", config._load())
    at = app.run()
    assert not at.exception
    assert len(at.error) == 1 and "KPI_MAX_UPLOAD_MB='abc'" in at.error[0].value
    assert "from 1 to 1,024" in at.error[0].value and "ตั้งแต่ 1 ถึง 1,024" in at.error[0].value
    assert not at.metric and not at.dataframe and not at.title


# ---- rate limits (issue 11, item 6) ---------------------------------------------------------
@pytest.fixture
def limits(monkeypatch):
    """Small limits for the test, and fresh counters before and after."""
    from kpi_model import config

    def use(**values):
        monkeypatch.setattr(config, "settings", config.Settings(**values))
        auth._shared_limits.clear()

    yield use
    auth._shared_limits.clear()


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked(monkeypatch):
    """The sign-in limits on a hand-moved clock, and the visitor's address the test's choice
    (``where.address``): returns (clock, where)."""
    from ui.ratelimit import Backoff, Limiter

    clock = Clock()
    pair = (Backoff(3, 900, clock=clock), Limiter(20, 900, clock=clock))
    monkeypatch.setattr(auth, "_sign_in_limits", lambda: pair)

    class Where:
        address = "203.0.113.7"

    monkeypatch.setattr(auth, "visitor_address", lambda: Where.address)
    return clock, Where


def test_failed_sign_ins_slow_that_account_from_that_address_without_locking_its_owner_out(app, clocked):
    """Issue 23: 5 wrong passwords once locked a named account for 15 minutes for everyone.
    Now the guesser's address waits 2, 4, 8 … s; the owner at another address signs in."""
    clock, where = clocked
    app.secrets["accounts"] = accounts(somchai="editor", malee="viewer")
    at = app.run()
    for _ in range(3):
        at = sign_in(at, "somchai", "wrong")
        assert [e.value for e in at.sidebar.error] == ["เข้าสู่ระบบไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"]
    at = sign_in(at, "somchai", "pw-somchai")  # the right password, but too soon: not even checked
    assert [e.value for e in at.sidebar.error] == ["พยายามเข้าสู่ระบบบัญชีนี้ไม่สำเร็จหลายครั้ง โปรดรอ 2 วินาทีแล้วลองใหม่"]
    assert "auth_user" not in at.session_state
    clock.now += 2
    at = sign_in(at, "somchai", "wrong")
    at = sign_in(at, "somchai", "wrong")
    assert "4 วินาที" in at.sidebar.error[0].value  # it grows
    owner = AppTest.from_file(APP, default_timeout=60)  # another browser
    owner.secrets["accounts"] = app.secrets["accounts"]
    owner.run()
    where.address = "198.51.100.20"  # the owner, elsewhere, at once
    owner = sign_in(owner, "somchai", "pw-somchai")
    assert owner.session_state["auth_user"] == "somchai"
    where.address = "203.0.113.7"
    clock.now += 4
    at = sign_in(at, "malee", "pw-malee")  # another account from the same address is not slowed
    assert at.session_state["auth_user"] == "malee"


def test_failures_across_many_names_from_one_address_are_stopped_behind_the_proxy(app, clocked, monkeypatch):
    """Issue 23: behind HAProxy (or on loopback) the address was None, so 29 failures over 26
    names and then a success were never throttled. The connection's own peer now counts."""
    from ui.ratelimit import Backoff, Limiter

    clock, _ = clocked
    pair = (Backoff(5, 900, clock=clock), Limiter(20, 900, clock=clock))
    monkeypatch.setattr(auth, "_sign_in_limits", lambda: pair)
    monkeypatch.setattr(auth, "visitor_address", VISITOR_ADDRESS)  # the real one, over a loopback peer
    monkeypatch.setattr(auth, "_peer_and_forwarded", lambda: ("127.0.0.1", None))
    app.secrets["accounts"] = accounts(somchai="editor")
    at = app.run()
    names = [f"user{i}" for i in range(26)]
    for i in range(20):
        at = sign_in(at, names[i % 26], "wrong")
    at = sign_in(at, "somchai", "pw-somchai")
    assert "auth_user" not in at.session_state
    assert "15 นาที" in at.sidebar.error[0].value


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(monkeypatch):
    from kpi_model import config

    monkeypatch.setattr(config, "settings", config.Settings(trusted_proxies=("127.0.0.1/32",)))
    monkeypatch.setattr(auth, "_peer_and_forwarded", lambda: ("127.0.0.1", "198.51.100.1, 203.0.113.9"))
    assert auth.visitor_address() == "203.0.113.9"  # HAProxy's own line, not the client's claim
    monkeypatch.setattr(auth, "_peer_and_forwarded", lambda: ("192.0.2.50", "203.0.113.9"))
    assert auth.visitor_address() == "192.0.2.50"  # a header from anyone else changes nothing
    monkeypatch.setattr(config, "settings", config.Settings())
    monkeypatch.setattr(auth, "_peer_and_forwarded", lambda: ("127.0.0.1", "203.0.113.9"))
    assert auth.visitor_address() == "127.0.0.1"  # no proxy configured: no header trusted


def test_an_address_streamlits_server_took_from_the_header_counts_only_when_its_hosts_are_trusted(monkeypatch):
    """Streamlit's server (uvicorn) itself replaces a loopback peer with the X-Forwarded-For
    address: the finding's 'changing the header resets the count'. Without a configured proxy
    every such request shares one budget; with one whose hosts cover uvicorn's, it counts."""
    from kpi_model import config

    substituted = lambda: ("203.0.113.9", "203.0.113.9")  # noqa: E731 - what uvicorn hands the app
    monkeypatch.setattr(auth, "_peer_and_forwarded", substituted)
    monkeypatch.setattr(config, "settings", config.Settings())
    assert auth.visitor_address() == auth.UNVERIFIED
    monkeypatch.setattr(auth, "_peer_and_forwarded", lambda: ("198.51.100.77", "198.51.100.77"))
    assert auth.visitor_address() == auth.UNVERIFIED  # another header: the same budget
    monkeypatch.setattr(auth, "_peer_and_forwarded", substituted)
    cluster = config.from_environment({"KPI_TRUSTED_PROXIES": "127.0.0.1", "FORWARDED_ALLOW_IPS": "127.0.0.1"})
    monkeypatch.setattr(config, "settings", cluster)
    assert auth.visitor_address() == "203.0.113.9"
    loose = config.from_environment({"KPI_TRUSTED_PROXIES": "127.0.0.1"})  # uvicorn also trusts ::1
    monkeypatch.setattr(config, "settings", loose)
    assert auth.visitor_address() == auth.UNVERIFIED
    with pytest.raises(ConfigError) as err:
        config.from_environment({"FORWARDED_ALLOW_IPS": "*"})
    assert err.value.name == "FORWARDED_ALLOW_IPS"


def test_a_bad_trusted_proxy_setting_is_an_error_naming_it():
    from kpi_model import config

    with pytest.raises(ConfigError) as err:
        config.from_environment({"KPI_TRUSTED_PROXIES": "127.0.0.1, haproxy"})
    assert err.value.name == "KPI_TRUSTED_PROXIES" and "haproxy" in err.value.message_en
    assert config.from_environment({"KPI_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"}).trusted_proxies == (
        "127.0.0.1/32",
        "10.0.0.0/8",
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Require_Login = true\n", "Require_Login"),
        ('[accounts.somchai]\npasswd_hash = "x"\n', "accounts.somchai.passwd_hash"),
        ('[roles]\neditor = ["a@b"]\n', "roles.editor"),
    ],
)
def test_an_unknown_key_in_secrets_stops_the_app_naming_it(secrets_file, text, key):
    """Issue 23: a misspelled ``Require_Login = true`` once left viewing silently open."""
    secrets_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        auth.check_secrets()
    assert key in err.value.name and key in err.value.message_en and key in err.value.message_th


def test_known_secrets_pass_the_check(secrets_file):
    secrets_file.write_text(
        'require_login = false\n[accounts.a]\npassword_hash = "x"\nrole = "viewer"\n[roles]\neditors = []\n'
    )
    auth.check_secrets()


def test_a_signed_in_session_survives_a_reload_through_its_signed_cookie(app, monkeypatch):
    """Issue 23: a local sign-in was lost on reload. The sign-in writes a signed cookie; a new
    session (a reload, or another replica with the same secret) carrying it is signed in."""
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "somchai", "pw-somchai")
    assert at.session_state["auth_user"] == "somchai"
    written = [h.proto.body for h in at.sidebar.get("html") if "kpi_session=" in h.proto.body]
    assert written, "no cookie written"
    token = written[0].split("kpi_session=")[1].split(";")[0]
    monkeypatch.setattr(auth, "_cookie", lambda: token)
    reloaded = app.__class__.from_file(APP, default_timeout=60)
    reloaded.secrets["accounts"] = app.secrets["accounts"]
    reloaded.run()
    assert reloaded.session_state["auth_user"] == "somchai"
    assert any(t.value == "somchai" for t in reloaded.sidebar.text)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    monkeypatch.setattr(auth, "_cookie", lambda: forged)
    assert "auth_user" not in AppTest.from_file(APP, default_timeout=60).run().session_state


def test_a_session_token_is_refused_when_forged_expired_or_the_password_changed():
    acc = {"somchai": {"password_hash": "h1"}}
    token = auth.session_token("somchai", acc["somchai"], 2000, b"key")
    assert auth.read_session_token(token, acc, 1000, b"key") == "somchai"
    assert auth.read_session_token(token, acc, 2001, b"key") is None  # expired
    assert auth.read_session_token(token, acc, 1000, b"other key") is None  # another secret
    assert auth.read_session_token(token, {"somchai": {"password_hash": "h2"}}, 1000, b"key") is None
    assert auth.read_session_token(token, {}, 1000, b"key") is None  # account removed
    _, mac = token.split(".")
    other = auth.session_token("malee", acc["somchai"], 2000, b"key").split(".")[0]
    assert auth.read_session_token(f"{other}.{mac}", {**acc, "malee": acc["somchai"]}, 1000, b"key") is None
    for junk in ("", "x", "a.b.c", "!!!.###", "." * 5000):
        assert auth.read_session_token(junk, acc, 1000, b"key") is None


def test_an_address_is_refused_after_too_many_failures_across_accounts(app, limits, monkeypatch):
    limits(sign_in_attempts=100, sign_in_attempts_per_address=2, sign_in_window_minutes=30)
    monkeypatch.setattr(auth, "visitor_address", lambda: "203.0.113.7")
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "a", "x")
    at = sign_in(at, "b", "x")
    at = sign_in(at, "somchai", "pw-somchai")
    assert "auth_user" not in at.session_state
    assert "30 นาที" in at.sidebar.error[0].value
    at.query_params["lang"] = "en"  # the same session, in English
    at = sign_in(at.run(), "c", "x")
    assert at.sidebar.error[0].value == "Too many failed sign-ins; try again in 30 min."


def test_a_run_reads_each_secret_once_and_the_next_run_reads_it_again(monkeypatch):
    reads: list[str] = []
    values = {"require_login": False}

    def read(name: str):
        reads.append(name)
        return values.get(name)

    monkeypatch.setattr(auth, "_read_secret", read)
    with auth.once_per_run():
        assert auth.login_required() is False
        values["require_login"] = True  # the file changes while the run goes on
        assert auth.login_required() is False
    assert reads == ["require_login"]
    with auth.once_per_run():
        assert auth.login_required() is True  # a setting changed takes effect at the next run
    assert reads == ["require_login", "require_login"]


# ---- accounts of the follow-up database (issue 27) ------------------------------------------
def followup():
    """The follow-up database this test's app uses (its own, from tests/conftest.py)."""
    from kpi_model.followup import open_followup

    return open_followup(url=os.environ["KPI_FOLLOWUP_URL"])


def test_an_account_of_the_database_signs_in_and_its_role_decides(app):
    from kpi_model.followup import Operator, add_account, update_account

    db = followup()
    analyst = add_account(db, Operator("cli:test"), "suda", "analyst", password="pw-suda-long")
    add_account(db, Operator("cli:test"), "somchai", "agency_editor", ["0402"], password="pw-somchai-long")
    at = sign_in(app.run(), " Suda ", "pw-suda-long")  # no accounts in secrets: the form is there for the database's
    assert not at.exception
    assert at.session_state["auth_user"] == "suda"
    assert "นำเข้าข้อมูล" in page_titles(at)  # an analyst imports and reviews
    update_account(db, Operator("cli:test"), analyst.id, active=False)
    at.run()  # deactivated: the session ends at the next click
    assert "auth_user" not in at.session_state
    assert "นำเข้าข้อมูล" not in page_titles(at)
    other = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "somchai", "pw-somchai-long")
    assert other.session_state["auth_user"] == "somchai"
    assert "นำเข้าข้อมูล" not in page_titles(other)  # an agency editor writes follow-up, not the store
    db.close()


def test_the_first_admin_of_secrets_is_bootstrapped_into_the_database(app):
    from kpi_model.followup import account_by_username

    app.secrets["accounts"] = accounts(root="admin", malee="viewer")
    at = sign_in(app.run(), "root", "pw-root")
    assert at.session_state["auth_user"] == "root"
    assert "นำเข้าข้อมูล" in page_titles(at)
    db = followup()
    root = account_by_username(db, "root")
    assert root is not None and (root.role, root.active) == ("admin", True)
    assert account_by_username(db, "malee") is None  # secrets bootstrap the admin only
    db.close()


def test_failed_sign_ins_are_counted_in_the_database_for_every_replica(app, limits, monkeypatch):
    import sqlalchemy as sa

    from kpi_model.followup import schema

    limits(sign_in_attempts=5, sign_in_attempts_per_address=20, sign_in_window_minutes=15)
    monkeypatch.setattr(auth, "visitor_address", lambda: "203.0.113.7")
    app.secrets["accounts"] = accounts(somchai="editor")
    at = sign_in(app.run(), "somchai", "wrong")
    at = sign_in(at, "malee", "wrong")
    db = followup()  # another process's view of the same database
    with db.reading() as conn:
        rows = conn.execute(
            sa.select(schema.attempts.c.bucket, schema.attempts.c.key).order_by(schema.attempts.c.id)
        ).all()
    db.close()
    assert [tuple(r) for r in rows] == [
        ("sign_in_account", '["account", "somchai", "203.0.113.7"]'),
        ("sign_in_address", '["address", "203.0.113.7"]'),
        ("sign_in_account", '["account", "malee", "203.0.113.7"]'),
        ("sign_in_address", '["address", "203.0.113.7"]'),
    ]


def test_an_account_deactivated_in_the_database_cannot_sign_in_through_secrets(app):
    """The bootstrapped admin is in secrets and the database; deactivated in the database (by
    another admin), the secrets' password no longer signs in."""
    from kpi_model.followup import Operator, account_by_username, add_account, update_account

    app.secrets["accounts"] = accounts(root="admin")
    at = app.run()
    db = followup()
    add_account(db, Operator("cli:test"), "second", "admin", password="second-admin-pw")
    root = account_by_username(db, "root")
    assert root is not None
    update_account(db, Operator("cli:test"), root.id, active=False)
    db.close()
    at = sign_in(at, "root", "pw-root")
    assert "auth_user" not in at.session_state
    assert [e.value for e in at.sidebar.error] == ["เข้าสู่ระบบไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"]
    at = sign_in(at, "second", "second-admin-pw")
    assert any("ผู้ดูแลระบบ" in c.value for c in at.sidebar.caption)  # the database's role, in words


def test_the_app_with_an_unusable_followup_url_shows_it_and_no_data(app, monkeypatch):
    monkeypatch.setenv("KPI_FOLLOWUP_URL", "mysql://kpi@db/followup")
    at = app.run()
    assert not at.exception
    assert len(at.error) == 1 and "KPI_FOLLOWUP_URL" in at.error[0].value
    assert "postgresql://" in at.error[0].value
    assert not at.metric and not at.dataframe and not at.title
