"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, a server that
accepts connections and never answers, a store whose newest quarter can land later, and the
follow-up database on SQLite and PostgreSQL (tests/followup's fixtures)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from kpi_model.demo import demo_tables
from kpi_model.followup import FollowupDB, open_followup
from kpi_model.notify import NotifySettings, SmtpSettings
from kpi_model.store import Store
from tests.followup.conftest import OPERATOR, Clock, db_url, pg  # noqa: F401  (fixtures reused)

SECRET = "test-secret-0123456789abcdef"
BASE_URL = "https://kpi.bma.example"


@dataclass
class Received:
    """What the SMTP server was given: envelope recipients and the parsed message."""

    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SmtpHandler:
    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: SmtpHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def settings(self, timeout: int = 5) -> SmtpSettings:
        return SmtpSettings(self.host, self.port, "kpi@bma.example", None, None, False, timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    handler = SmtpHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def hung_server() -> Iterator[tuple[str, int]]:
    """Accepts connections and never says a word (an SMTP server that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()


def write_store(store: Store, with_q4: bool) -> None:
    """The demo data; without ``with_q4`` the 2567 fourth quarter has not landed yet."""
    tables = demo_tables()
    if not with_q4:
        q = tables["quarterly_results"]
        tables["quarterly_results"] = q.loc[~((q["fiscal_year"] == 2567) & (q["quarter"] == 4))].reset_index(drop=True)
    store.write(tables, note="test: q4 landed" if with_q4 else "test: up to q3")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store whose newest quarter is 2567 Q3 (write_store(store, True) lands Q4)."""
    s = Store(tmp_path / "store")
    write_store(s, with_q4=False)
    return s


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2024, 10, 10, 3, 0, tzinfo=dt.UTC))


@pytest.fixture
def db(db_url: str, clock: Clock) -> Iterator[FollowupDB]:  # noqa: F811
    opened = open_followup(url=db_url, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def ns() -> NotifySettings:
    return NotifySettings(BASE_URL, SECRET.encode(), 30)


def fake_pack(store: Store, fy: int, quarter: int, kind: str, code: str, lang: str, base_url: str | None) -> bytes:
    """A stand-in PDF for tests about sending, not about the pack (chromium takes seconds)."""
    return f"%PDF-1.4 fake {fy} {quarter} {kind} {code}".encode()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "attached.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
