"""The briefing pack's follow-up section (issue 27): for each indicator behind, the latest
analysis and its open actions from the follow-up database, escaped, in the content, the HTML
and the printed PDF; one sentence when there is no database or nothing written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpi_model import views
from kpi_model.brief import Scope, brief_pdf, build_content, pack_followup_db, render_html
from kpi_model.demo import demo_tables
from kpi_model.errors import ConfigError
from kpi_model.followup import (
    Account,
    FollowupDB,
    Operator,
    add_account,
    add_action,
    note_key,
    open_followup,
    save_analysis,
    update_action,
)
from kpi_model.store import Filters, Store
from tests.brief.test_brief import need_renderer, poppler

# The pack of Q4 FY 2567 (July–September 2024), made on 1 September 2024 (Bangkok).
FY, Q = 2567, 4
MADE_ON = dt.date(2024, 9, 1)
WRITTEN = dt.datetime(2024, 8, 20, 3, 0, tzinfo=dt.UTC)  # 10:00 in Bangkok


def behind_codes(store: Store, scope: Scope) -> list[str]:
    rows = views.indicator_rows(
        store, Filters(**{**scope.filters().__dict__, "fiscal_years": (FY,), "quarters": (Q,), "statuses": ("behind",)})
    )
    return [str(c) for c in rows["indicator_code"]]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[FollowupDB]:
    opened = open_followup(url=f"sqlite:///{tmp_path / 'followup.sqlite'}", clock=lambda: WRITTEN)
    yield opened
    opened.close()


@pytest.fixture
def analyst(db: FollowupDB) -> Account:
    return add_account(db, Operator("cli:test"), "suda", "analyst")


def test_the_pack_holds_each_behind_indicators_latest_analysis_and_open_actions(demo_store, db, analyst):
    first, second, *rest = behind_codes(demo_store, Scope())
    earlier = save_analysis(db, analyst, note_key(first, FY, 3), "ฝนตกหนักในไตรมาส 3", "เร่งงานในไตรมาส 4", 0)
    save_analysis(db, analyst, note_key(first, FY, 4), "ผู้รับจ้างส่งงานล่าช้า", "เร่งรัดผู้รับจ้าง", 0)
    save_analysis(db, analyst, note_key(second, FY, 3), "งบประมาณได้รับล่าช้า\nสองเดือน", "", 0)
    late = add_action(db, analyst, note_key(first, FY, 4), "ประชุมผู้รับจ้าง", "ฝ่ายโยธา", "15/08/2567")
    add_action(db, analyst, note_key(first, FY, 4), "ตรวจรับงานงวดที่ 2", "ผอ.เขต", "2024-10-31")
    done = add_action(db, analyst, note_key(first, FY, 4), "ส่งหนังสือเตือน", "ฝ่ายโยธา", "2024-08-01")
    update_action(db, analyst, done.id, done.revision, status="done", closing_note="ส่งแล้ว")
    add_action(db, analyst, note_key(first, 2568, 1), "งานของปีหน้า", "ฝ่ายโยธา", "2024-11-30")

    content = build_content(demo_store, FY, Q, Scope(), "th", today=MADE_ON, followup=db)

    part = content.followup
    assert part is not None and part.as_of == MADE_ON
    assert [n.indicator_code for n in part.notes] == [first, second]
    one, two = part.notes
    assert one.note.analysis is not None and one.note.analysis.why == "ผู้รับจ้างส่งงานล่าช้า"
    assert (one.note.analysis.key.quarter, earlier.key.quarter) == (4, 3)
    assert [(a.what, a.owner, a.due_date) for a in one.note.open_actions] == [
        ("ประชุมผู้รับจ้าง", "ฝ่ายโยธา", dt.date(2024, 8, 15)),
        ("ตรวจรับงานงวดที่ 2", "ผอ.เขต", dt.date(2024, 10, 31)),
    ]
    assert two.note.analysis is not None and two.note.analysis.key.quarter == 3 and two.note.open_actions == ()
    assert part.without_analysis == len(content.behind) - 2 == len(rest[: len(content.behind) - 2])

    page = render_html(content)
    assert '<strong>เหตุผล (ทำไมจึงเป็นเช่นนี้)</strong></div><div class="text report">ผู้รับจ้างส่งงานล่าช้า</div>' in page
    assert '<strong>สิ่งที่จะทำต่อ</strong></div><div class="text report">เร่งรัดผู้รับจ้าง</div>' in page
    assert "ฉบับที่ 1 โดย suda เมื่อ 20 สิงหาคม 2567 10:00" in page
    assert "ฉบับที่ 1 โดย suda เมื่อ 20 สิงหาคม 2567 10:00 · เขียนสำหรับไตรมาส 3 ปีงบประมาณ 2567" in page
    assert '<td>ประชุมผู้รับจ้าง</td><td>ฝ่ายโยธา</td><td>15 สิงหาคม 2567 <span class="overdue">(เลยกำหนด)</span></td>' in page
    assert "<td>ตรวจรับงานงวดที่ 2</td><td>ผอ.เขต</td><td>31 ตุลาคม 2567</td>" in page
    assert "ส่งหนังสือเตือน" not in page and "งานของปีหน้า" not in page  # done; agreed for a later quarter
    assert '<div class="text report">งบประมาณได้รับล่าช้า\nสองเดือน</div>' in page  # its lines kept
    assert "ไม่มีการดำเนินการที่ยังไม่เสร็จ" in page  # the second has no open action
    assert f"ยังไม่มีบทวิเคราะห์ {part.without_analysis:,} จาก {len(content.behind):,} รายการ" in page
    assert page.index('id="behind"') < page.index('id="followup"') < page.index('id="movers"')
    assert late.is_overdue(MADE_ON)


def test_markup_in_a_note_is_printed_as_text(demo_store, db, analyst):
    code = behind_codes(demo_store, Scope())[0]
    markup = '<script>alert(1)</script><b>หนา</b> & <a href="javascript:run()">ลิงก์</a>'
    save_analysis(db, analyst, note_key(code, FY, Q), markup, "<img src=x onerror=alert(2)>", 0)
    add_action(db, analyst, note_key(code, FY, Q), "<i>เอียง</i>", "<u>ผู้รับผิดชอบ</u>", "2024-10-31")

    page = render_html(
        build_content(demo_store, FY, Q, Scope("agency", code.split("-")[0]), today=MADE_ON, followup=db)
    )

    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;หนา&lt;/b&gt; &amp; &lt;a href=&quot;javascript:run()&quot;&gt;"
        in page
    )
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<td>&lt;i&gt;เอียง&lt;/i&gt;</td><td>&lt;u&gt;ผู้รับผิดชอบ&lt;/u&gt;</td>" in page
    section = page[page.index('id="followup"') : page.index('id="movers"')]
    for tag in ("<script", "<b>", "<a ", "<img", "<i>", "<u>"):
        assert tag not in section, tag
    assert "<script" not in page


def test_without_a_database_or_with_nothing_written_the_pack_says_so_in_one_sentence(demo_store, db, tmp_path):
    alone = render_html(build_content(demo_store, FY, Q, Scope(), today=MADE_ON, followup=None))
    section = alone[alone.index('id="followup"') : alone.index('id="movers"')]
    assert re.findall(r"<p>(.*?)</p>", section) == [
        "ยังไม่มีฐานข้อมูลการติดตามผล จึงยังไม่มีบทวิเคราะห์หรือการดำเนินการของตัวชี้วัดที่ล่าช้า"
    ]
    empty = render_html(build_content(demo_store, FY, Q, Scope(), "en", today=MADE_ON, followup=db))
    section = empty[empty.index('id="followup"') : empty.index('id="movers"')]
    assert re.findall(r"<p>(.*?)</p>", section) == [
        "Nobody has written an analysis or an open action for the indicators behind in this pack"
    ]


def test_the_pack_finds_the_stores_followup_database_and_never_makes_one(monkeypatch, tmp_path):
    monkeypatch.delenv("KPI_FOLLOWUP_URL", raising=False)
    store = Store(tmp_path / "store")
    store.write(demo_tables(), note="test")
    file = Path(store.root) / "followup.sqlite"
    assert pack_followup_db(store) is None and not file.exists()
    open_followup(store.root).close()
    found = pack_followup_db(store)
    assert found is not None and found.url == f"sqlite:///{file.resolve()}"
    found.close()
    monkeypatch.setenv("KPI_FOLLOWUP_URL", "mysql://db.example/kpi")
    with pytest.raises(ConfigError, match="KPI_FOLLOWUP_URL"):
        pack_followup_db(store)


def test_the_printed_pack_shows_the_analysis(demo_store, db, analyst, tmp_path):
    need_renderer()
    scope = Scope("agency", "5001")
    code = behind_codes(demo_store, scope)[0]
    save_analysis(db, analyst, note_key(code, FY, Q), "รถเก็บขยะเสีย 3 คัน", "เช่ารถเพิ่มภายในเดือนตุลาคม", 0)
    add_action(db, analyst, note_key(code, FY, Q), "จัดหารถเช่า", "ฝ่ายรักษาความสะอาด", "2024-08-15")
    path = tmp_path / "pack.pdf"
    path.write_bytes(brief_pdf(demo_store, FY, Q, scope, "th", base_url="", today=MADE_ON, followup=db))
    text = re.sub(r"\s+", "", poppler("pdftotext", path, "-raw"))
    for shown in (
        "การติดตามผลของตัวชี้วัดที่ล่าช้า",
        "รถเก็บขยะเสีย3คัน",
        "เช่ารถเพิ่มภายในเดือนตุลาคม",
        "ฉบับที่1โดยsudaเมื่อ20สิงหาคม256710:00",
        "จัดหารถเช่า",
        "15สิงหาคม2567(เลยกำหนด)",
    ):
        assert shown in text, shown
