"""EutilsClient against httpx.MockTransport: retries, back-off, form fields, and no key leaks."""

from __future__ import annotations

import gzip
import logging
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from refcheck import __version__
from refcheck.config import Settings
from refcheck.errors import EutilsError
from refcheck.eutils.client import EutilsClient, parse_retry_after
from refcheck.eutils.throttle import RateLimiter

PAYLOADS = Path(__file__).resolve().parent.parent / "fixtures" / "payloads"
KEY = "SeCrEtKeY0123456789abcdefABCDEF9999"
GOOD = (PAYLOADS / "efetch_dates.xml").read_bytes()
XML = {"content-type": "text/xml; charset=UTF-8"}

Handler = Callable[[httpx.Request], httpx.Response]


def load(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def http429() -> httpx.Response:
    body = load("http429.json").replace(b"134.192.135.254", KEY.encode())
    return httpx.Response(429, content=body, headers={"content-type": "application/json"})


class Harness:
    """A client whose time, sleeps and server are all fake."""

    def __init__(self, replies: list[Handler | httpx.Response], **settings: object) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []
        self.waits: list[float] = []
        self.now = 0.0
        base = {"api_key": KEY, "email": "dev@example.org", "backoff_max": 8.0, "attempts": 5}
        base.update(settings)
        self.settings = Settings(**base)  # type: ignore[arg-type]
        limiter = RateLimiter(10, clock=lambda: self.now, sleep=self._advance)
        self.client = EutilsClient(
            self.settings,
            transport=httpx.MockTransport(self._handle),
            limiter=limiter,
            sleep=self._backoff,
            rng=random.Random(7),
        )

    def _advance(self, seconds: float) -> None:
        self.now += seconds

    def _backoff(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return reply(request) if callable(reply) else reply

    def form(self, i: int = 0) -> dict[str, list[str]]:
        return parse_qs(self.requests[i].content.decode())


def ok(body: bytes = GOOD) -> httpx.Response:
    return httpx.Response(200, content=body, headers=XML)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


# --------------------------------------------------------------------------- happy path


def test_efetch_posts_ids_tool_email_key() -> None:
    h = Harness([ok()])
    batch = h.client.efetch(["10188493", "30688251", "12345"])
    assert "10188493" in batch.records and "12345" not in batch.records
    req = h.requests[0]
    assert req.method == "POST"
    assert str(req.url) == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
    assert h.form() == {
        "db": ["pubmed"],
        "retmode": ["xml"],
        "id": ["10188493,30688251,12345"],
        "tool": ["refcheck"],
        "email": ["dev@example.org"],
        "api_key": [KEY],
    }
    assert req.headers["user-agent"] == f"refcheck/{__version__} (+mailto:dev@example.org)"
    assert h.client.stats.as_dict() == {"requests": 1, "retries": 0, "http_429": 0, "failures": 0}


def test_an_address_with_non_ascii_letters_is_sent() -> None:
    """`NCBI_EMAIL=jürgen@example.de` failed every request (UnicodeEncodeError in the
    User-Agent header): the header carries it percent-encoded, the form as it is."""
    h = Harness([ok()], email="jürgen@example.de")
    assert "10188493" in h.client.efetch(["10188493"]).records
    assert h.requests[0].headers["user-agent"].endswith("(+mailto:j%C3%BCrgen@example.de)")
    assert h.form()["email"] == ["jürgen@example.de"]


class _Drip(httpx.SyncByteStream):
    """A reply that comes a byte at a time: each wait is short, the whole is not."""

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(40):
            time.sleep(0.05)
            yield b" "


def test_timeout_bounds_the_whole_reply_not_each_wait() -> None:
    """httpx's timeout bounds each read; a server dripping its reply kept a run waiting
    for as long as the reply lasted (hours for a real one, byte by byte)."""
    h = Harness([httpx.Response(200, stream=_Drip())], timeout=0.3, attempts=1)
    with pytest.raises(EutilsError, match="timed out"):
        h.client.efetch(["10188493"])


def test_a_gzip_reply_that_echoes_the_key_is_read_once_decoded() -> None:
    body = b"<eFetchResult><ERROR>api_key=" + KEY.encode() + b"</ERROR></eFetchResult>"
    reply = httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=gzip.compress(body))
    h = Harness([reply], attempts=1)
    with pytest.raises(EutilsError, match=r"NCBI error: api_key=\*\*\*"):
        h.client.efetch(["10188493"])


def test_no_key_no_api_key_field() -> None:
    h = Harness([ok()], api_key=None)
    h.client.efetch(["1"])
    assert "api_key" not in h.form()


def test_not_found_is_a_good_answer() -> None:
    h = Harness([ok(load("efetch_not_found.xml"))])
    assert not h.client.efetch(["99999999"]).records
    assert len(h.requests) == 1


def test_efetch_validates_ids_and_batch_size() -> None:
    h = Harness([ok()], batch_size=2)
    with pytest.raises(ValueError):
        h.client.efetch(["1", "2", "3"])
    with pytest.raises(ValueError):
        h.client.efetch(["-1"])  # NCBI would answer with PMID 1
    assert not h.client.efetch([]).records
    assert h.requests == []


# --------------------------------------------------------------------------- retries


def test_429_then_200() -> None:
    h = Harness([http429(), ok()])
    assert "10188493" in h.client.efetch(["10188493"]).records
    assert len(h.requests) == 2
    assert h.client.stats.http_429 == 1 and h.client.stats.retries == 1
    assert len(h.waits) == 1


def test_retry_after_honoured_and_capped() -> None:
    slow = http429()
    slow.headers["Retry-After"] = "3"
    huge = http429()
    huge.headers["Retry-After"] = "3600"
    h = Harness([slow, huge, ok()], backoff_max=8.0)
    h.client.efetch(["1"])
    assert h.waits == [3.0, 8.0]


def test_a_503_saying_when_to_come_back_is_heeded() -> None:
    busy = httpx.Response(503, headers={"Retry-After": "4"}, content=b"busy")
    h = Harness([busy, ok()], backoff_max=8.0)
    h.client.efetch(["1"])
    assert h.waits == [4.0]  # was the back-off's ~1 s


def test_requests_pass_through_the_limiter_after_429() -> None:
    h = Harness([http429(), ok()])
    h.client.efetch(["1"])
    # the 429 pauses the shared limiter, so the retry went out no earlier than the back-off
    assert h.now >= h.waits[0]


def test_5xx_exhausted_raises_one_line_error() -> None:
    h = Harness([httpx.Response(503, content=b"<html>busy</html>")])
    with pytest.raises(EutilsError) as info:
        h.client.efetch(["1"])
    assert str(info.value) == "efetch: HTTP 503 after 5 attempts"
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert len(h.requests) == 5
    assert h.client.stats.failures == 1 and h.client.stats.retries == 4


def test_backoff_grows_and_is_capped() -> None:
    h = Harness([httpx.Response(500)], attempts=8, backoff_max=5.0)
    with pytest.raises(EutilsError):
        h.client.efetch(["1"])
    assert len(h.waits) == 7
    assert all(w <= 5.0 for w in h.waits)
    growing = h.waits[:3]  # 1, 2, 4 s (with jitter) before the 5 s cap
    assert growing == sorted(growing) and growing[0] < growing[1] < growing[2]
    assert h.waits[0] >= 0.75 and h.waits[-1] >= 0.75 * 5.0


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (timeout, "timed out"),
        (refused, "connection error"),
        (ok(b"<PubmedArticleSet><PubmedArticle><MedlineCit"), "unusable reply"),
        (ok(load("efetch_cpp_exception.xml")), "unusable reply"),
        (ok(load("html_502.html")), "unusable reply"),
        (httpx.Response(502, content=load("html_502.html")), "HTTP 502"),
    ],
)
def test_transient_failures_are_retried(reply: Handler | httpx.Response, reason: str) -> None:
    h = Harness([reply, ok()])
    assert h.client.efetch(["10188493"]).records
    assert len(h.requests) == 2

    h = Harness([reply])
    with pytest.raises(EutilsError, match=rf"^efetch: {reason}.* after 5 attempts$"):
        h.client.efetch(["10188493"])
    assert len(h.requests) == 5


