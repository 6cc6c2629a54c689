"""The districts page's league: the 50 district offices side by side, with the city average as
a row, and the league as the page shows and downloads it. The map's shapes are
:mod:`kpi_model.views.district_shapes`; reporting completeness is :mod:`kpi_model.views.reporting`.

(Named in the singular so the module never shadows a view of this package.)

Decisions, each in one place:

* **The quarter before** is :func:`kpi_model.fiscal.previous_quarter`: Q2–Q4 compare with the
  quarter before in the same fiscal year, Q1 with Q4 of the fiscal year before (when the store
  holds it; otherwise there is no change). A change is measured on the indicators both
  quarters hold with a score (a like set, paired in the store: :meth:`Store.like_sets`,
  :func:`kpi_model.views.overview.comparison`), never between sets of different indicators,
  and never lifted by an indicator that simply went unreported this quarter.
* **Rank** is by mean score, highest first, on the score as shown (one decimal), so two
  districts that read the same share a rank (1, 2, 2, 4); a district without a score has no
  rank.
* **The city average** is the 50 district offices' indicator-quarters taken together, by the
  same rollup formula as one district (:mod:`kpi_model.rollup`): a district with more
  indicators weighs more. Above / below compares a district's mean with it, on one decimal.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpi_model.columns import column_label
from kpi_model.fiscal import previous_quarter
from kpi_model.i18n import name_of, t
from kpi_model.labels import recorded_summary
from kpi_model.rollup import Rollup
from kpi_model.store import Filters, Store
from kpi_model.views.common import _with_period, agencies
from kpi_model.views.overview import Comparison, comparison
from kpi_model.views.reporting import reported_counts, share_of
from kpi_model.views.verdicts import RECORDED_COLUMNS, RecordedCounts, _recorded_by, recorded_counts

__all__ = [
    "CITY_AVERAGE",
    "LEAGUE_COLUMNS",
    "LEAGUE_TABLE_COLUMNS",
    "MAP_MEASURES",
    "district_league",
    "league_headers",
    "league_table",
    "peer_groups",
    "vs_city_counts",
]

CITY_AVERAGE = "city_average"  # row_kind of the league's city-average row (its agency_code is None)
SHOWN_DIGITS = 1  # scores are shown to one decimal: ranks, ties and above / below use that

#: The measures a map can be coloured by (columns of :func:`district_league`).
MAP_MEASURES = ("mean_score_100", "share_behind", "share_met", "reporting_share")

LEAGUE_COLUMNS = (
    "row_kind",
    "agency_code",
    "name_th",
    "name_en",
    "peer_group_th",
    "peer_group_en",
    "rank",
    "indicator_count",
    "mean_score_100",
    "share_met",
    "share_on_track",
    "share_behind",
    "share_no_data",
    "met",
    "on_track",
    "behind",
    "no_data",
    *RECORDED_COLUMNS,
    "previous_fiscal_year",
    "previous_quarter",
    "change_score",
    "change_direction",
    "change_matched",
    "change_same_set",
    "reported",
    "reporting_total",
    "reporting_share",
    "vs_city",
)


def _rounded(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), SHOWN_DIGITS)


def _direction(comparison: Comparison | None) -> str | None:
    """'up', 'down' or 'same' (the change rounds to 0 at one decimal: no arrow); None when
    there is no change to show (nothing in common, or no score on the common set)."""
    if comparison is None or comparison.score is None:
        return None
    shown = round(comparison.score, SHOWN_DIGITS)
    return "same" if shown == 0 else ("up" if shown > 0 else "down")


def _league_row(
    kind: str,
    code: str | None,
    name_th: str | None,
    name_en: str | None,
    roll: Rollup | None,
    recorded: RecordedCounts,
    comparison: Comparison | None,
    reported: tuple[int, int],
    previous: tuple[int, int],
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "row_kind": kind,
        "agency_code": code,
        "name_th": name_th,
        "name_en": name_en,
        "indicator_count": roll.indicator_count if roll else 0,
        "mean_score_100": roll.mean_score_100 if roll else None,
    }
    for status in ("met", "on_track", "behind", "no_data"):
        row[f"share_{status}"] = getattr(roll, f"share_{status}") if roll and roll.indicator_count else None
        row[status] = getattr(roll, status) if roll else 0
    row.update(recorded.columns())
    real = comparison is not None and comparison.score is not None
    row.update(
        previous_fiscal_year=previous[0],
        previous_quarter=previous[1],
        change_score=comparison.score if real and comparison else None,
        change_direction=_direction(comparison),
        change_matched=comparison.matched if comparison else 0,
        change_same_set=comparison.same_set if comparison else None,
        reported=reported[0],
        reporting_total=reported[1],
        reporting_share=share_of(*reported),
    )
    return row


def _ranks(scores: list[float | None]) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4), highest score first, on the score as shown; None for no score."""
    shown = [_rounded(s) for s in scores]
    present = sorted((s for s in shown if s is not None), reverse=True)
    first: dict[float, int] = {}
    for i, s in enumerate(present):
        first.setdefault(s, i + 1)
    return [None if s is None else first[s] for s in shown]


