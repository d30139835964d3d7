"""io/gc_pause.gc_paused: the collector off inside, back as it was after, and what the block made still
collectable (moved to the oldest generation, not frozen)."""

from __future__ import annotations

import gc
import weakref

from xhht_cli.io.gc_pause import gc_paused


class _Node:
    other: _Node


def test_collector_back_as_it_was() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one's pause alone
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_inside_is_still_collected() -> None:
    with gc_paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
    del a, b
    assert gone() is not None  # a cycle: reference counts do not free it
    gc.collect()
    assert gone() is None


def test_objects_frozen_by_others_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
