"""RateLimiter with a fake clock: no 1-second window ever holds more than `rate` requests."""

from __future__ import annotations

import itertools
import threading

import pytest

from refcheck.eutils.throttle import RateLimiter, shared_limiter


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def max_in_any_window(times: list[float], width: float = 1.0) -> int:
    """Most events in any closed window [t, t + width]; windows starting at an event suffice."""
    return max(sum(1 for u in times if t <= u <= t + width) for t in times)


@pytest.mark.parametrize("rate", [3.0, 10.0])
def test_burst_never_exceeds_rate_in_any_window(rate: float) -> None:
    fake = FakeTime()
    limiter = RateLimiter(rate, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(50):
        limiter.acquire()
        sent.append(fake.now)
    assert max_in_any_window(sent) == int(rate)
    # and not much slower than allowed: 50 requests take about 50/rate seconds
    assert sent[-1] - sent[0] < 50 / rate * 1.1


def test_first_request_does_not_wait_and_idle_time_is_not_banked() -> None:
    fake = FakeTime()
    limiter = RateLimiter(3, clock=fake.clock, sleep=fake.sleep)
    assert limiter.acquire() == 0
    fake.now += 60  # idle for a minute
    sent = []
    for _ in range(4):
        limiter.acquire()
        sent.append(fake.now)
    assert max_in_any_window(sent) == 3  # the idle minute does not allow a burst of 4


def test_pause_holds_everyone_back() -> None:
    fake = FakeTime()
    limiter = RateLimiter(10, clock=fake.clock, sleep=fake.sleep)
    limiter.acquire()
    limiter.pause(5.0)
    start = fake.now
    limiter.acquire()
    assert fake.now - start == pytest.approx(5.0)


def test_threads_get_distinct_spaced_slots() -> None:
    # The clock stands still; each thread records the wait it was given.
    fake = FakeTime()
    waits: list[float] = []
    lock = threading.Lock()

    def record(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    limiter = RateLimiter(3, clock=fake.clock, sleep=record)
    threads = [threading.Thread(target=limiter.acquire) for _ in range(9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    slots = sorted([0.0, *waits])
    assert len(slots) == 9
    assert max_in_any_window(slots) == 3
    assert all(b - a >= 1 / 3 for a, b in itertools.pairwise(slots))


def test_shared_limiter_is_one_per_rate() -> None:
    assert shared_limiter(3.0) is shared_limiter(3.0)
    assert shared_limiter(3.0) is not shared_limiter(10.0)
    assert repr(shared_limiter(10.0)) == "RateLimiter(rate=10)"


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)
