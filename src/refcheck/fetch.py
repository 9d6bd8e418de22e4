"""Polite HTTP GETs for pages and sitemaps.

A nightly audit fetches hundreds of pages from one site, so the fetcher
behaves like a well-mannered link checker (lychee, linkchecker): at most
`per_host` requests in flight per host name, a few retries with backoff on
429 / 5xx / connection failures (Retry-After honoured up to a cap, the host
slot held while waiting so the host is not hammered), redirects followed by
hand so a loop is named as a loop, and a size cap on the decoded body so a
gzip bomb cannot exhaust memory. Every failure is an `InputError` with one
line of text; callers turn it into a `PageError` and the run goes on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from refcheck.errors import InputError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Transport failures worth another try: the server may come back; a slow
# response (read timeout) is not retried, it would only double the wait.
_RETRY_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
)
_DNS_MARKERS = (
    "name or service",
    "nodename nor servname",
    "name resolution",
    "getaddrinfo",
    "no address",
)


@dataclass(frozen=True)
class FetchPolicy:
    """How hard and how politely to try; built from ReadOptions by pages.py."""

    max_bytes: int
    timeout: float = 20.0
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5  # first retry waits this long, then doubles
    max_retry_after: float = 30.0  # a longer Retry-After means: give up now
    per_host: int = 4


@dataclass(frozen=True)
class Fetched:
    """A successful response body (already content-decoded, i.e. un-gzipped)."""

    url: str  # as asked
    final_url: str  # after redirects
    data: bytes
    content_type: str | None
    charset: str | None


@dataclass(frozen=True)
class _Redirect:
    location: str


@dataclass(frozen=True)
class _Retryable:
    message: str
    delay: float | None  # from Retry-After, if the server said


class Fetcher:
    """GET with per-host limits, retries and hand-followed redirects.

    Thread-safe: one Fetcher (and its httpx.Client) serves every worker.
    `sleep` is injectable so tests of backoff never wait for real.
    """

    def __init__(
        self,
        client: httpx.Client,
        policy: FetchPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._policy = policy
        self._sleep = sleep
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()

    def get(self, url: str, *, max_bytes: int | None = None) -> Fetched:
        """Fetch `url`, following up to `max_redirects` redirects; raise InputError.

        `max_bytes` overrides the policy's cap on the decoded body (sitemaps
        may be larger than any page).
        """
        cap = self._policy.max_bytes if max_bytes is None else max_bytes
        _check_url(url)
        chain = [url]
        current = url
        while True:
            outcome = self._get_with_retries(url, current, cap)
            if isinstance(outcome, Fetched):
                return Fetched(
                    url, outcome.final_url, outcome.data, outcome.content_type, outcome.charset
                )
            target = urljoin(current, outcome.location)
            if urlsplit(target).scheme not in ("http", "https"):
                raise InputError(f"{url}: redirect to a non-web address ({target[:80]})")
            _check_url(target, f"{url}: redirect to an invalid URL")
            if target in chain:
                raise InputError(f"{url}: redirect loop ({' -> '.join([*chain, target])[:300]})")
            if len(chain) > self._policy.max_redirects:
                raise InputError(
                    f"{url}: too many redirects (more than {self._policy.max_redirects})"
                )
            chain.append(target)
            current = target

    # ----------------------------------------------------------------- internals

    def _slot(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._slots_lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self._policy.per_host)
            return slot

    def _get_with_retries(self, original: str, url: str, cap: int) -> Fetched | _Redirect:
        policy = self._policy
        with self._slot(url):  # held through backoff: a struggling host gets a rest
            attempt = 0
            while True:
                try:
                    outcome = self._attempt(original, url, cap)
                except _RETRY_EXCEPTIONS as exc:
                    outcome = _Retryable(_transport_message(exc), None)
                except httpx.TimeoutException:
                    raise InputError(f"{original}: timed out after {policy.timeout:g} s") from None
                except httpx.HTTPError as exc:
                    raise InputError(f"{original}: {_transport_message(exc)}") from None
                if not isinstance(outcome, _Retryable):
                    return outcome
                if attempt >= policy.retries:
                    suffix = f" (after {attempt} retries)" if attempt else ""
                    raise InputError(f"{original}: {outcome.message}{suffix}")
                delay = policy.backoff * (2**attempt)
                if outcome.delay is not None:
                    if outcome.delay > policy.max_retry_after:
                        raise InputError(
                            f"{original}: {outcome.message}, asked to retry after "
                            f"{outcome.delay:g} s (more than the {policy.max_retry_after:g} s cap)"
                        )
                    delay = max(delay, outcome.delay)
                self._sleep(delay)
                attempt += 1

    def _attempt(self, original: str, url: str, cap: int) -> Fetched | _Redirect | _Retryable:
        policy = self._policy
        started = time.monotonic()
        with self._client.stream("GET", url, follow_redirects=False) as response:
            status = response.status_code
            if status in REDIRECT_STATUSES and "location" in response.headers:
                return _Redirect(response.headers["location"])
            if status in RETRY_STATUSES:
                return _Retryable(_status_text(response), _retry_after(response))
            if status >= 300:
                raise InputError(f"{original}: {_status_text(response)}")
            declared = response.headers.get("content-length", "")
            encoded = "content-encoding" in response.headers
            if declared.isdigit() and not encoded and int(declared) > cap:
                raise InputError(f"{original}: larger than the {_mb(cap)} size limit")
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > cap:
                    raise InputError(f"{original}: larger than the {_mb(cap)} size limit")
                if time.monotonic() - started > policy.timeout:
                    raise httpx.ReadTimeout("whole-response deadline passed")
                chunks.append(chunk)
            return Fetched(
                original,
                str(response.url),
                b"".join(chunks),
                response.headers.get("content-type"),
                response.charset_encoding,
            )


def _check_url(url: str, prefix: str | None = None) -> None:
    """Refuse what cannot be a web address before any socket is opened."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError when out of range
        httpx.URL(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except (ValueError, httpx.InvalidURL):
        ok = False
    if not ok:
        raise InputError(prefix or f"{url[:200]}: not a valid web address")


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _status_text(response: httpx.Response) -> str:
    phrase = response.reason_phrase
    return f"HTTP {response.status_code}" + (f" {phrase}" if phrase else "")


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), if any."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _transport_message(exc: BaseException) -> str:
    """A short reason for a transport failure: DNS, refused, reset, ..."""
    text = (str(exc).splitlines() or [""])[0]
    lowered = text.lower()
    if any(marker in lowered for marker in _DNS_MARKERS):
        return "cannot connect: host not found (DNS)"
    if "refused" in lowered:
        return "cannot connect: connection refused"
    if isinstance(exc, httpx.ConnectTimeout):
        return "cannot connect: timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({text[:120] or type(exc).__name__})"
    return f"cannot fetch ({type(exc).__name__}{': ' + text[:120] if text else ''})"
