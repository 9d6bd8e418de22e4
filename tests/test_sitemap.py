"""Sitemaps: recognised by name or root element, parsed safely, indexes expanded once."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest

from refcheck.errors import InputError
from refcheck.models import PageError
from refcheck.sitemap import (
    SITEMAP_NS,
    expand_sitemap,
    gunzip_capped,
    is_sitemap_content,
    is_sitemap_name,
    may_be_sitemap,
    parse_sitemap,
)


def urlset(*locs: str, ns: str = SITEMAP_NS) -> bytes:
    body = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?>\n<urlset xmlns="{ns}">{body}</urlset>'.encode()


def index(*locs: str) -> bytes:
    body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<sitemapindex xmlns="{SITEMAP_NS}">{body}</sitemapindex>'.encode()


def loader(docs: dict[str, bytes], calls: list[str]) -> Callable[[str], bytes]:
    def load(source: str) -> bytes:
        calls.append(source)
        if source not in docs:
            raise InputError(f"{source}: HTTP 404 Not Found")
        return docs[source]

    return load


JATS = b"""<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving DTD v1.2//EN" "x.dtd">
<article><front><article-meta><title-group><article-title>urlset sitemapindex</article-title>
</title-group></article-meta></front>
<back><ref-list><ref>PMID 1</ref></ref-list></back></article>"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sitemap.xml", True),
        ("https://x.org/sitemap_index.xml", True),
        ("https://x.org/sitemaps/pages-2.xml.gz", True),
        ("dir/Sitemap-news.XML", True),
        ("article.xml", False),
        ("https://x.org/page.html", False),
        ("https://x.org/sitemap.xml.html", False),
    ],
)
def test_sitemap_names(name: str, expected: bool) -> None:
    assert is_sitemap_name(name) is expected


def test_content_sniffing_looks_only_at_the_root_element() -> None:
    assert is_sitemap_content(urlset("https://a/1"))
    assert is_sitemap_content(b"\xef\xbb\xbf<!-- hi -->\n" + index("https://a/s.xml"))
    assert is_sitemap_content(gzip.compress(urlset("https://a/1")))
    assert is_sitemap_content(b'<sm:urlset xmlns:sm="' + SITEMAP_NS.encode() + b'"/>')
    assert not is_sitemap_content(JATS)
    assert not is_sitemap_content(b"<html><body>urlset</body></html>")
    assert may_be_sitemap("article.xml") and may_be_sitemap("x.gz")


def test_locs_are_trimmed_deduplicated_and_extension_tags_ignored() -> None:
    data = (
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        "<url><loc>\n  https://a/1  \n</loc><image:image><image:loc>https://a/i.png</image:loc>"
        "</image:image></url><url><loc>https://a/2</loc></url><url><loc>https://a/1</loc></url>"
        "<url><loc>   </loc></url></urlset>"
    ).encode()
    sitemap = parse_sitemap(data, "s.xml")
    assert not sitemap.is_index
    assert sitemap.locs == ("https://a/1", "https://a/2")


def test_sitemap_without_namespace_is_accepted() -> None:
    assert parse_sitemap(urlset("https://a/1", ns=""), "s.xml").locs == ("https://a/1",)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<urlset><url><loc>https://a/1</loc></url>", "not a valid sitemap"),
        (b"", "not a valid sitemap"),
        (JATS, "not a sitemap (root element <article>)"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
        (gzip.compress(urlset("https://a/1"))[:-12], "truncated gzip"),
    ],
)
def test_bad_sitemaps_raise_one_line_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_sitemap(data, "s.xml")
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_entities_are_refused_not_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="' + SITEMAP_NS.encode() + b'"><url><loc>&x;</loc></url></urlset>'
    )
    with pytest.raises(InputError, match="entities"):
        parse_sitemap(data, "s.xml")


def test_gzip_bomb_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"<" + b" " * (5 * 1024 * 1024))  # 5 MB of spaces, ~5 KB on the wire
    assert len(bomb) < 20_000
    with pytest.raises(InputError, match="once decompressed"):
        gunzip_capped(bomb, "bomb.xml.gz", cap=1024 * 1024)
    assert gunzip_capped(b"plain", "x") == b"plain"


def test_index_is_expanded_depth_first_in_order_each_sitemap_once() -> None:
    docs = {
        "https://a/sitemap.xml": index(
            "https://a/s1.xml", "https://a/s2.xml.gz", "https://a/s1.xml"
        ),
        "https://a/s1.xml": urlset("https://a/p1", "https://a/p2"),
        "https://a/s2.xml.gz": gzip.compress(urlset("https://a/p2", "https://a/p3")),
    }
    calls: list[str] = []
    out = list(expand_sitemap("https://a/sitemap.xml", loader(docs, calls)))
    assert out == ["https://a/p1", "https://a/p2", "https://a/p3"]
    assert calls == ["https://a/sitemap.xml", "https://a/s1.xml", "https://a/s2.xml.gz"]


def test_index_loop_is_safe_and_missing_child_is_one_error() -> None:
    docs = {
        "https://a/a.xml": index("https://a/b.xml", "https://a/gone.xml"),
        "https://a/b.xml": index("https://a/a.xml", "https://a/c.xml"),
        "https://a/c.xml": urlset("https://a/p"),
    }
    calls: list[str] = []
    out = list(expand_sitemap("https://a/a.xml", loader(docs, calls)))
    assert out[0] == "https://a/p"
    assert isinstance(out[1], PageError) and "404" in out[1].message
    assert len(calls) == len(set(calls)) == 4


def test_nesting_deeper_than_the_limit_is_reported() -> None:
    docs = {f"https://a/{i}.xml": index(f"https://a/{i + 1}.xml") for i in range(6)}
    out = list(expand_sitemap("https://a/0.xml", loader(docs, []), max_depth=3))
    assert len(out) == 1 and isinstance(out[0], PageError)
    assert "deeper than 3" in out[0].message


def test_relative_locs_resolve_against_the_sitemap() -> None:
    docs = {"https://a/x/sitemap.xml": urlset("/p1", "p2")}
    assert list(expand_sitemap("https://a/x/sitemap.xml", loader(docs, []))) == [
        "https://a/p1",
        "https://a/x/p2",
    ]


def test_a_web_sitemap_cannot_make_refcheck_open_a_local_file() -> None:
    """`<loc>file:///etc/passwd</loc>` in a sitemap on the web was read as a local path."""
    docs = {
        "https://a/sitemap.xml": urlset("file:///etc/passwd", "javascript:alert(1)", "/p1"),
        "https://a/index.xml": index("file:///tmp/local-sitemap.xml"),
    }
    out = list(expand_sitemap("https://a/sitemap.xml", loader(docs, [])))
    assert [o.source if isinstance(o, PageError) else o for o in out] == [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://a/p1",
    ]
    assert all("not an http(s) URL" in o.message for o in out if isinstance(o, PageError))
    calls: list[str] = []
    (error,) = expand_sitemap("https://a/index.xml", loader(docs, calls))
    assert isinstance(error, PageError) and calls == ["https://a/index.xml"]
