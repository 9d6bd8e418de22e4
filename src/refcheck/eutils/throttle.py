"""Keep every E-utilities request inside NCBI's per-second budget.

NCBI allows 3 requests/s without a key and 10/s with one, counted per second,
and answers the excess with 429. The limiter is a sliding window: at most
`rate` requests in any `1 + SAFETY` seconds, so no 1-second window, however a
server aligns it, ever holds more than `rate` requests, and send jitter up to
SAFETY seconds is absorbed. A window rather than even spacing lets the first
requests of a run go out together (a cold run's batches are ready in quick
succession), then holds the long-run rate at rate / (1 + SAFETY). Threads
reserve their slot under a lock and sleep outside it, so concurrent callers
queue in order without holding the lock.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from refcheck.eutils.machine_window import MachineWindow, default_path

SAFETY = 0.10  # a 1.1-second window (91 % of the allowed rate): send jitter under load ate 5 %


def window_shape(rate: float) -> tuple[int, float]:
    """Requests per window, and the window in seconds, for `rate` requests/s."""
    capacity = max(1, math.floor(rate))
    return capacity, capacity * (1.0 + SAFETY) / rate


class RateLimiter:
    """Thread-safe pacing: `acquire()` blocks until the caller may send one request."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        machine: MachineWindow | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity, self.window = window_shape(rate)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: deque[float] = deque(maxlen=self.capacity)  # the last reserved send times
        self._resume = -math.inf  # no request before this (after a 429)
        self._machine = machine  # the other refcheck processes' sends (machine_window)

    def acquire(self) -> float:
        """Wait for the next free slot; return how long the caller waited."""
        shared_at = self._reserve_shared() if self._machine is not None else -math.inf
        with self._lock:
            now = self._clock()
            slot = max(self._next_slot(now), shared_at)
            self._slots.append(slot)
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
            self._woke(slot)
        return wait

    def _next_slot(self, now: float) -> float:
        slot = max(now, self._resume)
        if len(self._slots) == self.capacity:
            slot = max(slot, min(self._slots) + self.window)
        return slot

    def _reserve_shared(self) -> float:
        """The other processes' say, asked before this process's slot is taken: the file's
        lock and I/O (GIL hand-offs in a busy process) then delay nothing after the slot.
        Taken after it, they made sends late, unrecorded (one 429 in 76 requests with
        10,000 pages); recording them cost a cold run a seventh of its time."""
        assert self._machine is not None
        with self._lock:
            now = self._clock()
            planned = self._next_slot(now) - now
        wall = self._machine.now()
        shared = self._machine.reserve(wall + max(planned, 0.0))
        return self._clock() + (shared - self._machine.now())

    def _woke(self, slot: float) -> None:
        """A sleeper that woke late (a busy process: the GIL held by page parsing) sends
        late: the requests after it are spaced from when it really went, not from its
        slot, or the window after it can hold one request too many (a 429 seen under load
        with 10,000 pages)."""
        actual = self._clock()
        if actual <= slot:
            return
        with self._lock:
            for i, reserved in enumerate(self._slots):
                if reserved == slot:
                    self._slots[i] = actual
                    break

    def pause(self, seconds: float) -> None:
        """Hold every caller back for `seconds` (after a 429 the whole process should wait)."""
        with self._lock:
            self._resume = max(self._resume, self._clock() + max(0.0, seconds))

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate:g})"


_SHARED: dict[tuple[float, str], RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(rate: float, host: str = "eutils.ncbi.nlm.nih.gov") -> RateLimiter:
    """The one limiter per process for this rate and server: NCBI counts per IP / per key,
    not per client. Its window is shared with the user's other refcheck processes talking
    to the same host (a local test server does not spend NCBI's budget, nor the reverse)."""
    with _SHARED_LOCK:
        limiter = _SHARED.get((rate, host))
        if limiter is None:
            window = MachineWindow(default_path(host), *window_shape(rate))
            limiter = _SHARED[(rate, host)] = RateLimiter(rate, machine=window)
        return limiter
