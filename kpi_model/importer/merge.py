"""The merge rules of an import: how the rows one call read replace the store's rows
(per indicator-year, per code), how strategy names printed on pages meet the tree, and what
stops a merge. Pure: tables in, tables and problems out; the store is written by
:mod:`kpi_model.importer.batch`."""

from __future__ import annotations

import re

import pandas as pd

from kpi_model.errors import Problem
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.peer_groups import peer_group_problems
from kpi_model.importer.reading import ImportResult
from kpi_model.importer.settings_table import SETTINGS, merge_settings, settings_problems
from kpi_model.quality import flag_record, make_flag
from kpi_model.reference_data import reference_tables
from kpi_model.schema import SOURCE_TABLES, TABLES, coerce_frame, empty_frame, validate_frame

__all__ = [
    "PER_INDICATOR",
    "duplicates_across_files",
    "incoming_keys",
    "merge_flags",
    "merge_problems",
    "merge_tables",
    "row_keys",
]

PER_INDICATOR = ("indicators", "indicator_levels", "quarterly_results")


def row_keys(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [(normalise_code(str(c)), int(y)) for c, y in zip(frame["indicator_code"], frame["fiscal_year"])],
        index=frame.index,
        dtype=object,
    )


def merge_tables(current: dict[str, pd.DataFrame], incoming: ImportResult) -> tuple[dict[str, pd.DataFrame], int, int]:
    """(merged tables, indicator-years added, indicator-years replaced).

    Per-indicator tables: the incoming rows of an indicator-year replace that indicator-year's
    rows of the same table. Agencies, strategies and peer groups from tables (CSV, XLSX):
    incoming rows replace the same code. Strategy names printed on pages are BMA's own and win over the
    tree, each difference flagged (``strategy_name_differs``, added to ``incoming.flags``);
    see :func:`_merge_page_strategies`. Settings: an incoming row replaces the stored row of
    the same (normalised code, year or every year), nothing else; ``incoming.settings_added``
    and ``settings_replaced`` count them (:mod:`kpi_model.importer.settings_table`)."""
    merged = dict(current)
    settings = incoming.frame(SETTINGS)  # analysts' settings: same key replaced, nothing else
    if len(settings):
        merged[SETTINGS], incoming.settings_added, incoming.settings_replaced = merge_settings(
            current.get(SETTINGS), settings
        )
    before = set(row_keys(current["indicators"])) if len(current["indicators"]) else set()
    for table in PER_INDICATOR:
        new = incoming.frame(table)
        if not len(new):
            continue
        old = current[table]
        drop = row_keys(old).isin(set(row_keys(new))) if len(old) else pd.Series([], dtype=bool)
        merged[table] = coerce_frame(table, pd.concat([old[~drop], new], ignore_index=True))
    for table, key in (("agencies", "agency_code"), ("strategies", "strategy_code"), ("peer_groups", "agency_code")):
        new = _table_rows(incoming, table)
        if not len(new):
            continue
        old = merged[table] if table in merged else empty_frame(table)
        new = new.drop_duplicates(key, keep="last")
        merged[table] = coerce_frame(table, pd.concat([old[~old[key].isin(set(new[key]))], new], ignore_index=True))
    given = set(_table_rows(incoming, "strategies")["strategy_code"].dropna())
    merged["strategies"], flags = _merge_page_strategies(
        merged["strategies"], incoming.page_rows.get("strategies", []), given
    )
    incoming.flags = [f for f in incoming.flags if f.get("code") != "strategy_name_differs"] + flags
    after = set(row_keys(incoming.frame("indicators")))
    return merged, len(after - before), len(after & before)


def _table_rows(incoming: ImportResult, table: str) -> pd.DataFrame:
    """The rows of ``table`` that came from tables (CSV, XLSX), not from pages."""
    parts = [f for _, t, f in incoming.parts if t == table and len(f)]
    return coerce_frame(table, pd.concat(parts, ignore_index=True)) if parts else empty_frame(table)


