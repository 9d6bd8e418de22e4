"""Read what the user named (files, directories, globs, URLs, URL lists, sitemaps,
stdin) into Pages.

Each input that cannot be read becomes a PageError with a one-line message and
the run goes on; nothing here raises past `iter_pages`. Inputs are expanded
lazily (a sitemap of 50,000 URLs is never a list of 50,000 pages), fetched on a
bounded thread pool (see `refcheck.fetch` and `refcheck.ordered`), and yielded in
input order so two runs over the same site produce the same report. The HTTP side
(httpx, the fetcher) is imported when the first web input needs it: checking local
files, as a spot check of one page does, never loads it.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from refcheck import __version__
from refcheck.decode import (
    PAGE_ONLY_SUFFIXES,
    PAGE_SUFFIXES,
    bytes_digest,
    decode_bytes,
    detect_kind,
    file_suffix,
)
from refcheck.errors import ConfigError, InputError
from refcheck.models import Page, PageError
from refcheck.ordered import Ready, map_in_order
from refcheck.sitemap import (
    MAX_DEPTH,
    MAX_SITEMAP_BYTES,
    expand_sitemap,
    is_sitemap_content,
    is_sitemap_name,
    may_be_sitemap,
)

if TYPE_CHECKING:
    import httpx

    from refcheck.fetch import Fetched, Fetcher, FetchPolicy

MAX_PAGE_BYTES = 64 * 1024 * 1024
USER_AGENT = (
    f"refcheck/{__version__} (citation checker; +https://pypi.org/project/pubmed-refcheck/)"
)
_GLOB_MAGIC = re.compile(r"[*?[]")
# Pages fetched ahead of the one being yielded, per worker: results come out in
# input order, so a slow page holds back those after it; a wider window lets
# the other workers keep going meanwhile (at the cost of held pages).
WINDOW_FACTOR = 4

PageOrError = Page | PageError


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read and fetched; every limit exists to keep a nightly run bounded."""

    max_bytes: int = MAX_PAGE_BYTES
    timeout: float = 20.0  # seconds, per request (connect, each read, and the whole body)
    max_redirects: int = 5
    concurrency: int = 8  # page fetches in flight at once, over all hosts
    per_host: int = 4  # ... and per host name
    retries: int = 2  # extra tries on 429 / 5xx / connection failure
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # a longer Retry-After means: give up on that page
    sitemap_max_bytes: int = MAX_SITEMAP_BYTES  # decompressed, per sitemap
    sitemap_depth: int = MAX_DEPTH  # index nesting

    def __post_init__(self) -> None:
        for name in ("concurrency", "per_host", "max_bytes", "sitemap_max_bytes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name.replace('_', '-')} must be at least 1")
        for name in ("retries", "max_redirects", "sitemap_depth"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name.replace('_', '-')} must not be negative")
        if self.timeout <= 0:
            raise ConfigError("timeout must be positive")

    def policy(self) -> FetchPolicy:
        from refcheck.fetch import FetchPolicy

        return FetchPolicy(
            max_bytes=self.max_bytes,
            timeout=self.timeout,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff=self.backoff,
            max_retry_after=self.max_retry_after,
            per_host=self.per_host,
        )


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


# --------------------------------------------------------------------------- local inputs


