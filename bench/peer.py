"""The peer: the usual way such dashboards are built — read the whole table into pandas on
every query, then filter and group there. It answers the same calls as the project's Store,
so the very same view functions run on it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_model.rollup import GroupSums, LikeSetSums, Rollup, finalise
from kpi_model.store import Filters


class PandasStore:
    def __init__(self, version_dir: Path):
        self.dir = Path(version_dir)

    def _read(self, table: str) -> pd.DataFrame:
        folder = self.dir / table  # a partitioned table: one file a fiscal year
        return pd.read_parquet(folder if folder.is_dir() else self.dir / f"{table}.parquet")

    def _filter(self, frame: pd.DataFrame, table: str, f: Filters) -> pd.DataFrame:
        mask = pd.Series(True, index=frame.index)

        def any_of(column: str, values: Sequence[Any]) -> None:
            nonlocal mask
            if values:
                mask &= frame[column].isin(list(values))

        any_of("agency_code", f.agency_codes)
        any_of("fiscal_year", [int(y) for y in f.fiscal_years])
        any_of("indicator_code", f.indicator_codes)
        if table == "quarter_scores":
            any_of("quarter", [int(q) for q in f.quarters])
        if table in ("quarter_scores", "annual_scores", "indicators"):
            any_of("source", f.sources)
        if table in ("quarter_scores", "annual_scores"):
            any_of("indicator_type", f.indicator_types)
            any_of("status", f.statuses)
            if f.strategy:
                depth = min(4, f.strategy.count(".") + 1)
                mask &= frame[f"strategy_{depth}"] == f.strategy
        if table == "quality_flags":
            any_of("code", f.flag_codes)
            any_of("severity", f.severities)
            if f.quarters:
                mask &= frame["quarter"].isna() | frame["quarter"].isin(list(f.quarters))
        return frame[mask]

    def select(
        self,
        table: str,
        filters: Filters = Filters(),
        columns: Sequence[str] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> pd.DataFrame:
        frame = self._filter(self._read(table), table, filters)
        if columns:
            frame = frame[list(columns)]
        if order_by:
            frame = frame.sort_values(list(order_by), kind="stable")
        if limit is not None:
            frame = frame.head(limit)
        return frame.reset_index(drop=True)

    def select_named(
        self,
        table: str,
        filters: Filters = Filters(),
        columns: Sequence[str] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> pd.DataFrame:
        """select() with agency names (and, for scores, the indicator's names) merged in pandas."""
        frame = self.select(table, filters, None, order_by, limit)
        keep = list(columns) if columns else list(frame.columns)
        if table == "quarter_scores":
            names = self._read("annual_scores")[["indicator_code", "fiscal_year", "name_th", "name_en", "unit_th"]]
            frame = frame.merge(names, on=["indicator_code", "fiscal_year"], how="left")
            keep += ["name_th", "name_en", "unit_th"]
        agencies = self._read("agencies")[["agency_code", "name_th", "name_en"]].rename(
            columns={"name_th": "agency_name_th", "name_en": "agency_name_en"}
        )
        frame = frame.merge(agencies, on="agency_code", how="left")
        return frame[[*keep, "agency_name_th", "agency_name_en"]]

    def count_by(self, table: str, by: Sequence[str], filters: Filters = Filters()) -> pd.DataFrame:
        frame = self._filter(self._read(table), table, filters)
        out = frame.groupby(list(by), dropna=False).size().reset_index(name="count")
        return out.sort_values(["count", *by], ascending=[False] + [True] * len(by)).reset_index(drop=True)

    def score_movers(self, now: Filters, before: Filters, limit: int) -> pd.DataFrame:
        scores = self._read("quarter_scores")
        a = self._filter(scores, "quarter_scores", now)[["indicator_code", "fiscal_year", "agency_code", "score_100"]]
        b = self._filter(scores, "quarter_scores", before)[["indicator_code", "score_100"]]
        both = a.merge(b, on="indicator_code", suffixes=("_now", "_prev")).dropna(
            subset=["score_100_now", "score_100_prev"]
        )
        both = both.rename(columns={"score_100_now": "score_now", "score_100_prev": "score_prev"})
        delta = both["score_now"] - both["score_prev"]
        parts = []
        for rising in (True, False):
            part = both[delta > 0] if rising else both[delta < 0]
            parts.append(
                part.assign(_d=part["score_now"] - part["score_prev"], rising=rising)
                .sort_values(["_d", "indicator_code"], ascending=[not rising, True])
                .head(limit)
                .drop(columns="_d")
            )
        names = self._read("annual_scores")[["indicator_code", "fiscal_year", "name_th", "name_en"]]
        return pd.concat(parts).merge(names, on=["indicator_code", "fiscal_year"], how="left").reset_index(drop=True)

    def like_sets(
        self, now: Filters, then: Filters, by: Sequence[str] = (), scored_only: bool = False
    ) -> list[LikeSetSums]:
        scores = self._read("quarter_scores")
        cols = [*by, "indicator_code", "weight", "score_100", "status"]
        a = self._filter(scores, "quarter_scores", now)[cols]
        b = self._filter(scores, "quarter_scores", then)[cols]
        if scored_only:
            a, b = a[a["score_100"].notna()], b[b["score_100"].notna()]
        both = a.merge(b, on=[*by, "indicator_code"], suffixes=("_now", "_then"))
        out = []
        for key, part in both.groupby(list(by), sort=True) if by else [((), both)] if len(both) else []:
            key = key if isinstance(key, tuple) else (key,)
            held_a = a.loc[(a[list(by)] == list(key)).all(axis=1)] if by else a
            held_b = b.loc[(b[list(by)] == list(key)).all(axis=1)] if by else b

            def sums(side: str, part: pd.DataFrame = part) -> GroupSums:
                w, sc, st = part[f"weight_{side}"].fillna(1.0), part[f"score_100_{side}"], part[f"status_{side}"]
                return GroupSums(
                    len(part),
                    float(w[sc.notna()].sum()),
                    float((w * sc)[sc.notna()].sum()),
                    *(int((st == s).sum()) for s in ("met", "on_track", "behind", "no_data")),
                )

            out.append(LikeSetSums(key, len(held_a), len(held_b), sums("now"), sums("then")))
        return out

    def search_indicators(self, text: str, limit: int = 50) -> pd.DataFrame:
        frame = self._read("annual_scores")
        hit = (
            frame["indicator_code"].str.contains(text, case=False, regex=False)
            | frame["name_th"].fillna("").str.contains(text, case=False, regex=False)
            | frame["name_en"].fillna("").str.contains(text, case=False, regex=False)
        )
        found = frame[hit].sort_values(["indicator_code", "fiscal_year"]).groupby("indicator_code").tail(1)
        return (
            found[["indicator_code", "fiscal_year", "agency_code", "name_th", "name_en"]]
            .head(limit)
            .reset_index(drop=True)
        )

    def rollup(self, by: Sequence[str], filters: Filters = Filters(), table: str = "quarter_scores") -> list[Rollup]:
        frame = self._filter(self._read(table), table, filters)
        w = frame["weight"].fillna(1.0)
        scored = frame["score_100"].notna()
        has_prog = frame["progress"].notna()
        parts = pd.DataFrame(
            {
                "n": 1,
                "w": w.where(scored, 0.0),
                "ws": (w * frame["score_100"]).where(scored, 0.0),
                "met": frame["status"] == "met",
                "on_track": frame["status"] == "on_track",
                "behind": frame["status"] == "behind",
                "no_data": frame["status"] == "no_data",
                "pw": w.where(has_prog, 0.0),
                "pws": (w * frame["progress"].clip(upper=1.0)).where(has_prog, 0.0),
                "plws": (w * frame["plan"]).where(has_prog, 0.0),
            }
        )
        if not by:
            groups = [((), parts.sum())] if len(parts) else []
        else:
            keys = [frame[c] for c in by]
            summed = parts.groupby(keys, dropna=True, sort=True).sum()
            groups = [((k if isinstance(k, tuple) else (k,)), row) for k, row in summed.iterrows()]
        return [
            finalise(
                tuple(k),
                GroupSums(
                    int(r["n"]),
                    float(r["w"]),
                    float(r["ws"]),
                    int(r["met"]),
                    int(r["on_track"]),
                    int(r["behind"]),
                    int(r["no_data"]),
                    float(r["pw"]),
                    float(r["pws"]),
                    float(r["plws"]),
                ),
            )
            for k, r in groups
        ]

    def distinct(self, table: str, column: str) -> list[Any]:
        values = self._read(table)[column].dropna().unique().tolist()
        return sorted(values)
