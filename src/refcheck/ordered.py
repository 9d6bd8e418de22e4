"""A bounded thread pool whose results come back in input order.

Pages are read on worker threads (web pages) or at once (local files), and a
report must list them in the order they were given, with memory bounded however
many there are. Kept apart from the HTTP fetcher so reading local files never
loads an HTTP library.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_in_order(
    fn: Callable[[T], R],
    items: Iterable[T | Future[R] | Ready[R]],
    *,
    workers: int,
    window: int,
) -> Generator[R, None, None]:
    """Run `fn` over `items` on `workers` threads; yield results in input order.

    At most `window` items are submitted and not yet yielded, so memory stays
    bounded however long `items` is, and `items` itself is consumed lazily.
    An item that is already a Future (work done while expanding inputs) takes
    its place in the order as it is. Closing the iterator early cancels what
    has not started and waits for what has (see `shut_down_after`).
    """
    pending: deque[Future[R] | Ready[R]] = deque()
    source = iter(items)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refcheck-fetch")
    with shut_down_after(pool):
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    if isinstance(item, (Future, Ready)):
                        pending.append(item)
                    else:
                        pending.append(pool.submit(fn, item))
                if not pending:
                    return
                yield pending.popleft().result()

        finally:
            for future in pending:  # those of other pools too (work done while expanding)
                future.cancel()


@contextmanager
def shut_down_after(pool: ThreadPoolExecutor) -> Iterator[ThreadPoolExecutor]:
    """Shut `pool` down on leaving: work not started is cancelled, work running is waited
    for, unless the user interrupted the run (KeyboardInterrupt): then nothing waits for a
    slow page or an E-utilities request and its retries."""
    interrupted = False
    try:
        yield pool
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        pool.shutdown(wait=not interrupted, cancel_futures=True)


class Ready(Generic[R]):
    """A result computed up front, standing in a Future's place in `map_in_order`.

    Cheaper than a finished Future (no lock, no condition): a local page is one.
    """

    __slots__ = ("_value",)

    def __init__(self, value: R) -> None:
        self._value = value

    def result(self) -> R:
        return self._value

    def cancel(self) -> bool:
        return False
