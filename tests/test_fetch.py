"""The fetcher's manners (retries, Retry-After, redirects, caps) and the ordered pool."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from refcheck.errors import InputError
from refcheck.fetch import Fetcher, FetchPolicy
from refcheck.ordered import Ready, map_in_order

Handler = Callable[[httpx.Request], httpx.Response]


def fetcher(handler: Handler, **policy: float) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    client = httpx.Client(transport=httpx.MockTransport(handler))
    settings = {"max_bytes": 1024 * 1024, **policy}
    return Fetcher(client, FetchPolicy(**settings), sleep=slept.append), slept  # type: ignore[arg-type]


def scripted(*responses: httpx.Response | Exception) -> tuple[Handler, list[str]]:
    queue = list(responses)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


def test_503_then_success_is_retried_with_backoff() -> None:
    handler, seen = scripted(httpx.Response(503), httpx.Response(200, text="<p>ok</p>"))
    f, slept = fetcher(handler, backoff=0.5)
    assert f.get("https://a/p").data == b"<p>ok</p>"
    assert len(seen) == 2 and slept == [0.5]


def test_retries_are_bounded_and_the_message_says_so() -> None:
    handler, seen = scripted(httpx.Response(502))
    f, slept = fetcher(handler, retries=2, backoff=0.5)
    with pytest.raises(InputError, match=r"HTTP 502 Bad Gateway \(after 2 retries\)"):
        f.get("https://a/p")
    assert len(seen) == 3 and slept == [0.5, 1.0]


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    handler, _ = scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, text="ok")
    )
    f, slept = fetcher(handler, backoff=0.5)
    f.get("https://a/p")
    assert slept == [7.0]

    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    f, slept = fetcher(handler, max_retry_after=30)
    with pytest.raises(InputError, match="3600 s"):
        f.get("https://a/p")
    assert len(seen) == 1 and slept == []


def test_404_is_not_retried() -> None:
    handler, seen = scripted(httpx.Response(404))
    f, _ = fetcher(handler)
    with pytest.raises(InputError, match="HTTP 404 Not Found"):
        f.get("https://a/p")
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), "host not found (DNS)"),
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused"),
    ],
)
def test_connection_failures_are_retried_then_named(exc: Exception, message: str) -> None:
    handler, seen = scripted(exc)
    f, slept = fetcher(handler, retries=2)
    with pytest.raises(InputError) as info:
        f.get("https://a/p")
    assert message in str(info.value) and "\n" not in str(info.value)
    assert len(seen) == 3 and len(slept) == 2


def test_read_timeout_is_one_line_and_not_retried() -> None:
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    f, _ = fetcher(handler, timeout=2)
    with pytest.raises(InputError, match="timed out after 2 s"):
        f.get("https://a/p")
    assert len(seen) == 1


def test_redirects_are_followed_and_loops_named() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        if path == "/new":
            return httpx.Response(200, text="here")
        if path in ("/a", "/b"):
            return httpx.Response(302, headers={"Location": "/b" if path == "/a" else "/a"})
        n = int(path.strip("/"))
        return httpx.Response(307, headers={"Location": f"/{n + 1}"})

    f, _ = fetcher(handler, max_redirects=5)
    got = f.get("https://a/old")
    assert got.final_url == "https://a/new" and got.url == "https://a/old"
    with pytest.raises(
        InputError, match=r"redirect loop \(https://a/a -> https://a/b -> https://a/a\)"
    ):
        f.get("https://a/a")
    with pytest.raises(InputError, match="too many redirects"):
        f.get("https://a/1")


def test_body_cap_applies_to_the_decoded_body() -> None:
    bomb = gzip.compress(b"x" * 200_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    f, _ = fetcher(handler, max_bytes=50_000)
    with pytest.raises(InputError, match="size limit"):
        f.get("https://a/p")
    assert len(f.get("https://a/p", max_bytes=300_000).data) == 200_000


def test_per_host_limit_holds_across_threads() -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.02)
        with lock:
            state["now"] -= 1
        return httpx.Response(200, text="ok")

    f, _ = fetcher(handler, per_host=2)
    threads = [threading.Thread(target=f.get, args=(f"https://a/{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert state["max"] == 2


def test_map_in_order_keeps_input_order_and_bounds_the_window() -> None:
    started: list[int] = []

    def work(n: int) -> int:
        started.append(n)
        time.sleep(0.02 if n % 3 == 0 else 0.0)
        return n * 10

    results = map_in_order(work, iter(range(20)), workers=4, window=6)
    first = next(results)
    assert first == 0
    assert len(started) <= 7  # the window, plus the one just refilled at most
    assert [first, *results] == [n * 10 for n in range(20)]


def test_map_in_order_takes_ready_results_in_place_and_stops_early() -> None:
    def work(n: int) -> str:
        return f"w{n}"

    items: list[int | object] = [1, Ready("ready"), 2]
    assert list(map_in_order(work, items, workers=2, window=2)) == ["w1", "ready", "w2"]  # type: ignore[arg-type]
    consumed: list[int] = []

    def endless() -> object:
        n = 0
        while True:
            consumed.append(n)
            yield n
            n += 1

    gen = map_in_order(work, endless(), workers=2, window=3)  # type: ignore[arg-type]
    assert next(gen) == "w0"
    gen.close()
    assert len(consumed) <= 4


@pytest.mark.parametrize(
    "url", ["http://", "https://[::1", "http://127.0.0.1:99999/x", "ftp://a/b"]
)
def test_malformed_urls_are_refused_before_any_request(url: str) -> None:
    handler, seen = scripted(httpx.Response(200))
    f, _ = fetcher(handler)
    with pytest.raises(InputError, match="not a valid web address"):
        f.get(url)
    assert seen == []


def test_retry_after_as_http_date() -> None:
    from email.utils import formatdate

    later = formatdate(time.time() + 5, usegmt=True)
    handler, _ = scripted(
        httpx.Response(503, headers={"Retry-After": later}), httpx.Response(200, text="ok")
    )
    f, slept = fetcher(handler, backoff=0.1)
    f.get("https://a/p")
    assert len(slept) == 1 and 3.0 < slept[0] <= 5.0
