"""The review page (DESIGN §6): the queue of inferences still to decide, each with its
evidence and the verdict either way, as a table, its download, and the headline figure the
data-quality page shows. The queue itself is :mod:`kpi_model.review`; this module reads what it
needs from the store and lays it out in words.

The store is read in a few set-wise queries (the flags of the inference kinds, the settings,
the stored verdicts of the indicator-years in the queue, and their source rows for the "if
decided otherwise" verdicts); the model computes each item's hypothetical verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_model.columns import column_label
from kpi_model.derive import settings_index
from kpi_model.filters import Filters
from kpi_model.i18n import (
    agency_label,
    fy_label,
    inference_label,
    name_of,
    recorded_status_label,
    status_label,
    t,
)
from kpi_model.importer.numbers import normalise_code
from kpi_model.inference import INFERENCES
from kpi_model.review import (
    REIMPORT_ONLY,
    PendingItem,
    ReviewItem,
    Verdicts,
    hypothetical_setting,
    pending_counts,
    pending_items,
    reimport_command,
    stored_rows,
    stored_verdicts,
    verdicts_of,
)
from kpi_model.schema import coerce_frame
from kpi_model.store import Store

__all__ = [
    "REVIEW_TABLE_COLUMNS",
    "ReviewQueue",
    "review_headers",
    "review_item_label",
    "review_item_lines",
    "review_queue",
    "review_reimport_command",
    "review_summary",
    "review_table",
]

_FLAG_COLUMNS = [
    "indicator_code",
    "fiscal_year",
    "quarter",
    "code",
    "message_th",
    "message_en",
    "agency_code",
]
REVIEW_TABLE_COLUMNS = (  # what an analyst decides on first (a phone shows the first columns)
    "indicator_code",
    "fiscal_year",
    "inference",
    "verdict_changes",
    "verdict_now",
    "verdict_otherwise",
    "evidence",
    "quarters",
    "name",
    "agency_name",
)


@dataclass(frozen=True)
class ReviewQueue:
    """The items still to decide for a choice of fiscal years and agencies."""

    items: tuple[ReviewItem, ...]

    @property
    def count(self) -> int:
        """How many items (indicator, fiscal year and kind of inference)."""
        return len(self.items)

    @property
    def indicator_count(self) -> int:
        """How many indicators (codes as codes are matched) the items are about."""
        return len({normalise_code(i.pending.indicator_code) for i in self.items})

    def item(self, key: str) -> ReviewItem | None:
        return next((i for i in self.items if i.pending.key == key), None)


def _filters(fiscal_years: tuple[int, ...], agency_codes: tuple[str, ...]) -> Filters:
    return Filters(
        fiscal_years=tuple(int(y) for y in fiscal_years),
        agency_codes=tuple(str(a) for a in agency_codes),
        flag_codes=tuple(INFERENCES),
    )


def _pending(
    store: Store, fiscal_years: tuple[int, ...], agency_codes: tuple[str, ...], settings: pd.DataFrame
) -> list[PendingItem]:
    """The flags of the inference kinds for the choice, less what ``settings`` decided."""
    flags = store.select_named(
        "quality_flags",
        _filters(fiscal_years, agency_codes),
        columns=_FLAG_COLUMNS,
        order_by=["fiscal_year", "indicator_code", "code", "quarter"],
    )
    return pending_items(flags, settings_index(settings))


def review_summary(
    store: Store, fiscal_years: tuple[int, ...] = (), agency_codes: tuple[str, ...] = ()
) -> tuple[int, int]:
    """(items, indicators) the queue holds for the choice: the headline figure an analyst sees
    on the data-quality page, without the verdicts the queue page computes."""
    flags = store.select(
        "quality_flags", _filters(fiscal_years, agency_codes), columns=["indicator_code", "fiscal_year", "code"]
    )
    return pending_counts(flags, settings_index(store.read("indicator_settings")))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in frame.columns]
    return [
        {k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in zip(cols, row)}
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def review_queue(store: Store, fiscal_years: tuple[int, ...] = (), agency_codes: tuple[str, ...] = ()) -> ReviewQueue:
    """Every item still to decide among the flags of ``fiscal_years`` and ``agency_codes``
    (empty: all), with the indicator's names, the verdicts the store holds now and those the
    model computes for the decision otherwise."""
    settings = store.read("indicator_settings")
    pending = _pending(store, fiscal_years, agency_codes, settings)
    if not pending:
        return ReviewQueue(())
    codes = tuple(sorted({p.indicator_code for p in pending}))
    years = tuple(sorted({p.fiscal_year for p in pending}))
    scope = Filters(fiscal_years=years, indicator_codes=codes)
    annual = {
        (r["indicator_code"], int(r["fiscal_year"])): r
        for r in _records(
            store.select(
                "annual_scores", scope, columns=["indicator_code", "fiscal_year", "name_th", "name_en", "status"]
            )
        )
    }
    quarter: dict[tuple[str, int], dict[int, str]] = {}
    bands: dict[tuple[str, int], dict[int, str | None]] = {}
    for r in _records(
        store.select(
            "quarter_scores", scope, columns=["indicator_code", "fiscal_year", "quarter", "status", "recorded_status"]
        )
    ):
        quarter.setdefault((r["indicator_code"], int(r["fiscal_year"])), {})[int(r["quarter"])] = r["status"]
        bands.setdefault((r["indicator_code"], int(r["fiscal_year"])), {})[int(r["quarter"])] = r["recorded_status"]
    # the source rows under the codes the flags carry (as the indicators table writes them)
    source = {
        t: _records(coerce_frame(t, store.select(t, scope)))
        for t in ("indicators", "quarterly_results", "indicator_levels")
    }
    inds = {(r["indicator_code"], int(r["fiscal_year"])): r for r in source["indicators"]}
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in source["quarterly_results"]:
        results.setdefault((r["indicator_code"], int(r["fiscal_year"])), []).append(r)
    levels: dict[tuple[str, int], dict[int, str]] = {}
    for r in source["indicator_levels"]:
        levels.setdefault((r["indicator_code"], int(r["fiscal_year"])), {})[int(r["level"])] = r["description"] or ""
    stored = stored_rows(settings)
    items = []
    for p in pending:
        key = (p.indicator_code, p.fiscal_year)
        scored = annual.get(key, {})
        now = stored_verdicts(p, quarter.get(key, {}), scored.get("status"), bands.get(key, {}))
        otherwise: Verdicts | None = None
        if p.code not in REIMPORT_ONLY and key in inds:
            setting = hypothetical_setting(stored, p)
            rows = sorted(results.get(key, []), key=lambda r: r["quarter"])
            otherwise = verdicts_of(p, inds[key], levels.get(key, {}), rows, setting, store.cfg)
        items.append(ReviewItem(p, scored.get("name_th"), scored.get("name_en"), now, otherwise))
    return ReviewQueue(tuple(items))


def _verdict_text(verdicts: Verdicts | None, lang: str) -> str | None:
    """'ไตรมาส 1 ต่ำกว่าเป้าหมาย · … · ทั้งปี บรรลุเป้าหมาย' (None: no verdict to show)."""
    if verdicts is None:
        return None
    quarter = "Q{q}" if lang == "en" else "ไตรมาส {q}"
    if verdicts.recorded:
        parts = [
            f"{quarter.format(q=q)} {t('review_recorded', lang)} {recorded_status_label(None if s == 'none' else s, lang)}"
            for q, s in verdicts.quarters
        ]
    else:
        parts = [f"{quarter.format(q=q)} {status_label(s, lang)}" for q, s in verdicts.quarters]
    parts.append(f"{t('review_annual', lang)} {status_label(verdicts.annual, lang)}")
    return " · ".join(parts)


def _changes_text(item: ReviewItem, lang: str) -> str:
    if item.changes is None:
        return t("review_changes_import", lang)
    return t("review_changes_yes" if item.changes else "review_changes_no", lang)


def review_table(queue: ReviewQueue, lang: str = "th") -> pd.DataFrame:
    """The queue as a reader sees it, one frame for the page and its download
    (:data:`REVIEW_TABLE_COLUMNS`), what an analyst decides on first: code, year, the
    inference's name, whether deciding otherwise changes a verdict, the computed verdict now
    (what confirming keeps) and if decided otherwise (or what to do instead), the evidence (the
    flags' messages, holding the page's line), the quarters, the indicator's name, the agency.
    Every cell is plain text."""
    rows = queue.items
    message = "evidence_en" if lang == "en" else "evidence_th"
    return pd.DataFrame(
        {
            "agency_name": [
                agency_label(i.pending.agency_code, i.pending.agency_name_th, i.pending.agency_name_en, lang)
                for i in rows
            ],
            "indicator_code": [i.pending.indicator_code for i in rows],
            "name": [name_of(i.name_th, i.name_en, lang) for i in rows],
            "fiscal_year": [fy_label(i.pending.fiscal_year, lang) for i in rows],
            "inference": [inference_label(i.pending.code, lang) for i in rows],
            "quarters": [", ".join(str(q) for q in i.pending.quarters) or None for i in rows],
            "evidence": [getattr(i.pending, message) or None for i in rows],
            "verdict_now": [_verdict_text(i.now, lang) for i in rows],
            "verdict_otherwise": [_verdict_text(i.otherwise, lang) or t("review_reimport", lang) for i in rows],
            "verdict_changes": [_changes_text(i, lang) for i in rows],
        },
        columns=list(REVIEW_TABLE_COLUMNS),
    ).astype("string")


def review_item_lines(item: ReviewItem, lang: str = "th") -> list[str]:
    """What the decision form says of the chosen item, one line each: its evidence, the
    computed verdict now and if decided otherwise (in full: the table cuts long cells)."""
    evidence = item.pending.evidence_en if lang == "en" else item.pending.evidence_th
    otherwise = _verdict_text(item.otherwise, lang) or t("review_reimport", lang)
    return [
        f"{t('review_evidence', lang)}: {evidence or '—'}",
        f"{t('review_verdict_now', lang)}: {_verdict_text(item.now, lang)}",
        f"{t('review_verdict_otherwise', lang)}: {otherwise} ({_changes_text(item, lang)})",
    ]


def review_headers(lang: str = "th") -> dict[str, str]:
    """The review table's column ids → their labels in ``lang`` (the download's headers)."""
    return {c: column_label(c, lang) for c in REVIEW_TABLE_COLUMNS}


def review_item_label(item: ReviewItem, lang: str = "th") -> str:
    """One item in the picker: '0402-0810 · ปีงบประมาณ 2564 · <inference>'."""
    p = item.pending
    return f"{p.indicator_code} · {fy_label(p.fiscal_year, lang)} · {inference_label(p.code, lang)}"


def review_reimport_command(store: Store, item: ReviewItem) -> str:
    """The command that imports the item's page again with the right fiscal year."""
    scope = Filters(indicator_codes=(item.pending.indicator_code,), fiscal_years=(item.pending.fiscal_year,))
    rows = store.select("indicators", scope, columns=["source"])
    source = None if not len(rows) or pd.isna(rows["source"].iloc[0]) else str(rows["source"].iloc[0])
    return reimport_command(source)
