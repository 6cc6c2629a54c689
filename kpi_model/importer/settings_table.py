"""The ``indicator_settings`` table on import (DESIGN §2): merge, checks, who and when.

An analyst's settings are kept apart from what the source says. On import an incoming row
replaces the stored row with the same key — (normalised indicator code, fiscal year or NULL =
every year) — and touches nothing else; re-importing a page never touches them. A row must
name an indicator the store holds (after the call's own rows), and, when it gives a year, an
indicator-year; its plan is a cumulative percent of the target (at most 100, never going
down). Each fault names file, row and column. :mod:`kpi_model.importer.batch` calls these.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kpi_model.errors import ImportRejected, Problem
from kpi_model.importer.numbers import normalise_code
from kpi_model.importer.tables import read_table_file
from kpi_model.schema import coerce_frame, empty_frame

__all__ = [
    "PLAN_COLUMNS",
    "SETTINGS",
    "merge_settings",
    "plan_problems",
    "read_only_table",
    "setting_keys",
    "settings_problems",
    "stamp_settings",
]

SETTINGS = "indicator_settings"
PLAN_COLUMNS = ("plan_q1", "plan_q2", "plan_q3", "plan_q4")
Part = tuple[str, str, pd.DataFrame]  # (file, table, rows), as ImportResult.parts holds them


def setting_keys(frame: pd.DataFrame) -> pd.Series:
    """(normalised code, fiscal year or None = every year) per settings row."""
    return pd.Series(
        [
            (normalise_code(str(c)), None if pd.isna(y) else int(y))
            for c, y in zip(frame["indicator_code"], frame["fiscal_year"])
        ],
        index=frame.index,
        dtype=object,
    )


def merge_settings(old: pd.DataFrame | None, new: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """(stored settings with ``new`` in place, rows added, rows replaced): a new row replaces
    the stored row of the same key; every other stored row stays as it is."""
    old = empty_frame(SETTINGS) if old is None else old
    stored = set(setting_keys(old)) if len(old) else set()
    keys = set(setting_keys(new))
    drop = setting_keys(old).isin(keys) if len(old) else pd.Series([], dtype=bool)
    merged = coerce_frame(SETTINGS, pd.concat([old[~drop], new], ignore_index=True))
    return merged, len(keys - stored), len(keys & stored)


def _origins(file: str, frame: pd.DataFrame) -> list[tuple[str, int]]:
    """(file or sheet, spreadsheet row) of each row; a frame from elsewhere counts from row 2."""
    rows = frame.attrs.get("rows")
    if rows is not None and len(rows) == len(frame):
        return list(rows)
    return [(file, i + 2) for i in range(len(frame))]


def settings_problems(indicators: pd.DataFrame, parts: Iterable[Part]) -> list[Problem]:
    """What is wrong with the incoming settings rows, each by file, row and column: a code the
    store holds no indicator for (or a year it holds no indicator-year for), the same setting
    twice in one call, a plan above 100 % of the target or going down from quarter to quarter.
    ``indicators``: the store's indicators after the call's own rows are merged."""
    mine = [(f, frame) for f, t, frame in parts if t == SETTINGS and len(frame)]
    if not mine:
        return []
    codes = {normalise_code(str(c)) for c in indicators["indicator_code"]}
    years = {(normalise_code(str(c)), int(y)) for c, y in zip(indicators["indicator_code"], indicators["fiscal_year"])}
    problems: list[Problem] = []
    seen: dict[tuple, tuple[str, int]] = {}
    for file, frame in mine:
        for (label, row), rec in zip(_origins(file, frame), frame.astype(object).to_dict("records")):
            raw = str(rec["indicator_code"]).strip()
            code = normalise_code(raw)
            fy = None if pd.isna(rec["fiscal_year"]) else int(rec["fiscal_year"])
            key = (code, fy)
            if key in seen:
                first = seen[key]
                problems.append(
                    Problem(
                        label,
                        row,
                        "indicator_code,fiscal_year",
                        f"ตั้งค่าตัวชี้วัด {raw} ({'ทุกปี' if fy is None else f'ปี {fy}'}) ซ้ำกับ {first[0]} แถว {first[1]}",
                        f"the setting of {raw} ({'every year' if fy is None else f'FY {fy}'}) "
                        f"repeats {first[0]} row {first[1]}",
                    )
                )
            seen.setdefault(key, (label, row))
            if code not in codes:
                problems.append(
                    Problem(
                        label,
                        row,
                        "indicator_code",
                        f"ไม่มีตัวชี้วัดรหัส {raw} ในคลังข้อมูล จึงตั้งค่าไม่ได้ (ตรวจรหัส หรือนำเข้าตัวชี้วัดนั้นก่อน)",
                        f"the store holds no indicator {raw}, so it cannot be set "
                        "(check the code, or import the indicator first)",
                    )
                )
            elif fy is not None and key not in years:
                problems.append(
                    Problem(
                        label,
                        row,
                        "fiscal_year",
                        f"ตัวชี้วัด {raw} ไม่มีข้อมูลปีงบประมาณ {fy} ในคลังข้อมูล (เว้นว่างปีงบประมาณเพื่อใช้กับทุกปี)",
                        f"the store holds indicator {raw} but not for FY {fy} (leave fiscal_year blank for every year)",
                    )
                )
            problems += plan_problems(label, row, rec)
    return problems


def plan_problems(label: str, row: int | None, rec: dict) -> list[Problem]:
    """A settings row's plan (``plan_q1`` … ``plan_q4``, blanks skipped): each at most 100 %
    of the target, none below the quarter before it."""
    problems: list[Problem] = []
    before: tuple[str, float] | None = None
    for col in PLAN_COLUMNS:
        v = rec.get(col)
        if v is None or pd.isna(v):
            continue
        v = float(v)
        if v > 100:
            problems.append(
                Problem(
                    label,
                    row,
                    col,
                    f"แผนสะสม {v:g} เกิน 100 (ร้อยละของเป้าหมายทั้งปี)",
                    f"cumulative plan {v:g} is above 100 (% of the annual target)",
                )
            )
        if before is not None and v < before[1]:
            problems.append(
                Problem(
                    label,
                    row,
                    col,
                    f"แผนสะสม {v:g} น้อยกว่า {before[0]} ({before[1]:g}) แผนสะสมต้องไม่ลดลง",
                    f"cumulative plan {v:g} is below {before[0]} ({before[1]:g}); a cumulative plan never goes down",
                )
            )
        before = (col, v)
    return problems


def stamp_settings(parts: list[Part], user: str, now: str) -> list[Part]:
    """The parts with who (``user``) and when (``now``, ISO UTC) filled into settings rows that
    leave ``set_by`` / ``set_at`` blank; a file's own values are kept."""
    out = []
    for file, table, frame in parts:
        if table == SETTINGS and len(frame) and (frame["set_by"].isna().any() or frame["set_at"].isna().any()):
            rows = frame.attrs.get("rows")
            frame = frame.assign(set_by=frame["set_by"].fillna(user), set_at=frame["set_at"].fillna(now))
            if rows is not None:
                frame.attrs["rows"] = rows
        out.append((file, table, frame))
    return out


def read_only_table(path: Path, table: str, suffixes: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """A CSV / XLSX read as ``table`` whatever its name (``settings import my-plans.csv``);
    another kind of file, or another table in it, is a rejection."""
    if path.suffix.lower() not in suffixes:
        raise ImportRejected(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"ไฟล์สำหรับตาราง {table} ต้องเป็น CSV หรือ XLSX",
                    f"a file for table {table} must be a CSV or XLSX file",
                )
            ]
        )
    tables = read_table_file(path, table)
    others = [t for t in tables if t != table]
    if others:
        raise ImportRejected(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"ไฟล์นี้มีตาราง {', '.join(others)} ด้วย แต่คำสั่งนี้นำเข้าเฉพาะตาราง {table}",
                    f"this file also holds {', '.join(others)}; this command imports table {table} only",
                )
            ]
        )
    return tables