def _vs(score: float | None, city: float | None) -> str | None:
    a, b = _rounded(score), _rounded(city)
    if a is None or b is None:
        return None
    return "above" if a > b else ("below" if a < b else "at")


def peer_groups(store: Store) -> pd.DataFrame:
    """The analysts' peer groups (agency_code, group_th, group_en, source), by code; empty
    when none is imported (the store ships none: no complete, citable list was found)."""
    return store.select("peer_groups", order_by=["agency_code"])


def district_league(
    store: Store, fiscal_year: int, quarter: int, filters: Filters = Filters(), peer_group: str | None = None
) -> pd.DataFrame:
    """The league of the district offices (agency kind 'district') for one quarter: one row per
    district office in code order, then the city average (``row_kind = 'city_average'``,
    ``agency_code`` None). ``filters`` narrows the indicators (strategy branch, indicator type;
    its agency codes narrow the districts; its years and quarters are replaced by the period).
    ``peer_group`` (a ``group_th`` of :func:`peer_groups`) keeps that group's districts and
    ranks them among themselves; the city average stays the whole city's.

    Columns (:data:`LEAGUE_COLUMNS`); scores 0–100, shares fractions (0.25 = 25 %):

    * ``row_kind`` 'district' or 'city_average'; ``agency_code``, ``name_th``, ``name_en``;
      ``peer_group_th``, ``peer_group_en`` (None: the district is in no imported peer group);
    * ``rank`` (Int64): 1 = highest mean score, ties share a rank, None without a score;
    * ``indicator_count``, ``mean_score_100`` (None: no score), ``share_met`` /
      ``share_on_track`` / ``share_behind`` / ``share_no_data`` (None for no indicators) and
      their counts ``met`` … ``no_data`` (the computed status, :mod:`kpi_model.rollup`);
    * ``rec_*``: BMA's recorded evaluation bands (:data:`kpi_model.views.RECORDED_COLUMNS`);
    * ``previous_fiscal_year``, ``previous_quarter``: the quarter compared with;
      ``change_score`` (points; None when there is nothing to compare), ``change_direction``
      ('up' / 'down' / 'same' / None: draw an arrow only for up and down),
      ``change_matched`` (indicators both quarters hold with a score), ``change_same_set``
      (both quarters score the same indicators);
    * ``reported``, ``reporting_total``, ``reporting_share`` (None for no indicators):
      reporting completeness;
    * ``vs_city``: 'above' / 'below' / 'at' the city average, None without a score (None on
      the city row).
    """
    ag = agencies(store)
    districts = ag[ag["kind"] == "district"]
    codes = [str(c) for c in districts["agency_code"]]
    if filters.agency_codes:
        codes = [c for c in codes if c in set(filters.agency_codes)]
    if not codes:
        return pd.DataFrame(columns=list(LEAGUE_COLUMNS))
    base = Filters(**{**filters.__dict__, "agency_codes": tuple(codes)})
    now_f = _with_period(base, fiscal_year, quarter)
    pfy, pq = previous_quarter(fiscal_year, quarter)
    then_f = _with_period(base, pfy, pq)

    rolls = {r.key[0]: r for r in store.rollup(["agency_code"], now_f)}
    city_rows = store.rollup([], now_f)
    city_roll = city_rows[0] if city_rows and city_rows[0].indicator_count else None
    recorded = _recorded_by(store, "agency_code", now_f)
    reported = reported_counts(store, now_f, "agency_code")
    changes = {s.key[0]: comparison(s) for s in store.like_sets(now_f, then_f, ["agency_code"], scored_only=True)}

    rows = []
    names = districts.set_index("agency_code")
    for code in codes:
        rows.append(
            _league_row(
                "district",
                code,
                names["name_th"].get(code),
                names["name_en"].get(code),
                rolls.get(code),
                recorded.get(code, RecordedCounts()),
                changes.get(code),
                reported.get(code, (0, 0)),
                (pfy, pq),
            )
        )
    frame = pd.DataFrame(rows)
    groups = peer_groups(store).set_index("agency_code")
    frame["peer_group_th"] = [groups["group_th"].get(c) for c in frame["agency_code"]]
    frame["peer_group_en"] = [groups["group_en"].get(c) for c in frame["agency_code"]]
    if peer_group is not None:
        frame = frame[frame["peer_group_th"] == peer_group].reset_index(drop=True)
    frame.insert(4, "rank", pd.Series(_ranks(list(frame["mean_score_100"])), dtype="Int64"))
    city_mean = city_roll.mean_score_100 if city_roll else None
    frame["vs_city"] = [_vs(s, city_mean) for s in frame["mean_score_100"]]

    city_change = store.like_sets(now_f, then_f, scored_only=True)
    city = _league_row(
        CITY_AVERAGE,
        None,
        None,
        None,
        city_roll,
        recorded_counts(store, now_f),
        comparison(city_change[0]) if city_change else None,
        reported_counts(store, now_f, None).get(None, (0, 0)),
        (pfy, pq),
    )
    city.update(rank=None, vs_city=None, peer_group_th=None, peer_group_en=None)
    frame = pd.concat([frame, pd.DataFrame([city])], ignore_index=True)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame[list(LEAGUE_COLUMNS)]


