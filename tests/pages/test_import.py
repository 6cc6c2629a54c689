"""The Import page: editors only; upload → preview (nothing written) → confirm; hostile names
and oversized files; the import log. Through AppTest (its file_uploader takes bytes) and
through ui.upload directly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpi_model import config, views
from kpi_model.errors import StoreLocked
from kpi_model.importer.batch import import_paths
from kpi_model.store import Store
from tests.conftest import FIXTURES, shared_path
from ui import upload
from ui.auth import hash_password
from ui.upload import Upload, run_import, safe_name

APP = "../../dashboard.py"
PAGE = "pages/import_data.py"
PAGE_FILE = Path(__file__).resolve().parents[2] / PAGE


def seed_bytes() -> bytes:
    return shared_path("seeds", "000_95ba60cfabf6246c.txt").read_bytes()


@pytest.fixture
def store(tmp_path) -> Store:
    """A store holding the demo's reference tables and one indicator (a real page) — not the
    seed, so the seed is 'added'."""
    s = Store(tmp_path / "store")
    import_paths(s, [FIXTURES / "page_count_thai_digits.txt"], fiscal_year=2565, user="setup")
    return s


def editor_app(store: Store, monkeypatch, role: str = "editor") -> AppTest:
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["accounts"] = {"somchai": {"password_hash": hash_password("pw", 1_000), "role": role}}
    at.run()
    at.text_input(key="signin_user").input("somchai")
    at.text_input(key="signin_password").input("pw")
    return at.form_submit_button[0].click().run()


def on_import_page(store: Store, monkeypatch) -> AppTest:
    at = editor_app(store, monkeypatch)
    return at.switch_page(PAGE).run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# ---- access ---------------------------------------------------------------------------------
def test_without_signing_in_the_import_page_is_not_a_page(store, monkeypatch):
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "import" not in {info.get("url_pathname") for info in at._registered_pages.values()}
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)


def run_page_alone(page_file: str) -> None:
    """The page run without the router's navigation (as a stale link or a bypass would)."""
    import runpy

    from ui import router

    router._state.routing = True
    try:
        runpy.run_path(page_file, run_name="__main__")
    finally:
        router._state.routing = False


@pytest.mark.parametrize("signed_in", [None, "malee"])
def test_the_page_itself_refuses_anyone_not_an_editor(store, monkeypatch, signed_in):
    monkeypatch.setenv("KPI_STORE", str(store.root))
    at = AppTest.from_function(run_page_alone, args=(str(PAGE_FILE),), default_timeout=60)
    at.secrets["accounts"] = {"malee": {"password_hash": hash_password("pw", 1_000), "role": "viewer"}}
    if signed_in:
        at.session_state["auth_user"] = signed_in  # a signed-in viewer is refused too
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["หน้านี้สำหรับผู้มีสิทธิ์แก้ไขข้อมูลที่เข้าสู่ระบบแล้วเท่านั้น"]
    assert not at.file_uploader and not at.button


