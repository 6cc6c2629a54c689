"""Print the pack's HTML to PDF with headless Debian chromium (``make browser`` installs it).

Chromium shapes Thai with HarfBuzz and embeds subsets of the system fonts; inline SVG stays
vector. It runs with an empty profile and every background service off, on a local file:
nothing is fetched. A pack longer than :data:`TOC_OVER` pages gets a table of contents: each
section's page is read from the PDF's named destinations (``pdfinfo -dests``, poppler-utils:
chromium makes one per linked anchor) and the pack printed again with the numbers filled in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from kpi_model.brief.content import BriefError, PackContent
from kpi_model.brief.html import render_html

__all__ = ["CHROMIUM", "TOC_OVER", "chromium_path", "pack_pdf", "page_count", "print_pdf", "section_pages"]

CHROMIUM = Path("/usr/bin/chromium")
TOC_OVER = 4  # packs over four pages get a table of contents
_TIMEOUT_S = 120
#: At most one chromium print at a time per process: a dashboard whose readers all ask for a
#: pack at once queues them instead of starting a browser each on a 2-core server.
_ONE_AT_A_TIME = threading.Lock()
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--mute-audio",
)


def chromium_path() -> Path:
    """The chromium binary (``KPI_CHROMIUM`` or /usr/bin/chromium); :class:`BriefError` if absent."""
    path = Path(os.environ.get("KPI_CHROMIUM") or CHROMIUM)
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise BriefError(
            f"ไม่พบโปรแกรม chromium ที่ {path} (ติดตั้งด้วย make browser: apt-get install chromium fonts-thai-tlwg)",
            f"chromium not found at {path} (make browser installs it: apt-get install chromium fonts-thai-tlwg)",
        )
    return path


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BriefError(
            f"ไม่พบ {tool} (poppler-utils) ซึ่งใช้หาเลขหน้าของสารบัญ (ติดตั้งด้วย make browser)",
            f"{tool} (poppler-utils) not found; the table of contents needs it (make browser installs it)",
        )
    return found


def print_pdf(html: str) -> bytes:
    """``html`` printed to PDF by chromium (A4 from the page's own ``@page`` rule)."""
    exe = chromium_path()
    with tempfile.TemporaryDirectory(prefix="kpi-brief-") as tmp:
        root = Path(tmp)
        page, out, profile = root / "pack.html", root / "pack.pdf", root / "profile"
        page.write_text(html, encoding="utf-8")
        cmd = [str(exe), *_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}", page.as_uri()]
        env = {**os.environ, "HOME": str(root)}  # chromium writes caches under HOME
        try:
            with _ONE_AT_A_TIME:
                run = subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT_S, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise BriefError(
                f"chromium ไม่เสร็จภายใน {_TIMEOUT_S} วินาที", f"chromium did not finish in {_TIMEOUT_S} s"
            ) from exc
        if run.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            tail = run.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise BriefError(
                f"chromium พิมพ์ PDF ไม่สำเร็จ (รหัส {run.returncode}): {' / '.join(tail)}",
                f"chromium could not print the PDF (exit {run.returncode}): {' / '.join(tail)}",
            )
        return out.read_bytes()


def _pdfinfo(pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        run = subprocess.run([_poppler("pdfinfo"), *args, f.name], capture_output=True, check=False, timeout=60)
    return run.stdout.decode("utf-8", "replace")


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has: the ``/Type /Page`` objects chromium writes (no tool needed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


_DEST = re.compile(r"^\s*(\d+)\s+\[.*\]\s+\"(.+)\"\s*$")


def section_pages(pdf: bytes) -> dict[str, int]:
    """Named destination → page (1-based), from ``pdfinfo -dests``."""
    pages: dict[str, int] = {}
    for line in _pdfinfo(pdf, "-dests").splitlines():
        m = _DEST.match(line)
        if m:
            pages.setdefault(m.group(2), int(m.group(1)))
    return pages


def pack_pdf(content: PackContent) -> bytes:
    """The pack as PDF bytes; over :data:`TOC_OVER` pages, with a table of contents whose
    page numbers are the sections' pages in the file returned.

    The contents page is one whole page after the cover, so each section moves down by one
    page from where the print without it put it: the second print uses those numbers, and is
    checked against its own destinations (printed once more with them if they differ)."""
    pdf = print_pdf(render_html(content))
    if page_count(pdf) <= TOC_OVER:
        return pdf
    pages = {anchor: page + 1 for anchor, page in section_pages(pdf).items()}
    for _ in range(2):
        pdf = print_pdf(render_html(content, toc=True, toc_pages=pages))
        found = section_pages(pdf)
        if all(found.get(anchor) == page for anchor, page in pages.items()):
            return pdf
        pages = found
    raise BriefError(
        "หาเลขหน้าของสารบัญไม่ได้ (เลขหน้าเปลี่ยนทุกครั้งที่พิมพ์)",
        "the table of contents' page numbers did not settle (they changed with every print)",
    )
