"""How completely every agency has reported a quarter (the districts page's second table, and
the no_reports flag a page shows).

* **Reporting completeness** of an agency and quarter: the share of its indicators of that
  fiscal year (after the filters) with a reported result that quarter (``is_reported``: a
  result that is not read as missing, DESIGN §3 "Unreported quarters").
* **A quarter is due** in a fiscal year when some agency has reported a result in it or in a
  later quarter of that year (:func:`due_quarter`): an agency with no reported result in a
  due quarter is flagged (``no_reports``); a quarter nobody has reported yet is not due and
  flags nobody. The flag is agency-level (it has no indicator), so it is a view-level flag
  shown on the districts page, not a row of the per-indicator ``quality_flags`` table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpi_model.store import Filters, Store
from kpi_model.views.common import _with_period, agencies

__all__ = ["REPORTING_COLUMNS", "due_quarter", "reported_counts", "reporting_completeness", "share_of"]

REPORTING_COLUMNS = (
    "agency_code",
    "name_th",
    "name_en",
    "kind",
    "indicator_count",
    "reported",
    "not_reported",
    "reporting_share",
    "due",
    "no_reports",
)


def reported_counts(store: Store, filters: Filters, key: str | None) -> dict[Any, tuple[int, int]]:
    """(reported, total) indicator-quarters per value of ``key`` (None: one group, key None)."""
    by = [key, "is_reported"] if key else ["is_reported"]
    out: dict[Any, list[int]] = {}
    for r in store.rollup(by, filters):
        group = r.key[0] if key else None
        got = out.setdefault(group, [0, 0])
        got[1] += r.indicator_count
        if r.key[-1] is True:
            got[0] += r.indicator_count
    return {k: (v[0], v[1]) for k, v in out.items()}


def share_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def due_quarter(store: Store, fiscal_year: int) -> int | None:
    """The latest quarter of ``fiscal_year`` in which any agency has reported a result (every
    quarter up to it is due); None when nobody has reported anything that year."""
    got = reported_counts(store, Filters(fiscal_years=(fiscal_year,)), "quarter")
    reported = [int(q) for q, (n, _) in got.items() if n > 0]
    return max(reported) if reported else None


def reporting_completeness(store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters()) -> pd.DataFrame:
    """Reporting completeness of every agency that holds indicators in the period (after the
    filters), in code order (:data:`REPORTING_COLUMNS`): ``indicator_count`` indicators of the
    fiscal year, ``reported`` with a reported result that quarter, ``not_reported``,
    ``reporting_share`` (fraction), ``due`` (the quarter is due, :func:`due_quarter`) and
    ``no_reports`` (due, and not one result reported: the agency-quarter's flag). Agencies the
    agency list does not name keep None names (pages show the code)."""
    f = _with_period(filters, fiscal_year, quarter)
    got = reported_counts(store, f, "agency_code")
    latest = due_quarter(store, fiscal_year)
    due = latest is not None and quarter <= latest
    ag = agencies(store).set_index("agency_code")
    rows = []
    for code in sorted(got):
        done, total = got[code]
        rows.append(
            {
                "agency_code": code,
                "name_th": ag["name_th"].get(code),
                "name_en": ag["name_en"].get(code),
                "kind": ag["kind"].get(code),
                "indicator_count": total,
                "reported": done,
                "not_reported": total - done,
                "reporting_share": share_of(done, total),
                "due": due,
                "no_reports": due and total > 0 and done == 0,
            }
        )
    return pd.DataFrame(rows, columns=list(REPORTING_COLUMNS))