def test_a_viewer_account_gets_no_import_page(store, monkeypatch):
    at = editor_app(store, monkeypatch, role="viewer")
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_an_editor_sees_the_uploader_and_the_import_log(store, monkeypatch):
    at = on_import_page(store, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "นำเข้าข้อมูลตัวชี้วัด"
    uploader = at.file_uploader(key="import_files")
    assert uploader.accept_multiple_files
    assert set(uploader.allowed_type) == {".txt", ".csv", ".tsv", ".xlsx"}
    log = next(d.value for d in at.dataframe if "ผู้นำเข้า" in d.value.columns)
    assert list(log["ผู้นำเข้า"]) == ["setup"]


def test_a_damaged_line_in_the_import_log_is_said_on_the_page(store, monkeypatch):
    """Issue 11, item 5: a damaged line is never skipped in silence."""
    log = store.root / "import_log.jsonl"
    log.write_bytes(b"\x00\x00 not a line\n" + log.read_bytes())
    at = on_import_page(store, monkeypatch)
    assert not at.exception
    assert any("เสียหาย 1 บรรทัด" in w.value and "บรรทัดที่ 1" in w.value for w in at.warning)
    shown = next(d.value for d in at.dataframe if "ผู้นำเข้า" in d.value.columns)
    assert list(shown["ผู้นำเข้า"]) == ["setup"]  # the readable lines are still shown


# ---- the flow through the page --------------------------------------------------------------
def test_a_good_page_previews_as_one_added_and_changes_nothing_until_confirm(store, monkeypatch):
    before = store.version()
    log_before = len(store.import_log())
    at = on_import_page(store, monkeypatch)
    at.file_uploader(key="import_files").upload("ตัวชี้วัด 0402-0810.txt", seed_bytes(), "text/plain").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["ตัวชี้วัด-ปี ที่จะเพิ่ม"] == "1"
    assert shown["ตัวชี้วัด-ปี ที่จะแทนที่"] == "0"
    assert shown["รายการที่ถูกปฏิเสธ"] == "0"
    assert shown["ไฟล์ที่อ่าน"] == "1"
    assert not at.button(key="import_confirm").disabled
    assert store.version() == before and len(store.import_log()) == log_before  # a preview writes nothing

    at.button(key="import_confirm").click().run()
    assert not at.exception
    after = store.version()
    assert after != before
    assert any(after in s.value for s in at.success)
    entry = store.import_log()[-1]
    assert entry["user"] == "somchai"
    assert entry["files"] == [{"name": "ตัวชี้วัด_0402-0810.txt", "sha256": hashlib.sha256(seed_bytes()).hexdigest()}]
    assert (entry["added"], entry["replaced"], entry["version"]) == (1, 0, after)
    assert not [b for b in at.button if b.key == "import_confirm"]  # done: no second confirm
    # the sidebar shows the new version; the log table names the user
    assert any(after in c.value for c in at.main.caption)  # the import page names the version
    assert not any(after in c.value for c in at.sidebar.caption)  # readers are not shown version ids
    log = next(d.value for d in at.dataframe if "ผู้นำเข้า" in d.value.columns)
    assert list(log["ผู้นำเข้า"])[:2] == ["somchai", "setup"]


def test_the_same_files_are_not_imported_twice_by_a_second_click(store, monkeypatch):
    at = on_import_page(store, monkeypatch)
    at.file_uploader(key="import_files").upload("seed.txt", seed_bytes(), "text/plain").run()
    at.button(key="import_confirm").click().run()
    version = store.version()
    at.run()
    assert store.version() == version
    assert any("นำเข้าแล้ว" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "import_confirm"]


def test_a_bad_page_shows_its_rejection_with_the_line_and_confirm_is_disabled(store, monkeypatch):
    before = store.version()
    at = on_import_page(store, monkeypatch)
    at.number_input(key="import_fy").set_value(2564)
    at.file_uploader(key="import_files").upload(
        "page_quarter_5.txt", (FIXTURES / "page_quarter_5.txt").read_bytes(), "text/plain"
    ).run()
    assert not at.exception
    expected = import_paths(Store(store.root), [FIXTURES / "page_quarter_5.txt"], 2564, dry_run=True).rejected
    table = next(d.value for d in at.dataframe if "บรรทัด / แถว" in d.value.columns)
    assert list(table["ไฟล์"]) == ["page_quarter_5.txt"] * len(expected)
    assert list(table["บรรทัด / แถว"]) == [str(p.row) for p in expected]
    assert list(table["รายละเอียด"]) == [p.message_th for p in expected]
    assert metrics(at)["รายการที่ถูกปฏิเสธ"] == str(len(expected))
    assert at.button(key="import_confirm").disabled
    assert store.version() == before


def test_a_page_cut_short_previews_its_flag(store, monkeypatch):
    at = on_import_page(store, monkeypatch)
    at.number_input(key="import_fy").set_value(2564)
    at.file_uploader(key="import_files").upload(
        "cut.txt", (FIXTURES / "page_cut_before_table.txt").read_bytes(), "text/plain"
    ).run()
    assert not at.exception
    flags = next(d.value for d in at.dataframe if "ประเภทข้อสังเกต" in d.value.columns)
    assert list(flags["ตัวชี้วัด"]) == ["5010-0123"]
    assert flags["รายละเอียด"][0].startswith("หน้าข้อมูลถูกตัดสั้น")
    assert metrics(at)["ตัวชี้วัด-ปี ที่จะเพิ่ม"] == "1" and not at.button(key="import_confirm").disabled


def test_english_shows_the_rejection_in_english(store, monkeypatch):
    at = editor_app(store, monkeypatch)
    at.query_params["lang"] = "en"
    at.switch_page(PAGE).run()
    at.number_input(key="import_fy").set_value(2564)
    at.file_uploader(key="import_files").upload(
        "q5.txt", (FIXTURES / "page_quarter_5.txt").read_bytes(), "text/plain"
    ).run()
    table = next(d.value for d in at.dataframe if "Line / row" in d.value.columns)
    expected = import_paths(Store(store.root), [FIXTURES / "page_quarter_5.txt"], 2564, dry_run=True).rejected
    assert list(table["Message"]) == [p.message_en for p in expected]


def test_an_oversized_upload_is_refused_on_the_page(store, monkeypatch):
    monkeypatch.setattr(config, "settings", config.Settings(max_upload_mb=1))
    passed: list[str] = []
    real = upload.run_import
    monkeypatch.setattr(
        upload, "run_import", lambda s, ups, *a, **k: passed.extend(u.name for u in ups) or real(s, ups, *a, **k)
    )
    at = on_import_page(store, monkeypatch)
    at.file_uploader(key="import_files").upload("big.csv", b"x" * (1024 * 1024 + 1), "text/csv").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "บรรทัด / แถว" in d.value.columns)
    assert list(table["ไฟล์"]) == ["big.csv"]
    assert "ใหญ่เกินกำหนด" in table["รายละเอียด"][0]
    assert at.button(key="import_confirm").disabled
    assert "big.csv" not in passed  # never saved, never previewed


