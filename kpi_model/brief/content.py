"""What the quarterly briefing pack holds (DESIGN §7), gathered from the dashboard's views.

Nothing here computes a verdict: every figure is a view's answer (:mod:`kpi_model.views`) for
the same fiscal year, quarter and filters the dashboard page would use, so the pack and the
page always agree. The content is a frozen value the renderer (:mod:`kpi_model.brief.html`)
lays out; scores are on the 0–100 scale, shares are fractions (0.25 = 25 %).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

import pandas as pd

from kpi_model import views
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.errors import KpiError
from kpi_model.followup import BriefingNote, FollowupDB, briefing_notes, followup_url, open_followup
from kpi_model.importer.numbers import normalise_code
from kpi_model.rollup import Rollup
from kpi_model.store import Filters, Store
from kpi_model.trend import TrendPoint

__all__ = [
    "BEHIND_LIMIT",
    "FLAG_LIMIT",
    "BehindRow",
    "BriefError",
    "DimensionRow",
    "FlagRow",
    "FollowupNote",
    "FollowupPart",
    "LeagueRow",
    "MoverRow",
    "PackContent",
    "PackRequest",
    "Scope",
    "build_content",
    "pack_followup_db",
    "pack_request",
    "permalink",
]

#: The most indicators listed as behind, and flags listed one by one (the pack says how many
#: there are in all); a city pack of a whole year would otherwise run to hundreds of pages.
BEHIND_LIMIT = 30
FLAG_LIMIT = 25
AGENCY_LIMIT = 10
MOVER_LIMIT = 5
#: The league's columns in the pack, in the order of :class:`LeagueRow` (by name, from
#: :func:`kpi_model.views.league_table`; the page orders its own for a phone).
LEAGUE_COLUMNS = (
    "rank",
    "district",
    "mean_score_100",
    "vs_city",
    "recorded",
    "share_met_pct",
    "share_behind_pct",
    "change_text",
    "reporting",
    "reporting_pct",
)


class BriefError(KpiError):
    """A pack that cannot be made as asked (an unknown agency or branch, a fiscal year the
    store does not hold, no renderer): the message says which, in Thai and English."""

    def __init__(self, message_th: str, message_en: str):
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{message_th} / {message_en}")


@dataclass(frozen=True)
class Scope:
    """What a pack covers: the whole city, one strategy branch (a dimension code such as
    ``'7'`` or any deeper code) or one agency (a department or a district office)."""

    kind: Literal["city", "strategy", "agency"] = "city"
    code: str | None = None

    def filters(self) -> Filters:
        if self.kind == "agency":
            return Filters(agency_codes=(str(self.code),))
        if self.kind == "strategy":
            return Filters(strategy=str(self.code))
        return Filters()


@dataclass(frozen=True)
class DimensionRow:
    """One strategy dimension (or, in a branch's pack, one child branch): computed status
    counts and mean score beside BMA's recorded evaluation bands (counts of indicators)."""

    code: str
    name_th: str
    name_en: str
    indicator_count: int
    mean_score: float | None
    met: int
    on_track: int
    behind: int
    no_data: int
    rec_met: int
    rec_not_met: int
    rec_not_evaluated: int
    rec_none: int


@dataclass(frozen=True)
class BehindRow:
    """An indicator behind this quarter, with its latest narrative report (the quarter it was
    written for; None when no report has been written this year up to the quarter)."""

    indicator_code: str
    name_th: str
    name_en: str | None
    agency_code: str
    agency_th: str | None
    agency_en: str | None
    score: float | None
    plan_source: str | None
    direction: str | None
    direction_source: str | None
    recorded_status: str | None
    recorded_score: float | None
    report_quarter: int | None
    report_th: str | None


@dataclass(frozen=True)
class MoverRow:
    indicator_code: str
    name_th: str
    name_en: str | None
    agency_code: str
    score_prev: float
    score_now: float
    change: float


@dataclass(frozen=True)
class AgencyRow:
    agency_code: str
    name_th: str | None
    name_en: str | None
    mean_score: float
    behind: int
    indicator_count: int


@dataclass(frozen=True)
class LeagueRow:
    """A row of the district league as the districts page shows it
    (:func:`kpi_model.views.league_table`): the city average first (``agency_code`` None),
    then the district offices by code. Scores 0–100; percents are whole numbers (0–100)."""

    rank: int | None
    district: str
    agency_code: str | None
    mean_score: float | None
    vs_city: str | None
    recorded: str
    met_pct: float | None
    behind_pct: float | None
    change: str | None
    reporting: str
    reporting_pct: float | None


@dataclass(frozen=True)
class FlagRow:
    severity: str
    code: str
    indicator_code: str | None
    quarter: int | None
    agency_code: str | None
    message_th: str
    message_en: str


@dataclass(frozen=True)
class FollowupNote:
    """What the follow-up database holds for one indicator behind in the pack: its latest
    analysis (for the pack's quarter or an earlier one; ``note.analysis.key`` says which) and
    its open actions, soonest due first."""

    indicator_code: str
    name_th: str
    name_en: str | None
    note: BriefingNote


@dataclass(frozen=True)
class FollowupPart:
    """The follow-up of the indicators behind that the pack lists (:class:`BehindRow`), read
    from the follow-up database (DESIGN §9): ``notes`` holds those with an analysis or an open
    action, in the behind list's order; ``without_analysis`` counts the listed ones with no
    analysis; an action is overdue when its due date is before ``as_of`` (Bangkok's date)."""

    notes: tuple[FollowupNote, ...]
    without_analysis: int
    as_of: dt.date


@dataclass(frozen=True)
class PackContent:
    """Everything one pack shows, for (fiscal year, quarter, scope, language)."""

    fiscal_year: int
    quarter: int
    scope: Scope
    lang: str
    scope_th: str
    scope_en: str
    store_version: str
    store_written_at: str | None
    made_on: dt.date
    permalink: str | None
    synthetic: bool
    headline: views.Headline
    basis: views.VerdictBasis
    dimensions: tuple[DimensionRow, ...]
    dimensions_are_children: bool
    behind: tuple[BehindRow, ...]
    behind_total: int
    risers: tuple[MoverRow, ...]
    fallers: tuple[MoverRow, ...]
    agencies_behind: tuple[AgencyRow, ...]
    agencies_behind_total: int
    agencies_scored: int
    flag_counts: tuple[tuple[str, str, int], ...]  # (severity, code, count), most severe first
    flags: tuple[FlagRow, ...]
    met_ratio: float
    on_track_ratio: float
    league: tuple[LeagueRow, ...] = field(default=())
    league_headers: tuple[str, ...] = field(default=())
    trend: tuple[TrendPoint, ...] = field(default=())  # the last eight quarters, oldest first
    #: None: there is no follow-up database (the pack says so in one sentence).
    followup: FollowupPart | None = None

    @property
    def current(self) -> Rollup | None:
        return self.headline.current

    @property
    def flag_total(self) -> int:
        return sum(n for _, _, n in self.flag_counts)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _num(value: Any) -> float | None:
    return None if _text(value) is None else float(value)


def _scope_names(store: Store, scope: Scope) -> tuple[str, str]:
    if scope.kind == "agency":
        ag = views.agency_choices(store)
        hit = ag[ag["agency_code"] == scope.code]
        if not len(hit):
            raise BriefError(f"ไม่พบหน่วยงานรหัส {scope.code} ในข้อมูล", f"no agency with code {scope.code} in the store")
        th, en = _text(hit["name_th"].iloc[0]), _text(hit["name_en"].iloc[0])
        return f"{scope.code} {th or ''}".strip(), f"{scope.code} {en or th or ''}".strip()
    if scope.kind == "strategy":
        node = views.strategy_node(store, scope.code)
        if node is None:
            raise BriefError(
                f"ไม่พบยุทธศาสตร์รหัส {scope.code} ในข้อมูล", f"no strategy branch with code {scope.code} in the store"
            )
        return f"{scope.code} {node.name_th}", f"{scope.code} {node.name_en}"
    return "กรุงเทพมหานคร (ทั้งเมือง)", "Bangkok (the whole city)"


def permalink(base_url: str | None, scope: Scope, fiscal_year: int, quarter: int, lang: str) -> str | None:
    """The dashboard view a pack shows, as a link: the overview for the city, the strategy
    page for a branch, the agencies page for an agency (their URL parameters, see ui/url.py);
    None when no base URL is set (``KPI_BASE_URL``): the cover says so, no host is invented."""
    if not base_url:
        return None
    base = base_url.rstrip("/")
    params: list[tuple[str, str]]
    if scope.kind == "agency":
        path, params = (
            "/agencies",
            [("agency", str(scope.code)), ("years", str(fiscal_year)), ("quarters", str(quarter))],
        )
    elif scope.kind == "strategy":
        path, params = "/strategy", [("strategy", str(scope.code)), ("fy", str(fiscal_year)), ("q", str(quarter))]
    else:
        path, params = "/", [("fy", str(fiscal_year)), ("q", str(quarter))]
    if lang == "en":
        params.append(("lang", "en"))
    return f"{base}{path}?{urlencode(params)}"


def _count(value: Any) -> int:
    """A count from a frame cell; 0 for a missing one (a child branch without indicators)."""
    return 0 if _text(value) is None else int(value)


def _dimension_rows(frame: pd.DataFrame, recorded: pd.DataFrame) -> tuple[DimensionRow, ...]:
    """Rows of :func:`views.by_dimension` (or :func:`views.branch_children`), with the recorded
    bands of ``recorded`` (the same frame for branch children, which carry them)."""
    rec = {str(r["strategy_code"]): r for r in recorded.to_dict("records")}
    rows = []
    for r in frame.to_dict("records"):
        code = str(r["strategy_code"])
        bands = rec.get(code, {})
        rows.append(
            DimensionRow(
                code=code,
                name_th=str(r["name_th"]),
                name_en=str(_text(r["name_en"]) or r["name_th"]),
                indicator_count=_count(r["indicator_count"]),
                mean_score=_num(r["mean_score_100"]),
                met=_count(r["met"]),
                on_track=_count(r["on_track"]),
                behind=_count(r["behind"]),
                no_data=_count(r["no_data"]),
                rec_met=_count(bands.get("rec_met")),
                rec_not_met=_count(bands.get("rec_on_track")) + _count(bands.get("rec_behind")),
                rec_not_evaluated=_count(bands.get("rec_not_evaluated")),
                rec_none=_count(bands.get("rec_none")),
            )
        )
    return tuple(rows)


def _latest_reports(store: Store, codes: list[str], fiscal_year: int, quarter: int) -> dict[str, tuple[int, str]]:
    """indicator code → (quarter, text) of its latest written report this year, up to ``quarter``."""
    if not codes:
        return {}
    got = store.select(
        "quarterly_results",
        Filters(indicator_codes=tuple(codes), fiscal_years=(fiscal_year,)),
        columns=["indicator_code", "quarter", "report_th"],
        order_by=["indicator_code", "quarter"],
    )
    out: dict[str, tuple[int, str]] = {}
    for code, q, text in zip(got["indicator_code"], got["quarter"], got["report_th"]):
        written = _text(text)
        if written and int(q) <= quarter:
            out[str(code)] = (int(q), written)
    return out


def _behind(store: Store, filters: Filters, fiscal_year: int, quarter: int) -> tuple[tuple[BehindRow, ...], int]:
    f = Filters(**{**filters.__dict__, "fiscal_years": (fiscal_year,), "quarters": (quarter,), "statuses": ("behind",)})
    total = views.row_count(store, f)
    rows = views.indicator_rows(store, f, limit=BEHIND_LIMIT)
    reports = _latest_reports(store, [str(c) for c in rows["indicator_code"]], fiscal_year, quarter)
    out = []
    for r in rows.to_dict("records"):
        report = reports.get(str(r["indicator_code"]))
        out.append(
            BehindRow(
                indicator_code=str(r["indicator_code"]),
                name_th=str(r["name_th"]),
                name_en=_text(r.get("name_en")),
                agency_code=str(r["agency_code"]),
                agency_th=_text(r.get("agency_name_th")),
                agency_en=_text(r.get("agency_name_en")),
                score=_num(r["score_100"]),
                plan_source=_text(r.get("plan_source")),
                direction=_text(r.get("direction")),
                direction_source=_text(r.get("direction_source")),
                recorded_status=_text(r.get("recorded_status")),
                recorded_score=_num(r.get("recorded_score")),
                report_quarter=None if report is None else report[0],
                report_th=None if report is None else report[1],
            )
        )
    return tuple(out), total


def pack_followup_db(store: Store, environ: dict[str, str] | None = None) -> FollowupDB | None:
    """The follow-up database a pack of ``store`` reads: ``KPI_FOLLOWUP_URL``'s when set (an
    unusable URL or an unreachable server is an error, never skipped), else ``followup.sqlite``
    beside the store's versions; None when that file does not exist (nobody has written
    anything: the pack says so, and no database is created for it)."""
    url = followup_url(store.root, environ)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    return open_followup(url=url)


def _followup(
    db: FollowupDB, behind: tuple[BehindRow, ...], fiscal_year: int, quarter: int, as_of: dt.date
) -> FollowupPart:
    notes = briefing_notes(db, [r.indicator_code for r in behind], fiscal_year, quarter)
    found: list[FollowupNote] = []
    without = 0
    for r in behind:
        note = notes.get(normalise_code(r.indicator_code))
        if note is None or note.analysis is None:
            without += 1
        if note is not None and (note.analysis is not None or note.open_actions):
            found.append(FollowupNote(r.indicator_code, r.name_th, r.name_en, note))
    return FollowupPart(tuple(found), without, as_of)


def _movers(frame: pd.DataFrame) -> tuple[MoverRow, ...]:
    return tuple(
        MoverRow(
            str(r["indicator_code"]),
            str(r["name_th"]),
            _text(r["name_en"]),
            str(r["agency_code"]),
            float(r["score_prev"]),
            float(r["score_now"]),
            float(r["change"]),
        )
        for r in frame.to_dict("records")
    )


def _flags(
    store: Store, scope: Scope, filters: Filters, fiscal_year: int, quarter: int
) -> tuple[tuple[tuple[str, str, int], ...], tuple[FlagRow, ...]]:
    f = Filters(agency_codes=filters.agency_codes, fiscal_years=(fiscal_year,), quarters=(quarter,))
    if scope.kind == "strategy":  # flags carry no strategy: the branch's indicators this quarter
        period = Filters(**{**filters.__dict__, "fiscal_years": (fiscal_year,), "quarters": (quarter,)})
        codes = views.indicator_rows(store, period)["indicator_code"]
        f = Filters(**{**f.__dict__, "indicator_codes": tuple(sorted({str(c) for c in codes})) or ("",)})
    counts = views.flag_counts(store, f)
    rows = views.flags(store, f, limit=FLAG_LIMIT)
    return (
        tuple((str(s), str(c), int(n)) for s, c, n in zip(counts["severity"], counts["code"], counts["count"])),
        tuple(
            FlagRow(
                str(r["severity"]),
                str(r["code"]),
                _text(r["indicator_code"]),
                None if _text(r["quarter"]) is None else int(r["quarter"]),
                _text(r["agency_code"]),
                str(r["message_th"] or ""),
                str(r["message_en"] or ""),
            )
            for r in rows.to_dict("records")
        ),
    )


def _league(store: Store, fiscal_year: int, quarter: int, lang: str) -> tuple[tuple[LeagueRow, ...], tuple[str, ...]]:
    """The districts page's league for the period, every indicator (the city pack's section)."""
    table = views.league_table(views.district_league(store, fiscal_year, quarter, Filters()), lang)
    heads = views.league_headers(lang)
    rows = tuple(
        LeagueRow(
            rank=None if _text(r["rank"]) is None else int(r["rank"]),
            district=str(r["district"]),
            agency_code=_text(r["agency_code"]),
            mean_score=_num(r["mean_score_100"]),
            vs_city=_text(r["vs_city"]),
            recorded=str(r["recorded"]),
            met_pct=_num(r["share_met_pct"]),
            behind_pct=_num(r["share_behind_pct"]),
            change=_text(r["change_text"]),
            reporting=str(r["reporting"]),
            reporting_pct=_num(r["reporting_pct"]),
        )
        for r in table.to_dict("records")
    )
    return rows, tuple(heads[c] for c in LEAGUE_COLUMNS)


def build_content(
    store: Store,
    fiscal_year: int,
    quarter: int,
    scope: Scope = Scope(),
    lang: str = "th",
    *,
    base_url: str | None = None,
    today: dt.date | None = None,
    cfg: Settings = default_settings,
    followup: FollowupDB | None = None,
) -> PackContent:
    """The pack's content for the period and scope, read from one store version, with the
    follow-up of its indicators behind from ``followup`` (None: there is no follow-up
    database, see :func:`pack_followup_db`). :class:`BriefError` for a quarter outside 1–4,
    a fiscal year the store does not hold, or an agency or branch it does not know."""
    if quarter not in (1, 2, 3, 4):
        raise BriefError(f"ไตรมาสต้องเป็น 1–4 ไม่ใช่ {quarter}", f"the quarter must be 1–4, not {quarter}")
    if lang not in ("th", "en"):
        raise BriefError(f"ภาษาต้องเป็น th หรือ en ไม่ใช่ {lang}", f"the language must be th or en, not {lang}")
    with store.pinned() as version:
        years = views.fiscal_years(store)
        if fiscal_year not in years:
            held = ", ".join(str(y) for y in years) or "—"
            raise BriefError(
                f"ไม่มีปีงบประมาณ {fiscal_year} ในข้อมูล (มี {held})",
                f"fiscal year {fiscal_year} is not in the store (it holds {held})",
            )
        scope_th, scope_en = _scope_names(store, scope)
        filters = scope.filters()
        meta = store.meta()
        head = views.headline(store, fiscal_year, quarter, filters)
        basis = views.verdict_basis(store, fiscal_year, quarter, filters)
        if scope.kind == "strategy":
            children = views.branch_children(store, scope.code, fiscal_year, quarter, Filters())
            dims = _dimension_rows(children, children)
        else:
            dims = _dimension_rows(
                views.by_dimension(store, fiscal_year, quarter, filters),
                views.recorded_by_dimension(store, fiscal_year, quarter, filters),
            )
        behind, behind_total = _behind(store, filters, fiscal_year, quarter)
        risers, fallers = views.movers(store, fiscal_year, quarter, filters, limit=MOVER_LIMIT)
        ag_rows: tuple[AgencyRow, ...] = ()
        ag_total = ag_scored = 0
        if scope.kind != "agency":
            ag = views.agencies_behind(store, fiscal_year, quarter, filters, limit=AGENCY_LIMIT, cfg=cfg)
            ag_rows = tuple(
                AgencyRow(
                    str(r["agency_code"]),
                    _text(r["name_th"]),
                    _text(r["name_en"]),
                    float(r["mean_score_100"]),
                    int(r["behind"]),
                    int(r["indicator_count"]),
                )
                for r in ag.to_dict("records")
            )
            if len(ag):
                ag_total, ag_scored = int(ag["behind_agencies"].iloc[0]), int(ag["scored_agencies"].iloc[0])
        counts, flag_rows = _flags(store, scope, filters, fiscal_year, quarter)
        league, league_headers = _league(store, fiscal_year, quarter, lang) if scope.kind == "city" else ((), ())
        synthetic = views.has_synthetic(store)
        trend = _trend(views.quarter_trend(store, fiscal_year, quarter, filters))
    made_on = today or dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()  # Bangkok's date
    notes = None if followup is None else _followup(followup, behind, fiscal_year, quarter, made_on)
    return PackContent(
        fiscal_year=fiscal_year,
        quarter=quarter,
        scope=scope,
        lang=lang,
        scope_th=scope_th,
        scope_en=scope_en,
        store_version=version,
        store_written_at=meta.written_at,
        made_on=made_on,
        permalink=permalink(base_url, scope, fiscal_year, quarter, lang),
        synthetic=synthetic,
        headline=head,
        basis=basis,
        dimensions=dims,
        dimensions_are_children=scope.kind == "strategy",
        behind=behind,
        behind_total=behind_total,
        risers=_movers(risers),
        fallers=_movers(fallers),
        agencies_behind=ag_rows,
        agencies_behind_total=ag_total,
        agencies_scored=ag_scored,
        flag_counts=counts,
        flags=flag_rows,
        met_ratio=cfg.met_ratio,
        on_track_ratio=cfg.on_track_ratio,
        league=league,
        league_headers=league_headers,
        trend=trend,
        followup=notes,
    )


def _trend(frame: pd.DataFrame) -> tuple[TrendPoint, ...]:
    """The rows of :func:`kpi_model.views.quarter_trend` as points (NaN read as None)."""
    return tuple(
        TrendPoint(
            int(r["fiscal_year"]),
            int(r["quarter"]),
            int(r["indicator_count"]),
            _num(r["mean_score_100"]),
            _num(r["share_met"]),
            _num(r["share_behind"]),
            int(r["evaluated"]),
            _num(r["recorded_mean_score"]),
            _num(r["recorded_share_behind"]),
        )
        for r in frame.to_dict("records")
    )


@dataclass(frozen=True)
class PackRequest:
    """The pack a dashboard page offers for its filters: one fiscal year, one quarter, one
    scope; ``ignored`` names the page's filters the pack does not apply (it always covers
    every indicator type and status), so the page can say so."""

    fiscal_year: int
    quarter: int
    scope: Scope = Scope()
    ignored: tuple[str, ...] = ()

    def file_name(self, lang: str = "th") -> str:
        """``bma-kpi-brief-2567-q4-city-th.pdf`` (codes only: a safe file name)."""
        where = self.scope.kind if self.scope.code is None else f"{self.scope.kind}-{self.scope.code}"
        safe = "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in where)
        return f"bma-kpi-brief-{self.fiscal_year}-q{self.quarter}-{safe}-{lang}.pdf"


def pack_request(filters: Filters) -> PackRequest | None:
    """The pack for a page's ``filters``: one fiscal year and one quarter, and at most one
    agency or one strategy branch (not both); None when the filters ask for more than one
    pack would cover (the page then says what to choose)."""
    if len(filters.fiscal_years) != 1 or len(filters.quarters) != 1:
        return None
    if len(filters.agency_codes) > 1 or (filters.agency_codes and filters.strategy):
        return None
    if filters.agency_codes:
        scope = Scope("agency", filters.agency_codes[0])
    elif filters.strategy:
        scope = Scope("strategy", filters.strategy)
    else:
        scope = Scope()
    ignored = tuple(
        name for name, value in (("indicator_types", filters.indicator_types), ("statuses", filters.statuses)) if value
    )
    return PackRequest(int(filters.fiscal_years[0]), int(filters.quarters[0]), scope, ignored)
