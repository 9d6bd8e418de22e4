"""RateLimiter with a fake clock: no 1.1-second window ever holds more than `rate` requests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from refcheck.eutils.machine_window import MachineWindow, default_path, first_free
from refcheck.eutils.throttle import RateLimiter, shared_limiter, window_shape


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


def test_each_server_host_has_its_own_shared_window() -> None:
    """A run against a local test server must not spend NCBI's budget, nor the reverse."""
    ncbi = shared_limiter(3.0, "eutils.ncbi.nlm.nih.gov")
    local = shared_limiter(3.0, "127.0.0.1:8080")
    assert ncbi is shared_limiter(3.0) and local is not ncbi
    assert default_path("127.0.0.1:8080") != default_path("eutils.ncbi.nlm.nih.gov")
    assert default_path("EUTILS.ncbi.nlm.nih.gov") == default_path("eutils.ncbi.nlm.nih.gov")


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


def test_the_machine_window_hands_out_slots_in_order_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "window"
    first = MachineWindow(path, 3, 1.1)
    other = MachineWindow(path, 3, 1.1)  # another process: only the file is shared
    assert [first.reserve(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert other.reserve(0.5) == pytest.approx(1.1)  # the window is full until 1.1
    assert [first.reserve(0.0), other.reserve(0.0)] == pytest.approx([1.1, 1.1])
    assert other.reserve(0.0) == pytest.approx(2.2)  # 1.1's window is full too


def test_a_slot_reserved_far_ahead_does_not_hold_the_others_back(tmp_path: Path) -> None:
    """A process held back by a 429 (Retry-After) reserves its next slot seconds ahead; the
    others queued behind it and waited as long (a run interrupted then could not stop in
    time in CI)."""
    path = tmp_path / "window"
    MachineWindow(path, 3, 1.1).reserve(30.0)
    other = MachineWindow(path, 3, 1.1)
    assert [other.reserve(0.0) for _ in range(4)] == pytest.approx([0.0, 0.0, 0.0, 1.1])


@pytest.mark.parametrize("seed", range(20))
def test_first_free_never_overfills_a_window(seed: int) -> None:
    import random

    rng = random.Random(seed)
    slots: list[float] = []
    for _ in range(40):
        slots.append(first_free(sorted(slots), rng.uniform(0, 10), 3, 1.1))
        merged = sorted(slots)
        assert all(merged[i + 3] - merged[i] >= 1.1 - 1e-9 for i in range(len(merged) - 3))


def test_an_unusable_window_file_leaves_the_process_budget(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    assert MachineWindow(tmp_path / "dir", 3, 1.1).reserve(5.0) == 5.0  # a folder: no lock
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"\xff\xfe not numbers 12.5 x")
    assert MachineWindow(garbage, 3, 1.1).reserve(20.0) == 20.0


_SENDER = """
import sys, time
from pathlib import Path
from refcheck.eutils.machine_window import MachineWindow, default_path, first_free
from refcheck.eutils.throttle import RateLimiter, window_shape
limiter = RateLimiter(10, machine=MachineWindow(Path(sys.argv[1]), *window_shape(10)))
sys.stdin.readline()  # both start together
for _ in range(15):
    asked = time.time()
    waited = limiter.acquire()
    print(asked + max(waited, 0.0), flush=True)  # the slot it was given, on the wall clock
"""


def test_two_processes_together_keep_inside_one_window(tmp_path: Path) -> None:
    """NCBI counts per IP: two runs at once, each at 10/s on its own, sent 20 in a second
    (a nightly run and a spot check drew 429s and unverified citations)."""
    import subprocess
    import sys

    path = tmp_path / "window"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SENDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    sent = sorted(float(t) for proc in procs for t in proc.communicate(timeout=60)[0].split())
    assert len(sent) == 30
    capacity, _ = window_shape(10)
    # no second holds more than the budget: any capacity + 1 slots span a second or more.
    # The slots, not the times the senders woke: on a loaded machine a sender woke 0.1 s
    # late now and then, and its late stamp made the slots before it look crowded (the
    # window's 0.1 s over NCBI's second is the margin for that jitter in real sends).
    # (one run in fifteen failed here: a process planning ahead wrote the file back without
    # the slots another process, asking for now, still had to count)
    assert all(later - first >= 1.0 for first, later in zip(sent, sent[capacity:], strict=False))


class _SlowWindow(MachineWindow):
    """A machine window whose file is sometimes slow to lock (a busy process: GIL hand-offs
    around each system call), on a fake clock."""

    def __init__(self, fake: FakeTime, delays: list[float]) -> None:
        super().__init__(Path("unused"), 3, 1.1, clock=fake.clock)
        self.fake = fake
        self.delays = delays

    def reserve(self, earliest: float) -> float:
        self.fake.now += self.delays.pop(0) if self.delays else 0.0
        return earliest


def test_a_slow_machine_window_still_leaves_no_window_too_full() -> None:
    """The file's lock took time without any sleep, so the window counted the request as
    sent when it was reserved, not when it went (one 429 in 76 requests, 10,000 pages)."""
    fake = FakeTime()
    slow = _SlowWindow(fake, [0.15])  # the first request's lock is slow, the rest are not
    limiter = RateLimiter(3, clock=fake.clock, sleep=fake.sleep, machine=slow)
    sent = send_times(limiter, fake, 9)
    assert max_in_any_window(sent, 1.0) <= 3


def test_a_slot_on_a_window_boundary_is_free_at_epoch_magnitudes() -> None:
    """At today's epoch `(s + 1.1) - s` is 1.0999999: a candidate exactly on a window's
    end failed the check, and the search fell through to the farthest slot (three days
    ahead, left by a run whose clock was ahead), so processes slept for days."""
    now = 1795541566.7488294
    slots = [
        1795541566.978483, 1795541567.003507, 1795541567.518515, 1795541568.103507,
        1795541568.103507, 1795541569.203507, 1795541570.303507, 1795541570.303507,
        1795541570.303507,
    ]  # fmt: skip
    assert first_free(slots, now, 3, 1.1) - now < 10
    assert first_free([*slots, now + 259_200], now, 3, 1.1) - now < 10


def test_a_slot_far_ahead_in_the_shared_file_holds_no_one_back(tmp_path: Path) -> None:
    """Written under a clock set ahead: kept, every process waited until that time came."""
    path = tmp_path / "window"
    now = 1795541566.75
    path.write_text(f"{now + 3 * 86_400:.6f}")
    slot = MachineWindow(path, 3, 1.1).reserve(now)
    assert slot == now
    assert float(path.read_text().split()[-1]) == pytest.approx(now)  # the far one is gone


def test_a_process_planning_ahead_keeps_the_slots_others_still_count(tmp_path: Path) -> None:
    """Reserving for a later time dropped from the file every slot older than one window
    before that time, though a process asking for now still had to count them: two
    processes starting together then sent eleven requests in a ten-request window."""
    path = tmp_path / "window"
    now = time.time()
    ahead = MachineWindow(path, 3, 1.1)
    first = [ahead.reserve(now) for _ in range(3)]  # the window from now is full
    ahead.reserve(now + 1.2)  # planning past it
    late = MachineWindow(path, 3, 1.1).reserve(now + 0.01)  # another process, asking now
    assert late >= first[0] + 1.1 - 1e-5
