"""ui.data: a cached load reads one store version, the one in its cache key (issue 11, item 2)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from kpi_model import views
from kpi_model.store import Store
from tests.factories import small_tables
from ui import data


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    s = Store(tmp_path / "data")
    s.write(small_tables(), note="first")
    monkeypatch.setenv("KPI_STORE", str(s.root))
    st.cache_data.clear()
    yield s
    st.cache_data.clear()


def _second_version() -> dict[str, pd.DataFrame]:
    tables = small_tables()
    qr = tables["quarterly_results"]
    tables["quarterly_results"] = qr.assign(actual=qr["actual"].where(qr["quarter"] != 1, 12.0))
    extra = tables["agencies"].iloc[[0]].assign(agency_code="0403")
    tables["agencies"] = pd.concat([tables["agencies"], extra], ignore_index=True)
    return tables


def _import_after_first(method: str, monkeypatch) -> list[str]:
    """The first call of ``Store.<method>`` is followed by an import (CURRENT swapped)."""
    written: list[str] = []
    real = getattr(Store, method)

    def then_import(self, *args, **kwargs):
        out = real(self, *args, **kwargs)
        if not written:
            written.append(Store(self.root).write(_second_version(), note="an import"))
        return out

    monkeypatch.setattr(Store, method, then_import)
    return written


def test_a_view_of_two_queries_reads_the_version_of_its_cache_key(store, monkeypatch):
    def two_counts(s: Store) -> tuple[int, int]:
        return len(s.select("agencies")), len(s.select("agencies"))

    monkeypatch.setattr(views, "two_counts", two_counts, raising=False)
    written = _import_after_first("select", monkeypatch)
    old_key = data.version()
    assert data.load(two_counts) == (2, 2)  # not (2, 3): the import landed in between
    assert written and data.version() != old_key
    assert data._call(old_key, "two_counts", (), ()) == (2, 2)  # what is cached under the old key
    assert data.load(two_counts) == (3, 3)  # the new version, under its own key


def test_the_headline_is_one_versions_answer_while_an_import_lands(store, monkeypatch):
    """``views.headline`` runs three rollups (this quarter, the one before, a year before)."""
    expected = views.headline(Store(store.root), 2564, 2)
    written = _import_after_first("rollup", monkeypatch)
    got = data.load(views.headline, 2564, 2)
    assert written
    assert got == expected
    assert views.headline(Store(store.root), 2564, 2) != expected  # the import did change it


def test_a_download_runs_pinned_to_the_version_of_its_cache_key(store, monkeypatch):
    seen: list[str] = []
    real = Store.extract

    def extract(self, *args, **kwargs):
        seen.append(self.version())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "extract", extract)
    first = store.version()
    key = data.version()
    Store(store.root).write(_second_version(), note="an import")  # after the key was taken
    from kpi_model.store import Filters

    data._download(key, Filters(), ".csv")
    assert seen == [first]


def test_only_a_view_of_kpi_model_views_is_loaded(store):
    """The cache is keyed by the view's name: a function that is not that view is refused,
    never answered from another view's cache entry."""

    def headline(s: Store, fy: int, q: int) -> str:  # same name, not the view
        return "impostor"

    with pytest.raises(ValueError, match="not a view"):
        data.load(headline, 2564, 2)


def test_one_run_reads_the_store_s_version_once_and_the_next_run_reads_it_again(store):
    first = data.version()
    with data.once_per_run():
        assert data.version() == first
        store.write(_second_version(), note="second")  # an import while the run goes on
        assert data.version() == first  # the run keeps reading the version it began with
    assert data.version() != first  # the next run reads the new one
    with data.once_per_run():
        assert data.version() == f"{store.root}:{store.version()}"


def test_the_packs_pdf_is_cached_until_the_followup_database_changes(store, tmp_path, monkeypatch):
    """The briefing pack shows follow-up notes, which change without a new store version: the
    cached PDF is made again after any write to the follow-up database, and only then."""
    from kpi_model.brief import PackRequest
    from kpi_model.followup import Operator, add_account, add_comment, followup_of, note_key, open_followup

    url = f"sqlite:///{tmp_path / 'followup.sqlite'}"
    monkeypatch.setenv("KPI_FOLLOWUP_URL", url)
    made: list[int] = []
    key = note_key("0402-0810", 2567, 4)

    def fake_pdf(s, fiscal_year, quarter, scope, lang, *, followup=None):
        assert followup is not None and followup.url == url
        made.append(len(followup_of(followup, key).comments))
        return f"pack with {made[-1]} comments".encode()

    monkeypatch.setattr(data, "brief_pdf", fake_pdf)
    request = PackRequest(2567, 4)
    assert data.brief_bytes(request, "th") == b"pack with 0 comments"
    assert data.brief_bytes(request, "th") == b"pack with 0 comments" and made == [0]  # cached
    db = open_followup(url=url)
    try:
        analyst = add_account(db, Operator("cli:test"), "suda", "analyst")
        assert data.brief_bytes(request, "th") == b"pack with 0 comments" and made == [0, 0]  # an account: a change
        add_comment(db, analyst, key, "ขอแผนเร่งรัด")
    finally:
        db.close()
    assert data.brief_bytes(request, "th") == b"pack with 1 comments" and made == [0, 0, 1]
