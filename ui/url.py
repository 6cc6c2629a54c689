"""Filters in the URL, as plain codes (``?fy=2564&q=2&agency=0402&agency=5047``).

A widget made through :func:`synced` takes its value from the URL when the URL says something
new (a shared link, or a page opened with ``st.switch_page(..., query_params=...)``), and writes
its value back after every run, leaving out values equal to the default so links stay short.
Streamlit's own ``bind="query-params"`` writes the displayed label (``ปีงบประมาณ 2564``), which
changes with the language; codes do not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

__all__ = [
    "current",
    "drop",
    "keep",
    "link_params",
    "synced",
]

_LAST = "_url_last_{}"  # the URL value this widget last wrote
_KEPT = "_url_kept_{}"  # its value, kept when Streamlit drops a widget's state on a page switch


def _token(value: Any, multi: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if multi else (str(value),)


def synced(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any = None,
    multi: bool = False,
    cast: Callable[[str], Any] = str,
    always: bool = False,
    **kwargs: Any,
) -> Any:
    """``widget(label, options, key=key, **kwargs)`` kept in step with URL parameter ``key``.

    ``default`` is the value without a URL parameter (a list for multiselects); a URL value
    that is not among ``options`` is ignored. A value equal to the default is left out of the
    URL, unless ``always``: a default that moves with the data (the latest fiscal year) must
    be written, or a shared link changes meaning when a newer year is imported."""
    options = list(options)
    raw = st.query_params.get_all(key)
    last = st.session_state.get(_LAST.format(key))
    if key not in st.session_state and _KEPT.format(key) in st.session_state:
        st.session_state[key] = st.session_state[_KEPT.format(key)]
        last = None  # the widget is new on this page: a parameter in the URL is news to it
    if raw and tuple(raw) != last:
        chosen = []
        for text in raw:
            try:
                value = cast(text)
            except (TypeError, ValueError):
                continue
            if value in options and value not in chosen:
                chosen.append(value)
        if chosen:
            st.session_state[key] = chosen if multi else chosen[0]
    current = st.session_state.get(key)
    if (
        key not in st.session_state
        or (multi and not isinstance(current, list))
        or (not multi and current not in options)
    ):
        st.session_state[key] = list(default or []) if multi else default
    if multi:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    else:
        # Written through the Session State API every run: a widget Streamlit re-creates under a
        # new id (after a page switch) then starts from this value, not from its first option.
        st.session_state[key] = st.session_state[key]
    value = widget(label, options, key=key, **kwargs)
    token = _token(value, multi)
    if token == _token(default, multi) and not (always and token):
        if key in st.query_params:
            del st.query_params[key]
        token = ()
    else:
        st.query_params[key] = list(token) if multi else token[0]
    st.session_state[_LAST.format(key)] = token
    st.session_state[_KEPT.format(key)] = value
    return value


def link_params(**values: Any) -> dict[str, str | list[str]]:
    """Query parameters for ``st.switch_page``: the values as the URL writes them."""
    return {
        k: [str(x) for x in v] if isinstance(v, (list, tuple)) else str(v) for k, v in values.items() if v is not None
    }


def current(key: str) -> Any:
    """The value the widget ``key`` holds, or held when it was last drawn (a page that does
    not draw it keeps it for the next one); None when it was never drawn."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_KEPT.format(key))


def keep(key: str, value: Any) -> None:
    """Hand ``value`` to the widget ``key`` for the next page that draws it (the agencies
    page's one period passes to the sidebar's this way)."""
    st.session_state[_KEPT.format(key)] = value


def drop(*keys: str) -> None:
    """Remove URL parameters a page does not use (the sidebar period on a page with its own)."""
    for key in keys:
        if key in st.query_params:
            del st.query_params[key]
