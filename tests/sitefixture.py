"""A small clinic web site on 127.0.0.1, for tests of sitemap audits.

Usage::

    from sitefixture import Ref, SiteServer, make_site

    refs = [Ref("18349204", "Eichenberger U", 2008, "Anesthesia & Analgesia"), ...]
    with SiteServer(make_site(refs)) as site:
        pages = list(iter_pages([site.sitemap_url]))
        site.counts["/conditions/page-01.html"]   # how often a path was requested
        site.max_in_flight                        # most requests served at once
        site.set_page("/conditions/page-01.html", new_html)   # change it between runs

`make_site(refs)` builds 42 pages (`/conditions/page-01.html` ...) in the style
of the clinic pages refcheck was made for: prose, then a "References" `<ol>`
whose entries read `Surname AB et al. 2008, Journal Name Note. (PMID N)`.
Each page cites 2-4 of the caller's refs, chosen round-robin, so with the
refs' facts the caller knows exactly what every page claims (`cited(site)`).

`SiteServer(pages)` serves them (threaded, port 0) plus, unless told otherwise:

* `/sitemap.xml`, a sitemap index -> `/sitemaps/pages-1.xml` and the gzipped
  `/sitemaps/pages-2.xml.gz`, listing every page and the special paths below;
* `/conditions/missing.html` -> 404;
* `/conditions/moved.html` -> 301 to the first page;
* `/conditions/loop-a.html` <-> `/conditions/loop-b.html`, a redirect loop;
* every 10th page answering after 0.3 s (`slow=`);
* gzip-encoded bodies when the client sends `Accept-Encoding: gzip`.

Faults are injectable: `fail_first={path: n}` answers 503 (with
`Retry-After: 0`) n times before serving; `delays={path: seconds}`;
`extra={path: (bytes, content_type)}` serves any raw resource (a custom sitemap).
"""

from __future__ import annotations

import gzip
import html
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import NamedTuple

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MISSING = "/conditions/missing.html"
MOVED = "/conditions/moved.html"
LOOP_A = "/conditions/loop-a.html"
LOOP_B = "/conditions/loop-b.html"
SLOW_DELAY = 0.3


class Ref(NamedTuple):
    """One reference a page cites: what the page claims about PMID `pmid`."""

    pmid: str
    author: str  # first author as the page writes it: "Eichenberger U"
    year: int
    journal: str
    note: str = "Study of treatment outcomes."


def page_path(n: int) -> str:
    return f"/conditions/page-{n:02d}.html"


def _refs_for(n: int, refs: Sequence[Ref]) -> list[Ref]:
    count = 2 + n % 3  # 2, 3 or 4 references
    start = (n * 3) % len(refs)
    picked = [refs[(start + i) % len(refs)] for i in range(min(count, len(refs)))]
    return list(dict.fromkeys(picked))


def render_page(title: str, refs: Sequence[Ref]) -> str:
    """One clinic page citing `refs` in a numbered References list."""
    items = "\n".join(
        f"    <li>{html.escape(r.author)} et al. {r.year}, {html.escape(r.journal)} "
        f"{html.escape(r.note)} (PMID {r.pmid})</li>"
        for r in refs
    )
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title></head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        "<p>What is it? A chronic condition; treatment combines medication and therapy.</p>\n"
        "<h2>References</h2>\n<ol>\n"
        f"{items}\n</ol>\n"
        "<p>Last reviewed by the clinical team. This page is educational.</p>\n"
        "</main>\n</body></html>\n"
    )


def make_site(refs: Sequence[Ref | tuple[str, str, int, str]], n_pages: int = 42) -> dict[str, str]:
    """`{path: html}` for `n_pages` clinic pages, each citing 2-4 of `refs` (round-robin)."""
    entries = [r if isinstance(r, Ref) else Ref(*r) for r in refs]
    if not entries:
        raise ValueError("make_site needs at least one Ref")
    return {
        page_path(n): render_page(f"Condition {n:02d}", _refs_for(n, entries))
        for n in range(1, n_pages + 1)
    }


def cited(pages: Mapping[str, str]) -> dict[str, list[str]]:
    """`{path: [pmid, ...]}` as written on each page (for assertions)."""
    import re

    return {p: re.findall(r"\(PMID (\d+)\)", text) for p, text in pages.items()}


def _sitemap(urls: Sequence[str], index: bool = False) -> bytes:
    tag, entry = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(f"  <{entry}>\n    <loc> {html.escape(u)} </loc>\n  </{entry}>\n" for u in urls)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} xmlns="{SITEMAP_NS}">\n{body}</{tag}>\n'
    return xml.encode()


