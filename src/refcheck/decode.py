"""Bytes -> text, and what kind of document the text is (pure).

Pages arrive with wrong, missing or conflicting charset declarations; the
order of evidence here is: byte-order mark, then the HTTP header, then an
in-document declaration, then strict UTF-8, then Windows-1252 (what browsers
assume for legacy Western pages). Binary files are refused rather than decoded
into noise that could yield false PMIDs.
"""

from __future__ import annotations

import codecs
import hashlib
import re

from refcheck.errors import InputError
from refcheck.models import PageKind

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FIRST_BYTES = bytes({bom[0] for bom, _ in _BOMS})
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"MZ",
    b"BZh",
    b"\xfd7zXZ",
)


def _known_codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def _looks_binary(head: bytes) -> bool:
    """`head`: the first 8 KiB."""
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return bool(head) and controls / len(head) > 0.1


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of ASCII text."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None, *, source: str = "input") -> str:
    """Decode a page; raise InputError for binary content."""
    if data[:1] in _BOM_FIRST_BYTES:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                return data[len(bom) :].decode(codec, errors="replace")
    head = data[:8192]
    if b"\x00" in head and (utf16 := _utf16_without_bom(data)):
        return data.decode(utf16, errors="replace")
    if _looks_binary(head):
        raise InputError(f"{source}: binary file, not a text or HTML page")
    if data.isascii():
        # the same text under every ASCII-compatible charset a page may declare (browsers
        # ignore UTF-7 and EBCDIC declarations too), so no need to look for one
        return data.decode("ascii")
    head = data[:4096]
    for candidate in (
        _known_codec(declared),
        _known_codec(_first_group(_XML_ENCODING, head)),
        _known_codec(_first_group(_META_CHARSET, head)),
    ):
        if candidate and not candidate.startswith(("utf-16", "utf-32")):
            try:
                return data.decode(candidate)
            except UnicodeDecodeError:
                break  # a lying declaration: fall through to the evidence of the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def bytes_digest(data: bytes, declared: str | None = None) -> str:
    """What `decode_bytes(data, declared)` depends on, as a digest (see Page.digest)."""
    digest = hashlib.sha256(f"{declared or ''}\0".encode("utf-8", "replace"))
    digest.update(data)
    return digest.hexdigest()


def _first_group(pattern: re.Pattern[bytes], data: bytes) -> bytes | None:
    m = pattern.search(data)
    return m.group(1) if m else None


_EXT_KIND = {
    ".html": PageKind.HTML,
    ".htm": PageKind.HTML,
    ".xhtml": PageKind.HTML,
    ".md": PageKind.MARKDOWN,
    ".markdown": PageKind.MARKDOWN,
    ".txt": PageKind.TEXT,
    ".text": PageKind.TEXT,
    ".wiki": PageKind.TEXT,  # MediaWiki source (refcheck.extract.wikitext)
    ".wikitext": PageKind.TEXT,
    ".mediawiki": PageKind.TEXT,
    ".nxml": PageKind.JATS,
    # bibliographic files read by their tags (refcheck.extract.tagged); UniProt's and Web
    # of Science's are .txt
    ".gb": PageKind.TEXT,  # GenBank
    ".gbk": PageKind.TEXT,
    ".nbib": PageKind.TEXT,  # MEDLINE, as PubMed exports citations
}
# names that are pages whatever else they hold (a sitemap's name ends in .xml or .gz)
PAGE_ONLY_SUFFIXES = tuple(_EXT_KIND)
PAGE_SUFFIXES = frozenset((*PAGE_ONLY_SUFFIXES, ".xml"))


def file_suffix(path: str) -> str:
    """The lower-cased extension of the last path component, as os.path.splitext gives it
    (a leading dot is not an extension), in a third of its time."""
    name = path[max(path.rfind("/"), path.rfind("\\")) + 1 :]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 and name[:dot].strip(".") else ""


def detect_kind(name: str, text: str, content_type: str | None = None) -> PageKind:
    """Decide how to read a page: by content type, then extension, then content."""
    if content_type:
        ct = content_type.split(";")[0].strip().lower()
        if ct in ("text/html", "application/xhtml+xml"):
            return PageKind.HTML
        if ct in ("text/markdown", "text/x-markdown"):
            return PageKind.MARKDOWN
    suffix = file_suffix(name.split("?")[0])
    if suffix in _EXT_KIND:
        return _EXT_KIND[suffix]
    head = text[:2048].lstrip().lower()
    if "<article" in head and ("jats" in head or "<front" in text[:20000]):
        return PageKind.JATS
    # before the HTML test: a JATS article has a <body> too (one without <front> was read
    # as HTML, which finds no <pub-id>: "no PubMed citations found")
    if suffix == ".xml" and "<ref-list" in text:
        return PageKind.JATS
    if "<pubmedarticleset" in head:  # efetch XML: the records' <ReferenceList>s (was TEXT)
        return PageKind.JATS
    if head.startswith(("<!doctype html", "<html")) or "<body" in head or "<div" in head:
        return PageKind.HTML
    if name.startswith(("http://", "https://")):
        return PageKind.HTML
    return PageKind.TEXT
