"""The review queue of inferences (DESIGN §6): what is still to decide, what a decision writes,
and what the verdict would be either way. Pure: frames and rows in, values out; the store is
read by :mod:`kpi_model.views.review` and written by :func:`kpi_model.settings.record_decision`.

Every verdict that rests on an inference carries a quality flag whose code is a kind of
:data:`kpi_model.inference.INFERENCES`. The queue holds one item per indicator, fiscal year and
kind (a per-quarter kind lists its quarters), until the settings in force for that
indicator-year (its year's row or the every-year row) record a decision on that kind. A
decision is one ``indicator_settings`` row: the stored row of the indicator-year with the
fields :func:`kpi_model.inference.decision_fields` names put over it, so a plan, a weight or a
note set before is kept.

"If decided otherwise" is computed by the model itself: the hypothetical setting that decision
would leave in force, through :func:`kpi_model.derive.achievement_of`, the same path the
store's verdicts come from. No formula lives here.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_model.achievement import AnalystSetting
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.derive import SettingsIndex, achievement_of, setting_for, setting_of_row
from kpi_model.importer.numbers import normalise_code
from kpi_model.inference import CONFIRMED, INFERENCES, OTHERWISE, decision_fields

__all__ = [
    "EVERY_YEAR_KINDS",
    "RECORDED_KINDS",
    "REIMPORT_ONLY",
    "PendingItem",
    "ReviewItem",
    "StoredRows",
    "Verdicts",
    "decided",
    "decision_row",
    "hypothetical_setting",
    "pending_counts",
    "pending_items",
    "reimport_command",
    "stored_rows",
    "stored_verdicts",
    "verdicts_of",
]

#: Kinds whose "otherwise" is no setting: the page must be imported again (a fiscal year).
REIMPORT_ONLY = ("fiscal_year_inferred",)
#: Kinds a decision may make for every year at once: not those about a year's own quarters or
#: its own fiscal year.
EVERY_YEAR_KINDS = tuple(c for c, kind in INFERENCES.items() if not kind.per_quarter and c not in REIMPORT_ONLY)
#: Kinds about BMA's recorded evaluation, not the computed verdict: their quarters are shown
#: as BMA's recorded bands either way (not evaluated / behind …).
RECORDED_KINDS = ("recorded_zero_not_evaluated",)


@dataclass(frozen=True)
class PendingItem:
    """One inference still to decide: an indicator-year, the kind of inference, its flagged
    quarters (empty for a kind about the whole indicator) and the flags' messages, which hold
    the line of the page the inference came from."""

    indicator_code: str
    fiscal_year: int
    code: str
    agency_code: str | None
    agency_name_th: str | None
    agency_name_en: str | None
    quarters: tuple[int, ...]
    evidence_th: str
    evidence_en: str

    @property
    def key(self) -> str:
        """A stable id for the item (a widget's value, a test's handle)."""
        return f"{self.indicator_code}|{self.fiscal_year}|{self.code}"


@dataclass(frozen=True)
class Verdicts:
    """Computed statuses (``met`` / ``on_track`` / ``behind`` / ``no_data``) of the quarters an
    item is about, and of the year. ``recorded``: the quarters hold BMA's recorded bands
    (``not_evaluated``, ``behind`` …, ``none``) instead, for a kind about them (:data:`RECORDED_KINDS`)."""

    quarters: tuple[tuple[int, str], ...]
    annual: str
    recorded: bool = False


@dataclass(frozen=True)
class ReviewItem:
    """What the queue shows of one item: the pending inference, the indicator's names, the
    verdicts as stored now (what confirming keeps) and as the model computes them had the
    analyst decided otherwise (None where deciding otherwise is a new import, not a setting)."""

    pending: PendingItem
    name_th: str | None
    name_en: str | None
    now: Verdicts
    otherwise: Verdicts | None

    @property
    def changes(self) -> bool | None:
        """Whether deciding otherwise changes a verdict (None: it takes a new import)."""
        return None if self.otherwise is None else self.otherwise != self.now


def _value(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain values, NULL as None (what the model's functions take)."""
    cols = [str(c) for c in frame.columns]
    return [dict(zip(cols, map(_value, row))) for row in frame.astype(object).itertuples(index=False, name=None)]


