"""A fake NCBI E-utilities server on 127.0.0.1 that speaks the real formats.

Why a real socket server and not an httpx MockTransport: the end-to-end tests,
the benchmarks and the offline demo must exercise the real client stack
(connection pooling, timeouts, resets, truncated bodies, POST bodies, 414 on
long URLs) and NCBI's rate limit, which only a process listening on a port
can do. Stdlib only (`http.server.ThreadingHTTPServer`), one thread per
connection so a hanging request never blocks the others.

Faithfulness notes (docs/eutils-protocol.md): efetch replies in request order,
silently omits unknown PMIDs, keeps the DOCTYPE on an empty set, answers 400
for malformed ids and drops the sign of `-1`; 429 bodies are JSON even for XML
requests and echo the api_key (refcheck must never log them); a GET longer
than Apache's request-line limit gets Apache's 414 page.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import parse_qs, urlsplit

from refcheck.fake_eutils import formats
from refcheck.fake_eutils.store import RecordStore

PREFIX = "/entrez/eutils/"
MAX_REQUEST_LINE = 8190  # Apache's LimitRequestLine default; NCBI's front end is Apache
XML_TYPE = "text/xml; charset=UTF-8"
JSON_TYPE = "application/json; charset=UTF-8"
TEXT_TYPE = "text/plain; charset=UTF-8"
HTML_TYPE = "text/html; charset=utf-8"

BACKEND_EXCEPTION = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>NCBI C++ Exception: '
    b'Error: TXCLIENT(CException)::eUnknown "/pubmed_gen/rbuild/version/20240122/entrez/'
    b'2.19/src/internal/txclient/TxClient.cpp", line 221: ncbi::CTxRawClientImpl::x_Fetch() '
    b"--- Error 5 reading from socket: No route to host</ERROR>\n</eFetchResult>\n"
)

URI_TOO_LONG = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head>
<title>Submitted URI too large!</title>
<link rev="made" href="mailto:info@ncbi.nlm.nih.gov" />
</head>

<body>
<h1>Submitted URI too large!</h1>
<p>


    The length of the requested URL exceeds the capacity limit for
\tthis server. The request cannot be processed.

</p>
<p>
If you think this is a server error, please contact
the <a href="mailto:info@ncbi.nlm.nih.gov">webmaster</a>.

</p>

<h2>Error 414</h2>
<address>
  <a href="/">www.ncbi.nlm.nih.gov</a><br />
  <span>Apache</span>
</address>
</body>
</html>

"""

_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def error_page(status: int) -> bytes:
    """The HTML an NCBI front end sends for 5xx (what clients must not parse as XML)."""
    reason = _REASONS.get(status, "Error")
    if status == 500:
        return (
            b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
            b"<title>500 Internal Server Error</title>\n</head><body>\n"
            b"<h1>Internal Server Error</h1>\n<p>The server encountered an internal error or\n"
            b"misconfiguration and was unable to complete\nyour request.</p>\n</body></html>\n"
        )
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


# --------------------------------------------------------------------------- faults

FaultKind = Literal["status", "hang", "truncate", "backend_error", "reset", "drop", "extra", "swap"]


