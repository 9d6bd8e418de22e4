"""Read what the user named (files, directories, URLs, stdin) into Pages.

Each input that cannot be read becomes a PageError with a one-line message and
the run goes on; nothing here raises past `iter_pages`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from refcheck import __version__
from refcheck.decode import PAGE_SUFFIXES, decode_bytes, detect_kind
from refcheck.errors import InputError
from refcheck.models import Page, PageError

MAX_PAGE_BYTES = 64 * 1024 * 1024
USER_AGENT = f"refcheck/{__version__} (citation checker; +https://pypi.org/project/pubmed-refcheck/)"


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = MAX_PAGE_BYTES
    timeout: float = 20.0
    max_redirects: int = 5


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | PageError]:
    """Files and URLs as given; directories walked recursively for page files.

    Symlinked directories are not followed, so a symlink loop cannot trap the walk.
    """
    for item in inputs:
        if item == "-" or is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path, followlinks=False, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in PAGE_SUFFIXES and not name.startswith("."):
                        found = True
                        yield str(Path(root) / name)
            if not found:
                yield PageError(item, f"{item}: no pages (.html, .md, .txt, .xml) in this directory")
        elif path.exists() or path.is_symlink():
            yield item
        else:
            yield PageError(item, f"{item}: no such file or directory")


def read_file(path: str, options: ReadOptions) -> Page:
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(f"{path}: not a regular file")
        size = p.stat().st_size
        if size > options.max_bytes:
            raise InputError(
                f"{path}: {size // (1024 * 1024)} MB is larger than the "
                f"{options.max_bytes // (1024 * 1024)} MB page limit"
            )
        data = p.read_bytes()
    except InputError:
        raise
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    text = decode_bytes(data, source=path)
    return Page(source=path, text=text, kind=detect_kind(path, text))


def read_stdin(options: ReadOptions) -> Page:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("stdin: larger than the page limit")
    text = decode_bytes(data, source="stdin")
    return Page(source="-", text=text, kind=detect_kind("stdin", text))


def http_client(options: ReadOptions) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=options.timeout,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


def fetch_url(url: str, client: httpx.Client, options: ReadOptions) -> Page:
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"{url}: HTTP {response.status_code}")
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > options.max_bytes:
                    raise InputError(f"{url}: larger than the page limit")
                chunks.append(chunk)
            data = b"".join(chunks)
            content_type = response.headers.get("content-type")
            charset = response.charset_encoding
            final_url = str(response.url)
    except InputError:
        raise
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: too many redirects") from None
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out") from None
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({type(exc).__name__})") from None
    text = decode_bytes(data, charset, source=url)
    return Page(source=url, text=text, kind=detect_kind(final_url, text, content_type), url=final_url)


def iter_pages(
    inputs: Iterable[str],
    options: ReadOptions | None = None,
    *,
    client_factory: Callable[[ReadOptions], httpx.Client] = http_client,
) -> Iterator[Page | PageError]:
    """Yield one Page or PageError per input page, lazily (bounded memory)."""
    options = options or ReadOptions()
    client: httpx.Client | None = None
    try:
        for item in expand_inputs(inputs):
            if isinstance(item, PageError):
                yield item
                continue
            try:
                if item == "-":
                    yield read_stdin(options)
                elif is_url(item):
                    if client is None:
                        client = client_factory(options)
                    yield fetch_url(item, client, options)
                else:
                    yield read_file(item, options)
            except InputError as exc:
                yield PageError(item, str(exc))
    finally:
        if client is not None:
            client.close()
