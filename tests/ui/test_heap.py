"""ui/heap.py: the first runs of a process collect and freeze what survived; later runs do not."""

from __future__ import annotations

import gc
import weakref

from ui import heap


def test_the_first_runs_freeze_the_heap_and_later_runs_leave_it(monkeypatch):
    monkeypatch.setattr(heap, "_runs", 0)
    try:
        kept = [object() for _ in range(1000)]
        frozen_before = gc.get_freeze_count()
        assert heap.settle() is True
        assert gc.get_freeze_count() >= frozen_before + len(kept)  # what survived is out of the collector's sight
        for _ in range(heap.SETTLING_RUNS - 1):
            assert heap.settle() is True
        frozen = gc.get_freeze_count()
        assert heap.settle() is False  # a warm process: no collection, nothing more frozen
        # frozen objects that die meanwhile (another thread's) leave the count: it may only fall
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_garbage_is_collected_before_the_heap_is_frozen(monkeypatch):
    class Node:
        pass

    monkeypatch.setattr(heap, "_runs", 0)
    try:
        node = Node()
        node.self = node  # type: ignore[attr-defined]  # a cycle: only a collection frees it
        alive = weakref.ref(node)
        del node
        heap.settle()
        assert alive() is None  # freed by the collection, not frozen alive
    finally:
        gc.unfreeze()
