"""Like-set comparisons paired in the store (``Store.like_sets``, ``like_set.sql``) against the
definition in Python row by row (``views.overview.compare``): the overview's headline, the
district league (per district and the city) and the movers, on a small hand-made store whose
answers are worked out by hand and on the demo store, every period.

Counts are compared exactly; scores and shares to 1e-12 of a point, as DuckDB may add the
same numbers in another order than Python's sorted codes."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_model import views
from kpi_model.fiscal import previous_quarter
from kpi_model.schema import SOURCE_TABLES, empty_frame
from kpi_model.store import Filters, Store
from kpi_model.views.overview import Comparison, _scored, compare, comparison

NOW = Filters(fiscal_years=(2567,), quarters=(1,))
THEN = Filters(fiscal_years=(2566,), quarters=(4,))

# (agency, code, weight, score_100, status) of each period. A-3 has no score now; A-4, C-1
# are held only now, B-9 only then; M-1 moved from agency 5002 to 5003 (the city matches
# it, no district does). A NULL weight counts as 1.
_NOW_ROWS = [
    ("5001", "A-1", 2.0, 80.0, "on_track"),
    ("5001", "A-2", None, 100.0, "met"),
    ("5001", "A-3", 1.0, None, "no_data"),
    ("5001", "A-4", 1.0, 70.0, "behind"),
    ("5002", "B-1", 3.0, 90.0, "on_track"),
    ("5003", "C-1", 1.0, 40.0, "behind"),
    ("5003", "M-1", 1.0, 100.0, "met"),
]
_THEN_ROWS = [
    ("5001", "A-1", 2.0, 60.0, "behind"),
    ("5001", "A-2", None, 90.0, "on_track"),
    ("5001", "A-3", 1.0, 50.0, "behind"),
    ("5002", "B-1", 3.0, 95.0, "on_track"),
    ("5002", "B-9", 1.0, 10.0, "behind"),
    ("5002", "M-1", 1.0, 20.0, "behind"),
]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A flat store of these quarter scores, its source tables empty (the like-set query reads
    only the quarter scores)."""
    rows = [(a, 2567, 1, c, w, s, st) for a, c, w, s, st in _NOW_ROWS]
    rows += [(a, 2566, 4, c, w, s, st) for a, c, w, s, st in _THEN_ROWS]
    frame = pd.DataFrame(
        rows, columns=["agency_code", "fiscal_year", "quarter", "indicator_code", "weight", "score_100", "status"]
    ).astype({"fiscal_year": "int32", "quarter": "int32", "weight": "float64", "score_100": "float64"})
    folder = tmp_path_factory.mktemp("like-set-store")
    frame.to_parquet(folder / "quarter_scores.parquet", index=False)
    for table in SOURCE_TABLES:
        empty_frame(table).to_parquet(folder / f"{table}.parquet", index=False)
    return Store(folder)


def _reference(store: Store, now: Filters, then: Filters, scored_only: bool = False) -> dict:
    """agency code → indicator code → (weight, score, status), and None → every row, as the
    pages paired them in Python before the store did."""
    out: dict = {}
    for side, filters in (("now", now), ("then", then)):
        frame = store.select("quarter_scores", filters, ["agency_code", *views.overview._SCORE_ROWS])
        if scored_only:
            frame = frame[frame["score_100"].notna()]
        for agency, code, w, sc, st in frame.itertuples(index=False):
            row = (None if pd.isna(w) else float(w), None if pd.isna(sc) else float(sc), str(st))
            out.setdefault((side, str(agency)), {})[str(code)] = row
            out.setdefault((side, None), {})[str(code)] = row
    return out


def _same(got: Comparison | None, want: Comparison | None) -> None:
    if want is None:
        assert got is None
        return
    assert got is not None
    assert (got.matched, got.now_count, got.then_count) == (want.matched, want.now_count, want.then_count)
    for field in ("score", "met", "behind"):
        a, b = getattr(got, field), getattr(want, field)
        assert (a is None) == (b is None), field
        if b is not None:
            assert a == pytest.approx(b, rel=1e-12, abs=1e-12), field


def test_the_headline_s_like_set_worked_out_by_hand(small_store):
    (got,) = small_store.like_sets(NOW, THEN)
    change = comparison(got)
    # both hold, B-1, M-1 (5 of 7 now, of 6 then); scored now: 2·80 + 1·100 + 3·90
    # + 1·100 = 630 over weight 7 = 90; then: 2·60 + 90 + 50 + 3·95 + 20 = 565 over 8 = 70.625
    assert (change.matched, change.now_count, change.then_count, change.same_set) == (5, 7, 6, False)
    assert change.score == 19.375
    assert change.met == pytest.approx(2 / 5 - 0 / 5)  # A-2, M-1 met now; none then
    assert change.behind == pytest.approx(0 / 5 - 3 / 5)  # M-1 behind then
    ref = _reference(small_store, NOW, THEN)
    _same(change, compare(ref[("now", None)], ref[("then", None)]))
    _same(change, compare(_scored(small_store, NOW), _scored(small_store, THEN)))


