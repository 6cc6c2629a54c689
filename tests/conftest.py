"""Shared fixtures: the real pages beside the clone, and a demo store built once per run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_model.demo import demo_tables
from kpi_model.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI") == "true"


def shared_path(*parts: str) -> Path:
    """A file of ../shared; skips (fails in CI) when the folder is not beside the clone."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} not found: ../shared is not beside this clone (CI has it)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(autouse=True)
def _own_followup_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own follow-up database (accounts, sign-in attempts), so one test's
    failed sign-ins never slow another's; a test may set ``KPI_FOLLOWUP_URL`` itself."""
    folder = tmp_path_factory.mktemp("followup")
    monkeypatch.setenv("KPI_FOLLOWUP_URL", f"sqlite:///{folder / 'followup.sqlite'}")


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo-store"))
    store.write(demo_tables(), note="test demo")
    return store


#: The folder of a test → the marker it carries: ``make test-quick`` runs the domain (model,
#: importer, store, views, brief's content, ui helpers) and skips what starts a browser, a
#: server, or runs whole pages (``-m "not pages and not browser and not servers"``).
FOLDER_MARKERS = {"pages": "pages", "e2e": "browser", "serving": "servers", "scripts": "servers"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.path)).parent.name
        marker = FOLDER_MARKERS.get(folder)
        if marker:
            item.add_marker(getattr(pytest.mark, marker))
