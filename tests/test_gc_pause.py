"""Runs pause the cyclic GC together and restore it once (refcheck.gc_pause)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from refcheck.gc_pause import paused_collections


@pytest.fixture(autouse=True)
def _gc_enabled_after() -> Iterator[None]:
    yield
    gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_overlapping_runs_restore_the_collector_when_the_last_one_ends(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()
    first, second = paused_collections(), paused_collections()
    first.__enter__()
    second.__enter__()  # a run in another thread, started while the first one runs
    first.__exit__(None, None, None)  # the first one ends before the second
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled() is enabled


def test_a_failing_run_restores_the_collector_too() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), paused_collections():
        raise RuntimeError("the run failed")
    assert gc.isenabled()


def test_what_a_run_built_is_left_in_the_oldest_generation() -> None:
    gc.enable()
    gc.collect()
    with paused_collections():
        built = [(str(i), [i]) for i in range(5_000)]
    assert gc.get_count()[0] < 100  # not left young: the next young collection skips them
    assert len(built) == 5_000