def test_uploads_past_the_hourly_budget_are_refused_with_a_clear_message(store, monkeypatch):
    """Issue 11, item 6: a session (and an address) may hand the importer so much per hour."""
    monkeypatch.setattr(config, "settings", config.Settings(upload_mb_per_hour=1))
    monkeypatch.setattr("ui.auth.visitor_address", lambda: "203.0.113.7")
    upload.upload_budget.cache_clear()
    previewed: list[str] = []
    real = upload.run_import
    monkeypatch.setattr(
        upload, "run_import", lambda s, ups, *a, **k: previewed.extend(u.name for u in ups) or real(s, ups, *a, **k)
    )
    try:
        at = on_import_page(store, monkeypatch)
        header = b"agency_code,name_th,kind\n"
        at.file_uploader(key="import_files").upload("a.csv", header + b"x" * 600_000, "text/csv").run()
        assert not at.exception and previewed == ["a.csv"]
        at.file_uploader(key="import_files").upload("b.csv", header + b"y" * 600_000, "text/csv").run()
        assert not at.exception
        assert previewed == ["a.csv"]  # b.csv was never parsed
        assert any("เกิน 1 MB ภายในหนึ่งชั่วโมง" in e.value and "60 นาที" in e.value for e in at.error)
    finally:
        upload.upload_budget.cache_clear()


def test_confirm_after_the_store_changed_asks_for_a_new_look(store, monkeypatch):
    at = on_import_page(store, monkeypatch)
    at.file_uploader(key="import_files").upload("seed.txt", seed_bytes(), "text/plain").run()
    import_paths(Store(store.root), [shared_path("seeds")], user="someone-else")  # another import meanwhile
    moved = store.version()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert store.version() == moved  # nothing imported on a stale preview
    assert any("ตรวจตัวอย่างใหม่" in w.value for w in at.warning)
    assert metrics(at)["ตัวชี้วัด-ปี ที่จะแทนที่"] == "1"  # the new preview


def test_a_locked_store_says_another_import_is_running(store, monkeypatch):
    at = on_import_page(store, monkeypatch)
    at.file_uploader(key="import_files").upload("seed.txt", seed_bytes(), "text/plain").run()

    def locked(*args, **kwargs):
        if not kwargs.get("dry_run"):
            raise StoreLocked("busy")
        return real(*args, **kwargs)

    real = upload.run_import
    monkeypatch.setattr(upload, "run_import", locked)
    before = store.version()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert "มีการนำเข้าข้อมูลอื่นกำลังทำงานอยู่ โปรดลองใหม่อีกครั้ง" in [e.value for e in at.error]
    assert store.version() == before


# ---- ui.upload directly ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, saved",
    [
        ("../../x.csv", "x.csv"),
        ("..\\..\\evil.txt", "evil.txt"),
        ("/etc/passwd.txt", "passwd.txt"),
        (".hidden.csv", "hidden.csv"),
        ("..", "upload"),
        ("", "upload"),
        ("a b;c$(rm).txt", "a_b_c__rm_.txt"),
        ("ผลงาน ตัวชี้วัด ๑.txt", "ผลงาน_ตัวชี้วัด_๑.txt"),
        ("a\u2215b\uff0e.csv", "a_b_.csv"),
        ("x\x00.txt", "x.txt"),
    ],
)
def test_upload_names_keep_only_their_last_safe_part(name, saved):
    assert safe_name(name) == saved


