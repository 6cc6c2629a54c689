"""Hostile input: arbitrary files through ``import_paths`` into a store (Hypothesis). A
rejected file leaves the store's bytes unchanged and is never an "internal error"; an accepted
one leaves a valid store; no import hangs.

    python -m scripts.reliability fuzz --examples 2000 --seed 7
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.pages import render_page
from kpi_model.store import Store
from scripts.reliability.common import ROOT, Fixture, Log, quiet
from scripts.reliability.formulas import FORMULA

__all__ = ["HostileImport", "fuzz", "hang_guard", "hostile_files"]


def tree(root: Path) -> dict[str, bytes]:
    from tests.store.test_store import tree as store_tree  # the suite's definition: data, not log or lock

    return store_tree(root)


@contextlib.contextmanager
def hang_guard(seconds: float):
    """Raise TimeoutError if the block runs longer than ``seconds`` (a hang, not just slow).
    Only in the main thread (signals); elsewhere it guards nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(*_: Any) -> None:
        raise TimeoutError(f"an import of one hostile file ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class HostileImport:
    """One pristine store and a working copy; :meth:`run` imports one file into the copy and
    checks the property, re-making the copy only after an accepted import changed it."""

    NAMES = (
        "page.txt",
        "x.txt",
        "data.csv",
        "flat.csv",
        "indicators.csv",
        "quarterly_results.csv",
        "agencies.csv",
        "indicator_levels.csv",
        "x.tsv",
    )

    def __init__(self, work: Path, base: int = 60):
        self.fx = Fixture(work / "fuzz", base)
        self.scratch = work / "fuzz" / "in"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.root = self.fx.copy("fuzz-store")
        self.outcomes: Counter = Counter()
        inds = self.fx.base_tables["indicators"]
        syn = inds[inds["source"] == "synthetic-demo"].head(3).to_dict("records")
        names = dict(
            zip(self.fx.demo["strategies"]["strategy_code"], self.fx.demo["strategies"]["name_th"], strict=True)
        )
        results = self.fx.demo["quarterly_results"]
        self.pages = [
            render_page(
                ind,
                results[(results.indicator_code == ind["indicator_code"]) & (results.fiscal_year == ind["fiscal_year"])]
                .sort_values("quarter")
                .to_dict("records"),
                names,
            ).encode("utf-8")
            for ind in syn
        ]
        self.flat = (ROOT / "tests" / "fixtures" / "table_flat.csv").read_bytes()

    def run(self, data: bytes, name: str, hang_seconds: float = 20.0) -> str:
        from kpi_model.importer.batch import import_paths

        path = self.scratch / name
        path.write_bytes(data)
        before = tree(self.root)
        store = Store(self.root)
        try:
            with hang_guard(hang_seconds):
                result = import_paths(store, [path])
        finally:
            store.close()
        if result.rejected:
            internal = [str(p) for p in result.rejected if "internal error" in p.message_en]
            assert not internal, f"a crash was turned into a rejection: {internal}"
            assert all(p.file for p in result.rejected)
            after = tree(self.root)
            assert after == before, f"a rejected file changed the store: {sorted(set(after) ^ set(before))}"
            self.outcomes["rejected"] += 1
            return "rejected"
        assert result.version and Store(self.root).version() == result.version
        problems = Store(self.root).check()
        assert not problems, f"an accepted file left an invalid store: {problems[:3]}"
        self.outcomes["accepted"] += 1
        shutil.rmtree(self.root)
        self.root = self.fx.copy("fuzz-store")
        return "accepted"


def hostile_files(h: HostileImport):
    """Files to import: arbitrary bytes under any accepted name, a demo page with bytes cut,
    spliced and repeated, and the flat-sheet fixture with cells swapped for hostile ones."""
    from hypothesis import strategies as st

    cells = st.one_of(
        st.sampled_from(
            [
                "",
                FORMULA,
                "@SUM(A1)",
                "+1",
                "-1",
                "๑,๒๓๔.๕",
                "1e309",
                "nan",
                "NULL",
                "0402-0810",
                "2564",
                "๒๕๖๔",
                "5",
                "99999999999999999999",
                '"',
                "\r",
                "\t",
                "ระดับ",
                "7.3.1.1",
                "\x00",
                "𝔘",
                "<script>",
            ]
        ),
        st.text(max_size=12),
    )

    @st.composite
    def mutated(draw, original: bytes) -> bytes:
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 6))):
            op = draw(st.sampled_from(["cut", "delete", "insert", "repeat", "flip"]))
            pos = draw(st.integers(0, len(data)))
            if op == "cut":
                del data[pos:]
            elif op == "delete":
                del data[pos : pos + draw(st.integers(1, 200))]
            elif op == "insert":
                data[pos:pos] = draw(st.binary(min_size=1, max_size=40))
            elif op == "repeat":
                data[pos:pos] = data[pos : pos + draw(st.integers(1, 300))] * draw(st.integers(1, 3))
            elif data:
                i = min(pos, len(data) - 1)
                data[i] = draw(st.integers(0, 255))
        return bytes(data)

    @st.composite
    def flat_csv(draw) -> bytes:
        lines = h.flat.decode("utf-8").split("\n")
        grid = [line.split(",") for line in lines if line]
        for _ in range(draw(st.integers(1, 5))):
            r = draw(st.integers(0, len(grid) - 1))
            c = draw(st.integers(0, len(grid[r]) - 1))
            value = draw(cells)
            quoted = '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ',"\r\n') else value
            grid[r][c] = quoted
        return ("\n".join(",".join(row) for row in grid) + "\n").encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))

    names = st.sampled_from(HostileImport.NAMES)
    return st.one_of(
        st.tuples(st.binary(max_size=3000), names),
        st.tuples(st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")), names),
        st.tuples(st.sampled_from(h.pages).flatmap(lambda p: mutated(p)), st.just("page.txt")),
        st.tuples(st.sampled_from(h.pages), st.just("page.txt")),
        st.tuples(flat_csv(), st.sampled_from(["flat.csv", "data.csv"])),
        st.tuples(st.just(h.flat).flatmap(lambda p: mutated(p)), st.just("flat.csv")),
    )


def fuzz(
    work: Path, examples: int = 1000, deadline_ms: int = 2000, seed: int | None = None, log: Log = quiet
) -> dict[str, Any]:
    """The store-level property over ``examples`` hostile files (Hypothesis)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed

    h = HostileImport(work)
    calls = Counter()
    started = time.monotonic()

    @settings(
        max_examples=examples,
        deadline=deadline_ms,
        database=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_files(h))
    def prop(example: tuple[bytes, str]) -> None:
        data, name = example
        calls[h.run(data, name)] += 1

    if seed is not None:
        prop = hseed(seed)(prop)
    failure = None
    try:
        prop()
    except Exception as exc:  # the property failed: report it with its (shrunk) example
        failure = f"{type(exc).__name__}: {str(exc)[:2000]}"
    result = {
        "examples_run": sum(calls.values()),
        "accepted": calls["accepted"],
        "rejected": calls["rejected"],
        "deadline_ms": deadline_ms,
        "max_examples": examples,
        "seconds": round(time.monotonic() - started, 1),
        "failure": failure,
    }
    log(
        f"fuzz: {result['examples_run']} hostile files imported ({result['accepted']} accepted, "
        f"{result['rejected']} rejected) in {result['seconds']} s" + (f"  FAILURE {failure}" if failure else "")
    )
    return result