@pytest.mark.parametrize("status", [400, 404, 414, 301])
def test_other_statuses_fail_at_once(status: int) -> None:
    h = Harness([httpx.Response(status, content=load("efetch_error_ids.xml"))])
    with pytest.raises(EutilsError, match=rf"^efetch: HTTP {status}$"):
        h.client.efetch(["1"])
    assert len(h.requests) == 1 and h.waits == []


def test_attempts_setting_respected() -> None:
    h = Harness([timeout], attempts=2)
    with pytest.raises(EutilsError, match=r"^efetch: timed out after 2 attempts$"):
        h.client.efetch(["1"])
    assert len(h.requests) == 2


# --------------------------------------------------------------------------- esearch, ecitmatch


def test_esearch() -> None:
    h = Harness([httpx.Response(200, content=load("esearch.json"))])
    assert h.client.esearch("wakefield aj[au] 1998[dp]", retmax=2) == ("9500320", "20137807")
    form = h.form()
    assert str(h.requests[0].url).endswith("/esearch.fcgi")
    assert form["term"] == ["wakefield aj[au] 1998[dp]"]
    assert form["retmode"] == ["json"] and form["retmax"] == ["2"] and form["api_key"] == [KEY]


def test_esearch_error_body_retried_then_raises() -> None:
    bad = httpx.Response(200, content=b'{"esearchresult": {"ERROR": "Invalid query"}}')
    h = Harness([bad], attempts=2)
    with pytest.raises(EutilsError, match=r"^esearch: unusable reply"):
        h.client.esearch("x")
    h = Harness([http429(), httpx.Response(200, content=load("esearch.json"))])
    assert h.client.esearch("x") == ("9500320", "20137807")


