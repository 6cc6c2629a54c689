"""Shared fixtures: the real pages beside the clone, a demo store built once per run, and
stores built once per run that each test gets its own copy of (tests/stores.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_model.demo import demo_tables  # noqa: F401  (tests/followup/test_browser_followup.py imports it from here)
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

#: Outside those folders, a fixture → the marker of the tests that use it: the dashboard run
#: through AppTest (``app``), an SMTP server on loopback, a server that accepts and hangs.
FIXTURE_MARKERS = {"app": "pages", "smtp_server": "servers", "hung_server": "servers"}

#: A name the test or one of its fixtures calls → the marker: ``need_renderer`` (tests/brief)
#: gates the packs printed by Debian's chromium; ``AppTest`` runs the dashboard's pages.
CALL_MARKERS = {"need_renderer": "browser", "AppTest": "pages"}


#: The exhaustive sweeps ``make test-quick`` skips (``slow``) and ``make test`` runs, and why each
#: is slow: together they were more than a minute of the quick run.
SLOW_TESTS = {
    "tests/store/test_scoring.py::test_bulk_equals_reference_on_random_indicator_years": (
        "60 random stores, each scored twice (Python reference and SQL)"
    ),
    "tests/store/test_scoring.py::test_random_indicator_years_reach_the_edges": (
        "100 random stores scored, to show the sweep above reaches every rule's edge"
    ),
    "tests/importer/test_detail_page.py::test_the_seed_cut_anywhere_after_its_target_line_imports_with_the_flag_until_its_end": (
        "the seed page parsed cut at 200 places"
    ),
    "tests/importer/test_detail_page.py::test_any_mutation_of_the_seed_gives_a_page_or_a_rejection": (
        "200 mutated copies of the seed page parsed"
    ),
    "tests/importer/test_tables.py::test_round_trip_any_text_and_number": (
        "200 random tables each written to CSV and XLSX and read back"
    ),
}


def _markers_of(item: pytest.Item) -> set[str]:
    """The markers ``item`` carries by where it is and what it starts (see the tables above)."""
    found = set()
    folder = FOLDER_MARKERS.get(Path(str(item.path)).parent.name)
    if folder:
        found.add(folder)
    fixtures = getattr(item, "fixturenames", ())
    found.update(marker for name, marker in FIXTURE_MARKERS.items() if name in fixtures)
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("db_url") == "postgresql":
        found.add("servers")  # tests/followup's engines: PostgreSQL is a throwaway cluster on loopback
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    if info is not None:
        functions += [d.func for defs in info.name2fixturedefs.values() for d in defs]
    names = {n for f in functions if f is not None and hasattr(f, "__code__") for n in f.__code__.co_names}
    found.update(marker for name, marker in CALL_MARKERS.items() if name in names)
    if item.nodeid.split("[")[0] in SLOW_TESTS:
        found.add("slow")
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for marker in sorted(_markers_of(item)):
            item.add_marker(getattr(pytest.mark, marker))
