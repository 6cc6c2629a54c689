"""A store an attacker (or a careless file) could give the dashboard, and the checks that no
text of it, or of a URL, reaches a viewer as markup (issue 23).

:data:`HOSTILE` holds every kind of markup a viewer's browser could act on: a markdown image
and link to an outside address, a Streamlit colour directive, an icon, LaTeX, HTML a plotly
label would draw (a link, a 40 px red span, an image), a bare URL and a ``www.`` name.
:func:`hostile_store` puts it in every text column of every table, through the importer, with
one row of each kind of bad value the importer accepts with a warning (unknown codes of any
shape, empty names, extreme numbers). :func:`markup_problems` and :func:`chart_problems` read
what a page sent: markdown that would render a link, an image, a colour or an autolink, and
plotly strings holding any tag but our own ``<br>`` and ``<b>``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.importer.batch import import_paths
from kpi_model.schema import TABLES
from kpi_model.store import Store
from tests.factories import small_tables

__all__ = ["HOSTILE", "LEAK", "chart_problems", "hostile_store", "markup_problems", "page_strings"]

LEAK = "127.0.0.1:8799"  # the outside address: no request may ever go to it
HOSTILE = (
    f"![x](http://{LEAK}/leak.png) [ลิงก์](http://{LEAK}/phish) :red[**แดง**] :material/home: $x^2$ "
    f"<a href='http://{LEAK}/a'>a</a> <span style='font-size:40px;color:red'>ใหญ่</span> "
    f"<img src='http://{LEAK}/i.png'> <b>bold</b><br>http://{LEAK}/bare www.example.com `code`"
)
_TEXT_COLUMNS = {  # every column of text a file may bring, per table
    "agencies": ("name_th", "name_en"),
    "strategies": ("name_th", "name_en"),
    "indicators": (
        "name_th",
        "name_en",
        "unit_th",
        "definition",
        "calculation",
        "data_sources",
        "supporting_projects",
        "source",
    ),
    "indicator_levels": ("description",),
    "quarterly_results": ("report_th",),
}


def _hostile_tables() -> dict[str, pd.DataFrame]:
    tables = small_tables()
    for table, columns in _TEXT_COLUMNS.items():
        frame = tables[table].copy()
        for column in columns:
            frame[column] = [f"{v if isinstance(v, str) else ''} {HOSTILE}".strip() for v in frame[column]]
        tables[table] = frame
    levels = pd.DataFrame(
        [{"indicator_code": "0402-0001", "fiscal_year": 2564, "level": k, "description": HOSTILE} for k in (1, 2)]
    )
    tables["indicator_levels"] = levels.reindex(columns=TABLES["indicator_levels"].names)
    return tables


# One row of each kind of bad value the importer takes with a warning (issue 23, item 2).
_BAD_ROWS = [
    # indicator_code, agency_code, name_th, name_en, target, strategy_code, actual, unit
    ("0402-0901", "0402", "รหัสยุทธศาสตร์ X", "", "10", "X", "5", "count"),
    ("0402-0902", "0402", "รหัสยุทธศาสตร์ 7.x", "", "10", "7.x", "5", "count"),
    ("0402-0903", "0402", "รหัสยุทธศาสตร์ไม่มีในแผน", "", "10", "99.1", "5", "count"),
    ("0402-0904", "0402", "ไม่มีรหัสยุทธศาสตร์", "", "10", "", "5", "count"),
    ("0402-0905", "0402", "รหัสยุทธศาสตร์มีมาร์กอัป", "", "10", HOSTILE[:40], "5", "count"),
    ("9999-0906", "9999", "หน่วยงานไม่รู้จัก", "", "10", "7", "5", "count"),
    ("X-0907", "X", "รหัสหน่วยงานแปลก", "", "10", "7", "5", "count"),
    ("0402-0908", "0402", "เป้าใหญ่มาก", "", "999999999999999", "7", "-999999999999999", "count"),
    ("0402-0909", "0402", "เป้าศูนย์ผลติดลบ", "", "0", "7", "-5", "percent"),
    ("0402-0910", "0402", "ผลเล็กมาก", "", "0.000000001", "7", "0.000000000001", "money"),
    ("0402-0911", "0402", "ชื่อยาว " + "ก" * 400, "", "10", "7", "5", "other"),
]


def hostile_store(root: Path) -> Store:
    """A store holding :data:`HOSTILE` in every text column and :data:`_BAD_ROWS`, each
    through the importer (accepted with warnings: the test fails if one is rejected), and a
    peer-group list whose source and names are hostile."""
    store = Store(root / "store")
    store.write(_hostile_tables(), note="hostile")
    flat = root / "bad_rows.csv"
    header = "indicator_code,fiscal_year,agency_code,name_th,name_en,unit,unit_th,direction,target,strategy_code,quarter,actual,report_th\n"
    lines = [
        ",".join(
            _csv(v)
            for v in (code, "2564", agency, th, en, unit, HOSTILE, "higher", target, strat, "1", actual, HOSTILE)
        )
        for code, agency, th, en, target, strat, actual, unit in _BAD_ROWS
    ]
    flat.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    result = import_paths(store, [flat])
    assert result.rejected == [], result.rejected
    peers = root / "peer_groups.csv"
    peers.write_text(
        f"agency_code,group_th,group_en,source\n5047,{_csv(HOSTILE)},{_csv(HOSTILE)},{_csv(HOSTILE)}\n",
        encoding="utf-8",
    )
    result = import_paths(store, [peers])
    assert result.rejected == [], result.rejected
    return store


def _csv(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


# ---- what a page sent -----------------------------------------------------------------------
# Element kinds whose strings a browser never reads as markup (plain text, data, code), and
# fields that hold a widget's state or options (drawn as plain text), not a label.
_PLAIN_KINDS = {"text", "code", "arrow_data_frame", "plotly_chart", "html", "json", "empty", "balloons"}
_PLAIN_FIELDS = {
    "options",
    "default",
    "value",
    "raw_value",
    "raw_values",
    "form_id",
    "id",
    "placeholder",
    "icon",
    "url",
    "data",
}
_UNSAFE_MARKDOWN = [
    (re.compile(r"(?<!\\)!\["), "an image"),
    (re.compile(r"(?<!\\)\]\s*\((?!\s*\))"), "a link"),
    (re.compile(r"(?<!\\):[a-z]+(?<!\\)\["), "a colour directive"),
    (re.compile(r"(?<!\\):material(?<!\\)/"), "an icon"),
    (re.compile(r"(?<!\\)<[a-zA-Z/!]"), "HTML"),
    (re.compile(r"https?(?<!\\):"), "an autolink"),
    (re.compile(r"www(?<!\\)\.[a-z]"), "an autolink"),
    (re.compile(r"(?<!\\)\$[^$\s]"), "LaTeX"),
]


def page_strings(at: Any) -> Iterator[tuple[str, str, str]]:
    """(element kind, field, string) for every string an AppTest run sent the browser,
    nested messages included."""
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = getattr(node, "type", type(proto).__name__)
        yield from ((kind, f, s) for f, s in _proto_strings(proto))


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _proto_strings(message: Any, field: str = "") -> Iterator[tuple[str, str]]:
    for descriptor, value in message.ListFields():
        name = descriptor.name
        repeated = (
            not isinstance(value, (str, bytes)) and not hasattr(value, "ListFields") and hasattr(value, "__len__")
        )
        values = list(value) if repeated else [value]
        for v in values:
            if isinstance(v, str):
                yield name, v
            elif hasattr(v, "ListFields"):
                yield from _proto_strings(v, name)


# Fragments of HOSTILE: a string holding one holds text from data or the URL (our own markup,
# such as st.badge's ':gray-badge[:material/…:]', holds none).
_MARKERS = ("8799", "แดง", "ใหญ่", "x^2", "example.com", "bold")


def markup_problems(at: Any) -> list[str]:
    """Strings of markdown-rendered elements (captions, alerts, titles, labels, help) holding
    text from data or the URL that would render as markup: 'kind.field: what: the string'."""
    problems = []
    for kind, field, text in page_strings(at):
        if kind in _PLAIN_KINDS or field in _PLAIN_FIELDS:
            continue
        if field == "columns":  # a table's column settings: headers are drawn as text, help as markdown
            text = "\n".join(c.get("help") or "" for c in json.loads(text).values() if isinstance(c, dict))
        if not any(m in re.sub(r"\\(.)", r"\1", text) for m in _MARKERS):
            continue
        for pattern, what in _UNSAFE_MARKDOWN:
            if pattern.search(text):
                problems.append(f"{kind}.{field}: {what}: {text[:160]!r}")
    return problems


_OUR_TAGS = re.compile(r"<(?:br|b|/b|i|/i|br ?/)>")


def chart_problems(at: Any) -> list[str]:
    """Strings of every plotly figure a page drew that hold a tag other than our own
    ``<br>``/``<b>``/``<i>`` (a link, a style, an image from data)."""
    problems = []
    for kind, field, text in page_strings(at):
        if kind != "plotly_chart" or field != "spec":
            continue
        for s in _json_strings(json.loads(text)):
            if "<" in _OUR_TAGS.sub("", s):
                problems.append(f"plotly: {s[:160]!r}")
    return problems


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)
