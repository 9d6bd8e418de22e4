"""A hardened lxml front door for every XML byte refcheck reads.

E-utilities replies, cached payloads and PubMed baseline files are all XML
from outside the process. They are parsed with entity resolution, DTD loading
and network access switched off, and with libxml2's "huge tree" limits kept,
so a hostile or corrupt body can neither read local files (XXE), reach the
network, nor blow up memory (billion laughs). A document that declares its own
entities is refused outright: PubMed never does that, so one that does is not
a PubMed reply.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from refcheck.errors import EutilsParseError

_SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "dtd_validation": False,
}


def make_parser() -> etree.XMLParser:
    """A fresh safe parser (lxml parsers must not be shared between threads)."""
    return etree.XMLParser(**_SAFE_OPTIONS)


def _short(exc: BaseException) -> str:
    """The first line of a libxml2 message, bounded, for one-line errors."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _refuse_entities(tree: etree._ElementTree) -> None:
    dtd = tree.docinfo.internalDTD
    # lxml-stubs lacks DTD.iterentities; the method exists since lxml 2.
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
        raise EutilsParseError("XML declares its own entities; refused")


def parse_xml(data: bytes) -> etree._Element:
    """Parse a whole document safely; raise EutilsParseError if it is not usable XML."""
    if not data or not data.strip():
        raise EutilsParseError("empty body")
    try:
        root = etree.fromstring(data, make_parser())
    except etree.XMLSyntaxError as exc:
        raise EutilsParseError(f"invalid XML: {_short(exc)}") from None
    if root is None:
        raise EutilsParseError("invalid XML: no root element")
    _refuse_entities(root.getroottree())
    return root


def iterparse_safe(
    source: str | IO[bytes],
    *,
    events: tuple[str, ...] = ("end",),
    tag: str | tuple[str, ...] | None = None,
) -> Iterator[tuple[str, etree._Element]]:
    """Stream (event, element) pairs from a file or path with the same protections.

    For the mirror importer: callers should `elem.clear()` what they are done
    with. Errors anywhere in the stream surface as EutilsParseError.
    """
    kwargs: dict[str, Any] = dict(_SAFE_OPTIONS)
    kwargs.pop("dtd_validation")
    context = etree.iterparse(source, events=events, tag=tag, **kwargs)
    checked = False
    try:
        for event, elem in context:
            if not checked:
                _refuse_entities(elem.getroottree())
                checked = True
            yield event, elem
    except etree.XMLSyntaxError as exc:
        raise EutilsParseError(f"invalid XML: {_short(exc)}") from None
