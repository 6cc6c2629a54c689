"""kpi_model.store.shared: publish a version to shared storage, pull it whole, verify, switch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kpi_model import config
from kpi_model.errors import ConfigError
from kpi_model.store import Store, shared
from kpi_model.store.layout import Layout
from tests.factories import small_tables


def _folder(path: Path, role: str = "replica") -> config.SharedStorage:
    return config.SharedStorage(url=f"file://{path}", role=role, poll_seconds=1)


@pytest.fixture()
def writer(tmp_path: Path) -> Store:
    store = Store(tmp_path / "writer")
    store.write(small_tables(), note="first")
    return store


def _publish(store: Store, remote: Path) -> str:
    version = store.version()
    shared.publish_version(Layout(store.root), version, shared.SharedTarget(_folder(remote, "writer")))
    return version


def test_manifest_lists_every_file_with_its_size_and_sha256(writer: Store):
    folder = writer.root / "versions" / writer.version()
    manifest = shared.manifest_of(folder, writer.version())
    paths = {f.path for f in manifest.files}
    assert "meta.json" in paths and any(p.startswith("quarterly_results/") for p in paths)
    meta = next(f for f in manifest.files if f.path == "meta.json")
    assert meta.size == (folder / "meta.json").stat().st_size
    assert shared.verify(folder, manifest) == []
    back = shared.Manifest.from_json(manifest.to_json(), writer.version())
    assert back == manifest


def test_verify_names_a_changed_a_missing_and_an_unlisted_file(writer: Store, tmp_path: Path):
    folder = tmp_path / "copy"
    shutil.copytree(writer.root / "versions" / writer.version(), folder)
    manifest = shared.manifest_of(folder, writer.version())
    (folder / "meta.json").write_text((folder / "meta.json").read_text().replace('"note": "first"', '"note": "firsT"'))
    victim = next(f.path for f in manifest.files if f.path != "meta.json")
    (folder / victim).unlink()
    (folder / "stray.parquet").write_bytes(b"x")
    faults = shared.verify(folder, manifest)
    assert sorted(faults) == sorted(
        ["meta.json: sha256 differs from the manifest", f"{victim}: missing", "stray.parquet: not in the manifest"]
    )


def test_a_manifest_naming_a_path_outside_its_folder_is_refused(writer: Store):
    body = {"version": writer.version(), "files": [{"path": "../x", "size": 1, "sha256": "0"}]}
    with pytest.raises(shared.VersionIncomplete, match="outside"):
        shared.Manifest.from_json(json.dumps(body).encode(), writer.version())
    with pytest.raises(shared.VersionIncomplete, match="names version"):
        shared.Manifest.from_json(json.dumps({**body, "version": "other"}).encode(), writer.version())


def test_pull_copies_the_latest_version_whole_then_switches(writer: Store, tmp_path: Path):
    remote = tmp_path / "remote"
    version = _publish(writer, remote)
    assert (remote / "latest").read_text() == version
    replica = Layout(tmp_path / "replica")
    assert shared.pull_once(replica, shared.SharedTarget(_folder(remote)), versions_kept=3) == version
    assert replica.current_or_none() == version
    assert Store(replica.root).read("quarterly_results").equals(writer.read("quarterly_results"))
    assert not list(replica.versions_dir.glob(".tmp-*"))
    assert shared.pull_once(replica, shared.SharedTarget(_folder(remote)), versions_kept=3) == version  # no-op


def test_a_version_without_its_manifest_is_never_switched_to(writer: Store, tmp_path: Path):
    remote = tmp_path / "remote"
    first = _publish(writer, remote)
    replica = Layout(tmp_path / "replica")
    target = shared.SharedTarget(_folder(remote))
    shared.pull_once(replica, target, 3)
    writer.write(small_tables(), note="second")
    second = _publish(writer, remote)
    (remote / "versions" / second / shared.MANIFEST).unlink()  # as if the upload stopped before it
    with pytest.raises(shared.VersionIncomplete, match=r"no MANIFEST\.json"):
        shared.pull_once(replica, target, 3)
    assert replica.current_or_none() == first
    assert not (replica.versions_dir / second).exists()


def test_a_file_that_differs_from_the_manifest_is_never_switched_to(writer: Store, tmp_path: Path):
    remote = tmp_path / "remote"
    first = _publish(writer, remote)
    replica = Layout(tmp_path / "replica")
    target = shared.SharedTarget(_folder(remote))
    shared.pull_once(replica, target, 3)
    writer.write(small_tables(), note="second")
    second = _publish(writer, remote)
    meta = remote / "versions" / second / "meta.json"
    meta.write_text(meta.read_text().replace('"note": "second"', '"note": "SECOND"'))  # same size, other bytes
    with pytest.raises(shared.VersionIncomplete, match=r"meta\.json: sha256 differs"):
        shared.pull_once(replica, target, 3)
    assert replica.current_or_none() == first
    assert not (replica.versions_dir / second).exists() and not list(replica.versions_dir.glob(".tmp-*"))


def test_a_puller_that_cannot_reach_the_storage_keeps_its_version_says_so_and_recovers(writer: Store, tmp_path: Path):
    remote = tmp_path / "remote"
    first = _publish(writer, remote)
    replica = Layout(tmp_path / "replica")
    puller = shared.Puller(replica, _folder(remote), versions_kept=3)
    assert puller.pull() == shared.PullStatus(first, puller.status().checked_at, None, None)
    hidden = tmp_path / "hidden"
    remote.rename(hidden)
    (tmp_path / "remote").write_text("not a folder")  # reading under it fails as a dead mount does
    down = puller.pull()
    assert down.stale and down.version == first and down.error
    assert replica.current_or_none() == first
    assert puller.pull().failing_since == down.failing_since  # since the first failure
    (tmp_path / "remote").unlink()
    hidden.rename(remote)
    writer.write(small_tables(), note="second")
    second = _publish(writer, remote)
    up = puller.pull()
    assert not up.stale and up.version == second == replica.current_or_none()


def test_the_writer_publishes_every_write_when_it_is_the_writer(tmp_path: Path):
    remote = tmp_path / "remote"
    cfg = config.Settings(shared=_folder(remote, "writer"))
    store = Store(tmp_path / "writer", cfg=cfg)
    version = store.write(small_tables(), note="first")
    assert (remote / "latest").read_text() == version
    assert (remote / "versions" / version / shared.MANIFEST).is_file()


def test_a_writer_whose_storage_fails_keeps_its_write_and_says_it_is_not_published(tmp_path: Path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the shared folder should be")
    store = Store(tmp_path / "writer", cfg=config.Settings(shared=_folder(blocker / "remote", "writer")))
    version = store.write(small_tables(), note="first")
    assert store.version() == version
    assert store.publish_problem is not None
    assert (
        f"version {version} is written" in store.publish_problem
        and "python -m kpi_model publish" in store.publish_problem
    )
    good = Store(store.root, cfg=config.Settings(shared=_folder(tmp_path / "remote", "writer")))
    second = good.write(small_tables(), note="second")
    assert good.publish_problem is None and (tmp_path / "remote" / "latest").read_text() == second


@pytest.mark.parametrize(
    "env,name",
    [
        ({"KPI_SHARED_ROLE": "replica"}, "KPI_SHARED_ROLE"),
        ({"KPI_SHARED_URL": "file:///srv/kpi"}, "KPI_SHARED_ROLE"),
        ({"KPI_SHARED_URL": "file:///srv/kpi", "KPI_SHARED_ROLE": "reader"}, "KPI_SHARED_ROLE"),
        ({"KPI_SHARED_URL": "file://relative/x", "KPI_SHARED_ROLE": "replica"}, "KPI_SHARED_URL"),
        ({"KPI_SHARED_URL": "http://x", "KPI_SHARED_ROLE": "replica"}, "KPI_SHARED_URL"),
        ({"KPI_SHARED_URL": "s3://kpi/store", "KPI_SHARED_ROLE": "replica"}, "KPI_SHARED_S3_ENDPOINT"),
        (
            {
                "KPI_SHARED_URL": "s3://kpi",
                "KPI_SHARED_ROLE": "replica",
                "KPI_SHARED_S3_ENDPOINT": "http://127.0.0.1:1",
            },
            "KPI_SHARED_S3_ACCESS_KEY",
        ),
        ({"KPI_SHARED_URL": "file:///srv", "KPI_SHARED_ROLE": "replica", "KPI_SHARED_POLL_SECONDS": "0"}, None),
    ],
)
def test_shared_settings_fail_closed(env: dict[str, str], name: str | None):
    with pytest.raises(ConfigError) as err:
        config.from_environment(env)
    assert err.value.name == (name or "KPI_SHARED_POLL_SECONDS")


def test_shared_settings_read_and_keys_stay_out_of_the_repr():
    got = config.from_environment(
        {
            "KPI_SHARED_URL": "s3://kpi/store/",
            "KPI_SHARED_ROLE": "replica",
            "KPI_SHARED_S3_ENDPOINT": "http://127.0.0.1:8333",
            "KPI_SHARED_S3_ACCESS_KEY": "AK",
            "KPI_SHARED_S3_SECRET_KEY": "SECRETSECRET",
            "KPI_SHARED_POLL_SECONDS": "3",
        }
    ).shared
    assert got is not None and (got.url, got.role, got.poll_seconds, got.s3_endpoint) == (
        "s3://kpi/store",
        "replica",
        3,
        "http://127.0.0.1:8333",
    )
    assert "SECRETSECRET" not in repr(got) and got.secret_key == "SECRETSECRET"


def test_a_replica_whose_storage_cannot_be_reached_serves_its_version_and_says_so(demo_store, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui import data

    cfg = config.Settings(shared=_folder(tmp_path / "not-mounted"))
    monkeypatch.setattr(data, "settings", cfg)
    monkeypatch.setattr(config, "settings", cfg)
    monkeypatch.setenv("KPI_STORE", str(demo_store.root))
    before = demo_store.version()
    data._puller.clear()  # an earlier test's page over this store cached "no puller" for it
    try:
        at = AppTest.from_file("../../dashboard.py", default_timeout=60).run()
        assert not at.exception
        notice = [w.value for w in at.warning if "ที่เก็บข้อมูลกลาง" in w.value]
        assert len(notice) == 1 and "รุ่นล่าสุดที่ได้รับไว้" in notice[0]
        assert at.metric  # the page itself, on the version it has
        assert demo_store.version() == before
    finally:
        puller = shared._PULLERS.pop(demo_store.root.resolve(), None)
        if puller is not None:
            puller.stop()
        data._puller.clear()
