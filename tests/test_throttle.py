"""RateLimiter with a fake clock: no 1.1-second window ever holds more than `rate` requests."""

from __future__ import annotations

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


def send_times(limiter: RateLimiter, fake: FakeTime, n: int) -> list[float]:
    """When each of `n` requests through `limiter` went, on `fake`'s clock."""
    sent = []
    for _ in range(n):
        limiter.acquire()
        sent.append(fake.now)
    return sent


def max_in_any_window(times: list[float], width: float = 1.0) -> int:
    """Most events in any window [t, t + width); windows starting at an event suffice."""
    return max(sum(1 for u in times if t <= u < t + width) for t in times)


@pytest.mark.parametrize("rate", [3.0, 10.0])
def test_burst_never_exceeds_rate_in_any_window(rate: float) -> None:
    fake = FakeTime()
    limiter = RateLimiter(rate, clock=fake.clock, sleep=fake.sleep)
    sent = send_times(limiter, fake, 50)
    assert max_in_any_window(sent) == int(rate)
    # with a margin for send jitter: no 1.1-second window holds more either
    assert max_in_any_window(sent, 1.1) == int(rate)
    # and not much slower than allowed: at least 90% of the rate over the run
    assert (len(sent) - 1) / (sent[-1] - sent[0]) >= 0.9 * rate * (49 / 50)


def test_first_request_does_not_wait_and_idle_time_is_not_banked() -> None:
    fake = FakeTime()
    limiter = RateLimiter(3, clock=fake.clock, sleep=fake.sleep)
    assert limiter.acquire() == 0
    fake.now += 60  # idle for a minute
    sent = send_times(limiter, fake, 4)
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
    limiter = RateLimiter(3, clock=fake.clock, sleep=lambda s: None)

    def take() -> None:
        wait = limiter.acquire()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    slots = sorted(waits)
    assert len(slots) == 9
    assert max_in_any_window(slots, 1.1) == 3
    # the first three go at once, then each waits for the one three places ahead
    assert all(b - a >= 1.1 - 1e-9 for a, b in zip(slots, slots[3:], strict=False))


def test_a_burst_then_the_window_rate() -> None:
    fake = FakeTime()
    limiter = RateLimiter(3, clock=fake.clock, sleep=fake.sleep)
    waits = [limiter.acquire() for _ in range(5)]
    # a cold run's first batches leave together; the fourth waits for the window
    assert waits[:3] == [0, 0, 0]
    assert waits[3] == pytest.approx(1.1) and waits[4] == pytest.approx(0)


def test_fractional_rate_spaces_single_requests() -> None:
    fake = FakeTime()
    limiter = RateLimiter(0.5, clock=fake.clock, sleep=fake.sleep)
    sent = send_times(limiter, fake, 3)
    assert sent[1] - sent[0] == pytest.approx(2.2) and sent[2] - sent[1] == pytest.approx(2.2)


def test_shared_limiter_is_one_per_rate() -> None:
    assert shared_limiter(3.0) is shared_limiter(3.0)
    assert shared_limiter(3.0) is not shared_limiter(10.0)
    assert repr(shared_limiter(10.0)) == "RateLimiter(rate=10)"


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_a_late_sleeper_pushes_the_next_slots_back() -> None:
    """Under load a thread wakes after its slot; the window is counted from when its
    request really went, so no 1-second window of real sends holds four."""

    class LateOnce(FakeTime):
        def sleep(self, seconds: float) -> None:
            late = 0.3 if not self.sleeps else 0.0  # the first sleeper wakes 300 ms late
            super().sleep(seconds + late)

    fake = LateOnce()
    limiter = RateLimiter(3, clock=fake.clock, sleep=fake.sleep)
    sent = send_times(limiter, fake, 7)
    # the fourth went at 1.4 s, the fifth and sixth at once after it; counted from the
    # fourth's slot (1.1 s), the seventh would have gone at 2.2 s: four in [1.4, 2.4)
    assert max_in_any_window(sent) == 3
