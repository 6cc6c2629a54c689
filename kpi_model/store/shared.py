"""Shared storage: the one writer publishes each store version; every replica pulls it whole.

Layout of the shared target (a folder, or a bucket prefix of S3-compatible storage)::

    versions/<id>/<the version's files>   uploaded first, each as it is in the local store
    versions/<id>/MANIFEST.json           then the list of those files, sizes and sha256
    latest                                last: the id of the version replicas should serve

A version without its manifest is not finished, so a replica never takes it; a file whose
size or sha256 differs from the manifest fails the pull. A replica downloads a new version into
a temporary folder of its own store, checks every file, renames the folder into place and only
then swaps its own ``CURRENT`` (the store's own atomic switch, :mod:`kpi_model.store.publish`):
its readers see the old version or the new one, never part of one. A replica that cannot reach
the storage keeps serving what it has and says so (:class:`PullStatus`).

S3 is read and written with ``pyarrow.fs.S3FileSystem`` (DuckDB here cannot load its S3
extension), a folder with ``pyarrow.fs.LocalFileSystem``, so both go through one code path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.fs as pafs

from kpi_model.config import SharedStorage
from kpi_model.errors import KpiError
from kpi_model.store.layout import Layout
from kpi_model.store.lock import writer_lock
from kpi_model.store.publish import fsync_tree, install

__all__ = [
    "MANIFEST",
    "Manifest",
    "PullStatus",
    "Puller",
    "SharedTarget",
    "SharedUnreachable",
    "VersionIncomplete",
    "manifest_of",
    "publish_version",
    "pull_once",
    "puller_status",
    "start_puller",
    "verify",
]

MANIFEST = "MANIFEST.json"
LATEST = "latest"
_LOG = logging.getLogger("kpi_model.store.shared")
_VERSION_ID = re.compile(r"^[0-9]{8}T[0-9]{12}Z$")
_REL_PATH = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$")  # a table file, or one in a table folder
_CHUNK = 1 << 20
_S3_TIMEOUT_S = 5.0  # connect and request timeouts: an unreachable store fails a pull in seconds


class SharedUnreachable(KpiError):
    """The shared storage did not answer (down, refused, timed out)."""


class VersionIncomplete(KpiError):
    """The latest version on the shared storage has no manifest yet, or a file that does not
    match it: not taken."""


@dataclass(frozen=True)
class ManifestFile:
    path: str  # relative to the version folder, '/'-separated
    size: int  # bytes
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a published version holds: every file, its size in bytes and its sha256."""

    version: str
    files: tuple[ManifestFile, ...]

    def to_json(self) -> bytes:
        body = {"version": self.version, "files": [f.__dict__ for f in self.files]}
        return json.dumps(body, indent=1).encode()

    @classmethod
    def from_json(cls, raw: bytes, version: str) -> Manifest:
        """The manifest of ``version``; VersionIncomplete if it is not one (another id, a path
        that leaves the folder, a missing meta.json)."""
        try:
            body = json.loads(raw)
            files = tuple(ManifestFile(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in body["files"])
        except (ValueError, KeyError, TypeError) as exc:
            raise VersionIncomplete(f"the manifest of {version} cannot be read: {exc}") from None
        if body.get("version") != version:
            raise VersionIncomplete(f"the manifest of {version} names version {body.get('version')!r}")
        bad = [f.path for f in files if not _REL_PATH.match(f.path) or ".." in f.path.split("/")]
        if bad:
            raise VersionIncomplete(f"the manifest of {version} names paths outside its folder: {bad[:3]}")
        if "meta.json" not in {f.path for f in files}:
            raise VersionIncomplete(f"the manifest of {version} has no meta.json")
        return cls(version, files)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def manifest_of(folder: Path, version: str) -> Manifest:
    """The manifest of a local version folder: every file under it, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    return Manifest(
        version,
        tuple(ManifestFile(p.relative_to(folder).as_posix(), p.stat().st_size, _sha256(p)) for p in files),
    )


def verify(folder: Path, manifest: Manifest) -> list[str]:
    """What in ``folder`` differs from ``manifest``: a missing file, another size or sha256, a
    file the manifest does not list. Empty when the folder is exactly the version."""
    faults = []
    listed = {f.path for f in manifest.files}
    for f in manifest.files:
        p = folder / f.path
        if not p.is_file():
            faults.append(f"{f.path}: missing")
        elif p.stat().st_size != f.size:
            faults.append(f"{f.path}: {p.stat().st_size} bytes, the manifest says {f.size}")
        elif _sha256(p) != f.sha256:
            faults.append(f"{f.path}: sha256 differs from the manifest")
    extra = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST]
    faults += [f"{e}: not in the manifest" for e in sorted(set(extra) - listed)]
    return faults


class SharedTarget:
    """The shared storage of ``shared``: keys under its folder or bucket prefix."""

    def __init__(self, shared: SharedStorage):
        if shared.is_s3:
            bucket_prefix = shared.url.removeprefix("s3://")
            scheme, _, address = (shared.s3_endpoint or "").partition("://")
            self.fs: pafs.FileSystem = pafs.S3FileSystem(
                access_key=shared.access_key,
                secret_key=shared.secret_key,
                endpoint_override=address.rstrip("/"),
                scheme=scheme,
                region="us-east-1",
                allow_bucket_creation=True,
                connect_timeout=_S3_TIMEOUT_S,
                request_timeout=_S3_TIMEOUT_S,
                retry_strategy=pafs.AwsStandardS3RetryStrategy(max_attempts=2),
            )
            self.base = bucket_prefix.rstrip("/")
        else:
            self.fs = pafs.LocalFileSystem()
            self.base = shared.url.removeprefix("file://").rstrip("/")
        self.local = not shared.is_s3
        self.url = shared.url

    def _key(self, key: str) -> str:
        return f"{self.base}/{key}"

    def _call(self, what: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except FileNotFoundError:
            raise
        except OSError as exc:  # pyarrow's S3 errors are OSError; so are a folder's
            if "NoSuchKey" in str(exc) or "does not exist" in str(exc) or "Not Found" in str(exc):
                raise FileNotFoundError(what) from exc
            raise SharedUnreachable(f"{self.url}: {what}: {exc}") from exc

    def put_bytes(self, key: str, data: bytes) -> None:
        """Write one object whole (a folder target writes aside, then renames)."""
        self._call(f"write {key}", self._put, key, data)

    def _put(self, key: str, data: bytes) -> None:
        path = self._key(key)
        if self.local:
            self.fs.create_dir(path.rpartition("/")[0], recursive=True)
            tmp = f"{path}.tmp"
            with self.fs.open_output_stream(tmp) as out:
                out.write(data)
            self.fs.move(tmp, path)
        else:
            with self.fs.open_output_stream(path) as out:
                out.write(data)

    def put_file(self, key: str, source: Path) -> None:
        self.put_bytes(key, source.read_bytes())

    def get_bytes(self, key: str) -> bytes:
        """One object whole; FileNotFoundError when it is not there, SharedUnreachable when the
        storage does not answer."""
        return self._call(f"read {key}", self._get, key)

    def _get(self, key: str) -> bytes:
        path = self._key(key)
        info = self.fs.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(key)
        with self.fs.open_input_stream(path) as f:
            return f.read()

    def ensure(self) -> None:
        """Create the folder or bucket if it is not there (the writer, before its first publish)."""
        self._call("create", self.fs.create_dir, self.base)


def publish_version(layout: Layout, version: str, target: SharedTarget) -> Manifest:
    """Upload the local ``version``: its files, then its manifest, then ``latest``. A crash
    part-way leaves a version without a manifest (never taken) and ``latest`` unchanged."""
    folder = layout.versions_dir / version
    if not (folder / "meta.json").is_file():
        raise KpiError(f"no version {version} in {layout.root}")
    manifest = manifest_of(folder, version)
    target.ensure()
    for f in manifest.files:
        target.put_file(f"versions/{version}/{f.path}", folder / f.path)
    target.put_bytes(f"versions/{version}/{MANIFEST}", manifest.to_json())
    target.put_bytes(LATEST, version.encode())
    return manifest


def latest_version(target: SharedTarget) -> str:
    """The id ``latest`` names. VersionIncomplete when there is none (nothing published, or a
    folder that is not mounted: a replica pointed at storage that holds nothing says so) or
    it is not a version id."""
    try:
        raw = target.get_bytes(LATEST).decode("utf-8", "replace").strip()
    except FileNotFoundError:
        raise VersionIncomplete(f"nothing published at {target.url}/{LATEST}") from None
    if not _VERSION_ID.match(raw):
        raise VersionIncomplete(f"{target.url}/{LATEST} does not name a version: {raw[:40]!r}")
    return raw


def pull_once(layout: Layout, target: SharedTarget, versions_kept: int) -> str:
    """Make the shared storage's latest version current here, if it is not already: download
    it whole into a temporary folder, check every file against the manifest, rename it into
    place, swap ``CURRENT``. The version now current. Raises SharedUnreachable or
    VersionIncomplete, leaving the local store as it was."""
    version = latest_version(target)
    if version == layout.current_or_none():
        return version
    try:
        raw = target.get_bytes(f"versions/{version}/{MANIFEST}")
    except FileNotFoundError:
        raise VersionIncomplete(f"{version} has no {MANIFEST} on {target.url}: not finished, not taken") from None
    manifest = Manifest.from_json(raw, version)
    with writer_lock(layout, wait_seconds=30.0):
        if layout.current_or_none() == version:
            return version
        layout.versions_dir.mkdir(parents=True, exist_ok=True)
        tmp = layout.tmp_dir(version)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            for f in manifest.files:
                try:
                    data = target.get_bytes(f"versions/{version}/{f.path}")
                except FileNotFoundError:
                    raise VersionIncomplete(f"{version}/{f.path} is in the manifest but not on {target.url}") from None
                (tmp / f.path).parent.mkdir(parents=True, exist_ok=True)
                (tmp / f.path).write_bytes(data)
            faults = verify(tmp, manifest)
            if faults:
                raise VersionIncomplete(f"{version} does not match its manifest: {'; '.join(faults[:5])}")
            (tmp / MANIFEST).write_bytes(manifest.to_json())
            fsync_tree(tmp)
            if (layout.versions_dir / version).exists():  # a copy left by an earlier, interrupted pull
                shutil.rmtree(layout.versions_dir / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return install(layout, tmp, version, versions_kept)


@dataclass(frozen=True)
class PullStatus:
    """What a replica's puller last saw. ``version``: the version it serves; ``failing_since``:
    when pulls started to fail (UTC; None while they succeed); ``error``: the last failure."""

    version: str | None
    checked_at: dt.datetime | None
    failing_since: dt.datetime | None
    error: str | None

    @property
    def stale(self) -> bool:
        """True when the replica cannot tell whether a newer version exists."""
        return self.failing_since is not None


class Puller:
    """A background thread that pulls the shared storage's latest version every
    ``poll_seconds`` into ``layout`` (one per store folder and process: :func:`start_puller`)."""

    def __init__(self, layout: Layout, shared: SharedStorage, versions_kept: int):
        self.layout = layout
        self.shared = shared
        self.versions_kept = versions_kept
        self._target = SharedTarget(shared)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._status = PullStatus(layout.current_or_none(), None, None, None)
        self._thread = threading.Thread(target=self._loop, name="kpi-puller", daemon=True)

    def start(self) -> Puller:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def status(self) -> PullStatus:
        with self._lock:
            return self._status

    def pull(self) -> PullStatus:
        """One pull now; the status after it."""
        now = dt.datetime.now(dt.UTC)
        before = self.status()
        try:
            version = pull_once(self.layout, self._target, self.versions_kept)
        except (SharedUnreachable, VersionIncomplete, OSError) as exc:
            status = PullStatus(self.layout.current_or_none(), now, before.failing_since or now, str(exc)[:300])
            if before.error != status.error:
                _LOG.warning("shared storage: %s; serving version %s", status.error, status.version)
        else:
            status = PullStatus(version, now, None, None)
            if before.stale:
                _LOG.warning("shared storage reachable again; serving version %s", version)
            if version != before.version:
                _LOG.info("pulled version %s from %s", version, self.shared.url)
        with self._lock:
            self._status = status
        return status

    def _loop(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.pull()
            self._stop.wait(max(0.1, self.shared.poll_seconds - (time.monotonic() - started)))


_PULLERS: dict[Path, Puller] = {}
_PULLERS_LOCK = threading.Lock()


def start_puller(root: Path, shared: SharedStorage, versions_kept: int) -> Puller:
    """The one puller of store folder ``root`` in this process, started on first call (it
    pulls once before it returns, so a fresh replica serves the latest version at once)."""
    key = root.resolve()
    with _PULLERS_LOCK:
        if key not in _PULLERS:
            puller = Puller(Layout(key), shared, versions_kept)
            puller.pull()
            _PULLERS[key] = puller.start()
        return _PULLERS[key]


def puller_status(root: Path) -> PullStatus | None:
    """The status of ``root``'s puller in this process, or None when none runs."""
    puller = _PULLERS.get(root.resolve())
    return None if puller is None else puller.status()
