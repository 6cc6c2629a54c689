"""The follow-up loop served many (issue 27): two replicas behind HAProxy, fed through
SeaweedFS, sharing one PostgreSQL follow-up database (``KPI_FOLLOWUP_URL``, scripts/cluster.py).

In Debian's chromium, on each replica's own port: an analysis an agency editor saves through
one replica's page is shown by the other replica's page on its next run; an action whose save
the page confirmed survives that replica being killed (SIGKILL) at once: it is in PostgreSQL and
the other replica shows it. Skips with the reason outside CI when haproxy, SeaweedFS,
PostgreSQL or the browser is missing; fails under CI=true. Screenshots of the other replica's
page (desktop and phone) go where tests/followup/test_browser_followup.py puts its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kpi_model import followup as fu
from kpi_model.demo import demo_tables
from kpi_model.followup import accounts as account_module
from kpi_model.i18n import t
from kpi_model.passwords import hash_password
from kpi_model.store import Store
from scripts.cluster import Cluster
from tests.browser import launched_chromium, need_browser
from tests.followup.conftest import OPERATOR
from tests.followup.test_browser_followup import CODE, INDICATOR, SCREENS, TIMEOUT, go, key_class, shoot, sign_in
from tests.serving.test_serving import need_cluster

pytestmark = pytest.mark.browser
KEY = fu.note_key(CODE, 2567, 4)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    need_cluster()
    need_browser()
    work = tmp_path_factory.mktemp("cluster-followup")
    writer = Store(work / "writer")
    writer.write(demo_tables(), note="follow-up across replicas")
    with Cluster(writer.root, replicas=2, shared="s3", work=work, poll_seconds=1) as c:
        assert c.followup_url is not None and c.followup_url.startswith("postgresql+psycopg://")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(account_module, "hash_password", lambda pw: hash_password(pw, 1_000))
            db = fu.open_followup(url=c.followup_url)
            try:
                fu.add_account(db, OPERATOR, "somchai", "agency_editor", ["0402"], password="pw-somchai")
            finally:
                db.close()
        yield c


@pytest.fixture
def browser(cluster: Cluster) -> Iterator[object]:
    with launched_chromium() as b:
        yield b


def _page(browser, base: str):
    """A fresh browser (own cookies) on one replica's own port, at the indicator behind."""
    ctx = browser.new_context(viewport=SCREENS["desktop"], locale="th-TH")
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT)
    go(page, base + INDICATOR)
    return page


def test_an_analysis_saved_through_one_replica_is_shown_by_the_other(cluster: Cluster, browser):
    why = "ผู้รับเหมาส่งมอบงานล่าช้า (บันทึกผ่านเครื่องที่ 1)"
    writer = _page(browser, cluster.replica_url(0))
    sign_in(writer, "somchai", "pw-somchai")
    writer.locator(f"{key_class('fu_why')} textarea").fill(why)
    writer.locator(f"{key_class('fu_next')} textarea").fill("เร่งรัดผู้รับเหมา")
    writer.get_by_role("button", name=t("fu_save_analysis")).click()
    writer.get_by_text(t("fu_saved_analysis", revision=1)).wait_for()

    reader = _page(browser, cluster.replica_url(1))  # the other replica, signed out: a viewer
    reader.get_by_text(why).first.wait_for()
    assert reader.get_by_text(why).count() >= 1
    shoot(reader, "cluster-other-replica", why)
    writer.context.close()
    reader.context.close()


def test_a_confirmed_save_survives_its_replica_being_killed(cluster: Cluster, browser):
    what = "ประชุมเร่งรัดผู้รับเหมา ก่อนเครื่องที่ 2 ดับ"
    page = _page(browser, cluster.replica_url(1))
    sign_in(page, "somchai", "pw-somchai")
    page.locator(f"{key_class('fu_what')} textarea").fill(what)
    page.locator(f"{key_class('fu_owner')} input").fill("ฝ่ายโยธา")
    page.locator(f"{key_class('fu_due')} input").fill("31/12/2567")
    page.get_by_role("button", name=t("fu_save_action")).click()
    saved = re.compile(re.escape(t("fu_saved_action", id="#")).replace("\\#", r"\d+"))
    page.get_by_text(saved).wait_for()
    cluster.kill_replica(1)  # SIGKILL the moment the page confirmed the save
    assert cluster.procs["replica-2"].returncode == -9
    page.context.close()

    assert cluster.followup_url is not None
    db = fu.open_followup(url=cluster.followup_url)
    try:
        actions = [(a.what, a.owner, a.status, a.created_by) for a in fu.followup_of(db, KEY).actions]
    finally:
        db.close()
    assert actions == [(what, "ฝ่ายโยธา", "open", "somchai")]

    other = _page(browser, cluster.replica_url(0))  # the replica still alive, as a viewer sees it
    other.get_by_text(what).first.wait_for(state="attached")  # a cell of the actions table
    shoot(other, "cluster-after-kill", t("fu_actions"))
    other.context.close()