def _same_name(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _norm(name: object) -> str:
    """A name without its spaces: Thai writes words together and pages space phrases freely."""
    return re.sub(r"\s+", "", str(name)) if name is not None and name is not pd.NA else ""


def _cut_from(short: str, full: str) -> bool:
    """``short`` is ``full`` cut off by a copy: a proper prefix of it (spaces aside)."""
    s, f = _norm(short), _norm(full)
    return bool(s) and len(s) < len(f) and f.startswith(s)


def _merge_page_strategies(
    tree: pd.DataFrame, page_rows: list[dict], given: set[str]
) -> tuple[pd.DataFrame, list[dict]]:
    """The strategy tree after pages that print strategy names, and one
    ``strategy_name_differs`` flag per indicator-year and code its page names otherwise.

    A page's names are BMA's words for that page: they stay with the page's indicator (the
    flag holds the page's name, shown on its indicator page) and never rename the tree, whose
    names change only when an analyst imports the tree itself (DESIGN §3; one page once
    renamed a branch on every page). Names are compared without their spaces. For each code a
    page names:

    * the tree's name: nothing changes (a page's English fills a blank one);
    * a prefix of the tree's name: the tree's name cut short by the copy (the parser strips
      the copy's '%'), no flag;
    * any other name: flagged; the tree keeps its name;
    * a code no tree holds: added from the page, unflagged (a fuller name from a later page
      replaces one a page cut short, for such codes only, never for a code of BMA's reference
      tree or of a strategies table of this call, ``given``)."""
    if not page_rows:
        return tree, []
    ref_frame = reference_tables()["strategies"]
    reference = set(ref_frame["strategy_code"].astype(str))
    names = {
        str(c): (None if pd.isna(th) else str(th), None if pd.isna(en) else str(en))
        for c, th, en in zip(tree["strategy_code"], tree["name_th"], tree["name_en"])
    }
    added: dict[str, dict] = {}  # code no tree holds → the page row that names it
    english: dict[str, str] = {}  # code → a page's English for a tree row without one
    flags: list[dict] = []
    for row in page_rows:
        code, page_name = str(row["strategy_code"]), str(row["name_th"])
        tree_th, tree_en = names.get(code, (None, None))
        page_added = code not in reference and code not in given
        if tree_th is None or (page_added and _cut_from(tree_th, page_name)):
            if code not in added or _cut_from(added[code]["name_th"], page_name):
                added[code] = row
            continue
        if _same_name(page_name, tree_th):
            if tree_en is None and row.get("name_en"):
                english.setdefault(code, str(row["name_en"]))
            continue
        if _cut_from(page_name, tree_th):
            continue
        flags.append(
            flag_record(
                make_flag(
                    "strategy_name_differs",
                    row.get("_indicator_code"),
                    row.get("_fiscal_year"),
                    None,
                    "strategies",
                    "name_th",
                    f"หน้าเรียกยุทธศาสตร์ {code} ว่า “{page_name}” แต่แผนยุทธศาสตร์เรียกว่า “{tree_th}” "
                    "ชื่อตามหน้าอยู่กับตัวชี้วัดนี้ ชื่อในแผนไม่เปลี่ยน",
                    f"the page names strategy {code} “{page_name}”, the tree “{tree_th}”; "
                    "the page's name stays with this indicator, the tree keeps its own",
                )
            )
        )
    if not added and not english:
        return tree, flags
    out = tree.copy()
    if english:
        hit = out["strategy_code"].isin(set(english))
        out.loc[hit, "name_en"] = out.loc[hit, "strategy_code"].map(english)
    if added:
        cols = TABLES["strategies"].names
        new = coerce_frame(
            "strategies", pd.DataFrame([{c: r.get(c) for c in cols} for r in added.values()], columns=cols)
        )
        out = pd.concat([out[~out["strategy_code"].isin(set(added))], new], ignore_index=True)
    return coerce_frame("strategies", out), flags


def duplicates_across_files(result: ImportResult) -> list[Problem]:
    """The same indicator-year in two files of one call is ambiguous: which one wins?"""
    problems = []
    seen: dict[tuple, str] = {}
    owned: list[tuple[str, tuple]] = [
        (path, key)
        for path, table, frame in result.parts
        if table == "indicators" and len(frame)
        for key in row_keys(frame)
    ]
    owned += [
        (row["_file"], (normalise_code(str(row["indicator_code"])), int(row["fiscal_year"])))
        for row in result.page_rows.get("indicators", [])
    ]
    for path, key in owned:
        if key in seen and seen[key] != path:
            problems.append(
                Problem(
                    path,
                    None,
                    "indicator_code,fiscal_year",
                    f"ตัวชี้วัด {key[0]} ปี {key[1]} อยู่ในไฟล์ {seen[key]} ด้วย",
                    f"indicator {key[0]} FY {key[1]} is also in {seen[key]}",
                )
            )
        seen.setdefault(key, path)
    return problems


def incoming_keys(result: ImportResult) -> pd.DataFrame:
    """The indicator-years the call brings rows for, as codes are matched (code_key)."""
    keys = {k for t in PER_INDICATOR for k in row_keys(result.frame(t))}
    return pd.DataFrame(sorted(keys), columns=["code_key", "fiscal_year"])


def merge_problems(known: pd.DataFrame, merged: dict[str, pd.DataFrame], result: ImportResult) -> list[Problem]:
    """What stops a merge: the settings rows' faults against the ``known`` indicator-years,
    else the merged tables' schema faults."""
    return (
        settings_problems(known, result.parts)
        or peer_group_problems(merged["agencies"], result.parts)
        or [p for t in SOURCE_TABLES for p in validate_frame(t, merged[t], t)]
    )


def merge_flags(old: pd.DataFrame | None, new: pd.DataFrame, replaced: pd.DataFrame) -> pd.DataFrame:
    """Import flags (page cut short) of replaced indicator-years go; the new ones come."""
    frames = []
    if old is not None and len(old):
        frames.append(old[~row_keys(old).isin(set(row_keys(replaced)))])
    if len(new):
        frames.append(new)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