def _joined(messages: Iterable[Any]) -> str:
    """Distinct messages in order, one evidence text."""
    seen: list[str] = []
    for m in messages:
        m = _value(m)
        if m is not None and str(m) not in seen:
            seen.append(str(m))
    return " · ".join(seen)


def decided(settings: SettingsIndex, indicator_code: str, fiscal_year: int, code: str) -> str | None:
    """The decision in force on inference ``code`` for the indicator-year (the year's row, or
    the every-year row; codes matched on their normalised form), or None."""
    setting = setting_for(settings, indicator_code, int(fiscal_year))
    return None if setting is None else setting.decision(code)


def pending_counts(flags: pd.DataFrame, settings: SettingsIndex) -> tuple[int, int]:
    """(items, indicators) of :func:`pending_items` over the same ``flags`` without building
    the items: the data-quality page's headline, which on the 5 M-row store has ~770,000 items
    (20 s of CPU to build them, issue 24). Only ``indicator_code``, ``fiscal_year`` and
    ``code`` are read; equal to the reference (``tests/model/test_review.py``)."""
    if not len(flags):
        return 0, 0
    keep = flags["code"].isin(list(INFERENCES)) & flags["indicator_code"].notna() & flags["fiscal_year"].notna()
    groups = flags.loc[keep, ["indicator_code", "fiscal_year", "code"]].astype(str).drop_duplicates()
    if not len(groups):
        return 0, 0
    normalised = {c: normalise_code(c) for c in groups["indicator_code"].unique()}
    codes = groups["indicator_code"].map(normalised)
    with_setting = {code for code, _ in settings}
    undecided = [
        code not in with_setting or decided(settings, raw, int(fy), kind) is None
        for code, raw, fy, kind in zip(codes, groups["indicator_code"], groups["fiscal_year"], groups["code"])
    ]
    return sum(undecided), len(set(codes[undecided]))


def pending_items(flags: pd.DataFrame, settings: SettingsIndex) -> list[PendingItem]:
    """The queue before its verdicts: ``flags`` (rows of ``quality_flags`` with the agency's
    names, as the store's named read gives them) grouped per indicator, fiscal year and kind
    of inference, less those the settings in force have decided. Flags of other codes, and
    flags without an indicator-year, are not items. Ordered by agency, year, code, kind."""
    if not len(flags):
        return []
    rows = [
        r
        for r in _records(flags)
        if r["code"] in INFERENCES and r.get("indicator_code") is not None and r.get("fiscal_year") is not None
    ]
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((str(r["indicator_code"]), int(r["fiscal_year"]), str(r["code"])), []).append(r)
    out = []
    for (code, fy, kind), members in groups.items():
        if decided(settings, code, fy, kind) is not None:
            continue
        members.sort(key=lambda r: (r.get("quarter") is not None, r.get("quarter") or 0))
        first = members[0]
        out.append(
            PendingItem(
                code,
                fy,
                kind,
                first.get("agency_code"),
                first.get("agency_name_th"),
                first.get("agency_name_en"),
                tuple(sorted({int(r["quarter"]) for r in members if r.get("quarter") is not None})),
                _joined(r.get("message_th") for r in members),
                _joined(r.get("message_en") for r in members),
            )
        )
    kinds = list(INFERENCES)
    out.sort(key=lambda p: (p.agency_code or "", p.fiscal_year, p.indicator_code, kinds.index(p.code)))
    return out