def test_the_league_s_like_sets_worked_out_by_hand(small_store):
    by_agency = {s.key[0]: comparison(s) for s in small_store.like_sets(NOW, THEN, ["agency_code"], scored_only=True)}
    assert sorted(by_agency) == ["5001", "5002"]  # 5003 shares nothing with the quarter before
    a, b = by_agency["5001"], by_agency["5002"]
    # 5001 scored now; then; both: (160 + 100) / 3 against (120 + 90) / 3
    assert (a.matched, a.now_count, a.then_count) == (2, 3, 3)
    assert a.score == pytest.approx(260 / 3 - 70)
    assert (b.matched, b.now_count, b.then_count, b.score) == (1, 1, 3, -5.0)  # B-1: 90 against 95
    (city_sums,) = small_store.like_sets(NOW, THEN, scored_only=True)
    city = comparison(city_sums)
    # the city matches M-1 across agencies, B-1, M-1; 630 / 7 against 515 / 7
    assert (city.matched, city.now_count, city.then_count) == (4, 6, 6)
    assert city.score == pytest.approx(90 - 515 / 7)
    ref = _reference(small_store, NOW, THEN, scored_only=True)
    for agency in ("5001", "5002"):
        _same(by_agency[agency], compare(ref[("now", agency)], ref[("then", agency)]))
    _same(city, compare(ref[("now", None)], ref[("then", None)]))


def test_nothing_in_common_is_no_comparison(small_store):
    assert small_store.like_sets(NOW, Filters(fiscal_years=(2500,), quarters=(1,))) == []
    assert small_store.like_sets(NOW, THEN, ["agency_code"], scored_only=True)[-1].key == ("5002",)


def _periods(store: Store) -> list[tuple[int, int]]:
    got = store.count_by("quarter_scores", ["fiscal_year", "quarter"])
    return sorted((int(fy), int(q)) for fy, q in zip(got["fiscal_year"], got["quarter"]))


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(agency_codes=("0402",)), Filters(strategy="7"), Filters(indicator_types=("routine",))],
    ids=["all", "one-agency", "strategy-7", "routine"],
)
def test_the_headline_equals_the_python_pairing_on_every_demo_period(demo_store, filters):
    compared = 0
    for fy, q in _periods(demo_store):
        head = views.headline(demo_store, fy, q, filters)
        now = _scored(demo_store, views.common._with_period(filters, fy, q))
        pfy, pq = previous_quarter(fy, q)
        for got, (tfy, tq), then_roll in (
            (head.vs_previous, (pfy, pq), head.previous),
            (head.vs_last_year, (fy - 1, q), head.last_year),
        ):
            if head.current is None or then_roll is None:
                assert got is None
                continue
            _same(got, compare(now, _scored(demo_store, views.common._with_period(filters, tfy, tq))))
            compared += got is not None
    assert compared >= 10


def test_the_district_league_equals_the_python_pairing_on_every_demo_period(demo_store):
    districts = views.agencies(demo_store)
    codes = tuple(districts.loc[districts["kind"] == "district", "agency_code"])
    changed = 0
    for fy, q in _periods(demo_store):
        league = views.district_league(demo_store, fy, q)
        pfy, pq = previous_quarter(fy, q)
        base = Filters(agency_codes=codes)
        ref = _reference(
            demo_store,
            views.common._with_period(base, fy, q),
            views.common._with_period(base, pfy, pq),
            scored_only=True,
        )
        for row in league.itertuples(index=False):
            key = None if row.row_kind == views.CITY_AVERAGE else row.agency_code
            now, then = ref.get(("now", key)), ref.get(("then", key))
            want = compare(now, then) if now and then else None
            assert row.change_matched == (want.matched if want else 0)
            assert row.change_same_set == (want.same_set if want else None)
            if want is None or want.score is None:
                assert row.change_score is None or pd.isna(row.change_score)
            else:
                assert row.change_score == pytest.approx(want.score, rel=1e-12, abs=1e-12)
                changed += 1
    assert changed >= 50


def test_movers_equal_each_direction_paired_in_python(demo_store):
    for fy, q in _periods(demo_store)[1:]:
        risers, fallers = views.movers(demo_store, fy, q, limit=7)
        pfy, pq = previous_quarter(fy, q)
        now = demo_store.select("quarter_scores", Filters(fiscal_years=(fy,), quarters=(q,)))
        then = demo_store.select("quarter_scores", Filters(fiscal_years=(pfy,), quarters=(pq,)))
        both = now.merge(then, on="indicator_code", suffixes=("", "_prev")).dropna(
            subset=["score_100", "score_100_prev"]
        )
        both = both.assign(change=both["score_100"] - both["score_100_prev"])
        for got, part, ascending in (
            (risers, both[both["change"] > 0], False),
            (fallers, both[both["change"] < 0], True),
        ):
            want = part.sort_values(["change", "indicator_code"], ascending=[ascending, True]).head(7)
            assert list(got["indicator_code"]) == list(want["indicator_code"])
            assert list(got["change"]) == list(want["change"])
