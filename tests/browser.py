"""Real-browser harness: `streamlit run` on 127.0.0.1 and Debian's chromium through Playwright.

Under CI=true a missing browser fails the test; elsewhere it skips, saying why."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def need_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found (make test installs Debian's chromium when run as root)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright for Python is not installed (requirements-dev.txt)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A dashboard process on a free loopback port, over ``store_dir``; ``app`` is
    ``dashboard.py`` (served cold) or ``serve.py`` (warmed before it says ready)."""

    def __init__(
        self,
        store_dir: Path,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        app: str = "dashboard.py",
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **(env or {}), "KPI_STORE": str(store_dir)}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"streamlit-{self.port}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - held open for the server's life, closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / app),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.25)
        self.stop()
        raise RuntimeError("streamlit did not start: " + self.log_path.read_text(errors="replace"))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


APP_DONE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const running = document.querySelector("[data-testid='stStatusWidget']");
    const loading = document.querySelector(
        "[data-testid='stSkeleton'], [data-testid='stSkeletonElement'], [data-testid='stAppSkeleton']");
    return app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning' && !running && !loading;
}"""  # the script has run, the page is drawn


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright (never a downloaded browser), closed on leaving."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def server_with_editor(root: Path, home: Path, user: str = "somchai", password: str = "pw-browser") -> Server:
    """The dashboard over the store at ``root`` with one local editor account, read from a
    secrets file in ``home`` (a private HOME, never the project's .streamlit/)."""
    from ui.auth import hash_password

    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        f'[accounts.{user}]\npassword_hash = "{hash_password(password, 1_000)}"\nrole = "editor"\n',
        encoding="utf-8",
    )
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        return Server(root)
    finally:
        if old is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = old


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (the first paint is empty)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(APP_DONE_JS, timeout=timeout_ms)