@dataclass
class Fault:
    """One armed fault. `remaining` None means "every request until cleared"."""

    kind: FaultKind
    remaining: int | None = 1
    endpoint: str | None = None  # "efetch", "esummary", ...; None = every E-utility
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0
    nbytes: int = 0
    full_length: bool = True  # truncate: still declare the full Content-Length
    pmids: tuple[str, ...] = ()
    every: int = 0
    mapping: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Faults:
    """Fault switches, armed from Python (`server.faults.fail(503, count=2)`) or HTTP.

    Each switch either affects the next `count` E-utility requests (optionally
    only one endpoint) or, with `always=True`, every request until `clear()`.
    Faults stack: a request consumes one use of every armed fault that applies.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []

    def _arm(self, fault: Fault, count: int, always: bool) -> Fault:
        fault.remaining = None if always else count
        with self._lock:
            self._armed.append(fault)
        return fault

    def fail(
        self,
        status: int = 503,
        *,
        count: int = 1,
        always: bool = False,
        retry_after: float | None = None,
        endpoint: str | None = None,
    ) -> Fault:
        """Answer with `status`: 5xx with an HTML page, 429 with NCBI's JSON body."""
        return self._arm(
            Fault("status", status=status, retry_after=retry_after, endpoint=endpoint),
            count,
            always,
        )

    def hang(
        self, seconds: float, *, count: int = 1, always: bool = False, endpoint: str | None = None
    ) -> Fault:
        """Sleep `seconds` before answering normally (past the client's timeout)."""
        return self._arm(Fault("hang", seconds=seconds, endpoint=endpoint), count, always)

    def truncate(
        self,
        nbytes: int,
        *,
        full_length: bool = True,
        count: int = 1,
        always: bool = False,
        endpoint: str | None = None,
    ) -> Fault:
        """Send only the first `nbytes` of the body, then close.

        With `full_length` the header still announces the whole body (the client
        sees an incomplete read); without, Content-Length is `nbytes` and the
        client gets a well-framed reply holding broken XML.
        """
        return self._arm(
            Fault("truncate", nbytes=nbytes, full_length=full_length, endpoint=endpoint),
            count,
            always,
        )

    def backend_error(
        self, *, count: int = 1, always: bool = False, endpoint: str | None = None
    ) -> Fault:
        """HTTP 200 carrying `<ERROR>NCBI C++ Exception ...</ERROR>` (not "not found")."""
        return self._arm(Fault("backend_error", endpoint=endpoint), count, always)

    def reset(self, *, count: int = 1, always: bool = False, endpoint: str | None = None) -> Fault:
        """Close the socket without any reply (TCP RST)."""
        return self._arm(Fault("reset", endpoint=endpoint), count, always)

    def drop(
        self,
        pmids: Iterable[str] = (),
        *,
        every: int = 0,
        count: int = 1,
        always: bool = False,
    ) -> Fault:
        """efetch omits these PMIDs (or every `every`-th requested one) though held."""
        return self._arm(
            Fault("drop", pmids=tuple(pmids), every=every, endpoint="efetch"), count, always
        )

    def extra(self, pmids: Iterable[str] = (), *, count: int = 1, always: bool = False) -> Fault:
        """efetch appends records nobody asked for (default: one held, unrequested PMID)."""
        return self._arm(Fault("extra", pmids=tuple(pmids), endpoint="efetch"), count, always)

    def swap(
        self, mapping: Mapping[str, str] | None = None, *, count: int = 1, always: bool = False
    ) -> Fault:
        """efetch serves another record's XML when asked for a PMID.

        `mapping` asked -> served; empty means: the first requested held PMID is
        answered with some other held record.
        """
        return self._arm(
            Fault("swap", mapping=dict(mapping or {}), endpoint="efetch"), count, always
        )

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._armed)

    def take(self, endpoint: str) -> list[Fault]:
        """Consume one use of every fault that applies to this request."""
        taken: list[Fault] = []
        with self._lock:
            for fault in list(self._armed):
                if fault.endpoint not in (None, endpoint):
                    continue
                taken.append(fault)
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._armed.remove(fault)
        return taken

    def arm_from_json(self, spec: Mapping[str, Any]) -> Fault:
        """The `POST /_control` form: `{"fault": "status", "status": 503, "count": 2}`."""
        kind = spec["fault"]
        count = int(spec.get("count", 1))
        always = bool(spec.get("always", False))
        endpoint = spec.get("endpoint")
        if kind in ("status", "fail"):
            return self.fail(
                int(spec.get("status", 503)),
                count=count,
                always=always,
                retry_after=spec.get("retry_after"),
                endpoint=endpoint,
            )
        if kind == "hang":
            return self.hang(float(spec["seconds"]), count=count, always=always, endpoint=endpoint)
        if kind == "truncate":
            return self.truncate(
                int(spec["bytes"]),
                full_length=bool(spec.get("full_length", True)),
                count=count,
                always=always,
                endpoint=endpoint,
            )
        if kind == "backend_error":
            return self.backend_error(count=count, always=always, endpoint=endpoint)
        if kind == "reset":
            return self.reset(count=count, always=always, endpoint=endpoint)
        if kind == "drop":
            return self.drop(
                spec.get("pmids", ()), every=int(spec.get("every", 0)), count=count, always=always
            )
        if kind == "extra":
            return self.extra(spec.get("pmids", ()), count=count, always=always)
        if kind == "swap":
            return self.swap(spec.get("mapping"), count=count, always=always)
        raise ValueError(f"unknown fault {kind!r}")


