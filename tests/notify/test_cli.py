"""``python -m kpi_model notify …``: settings that stop the command (exit 2 naming the
variable), and subscribe → run → log → unsubscribe against the loopback SMTP server."""

from __future__ import annotations

import pytest

from kpi_model.__main__ import main
from kpi_model.store import Store
from tests.notify.conftest import SECRET, SmtpServer

GOOD = {"KPI_SMTP_HOST": "127.0.0.1", "KPI_SMTP_FROM": "kpi@bma.example", "KPI_NOTIFY_SECRET": SECRET}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"KPI_SMTP_FROM": ""}, "KPI_SMTP_FROM"),
        ({"KPI_SMTP_HOST": ""}, "KPI_SMTP_HOST"),
        ({"KPI_SMTP_USER": "kpi"}, "KPI_SMTP_PASSWORD"),
        ({"KPI_SMTP_PASSWORD": "secret"}, "KPI_SMTP_USER"),
        ({"KPI_SMTP_STARTTLS": "maybe"}, "KPI_SMTP_STARTTLS"),
        ({"KPI_SMTP_PORT": "70000"}, "KPI_SMTP_PORT"),
        ({"KPI_NOTIFY_SECRET": ""}, "KPI_NOTIFY_SECRET"),
        ({"KPI_NOTIFY_SECRET": "short"}, "KPI_NOTIFY_SECRET"),
        ({"KPI_REPORTING_DAYS": "0"}, "KPI_REPORTING_DAYS"),
    ],
)
def test_bad_settings_stop_the_run_with_exit_2_naming_the_variable(
    env: dict[str, str],
    named: str,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    for name, value in {**GOOD, **env}.items():
        monkeypatch.setenv(name, value)
    assert main(["notify", "run", "--store", str(demo_store.root)]) == 2
    assert named in capsys.readouterr().err


def test_subscribe_run_log_unsubscribe(
    store: Store, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KPI_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("KPI_SMTP_STARTTLS", "0")
    monkeypatch.delenv("KPI_BASE_URL", raising=False)
    at = ["--store", str(store.root)]
    assert main(["notify", "subscribe", "not-an-address", *at]) == 1
    assert "cannot be used" in capsys.readouterr().err
    assert main(["notify", "subscribe", "Director@BMA.go.th", "--strategy", "7", *at]) == 0
    assert main(["notify", "list", *at]) == 0
    assert "director@bma.go.th" in capsys.readouterr().out

    assert main(["notify", "run", "--today", "2025-01-20", *at]) == 0
    out = capsys.readouterr().out
    assert "notify run: 1 sent, 0 failed" in out
    [got] = smtp_server.received
    plain = got.message.get_body(("plain",)).get_content()
    assert "ไม่มีลิงก์: ยังไม่ได้ตั้งที่อยู่ของแดชบอร์ด (KPI_BASE_URL)" in plain  # no host is invented
    assert "ยกเลิกการรับอีเมลนี้: ไม่มีลิงก์" in plain and got.message["List-Unsubscribe"] is None

    assert main(["notify", "run", "--today", "2025-01-20", *at]) == 0
    assert "notify run: 0 sent" in capsys.readouterr().out
    assert len(smtp_server.received) == 1
    assert main(["notify", "log", *at]) == 0
    log = capsys.readouterr().out.splitlines()
    assert len(log) == 1 and " sent " in log[0] and "director@bma.go.th" in log[0] and "pack:1:2567-3" in log[0]
    assert main(["notify", "unsubscribe", "director@bma.go.th", *at]) == 0
    assert main(["notify", "unsubscribe", "director@bma.go.th", *at]) == 1
