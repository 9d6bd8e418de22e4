"""Runs pause Python's cyclic garbage collector, and leave what they built in its oldest
generation.

A re-check rebuilds some 100,000 small objects that form no cycles (records,
citations, findings), and every young collection traverses each object made since
the last one: even at a first threshold of 20,000, five collections took a tenth to a
fifth of a re-check of 1,000 pages and freed nothing. A run makes next to no cyclic
garbage (none on a re-check; on a cold run under one object a page, from the HTTP
client and the threads), which is left to the next full collection.

When the last run ends, the objects still alive go to the oldest generation in one
step (`gc.freeze`, then `gc.unfreeze`), where two young collections would have moved
them, so the caller's next young collection does not traverse them all either. The
caller's own young objects move with them: they wait for a full collection instead.

Runs in several threads at once share one pause: the first to start records whether
the collector was enabled, the last to end restores that.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = True


@contextmanager
def paused_collections() -> Iterator[None]:
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.freeze()
                gc.unfreeze()
                if _was_enabled:
                    gc.enable()