def decision_row(
    stored: Mapping[str, Any] | None,
    indicator_code: str,
    fiscal_year: int | None,
    code: str,
    choice: str,
    quarters: Sequence[int] = (),
    note: str | None = None,
) -> dict[str, Any]:
    """The ``indicator_settings`` row one decision writes: the ``stored`` row of the
    indicator-year (None: there is none) with the decision's fields over it
    (:func:`~kpi_model.inference.decision_fields`) and every other field kept. A ``note`` is
    added after a stored note, never in its place (the stored one said why something else was
    set). ``set_by`` / ``set_at`` are left to the writer. ``fiscal_year`` None: the every-year
    row (the decision then holds for every year of the indicator, until a year says otherwise)."""
    row: dict[str, Any] = {k: _value(v) for k, v in (stored or {}).items()}
    row["indicator_code"] = row.get("indicator_code") or indicator_code
    row["fiscal_year"] = None if fiscal_year is None else int(fiscal_year)
    row.update(decision_fields(code, choice, row.get("decisions"), quarters))
    text = (note or "").strip()
    if text:
        before = (row.get("note") or "").strip()
        row["note"] = f"{before} · {text}" if before and text not in before else (before or text)
    return row


StoredRows = dict[tuple[str, int | None], dict[str, Any]]


def stored_rows(settings: pd.DataFrame) -> StoredRows:
    """The stored settings rows by (normalised code, fiscal year or None = every year), read
    once for a whole queue."""
    return {
        (normalise_code(str(r["indicator_code"])), None if r.get("fiscal_year") is None else int(r["fiscal_year"])): r
        for r in _records(settings)
    }


def hypothetical_setting(stored: StoredRows, item: PendingItem, choice: str = OTHERWISE) -> AnalystSetting | None:
    """The setting that would be in force for the item's indicator-year once ``choice`` is
    recorded: the row :func:`decision_row` would write, over the stored every-year row, read
    as every write reads settings (:func:`~kpi_model.derive.setting_of_row`,
    :func:`~kpi_model.derive.setting_for`)."""
    key = normalise_code(item.indicator_code)
    year, every = stored.get((key, int(item.fiscal_year))), stored.get((key, None))
    row = decision_row(year, item.indicator_code, item.fiscal_year, item.code, choice, item.quarters)
    index: SettingsIndex = {(key, int(item.fiscal_year)): setting_of_row(row)}
    if every is not None:
        index[(key, None)] = setting_of_row(every)
    return setting_for(index, item.indicator_code, item.fiscal_year)


def verdicts_of(
    item: PendingItem,
    ind: dict[str, Any],
    levels: dict[int, str],
    results: list[dict[str, Any]],
    setting: AnalystSetting | None,
    cfg: Settings = default_settings,
) -> Verdicts:
    """The model's verdicts of the item's quarters (every quarter for a kind about the whole
    indicator) and of the year, for the indicator-year's stored rows under ``setting``."""
    result = achievement_of(ind, levels, results, setting, cfg)
    wanted = set(item.quarters) if INFERENCES[item.code].per_quarter and item.quarters else {1, 2, 3, 4}
    recorded = item.code in RECORDED_KINDS
    return Verdicts(
        tuple(
            (a.quarter, (a.recorded_status or "none") if recorded else a.status)
            for a in result.quarters
            if a.quarter in wanted
        ),
        result.annual.status,
        recorded,
    )


def stored_verdicts(
    item: PendingItem,
    quarter_status: Mapping[int, str],
    annual_status: str | None,
    recorded_status: Mapping[int, str | None] | None = None,
) -> Verdicts:
    """The item's verdicts as the store holds them now (``quarter_scores`` / ``annual_scores``);
    for a kind about BMA's evaluation, the quarters' recorded bands (``recorded_status``)."""
    wanted = item.quarters if INFERENCES[item.code].per_quarter and item.quarters else (1, 2, 3, 4)
    if item.code in RECORDED_KINDS:
        bands = recorded_status or {}
        return Verdicts(tuple((q, bands.get(q) or "none") for q in wanted), annual_status or "no_data", True)
    return Verdicts(tuple((q, quarter_status.get(q, "no_data")) for q in wanted), annual_status or "no_data")


def reimport_command(source: str | None) -> str:
    """What an analyst runs when a fiscal year was inferred wrongly: the page imported again
    with the right year (``YEAR`` is for the analyst to fill in; ``PAGE`` where the store does
    not say which file the indicator came from)."""
    page = shlex.quote(source) if source else "PAGE"
    return f"python -m kpi_model import {page} --fy YEAR"


assert set(REIMPORT_ONLY) <= set(INFERENCES) and CONFIRMED != OTHERWISE