def test_hostile_names_write_nothing_outside_a_private_temporary_folder(store, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch" / "a" / "b"
    scratch.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # temporary folders go here for this test
    watched = [tmp_path, store.root.parent]
    before = {w: files_under(w) for w in watched}
    seen: list[Path] = []
    real = upload.import_paths

    def spy(s, paths, *args, **kwargs):
        folder = Path(next(iter(paths)))
        seen.append(folder)
        assert {p.name for p in folder.iterdir()} == {"x.csv", "evil.txt"}
        return real(s, paths, *args, **kwargs)

    monkeypatch.setattr(upload, "import_paths", spy)
    csv = (FIXTURES / "table_flat.csv").read_bytes()
    outcome = run_import(
        store, [Upload.of("../../x.csv", csv), Upload.of("..\\..\\evil.txt", seed_bytes())], dry_run=True
    )
    assert seen and seen[0].parent == scratch
    assert not seen[0].exists()  # removed when the call returns
    for w in watched:
        assert files_under(w) == before[w]
    assert not (scratch.parent.parent / "x.csv").exists() and not (tmp_path / "evil.txt").exists()
    assert outcome.saved_as == {"x.csv": "../../x.csv", "evil.txt": "..\\..\\evil.txt"}


def test_same_names_are_kept_apart_and_rejections_name_the_uploaded_file(store):
    bad = (FIXTURES / "page_quarter_5.txt").read_bytes()
    outcome = run_import(
        store, [Upload.of("a/page.txt", seed_bytes()), Upload.of("b/page.txt", bad)], 2564, dry_run=True
    )
    assert outcome.saved_as == {"page.txt": "a/page.txt", "page_2.txt": "b/page.txt"}
    assert outcome.rejected and {p.file for p in outcome.rejected} == {"b/page.txt"}
    assert not outcome.can_confirm


def test_a_file_type_the_importer_cannot_read_is_rejected_by_name(store):
    before = store.version()
    outcome = run_import(store, [Upload.of("evil.sh", b"rm -rf /")], user="x")
    assert [p.file for p in outcome.rejected] == ["evil.sh"] and store.version() == before


def test_an_oversized_file_is_refused_on_its_declared_size():
    assert upload.too_large("big.txt", 2 * 1024 * 1024 + 1, 2) is not None
    assert upload.too_large("ok.txt", 2 * 1024 * 1024, 2) is None


def test_dry_run_then_real_run_through_ui_upload(store):
    before = store.version()
    preview = run_import(store, [Upload.of("seed.txt", seed_bytes())], dry_run=True)
    assert (preview.added, preview.replaced, preview.can_confirm) == (1, 0, True)
    assert store.version() == before
    done = run_import(store, [Upload.of("seed.txt", seed_bytes())], user="somchai")
    assert store.version() == done.version != before
    assert store.import_log()[-1]["user"] == "somchai"


def test_import_log_view_is_newest_first_and_limited(store):
    for n in range(3):
        run_import(store, [Upload.of(f"s{n}.txt", seed_bytes())], user=f"user{n}")
    log = views.import_log(store, limit=2)
    assert list(log["user"]) == ["user2", "user1"]
    assert list(log["sha256"]) == [hashlib.sha256(seed_bytes()).hexdigest()[:12]] * 2
    assert list(log["replaced"]) == [1, 1]
    assert list(views.import_log(Store(store.root.parent / "empty"), 20).columns) == views.IMPORT_LOG_COLUMNS


# ---- the browser ----------------------------------------------------------------------------
@pytest.fixture
def browser_page():
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, need_browser

    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = b.new_context(viewport={"width": 1440, "height": 1800}, locale="th-TH")
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        context.close()
        b.close()


@pytest.fixture
def served(store, tmp_path):
    """The dashboard over ``store`` with a local editor account, from a secrets file in a
    private HOME (never the project's .streamlit/)."""
    from tests.browser import server_with_editor

    srv = server_with_editor(store.root, tmp_path / "home")
    yield srv
    srv.stop()


@pytest.mark.browser
def test_in_the_browser_import_is_unreachable_until_an_editor_signs_in(served, browser_page, store, tmp_path):
    from tests.browser import ARTIFACTS, wait_for_app

    page = browser_page
    page.goto(served.url + "/import")
    wait_for_app(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    assert page.get_by_text("นำเข้าข้อมูลตัวชี้วัด").count() == 0
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("นำเข้าข้อมูล", exact=True).count() == 0

    page.goto(served.url)
    wait_for_app(page)
    page.locator(".st-key-signin_user input").fill("somchai")
    page.locator(".st-key-signin_password input").fill("pw-browser")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("นำเข้าข้อมูล", exact=True).click()
    page.get_by_text("นำเข้าข้อมูลตัวชี้วัด").first.wait_for()
    wait_for_app(page)

    before = store.version()
    seed = tmp_path / "ตัวชี้วัด 0402-0810.txt"
    seed.write_bytes(seed_bytes())
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(seed))
    page.get_by_text("ตัวอย่างผลการนำเข้า").first.wait_for()
    wait_for_app(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    assert store.version() == before
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.get_by_text("นำเข้าเรียบร้อย").first.wait_for()
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "import-done.png"), full_page=True)
    assert store.version() != before
    assert store.import_log()[-1]["user"] == "somchai"
