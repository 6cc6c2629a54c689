"""What a quarterly briefing pack costs on a big store: the city pack of the latest period.

Runs in its own process (``python -m bench --child brief``), so the peak RSS is the pack's
Python side (the views over the store, the HTML). Chromium's own memory is not in it (its
processes are forked from this one, so RUSAGE_CHILDREN reports this process's size again):
measure one print with ``/usr/bin/time -v chromium … --print-to-pdf`` (bench/RESULTS.md).
Seconds are split into gathering the content from the views and printing the PDF (one to
three chromium runs: a pack over four pages is printed again with its table of contents).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path


def run_brief(store_dir: Path) -> dict:
    from kpi_model import views
    from kpi_model.brief import Scope, build_content, pack_pdf, page_count
    from kpi_model.store import Store

    store = Store(store_dir)
    period = views.latest_period(store)
    if period is None:
        raise RuntimeError(f"{store_dir} holds no indicators")
    t0 = time.perf_counter()
    content = build_content(store, period.fiscal_year, period.quarter, Scope(), "th")
    content_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pdf = pack_pdf(content)
    pdf_s = time.perf_counter() - t0
    return {
        "fiscal_year": period.fiscal_year,
        "quarter": period.quarter,
        "rows": store.meta().rows.get("quarterly_results"),
        "indicators_this_quarter": content.basis.indicator_count,
        "content_s": content_s,
        "pdf_s": pdf_s,
        "total_s": content_s + pdf_s,
        "pages": page_count(pdf),
        "bytes": len(pdf),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def print_brief(result: dict) -> None:
    print(
        f"\nbriefing pack (city, FY {result['fiscal_year']} Q{result['quarter']}, "
        f"{result['indicators_this_quarter']:,} indicators): {result['total_s']:.1f} s "
        f"(content {result['content_s']:.1f} s, PDF {result['pdf_s']:.1f} s), {result['pages']} pages, "
        f"peak RSS {result['peak_rss_mb']:,.0f} MB (Python; chromium not included)"
    )