def test_ecitmatch() -> None:
    h = Harness([httpx.Response(200, content=load("ecitmatch.txt"))])
    cites = [
        ("proc natl acad sci u s a", "1991", "88", "3248", "mann bj", "Art1"),
        ("science", "1987", "235", "182", "palmenberg ac", "Art2"),
        ("nature", "2099", "1", "1", "nobody x", "Art3"),
        ("lancet", "1998", "351", "637", "smith j", "Art4"),
        ("jama", "2000", "1", "1", "doe j|x", "Art5"),  # no line comes back for this one
    ]
    assert h.client.ecitmatch(cites) == {
        "Art1": "2014248",
        "Art2": "3026048",
        "Art3": None,
        "Art4": None,
        "Art5": None,
    }
    assert str(h.requests[0].url).endswith("/ecitmatch.cgi")
    bdata = h.form()["bdata"][0]
    assert bdata.split("\r")[0] == "proc natl acad sci u s a|1991|88|3248|mann bj|Art1|"
    assert "doe j x|Art5|" in bdata  # a "|" inside a field cannot shift the columns
    assert h.client.ecitmatch([]) == {}


# --------------------------------------------------------------------------- secrets


def every_error_path() -> Iterator[tuple[str, list[Handler | httpx.Response]]]:
    yield "429", [http429()]
    yield "503", [httpx.Response(503, content=b"backend " + KEY.encode())]
    yield (
        "400",
        [httpx.Response(400, content=b"<eFetchResult><ERROR>" + KEY.encode() + b"</ERROR>")],
    )
    yield "timeout", [timeout]
    yield "refused", [refused]
    yield "error-body", [ok(b"<ERROR>NCBI C++ Exception: api_key=" + KEY.encode() + b"</ERROR>")]
    yield "json-200", [ok(http429().content)]
    yield "truncated", [ok(b"<PubmedArticleSet><PubmedArticle>" + KEY.encode())]


@pytest.mark.parametrize(("label", "replies"), list(every_error_path()))
def test_key_never_leaks(
    label: str, replies: list[Handler | httpx.Response], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    h = Harness(replies)
    for call in (
        lambda: h.client.efetch(["1", "2"]),
        lambda: h.client.esearch("cancer"),
        lambda: h.client.ecitmatch([("science", "1987", "235", "182", "x", "k")]),
    ):
        with pytest.raises(EutilsError) as info:
            call()
        err = info.value
        texts = [str(err), repr(err), str(err.__cause__), str(err.__context__)]
        assert all(KEY not in t for t in texts), label
    assert KEY in h.form()["api_key"]  # it was sent...
    logged = [r.getMessage() for r in caplog.records]
    assert logged, "the client should log its retries at DEBUG"
    assert all(KEY not in m for m in logged)  # ...but never logged
    assert KEY not in repr(h.client) and KEY not in repr(h.client.stats)
    assert KEY not in repr(h.settings)
    h.client.close()


def _cut_inside_the_key(at: int) -> Iterator[bytes]:
    """Replies whose quoted error text is cut `at` characters in: the key straddles the cut."""
    for before in range(at - len(KEY) + 1, at):
        yield b"x" * before + KEY.encode() + b" and more"


@pytest.mark.parametrize(
    ("endpoint", "reply"),
    [
        *(
            ("efetch", ok(b"<eFetchResult><ERROR>" + b + b"</ERROR></eFetchResult>"))
            for b in _cut_inside_the_key(160)
        ),
        *(
            ("efetch", ok(b"<html><title>" + b + b"</title></html>"))
            for b in _cut_inside_the_key(80)
        ),
        *(("efetch", ok(b'{"error": "' + b + b'"}')) for b in _cut_inside_the_key(60)),
        *(
            ("esearch", ok(b'{"esearchresult": {"ERROR": "' + b + b'"}}'))
            for b in _cut_inside_the_key(120)
        ),
    ],
)
def test_no_part_of_the_key_leaks_where_an_echo_of_it_is_cut_short(
    endpoint: str, reply: httpx.Response, caplog: pytest.LogCaptureFixture
) -> None:
    """Error texts quote the reply cut short; the key was hidden only after the cut, so a
    key the cut had split went out but for its last characters."""
    caplog.set_level(logging.DEBUG)
    h = Harness([reply], attempts=1)
    with pytest.raises(EutilsError) as info:
        h.client.efetch(["1"]) if endpoint == "efetch" else h.client.esearch("cancer")
    texts = [str(info.value), *(r.getMessage() for r in caplog.records)]
    for text in texts:
        assert not any(KEY[:n] in text for n in range(4, len(KEY) + 1)), text


def test_httpx_request_log_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    h = Harness([ok()])
    logging.getLogger("httpx").info("HTTP Request: GET https://x/efetch.fcgi?api_key=%s", KEY)
    assert all(KEY not in r.getMessage() for r in caplog.records)
    h.client.close()


def test_context_manager_closes() -> None:
    h = Harness([ok()])
    with h.client as client:
        client.efetch(["1"])
    with pytest.raises(RuntimeError):
        h.client.efetch(["1"])


def test_parse_retry_after() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
