"""Analysts' settings (DESIGN §2 ``indicator_settings``): read, export, and save one.

A setting is data like any other: saving one builds a one-row ``indicator_settings`` table and
imports it through :func:`kpi_model.importer.batch.import_paths`, so it is validated by the same
rules as a file, lands as a new store version (all or nothing) and leaves a line in the import
log; ``python -m kpi_model rollback`` undoes it like any import.

Example::

    result = save_setting(store, {"indicator_code": "0402-0810", "fiscal_year": 2564,
                                  "plan_q1": "10", "plan_q2": "30", "plan_q3": "70",
                                  "plan_q4": "100"}, user="somchai")
    if result.rejected:
        ...  # nothing written; each problem names the column
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.achievement import AnalystSetting
from kpi_model.derive import setting_for, settings_index
from kpi_model.errors import KpiError, Problem
from kpi_model.importer.batch import ImportResult, import_paths
from kpi_model.importer.numbers import normalise_code, parse_number
from kpi_model.importer.settings_table import SETTINGS, plan_problems
from kpi_model.inference import CHOICES, OTHERWISE
from kpi_model.review import EVERY_YEAR_KINDS, REIMPORT_ONLY, PendingItem, decided, decision_row
from kpi_model.safe_io import write_table_csv, write_table_xlsx
from kpi_model.schema import TABLES, empty_frame
from kpi_model.store import Store

__all__ = [
    "PLAN_FIELDS",
    "SETTING_FIELDS",
    "SettingView",
    "export_settings",
    "record_decision",
    "save_setting",
    "setting_view",
    "settings_of",
]

PLAN_FIELDS = ("plan_q1", "plan_q2", "plan_q3", "plan_q4")
#: What an analyst decides (the rest of a row says which indicator, and who and when).
SETTING_FIELDS = (
    "direction",
    "accumulation",
    *PLAN_FIELDS,
    "max_level",
    "weight",
    "unmeasured_quarters",  # the two a decision on an inference writes (kpi_model.inference)
    "decisions",
    "note",
)
_KEYS = ("indicator_code", "fiscal_year")


def _stored(store: Store) -> pd.DataFrame:
    return store.read(SETTINGS) if store.exists() else empty_frame(SETTINGS)


def settings_of(store: Store, code: str) -> pd.DataFrame:
    """The stored settings rows of one indicator (codes matched on their normalised form):
    the every-year row first, then by fiscal year."""
    frame = _stored(store)
    if not len(frame):
        return frame
    key = normalise_code(str(code))
    mine = frame[[normalise_code(str(c)) == key for c in frame["indicator_code"]]]
    return mine.sort_values("fiscal_year", na_position="first", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class SettingView:
    """What the indicator page shows of an indicator-year's settings: the stored row for that
    year and the every-year row (each a dict, or None) and the setting in force (the year's
    merged over the every-year one, as every write applies it)."""

    year_row: dict[str, Any] | None
    every_row: dict[str, Any] | None
    in_force: AnalystSetting | None

    @property
    def rows(self) -> list[tuple[str, dict[str, Any]]]:
        """(scope, row) for the rows that exist: ``year`` and ``every``."""
        return [(s, r) for s, r in (("year", self.year_row), ("every", self.every_row)) if r is not None]


def _row(frame: pd.DataFrame) -> dict[str, Any] | None:
    if not len(frame):
        return None
    return {
        str(k): (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
        for k, v in frame.iloc[0].to_dict().items()
    }


def setting_view(store: Store, code: str, fiscal_year: int) -> SettingView:
    """The settings of ``code`` in ``fiscal_year``, as stored and as applied."""
    rows = settings_of(store, code)
    year = _row(rows[rows["fiscal_year"].notna() & (rows["fiscal_year"] == int(fiscal_year))]) if len(rows) else None
    every = _row(rows[rows["fiscal_year"].isna()]) if len(rows) else None
    in_force = setting_for(settings_index(rows), code, int(fiscal_year)) if len(rows) else None
    return SettingView(year, every, in_force)


def export_settings(store: Store, path: Path | str) -> int:
    """Write the stored settings to ``path`` (.csv UTF-8 with BOM, or .xlsx with one sheet
    named ``indicator_settings``), with the safe writers every export uses (text cells that a
    spreadsheet could run as a formula are neutralised). The file imports back as it is.
    Returns the number of rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise KpiError(f"settings export writes .csv or .xlsx, not {path.name}")
    frame = _stored(store)
    frame = frame.sort_values(["indicator_code", "fiscal_year"], na_position="first", kind="stable")
    frame = frame[TABLES[SETTINGS].names].reset_index(drop=True)
    if suffix == ".csv":
        write_table_csv(frame, path)
    else:
        write_table_xlsx({SETTINGS: frame}, path)
    return len(frame)


