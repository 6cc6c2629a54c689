"""The review queue in Debian's chromium (DESIGN §6): an analyst signs in, confirms one
inference and decides another otherwise; both leave the queue and the verdicts shown follow on
the next view; both survive a re-import of the pages; ``rollback`` of the version before them
brings them back. Screenshots of the page (desktop 1440×900 and phone 390×844) go to
tests/artifacts/ and, for a person to look at, /tmp/shots22q/.

The store: the seed page and two real-shaped pages whose lower direction is inferred —
0900-0301 "อัตราป่วย … ไม่เกิน 50" (FY 2565, confirmed: its verdicts stay, its direction is now
the analyst's) and 5010-0456 "จำนวนผู้ป่วยโรคอาหารเป็นพิษ" (FY 2564, decided otherwise: higher is
better, so its year goes from met to behind, as the queue said it would)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_model import views
from kpi_model.filters import Filters
from kpi_model.i18n import status_label, t
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from tests.browser import (
    ARTIFACTS,
    launched_chromium,
    need_browser,
    server_with_editor,
    wait_for_app,
)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ROOT / "kpi_model" / "reference" / "seed_0402-0810.txt",
    FIXTURES / "page_count_cap_lower.txt",
    FIXTURES / "page_rate_lower.txt",
]
CONFIRM, OTHERWISE = "0900-0301|2565|direction_inferred", "5010-0456|2564|direction_inferred"
SHOTS = Path(os.environ.get("KPI_REVIEW_SHOTS", "/tmp/shots22q"))
SCREENS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    assert not import_paths(s, PAGES, user="setup").rejected
    return s


@pytest.fixture
def served(store, tmp_path):
    """The dashboard over ``store`` with a local editor account, from a secrets file in a
    private HOME (never the project's .streamlit/)."""
    need_browser()
    srv = server_with_editor(store.root, tmp_path / "home")
    yield srv
    srv.stop()


@pytest.fixture
def browser():
    with launched_chromium() as b:
        yield b


def shoot(page, name: str) -> None:
    wait_for_app(page)
    for folder in (ARTIFACTS, SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"))


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def pending(store: Store) -> list[str]:
    return [i.pending.key for i in views.review_queue(store).items]


#: What stays in the queue after the two decisions: the seed's completion reading and the three
#: fiscal years read from the pages' dates
LEFT = {
    "0402-0810|2564|level_recorded_as_percent",
    "0402-0810|2564|fiscal_year_inferred",
    "0900-0301|2565|fiscal_year_inferred",
    "5010-0456|2564|fiscal_year_inferred",
}


def annual(store: Store, code: str, fy: int) -> tuple[str, str]:
    """The store's verdict of the year and where the direction it used came from."""
    frame = store.select("annual_scores", Filters(indicator_codes=(code,), fiscal_years=(fy,)))
    return str(frame["status"].iloc[0]), str(frame["direction_source"].iloc[0])


def pick(page, label: str) -> None:
    """Choose ``label`` in the item picker. A rerun that lands just after the list opened (a
    viewport change re-lays the page out) closes it: then it is opened again, at most thrice."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        wait_for_app(page)
        page.locator(".st-key-review_item [role='combobox']").first.click()
        option = page.get_by_role("option", name=label).first
        try:
            option.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        option.click()
        return
    raise AssertionError(f"the picker never offered {label!r}")


def decide(page, key: str, label: str, button: str) -> None:
    pick(page, label)
    wait_for_app(page)
    page.locator(".st-key-review_note input").fill("ตรวจกับหน่วยงานแล้ว")
    page.locator(f".st-key-{button} button").click()
    page.get_by_text("บันทึกการตัดสินแล้ว").first.wait_for()
    wait_for_app(page)


def test_an_analyst_decides_two_inferences_that_survive_a_reimport_and_rollback_undoes(served, browser, store):
    first = views.review_queue(store)
    labels = {i.pending.key: views.review_item_label(i, "th") for i in first.items}
    assert set(pending(store)) >= {CONFIRM, OTHERWISE} and first.count == 6  # with the 3 years read from dates
    assert annual(store, "5010-0456", 2564) == ("met", "inferred")
    before = store.version()

    ctx = browser.new_context(viewport=SCREENS["desktop"], locale="th-TH")
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(served.url + "/review")
        wait_for_app(page)
        assert metric(page, t("review_items")) == "6"
        assert page.locator(".st-key-review_confirm").count() == 0  # not signed in: no action
        page.locator(".st-key-signin_user input").fill("somchai")
        page.locator(".st-key-signin_password input").fill("pw-browser")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        wait_for_app(page)
        page.locator(".st-key-review_confirm").wait_for()
        for name, screen in SCREENS.items():  # the same signed-in session at both sizes
            page.set_viewport_size(screen)
            shoot(page, f"review-editor-{name}")
            if name == "phone":
                page.locator(".st-key-review_confirm").scroll_into_view_if_needed()
                shoot(page, "review-editor-phone-action")
        page.set_viewport_size(SCREENS["desktop"])

        decide(page, CONFIRM, labels[CONFIRM], "review_confirm")
        assert metric(page, t("review_items")) == "5"
        decide(page, OTHERWISE, labels[OTHERWISE], "review_otherwise")
        assert metric(page, t("review_items")) == "4"
        assert set(pending(store)) == LEFT
        shoot(page, "review-decided-desktop")
        decided = store.version()

        # the verdicts shown follow, on the next view of the indicator
        page.goto(served.url + "/indicator?code=5010-0456&fy=2564")
        wait_for_app(page)
        assert metric(page, t("computed_status_year")) == status_label("not_met")  # FY 2564 is closed
        page.goto(served.url + "/indicator?code=0900-0301&fy=2565")
        wait_for_app(page)
        assert metric(page, t("computed_status_year")) == status_label("met")  # confirmed: as it was
        assert annual(store, "0900-0301", 2565) == ("met", "analyst")
        assert annual(store, "5010-0456", 2564) == ("not_met", "analyst")

        # a re-import of the pages keeps both decisions
        assert not import_paths(store, PAGES, user="setup").rejected
        assert store.version() != decided
        assert set(pending(store)) == LEFT
        assert annual(store, "5010-0456", 2564) == ("not_met", "analyst")
        page.goto(served.url + "/review")
        wait_for_app(page)
        assert metric(page, t("review_items")) == "4"

        # rollback to the version before the decisions brings both back
        store.rollback(before)
        assert set(pending(store)) >= {CONFIRM, OTHERWISE}
        assert annual(store, "5010-0456", 2564) == ("met", "inferred")
        page.set_viewport_size(SCREENS["desktop"])
        page.goto(served.url + "/review")
        wait_for_app(page)
        assert metric(page, t("review_items")) == "6"
    finally:
        ctx.close()
    phone = browser.new_context(viewport=SCREENS["phone"], locale="th-TH", is_mobile=True)
    try:
        pg = phone.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(served.url + "/review")
        wait_for_app(pg)
        assert pg.locator(".st-key-review_confirm").count() == 0  # a visitor: the queue, no action
        shoot(pg, "review-viewer-phone")
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= 391  # nothing spills sideways
    finally:
        phone.close()
