"""The quarterly briefing pack (kpi_model.brief): packs rendered from the demo store and the
real seed page, read back with poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages).

Rendering costs seconds, so each pack is rendered once per module (fixtures) and every test
reads the same file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from kpi_model import views
from kpi_model.brief import Scope, brief_pdf, build_content, permalink, render_html, sections
from kpi_model.brief.html import STATUS_COLORS, pct, score
from kpi_model.config import from_environment
from kpi_model.errors import ConfigError
from kpi_model.store import Filters, Store
from tests.conftest import shared_path

CHROMIUM = Path("/usr/bin/chromium")
POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages")
TODAY = dt.date(2026, 12, 1)
BASE = "https://kpi.example.go.th"


def need_renderer() -> None:
    """Skip (fail under CI=true) without chromium and poppler-utils (``make browser``)."""
    missing = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    missing += [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not found (make browser installs chromium and poppler-utils as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def poppler(tool: str, pdf: Path, *args: str) -> str:
    """``tool [args] FILE`` (pdftotext writes to stdout: ``pdftotext -layout FILE -``)."""
    tail = [str(pdf), "-"] if tool == "pdftotext" else [str(pdf)]
    return subprocess.run([tool, *args, *tail], capture_output=True, check=True, text=True).stdout


@dataclasses.dataclass(frozen=True)
class Pack:
    path: Path
    pages: list[str]  # pdftotext -layout, one string per page
    raw: str  # pdftotext -raw (content order: a table cell's lines stay together)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """The text in content order without any whitespace: a name wrapped in a table cell
        still matches."""
        return re.sub(r"\s+", "", self.raw)


def render(store: Store, tmp: Path, name: str, fy: int, quarter: int, scope: Scope, lang: str) -> Pack:
    path = tmp / f"{name}.pdf"
    path.write_bytes(brief_pdf(store, fy, quarter, scope, lang, base_url=BASE, today=TODAY))
    pages = poppler("pdftotext", path, "-layout").split("\f")
    return Pack(path, [p for p in pages if p.strip()], poppler("pdftotext", path, "-raw"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def packs(demo_store, tmp_path_factory) -> dict[str, Pack]:
    need_renderer()
    tmp = tmp_path_factory.mktemp("packs")
    return {
        "city": render(demo_store, tmp, "city", 2567, 4, Scope(), "th"),
        "dimension": render(demo_store, tmp, "dimension", 2567, 4, Scope("strategy", "7"), "en"),
        "district": render(demo_store, tmp, "district", 2567, 4, Scope("agency", "5001"), "th"),
    }


@pytest.mark.parametrize(
    "name, filters, lang",
    [
        ("city", Filters(), "th"),
        ("dimension", Filters(strategy="7"), "en"),
        ("district", Filters(agency_codes=("5001",)), "th"),
    ],
)
def test_the_text_says_the_models_figures_for_the_same_filters(packs, demo_store, name, filters, lang):
    pack = packs[name]
    head = views.headline(demo_store, 2567, 4, filters).current
    assert head is not None
    words = pack.text
    for figure in (score(head.mean_score_100), pct(head.share_met), pct(head.share_behind), pct(head.share_no_data)):
        assert figure in words, figure
    assert f"{head.indicator_count:,}" in words
    assert "2567" in words
    behind = views.indicator_rows(
        demo_store, Filters(**{**filters.__dict__, "fiscal_years": (2567,), "quarters": (4,), "statuses": ("behind",)})
    )
    assert str(behind["indicator_code"].iloc[0]) in words  # the worst indicator is listed
    assert flat(str(behind["name_en" if lang == "en" else "name_th"].iloc[0])) in pack.flat


def test_thai_names_are_the_stores(packs, demo_store):
    city, district = packs["city"], packs["district"]
    for th in views.by_dimension(demo_store, 2567, 4)["name_th"]:
        assert flat(th) in city.flat
    agency = views.agencies(demo_store).set_index("agency_code").at["5001", "name_th"]
    assert flat(f"5001 {agency}") in flat(district.pages[0])  # on the cover
    assert "ไตรมาส 4 ปีงบประมาณ 2567" in district.pages[0]
    children = views.branch_children(demo_store, "7", 2567, 4)
    for en in children["name_en"]:
        assert flat(en) in packs["dimension"].flat


def test_every_font_is_embedded_and_thai_comes_from_a_system_font(packs):
    for pack in packs.values():
        rows = poppler("pdffonts", pack.path).splitlines()[2:]
        assert rows
        for row in rows:
            emb = row.split()[-5]  # name type [type…] encoding emb sub uni id gen
            assert emb == "yes", row
        assert any("Loma" in r or "Garuda" in r for r in rows)


def test_a4_portrait_vector_charts_and_page_numbers(packs):
    for name, pack in packs.items():
        n = len(pack.pages)
        info = poppler("pdfinfo", pack.path, "-f", "1", "-l", str(n))
        sizes = re.findall(r"Page\s+\d+ size:\s+(.+)", info)
        assert len(sizes) == n and all("(A4)" in s and s.startswith("594.96 x 841.92") for s in sizes), sizes
        assert poppler("pdfimages", pack.path, "-list").splitlines()[2:] == [], "a raster image in the pack"
        for i, page in enumerate(pack.pages, start=1):
            number = f"Page {i} of {n}" if name == "dimension" else f"หน้า {i} / {n}"
            assert number in page, (name, i)


def test_a_pack_over_four_pages_has_a_contents_page_with_the_right_page_numbers(packs, demo_store):
    pack = packs["city"]
    assert len(pack.pages) > 4
    toc = pack.pages[1]
    assert "สารบัญ" in toc
    content = build_content(demo_store, 2567, 4, Scope(), "th")
    listed = 0
    for _, title in sections(content):
        m = re.search(re.escape(title) + r"\s+(\d+)\s*$", toc, re.MULTILINE)
        assert m, title
        page = int(m.group(1))
        heading_page = next(i for i, p in enumerate(pack.pages, start=1) if i > 2 and flat(title) in flat(p))
        assert page == heading_page, title
        listed += 1
    assert listed >= 6


def test_the_city_pack_holds_the_district_league_and_no_other_pack_does(packs, demo_store):
    league = views.league_table(views.district_league(demo_store, 2567, 4), "th")
    city = packs["city"]
    assert flat("ตารางเปรียบเทียบสำนักงานเขต") in city.flat
    for code, name in zip(league["agency_code"], league["district"]):
        assert flat(name if code is None else f"{code} {name}") in city.flat
    average = league.iloc[0]
    assert average["agency_code"] is None
    line = next(  # the average's row, not the header (which names the vs-city column)
        line for line in city.text.splitlines() if average["district"] in line and "%" in line and "อันดับ" not in line
    )
    assert f"{average['mean_score_100']:.1f}" in line and average["reporting"] in line
    assert "The district league" not in packs["dimension"].text
    assert flat("ตารางเปรียบเทียบสำนักงานเขต") not in packs["district"].flat


def test_a_pack_of_four_pages_or_fewer_has_no_contents_page(packs):
    pack = packs["district"]
    assert len(pack.pages) <= 4
    assert "สารบัญ" not in pack.text


def test_the_cover_gives_the_provenance(packs, demo_store):
    cover = packs["city"].pages[0]
    assert demo_store.version() in cover
    assert "1 ธันวาคม 2569" in cover and "2026-12-01" in cover  # BE and CE
    written = dt.datetime.fromisoformat(str(demo_store.meta().written_at)).astimezone(
        dt.timezone(dt.timedelta(hours=7))
    )
    assert f"{written:%H:%M} น." in cover  # when the data last changed, Bangkok time
    assert f"{BASE}/?fy=2567&q=4" in cover
    en = packs["dimension"].pages[0]
    assert "1 December 2026 (BE 2569)" in en
    assert f"{BASE}/strategy?strategy=7&fy=2567&q=4&lang=en" in en


def test_a_pack_for_a_store_holding_only_the_real_seed_page(tmp_path):
    need_renderer()
    from kpi_model.importer.batch import import_paths

    store = Store(tmp_path / "seed-store")
    result = import_paths(store, [shared_path("seeds", "000_95ba60cfabf6246c.txt")], user="test")
    assert not result.rejected
    period = views.latest_period(store)
    assert period is not None
    path = tmp_path / "seed.pdf"
    path.write_bytes(brief_pdf(store, period.fiscal_year, period.quarter, Scope(), "th", base_url="", today=TODAY))
    text = poppler("pdftotext", path, "-layout")
    head = views.headline(store, period.fiscal_year, period.quarter).current
    assert head is not None and head.indicator_count == 1
    assert "0402-0810" in text or head.share_behind == 0
    assert str(period.fiscal_year) in text
    assert score(head.mean_score_100) in text
    assert "KPI_BASE_URL" in text.split("\f")[0]  # no base URL: the cover says there is no link
    assert "ข้อมูลสาธิต" not in text  # a real store carries no demo warning


# ---- without chromium: content, HTML and settings ------------------------------------------------


def test_data_strings_are_escaped_and_nothing_is_fetched(demo_store):
    content = build_content(demo_store, 2567, 4, Scope("agency", "5001"), "th", base_url=BASE, today=TODAY)
    behind = content.behind[0]
    evil = dataclasses.replace(behind, name_th='<img src="http://x/y.png">', report_th="<script>alert(1)</script>")
    html = render_html(dataclasses.replace(content, scope_th="<b>ข</b>", behind=(evil, *content.behind[1:])))
    assert "<script" not in html and "<img" not in html and "<b>ข" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;ข" in html
    assert not re.search(r'\bsrc="|<link|@import|url\((?!#)', html)  # no outside resource at all
    links = [unescape(h) for h in re.findall(r'href="([^"#][^"]*)"', html)]
    assert links == [content.permalink]  # the one outside link: the permalink, never fetched


def test_permalink_of_each_scope_and_none_without_a_base_url():
    assert permalink(None, Scope(), 2567, 4, "th") is None
    assert permalink("", Scope(), 2567, 4, "th") is None
    assert permalink(BASE + "/", Scope(), 2567, 4, "th") == f"{BASE}/?fy=2567&q=4"
    assert permalink(BASE, Scope("agency", "5001"), 2567, 2, "en") == (
        f"{BASE}/agencies?agency=5001&years=2567&quarters=2&lang=en"
    )


def test_unknown_scope_or_year_is_a_clear_error(demo_store):
    from kpi_model.brief import BriefError

    with pytest.raises(BriefError, match="no agency with code 9999"):
        build_content(demo_store, 2567, 4, Scope("agency", "9999"))
    with pytest.raises(BriefError, match="no strategy branch with code 42"):
        build_content(demo_store, 2567, 4, Scope("strategy", "42"))
    with pytest.raises(BriefError, match="fiscal year 2500 is not in the store"):
        build_content(demo_store, 2500, 4)


def test_the_base_url_setting_is_read_or_refused():
    assert from_environment({}).base_url is None
    assert from_environment({"KPI_BASE_URL": " https://kpi.bma.go.th/ "}).base_url == "https://kpi.bma.go.th"
    with pytest.raises(ConfigError, match="KPI_BASE_URL"):
        from_environment({"KPI_BASE_URL": "kpi.bma.go.th"})


def test_the_pack_uses_the_dashboards_status_colours():
    from ui.theme import STATUS_COLORS as DASHBOARD

    assert STATUS_COLORS == DASHBOARD


def test_a_page_s_filters_ask_for_one_pack_or_none():
    from kpi_model.brief import PackRequest, pack_request

    one = Filters(fiscal_years=(2567,), quarters=(4,))
    assert pack_request(one) == PackRequest(2567, 4, Scope())
    assert pack_request(Filters(fiscal_years=(2567,), quarters=(4,), agency_codes=("5001",))).scope == Scope(
        "agency", "5001"
    )
    assert pack_request(Filters(fiscal_years=(2567,), quarters=(4,), strategy="7")).scope == Scope("strategy", "7")
    assert pack_request(Filters(fiscal_years=(2566, 2567), quarters=(4,))) is None
    assert pack_request(Filters(fiscal_years=(2567,), quarters=())) is None
    assert pack_request(Filters(fiscal_years=(2567,), quarters=(4,), agency_codes=("5001", "0402"))) is None
    assert pack_request(Filters(fiscal_years=(2567,), quarters=(4,), agency_codes=("5001",), strategy="7")) is None
    typed = pack_request(Filters(fiscal_years=(2567,), quarters=(4,), statuses=("behind",)))
    assert typed is not None and typed.ignored == ("statuses",)
    assert PackRequest(2567, 4, Scope("agency", "../x")).file_name("en") == "bma-kpi-brief-2567-q4-agency-.._x-en.pdf"


# ---- issue 23: the pack survives any text ---------------------------------------------------------
FAKE_CHROMIUM = """#!/bin/sh
# A stand-in for chromium: sleeps (with a child, as chromium's renderers would) when the page
# holds STUCK, else writes a one-page PDF; each page it was given is kept in $KPI_FAKE_SEEN.
for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; file://*) page="${a#file://}";; esac; done
cp "$page" "$KPI_FAKE_SEEN/$(date +%s%N).html"
if grep -q STUCK "$page"; then echo $$ > "$KPI_FAKE_SEEN/pid"; sleep 300 & echo $! > "$KPI_FAKE_SEEN/child"; wait; fi
printf '%%PDF-1.4\\n1 0 obj << /Type /Page >> endobj\\n%%%%EOF\\n' > "$out"
"""


@pytest.fixture
def fake_chromium(tmp_path, monkeypatch) -> Path:
    exe = tmp_path / "chromium"
    exe.write_text(FAKE_CHROMIUM)
    exe.chmod(0o755)
    seen = tmp_path / "seen"
    seen.mkdir()
    monkeypatch.setenv("KPI_CHROMIUM", str(exe))
    monkeypatch.setenv("KPI_FAKE_SEEN", str(seen))
    return seen


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_stuck_print_is_killed_with_its_children_at_its_time_and_the_next_one_prints(fake_chromium):
    import time

    from kpi_model.brief import pdf

    started = time.monotonic()
    with pytest.raises(pdf.PrintTimeout):
        pdf.print_pdf("<p>STUCK</p>", seconds=2)
    assert time.monotonic() - started < 10
    child = int((fake_chromium / "child").read_text())
    assert not _alive(child)  # the renderer-like child died with its group
    assert pdf.print_pdf("<p>fine</p>", seconds=10).startswith(b"%PDF")  # the turn was given back


def test_a_pack_whose_reports_cannot_be_laid_out_is_printed_without_them_naming_them(
    demo_store, fake_chromium, monkeypatch
):
    from kpi_model.brief import pdf

    monkeypatch.setattr(pdf, "PRINT_SECONDS", 2.0)
    content = build_content(demo_store, 2567, 4, Scope("agency", "5001"), "th", base_url=BASE, today=TODAY)
    stuck = dataclasses.replace(content.behind[0], report_th="STUCK " + "ก" * 200)
    content = dataclasses.replace(content, behind=(stuck, *content.behind[1:]))
    assert pdf.pack_pdf(content, seconds=30).startswith(b"%PDF")
    last = sorted(fake_chromium.glob("*.html"))[-1].read_text(encoding="utf-8")
    assert "STUCK" not in last
    assert stuck.indicator_code in last and "จัดหน้าไม่ได้ภายในเวลาที่กำหนด" in last


def test_a_long_report_is_cut_in_the_pack_with_a_note_naming_its_indicator(demo_store):
    from kpi_model.brief.html import REPORT_LIMIT

    content = build_content(demo_store, 2567, 4, Scope("agency", "5001"), "th", base_url=BASE, today=TODAY)
    row = dataclasses.replace(content.behind[0], report_th="ก" * 100_000, name_th="ข" * 5_000)
    html = render_html(dataclasses.replace(content, behind=(row, *content.behind[1:])))
    assert "ก" * (REPORT_LIMIT - 1) in html and "ก" * (REPORT_LIMIT + 1) not in html
    assert "ข" * 301 not in html
    assert "ตัดเหลือ 1,499 จาก 100,000 ตัวอักษร" in html
    assert f"รายงานของ {row.indicator_code} ยาวเกินกว่าจะพิมพ์ทั้งหมด" in html
    assert "overflow-wrap: anywhere" in html


def test_a_100_kb_unbroken_report_prints_in_chromium_within_the_pack_time(demo_store, tmp_path):
    """Issue 23: a 100 KB report without a space once kept chromium two minutes and failed the
    pack (every other pack of the process waiting behind it)."""
    import time

    need_renderer()
    from kpi_model.brief import pdf

    content = build_content(demo_store, 2567, 4, Scope("agency", "5001"), "th", base_url=BASE, today=TODAY)
    row = dataclasses.replace(content.behind[0], report_th="ก" * 50_000 + "x" * 50_000)
    started = time.monotonic()
    out = pdf.pack_pdf(dataclasses.replace(content, behind=(row, *content.behind[1:])))
    took = time.monotonic() - started
    path = tmp_path / "long.pdf"
    path.write_bytes(out)
    text = flat(poppler("pdftotext", path, "-raw"))
    assert took < 60, took
    assert flat(f"รายงานของ {row.indicator_code} ยาวเกินกว่าจะพิมพ์ทั้งหมด") in text


def test_the_pack_holds_the_trend_of_its_scope_worked_by_hand(tmp_path):
    """Issue 25: the pack's trend is views.quarter_trend for the pack's scope (tests/test_trend.py
    works its numbers by hand on the same store): a table with computed beside recorded and a
    dash, never a 0, where BMA evaluated nothing."""
    from tests.factories import trend_tables

    store = Store(tmp_path / "trend")
    store.write(trend_tables(), note="trend")
    content = build_content(store, 2565, 2, Scope(), "th", today=TODAY)
    assert [(p.fiscal_year, p.quarter) for p in content.trend][-3:] == [(2564, 4), (2565, 1), (2565, 2)]
    last = content.trend[-1]
    assert (last.indicator_count, last.evaluated, last.recorded_mean_score, last.recorded_share_behind) == (
        3,
        1,
        70.0,
        1.0,
    )
    assert last.mean_score_100 == pytest.approx((2 * 200 / 3 + 100 + 50) / 4)
    html = render_html(content)
    assert "แนวโน้ม 8 ไตรมาสล่าสุด" in html
    assert '<td>ไตรมาส 2/2565</td><td class="n">3</td><td class="n">70.8</td><td class="n">70.0</td>' in html
    assert '<td>ไตรมาส 1/2565</td><td class="n">3</td><td class="n">96.7</td><td class="n">93.3</td>' in html
    agency = build_content(store, 2565, 2, Scope("agency", "5047"), "th", today=TODAY)
    assert agency.trend[-1].recorded_mean_score is None  # BMA evaluated none of 5047's: no point, no 0
    assert '<td>ไตรมาส 2/2565</td><td class="n">1</td><td class="n">50.0</td><td class="n">—</td>' in render_html(
        agency
    )
