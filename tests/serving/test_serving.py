"""Serving many (issue 17): SeaweedFS, two replicas and HAProxy on loopback, driven by clients of
Streamlit's own websocket protocol (bench/load.py).

The writer imports a page and publishes; both replicas pull and serve it within 10 s. A
session's upload and download go through HAProxy to the replica that holds the session; when a
replica dies, its viewers' next sessions land on the other. Skips with the reason outside CI
when haproxy or SeaweedFS is missing; fails under CI=true."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench import load
from kpi_model.demo import demo_tables
from kpi_model.store import Store
from kpi_model.store.layout import Layout
from scripts.cluster import Cluster, haproxy_config, missing_tools
from tests.conftest import FIXTURES, IN_CI

PAGE = FIXTURES / "page_strategy_names.txt"  # indicator 0400-0120, not in the demo store
CODE, NAME = "0400-0120", "ร้อยละของบริการที่ประชาชนทำรายการออนไลน์ได้ครบทุกขั้นตอน"
ARRIVAL_S = 10.0


def need_cluster() -> None:
    missing = missing_tools("s3")
    if missing:
        reason = "cannot start a cluster: missing " + "; ".join(missing)
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_cluster()
    work = tmp_path_factory.mktemp("cluster")
    writer = Store(work / "writer")
    writer.write(demo_tables(), note="test demo")
    with Cluster(writer.root, replicas=2, shared="s3", work=work, poll_seconds=1) as c:
        yield c


def _run(base: str, path: str, query: str, cookie: str | None = None) -> tuple[load.Run, bytes, str]:
    """One page run in a new session on ``base``: the run, every ForwardMsg's bytes, the cookie."""

    async def go() -> tuple[load.Run, bytes, str]:
        ws, hashes, sent = await _open(base, cookie)
        try:
            seen: list = []
            run = await load.one_run(ws, path, query, hashes, timeout=60, seen=seen)
            return run, b"".join(m.SerializeToString() for m in seen), sent
        finally:
            await ws.close()

    return asyncio.run(go())


async def _open(base: str, cookie: str | None):
    from websockets.asyncio.client import connect

    sent = cookie if cookie is not None else await asyncio.to_thread(load._cookie, base)
    ws = await connect(
        load.ws_url(base),
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers={"Cookie": sent} if sent else {},
        max_size=None,
        open_timeout=15,
    )
    return ws, {}, sent


def test_a_published_import_reaches_both_replicas_within_10_s(cluster: Cluster):
    for i in range(2):
        run, page, _ = _run(cluster.replica_url(i), "indicator", f"code={CODE}")
        assert run.error is None and NAME.encode() not in page
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kpi_model", "import", str(PAGE), "--store", str(cluster.store)],
        env=cluster.writer_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    published = time.monotonic()
    version = Layout(cluster.store).current_or_none()
    assert version is not None and version in done.stdout
    pending = {0, 1}
    while pending and time.monotonic() - published < ARRIVAL_S:
        pending = {i for i in pending if Layout(cluster.replica_store(i)).current_or_none() != version}
        time.sleep(0.1)
    assert not pending, f"replicas {pending} still serve their old version after {ARRIVAL_S} s"
    for i in range(2):
        run, page, _ = _run(cluster.replica_url(i), "indicator", f"code={CODE}")
        assert run.error is None and NAME.encode() in page


def _session_on(cluster: Cluster, server: str):
    """A session through HAProxy pinned by cookie to replica ``server`` ('r1' or 'r2'): the
    websocket, its session id, its first page's messages and the cookie header."""

    async def go():
        cookie = await asyncio.to_thread(load._cookie, cluster.url)
        cookie = "; ".join([c for c in cookie.split("; ") if not c.startswith("SERVERID=")] + [f"SERVERID={server}"])
        ws, hashes, sent = await _open(cluster.url, cookie)
        seen: list = []
        run = await load.one_run(ws, "quality", "", hashes, timeout=60, seen=seen)
        assert run.error is None
        session_id = next(m.new_session.initialize.session_id for m in seen if m.WhichOneof("type") == "new_session")
        return ws, session_id, seen, sent

    return go


def _upload(cluster: Cluster, session_id: str, cookie: str) -> int:
    xsrf = next(c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("_streamlit_xsrf="))
    body = b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nx\r\n--B--\r\n'
    request = urllib.request.Request(
        f"{cluster.url}/_stcore/upload_file/{session_id}/f1",
        data=body,
        method="PUT",
        headers={"Cookie": cookie, "X-Xsrftoken": xsrf, "Content-Type": "multipart/form-data; boundary=B"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_uploads_and_downloads_reach_the_replica_that_holds_the_session(cluster: Cluster):
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def go():
        ws, session_id, seen, cookie = await _session_on(cluster, "r1")()
        try:
            assert _upload(cluster, session_id, cookie) in (200, 204)
            elsewhere = cookie.replace("SERVERID=r1", "SERVERID=r2")
            assert _upload(cluster, session_id, elsewhere) == 400  # the other replica has no such session
            button = next(
                m.delta.new_element.download_button
                for m in seen
                if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "download_button"
            )
            ask = BackMsg()
            ask.backend_operation_request.request_id = "d1"
            ask.backend_operation_request.session_id = session_id
            ask.backend_operation_request.deferred_file.file_id = button.deferred_file_id
            await ws.send(ask.SerializeToString())
            for _ in range(200):
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), 30))
                if msg.WhichOneof("type") == "backend_operation_response":
                    return msg.backend_operation_response.deferred_file.url, cookie
            raise AssertionError("no answer to the download request")
        finally:
            await ws.close()

    url, cookie = asyncio.run(go())
    assert url.startswith("/media/")
    with urllib.request.urlopen(urllib.request.Request(cluster.url + url, headers={"Cookie": cookie}), timeout=30) as r:
        body = r.read()
    assert r.status == 200 and body.startswith("\ufeff".encode())  # the extract: CSV, UTF-8 with BOM


