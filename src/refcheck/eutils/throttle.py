"""Keep every E-utilities request inside NCBI's per-second budget.

NCBI allows 3 requests/s without a key and 10/s with one, counted per second,
and answers the excess with 429. Requests are spaced at least
`(1 + SAFETY) / rate` apart, so any `rate + 1` consecutive requests span more
than one second and no 1-second window, however a server aligns it, ever holds
more than `rate` requests. Threads reserve their slot under a lock and sleep
outside it, so concurrent callers queue in order without holding the lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SAFETY = 0.10  # 10 % wider spacing (91 % of the allowed rate): send jitter under load ate 5 %


class RateLimiter:
    """Thread-safe pacing: `acquire()` blocks until the caller may send one request."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = (1.0 + SAFETY) / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: float | None = None  # earliest time the next request may go

    def acquire(self) -> float:
        """Wait for the next free slot; return how long the caller waited."""
        with self._lock:
            now = self._clock()
            slot = now if self._next is None else max(now, self._next)
            self._next = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def pause(self, seconds: float) -> None:
        """Hold every caller back for `seconds` (after a 429 the whole process should wait)."""
        with self._lock:
            resume = self._clock() + max(0.0, seconds)
            self._next = resume if self._next is None else max(self._next, resume)

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate:g})"


_SHARED: dict[float, RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(rate: float) -> RateLimiter:
    """The one limiter per process for this rate: NCBI counts per IP / per key, not per client."""
    with _SHARED_LOCK:
        limiter = _SHARED.get(rate)
        if limiter is None:
            limiter = _SHARED[rate] = RateLimiter(rate)
        return limiter
