"""Shared fixtures: the real pages beside the clone, a demo store built once per run, and
stores built once per run that each test gets its own copy of (tests/stores.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_model.store import Store
from tests.stores import StoreTemplates, demo_copy

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
    store.write(demo_copy(), note="test demo")
    return store


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory: pytest.TempPathFactory) -> StoreTemplates:
    """``store_templates.copy(build, tmp_path / "store")``: the store ``build`` writes, built
    once per run, copied for the test that asks (so its writes stay its own)."""
    return StoreTemplates(tmp_path_factory.mktemp("store-templates"))


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
