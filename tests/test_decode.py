"""Bytes to text and page kinds: BOMs, charsets, binaries."""

from __future__ import annotations

import pytest

from refcheck.decode import decode_bytes, detect_kind
from refcheck.errors import InputError
from refcheck.models import PageKind

TEXT = "Schütterle G et al. 1978 (PMID 99598)"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),  # undeclared legacy page
        b'<meta charset="iso-8859-1">' + TEXT.encode("latin-1"),
    ],
)
def test_decodes_every_common_encoding(data: bytes) -> None:
    assert TEXT in decode_bytes(data)


def test_http_charset_wins_over_guessing() -> None:
    assert decode_bytes(TEXT.encode("latin-1"), "ISO-8859-1") == TEXT


def test_lying_declaration_falls_back_to_the_bytes() -> None:
    data = b'<meta charset="ascii">' + TEXT.encode("utf-8")
    assert TEXT in decode_bytes(data)


def test_unknown_declared_charset_is_ignored() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), "x-no-such-charset") == TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n...",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"\x7fELF\x02\x01",
        b"ab\x00cd" * 100,
        bytes(range(32)) * 50,
    ],
)
def test_binary_is_refused_with_one_line(data: bytes) -> None:
    with pytest.raises(InputError, match="binary") as info:
        decode_bytes(data, source="x.pdf")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "ctype", "kind"),
    [
        ("a.html", "", None, PageKind.HTML),
        ("a.md", "", None, PageKind.MARKDOWN),
        ("a.txt", "<html>", None, PageKind.TEXT),
        ("a.nxml", "", None, PageKind.JATS),
        ("Malnutrition.wikitext", "<ref>{{cite journal}}</ref>", None, PageKind.TEXT),
        ("a.wiki", "", None, PageKind.TEXT),
        ("noext", "<!DOCTYPE html><html>", None, PageKind.HTML),
        ("https://x.org/page", "hello", "text/html; charset=utf-8", PageKind.HTML),
        ("https://x.org/a.md", "# hi", "text/plain", PageKind.MARKDOWN),
        ("paper.xml", "<article><front></front><back><ref-list>", None, PageKind.JATS),
        # no <front>, a <body>: was read as HTML, which finds no <pub-id>
        ("paper.xml", "<article><body><p>x</p></body><back><ref-list>", None, PageKind.JATS),
        ("noext", "plain words", None, PageKind.TEXT),
        # efetch XML, whose records' <ReferenceList>s cite PMIDs: was TEXT, 0 citations found
        (
            "refs.xml",
            '<?xml version="1.0" ?>\n<PubmedArticleSet><PubmedArticle>',
            None,
            PageKind.JATS,
        ),
    ],
)
def test_detect_kind(name: str, text: str, ctype: str | None, kind: PageKind) -> None:
    assert detect_kind(name, text, ctype) is kind