def test_a_dead_replica_s_viewers_move_to_the_other(cluster: Cluster):
    run, _, cookie = _run(cluster.url, "", "")
    assert run.error is None and "SERVERID=r" in cookie
    holder = int(cookie.split("SERVERID=r", 1)[1][0]) - 1
    cluster.kill_replica(holder)
    run, page, _ = _run(cluster.url, "", "", cookie=cookie)  # the old cookie, as a reloaded tab sends it
    assert run.error is None and page
    fresh, _, new_cookie = _run(cluster.url, "quality", "")
    assert fresh.error is None and f"SERVERID=r{2 - holder}" in new_cookie


def test_a_replica_that_cannot_reach_the_storage_keeps_its_version_and_says_so(tmp_path: Path):
    """In process (the thread a replica runs): SeaweedFS stops; the puller keeps the version it
    has, reports the failure, and takes the next version once the storage is back."""
    need_cluster()
    writer = Store(tmp_path / "writer")
    writer.write(demo_tables(), note="test demo")
    from kpi_model.config import from_environment
    from kpi_model.store import shared

    with Cluster(writer.root, replicas=1, shared="s3", work=tmp_path / "c", proxy=False) as c:
        cfg = from_environment({**c.env, "KPI_SHARED_ROLE": "replica"}).shared
        assert cfg is not None
        replica = Layout(tmp_path / "replica")
        puller = shared.Puller(replica, cfg, versions_kept=3)
        first = puller.pull()
        assert first.version == writer.version() and not first.stale
        c.procs["weed"].kill()
        c.procs["weed"].wait(10)
        down = puller.pull()
        assert down.stale and down.version == first.version == replica.current_or_none()
        assert down.error and c.env["KPI_SHARED_S3_ENDPOINT"].split("//")[1] in down.error


def test_the_haproxy_configuration_is_sticky_checks_health_and_keeps_websockets_open():
    cfg = haproxy_config(8501, [9001, 9002])
    assert "bind 127.0.0.1:8501" in cfg
    assert "cookie SERVERID insert indirect nocache httponly" in cfg
    assert "timeout tunnel 8h" in cfg and "option redispatch" in cfg
    assert "option httpchk GET /_stcore/health" in cfg
    assert "server r1 127.0.0.1:9001 check inter 1s fall 2 rise 2 cookie r1" in cfg
    assert "server r2 127.0.0.1:9002 check inter 1s fall 2 rise 2 cookie r2" in cfg
    assert "option forwardfor" in cfg  # the visitor's address for the sign-in limits (issue 23) …
    assert cfg.index("http-request del-header X-Forwarded-For") < cfg.index("option forwardfor")  # … never the client's


def test_every_replica_uses_the_one_followup_database(cluster: Cluster):
    """Issue 27: what people write is one PostgreSQL database for every replica, started on
    loopback by the cluster and migrated by the first replica to open it."""
    from kpi_model.followup import (
        HEAD_REVISION,
        Operator,
        add_account,
        add_comment,
        followup_of,
        note_key,
        open_followup,
    )

    assert cluster.followup_url is not None and cluster.followup_url.startswith("postgresql+psycopg://")
    alive = [i for i in range(2) if cluster.procs[f"replica-{i + 1}"].poll() is None]  # a test above kills one
    assert alive
    for i in alive:
        environ = Path(f"/proc/{cluster.replica_pid(i)}/environ").read_bytes().split(b"\0")
        assert f"KPI_FOLLOWUP_URL={cluster.followup_url}".encode() in environ
    db = open_followup(url=cluster.followup_url)
    try:
        from kpi_model.followup import current_revision

        assert current_revision(db.engine) == HEAD_REVISION
        analyst = add_account(db, Operator("cli:test"), "suda", "analyst")
        add_comment(db, analyst, note_key("0402-0810", 2569, 2), "เห็นจากทุกเครื่อง")
        other = open_followup(url=cluster.followup_url)  # another process's engine: the same row at once
        try:
            assert [c.body for c in followup_of(other, note_key("0402-0810", 2569, 2)).comments] == ["เห็นจากทุกเครื่อง"]
        finally:
            other.close()
    finally:
        db.close()