def _walk(directory: Path, item: str) -> Iterator[str | PageError]:
    """Page files under `directory`, sorted; sitemaps found on the way are not pages."""
    found = False
    for root, dirs, files in os.walk(directory, followlinks=False, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = root if root.endswith(("/", os.sep)) else root + os.sep  # os.path.join's rule
        for name in sorted(files):
            suffix = file_suffix(name)
            if (
                suffix in PAGE_SUFFIXES
                and not name.startswith(".")
                and (suffix != ".xml" or not is_sitemap_name(name))
            ):
                found = True
                yield prefix + name
    if not found:
        yield PageError(item, f"{item}: no pages (.html, .md, .txt, .xml) in this directory")


def _shown(item: str, limit: int = 80) -> str:
    """An input as an error line can hold it: a binary line given as a path is cut short."""
    return item if len(item) <= limit else f"{item[:limit]}... ({len(item)} characters)"


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | PageError]:
    """Files and URLs as given; directories walked recursively; globs expanded.

    Symlinked directories are not followed, so a symlink loop cannot trap the
    walk. A glob (`pages/**/*.html`) is expanded only when no file has that
    literal name; `**` spans directories.
    """
    for item in inputs:
        if item == "-" or is_url(item):
            yield item
            continue
        if not item.strip():  # `refcheck check "$PAGE"` with PAGE unset: not "this folder"
            yield PageError(item, f"{item!r}: an empty input names no file")
            continue
        if "\x00" in item:  # a line of a binary file given to --urls-from
            yield PageError(item, f"{_shown(item)!r}: holds a NUL byte, so names no file")
            continue
        path = Path(item)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except (OSError, ValueError) as exc:  # a name too long, binary given as a path (NUL)
            reason = getattr(exc, "strerror", None) or str(exc)
            yield PageError(item, f"{_shown(item)}: cannot read ({reason})")
            continue
        if is_dir:
            yield from _walk(path, item)
        elif exists:
            yield item
        elif _GLOB_MAGIC.search(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield PageError(item, f"{item}: no files match this pattern")
            for match in matches:
                yield from _walk(Path(match), match) if Path(match).is_dir() else [match]
        else:
            yield PageError(item, f"{item}: no such file or directory")


_URL_LIST_LIMIT = 64 * 1024 * 1024


def read_url_list(path: str) -> Iterator[str | PageError]:
    """Entries of a `--urls-from` file: one URL or path a line; blanks and `#` lines skipped.

    Read as pages are (any text encoding, binary refused): a binary file given by mistake
    is one error, not one per line of garbage taken for a path."""
    try:
        text = decode_bytes(_read_bytes(path, _URL_LIST_LIMIT, "URL list"), source=path)
    except InputError as exc:
        yield PageError(path, f"{exc} (given as the URL list)")
        return
    for line in text.splitlines():
        entry = line.strip().lstrip("\ufeff")
        if entry and not entry.startswith("#"):
            yield entry


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(path: str, limit: int, what: str = "page") -> bytes:
    # Plain os calls (no pathlib, no buffered file object): a re-check of a big site is
    # mostly this function. O_NONBLOCK so a FIFO is refused instead of blocking the run.
    try:
        fd = os.open(path, _OPEN_FLAGS)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{path}: not a regular file")
            if st.st_size > limit:
                raise InputError(
                    f"{path}: {st.st_size // (1024 * 1024)} MB is larger than the "
                    f"{limit // (1024 * 1024)} MB {what} limit"
                )
            # the whole file in one read, the usual case; on to its end only if it grew
            # since fstat or the read came back short (some special filesystems)
            chunks = [os.read(fd, st.st_size + 1)]
            size = len(chunks[0])
            while size != st.st_size and size <= limit and (chunk := os.read(fd, 1 << 16)):
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:  # the file grew while being read
                raise InputError(
                    f"{path}: larger than the {limit // (1024 * 1024)} MB {what} limit"
                )
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        finally:
            os.close(fd)
    except InputError:
        raise
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None


def read_file(path: str, options: ReadOptions) -> Page:
    data = _read_bytes(path, options.max_bytes)
    text = decode_bytes(data, source=path)
    return Page(path, text, detect_kind(path, text), digest=bytes_digest(data))


def read_stdin(options: ReadOptions) -> Page:
    if sys.stdin is None:  # started with stdin closed (`<&-`)
        raise InputError("stdin: closed, nothing to read")
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("stdin: larger than the page limit")
    text = decode_bytes(data, source="stdin")
    return Page("-", text, detect_kind("stdin", text), digest=bytes_digest(data))


# --------------------------------------------------------------------------- web inputs


def http_client(options: ReadOptions) -> httpx.Client:
    """One shared client; the pool is sized for every worker plus the sitemap reader."""
    import httpx

    return httpx.Client(
        follow_redirects=False,  # the Fetcher follows them, to name loops and count hops
        timeout=options.timeout,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(
            max_connections=options.concurrency + 2,
            max_keepalive_connections=options.concurrency + 2,
        ),
    )


def _page_from(fetched: Fetched, source: str) -> Page:
    text = decode_bytes(fetched.data, fetched.charset, source=source)
    kind = detect_kind(fetched.final_url, text, fetched.content_type)
    digest = bytes_digest(fetched.data, fetched.charset)
    return Page(source, text, kind, url=fetched.final_url, digest=digest)


class _Web:
    """The run's one HTTP client and Fetcher, created on first use, closed at the end."""

    def __init__(
        self, options: ReadOptions, client_factory: Callable[[ReadOptions], httpx.Client]
    ) -> None:
        self._options = options
        self._factory = client_factory
        self._client: httpx.Client | None = None
        self._fetcher: Fetcher | None = None
        self._lock = threading.Lock()

    @property
    def fetcher(self) -> Fetcher:
        with self._lock:
            if self._fetcher is None:
                from refcheck.fetch import Fetcher

                self._client = self._factory(self._options)
                self._fetcher = Fetcher(self._client, self._options.policy())
            return self._fetcher

    def load(self, source: str) -> bytes:
        """Bytes of a sitemap, from the web or the disk, under the sitemap size cap."""
        cap = self._options.sitemap_max_bytes
        if is_url(source):
            return self.fetcher.get(source, max_bytes=cap).data
        return _read_bytes(source, cap, "sitemap")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


# --------------------------------------------------------------------------- filters


@lru_cache(maxsize=256)
def _pattern(glob_pattern: str) -> re.Pattern[str]:
    """A glob as a regex: `*` and `**` match anything (slashes too), `**/` zero or more dirs."""
    out: list[str] = []
    i = 0
    while i < len(glob_pattern):
        c = glob_pattern[i]
        if glob_pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[" and (end := glob_pattern.find("]", i + 2)) != -1:
            body = glob_pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@dataclass(frozen=True)
class PageFilter:
    """`--include` / `--exclude`: glob patterns on a page's path or URL; exclude wins.

    A pattern matches the whole source (`https://site/*/drafts/*`,
    `pages/**/*.html`), a URL's path (`/conditions/*`) or the file name
    (`draft-*.html`). Filters pick pages, never sitemaps or URL lists.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for flag, patterns in (("--include", self.include), ("--exclude", self.exclude)):
            for glob_pattern in patterns:
                try:
                    _pattern(glob_pattern)
                except re.error as exc:  # `[z-a]`
                    raise ConfigError(
                        f"{flag} {glob_pattern!r} is not a valid pattern ({exc})"
                    ) from None

    def allows(self, source: str) -> bool:
        if not self.include and not self.exclude:
            return True
        candidates = [source, PurePosixPath(source.split("?")[0]).name]
        if is_url(source):
            candidates.append(_url_path(source))
        else:
            candidates.append(Path(source).as_posix())

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(_pattern(p).match(c) for p in patterns for c in candidates)

        if self.exclude and hit(self.exclude):
            return False
        return not self.include or hit(self.include)


def _url_path(url: str) -> str:
    try:
        return urlsplit(url).path or "/"
    except ValueError:  # a malformed URL; the fetcher reports it
        return url


# --------------------------------------------------------------------------- the run

_Work = str | Ready[PageOrError]


class _Expander:
    """Turns inputs into page sources to read (str) or results already at hand (Ready)."""

    def __init__(self, web: _Web, options: ReadOptions, page_filter: PageFilter) -> None:
        self._web = web
        self._options = options
        self._filter = page_filter
        self._seen: set[str] = set()
        self._files_seen: set[tuple[int, int, str]] = set()
        self._sitemaps_seen: set[str] = set()

    def expand(self, items: Iterable[str | PageError]) -> Iterator[_Work]:
        for item in items:
            if isinstance(item, PageError):
                yield Ready(item)
            elif item == "-":
                yield from self._page(item)
            elif is_url(item):
                yield from self._url(item)
            else:
                yield from self._local(item)

    def _page(self, source: str) -> Iterator[_Work]:
        if source in self._seen or not self._filter.allows(source):
            return
        self._seen.add(source)
        same = _file_identity(source)
        if same is not None:  # the same file under another name: read once, first name kept
            if same in self._files_seen:
                return
            self._files_seen.add(same)
        yield source

    def _sitemap(self, source: str, first: bytes | None = None) -> Iterator[_Work]:
        def load(target: str) -> bytes:
            return first if first is not None and target == source else self._web.load(target)

        for entry in expand_sitemap(
            source,
            load,
            max_depth=self._options.sitemap_depth,
            seen_sitemaps=self._sitemaps_seen,
        ):
            if isinstance(entry, PageError):
                yield Ready(entry)
            else:
                yield from self._page(entry)

    def _url(self, url: str) -> Iterator[_Work]:
        if is_sitemap_name(url):
            yield from self._sitemap(url)
            return
        if not may_be_sitemap(url) or url in self._seen:
            yield from self._page(url)
            return
        # An .xml URL may be a sitemap or a JATS article: only its content tells.
        try:
            fetched = self._web.fetcher.get(url, max_bytes=self._options.sitemap_max_bytes)
        except InputError as exc:
            if self._filter.allows(url):
                yield Ready(PageError(url, str(exc)))
            return
        if is_sitemap_content(fetched.data):
            yield from self._sitemap(url, fetched.data)
        elif self._filter.allows(url):
            self._seen.add(url)
            yield Ready(_as_result(url, lambda: self._checked_page(fetched, url)))

    def _checked_page(self, fetched: Fetched, url: str) -> Page:
        if len(fetched.data) > self._options.max_bytes:
            raise InputError(f"{url}: larger than the page limit")
        return _page_from(fetched, url)

    def _local(self, path: str) -> Iterator[_Work]:
        if path.endswith(PAGE_ONLY_SUFFIXES):  # most of a site: neither name can be a sitemap
            yield from self._page(path)
        elif is_sitemap_name(path) or (may_be_sitemap(path) and _sniff_file(path)):
            yield from self._sitemap(path)
        else:
            yield from self._page(path)


def _file_identity(source: str) -> tuple[int, int, str] | None:
    """A local file's device and inode: `a.html`, `./a.html`, a symlink to it and a folder's
    walk reaching it name one page, which was checked (and counted) once for each name.

    Hard links are the exception: two names in a site's tree (a deduplicated deploy, a
    `cp -al` snapshot) are two pages of the site, each with its own report and history, so
    a file with more than one link is told apart by its resolved path as well.
    """
    if source == "-" or is_url(source):
        return None
    try:
        st = os.stat(source)
    except (OSError, ValueError):
        return None  # read_file reports it
    if not st.st_ino:
        return None  # no inode numbers: names only
    where = os.path.normcase(os.path.realpath(source)) if st.st_nlink > 1 else ""
    return (st.st_dev, st.st_ino, where)


def _sniff_file(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return is_sitemap_content(handle.read(8192))
    except OSError:
        return False  # read_file will report it properly


def _as_result(source: str, read: Callable[[], Page]) -> PageOrError:
    try:
        return read()
    except InputError as exc:
        return PageError(source, str(exc))


def iter_pages(
    inputs: Iterable[str],
    options: ReadOptions | None = None,
    *,
    client_factory: Callable[[ReadOptions], httpx.Client] = http_client,
    urls_from: Sequence[str] = (),
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Iterator[PageOrError]:
    """Yield one Page or PageError per page, lazily, in input order.

    Inputs are files, directories, globs, URLs, sitemaps (URL or file, index or
    not, gzipped or not) and `-` for stdin, then the entries of each
    `urls_from` file. `include` / `exclude` filter pages (see PageFilter).
    Pages are read on `options.concurrency` threads (at most `per_host` per
    host); at most `WINDOW_FACTOR * concurrency` pages are fetched and not yet
    yielded, so memory stays bounded while one slow page does not stall the
    others. Results come in input order (sitemap order for a sitemap), not
    completion order, so reports are stable from run to run. Each page is read
    once, even if named twice.
    """
    options = options or ReadOptions()
    web = _Web(options, client_factory)
    expander = _Expander(web, options, PageFilter(tuple(include), tuple(exclude)))

    def read(source: str) -> PageOrError:
        if source == "-":
            return _as_result(source, lambda: read_stdin(options))
        if is_url(source):
            return _as_result(source, lambda: _page_from(web.fetcher.get(source), source))
        return _as_result(source, lambda: read_file(source, options))

    def listed() -> Iterator[str | PageError]:
        yield from expand_inputs(inputs)
        for path in urls_from:
            yield from expand_inputs_or_errors(read_url_list(path))

    def work() -> Iterator[_Work]:
        # Local files are read here, in order: a thread per file only costs time.
        for item in expander.expand(listed()):
            if type(item) is str and item != "-" and not is_url(item):
                yield Ready(read(item))
            else:
                yield item

    try:
        yield from map_in_order(
            read,
            work(),
            workers=options.concurrency,
            window=WINDOW_FACTOR * options.concurrency,
        )
    finally:
        web.close()


def expand_inputs_or_errors(items: Iterable[str | PageError]) -> Iterator[str | PageError]:
    """`expand_inputs` over a stream that may already hold PageErrors."""
    for item in items:
        if isinstance(item, PageError):
            yield item
        else:
            yield from expand_inputs([item])
