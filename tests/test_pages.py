"""Reading inputs: every bad input is one PageError, the rest goes on."""

from __future__ import annotations

import gzip
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import cast

import pytest

from refcheck.errors import ConfigError
from refcheck.models import Page, PageError, PageKind
from refcheck.pages import USER_AGENT, WINDOW_FACTOR, ReadOptions, iter_pages
from sitefixture import LOOP_A, MISSING, MOVED, Ref, SiteServer, free_port, make_site


def read(*inputs: str, **opts: int) -> list[Page | PageError]:
    return list(iter_pages(inputs, ReadOptions(**opts)))


def test_directory_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_text("<p>PMID 1</p>")
    (tmp_path / "b" / "c.md").write_text("PMID 2")
    (tmp_path / "b" / "d.wikitext").write_text("<ref>{{cite journal |pmid=4}}</ref>")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("PMID 3")
    pages = read(str(tmp_path))
    assert [Path(p.source).name for p in pages] == ["a.html", "c.md", "d.wikitext"]
    kinds = [p.kind for p in pages if isinstance(p, Page)]
    assert kinds == [PageKind.HTML, PageKind.MARKDOWN, PageKind.TEXT]


@pytest.mark.parametrize(
    ("names", "read_as"),
    [
        (["a.html", "./a.html"], ["a.html"]),
        (["a.html", "link.html"], ["a.html"]),  # a symlink to it
        (["site/../a.html", "a.html"], ["site/../a.html"]),
        (["sub", "sub/b.html"], ["sub/b.html"]),  # a folder and a file in it
        (["./sub/b.html", "sub"], ["./sub/b.html"]),
    ],
)
def test_one_file_named_twice_is_read_once_under_its_first_name(
    names: list[str], read_as: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`refcheck check a.html ./a.html` checked the page twice and counted its problems
    twice; only the very same string given twice was read once."""
    (tmp_path / "site").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text("<p>PMID 1</p>")
    (tmp_path / "sub" / "b.html").write_text("<p>PMID 2</p>")
    (tmp_path / "link.html").symlink_to("a.html")
    monkeypatch.chdir(tmp_path)
    assert [p.source for p in read(*names)] == read_as


def test_hard_links_are_two_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two names of one inode in a site's tree are two pages of the site (a deduplicated
    deploy, a `cp -al` snapshot): the second was dropped from the report and its history."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.html").write_text("<p>PMID 1</p>")
    os.link(tmp_path / "site" / "a.html", tmp_path / "site" / "b.html")
    (tmp_path / "link.html").symlink_to(tmp_path / "site" / "b.html")
    monkeypatch.chdir(tmp_path)
    assert [p.source for p in read("site", "link.html", "./site/a.html")] == [
        "site/a.html",
        "site/b.html",
    ]


def test_bad_inputs_become_one_line_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("PMID 18349204")
    binary = tmp_path / "bin.html"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    pages = read(str(tmp_path / "missing.html"), str(binary), str(big), str(good), max_bytes=1024)
    errors = [p for p in pages if isinstance(p, PageError)]
    assert len(errors) == 3
    assert all("\n" not in e.message for e in errors)
    assert "no such file" in errors[0].message
    assert "binary" in errors[1].message
    assert "page limit" in errors[2].message
    assert isinstance(pages[-1], Page)


def test_inputs_that_name_no_file_are_one_line_each(tmp_path: Path) -> None:
    """An empty input (an unset `$PAGE`) once checked the whole current folder; a name too
    long for the file system, or one with a NUL, ended the run as "internal error"."""
    good = tmp_path / "good.txt"
    good.write_text("PMID 18349204")
    long_name = "a" * 300
    pages = read("", "  ", long_name, "bad\x00name", str(good))
    errors = [p for p in pages if isinstance(p, PageError)]
    assert [e.source for e in errors] == ["", "  ", long_name, "bad\x00name"]
    assert "an empty input names no file" in errors[0].message
    assert errors[2].message.startswith("a" * 80 + "... (300 characters): cannot read (")
    assert "NUL" in errors[3].message
    assert all("\n" not in e.message for e in errors)
    assert isinstance(pages[-1], Page)


def test_stdin_closed_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)  # `refcheck check - <&-`
    (error,) = read("-")
    assert isinstance(error, PageError) and error.message == "stdin: closed, nothing to read"


def test_a_binary_file_given_as_the_url_list_is_one_error(tmp_path: Path) -> None:
    urls = tmp_path / "urls.bin"
    urls.write_bytes(bytes(range(256)) * 40 + b"\n" + b"x" * 400 + b"\n")
    good = tmp_path / "good.txt"
    good.write_text("PMID 18349204")
    pages = list(iter_pages([str(good)], urls_from=[str(urls)]))
    errors = [p for p in pages if isinstance(p, PageError)]
    assert len(errors) == 1 and "binary file" in errors[0].message
    assert "URL list" in errors[0].message
    assert isinstance(pages[0], Page)


def test_a_url_list_in_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("PMID 18349204")
    urls = tmp_path / "urls.txt"
    urls.write_bytes(f"# pages\n{good}\n".encode("utf-16"))
    assert [p.source for p in iter_pages([], urls_from=[str(urls)])] == [str(good)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "secret.html"
    f.write_text("x")
    f.chmod(0)
    (err,) = read(str(f))
    assert isinstance(err, PageError)
    assert "permission denied" in err.message


def test_symlink_loop_does_not_trap_the_walk(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text("PMID 1")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    pages = read(str(tmp_path))
    assert [Path(p.source).name for p in pages if isinstance(p, Page)] == ["p.txt"]
    assert any(isinstance(p, PageError) for p in pages)


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (err,) = read(str(tmp_path))
    assert isinstance(err, PageError)


# --------------------------------------------------------------------------- the web

REFS = [
    Ref("18349204", "Eichenberger U", 2008, "Anesthesia & Analgesia"),
    Ref("27737513", "Alviar MJ", 2016, "Cochrane Database of Systematic Reviews"),
    Ref("30349693", "Hall N", 2018, "British Journal of Pain"),
    Ref("25890110", "Smith AB", 2015, "Pain Medicine"),
    Ref("21123456", "Jones CD", 2011, "Journal of Pain Research"),
]
FAST = {"backoff": 0.01, "timeout": 5.0}
JATS_XML = (
    '<?xml version="1.0"?><article><front><article-meta/></front><back><ref-list>'
    "<ref><pub-id pub-id-type='pmid'>18349204</pub-id></ref></ref-list></back></article>"
)


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer(make_site(REFS)) as server:
        yield server


def web(*inputs: str, **kwargs: object) -> list[Page | PageError]:
    opts = {**FAST, **{k: v for k, v in kwargs.items() if k in ReadOptions.__dataclass_fields__}}
    rest = {k: v for k, v in kwargs.items() if k not in ReadOptions.__dataclass_fields__}
    return list(iter_pages(inputs, ReadOptions(**opts), **rest))  # type: ignore[arg-type]


def test_sitemap_index_yields_every_page_in_sitemap_order(site: SiteServer) -> None:
    out = web(site.sitemap_url)
    assert [p.source for p in out] == [site.url(p) for p in site.listed_paths]
    pages = [p for p in out if isinstance(p, Page)]
    assert len(pages) == 43  # 42 pages + the one reached through the 301
    assert all(p.kind is PageKind.HTML and "(PMID " in p.text for p in pages)
    by_source = {p.source: p for p in out}
    moved = by_source[site.url(MOVED)]
    assert isinstance(moved, Page) and moved.url == site.url("/conditions/page-01.html")
    missing, loop = by_source[site.url(MISSING)], by_source[site.url(LOOP_A)]
    assert isinstance(missing, PageError) and "HTTP 404" in missing.message
    assert isinstance(loop, PageError) and "redirect loop" in loop.message
    for sitemap in ("/sitemap.xml", "/sitemaps/pages-1.xml", "/sitemaps/pages-2.xml.gz"):
        assert site.counts[sitemap] == 1
    assert site.counts["/conditions/page-02.html"] == 1
    assert site.user_agents == {USER_AGENT}


def test_order_is_stable_and_a_changed_page_is_seen_next_run(site: SiteServer) -> None:
    first = web(site.sitemap_url, concurrency=6)
    site.set_page("/conditions/page-07.html", "<p>Changed. (PMID 999)</p>")
    second = web(site.sitemap_url, concurrency=3)
    assert [p.source for p in first] == [p.source for p in second]
    changed = [p for p in second if isinstance(p, Page) and "PMID 999" in p.text]
    assert [p.source for p in changed] == [site.url("/conditions/page-07.html")]


def test_overall_concurrency_bound_is_respected() -> None:
    pages = make_site(REFS, n_pages=16)
    with SiteServer(pages, sitemap=False, delays=dict.fromkeys(pages, 0.05)) as server:
        out = web(*[server.url(p) for p in pages], concurrency=3, per_host=8)
    assert len(out) == 16 and all(isinstance(p, Page) for p in out)
    assert server.max_in_flight == 3


def test_per_host_bound_is_respected() -> None:
    pages = make_site(REFS, n_pages=12)
    with SiteServer(pages, sitemap=False, delays=dict.fromkeys(pages, 0.05)) as server:
        out = web(*[server.url(p) for p in pages], concurrency=8, per_host=2)
    assert all(isinstance(p, Page) for p in out)
    assert server.max_in_flight == 2


def test_503_is_retried_then_served() -> None:
    site_path = "/conditions/page-03.html"
    with SiteServer(make_site(REFS, 4), fail_first={site_path: 2}) as server:
        (page,) = web(server.url(site_path), retries=2)
    assert isinstance(page, Page)
    assert server.counts[site_path] == 3


def test_timeout_and_unreachable_port_are_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    local = tmp_path / "local.txt"
    local.write_text("PMID 18349204")
    pages = make_site(REFS, 3)
    slow = "/conditions/page-02.html"
    dead = f"http://127.0.0.1:{free_port()}/page.html"
    with SiteServer(pages, delays={slow: 1.0}) as server:
        urls = [server.url(p) for p in pages]
        out = web(*urls, dead, str(local), timeout=0.2, retries=1)
    assert [p.source for p in out] == [*urls, dead, str(local)]
    assert [type(p).__name__ for p in out] == ["Page", "PageError", "Page", "PageError", "Page"]
    assert "timed out" in out[1].message  # type: ignore[union-attr]
    assert "connection refused" in out[3].message  # type: ignore[union-attr]
    assert all("\n" not in p.message for p in out if isinstance(p, PageError))


def test_pages_are_fetched_lazily_within_the_window(site: SiteServer) -> None:
    results = cast(
        Generator[Page | PageError, None, None],
        iter_pages([site.sitemap_url], ReadOptions(concurrency=2, **FAST)),  # type: ignore[arg-type]
    )
    first = next(results)
    assert isinstance(first, Page)
    page_requests = [p for p in site.requests if p.startswith("/conditions/")]
    assert len(page_requests) <= WINDOW_FACTOR * 2 + 1
    results.close()


def test_urls_from_file(site: SiteServer, tmp_path: Path) -> None:
    local = tmp_path / "local.md"
    local.write_text("PMID 1")
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# nightly list\n\n{site.url('/conditions/page-01.html')}\n  {local}  \n"
        f"#{site.url('/conditions/page-02.html')}\n{site.url('/conditions/page-01.html')}\n"
    )
    out = web(urls_from=[str(listing), str(tmp_path / "nope.txt")])
    assert [p.source for p in out] == [
        site.url("/conditions/page-01.html"),
        str(local),
        str(tmp_path / "nope.txt"),
    ]
    assert isinstance(out[2], PageError) and "URL list" in out[2].message


def test_include_and_exclude_filter_pages_not_sitemaps(site: SiteServer) -> None:
    out = web(
        site.sitemap_url,
        include=["*/page-0*", "/conditions/moved.html"],
        exclude=["*page-05*", "*.gz"],
    )
    assert [p.source.rsplit("/", 1)[1] for p in out] == [
        *(f"page-0{n}.html" for n in (1, 2, 3, 4, 6, 7, 8, 9)),
        "moved.html",
    ]


def test_filters_on_local_paths(tmp_path: Path) -> None:
    for name in ("a.html", "drafts/b.html", "c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("PMID 1")
    out = web(str(tmp_path), exclude=["**/drafts/**"], include=["*.html", "c.*"])
    assert sorted(Path(p.source).name for p in out) == ["a.html", "c.md"]


def test_globs_expand_recursively_and_a_barren_glob_is_an_error(tmp_path: Path) -> None:
    for name in ("pages/top.html", "pages/a/x.html", "pages/a/b/y.html", "pages/z.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("PMID 1")
    out = web(f"{tmp_path}/pages/**/*.html", f"{tmp_path}/none/*.html")
    names = [Path(p.source).name for p in out]
    assert names == ["y.html", "x.html", "top.html", "*.html"]  # sorted by path
    assert isinstance(out[-1], PageError) and "no files match" in out[-1].message


def test_local_sitemap_file_and_jats_xml_is_not_a_sitemap(site: SiteServer, tmp_path: Path) -> None:
    article = tmp_path / "article.xml"
    article.write_text(JATS_XML)
    sitemap = tmp_path / "pages.xml.gz"
    sitemap.write_bytes(
        gzip.compress(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
            f"{site.url('/conditions/page-04.html')}</loc></url></urlset>".encode()
        )
    )
    out = web(str(article), str(sitemap))
    assert isinstance(out[0], Page) and out[0].kind is PageKind.JATS
    assert [p.source for p in out[1:]] == [site.url("/conditions/page-04.html")]


def test_directory_walk_skips_sitemaps(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset/>")
    (tmp_path / "a.html").write_text("PMID 1")
    assert [Path(p.source).name for p in web(str(tmp_path))] == ["a.html"]


def test_xml_url_is_a_sitemap_or_a_page_by_its_content() -> None:
    pages = make_site(REFS, 2)
    with SiteServer(pages, sitemap=False, specials=False) as server:
        feed = (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
            f"{server.url('/conditions/page-02.html')}</loc></url></urlset>"
        ).encode()
        server._extra.update(
            {"/feed.xml": (feed, "application/xml"), "/a.xml": (JATS_XML.encode(), "text/xml")}
        )
        out = web(server.url("/feed.xml"), server.url("/a.xml"))
    assert [p.source for p in out] == [server.url("/conditions/page-02.html"), server.url("/a.xml")]
    assert isinstance(out[1], Page) and out[1].kind is PageKind.JATS
    assert server.counts["/a.xml"] == 1


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="concurrency"):
        ReadOptions(concurrency=0)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)  # nobody ever writes: reading it would wait forever
    (item,) = list(iter_pages([str(fifo)]))
    assert isinstance(item, PageError) and "not a regular file" in item.message


def test_a_page_is_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = "PMID 18349204 " + "x" * 300_000 + " é\n"
    big.write_text(text, encoding="utf-8")
    (page,) = list(iter_pages([str(big)]))
    assert isinstance(page, Page) and page.text == text


def test_a_file_is_read_whole_up_to_the_limit_and_refused_beyond(tmp_path: Path) -> None:
    from refcheck.errors import InputError
    from refcheck.pages import _read_bytes

    at_limit = tmp_path / "at.html"
    at_limit.write_bytes(b"x" * 1000)
    assert _read_bytes(str(at_limit), 1000) == b"x" * 1000
    over = tmp_path / "over.html"
    over.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="larger than"):
        _read_bytes(str(over), 1000)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert _read_bytes(str(empty), 1000) == b""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_whose_size_says_zero_is_still_read_to_its_end() -> None:
    from refcheck.pages import _read_bytes

    data = _read_bytes("/proc/self/status", 1 << 20)  # st_size 0, content generated on read
    assert b"Name:" in data and b"Pid:" in data
