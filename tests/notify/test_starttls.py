"""STARTTLS and a login, as the settings ask: the loopback server demands both (a throwaway
certificate for 127.0.0.1, trusted by this test only); a wrong password is a logged failure."""

from __future__ import annotations

import datetime as dt
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpi_model.followup import FollowupDB
from kpi_model.notify import NotifySettings, SmtpSettings, mail_log, notify_run, subscribe
from kpi_model.store import Store
from tests.followup.conftest import Clock
from tests.notify.conftest import SmtpHandler, _free_port, fake_pack


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, SmtpHandler]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    trusted = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr("kpi_model.notify.smtp.ssl.create_default_context", lambda: trusted)

    def authenticator(server, session, envelope, mechanism, data) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"kpi", b"s3cret-pw")
        return AuthResult(success=ok, handled=False)

    handler = SmtpHandler()
    port = _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_starttls_and_login_then_a_wrong_password_is_logged(
    db: FollowupDB, store: Store, tls_server: tuple[int, SmtpHandler], ns: NotifySettings, clock: Clock
):
    port, handler = tls_server
    subscribe(db, "director@bma.go.th", "cli:test")
    wrong = SmtpSettings("127.0.0.1", port, "kpi@bma.example", "kpi", "wrong", True, 5)
    report = notify_run(db, store, wrong, ns, today=dt.date(2025, 1, 20), make_pack=fake_pack)
    assert report.failed == 1 and "535" in mail_log(db)[0].detail and handler.received == []

    clock.advance(301)
    right = SmtpSettings("127.0.0.1", port, "kpi@bma.example", "kpi", "s3cret-pw", True, 5)
    report = notify_run(db, store, right, ns, today=dt.date(2025, 1, 20), make_pack=fake_pack)
    assert report.sent == 1 and [r.rcpt_tos for r in handler.received] == [["director@bma.go.th"]]
