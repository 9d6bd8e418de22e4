"""HTTP to NCBI E-utilities: efetch, esearch, ecitmatch. No parsing rules live here.

Every request is a POST (the API key travels in the body, never in a URL that
httpx or a proxy might log), passes through the shared rate limiter, and is
retried with capped, jittered exponential back-off on the failures that are
worth retrying: 429, 5xx, timeouts, broken connections, and 200 replies that
are not a usable answer. Other 4xx are the caller's fault and fail at once.

Secrets: messages are built from the endpoint name and status only; response
bodies, URLs with queries and request bodies never reach a message, a log
record or a repr, and any text that might echo the key is redacted.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TypeVar
from urllib.parse import quote, urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from refcheck import __version__
from refcheck.config import Settings
from refcheck.errors import EutilsError, EutilsParseError
from refcheck.eutils.parse import EfetchBatch, parse_efetch
from refcheck.eutils.throttle import RateLimiter, shared_limiter

log = logging.getLogger("refcheck.eutils")

Citation6 = tuple[str, str, str, str, str, str]
T = TypeVar("T")
_PMID = re.compile(r"^[1-9]\d{0,9}$")


@dataclass
class EutilsStats:
    """Counters the run report shows; no URLs, bodies or keys."""

    requests: int = 0  # HTTP requests sent, retries included
    retries: int = 0  # back-off waits taken
    http_429: int = 0  # rate-limit answers received
    failures: int = 0  # logical calls that gave up
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def bump(self, name: str) -> None:
        """Count under a lock: batches are fetched on several threads at once."""
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "http_429": self.http_429,
            "failures": self.failures,
        }


class _Transient(Exception):
    """A failure worth retrying; `reason` is already safe to show."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _RedactFilter(logging.Filter):
    """Scrub the key from third-party records (httpx logs request URLs at INFO)."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "***"), None
        return True


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _user_agent(email: str) -> str:
    """A header is ASCII: an address with `ü` in it goes percent-encoded, as in a mailto: URL
    (sent as it is, it failed every request with UnicodeEncodeError)."""
    return f"refcheck/{__version__} (+mailto:{quote(email, safe='@')})"


class EutilsClient:
    """One connection pool to E-utilities with NCBI's etiquette built in."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings
        self._limiter = (
            limiter
            if limiter is not None
            else shared_limiter(settings.rate, urlsplit(settings.base_url).netloc)
        )
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.stats = EutilsStats()
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,  # a redirected POST would lose its body (and the key)
            headers={"User-Agent": _user_agent(settings.email)},
        )
        self._filter = _RedactFilter(settings.api_key) if settings.api_key else None
        if self._filter:
            logging.getLogger("httpx").addFilter(self._filter)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()
        if self._filter:
            logging.getLogger("httpx").removeFilter(self._filter)
            self._filter = None

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        key = "set" if self._settings.api_key else "none"
        return f"EutilsClient(base_url={self._settings.base_url!r}, api_key={key})"

    # ------------------------------------------------------------------ endpoints

    def efetch(self, pmids: Sequence[str]) -> EfetchBatch:
        """Fetch up to `settings.batch_size` PMIDs in one POST; missing PMIDs are simply absent."""
        ids = [str(p).strip() for p in pmids]
        if len(ids) > self._settings.batch_size:
            raise ValueError(f"efetch takes at most {self._settings.batch_size} PMIDs per call")
        bad = [p for p in ids if not _PMID.match(p)]
        if bad:
            # NCBI answers id=-1 with PMID 1, so malformed ids must never reach it.
            raise ValueError(f"not a PMID: {bad[0][:20]!r}")
        if not ids:
            return EfetchBatch(records={}, raw={})
        form = {"db": "pubmed", "retmode": "xml", "id": ",".join(ids)}
        return self._call("efetch", "efetch.fcgi", form, _parse_efetch_reply)

    def esearch(self, term: str, *, retmax: int = 5) -> tuple[str, ...]:
        """PMIDs matching a PubMed query, best first (at most `retmax`)."""
        if not term.strip():
            raise ValueError("esearch needs a non-empty term")
        form = {"db": "pubmed", "term": term, "retmode": "json", "retmax": str(retmax)}
        return self._call("esearch", "esearch.fcgi", form, _parse_esearch)

    def ecitmatch(self, citations: Sequence[Citation6]) -> dict[str, str | None]:
        """Map (journal, year, volume, first page, author, key) to a PMID or None, by key."""
        if not citations:
            return {}
        lines = ["|".join(_field(f) for f in c) + "|" for c in citations]
        form = {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(lines)}
        keys = [_field(c[5]) for c in citations]
        return self._call("ecitmatch", "ecitmatch.cgi", form, lambda r: _parse_ecitmatch(r, keys))

    # ------------------------------------------------------------------ machinery

    def _redact(self, text: str) -> str:
        key = self._settings.api_key
        return text.replace(key, "***") if key else text

    def _form(self, form: dict[str, str]) -> dict[str, str]:
        full = {**form, "tool": self._settings.tool, "email": self._settings.email}
        if self._settings.api_key:
            full["api_key"] = self._settings.api_key
        return full

    def _wait(self, state: RetryCallState) -> float:
        """Capped exponential back-off (1, 2, 4 ... s) with 25 % jitter; Retry-After wins."""
        cap = self._settings.backoff_max
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(cap, exc.retry_after)
        base = min(cap, 2.0 ** (state.attempt_number - 1))
        return base * self._rng.uniform(0.75, 1.0)

    def _before_sleep(self, name: str, state: RetryCallState) -> None:
        self.stats.bump("retries")
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        reason = exc.reason if isinstance(exc, _Transient) else "error"
        if isinstance(exc, _Transient) and reason.startswith("HTTP 429"):
            self._limiter.pause(wait)  # other threads share the same budget
        log.debug(
            "%s attempt %d failed (%s); retrying in %.2fs",
            name,
            state.attempt_number,
            self._redact(reason),
            wait,
        )

    def _call(
        self, name: str, endpoint: str, form: dict[str, str], parse: Callable[[httpx.Response], T]
    ) -> T:
        attempts = max(1, self._settings.attempts)
        retrying = Retrying(
            stop=stop_after_attempt(attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            before_sleep=lambda s: self._before_sleep(name, s),
            reraise=True,
        )
        try:
            result: T = retrying(self._attempt, name, endpoint, self._form(form), parse)
        except _Transient as exc:
            self.stats.bump("failures")
            message = self._redact(
                f"{name}: {exc.reason} after {attempts} attempt{'' if attempts == 1 else 's'}"
            )
            log.debug("%s", message)
            raise EutilsError(message) from None
        return result

    def _attempt(
        self, name: str, endpoint: str, form: dict[str, str], parse: Callable[[httpx.Response], T]
    ) -> T:
        self._limiter.acquire()
        self.stats.bump("requests")
        # httpx's timeout bounds each wait, not the whole reply: a server sending a byte
        # every second kept a nightly run waiting for hours. --timeout bounds the request.
        deadline = time.monotonic() + self._settings.timeout
        try:
            with self._http.stream("POST", self._settings.base_url + endpoint, data=form) as r:
                response = _with_content(r, _read_by(r, deadline))
        except httpx.TimeoutException:
            raise _Transient("timed out") from None
        except httpx.TransportError as exc:  # a reset, a body that is not the gzip it says
            raise _Transient(f"connection error ({type(exc).__name__})") from None
        status = response.status_code
        log.debug("%s -> HTTP %d, %d bytes", name, status, len(response.content))
        if status == 429:
            self.stats.bump("http_429")
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise _Transient("HTTP 429", retry_after=retry_after)
        if status >= 500:  # a 503 may say when to come back, as a 429 does
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise _Transient(f"HTTP {status}", retry_after=retry_after)
        if status != 200:
            self.stats.bump("failures")
            raise EutilsError(f"{name}: HTTP {status}")
        try:
            return parse(self._without_key(response))
        except EutilsParseError as exc:
            raise _Transient(f"unusable reply ({self._redact(str(exc))})") from None

    def _without_key(self, response: httpx.Response) -> httpx.Response:
        """The reply with any echo of the API key taken out before anything reads it.

        Error texts quote the reply cut short (an <ERROR> to 160 characters): redacting
        after the cut missed a key the cut had split, and the rest of it was printed."""
        key = self._settings.api_key
        if not key or key.encode() not in response.content:
            return response
        return _with_content(response, response.content.replace(key.encode(), b"***"))


def _read_by(response: httpx.Response, deadline: float) -> bytes:
    """The reply's (decoded) body, or a timeout once `deadline` (monotonic) has passed."""
    chunks = []
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the whole reply took longer than --timeout")
    return b"".join(chunks)


def _with_content(response: httpx.Response, content: bytes) -> httpx.Response:
    """A reply holding `content`, already decoded: without the headers that say how it was
    sent (gzip), which would have it decoded again."""
    sent_as = ("content-encoding", "content-length", "transfer-encoding")
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in sent_as]
    return httpx.Response(
        response.status_code, headers=headers, content=content, request=response.request
    )


