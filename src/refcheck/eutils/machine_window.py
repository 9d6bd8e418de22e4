"""The request budget shared by every refcheck process of this user on this machine.

NCBI counts requests per IP address, not per process: a nightly run and an
editor's spot check at the same moment, or a site split across parallel jobs,
each keeping 3 requests/s on its own, together drew 429s (157 of 489 requests
with four runs at once) and left citations unverified. The last send times are
kept in a small file under an exclusive lock (`flock`); a process reserves the
next slot in the same sliding window the in-process limiter uses
(refcheck.eutils.throttle), so all of them together stay inside it.

Best effort by design: where the file cannot be used (no `fcntl` on Windows, a
read-only temp folder) each process keeps its own budget, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_MAX_SLOTS = 64  # more than any rate NCBI grants in one window
_TOLERANCE = 1e-5  # seconds: float and storage rounding, far below anything NCBI counts
_HORIZON = 600.0  # no slot is reserved further ahead than this (back-offs are shorter)


def default_path(host: str) -> Path:
    """One file per user and server host: the lock needs no permissions on another user's
    file, and each server has its own budget."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    tag = hashlib.sha256(host.lower().encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"refcheck-{uid}-eutils-window-{tag}"


class MachineWindow:
    """At most `capacity` sends in any `window` seconds, across processes."""

    def __init__(
        self,
        path: Path,
        capacity: int,
        window: float,
        *,
        clock: Callable[[], float] = time.time,  # wall time: the one clock processes share
    ) -> None:
        self.path = path
        self.capacity = capacity
        self.window = window
        self._clock = clock

    def reserve(self, earliest: float) -> float:
        """Reserve the first free slot at or after `earliest` (this clock); return it.

        On any I/O failure the slot is `earliest`: the process-local limit still holds.
        """
        if fcntl is None:
            return earliest
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return earliest
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            # what happened before the window that ends *now* cannot matter any more (not the
            # window before `earliest`: a process planning ahead then dropped slots another
            # process, asking for now, still had to count, and two starting together sent
            # one request too many in their first window), and a slot far ahead was written
            # under a clock set ahead (no back-off waits that long): kept, it held every
            # process here back until that time came, for days
            since = min(earliest, self._clock()) - self.window
            horizon = earliest + _HORIZON
            slots = sorted(s for s in _read_slots(fd) if since < s < horizon)
            slot = first_free(slots[-_MAX_SLOTS:], earliest, self.capacity, self.window)
            _write_slots(fd, sorted([*slots, slot])[-_MAX_SLOTS:])
            return slot
        except OSError:
            return earliest
        finally:
            os.close(fd)  # releases the lock

    def now(self) -> float:
        return self._clock()


def first_free(slots: list[float], earliest: float, capacity: int, window: float) -> float:
    """The first time at or after `earliest` that leaves no `window` holding more than
    `capacity` of `slots` (sorted) and itself.

    Not simply "after the last slot": a process held back by a 429 reserves a slot
    seconds ahead, and the others must not queue behind it (each would then wait as long),
    only keep that one window from overflowing. The time right after a slot's window is
    the only place a free time can start, so those and `earliest` are the candidates;
    the last one is always free.
    """
    # with a tolerance: at epoch magnitudes `(s + 1.1) - s` is 1.0999999, and slots are
    # stored to the microsecond, so a candidate exactly on a boundary failed an exact test
    # and the search fell through to the farthest slot
    least = window - _TOLERANCE
    for t in sorted({earliest, *(s + window for s in slots if s + window > earliest)}):
        merged = sorted([*slots, t])
        if all(merged[i + capacity] - merged[i] >= least for i in range(len(merged) - capacity)):
            return t
    return max(slots) + window  # not reached: the last candidate is free


def _read_slots(fd: int) -> list[float]:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, 4096)
    slots = []
    for word in data.split():
        with contextlib.suppress(ValueError):  # a torn or foreign file: what parses counts
            slots.append(float(word))
    return slots


def _write_slots(fd: int, slots: list[float]) -> None:
    data = " ".join(f"{s:.6f}" for s in slots).encode()
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, data)