# --------------------------------------------------------------------------- stats


@dataclass
class Stats:
    """What the server saw; `requests` and `statuses` exclude the control API."""

    requests: dict[str, int] = field(default_factory=dict)  # endpoint -> count
    methods: dict[str, int] = field(default_factory=dict)  # GET/POST -> count
    efetch_ids: list[list[str]] = field(default_factory=list)  # ids per efetch, as asked
    statuses: dict[int, int] = field(default_factory=dict)
    sent_429: int = 0
    resets: int = 0
    api_keys: list[str] = field(default_factory=list)  # distinct keys seen, first-seen order

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["statuses"] = {str(k): v for k, v in self.statuses.items()}
        data["total"] = self.total
        return data


# --------------------------------------------------------------------------- limiter


class RateLimiter:
    """NCBI's limit: a sliding one-second window per key (api_key, else client IP)."""

    def __init__(self, limit: float | None, key_limit: float | None, window: float = 1.0) -> None:
        self.limit = limit
        self.key_limit = key_limit
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def limit_for(self, has_key: bool) -> float | None:
        """`limit` None switches limiting off altogether (keyed clients too)."""
        if self.limit is None:
            return None
        return self.key_limit if has_key else self.limit

    def check(self, key: str, has_key: bool) -> tuple[bool, int, int]:
        """Record a request; returns (allowed, count in window incl. this one, limit)."""
        limit = self.limit_for(has_key)
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if limit is None:
                hits.append(now)
                return True, len(hits), 0
            if len(hits) >= int(limit):
                return False, len(hits) + 1, int(limit)
            hits.append(now)
            return True, len(hits), int(limit)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = XML_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    server: str = "Finatra"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeEutils

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or hang up mid-reply are the point of the exercise.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.fake.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        if self.server.fake._stopping.is_set():
            # a stopped server is gone, kept-alive connections too: no reply at all
            self._reset_socket()
            return
        self._dispatch(method)

    # ------------------------------------------------------------------ plumbing

    def _send(self, reply: Reply, endpoint: str | None, truncate: Fault | None = None) -> None:
        body = reply.body
        declared = len(body)
        if truncate is not None:
            body = body[: truncate.nbytes]
            if not truncate.full_length:
                declared = len(body)
            self.close_connection = True
        self.send_response_only(reply.status)
        self.send_header("Server", reply.server)
        self.send_header("Date", formatdate(usegmt=True))
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(declared))
        self.send_header("Cache-Control", "private")
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in reply.headers.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if endpoint is not None:  # count before the client can see the reply
            self.server.fake._count_status(reply.status)
        with contextlib.suppress(OSError):
            self.wfile.write(body)
            self.wfile.flush()

    def _reset_socket(self) -> None:
        """Abort the connection: SO_LINGER 0 makes close() send an RST, no reply at all."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def _read_params(self, method: str) -> dict[str, list[str]]:
        query = urlsplit(self.path).query
        params = parse_qs(query, keep_blank_values=True)
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            ctype = self.headers.get("Content-Type", "")
            if "json" not in ctype:
                for k, vs in parse_qs(
                    raw.decode("utf-8", "replace"), keep_blank_values=True
                ).items():
                    params.setdefault(k, []).extend(vs)
            else:
                params["__json__"] = [raw.decode("utf-8", "replace")]
        return params

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        path = urlsplit(self.path).path
        if path.startswith("/_"):
            self._control(method, path)
            return
        if not path.startswith(PREFIX):
            self._send(Reply(404, b"Not Found", TEXT_TYPE), None)
            return
        name = path[len(PREFIX) :]
        endpoint = name.split(".")[0]
        if method == "GET" and len(self.requestline) > MAX_REQUEST_LINE:
            self.close_connection = True
            fake._count_request(endpoint, method)
            self._send(Reply(414, URI_TOO_LONG, HTML_TYPE, server="Apache"), endpoint)
            return
        params = self._read_params(method)
        fake._count_request(
            endpoint, method, params.get("id", []) if endpoint == "efetch" else None
        )

        api_key = (params.get("api_key") or [""])[0]
        client = api_key or self.client_address[0]
        if api_key:
            fake._saw_key(api_key)
        allowed, count, limit = fake.limiter.check(client, bool(api_key))
        if not allowed:
            self._send(fake._rate_reply(client, count, limit), endpoint)
            return

        faults = fake.faults.take(endpoint)
        truncate = None
        for fault in faults:
            if fault.kind == "reset":
                fake._count_reset()
                self._reset_socket()
                return
            if fault.kind == "hang":
                fake._stopping.wait(fault.seconds)
            if fault.kind == "truncate":
                truncate = fault
        for fault in faults:
            if fault.kind == "status":
                self._send(fake._status_reply(fault, client, count, limit), endpoint, truncate)
                return
            if fault.kind == "backend_error":
                self._send(Reply(200, BACKEND_EXCEPTION, XML_TYPE), endpoint, truncate)
                return

        reply, n_records = fake._route(name, params, faults)
        delay = fake.latency + fake.per_record_latency * n_records
        if delay > 0:
            fake._stopping.wait(delay)
        if limit:
            reply.headers.setdefault("X-RateLimit-Limit", str(limit))
            reply.headers.setdefault("X-RateLimit-Remaining", str(max(limit - count, 0)))
        self._send(reply, endpoint, truncate)

    def _control(self, method: str, path: str) -> None:
        fake = self.server.fake
        params = self._read_params(method)
        try:
            if path == "/_stats" and method == "GET":
                body = json.dumps(fake.stats.to_json()).encode()
            elif path == "/_reset" and method == "POST":
                fake.reset()
                body = b'{"ok":true}'
            elif path == "/_control" and method == "POST":
                raw = (params.get("__json__") or ["{}"])[0]
                spec = json.loads(raw or "{}")
                body = json.dumps(fake.control(spec)).encode()
            elif path == "/_control" and method == "GET":
                body = json.dumps(fake.describe()).encode()
            else:
                self._send(Reply(404, b'{"error":"no such control"}', JSON_TYPE), None)
                return
        except (ValueError, KeyError, TypeError) as exc:
            err = json.dumps({"error": str(exc)}).encode()
            self._send(Reply(400, err, JSON_TYPE), None)
            return
        self._send(Reply(200, body, JSON_TYPE), None)


class FakeEutils:
    """The fake server: a context manager, `base_url`, `stats`, `faults`.

    >>> with FakeEutils(Path("fixtures/records")) as fake:
    ...     httpx.get(fake.base_url + "efetch.fcgi", params={"db": "pubmed", "id": "1"})
    """

    def __init__(
        self,
        records_dir: Path | None = None,
        *,
        records: Mapping[str, bytes] | None = None,
        rate_limit: float | None = 3.0,
        api_key_rate_limit: float | None = 10.0,
        latency: float = 0.0,
        per_record_latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        self.store = RecordStore(records)
        if records_dir is not None:
            self.store.load_dir(Path(records_dir))
        self.limiter = RateLimiter(rate_limit, api_key_rate_limit)
        self.latency = latency
        self.per_record_latency = per_record_latency
        self.faults = Faults()
        self.verbose = verbose
        self.host = host
        self.port = port
        self._stats = Stats()
        self._stats_lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _Server((self.host, self.port), _Handler)
        httpd.fake = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"fake-eutils:{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging handlers wake up at once (they wait on an Event)."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}{PREFIX}"

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    # ------------------------------------------------------------------ settings

    @property
    def rate_limit(self) -> float | None:
        return self.limiter.limit

    @rate_limit.setter
    def rate_limit(self, value: float | None) -> None:
        self.limiter.limit = value

    @property
    def api_key_rate_limit(self) -> float | None:
        return self.limiter.key_limit

    @api_key_rate_limit.setter
    def api_key_rate_limit(self, value: float | None) -> None:
        self.limiter.key_limit = value

    def synthesize(self, n: int, start_pmid: int) -> list[str]:
        """Add `n` cloned records under PMIDs `start_pmid`... (see RecordStore.synthesize)."""
        return self.store.synthesize(n, start_pmid)

    def control(self, spec: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Apply a `/_control` JSON document (a dict or a list of dicts).

        Keys: `fault` (+ its options, see Faults.arm_from_json), `clear_faults`,
        `rate_limit`, `api_key_rate_limit`, `latency`, `per_record_latency`.
        """
        specs = [spec] if isinstance(spec, Mapping) else list(spec)
        for s in specs:
            if s.get("clear_faults"):
                self.faults.clear()
            if "rate_limit" in s:
                self.rate_limit = None if s["rate_limit"] is None else float(s["rate_limit"])
            if "api_key_rate_limit" in s:
                v = s["api_key_rate_limit"]
                self.api_key_rate_limit = None if v is None else float(v)
            if "latency" in s:
                self.latency = float(s["latency"])
            if "per_record_latency" in s:
                self.per_record_latency = float(s["per_record_latency"])
            if "fault" in s:
                self.faults.arm_from_json(s)
        return self.describe()

    def describe(self) -> dict[str, Any]:
        return {
            "rate_limit": self.rate_limit,
            "api_key_rate_limit": self.api_key_rate_limit,
            "latency": self.latency,
            "per_record_latency": self.per_record_latency,
            "records": len(self.store),
            "faults": [f.to_json() for f in self.faults.armed],
        }

    # ------------------------------------------------------------------ stats

    @property
    def stats(self) -> Stats:
        """A snapshot (copy), safe to inspect while the server runs."""
        with self._stats_lock:
            s = self._stats
            return Stats(
                requests=dict(s.requests),
                methods=dict(s.methods),
                efetch_ids=[list(x) for x in s.efetch_ids],
                statuses=dict(s.statuses),
                sent_429=s.sent_429,
                resets=s.resets,
                api_keys=list(s.api_keys),
            )

    def reset_stats(self) -> None:
        with self._stats_lock:
            self._stats = Stats()

    def reset(self) -> None:
        """Clear faults, stats and rate-limit windows (what `POST /_reset` does)."""
        self.faults.clear()
        self.limiter.reset()
        self.reset_stats()

    def _count_request(
        self, endpoint: str, method: str, efetch_ids: list[str] | None = None
    ) -> None:
        with self._stats_lock:
            if efetch_ids is not None:
                ids = [p.strip() for v in efetch_ids for p in v.split(",") if p.strip()]
                self._stats.efetch_ids.append(ids)
            r = self._stats.requests
            r[endpoint] = r.get(endpoint, 0) + 1
            m = self._stats.methods
            m[method] = m.get(method, 0) + 1

    def _count_status(self, status: int) -> None:
        with self._stats_lock:
            s = self._stats.statuses
            s[status] = s.get(status, 0) + 1
            if status == 429:
                self._stats.sent_429 += 1

    def _count_reset(self) -> None:
        with self._stats_lock:
            self._stats.resets += 1

    def _saw_key(self, key: str) -> None:
        with self._stats_lock:
            if key not in self._stats.api_keys:
                self._stats.api_keys.append(key)

    # ------------------------------------------------------------------ replies

    def _rate_reply(
        self, client: str, count: int, limit: int, retry_after: float | None = None
    ) -> Reply:
        body = json.dumps(
            {
                "error": "API rate limit exceeded",
                "api-key": client,
                "count": str(count),
                "limit": str(limit),
            },
            separators=(",", ":"),
        ).encode()
        headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0"}
        if retry_after is not None:
            headers["Retry-After"] = f"{retry_after:g}"
        return Reply(429, body, JSON_TYPE, headers)

    def _status_reply(self, fault: Fault, client: str, count: int, limit: int) -> Reply:
        if fault.status == 429:
            return self._rate_reply(client, max(count, limit + 1), limit or 3, fault.retry_after)
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        server = "Finatra" if fault.status == 500 else "nginx"
        return Reply(fault.status, error_page(fault.status), HTML_TYPE, headers, server=server)

    def _route(
        self, name: str, params: Mapping[str, list[str]], faults: Sequence[Fault]
    ) -> tuple[Reply, int]:
        def one(key: str, default: str = "") -> str:
            return (params.get(key) or [default])[0].strip()

        raw_ids = [p.strip() for v in params.get("id", []) for p in v.split(",")]
        raw_ids = [p for p in raw_ids if p]
        db = one("db", "pubmed").lower()
        if db != "pubmed":
            msg = f"Invalid db name specified: {db}".encode()
            return Reply(200, formats.efetch_error(msg)), 0
        if name == "efetch.fcgi":
            # `rettype=xml&retmode=text` (what metapub sends) is XML too at NCBI
            mode = "xml" if one("rettype").lower() == "xml" else one("retmode").lower()
            return self._efetch(raw_ids, "id" in params, mode, faults)
        if name == "esummary.fcgi":
            if one("retmode").lower() == "json":
                return Reply(200, formats.esummary_json(self.store, raw_ids), JSON_TYPE), len(
                    raw_ids
                )
            return Reply(200, formats.esummary_xml(self.store, raw_ids)), len(raw_ids)
        if name == "esearch.fcgi":
            mode = one("retmode", "xml").lower()
            try:
                retstart = int(one("retstart", "0") or 0)
                retmax = int(one("retmax", "20") or 20)
            except ValueError:
                retstart, retmax = 0, 20
            body = formats.esearch(self.store, one("term"), mode, retstart, retmax)
            return Reply(200, body, JSON_TYPE if mode == "json" else XML_TYPE), 0
        if name == "ecitmatch.cgi":
            bdata = "\r".join(params.get("bdata", []))
            return Reply(200, formats.ecitmatch(self.store, bdata), TEXT_TYPE), 0
        return Reply(404, b"Not Found", TEXT_TYPE), 0

    def _efetch(
        self, raw_ids: list[str], has_id: bool, retmode: str, faults: Sequence[Fault]
    ) -> tuple[Reply, int]:
        if not raw_ids:
            return Reply(400, formats.efetch_error(formats.EMPTY_ID_LIST)), 0
        ids = []
        for raw in raw_ids:
            digits = raw[1:] if raw[:1] in "-+" else raw
            if digits.isdigit() and int(digits) > 0:
                ids.append(str(int(digits)))  # NCBI drops the sign: -1 is PMID 1
        if not ids:
            return Reply(400, formats.efetch_error(formats.ID_LIST_EMPTY)), 0
        served = [p for p in ids if p in self.store]
        for fault in faults:
            if fault.kind == "drop":
                drop = set(fault.pmids)
                if fault.every:
                    drop |= {p for i, p in enumerate(served, 1) if i % fault.every == 0}
                if not drop and served:
                    drop = {served[-1]}
                served = [p for p in served if p not in drop]
            elif fault.kind == "swap":
                mapping = dict(fault.mapping)
                if not mapping and served:
                    others = [p for p in self.store.pmids() if p not in ids]
                    if others:
                        mapping = {served[0]: others[0]}
                served = [
                    mapping.get(p, p) if mapping.get(p, p) in self.store else p for p in served
                ]
            elif fault.kind == "extra":
                extra = [p for p in fault.pmids if p in self.store]
                if not extra:
                    extra = [p for p in self.store.pmids() if p not in ids][:1]
                served = served + extra
        if retmode != "xml":
            found = [f for f in (self.store.facts(p) for p in served) if f is not None]
            missing = [p for p in ids if p not in self.store]
            return Reply(200, formats.asn1(found, missing), TEXT_TYPE), len(found)
        articles = [x for x in (self.store.get(p) for p in served) if x is not None]
        return Reply(200, formats.article_set(articles)), len(articles)
