"""Bad input through the CLI: each gets one line (or its documented verdict), the run goes on.

`refcheck extract` and `refcheck check` run in-process (typer's CliRunner keeps
stdout and stderr apart); URLs are served by a local http.server on 127.0.0.1.
The 50 MB page is measured with REFCHECK_BIG_PAGE_MB=50 (default 5 MB, to keep
the suite fast); the figure is in docs/reliability.md.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from refcheck.cli import app
from test_faults import RECORDS, RecordingFake

GOOD_LINE = "Eichenberger U et al. 2008, Anesthesia & Analgesia (PMID 18349204)"
HTML_PAGE = (
    "<html><head>{meta}<title>Caf\u00e9 r\u00e9sum\u00e9</title></head><body>"
    "<p>Na\u00efve caf\u00e9 text.</p><h2>References</h2><ol><li>{line}</li></ol></body></html>"
)


def html(meta: str = "", line: str = GOOD_LINE) -> str:
    return HTML_PAGE.format(meta=meta, line=line.replace("&", "&amp;"))


def invoke(args: list[str], env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(app, args, env=env or {})
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"uncaught {result.exception!r}"
    assert "Traceback" not in result.stderr
    return result


def extracted(result: Any) -> list[list[str]]:
    data = json.loads(result.stdout)
    return [[c["pmid"] for c in p["citations"]] for p in data["pages"]]


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class FileCase:
    id: str
    tried: str
    held: str
    name: str
    make: Callable[[Path], None]
    pmids: list[str] | None  # None: refused with one line on stderr
    gap: str | None = None  # a known bug: the case is a strict xfail until it is fixed


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _deep(levels: int) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        p.write_text(
            "<html><body>"
            + "<div>" * levels
            + GOOD_LINE.replace("&", "&amp;")
            + "</div>" * levels
            + "</body></html>"
        )

    return make


def _broken(p: Path) -> None:
    p.write_text(
        "<html><body><p><b><i>unclosed <table><tr><td>cell <li>"
        + GOOD_LINE
        + " <a href='https://pubmed.ncbi.nlm.nih.gov/27737513/'>link <<<>>> &bogus; &#xFFFFFFFF; "
        "<script>if (a < b) { x = '</p>' }</script></div></span>\x0c</ht"
    )


def _symlink_loop(p: Path) -> None:
    p.mkdir()
    (p / "page.html").write_text(html())
    (p / "loop").symlink_to(p, target_is_directory=True)
    (p / "self").symlink_to(p / "self")


FILE_CASES = [
    FileCase(
        "binary-png",
        "PNG image named .html",
        "refused: one line 'binary file'",
        "img.html",
        _write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
        None,
    ),
    FileCase(
        "binary-nul",
        "random bytes with NULs named .txt",
        "refused: one line",
        "blob.txt",
        _write(os.urandom(4096) + b"\x00" * 64),
        None,
    ),
    FileCase(
        "empty-file", "zero-byte page", "no citations, no error", "empty.html", _write(b""), []
    ),
    FileCase(
        "nesting-200", "200 nested <div>s", "PMID found", "deep200.html", _deep(200), ["18349204"]
    ),
    FileCase(
        "nesting-100k",
        "100,000 nested <div>s",
        "parser hits its depth limit: page read as plain text, PMID found",
        "deep.html",
        _deep(100_000),
        ["18349204"],
    ),
    FileCase(
        "broken-html",
        "unclosed tags, stray <, bad entities, script with markup",
        "PMIDs still found",
        "broken.html",
        _broken,
        ["18349204", "27737513"],
    ),
    FileCase(
        "charset-lies-utf8",
        "meta says UTF-8, bytes are Windows-1252",
        "decoded as cp1252; PMID found",
        "lies.html",
        _write(html('<meta charset="utf-8">').encode("cp1252")),
        ["18349204"],
    ),
    FileCase(
        "charset-unknown",
        "meta names a charset that does not exist",
        "falls back; PMID found",
        "unknown.html",
        _write(html('<meta charset="x-klingon">').encode("utf-8")),
        ["18349204"],
    ),
    FileCase(
        "charset-missing-latin1",
        "no declaration, Latin-1 bytes",
        "decoded; PMID found",
        "nodecl.html",
        _write(html().encode("latin-1")),
        ["18349204"],
    ),
    FileCase(
        "charset-declared-shift-jis",
        "meta says Shift_JIS for UTF-8 bytes",
        "PMID found",
        "sjis.html",
        _write(html('<meta charset="shift_jis">').encode("utf-8")),
        ["18349204"],
    ),
    FileCase(
        "utf8-bom",
        "UTF-8 with BOM",
        "BOM honoured; PMID found",
        "bom8.html",
        _write(codecs.BOM_UTF8 + html().encode("utf-8")),
        ["18349204"],
    ),
    FileCase(
        "utf16-le-bom",
        "UTF-16 LE with BOM",
        "BOM honoured; PMID found",
        "u16le.html",
        _write(codecs.BOM_UTF16_LE + html().encode("utf-16-le")),
        ["18349204"],
    ),
    FileCase(
        "utf16-be-no-bom",
        "UTF-16 BE without BOM",
        "detected from NUL pattern; PMID found",
        "u16be.html",
        _write(html().encode("utf-16-be")),
        ["18349204"],
    ),
    FileCase(
        "utf32-bom",
        "UTF-32 LE with BOM, text page",
        "BOM honoured; PMID found",
        "u32.txt",
        _write(codecs.BOM_UTF32_LE + ("References\n\n1. " + GOOD_LINE + "\n").encode("utf-32-le")),
        ["18349204"],
    ),
    FileCase(
        "symlink-loop-dir",
        "directory holding a symlink to itself and a self-referencing link",
        "walk ends; the real page is read once",
        "loopdir",
        _symlink_loop,
        ["18349204"],
    ),
    FileCase(
        "missing-file",
        "a path that does not exist",
        "refused: one line",
        "nope.html",
        lambda p: None,
        None,
    ),
]


def _params(cases: list[FileCase]) -> list[Any]:
    return [
        pytest.param(
            c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.gap)] if c.gap else []
        )
        for c in cases
    ]


@pytest.mark.timeout(20)  # a bad file must not hang the run (pytest-timeout fails it)
@pytest.mark.parametrize("case", _params(FILE_CASES))
def test_bad_file(case: FileCase, tmp_path: Path) -> None:
    path = tmp_path / case.name
    case.make(path)
    result = invoke(["extract", str(path), "--format", "json"])
    if case.pmids is None:
        assert result.exit_code == 3
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and case.name in lines[0], result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        got = [p for page in extracted(result) for p in page]
        assert got == case.pmids


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.html"
    path.write_text(html())
    path.chmod(0)
    result = invoke(["extract", str(path)])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.timeout(5)  # refused from its size, not read and decoded first
def test_oversized_page_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    result = invoke(["extract", str(path)])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "huge.html" in lines[0], result.stderr


BIG_MB = int(os.environ.get("REFCHECK_BIG_PAGE_MB", "5"))


def _big_page_writer() -> Callable[[Path, int, str], None]:
    """bench/big_page.py's page generator: the page the bench times is the page tested."""
    spec = importlib.util.spec_from_file_location(
        "big_page", Path(__file__).resolve().parent.parent / "bench" / "big_page.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Callable[[Path, int, str], None] = module.write_page
    return writer


# a bound on a hang, not a performance claim: bench/big_page.py measures these pages
@pytest.mark.timeout(8 * BIG_MB)
@pytest.mark.parametrize("kind", ["html", "txt"])
def test_big_page_finishes(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"big.{kind}"
    _big_page_writer()(path, BIG_MB, kind)
    assert path.stat().st_size >= BIG_MB * 900_000
    result = invoke(["extract", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert extracted(result) == [["18349204"]]


# --------------------------------------------------------------------------- PMIDs


PMID_PAGE = """References

  1. Eichenberger U et al. 2008, Anesthesia & Analgesia (PMID 0018349204)
  2. Zero Z et al. 2001, Journal of Nothing (PMID 0)
  3. Minus M et al. 2002, Journal of Nothing (PMID -1)
  4. Long L et al. 2003, Journal of Nothing (PMID 123456789012)
  5. Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews (PMID 27737513)
"""

PMID_CASES = [
    ("0018349204", "verified", "leading zeros: looked up as 18349204"),
    ("0", "not_found", "PMID 0: not_found 'not a valid PMID', never sent to NCBI"),
    ("123456789012", "not_found", "12-digit PMID: not_found 'not a valid PMID', never sent"),
]


def test_odd_pmids_get_documented_verdicts(tmp_path: Path) -> None:
    page = tmp_path / "pmids.txt"
    page.write_text(PMID_PAGE)
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = {"REFCHECK_EUTILS_URL": server.base_url, "REFCHECK_CACHE": str(tmp_path / "c.sqlite")}
        result = invoke(["check", str(page), "--format", "json", "--no-suggest"], env)
        sent = [p for ids in server.stats.efetch_ids for p in ids]
    assert result.exit_code == 1, result.stderr
    cits = json.loads(result.stdout)["pages"][0]["citations"]
    got = {c["pmid"]: c["status"] for c in cits}
    for pmid, status, _ in PMID_CASES:
        assert got[pmid] == status
    assert "-1" not in sent


MINUS_ONE_GAP = (
    "`PMID -1` is read as PMID 1 (the label pattern takes '-' as a separator, as in MEDLINE's "
    "`PMID- 123`), so PMID 1 is looked up: extract/pmid.py"
)


def test_pmid_minus_one_is_not_looked_up_as_pmid_1(tmp_path: Path) -> None:
    page = tmp_path / "pmids.txt"
    page.write_text(PMID_PAGE)
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = {"REFCHECK_EUTILS_URL": server.base_url, "REFCHECK_CACHE": str(tmp_path / "c.sqlite")}
        invoke(["check", str(page), "--format", "json", "--no-suggest"], env)
        sent = [p for ids in server.stats.efetch_ids for p in ids]
    assert "1" not in sent


# --------------------------------------------------------------------------- URLs


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/loop"):
            n = int(self.path.split("/")[-1] or 0)
            self.send_response(302)
            self.send_header("Location", f"/loop/{n + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/status/"):
            code = int(self.path.split("/")[-1])
            self.send_response(code)
            body = b"<html>error</html>"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        body = html().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def web() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


URL_CASES = [
    ("redirect-loop", "/loop/0", "URL redirecting forever", "one line after the redirect limit"),
    ("http-404", "/status/404", "URL answering 404", "one line"),
    ("http-410", "/status/410", "URL answering 410", "one line"),
    ("http-500", "/status/500", "URL answering 500 (retried)", "one line after bounded retries"),
    ("http-503", "/status/503", "URL answering 503 (retried)", "one line after bounded retries"),
]


@pytest.mark.timeout(15)  # the retries of failing URLs are bounded
def test_bad_urls_each_get_one_line_and_the_run_goes_on(web: str, tmp_path: Path) -> None:
    urls = [web + path for _, path, _, _ in URL_CASES]
    result = invoke(["extract", *urls, web + "/good.html", "--format", "json"])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(URL_CASES), result.stderr
    for line, url in zip(lines, urls, strict=True):
        assert url in line
    assert extracted(result)[-1] == ["18349204"]


def test_check_over_a_mix_of_bad_inputs_goes_on(tmp_path: Path) -> None:
    """All the bad files in one `check` run: one line each, good pages still checked, exit 3."""
    cases = [c for c in FILE_CASES if c.gap is None]
    for case in cases:
        case.make(tmp_path / case.name)
    names = [str(tmp_path / c.name) for c in cases]
    refused = [c for c in cases if c.pmids is None]
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = {"REFCHECK_EUTILS_URL": server.base_url, "REFCHECK_CACHE": str(tmp_path / "c.sqlite")}
        result = invoke(["check", *names, "--format", "json", "--no-suggest"], env)
    assert result.exit_code == 3, result.stderr
    assert len(result.stderr.strip().splitlines()) == len(refused), result.stderr
    data = json.loads(result.stdout)
    for page in data["pages"]:
        for c in page["citations"]:
            # broken.html's garbled text yields garbled claims: a mismatch, never "unverified"
            wanted = (
                {"verified", "mismatch"} if page["source"].endswith("broken.html") else {"verified"}
            )
            assert c["status"] in wanted, (page["source"], c)
    assert sum(len(p["citations"]) for p in data["pages"]) == sum(len(c.pmids or []) for c in cases)