# ---------------------------------------------------------------------- reply parsers


def _field(value: str) -> str:
    """ECitMatch fields are `|`-separated, lines CR-separated: keep both out of values."""
    return " ".join(str(value).replace("|", " ").split())


_ARTICLE_OPEN = re.compile(rb"<(?:PubmedArticle|PubmedBookArticle)[\s>]")


def _parse_efetch_reply(response: httpx.Response) -> EfetchBatch:
    """parse_efetch, refusing a reply that carries one PMID's record twice.

    NCBI answers each PMID once; a duplicate means the reply does not match the
    request (one asked PMID was answered with another's record), so the absence
    of the PMIDs it lacks would be a false "not found".
    """
    batch = parse_efetch(response.content)
    articles = len(_ARTICLE_OPEN.findall(response.content))
    if articles != len(batch.records):
        raise EutilsParseError(
            f"reply holds {articles} articles for {len(batch.records)} distinct PMIDs"
        )
    return batch


def _parse_esearch(response: httpx.Response) -> tuple[str, ...]:
    try:
        data = json.loads(response.content)
    except ValueError:
        raise EutilsParseError("esearch reply is not JSON") from None
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise EutilsParseError("esearch reply without esearchresult")
    if result.get("ERROR"):
        raise EutilsParseError(f"NCBI error: {str(result['ERROR'])[:120]}")
    ids = result.get("idlist")
    if not isinstance(ids, list):
        raise EutilsParseError("esearch reply without idlist")
    return tuple(str(i) for i in ids)


def _parse_ecitmatch(response: httpx.Response, keys: Sequence[str]) -> dict[str, str | None]:
    """Plain text, one `journal|year|volume|page|author|key|result` line per citation.

    The result is a PMID, `NOT_FOUND...` or `AMBIGUOUS ...`; lines may be missing
    and the author field may come back empty, so lines are matched by key.
    """
    text = response.content.decode("utf-8", "replace")
    if not text.strip() or "<" in text[:200]:
        raise EutilsParseError("ecitmatch reply is not the plain-text format")
    found: dict[str, str | None] = dict.fromkeys(keys)
    rows = [line.split("|") for line in text.splitlines()]
    if not any(len(parts) >= 7 for parts in rows):
        raise EutilsParseError("ecitmatch reply has no result lines")
    for parts in rows:
        if len(parts) < 7:
            continue
        key, result = parts[5].strip(), parts[6].strip()
        if key in found and found[key] is None and _PMID.match(result):
            found[key] = result
    return found
