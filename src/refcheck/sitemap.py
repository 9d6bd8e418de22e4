"""Sitemaps (sitemaps.org 0.9): recognise them, parse them safely, expand indexes.

The nightly audit starts from a site's sitemap, so a sitemap input stands for
the pages it lists rather than being a page itself. Sitemaps come from outside
the process: XML goes through the hardened parser in `xmlsafe` (no entities,
DTD or network), gzip is inflated under a size cap (a bomb stops at the cap),
and index nesting is bounded in depth and loop-safe (each sitemap is loaded at
most once). Loading bytes is the caller's business (`load`), so this module
does no I/O of its own and is tested with plain bytes.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from refcheck.errors import EutilsParseError, InputError
from refcheck.models import PageError
from refcheck.xmlsafe import parse_xml

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_SITEMAP_BYTES = 100 * 1024 * 1024  # decompressed; the protocol's own limit is 50 MB
MAX_DEPTH = 3  # index -> index -> index -> urlset is as deep as we go
GZIP_MAGIC = b"\x1f\x8b"

_SITEMAP_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*"
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:urlset|sitemapindex)[\s>/]",
    re.DOTALL,
)

Loader = Callable[[str], bytes]


@dataclass(frozen=True)
class Sitemap:
    """One parsed sitemap document: page URLs (urlset) or sitemap URLs (index)."""

    is_index: bool
    locs: tuple[str, ...]


def _name(source: str) -> str:
    path = source.split("?")[0].split("#")[0]
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower()


def is_sitemap_name(source: str) -> bool:
    """`sitemap*.xml`, `sitemap*.xml.gz` or any `*.xml.gz`: a sitemap by its name."""
    name = _name(source)
    return name.endswith(".xml.gz") or (name.startswith("sitemap") and name.endswith(".xml"))


def may_be_sitemap(source: str) -> bool:
    """An `.xml` / `.gz` name that is not obviously a sitemap: look at the content."""
    return _name(source).endswith((".xml", ".gz"))


def gunzip_capped(data: bytes, source: str, cap: int = MAX_SITEMAP_BYTES) -> bytes:
    """Inflate gzip data (if it is gzip) without ever holding more than `cap` bytes."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error:
        raise InputError(f"{source}: not valid gzip data") from None
    if len(out) > cap or inflater.unconsumed_tail:
        raise InputError(f"{source}: more than {cap // (1024 * 1024)} MB once decompressed")
    if not inflater.eof:
        raise InputError(f"{source}: truncated gzip data")
    return out


def is_sitemap_content(data: bytes) -> bool:
    """True if the document's root element is `<urlset>` or `<sitemapindex>`.

    Only the root counts, so a JATS article or any other XML that merely
    mentions a sitemap is never mistaken for one.
    """
    head = data[:8192]
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 8192)
        except zlib.error:
            return False
    return _SITEMAP_ROOT.match(head) is not None


def parse_sitemap(data: bytes, source: str) -> Sitemap:
    """Parse a (possibly gzipped) sitemap or sitemap index; raise InputError in one line.

    `<loc>`s are whitespace-trimmed and taken only from `<url>` / `<sitemap>`
    children in the root's namespace, so extension tags (`<image:loc>`) are ignored.
    """
    data = gunzip_capped(data, source)
    try:
        root = parse_xml(data)
    except EutilsParseError as exc:
        raise InputError(f"{source}: not a valid sitemap ({exc})") from None
    qname = etree.QName(root)
    if qname.localname not in ("urlset", "sitemapindex"):
        raise InputError(f"{source}: not a sitemap (root element <{qname.localname}>)")
    ns = f"{{{qname.namespace}}}" if qname.namespace else ""
    is_index = qname.localname == "sitemapindex"
    entry = "sitemap" if is_index else "url"
    locs = ((loc.text or "").strip() for loc in root.iterfind(f"{ns}{entry}/{ns}loc"))
    return Sitemap(is_index, tuple(dict.fromkeys(loc for loc in locs if loc)))


def _resolve(loc: str, base: str) -> str | None:
    """Sitemaps must hold absolute URLs; be lenient with relative ones. None: a web
    sitemap's entry that is no web URL (`file:///etc/passwd`, `javascript:`), which must
    never make refcheck open a file of the machine it runs on."""
    if loc.startswith(("http://", "https://")):
        return loc
    if base.startswith(("http://", "https://")):
        target = urljoin(base, loc)
        return target if target.startswith(("http://", "https://")) else None
    return str(Path(base).parent / loc)


def expand_sitemap(
    source: str,
    load: Loader,
    *,
    max_depth: int = MAX_DEPTH,
    seen_sitemaps: set[str] | None = None,
) -> Iterator[str | PageError]:
    """Yield the page URLs a sitemap (or index tree) lists, in document order.

    Each sitemap is loaded at most once (a loop or a repeat is skipped), URLs
    are de-duplicated, and an unreadable or invalid sitemap becomes one
    PageError while its siblings are still expanded.
    """
    seen = seen_sitemaps if seen_sitemaps is not None else set()
    pages: set[str] = set()

    def walk(current: str, depth: int) -> Iterator[str | PageError]:
        if current in seen:
            return
        seen.add(current)
        if depth > max_depth:
            yield PageError(current, f"{current}: sitemap nested deeper than {max_depth} levels")
            return
        try:
            sitemap = parse_sitemap(load(current), current)
        except InputError as exc:
            yield PageError(current, str(exc))
            return
        for loc in sitemap.locs:
            target = _resolve(loc, current)
            if target is None:
                yield PageError(loc, f"{loc}: listed by {current}, but not an http(s) URL")
            elif sitemap.is_index:
                yield from walk(target, depth + 1)
            elif target not in pages:
                pages.add(target)
                yield target

    yield from walk(source, 0)
