"""What a view is narrowed to, as a plain value.

Pages and views build a :class:`Filters` from widgets and pass it along; only the store turns
it into SQL (:mod:`kpi_model.store.filters`), so no caller ever sees a WHERE clause. It is
frozen and made of tuples, so it is hashable and can key a cache.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Filters"]


@dataclass(frozen=True)
class Filters:
    """What a view is narrowed to. Empty tuples mean 'all'. ``strategy`` is a branch code at
    any depth ('7', '7.3', '7.3.1.1'): the branch and everything below it. For example
    ``Filters(agency_codes=("0402",), quarters=(1, 2), strategy="7.3")`` is agency 0402's first
    two quarters in branch 7.3 and below."""

    agency_codes: tuple[str, ...] = ()
    fiscal_years: tuple[int, ...] = ()
    quarters: tuple[int, ...] = ()
    strategy: str | None = None
    indicator_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    flag_codes: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