def _cell(name: str, value: Any) -> Any:
    """A value as typed: text stripped, blank → NULL, a plan's trailing % dropped."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if name in PLAN_FIELDS and text.endswith("%"):
            text = text[:-1].strip()
        return text or None
    return value


def _numbers(values: Mapping[str, Any]) -> dict[str, float | None]:
    """The plan values that read as numbers (the rest None: the reader names them)."""
    out: dict[str, float | None] = {}
    for name in PLAN_FIELDS:
        try:
            out[name] = parse_number(values.get(name))
        except (ValueError, TypeError):
            out[name] = None
    return out


def save_setting(store: Store, row: Mapping[str, Any], user: str, now: dt.datetime | None = None) -> ImportResult:
    """Validate one settings row and import it as a new store version, set by ``user`` now
    (ISO 8601, UTC). ``row`` holds ``indicator_code``, ``fiscal_year`` (None = every year) and
    any of :data:`SETTING_FIELDS`, as typed (text is parsed as a file's cells are; blank = the
    source's value). Nothing is written, and no log line left, when anything is wrong: the
    result's ``rejected`` then names each column. StoreLocked propagates."""
    problems = [
        Problem(SETTINGS, None, k, f"ไม่รู้จักช่อง {k}", f"unknown field {k}")
        for k in row
        if k not in (*_KEYS, *SETTING_FIELDS)
    ]
    if not user or not str(user).strip():
        problems.append(
            Problem(SETTINGS, None, "set_by", "ต้องระบุผู้ตั้งค่า (เข้าสู่ระบบก่อน)", "a setting needs who set it (sign in first)")
        )
    if _cell("indicator_code", row.get("indicator_code")) is None:
        problems.append(Problem(SETTINGS, None, "indicator_code", "ต้องระบุรหัสตัวชี้วัด", "an indicator code is required"))
    if problems:
        return ImportResult(rejected=problems)
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    values = {name: _cell(name, row.get(name)) for name in TABLES[SETTINGS].names}
    values.update(set_by=str(user).strip(), set_at=when.isoformat(timespec="seconds"))
    frame = pd.DataFrame([values], columns=TABLES[SETTINGS].names, dtype=object)
    fy = values["fiscal_year"]
    note = f"setting {values['indicator_code']} {'every year' if fy is None else f'FY {fy}'} by {values['set_by']}"
    with tempfile.TemporaryDirectory(prefix="kpi-setting-") as tmp:
        path = Path(tmp) / f"{SETTINGS}.csv"
        write_table_csv(frame, path)
        preview = import_paths(store, [path], dry_run=True, user=values["set_by"], table=SETTINGS)
        if preview.rejected:
            # A value that is not a number stops the file at reading; say what else is wrong too.
            named = {p.column for p in preview.rejected}
            preview.rejected += [p for p in plan_problems(path.name, 2, _numbers(values)) if p.column not in named]
            return preview
        return import_paths(store, [path], note=note, user=values["set_by"], table=SETTINGS)


def record_decision(
    store: Store,
    item: PendingItem,
    choice: str,
    user: str,
    note: str | None = None,
    now: dt.datetime | None = None,
    every_year: bool = False,
) -> ImportResult:
    """An analyst's decision on one item of the review queue (DESIGN §6), saved as ONE
    ``indicator_settings`` row for the item's indicator-year (``every_year``: the indicator's
    every-year row, for the kinds of :data:`~kpi_model.review.EVERY_YEAR_KINDS`): the stored row with
    the decision's fields over it (:func:`kpi_model.review.decision_row`; a plan, weight or
    note set before is kept), through :func:`save_setting`, so it is validated, versioned,
    logged with ``user`` and undone by ``rollback`` like any import.

    Refused (nothing written, ``rejected`` says why): a choice that is not confirmed /
    otherwise; deciding a fiscal year otherwise, which is a new import of the page with
    ``--fy``, not a setting; an item the settings in force have decided meanwhile (someone
    else decided it after this queue was read)."""
    if (
        choice not in CHOICES
        or (item.code in REIMPORT_ONLY and choice == OTHERWISE)
        or (every_year and item.code not in EVERY_YEAR_KINDS)
    ):
        return ImportResult(
            rejected=[
                Problem(
                    SETTINGS,
                    None,
                    "decisions",
                    f"การตัดสิน {item.code}={choice} บันทึกเป็นการตั้งค่าไม่ได้",
                    f"the decision {item.code}={choice} is not a setting",
                )
            ]
        )
    rows = settings_of(store, item.indicator_code)
    if decided(settings_index(rows), item.indicator_code, item.fiscal_year, item.code) is not None:
        return ImportResult(
            rejected=[
                Problem(
                    SETTINGS,
                    None,
                    "decisions",
                    f"การอนุมานนี้ของ {item.indicator_code} ปี {item.fiscal_year} ตัดสินไปแล้ว (โหลดคิวใหม่)",
                    f"this inference of {item.indicator_code} FY {item.fiscal_year} is decided already "
                    "(load the queue again)",
                )
            ]
        )
    if every_year:
        scope = rows[rows["fiscal_year"].isna()] if len(rows) else rows
    else:
        scope = (
            rows[rows["fiscal_year"].notna() & (rows["fiscal_year"] == int(item.fiscal_year))] if len(rows) else rows
        )
    fy = None if every_year else item.fiscal_year
    row = decision_row(_row(scope), item.indicator_code, fy, item.code, choice, item.quarters, note)
    return save_setting(store, {k: v for k, v in row.items() if k in (*_KEYS, *SETTING_FIELDS)}, user, now)