@dataclass
class _Resource:
    body: bytes
    content_type: str
    status: int = 200
    location: str | None = None


class SiteServer:
    """A threaded HTTP server for one generated site; see the module docstring."""

    def __init__(
        self,
        pages: Mapping[str, str],
        *,
        specials: bool = True,
        sitemap: bool = True,
        slow: Sequence[str] | None = None,
        delays: Mapping[str, float] | None = None,
        fail_first: Mapping[str, int] | None = None,
        extra: Mapping[str, tuple[bytes, str]] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._pages = dict(pages)
        self._specials = specials
        self._with_sitemap = sitemap
        slow_paths = list(pages)[9::10] if slow is None else list(slow)
        self.delays: dict[str, float] = {p: SLOW_DELAY for p in slow_paths}
        self.delays.update(delays or {})
        self._fail_left = dict(fail_first or {})
        self._extra = dict(extra or {})
        self.counts: Counter[str] = Counter()
        self.requests: list[str] = []  # paths, in arrival order
        self.user_agents: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # ------------------------------------------------------------------ public

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def sitemap_url(self) -> str:
        return self.url("/sitemap.xml")

    @property
    def listed_paths(self) -> list[str]:
        """Every path the sitemaps list, in sitemap order."""
        extra = [MOVED, MISSING, LOOP_A] if self._specials else []
        return [*self._pages, *extra]

    def set_page(self, path: str, text: str) -> None:
        """Replace (or add) one page's HTML, e.g. between two audit runs."""
        with self._lock:
            self._pages[path] = text

    def reset_log(self) -> None:
        with self._lock:
            self.counts.clear()
            self.requests.clear()
            self.max_in_flight = 0

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ serving

    def _sitemaps(self) -> dict[str, _Resource]:
        urls = [self.url(p) for p in self.listed_paths]
        half = len(urls) // 2
        return {
            "/sitemap.xml": _Resource(
                _sitemap(
                    [self.url("/sitemaps/pages-1.xml"), self.url("/sitemaps/pages-2.xml.gz")],
                    index=True,
                ),
                "application/xml",
            ),
            "/sitemaps/pages-1.xml": _Resource(_sitemap(urls[:half]), "application/xml"),
            "/sitemaps/pages-2.xml.gz": _Resource(
                gzip.compress(_sitemap(urls[half:])), "application/gzip"
            ),
        }

    def _resolve(self, path: str) -> _Resource:
        with self._lock:
            left = self._fail_left.get(path, 0)
            if left:
                self._fail_left[path] = left - 1
                return _Resource(b"busy", "text/plain", status=503)
            page = self._pages.get(path)
        if path in self._extra:
            body, ctype = self._extra[path]
            return _Resource(body, ctype)
        if page is not None:
            return _Resource(page.encode(), "text/html; charset=utf-8")
        if self._with_sitemap and path in (sitemaps := self._sitemaps()):
            return sitemaps[path]
        if self._specials:
            first = next(iter(self._pages), "/")
            redirects = {MOVED: first, LOOP_A: LOOP_B, LOOP_B: LOOP_A}
            if path in redirects:
                return _Resource(b"", "text/plain", status=301, location=redirects[path])
        return _Resource(b"<h1>Not found</h1>", "text/html", status=404)

    def _enter(self, path: str, agent: str) -> None:
        with self._lock:
            self.counts[path] += 1
            self.requests.append(path)
            self.user_agents.add(agent)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else delayed ACKs add 40 ms per request

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                site._enter(path, self.headers.get("User-Agent", ""))
                try:
                    delay = site.delays.get(path, 0.0)
                    if delay:
                        threading.Event().wait(delay)
                    self._send(site._resolve(path))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to tell it
                finally:
                    site._leave()

            def _send(self, res: _Resource) -> None:
                body = res.body
                self.send_response(res.status)
                self.send_header("Content-Type", res.content_type)
                if res.location:
                    self.send_header("Location", res.location)
                if res.status == 503:
                    self.send_header("Retry-After", "0")
                accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
                if accepts_gzip and body and res.content_type != "application/gzip":
                    body = gzip.compress(body)
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean; the request log is on the site

        return Handler


def free_port() -> int:
    """A port nothing listens on (bound, then released), for 'connection refused'."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def iter_paths(urls: Sequence[str], base: str) -> Iterator[str]:
    """The paths of `urls` on `base` (drops the scheme and host)."""
    for u in urls:
        yield u[len(base) :] if u.startswith(base) else u