#: The league as the page shows it and the download writes it (ids; labels by :func:`column_label`).
LEAGUE_TABLE_COLUMNS = (
    "mean_score_100",
    "district",
    "rank",
    "peer_group",
    "vs_city",
    "change_text",
    "reporting_pct",
    "share_behind_pct",
    "share_met_pct",
    "recorded",
    "reporting",
    "agency_code",
)


def _pct(share: float | None) -> float | None:
    """A share (fraction) as a percent rounded to a whole number, as the table shows it."""
    return None if share is None or pd.isna(share) else float(round(100.0 * float(share)))


def _change_text(value: float | None, direction: str | None) -> str | None:
    """'▲ +2.1' / '▼ −15.0' for a real change, '0.0' (no arrow) when it rounds to nothing,
    None when there is nothing to compare."""
    if direction is None or value is None or pd.isna(value):
        return None
    shown = round(float(value), SHOWN_DIGITS)
    if direction == "same":
        return f"{0:.{SHOWN_DIGITS}f}"
    arrow = "▲" if direction == "up" else "▼"
    return f"{arrow} {shown:+.{SHOWN_DIGITS}f}".replace("-", "−")


def league_table(league: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """:func:`district_league` as a reader sees it, one frame for the page and its download
    (:data:`LEAGUE_TABLE_COLUMNS`), what a reader compares first on the left (a phone shows
    the score and the name): the mean score to one decimal, the district's name (the city
    average row named so), rank, its peer group (only when any district has one), above /
    below the city average in words, the
    change with its arrow, the share reported, shares behind and met (whole percent), BMA's
    recorded evaluation in words, 'reported / indicators', the agency code. The city average
    first (a reader compares every row with it), then the districts by rank (a league reads top
    down; ties and districts without a score by code, the unscored last)."""
    districts = league[league["row_kind"] != CITY_AVERAGE]
    districts = districts.assign(_unranked=districts["rank"].isna()).sort_values(
        ["_unranked", "rank", "agency_code"], kind="stable"
    )
    league = pd.concat([league[league["row_kind"] == CITY_AVERAGE], districts.drop(columns="_unranked")])
    city = league["row_kind"] == CITY_AVERAGE
    names = [
        t("city_average", lang) if is_city else name_of(th, en, lang)
        for is_city, th, en in zip(city, league["name_th"].fillna(""), league["name_en"].fillna(""))
    ]
    vs = [t(f"vs_city_{v}", lang) if isinstance(v, str) else None for v in league["vs_city"]]
    out = pd.DataFrame(
        {
            "rank": league["rank"].astype("Int64"),
            "district": names,
            "peer_group": [
                None if pd.isna(th) else name_of(th, en, lang)
                for th, en in zip(league["peer_group_th"], league["peer_group_en"].fillna(""))
            ],
            "mean_score_100": [_rounded(v) for v in league["mean_score_100"]],
            "vs_city": vs,
            "recorded": recorded_summary(league, lang),
            "share_met_pct": [_pct(v) for v in league["share_met"]],
            "share_behind_pct": [_pct(v) for v in league["share_behind"]],
            "change_text": [_change_text(v, d) for v, d in zip(league["change_score"], league["change_direction"])],
            "reporting": [f"{int(a)} / {int(b)}" for a, b in zip(league["reported"], league["reporting_total"])],
            "reporting_pct": [_pct(v) for v in league["reporting_share"]],
            "agency_code": league["agency_code"],
        }
    )
    columns = [c for c in LEAGUE_TABLE_COLUMNS if c != "peer_group" or out["peer_group"].notna().any()]
    return out[columns].reset_index(drop=True)


def league_headers(lang: str = "th") -> dict[str, str]:
    """The league table's column ids → their labels in ``lang`` (the download's headers)."""
    return {c: column_label(c, lang) for c in LEAGUE_TABLE_COLUMNS}


def vs_city_counts(league: pd.DataFrame) -> dict[str, int]:
    """How many districts of the league are above, below and at the city average, and how many
    have no score (``none``): the page's one-line summary."""
    districts = league[league["row_kind"] != CITY_AVERAGE]
    got = [v if isinstance(v, str) else "none" for v in districts["vs_city"]]
    return {k: got.count(k) for k in ("above", "below", "at", "none")}
